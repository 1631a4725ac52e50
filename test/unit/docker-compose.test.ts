/**
 * docker-compose.yml is the Docker twin of the local broker: same version, same broker.conf, same
 * ports, same topics. No Docker engine runs here, so these tests read the file as Compose itself
 * resolves it (`docker-compose config`) and run the topic script's parser; nothing starts a container.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, projectRoot, ROCKETMQ_VERSION } from '../../sandbox/broker/layout.ts';
import { DEFAULT_QUEUES, readManifest } from '../../sandbox/broker/manifest.ts';

interface Service {
  image: string;
  command?: string;
  environment?: Record<string, string>;
  ports?: (string | { published: number | string; target: number })[];
  volumes?: string[];
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
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

/** Host path and container path of each bind mount of a service (`source:target[:mode]`). */
const mounts = (service: Service) =>
  (service.volumes ?? []).map((volume) => {
    const [source, target, mode] = volume.split(':');
    return { source: path.resolve(projectRoot, source), target, mode };
  });
const mountOf = (service: Service, file: string) => mounts(service).find((m) => m.source === path.join(configDir, file));

/** Host ports a service publishes; Compose prints them as `ip:host:container/proto` or as objects. */
const published = (service: Service) =>
  (service.ports ?? []).map((port) =>
    typeof port === 'string' ? Number(port.replace(/\/\w+$/, '').split(':').at(-2)) : Number(port.published));

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
    expect(broker.command).toMatch(/^sh mqbroker --enable-proxy /);
    const proxyConf = mountOf(broker, 'rmq-proxy.json');
    expect(proxyConf?.mode).toBe('ro');
    expect(broker.command).toContain(`-pc ${proxyConf!.target}`);
    expect(broker.command).toContain('-n namesrv:9876');
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

describe('rocketmq/docker-apply-topics.sh', () => {
  it('reads exactly the topics (with their queue counts) and orderly groups of rocketmq/topics.json', () => {
    const list = run('sh', ['rocketmq/docker-apply-topics.sh', '--list']);
    expect(list.status, list.stderr).toBe(0);
    const manifest = readManifest();
    expect(list.stdout.trim().split('\n')).toEqual([
      ...manifest.topics.map((topic) => `${topic.name} ${topic.type} ${topic.queues ?? DEFAULT_QUEUES}`),
      ...manifest.orderlyGroups.map((group) => `group ${group}`),
    ]);
  });
});
