/** The local broker: two JVMs under .rocketmq/, started, checked and stopped by `npm run broker`. */
import fs from 'node:fs';
import path from 'node:path';
import { applyManifest, brokerVersion, findBrokerAddress, registerNow } from './admin.ts';
import { keepRecording, recordingOf } from './class-data.ts';
import { brokerEndpoints, hostPort, type BrokerEndpoints } from './endpoints.ts';
import { GRPC_OK, probeGrpc } from './grpc-probe.ts';
import { findJava } from './java.ts';
import { ensureJars } from './jars.ts';
import { configDir, layout, type Role } from './layout.ts';
import { groupConfigs, readManifest } from './manifest.ts';
import { brokerPorts, portAnswers, whoListens } from './ports.ts';
import { inRoom, roomPrefix } from './room.ts';
import { consoleFile, heapFlags, isOurs, residentMiB, runningPid, startJvm, stopProcess, tailFile, waitMs } from './processes.ts';

export type Log = (line: string) => void;

/** Below this much free disk the broker soon refuses writes (diskMaxUsedSpaceRatio); we refuse to start. */
const MIN_FREE_DISK_MB = 1024;
/** A cold start on a busy 2-core machine takes ~15 s; past this something is wrong. */
const START_TIMEOUT_MS = 120_000;
/** The proxy's answer to QueryRoute for a topic it does not know (Code.TOPIC_NOT_FOUND in apache.rocketmq.v2). */
const TOPIC_NOT_FOUND = 40402;

/** A description of a running broker, for `status`. */
export interface BrokerState {
  ready: boolean;
  endpoints: BrokerEndpoints;
  reason?: string;
  version?: string;
  local: { role: Role; pid: number; residentMiB?: number; heap: string }[];
  storeMiB?: number;
}

/**
 * True when the gRPC proxy at the configured endpoints answers QueryRoute for a manifest topic (the
 * attendee's own, in a room) with OK. `roomTopicsMissing`: it answers, but the attendee's topics are not there yet.
 */
export async function brokerAnswers(endpoints = brokerEndpoints()): Promise<{ ok: boolean; reason: string; roomTopicsMissing?: boolean }> {
  const topic = inRoom(readManifest().topics[0].name);
  const probe = await probeGrpc(endpoints.grpc, topic);
  if (!probe.answered) return { ok: false, reason: `no gRPC answer from ${endpoints.grpc} (${probe.error.split('.')[0]})` };
  if (probe.code === TOPIC_NOT_FOUND && roomPrefix()) {
    return { ok: false, roomTopicsMissing: true,
      reason: `it has no topics for WORKBOOK_NAMESPACE=${roomPrefix().slice(0, -1)} yet, such as ${topic}: create them with \`npm run broker -- topics\`` };
  }
  if (probe.code !== GRPC_OK) return { ok: false, reason: `${endpoints.grpc} answered ${probe.code}: ${probe.message.split('\n')[0]}` };
  return { ok: true, reason: 'ok' };
}

