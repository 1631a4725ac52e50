/**
 * docker-compose.yml is the Docker twin of the local broker: same version, same broker.conf, same
 * ports, same topics. No Docker engine runs here, so these tests read the file as Compose itself
 * resolves it (`docker-compose config`) and run the topic script's parser; nothing starts a container.
 * test/unit/docker-run-group.test.ts runs the wrapper that stops the JVMs gracefully.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, projectRoot, ROCKETMQ_VERSION } from '../../sandbox/broker/layout.ts';
import { DEFAULT_QUEUES, groupConfigs, readManifest } from '../../sandbox/broker/manifest.ts';

interface Service {
  image: string;
  command?: string;
  environment?: Record<string, string>;
  ports?: (string | { published: number | string; target: number })[];
  volumes?: string[];
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}

function run(command: string, args: string[], input?: string) {
  const result = spawnSync(command, args, { cwd: projectRoot, encoding: 'utf8', input });
  if (result.error) throw new Error(`${command} could not run (${result.error.message}); on Debian: apt-get install -y docker-compose`);
  return result;
}

// Compose v1 prints the resolved file as YAML only; its own YAML library (python3-yaml) turns it into JSON.
const config = run('docker-compose', ['-f', 'docker-compose.yml', 'config']);
const compose: { services: Record<string, Service>; volumes: Record<string, unknown> } | undefined = config.status === 0
  ? yamlToJson(config.stdout)
  : undefined;

function yamlToJson(yaml: string) {
  const json = run('python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], yaml);
  if (json.status !== 0) throw new Error(`python3 could not read the YAML (python3-yaml comes with docker-compose):\n${json.stderr}`);
  return JSON.parse(json.stdout);
}

function service(name: string): Service {
  if (!compose) throw new Error(`docker-compose config failed:\n${config.stderr}`);
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** Host path and container path of each mount of a service (`source:target[:mode]`); Compose
 * prints a bind mount's source as an absolute path and a named volume's as its name. */
const mounts = (service: Service) =>
  (service.volumes ?? []).map((volume) => {
    const [source, target, mode] = volume.split(':');
    return { source: path.resolve(projectRoot, source), target, mode, bind: path.isAbsolute(source) };
  });
const mountOf = (service: Service, file: string) => mounts(service).find((m) => m.source === path.join(configDir, file));

/** Every file of this repository that a container runs or reads: the sources of all bind mounts. */
const mountedFiles = () =>
  Object.values(compose?.services ?? {})
    .flatMap(mounts)
    .filter((m) => m.bind && m.source.startsWith(projectRoot + path.sep) && fs.statSync(m.source).isFile())
    .map((m) => path.relative(projectRoot, m.source));

