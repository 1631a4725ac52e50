/**
 * sandbox/broker/inspect.ts against the real broker: each read-only view is checked against what
 * the test itself did with the official client (sent, received, left unacknowledged).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import {
  consumeStats, consumerConnections, consumerOffset, groupsOfTopic, messageById, messagesByKey, topicBrokers, topicOffsets,
} from '../../sandbox/broker/inspect.ts';
import { consumerFor, producerFor, receiveMessages, shutdownAll, uniqueTag } from '../support/clients.ts';

const topic = 'test-normal';
const open: { shutdown(): Promise<void> }[] = [];
afterAll(() => shutdownAll(...open));
const track = <T extends { shutdown(): Promise<void> }>(client: T) => (open.push(client), client);

/** The remoting address of the broker that holds `topic`. */
async function brokerOf(name: string): Promise<string> {
  const brokers = await topicBrokers(brokerEndpoints().namesrv, name);
  expect(brokers.length).toBeGreaterThan(0);
  return brokers[0].address;
}

/** Poll `read` until `done` holds for its value (the broker's index and offsets run a moment behind), at most 10 s. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

const sum = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0);

describe('topics', () => {
  it('finds the broker of a topic through the name server, and none for an unknown topic', async () => {
    const brokers = await topicBrokers(brokerEndpoints().namesrv, topic);
    expect(brokers).toEqual([{ name: expect.any(String), address: expect.stringMatching(/:\d+$/) }]);
    expect(await topicBrokers(brokerEndpoints().namesrv, `no-such-topic-${uniqueTag()}`)).toEqual([]);
  });

  it('counts every message sent in the max offsets of the topic\'s queues', async () => {
    const broker = await brokerOf(topic);
    const before = (await topicOffsets(broker, topic))!;
    expect(before.map((queue) => queue.queueId)).toEqual([0, 1, 2, 3]);
    const producer = track(await producerFor(topic));
    for (let i = 0; i < 5; i++) await producer.send({ topic, tag: uniqueTag(), body: Buffer.from(String(i)) });
    const after = (await topicOffsets(broker, topic))!;
    expect(sum(after.map((q) => q.maxOffset)) - sum(before.map((q) => q.maxOffset))).toBe(5);
    expect(await topicOffsets(broker, `no-such-topic-${uniqueTag()}`)).toBeUndefined();
  });
});

describe('stored messages', () => {
  it('finds a message by key and by message id, at the queue and offset its receipt names', async () => {
    const broker = await brokerOf(topic);
    const tag = uniqueTag();
    const producer = track(await producerFor(topic));
    const receipt = await producer.send({ topic, tag, keys: [`${tag}-key`], properties: new Map([['run', tag]]), body: Buffer.from('findable') });
    const byKey = await eventually(() => messagesByKey(broker, topic, `${tag}-key`), (found) => found.length > 0);
    expect(byKey).toHaveLength(1);
    expect(byKey[0]).toMatchObject({ topic, tag, keys: [`${tag}-key`], messageId: receipt.messageId, queueOffset: Number(receipt.offset) });
    expect(byKey[0].properties.run).toBe(tag);
    expect(byKey[0].body.toString()).toBe('findable');
    const byId = await messageById(broker, topic, receipt.messageId);
    expect(byId).toMatchObject({ queueId: byKey[0].queueId, queueOffset: byKey[0].queueOffset });
    expect(await messagesByKey(broker, topic, `${tag}-no-such-key`)).toEqual([]);
  });
});

describe('consumer groups', () => {
  it('shows a group\'s client and subscription while it is online, and nothing after shutdown()', async () => {
    const broker = await brokerOf(topic);
    const tag = uniqueTag();
    const group = `test-inspect-${tag}`;
    const consumer = await consumerFor(topic, group, tag);
    const online = await consumerConnections(broker, group);
    expect(online?.clients).toHaveLength(1);
    expect(online?.clients[0].clientId).toBe(consumer.clientId);
    expect(online?.subscriptions).toEqual([{ topic, expressionType: 'TAG', expression: tag, tags: [tag] }]);
    expect(online?.consumeType).toBe('CONSUME_ACTIVELY');
    await consumer.shutdown();
    expect(await consumerConnections(broker, group)).toBeUndefined();
  });

  it('moves a pop-mode group\'s offset when the broker hands messages out, before any ack', async () => {
    const broker = await brokerOf(topic);
    const tag = uniqueTag();
    const group = `test-inspect-${tag}`;
    const consumer = track(await consumerFor(topic, group, tag));
    expect(await consumerOffset(broker, group, topic, 0)).toBeUndefined(); // never received: no offset at all
    await consumer.receive(16, 10_000); // the first receive() fixes where the group starts
    const producer = track(await producerFor(topic));
    const receipts = [];
    for (let i = 0; i < 4; i++) receipts.push(await producer.send({ topic, tag, keys: [`${tag}-${i}`], body: Buffer.from(String(i)) }));
    const stored = await Promise.all(receipts.map((receipt) => eventually(() => messageById(broker, topic, receipt.messageId), Boolean)));

    let received = 0;
    const until = Date.now() + 20_000;
    while (received < 4 && Date.now() < until) received += (await consumer.receive(16, 10_000)).length; // never acknowledged
    expect(received).toBe(4);
    const progress = await eventually(() => consumeStats(broker, group, topic),
      (queues) => stored.every((message) => queues.find((q) => q.queueId === message!.queueId)!.consumerOffset > message!.queueOffset));
    for (const message of stored) {
      const queue = progress.find((q) => q.topic === topic && q.queueId === message!.queueId)!;
      expect(queue.consumerOffset).toBeGreaterThan(message!.queueOffset);
      expect(queue.lag).toBe(queue.maxOffset - queue.consumerOffset);
      expect(await consumerOffset(broker, group, topic, message!.queueId)).toBe(queue.consumerOffset);
    }
    expect(await groupsOfTopic(broker, topic)).toContain(group);
  });

  it('hands a group only what it subscribed to, and still moves past what it filtered out', async () => {
    const broker = await brokerOf(topic);
    const tag = uniqueTag();
    const group = `test-inspect-${tag}`;
    const consumer = track(await consumerFor(topic, group, `${tag}-wanted`));
    await consumer.receive(16, 10_000);
    const producer = track(await producerFor(topic));
    const unwanted = await producer.send({ topic, tag: `${tag}-unwanted`, body: Buffer.from('skip me') });
    await producer.send({ topic, tag: `${tag}-wanted`, body: Buffer.from('want me') });
    const got = await receiveMessages(consumer, 1, 20_000);
    expect(got.map(({ message }) => message.body.toString())).toEqual(['want me']);
    const skipped = await eventually(() => messageById(broker, topic, unwanted.messageId), Boolean);
    const progress = await eventually(() => consumeStats(broker, group, topic),
      (queues) => queues.find((q) => q.queueId === skipped!.queueId)!.consumerOffset > skipped!.queueOffset);
    expect(progress.find((q) => q.queueId === skipped!.queueId)!.consumerOffset).toBeGreaterThan(skipped!.queueOffset);
  });
});