/** Start the broker unless one already answers at the configured endpoints; then apply the topic manifest. */
export async function startBroker(log: Log): Promise<{ startedHere: boolean }> {
  const endpoints = brokerEndpoints();
  const answer = await brokerAnswers(endpoints);
  if (answer.ok || answer.roomTopicsMissing) {
    await applyManifestVia(endpoints);
    if (!answer.ok) await servedSoon(endpoints);
    log(`A broker already answers at ${endpoints.grpc} (name server ${endpoints.namesrv}); topics applied.`);
    return { startedHere: false };
  }
  if (!isLocal(endpoints)) {
    throw new Error(`ROCKETMQ_ENDPOINTS=${endpoints.grpc} points at another machine, and no broker answers there.\n` +
      'Start that broker, or unset ROCKETMQ_ENDPOINTS and ROCKETMQ_NAMESRV to run the local one.');
  }
  const java = findJava();
  if ('error' in java) throw new Error(java.error);
  await ensureJars(log);
  checkDisk();
  await checkPorts();

  writeConfig(endpoints);
  const started = Date.now();
  // Both JVMs start at once. The broker registers with the name server only at the end of its
  // start, long after the much smaller name server listens; had it come first, it registers
  // again after registerNameServerPeriod (broker.conf).
  if (!runningPid('namesrv')) {
    log('Starting the name server…');
    startJvm(java.java, 'namesrv', []);
  }
  if (!runningPid('broker')) {
    log('Starting the broker with its gRPC proxy (local mode)…');
    startJvm(java.java, 'broker', ['-pm', 'local', '-bc', path.join(layout.conf, 'broker.conf'),
      '-pc', path.join(layout.conf, 'rmq-proxy.json'), '-n', endpoints.namesrv]);
  }
  await waitFor('namesrv', () => portAnswers(hostPort(endpoints.namesrv).port), 'the name server to listen on ' + endpoints.namesrv);
  const brokerAddress = await waitFor('broker', registeredOrNudged(endpoints.namesrv), 'the broker to register with the name server');
  await applyManifest(brokerAddress);
  await waitFor('broker', async () => (await brokerAnswers(endpoints)).ok, `the gRPC proxy on ${endpoints.grpc} to answer`);
  log(`RocketMQ is ready after ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  log(`  gRPC proxy   ${endpoints.grpc}   (ROCKETMQ_ENDPOINTS)`);
  log(`  name server  ${endpoints.namesrv}   (ROCKETMQ_NAMESRV)`);
  log(`  topics       ${readManifest().topics.length} from rocketmq/topics.json`);
  return { startedHere: true };
}

/**
 * Stop the JVMs this project started, each with SIGTERM so its shutdown hook flushes the store and
 * persists offsets; leaves every other process alone. The broker goes first: its hook begins by
 * unregistering from the name server. The name server is stopped as soon as that happened, so the
 * two shutdowns overlap.
 */
export async function stopBroker(log: Log): Promise<void> {
  const brokerPid = runningPid('broker');
  const namesrvPid = runningPid('namesrv');
  if (!brokerPid && !namesrvPid) return log('No local broker is running.');
  const stopping: Promise<void>[] = [];
  if (brokerPid) {
    stopping.push(stopJvm('broker', brokerPid, log));
    if (namesrvPid) await brokerUnregistered(brokerPid);
  }
  if (namesrvPid) stopping.push(stopJvm('namesrv', namesrvPid, log));
  await Promise.all(stopping);
  log('Stopped.');
}

/** SIGTERM one JVM and wait until it is gone (SIGKILL after a grace period); keep the class-data archive it recorded. */
async function stopJvm(role: Role, pid: number, log: Log): Promise<void> {
  log(`Stopping the ${role === 'broker' ? 'broker' : 'name server'} (pid ${pid})…`);
  const recording = recordingOf(pid);
  // Writing the class-data archive at exit (first stop only) takes seconds more, a minute on a busy machine.
  const graceMs = recording ? 180_000 : 25_000;
  const how = await stopProcess(pid, role, graceMs);
  if (how === 'killed') log(`  the ${role === 'broker' ? 'broker' : 'name server'} ignored SIGTERM for ${graceMs / 1000} s and was killed.`);
  if (recording) keepRecording(recording, how === 'terminated');
  fs.rmSync(path.join(layout.run, `${role}.pid`), { force: true });
}

/** Until the name server no longer lists the broker (its shutdown hook unregisters it first), the broker is gone, or 5 s passed. */
async function brokerUnregistered(brokerPid: number): Promise<void> {
  const namesrv = brokerEndpoints().namesrv;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && isOurs(brokerPid, 'broker')) {
    if (!(await findBrokerAddress(namesrv).catch(() => undefined))) return;
    await waitMs(50);
  }
}

/**
 * A waitFor() condition: the broker's address once the name server lists it. When the broker has
 * listened for a second and is still not listed, it is asked to register now (registerNow() says
 * why), at most every 2 s.
 */
function registeredOrNudged(namesrv: string): () => Promise<string | undefined> {
  const port = brokerPorts.find(({ what }) => what === 'broker (remoting)')!.port;
  let listeningSince: number | undefined;
  let askedAt = 0;
  return async () => {
    const address = await findBrokerAddress(namesrv).catch(() => undefined);
    if (address) return address;
    if (!(await portAnswers(port))) return undefined;
    listeningSince ??= Date.now();
    if (Date.now() - listeningSince >= 1000 && Date.now() - askedAt >= 2000) {
      askedAt = Date.now();
      await registerNow(`127.0.0.1:${port}`).catch(() => {}); // still starting: asked again in 2 s
    }
    return undefined;
  };
}

/** Everything `status` prints. */
export async function brokerState(): Promise<BrokerState> {
  const endpoints = brokerEndpoints();
  const answer = await brokerAnswers(endpoints);
  const state: BrokerState = { ready: answer.ok, endpoints, reason: answer.ok ? undefined : answer.reason, local: [] };
  if (answer.ok) {
    const address = await findBrokerAddress(endpoints.namesrv).catch(() => undefined);
    if (address) state.version = await brokerVersion(address).catch(() => undefined);
  }
  for (const role of ['namesrv', 'broker'] as const) {
    const pid = runningPid(role);
    if (pid) state.local.push({ role, pid, residentMiB: residentMiB(pid), heap: heapFlags(role) });
  }
  if (fs.existsSync(layout.store)) state.storeMiB = Math.round(diskUsage(layout.store) / 1024 / 1024);
  return state;
}

/** Stop the broker and delete its store (messages, offsets, topics); the jars stay. */
export async function resetBroker(log: Log): Promise<void> {
  log(`Reset: stopping the local broker and deleting ${layout.store} (all messages, consumer offsets and topics). The jars stay.`);
  await stopBroker(log);
  fs.rmSync(layout.store, { recursive: true, force: true });
  log('Store deleted. `npm run broker -- start` starts an empty broker and re-creates the topics.');
}

/** The last lines of the name server's and broker's logs. */
export function brokerLogs(lines: number): string {
  const files = [
    consoleFile('namesrv'), path.join(layout.logs, 'namesrv.log'),
    consoleFile('broker'), path.join(layout.logs, 'broker.log'), path.join(layout.logs, 'proxy.log'),
  ];
  const parts = files.filter((file) => fs.existsSync(file)).map((file) => `==> ${path.relative(process.cwd(), file)} <==\n${tailFile(file, lines)}`);
  return parts.length ? parts.join('\n\n') : `No logs yet under ${layout.home}: the local broker has not been started.`;
}

/**
 * `npm run broker -- topics`: create the manifest's topics and groups on the broker that
 * ROCKETMQ_NAMESRV names (a room's shared one, or the local one), under the attendee's names when
 * WORKBOOK_NAMESPACE is set. Starts nothing.
 */
export async function applyTopics(log: Log): Promise<void> {
  const endpoints = brokerEndpoints();
  const prefix = roomPrefix();
  const address = await findBrokerAddress(endpoints.namesrv).catch((error: Error) => {
    throw new Error(`The name server at ${endpoints.namesrv} (ROCKETMQ_NAMESRV) does not answer: ${error.message}.\n` +
      'Is the broker running, and does a firewall let this machine reach that port (and the broker\'s port 10911)?');
  });
  if (!address) throw new Error(`The name server ${endpoints.namesrv} knows no broker of DefaultCluster; is ROCKETMQ_NAMESRV right?`);
  const manifest = readManifest();
  await applyManifest(address, manifest, prefix);
  const topics = manifest.topics.map((topic) => inRoom(topic.name, prefix));
  log(`${topics.length} topics and ${groupConfigs(manifest).length} consumer groups from rocketmq/topics.json are on the broker ${address}` +
    ` (name server ${endpoints.namesrv}),`);
  log(prefix ? `  named for WORKBOOK_NAMESPACE=${prefix.slice(0, -1)}: ${topics.slice(0, 2).join(', ')}, …`
    : '  under their own names (set WORKBOOK_NAMESPACE to give an attendee names of their own).');
  const answer = await servedSoon(endpoints);
  log(answer.ok ? `The gRPC proxy at ${endpoints.grpc} (ROCKETMQ_ENDPOINTS) serves them.`
    : `But the gRPC proxy at ${endpoints.grpc} (ROCKETMQ_ENDPOINTS) does not: ${answer.reason}. Check ROCKETMQ_ENDPOINTS and the firewall.`);
  if (!answer.ok) process.exitCode = 1;
}

/**
 * The proxy's answer once it serves topics just created. It keeps a topic's route, "not found"
 * included, until it refreshes it (topicRouteServiceCacheRefreshSeconds, 20 s in ProxyConfig.java
 * of 5.3.3): a topic asked for before it existed is served up to 20 s after.
 */
async function servedSoon(endpoints: BrokerEndpoints): Promise<Awaited<ReturnType<typeof brokerAnswers>>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await brokerAnswers(endpoints);
    if (answer.ok || !answer.roomTopicsMissing || Date.now() > deadline) return answer;
    await waitMs(500);
  }
}

async function applyManifestVia(endpoints: BrokerEndpoints): Promise<void> {
  const address = await findBrokerAddress(endpoints.namesrv);
  if (!address) throw new Error(`The name server ${endpoints.namesrv} knows no broker of DefaultCluster; is ROCKETMQ_NAMESRV right?`);
  await applyManifest(address);
}

/** Poll `condition` until it yields a value, failing early with the log tail when the JVM dies. */
async function waitFor<T>(role: Role, condition: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let delay = 100;
  while (Date.now() < deadline) {
    const value = await condition();
    if (value) return value;
    if (!runningPid(role)) {
      throw new Error(`The ${role === 'broker' ? 'broker' : 'name server'} exited while starting. Last lines of ${consoleFile(role)}:\n` +
        `${tailFile(consoleFile(role), 20) || '(empty)'}\n${tailFile(path.join(layout.logs, role === 'broker' ? 'broker.log' : 'namesrv.log'), 10)}\n` +
        'More: `npm run broker -- logs`. A corrupt store is fixed by `npm run broker -- reset`.');
    }
    await waitMs(delay);
    delay = Math.min(delay * 2, 250);
  }
  throw new Error(`Timed out after ${START_TIMEOUT_MS / 1000} s waiting for ${what}. See \`npm run broker -- logs\`.`);
}

