/** Bad situations around the broker end in a message that says what to do, never a hang or a bare stack trace. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findJava, parseJavaVersion } from '../../sandbox/broker/java.ts';
import { brokerAnswers } from '../../sandbox/broker/local-broker.ts';
import { groupConfigs, readManifest } from '../../sandbox/broker/manifest.ts';
import { whoListens } from '../../sandbox/broker/ports.ts';
import { startSandbox } from '../../sandbox/server.ts';

describe('Java', () => {
  it('says how to install Java when there is none', () => {
    const found = findJava({ JAVA_HOME: '/nonexistent/jdk' });
    expect('error' in found && found.error).toMatch(/Java was not found.*JAVA_HOME=\/nonexistent\/jdk/s);
    expect('error' in found && found.error).toContain('docker compose up -d');
  });

  it('reads old and new version strings', () => {
    expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaVersion('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaVersion('openjdk version "21" 2023-09-19')).toBe(21);
  });

  it('finds the Java 17 this machine has', () => {
    const found = findJava();
    expect('java' in found && found.version).toBeGreaterThanOrEqual(17);
  });
});

describe('ports', () => {
  it('names the process that holds a port', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(whoListens(port)).toMatch(new RegExp(`^pid ${process.pid}: .*node`));
    } finally {
      server.close();
    }
  });
});

describe('the topic manifest', () => {
  const write = (content: object) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'topics.json');
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('lists every topic once with a known message type', () => {
    const manifest = readManifest();
    expect(manifest.topics.length).toBeGreaterThan(4);
    expect(new Set(manifest.topics.map((t) => t.name)).size).toBe(manifest.topics.length);
  });

  it('rejects an unknown message type, naming the topic and the allowed types', () => {
    expect(() => readManifest(write({ topics: [{ name: 'x', type: 'DELAYED' }], orderlyGroups: [] })))
      .toThrow(/topic x has type DELAYED; use one of NORMAL, FIFO, DELAY, TRANSACTION/);
  });

  it('rejects a group setting the broker cannot take, naming the group', () => {
    const topics = [{ name: 'x', type: 'NORMAL' }];
    expect(() => readManifest(write({ topics, orderlyGroups: [], groups: [{ group: 'g', retries: -1 }] })))
      .toThrow(/group g has retries -1/);
    expect(() => readManifest(write({ topics, orderlyGroups: [], groups: [{ group: 'g', exponentialBackoff: { initialMs: 0, maxMs: 1, multiplier: 2 } }] })))
      .toThrow(/group g needs exponentialBackoff/);
    expect(() => readManifest(write({ topics, orderlyGroups: [], groups: [{ group: '%DLQ%g' }] })))
      .toThrow(/group name "%DLQ%g" is not allowed/);
  });

  it('merges orderly groups and group settings into one complete config per group', () => {
    const manifest = readManifest(write({ topics: [{ name: '%DLQ%g', type: 'NORMAL' }], orderlyGroups: ['o', 'g'],
      groups: [{ group: 'g', retries: 2 }, { group: 'e', exponentialBackoff: { initialMs: 1000, maxMs: 8000, multiplier: 2 } }] }));
    expect(groupConfigs(manifest)).toEqual([
      { group: 'o', retries: 16, orderly: true, exponentialBackoff: undefined },
      { group: 'g', retries: 2, orderly: true, exponentialBackoff: undefined },
      { group: 'e', retries: 16, orderly: false, exponentialBackoff: { initialMs: 1000, maxMs: 8000, multiplier: 2 } },
    ]);
  });

  it('rejects a topic listed twice', () => {
    expect(() => readManifest(write({ topics: [{ name: 'x', type: 'FIFO' }, { name: 'x', type: 'NORMAL' }], orderlyGroups: [] })))
      .toThrow(/listed twice/);
  });
});

describe('no broker', () => {
  it('is reported quickly, with the address, when nothing listens there', async () => {
    const started = Date.now();
    const answer = await brokerAnswers({ grpc: '127.0.0.1:1', namesrv: '127.0.0.1:2' });
    expect(answer.ok).toBe(false);
    expect(answer.reason).toContain('127.0.0.1:1');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('makes /api/health say why cells cannot run and what to start', async () => {
    const previous = process.env.ROCKETMQ_ENDPOINTS;
    process.env.ROCKETMQ_ENDPOINTS = '127.0.0.1:1';
    const sandbox = await startSandbox({ port: 0, brokerProblem: 'Java was not found' });
    try {
      const health = await (await fetch(`${sandbox.url}/api/health`)).json();
      expect(health.broker).toMatchObject({ ready: false, endpoints: '127.0.0.1:1', reason: 'Java was not found' });
      expect(health.broker.hint).toContain('npm run broker -- start');
    } finally {
      await sandbox.close();
      if (previous === undefined) delete process.env.ROCKETMQ_ENDPOINTS;
      else process.env.ROCKETMQ_ENDPOINTS = previous;
    }
  });
});