/** A Compose duration ("30s", "1m30s") in seconds; Docker's default stop timeout is 10 s. */
const seconds = (duration = '10s') =>
  [...duration.matchAll(/(\d+)(h|m|s)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * { h: 3600, m: 60, s: 1 }[unit as 'h' | 'm' | 's'], 0);

/** Host and container port of each port a service publishes (`ip:host:container/proto` or an object). */
const portPairs = (service: Service) =>
  (service.ports ?? []).map((port) => {
    if (typeof port !== 'string') return { host: Number(port.published), container: port.target };
    const [host, container] = port.replace(/\/\w+$/, '').split(':').slice(-2).map(Number);
    return { host, container };
  });
const published = (service: Service) => portPairs(service).map((pair) => pair.host);

describe('docker-compose.yml', () => {
  it('is a file Compose accepts', () => {
    expect(config.status, config.stderr).toBe(0);
  });

  it('runs the RocketMQ version the local broker is tested with', () => {
    for (const name of ['namesrv', 'broker', 'topics']) {
      expect(service(name).image, name).toBe(`apache/rocketmq:${ROCKETMQ_VERSION}`);
    }
  });

  it('starts the broker from the same broker.conf as the local path, read-only', () => {
    const broker = service('broker');
    const conf = mountOf(broker, 'broker.conf');
    expect(conf, 'rocketmq/broker.conf is mounted into the broker').toBeDefined();
    expect(conf!.mode).toBe('ro');
    expect(broker.command).toContain(`-c ${conf!.target}`);
  });

  it('runs the gRPC proxy in local mode, with the shared rmq-proxy.json and the name server from -n', () => {
    const broker = service('broker');
    // mqbroker --enable-proxy runs ProxyStartup -pm local: broker and proxy in one JVM.
    expect(broker.command).toMatch(/ sh mqbroker --enable-proxy /);
    const proxyConf = mountOf(broker, 'rmq-proxy.json');
    expect(proxyConf?.mode).toBe('ro');
    expect(broker.command).toContain(`-pc ${proxyConf!.target}`);
    expect(broker.command).toContain('-n namesrv:9876');
  });

  it('runs the name server and the broker through docker-run-group.sh, which passes SIGTERM on to java', () => {
    for (const [name, script] of [['namesrv', 'sh mqnamesrv'], ['broker', 'sh mqbroker --enable-proxy']]) {
      const wrapper = mountOf(service(name), 'docker-run-group.sh');
      expect(wrapper?.mode, `rocketmq/docker-run-group.sh is mounted into ${name}, read-only`).toBe('ro');
      // The image's entrypoint execs this command: the wrapper is PID 1 and the script its child.
      expect(service(name).command).toMatch(new RegExp(`^bash ${wrapper!.target} ${script}( |$)`));
    }
  });

  it('gives the broker more than Docker’s default 10 s to run its shutdown hook', () => {
    // 7 s and 12 s measured under load (see the comment in docker-compose.yml); the local path allows 25 s.
    expect(seconds(service('broker').stop_grace_period)).toBeGreaterThanOrEqual(25);
    expect(seconds(service('namesrv').stop_grace_period)).toBeGreaterThanOrEqual(10);
  });

  it('keeps the message store on a named volume', () => {
    expect(service('broker').volumes).toContain('store:/home/rocketmq/store:rw');
    expect(compose?.volumes).toHaveProperty('store');
  });

  it('gives both JVMs small heaps through the image’s HEAP_OPTS', () => {
    expect(service('namesrv').environment?.HEAP_OPTS).toMatch(/-Xmx\d+m/);
    expect(service('broker').environment?.HEAP_OPTS).toMatch(/-Xmx\d+m .*-XX:MaxDirectMemorySize=\d+m/);
  });

  it('publishes the same ports as the local broker, plus the dashboard', () => {
    const localPorts = [9876, 10911, 8080, 8081];
    const dashboardPort = Number(service('dashboard').environment?.JAVA_OPTS?.match(/-Dserver\.port=(\d+)/)?.[1]);
    expect(localPorts).not.toContain(dashboardPort);
    expect(published(service('namesrv'))).toEqual([9876]);
    const all = Object.keys(compose?.services ?? {}).flatMap((name) => published(service(name)));
    expect(all.sort()).toEqual([...localPorts, dashboardPort].sort());
  });

  it('serves the dashboard on the port its 2.1.0 frontend calls, the same inside and out', () => {
    // rocketmq-dashboard 2.1.0, frontend-new/src/api/remoteApi/remoteApi.js: apiBaseUrl 'http://localhost:8082'.
    const frontendPort = 8082;
    expect(service('dashboard').environment?.JAVA_OPTS).toContain(`-Dserver.port=${frontendPort}`);
    expect(portPairs(service('broker'))).toContainEqual({ host: frontendPort, container: frontendPort });
  });

  it('documents the dashboard as http://localhost:8082, the only origin its 2.1.0 backend accepts calls from', () => {
    const chapters = fs.readdirSync(path.join(projectRoot, 'content')).filter((file) => file.endsWith('.mdx'));
    const documents = ['README.md', 'docker-compose.yml', ...chapters.map((file) => `content/${file}`)];
    const urls = documents.flatMap((file) =>
      [...fs.readFileSync(path.join(projectRoot, file), 'utf8').matchAll(/https?:\/\/[\w.-]+:8082\b/g)].map(([url]) => ({ file, url })),
    );
    expect(urls.filter((u) => u.file === 'README.md').length).toBeGreaterThan(0);
    expect(urls.filter((u) => u.file === 'docker-compose.yml').length).toBeGreaterThan(0);
    // Through http://127.0.0.1:8082 the pages load and stay empty: the API calls are cross-origin.
    for (const { file, url } of urls) expect(url, file).toBe('http://localhost:8082');
  });

  it('lets the containers that must reach 127.0.0.1:10911 (brokerIP1) share the broker’s network', () => {
    expect(service('topics').network_mode).toBe('service:broker');
    expect(service('dashboard').network_mode).toBe('service:broker');
    expect(service('dashboard').environment?.JAVA_OPTS).toContain('-Drocketmq.config.namesrvAddrs=namesrv:9876');
  });

  it('applies the topic manifest once the broker is healthy', () => {
    const topics = service('topics');
    expect(service('broker').healthcheck?.test.join(' ')).toContain('8081');
    expect(topics.depends_on?.broker?.condition).toBe('service_healthy');
    const manifest = mountOf(topics, 'topics.json');
    const script = mountOf(topics, 'docker-apply-topics.sh');
    expect(manifest?.mode).toBe('ro');
    expect(topics.command).toBe(`sh ${script!.target} ${manifest!.target}`);
    expect(topics.environment?.NAMESRV_ADDR).toBe('namesrv:9876');
  });
});

describe('.gitattributes', () => {
  it('covers every repository file a container runs or reads, and every script a command names is mounted', () => {
    const files = mountedFiles();
    expect(files).toEqual(expect.arrayContaining(['rocketmq/docker-apply-topics.sh', 'rocketmq/docker-run-group.sh']));
    // A script a command runs from the image's conf directory must be one of those mounts.
    for (const [name, svc] of Object.entries(compose?.services ?? {})) {
      const targets = mounts(svc).map((m) => m.target);
      for (const named of svc.command?.match(/\/home\/rocketmq\/conf\/\S+/g) ?? []) expect(targets, name).toContain(named);
    }
  });

  it('keeps them LF in a checkout made with Git for Windows’ default, core.autocrlf=true', () => {
    // A scratch repository holding .gitattributes, the mounted files under their own paths, and one
    // file no rule covers, checked out again as Git for Windows would.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'autocrlf-'));
    try {
      const files = [...new Set(mountedFiles())];
      for (const file of ['.gitattributes', ...files]) {
        fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
        fs.copyFileSync(path.join(projectRoot, file), path.join(scratch, file));
      }
      fs.writeFileSync(path.join(scratch, 'uncovered.txt'), 'one\ntwo\n');
      const git = (...args: string[]) => {
        const result = spawnSync('git', ['-c', 'core.autocrlf=true', ...args], { cwd: scratch, encoding: 'utf8' });
        expect(result.status, `git ${args.join(' ')}: ${result.stderr}`).toBe(0);
      };
      git('init', '-q');
      git('add', '.');
      for (const file of [...files, 'uncovered.txt']) fs.rmSync(path.join(scratch, file));
      git('checkout', '--', '.');
      // The control: without a rule, this checkout turns LF into CRLF.
      expect(fs.readFileSync(path.join(scratch, 'uncovered.txt'), 'utf8')).toBe('one\r\ntwo\r\n');
      for (const file of files) expect(fs.readFileSync(path.join(scratch, file), 'utf8'), file).not.toContain('\r');
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('rocketmq/docker-apply-topics.sh', () => {
  it('reads exactly the topics (with their queue counts), orderly groups and group settings of rocketmq/topics.json', () => {
    const list = run('sh', ['rocketmq/docker-apply-topics.sh', '--list']);
    expect(list.status, list.stderr).toBe(0);
    const manifest = readManifest();
    const configs = groupConfigs(manifest);
    expect(list.stdout.trim().split('\n')).toEqual([
      ...manifest.topics.map((topic) => `${topic.name} ${topic.type} ${topic.queues ?? DEFAULT_QUEUES}`),
      ...manifest.orderlyGroups.map((group) => `group ${group}`),
      // The same complete settings the local path writes (groupConfigs), for each entry of "groups".
      ...manifest.groups.map(({ group }) => configs.find((config) => config.group === group)!).map(({ group, orderly, retries, exponentialBackoff: b }) =>
        `settings ${group} orderly=${orderly} retries=${retries} backoff=${b ? `${b.initialMs}/${b.maxMs}/${b.multiplier}` : '-'}`),
    ]);
    expect(manifest.groups.length).toBeGreaterThan(0);
  });
});
