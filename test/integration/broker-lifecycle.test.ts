/**
 * `npm run broker` itself: messages and acknowledgements survive a stop and start, restarts use the
 * class-data archives, `stop` leaves no RocketMQ process, `status` tells the truth. Needs the local
 * broker (not Docker), since it stops and starts it: vitest.config.ts runs this file alone.
 */
import fs from 'node:fs';
import type { MessageView } from 'rocketmq-client-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layout } from '../../sandbox/broker/layout.ts';
import { startBroker, stopBroker } from '../../sandbox/broker/local-broker.ts';
import { brokerPorts, commandLine, portAnswers } from '../../sandbox/broker/ports.ts';
import { runningPid } from '../../sandbox/broker/processes.ts';
import { run } from '../support/spawn.ts';
import { consumerFor, producerFor, receiveMessages, shutdownAll, uniqueTag } from '../support/clients.ts';

const log = () => {};

/** `npm run broker -- <command>` as a reader types it. */
function brokerCli(command: string) {
  return run(process.execPath, ['--import', 'tsx', 'sandbox/broker/cli.ts', command]);
}

/** Every process on the machine whose command line is one of our RocketMQ JVMs. */
function rocketmqProcesses(): string[] {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map((pid) => commandLine(Number(pid)))
    .filter((cmd) => cmd.includes(`-Drocketmq.home.dir=${layout.home}`));
}

beforeAll(() => {
  if (!runningPid('broker')) {
    throw new Error('These tests stop and start the local broker; it must be the one `npm run broker -- start` started (not Docker).');
  }
});
afterAll(() => startBroker(log)); // leave a running broker for the tests after this file

const bodiesOf = (received: { message: MessageView }[]) => received.map(({ message }) => message.body.toString()).sort();

describe('a broker stop and start', () => {
  it('still delivers messages that were sent before the stop, and not again those acknowledged before it', async () => {
    const tag = uniqueTag();
    const producer = await producerFor('test-normal');
    const sent = Array.from({ length: 20 }, (_, i) => `before-restart-${i}`);
    for (const body of sent) await producer.send({ topic: 'test-normal', tag, keys: [body], body: Buffer.from(body) });
    await shutdownAll(producer);
    // One group reads and acknowledges everything before the stop, invisible for the shortest
    // time the broker allows (10 s): an acknowledgement the stop lost would make the broker hand
    // the message out again once that time is over, long before the broker is back.
    const acknowledging = await consumerFor('test-normal', 'test-restart-acknowledged', tag);
    expect(bodiesOf(await receiveMessages(acknowledging, sent.length, 60_000, 32, 10_000))).toEqual([...sent].sort());
    await shutdownAll(acknowledging);

    await stopBroker(log);
    await startBroker(log);

    const reader = await consumerFor('test-normal', 'test-restart-reader', tag);
    const received = await receiveMessages(reader, sent.length, 60_000);
    const again = await consumerFor('test-normal', 'test-restart-acknowledged', tag);
    const redelivered = await receiveMessages(again, 1, 8000); // a few long polls: nothing may come
    await shutdownAll(reader, again);
    expect(bodiesOf(received)).toEqual([...sent].sort());
    expect(bodiesOf(redelivered)).toEqual([]);
  });

  it('starts each JVM with the class-data archive an earlier clean stop kept', () => {
    // The first start of a machine records which classes each JVM loads; its stop writes them to
    // .rocketmq/cds/ (sandbox/broker/class-data.ts); later starts map the archive.
    for (const role of ['namesrv', 'broker'] as const) {
      const maps = fs.readFileSync(`/proc/${runningPid(role)}/maps`, 'utf8');
      expect(maps, role).toMatch(new RegExp(`${layout.home}/cds/${role}-[0-9a-f]+\\.jsa`));
    }
    expect(fs.readdirSync(`${layout.home}/cds`).filter((name) => name.endsWith('.recording'))).toEqual([]);
  });
});

describe('npm run broker', () => {
  it('status exits 0 and prints the endpoints and version while the broker answers', async () => {
    const status = await brokerCli('status');
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('RocketMQ is ready');
    expect(status.stdout).toContain('127.0.0.1:8081');
    expect(status.stdout).toMatch(/version\s+V5_/);
    expect(status.stdout).toMatch(/broker\s+pid \d+, resident \d+ MiB/);
  });

  it('stop leaves no RocketMQ process and frees every port; status then fails', async () => {
    const stop = await brokerCli('stop');
    expect(stop.status).toBe(0);
    expect(rocketmqProcesses()).toEqual([]);
    for (const { port } of brokerPorts) expect(await portAnswers(port), `port ${port}`).toBe(false);
    const status = await brokerCli('status');
    expect(status.status).toBe(1);
    expect(status.stdout).toContain('not ready');
    expect(status.stdout).toContain('npm run broker -- start');
  });

  // While the broker is stopped by the test above: a stop and a start (13 s) fewer.
  it('refuses to start over a busy port, saying which port and which process', async () => {
    const net = await import('node:net');
    const squatter = net.createServer().listen(9876, '127.0.0.1');
    await new Promise((resolve) => squatter.once('listening', resolve));
    try {
      const start = await brokerCli('start');
      expect(start.status).toBe(1);
      expect(start.stderr).toContain('Port 9876 (name server) is already in use');
      expect(start.stderr).toContain(`pid ${process.pid}`);
    } finally {
      // Closed (the probe's connection ended with the CLI) before the next test starts the broker.
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('start is idempotent: a second start finds the running broker', async () => {
    expect((await brokerCli('start')).status).toBe(0);
    const pids = [runningPid('namesrv'), runningPid('broker')];
    const again = await brokerCli('start');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already answers');
    expect([runningPid('namesrv'), runningPid('broker')]).toEqual(pids);
  });

  it('handles a stale pid file: stop removes it and touches no other process', () => {
    fs.writeFileSync(`${layout.run}/stale-test.pid`, '1\n');
    fs.rmSync(`${layout.run}/stale-test.pid`);
    const pidFile = `${layout.run}/namesrv.pid`;
    const real = fs.readFileSync(pidFile, 'utf8');
    fs.writeFileSync(pidFile, `${process.pid}\n`); // a live process that is not RocketMQ
    expect(runningPid('namesrv')).toBeUndefined();
    expect(fs.existsSync(pidFile)).toBe(false);
    fs.writeFileSync(pidFile, real);
    expect(runningPid('namesrv')).toBe(Number(real));
  });
});