function isLocal(endpoints: BrokerEndpoints): boolean {
  return [endpoints.grpc, endpoints.namesrv].every((address) => ['127.0.0.1', 'localhost'].includes(hostPort(address).host));
}

function writeConfig(endpoints: BrokerEndpoints): void {
  fs.mkdirSync(layout.conf, { recursive: true });
  const shared = fs.readFileSync(path.join(configDir, 'broker.conf'), 'utf8');
  fs.writeFileSync(path.join(layout.conf, 'broker.conf'),
    `${shared}\n# Added by npm run broker for the local path:\nnamesrvAddr=${endpoints.namesrv}\n` +
    `storePathRootDir=${layout.store}\nstorePathCommitLog=${path.join(layout.store, 'commitlog')}\n`);
  const proxy = JSON.parse(fs.readFileSync(path.join(configDir, 'rmq-proxy.json'), 'utf8'));
  fs.writeFileSync(path.join(layout.conf, 'rmq-proxy.json'), JSON.stringify({ ...proxy, namesrvAddr: endpoints.namesrv }, null, 2));
}

function checkDisk(): void {
  fs.mkdirSync(layout.home, { recursive: true });
  const stats = fs.statfsSync(layout.home);
  const freeMB = Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
  if (freeMB < MIN_FREE_DISK_MB) {
    throw new Error(`Only ${freeMB} MB of disk is free under ${layout.home}; the broker needs at least ${MIN_FREE_DISK_MB} MB ` +
      'and stops accepting messages when the disk is 90% full. Free some space (`npm run broker -- reset` empties the store).');
  }
}

async function checkPorts(): Promise<void> {
  const ours = new Set([runningPid('namesrv'), runningPid('broker')].filter(Boolean));
  if (ours.size) return; // a half-started broker of ours holds these; start completes it
  for (const { port, what } of brokerPorts) {
    if (await portAnswers(port)) {
      const who = whoListens(port);
      throw new Error(`Port ${port} (${what}) is already in use${who ? ` by ${who}` : ''}.\n` +
        'Stop that process, or if it is a RocketMQ you started elsewhere (e.g. Docker), point the workbook at it with ' +
        'ROCKETMQ_ENDPOINTS and ROCKETMQ_NAMESRV instead.');
    }
  }
}

function diskUsage(dir: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += diskUsage(full);
    else if (entry.isFile()) bytes += fs.statSync(full).blocks * 512; // sparse mmap files: count what is really used
  }
  return bytes;
}
