/**
 * Chapter 0, "Hello RocketMQ": each cell runs through the sandbox API against the real broker,
 * and what the page says it shows is read back from its output. A few claims of the prose that no
 * cell prints (the long poll's length, where a new group starts) are checked with the client.
 */
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { topicBrokers, topicOffsets } from '../../sandbox/broker/inspect.ts';
import { clientOptions, producerFor, shutdownAll, uniqueTag } from '../support/clients.ts';
import { closeSandbox, runCell, type CellResult } from '../support/run-cell.ts';

const open: { shutdown(): Promise<void> }[] = [];
afterAll(async () => {
  await shutdownAll(...open);
  await closeSandbox();
});
const track = <T extends { shutdown(): Promise<void> }>(client: T) => (open.push(client), client);

/** Run a cell and insist it ended cleanly; the output travels with every failure message. */
/** A run of the cell that exited 0 in time; `fresh` for a run of its own, not the suite's shared one. */
async function cleanRun(id: string, options: { fresh?: boolean } = {}): Promise<CellResult> {
  const result = await runCell(id, options);
  expect(result.timedOut, result.stdout + result.stderr).toBe(false);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  return result;
}

/** A started simple consumer of `topic` in a brand-new group. */
async function newGroupOn(topic: string, awaitDuration: number, filter = FilterExpression.SUB_ALL): Promise<SimpleConsumer> {
  const consumer = track(new SimpleConsumer({
    ...clientOptions(), consumerGroup: `test-chapter-00-${uniqueTag()}`, awaitDuration, subscriptions: new Map([[topic, filter]]),
  }));
  await consumer.startup();
  return consumer;
}

describe('first send and first receive', () => {
  it('"first send" prints the broker\'s receipt: a message id and an offset', async () => {
    const result = await cleanRun('00-hello/first-send');
    expect(result.stdout).toMatch(/^ {2}message id: +01[0-9A-F]{32}$/m);
    expect(result.stdout).toMatch(/^ {2}offset: +\d+$/m);
  });

  it('"first receive" takes at most 16 a run: run it until it reports nothing', async () => {
    // More than one run's worth waits for the group hello-reader.
    const producer = track(await producerFor('hello'));
    for (let i = 0; i < 17; i++) await producer.send({ topic: 'hello', tag: 'greeting', body: Buffer.from(`waiting ${i}`) });
    const counts: number[] = [];
    for (let run = 0; run < 8; run++) {
      // Each run must really receive again: the suite's shared run of the cell would repeat itself.
      const result = await cleanRun('00-hello/first-receive', { fresh: true });
      if (/^nothing waiting/m.test(result.stdout)) break;
      const [, count] = /^acknowledged (\d+) message\(s\)/m.exec(result.stdout) ?? [];
      expect(count, result.stdout).toBeDefined();
      expect(result.stdout.match(/^received /gm)).toHaveLength(Number(count));
      counts.push(Number(count));
    }
    expect(counts[0]).toBe(16);
    expect(Math.max(...counts)).toBeLessThanOrEqual(16);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(17);
    expect(counts.length).toBeLessThan(8); // the last run found nothing
  });

  it('an empty receive() waits out its awaitDuration: the workbook\'s proxy honours waits down to 1 s', async () => {
    // The proxy raises a shorter wait to grpcClientConsumerMinLongPollingTimeoutMillis (5 s by
    // default); with the client's 3 s request timeout on top, a 1 s wait under the default floor is
    // refused (BAD_REQUEST). The workbook's rmq-proxy.json lowers the floor to 1 s.
    const consumer = await newGroupOn('hello', 1000, new FilterExpression(uniqueTag()));
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      expect(await consumer.receive(1, 10_000)).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    }
  });

  it('a group that has never read a topic starts at its first receive(): at offset 0 while the first message is in memory', async () => {
    const producer = track(await producerFor('hello'));
    await producer.send({ topic: 'hello', tag: 'greeting', body: Buffer.from('there is something to read') });
    const consumer = await newGroupOn('hello', 3000);
    const broker = (await topicBrokers(brokerEndpoints().namesrv, 'hello'))[0].address;
    const nonEmpty = (await topicOffsets(broker, 'hello'))!.filter((queue) => queue.maxOffset > 0 && queue.minOffset === 0);
    const first = await consumer.receive(32, 10_000);
    // This young broker still holds every queue's first message in memory: the group gets offset 0.
    expect(nonEmpty.length).toBeGreaterThan(0);
    expect(first.some((message) => message.offset === 0)).toBe(true);
  });
});

describe('one group, two groups', () => {
  it('shares six orders between the two inventory consumers, and gives analytics all six again', async () => {
    const result = await cleanRun('00-hello/consumer-group');
    const [, byA, byB, distinct] = /inventory-a took (\d+), inventory-b took (\d+): (\d+) different orders, each handled once/.exec(result.stdout) ?? [];
    expect(distinct, result.stdout).toBe('6');
    expect(Number(byA) + Number(byB)).toBe(6);
    expect(/analytics took (\d+): every order again/.exec(result.stdout)?.[1]).toBe('6');
    // Twelve deliveries in all, no order twice inside a group.
    const inventory = [...result.stdout.matchAll(/^ {2}inventory-[ab] +got (order \d+)$/gm)].map((m) => m[1]);
    const analytics = [...result.stdout.matchAll(/^ {2}analytics +got (order \d+)$/gm)].map((m) => m[1]);
    expect(new Set(inventory).size).toBe(6);
    expect(inventory).toHaveLength(6);
    expect(new Set(analytics).size).toBe(6);
    expect(analytics).toHaveLength(6);
  });
});

describe('ending cleanly', () => {
  it('gives every client its own id; a shut-down producer refuses, the others carry on', async () => {
    const result = await cleanRun('00-hello/independent-clients');
    const ids = [...result.stdout.matchAll(/^ {2}(?:orders|payments|reader) +(\S+)$/gm)].map((m) => m[1]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(result.stdout).toMatch(/^orders\.send\(\) fails, as it should: .*not running/m);
    expect(result.stdout).toMatch(/^payments\.send\(\) still works: message id 01[0-9A-F]{32}$/m);
    expect(result.stdout).toMatch(/^reader\.receive\(\) still works: got "payment \w+"$/m);
  });
});
