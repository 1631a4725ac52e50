/**
 * The local broker does what the chapters rely on, checked with the official Node client:
 * normal, FIFO, delay and transactional messages, and durability across a restart; and the
 * manifest's topics and groups are created as rocketmq/topics.json says.
 */
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import type { MessageView } from 'rocketmq-client-nodejs';
import { applyManifest, findBrokerAddress } from '../../sandbox/broker/admin.ts';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import type { TopicManifest } from '../../sandbox/broker/manifest.ts';
import { parseRemotingJson, remotingCall, RequestCode } from '../../sandbox/broker/remoting.ts';
import { consumerFor, producerFor, receiveMessages, shutdownAll, uniqueTag } from '../support/clients.ts';

// TransactionResolution is not exported from the package root (clients issue #675).
const { TransactionResolution } = createRequire(import.meta.url)('rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb');

const open: { shutdown(): Promise<void> }[] = [];
afterAll(() => shutdownAll(...open));
const track = <T extends { shutdown(): Promise<void> }>(client: T) => (open.push(client), client);
const bodies = (received: { message: MessageView }[]) => received.map(({ message }) => message.body.toString());

describe('a NORMAL topic', () => {
  it('delivers what a producer sends to a consumer group', async () => {
    const tag = uniqueTag();
    const producer = track(await producerFor('test-normal'));
    const consumer = track(await consumerFor('test-normal', 'test-normal-reader', tag));
    const receipt = await producer.send({ topic: 'test-normal', tag, keys: [tag], body: Buffer.from('hello') });
    expect(receipt.messageId).toMatch(/^[0-9A-F]{34}$/);
    const received = await receiveMessages(consumer, 1, 30_000);
    expect(bodies(received)).toEqual(['hello']);
    expect(received[0].message.messageId).toBe(receipt.messageId);
  });
});

describe('a FIFO topic', () => {
  it('keeps the order of 100 messages of one message group', async () => {
    const tag = uniqueTag();
    const producer = track(await producerFor('test-fifo'));
    const consumer = track(await consumerFor('test-fifo', 'test-fifo-reader', tag));
    // Order holds for messages of one group sent one after another (each send awaited).
    for (let i = 0; i < 100; i++) {
      await producer.send({ topic: 'test-fifo', tag, keys: [`${tag}-${i}`], messageGroup: `account-${tag}`, body: Buffer.from(String(i)) });
    }
    const received = await receiveMessages(consumer, 100, 90_000, 32);
    expect(bodies(received).map(Number)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('a DELAY topic', () => {
  it('holds a delayed message until its time and delivers it within the timer precision', async () => {
    const tag = uniqueTag();
    const delayMs = 5000;
    const precisionMs = 1000; // timerPrecisionMs: delivery times are rounded to the second
    const producer = track(await producerFor('test-delay'));
    const consumer = track(await consumerFor('test-delay', 'test-delay-reader', tag));
    const due = Date.now() + delayMs;
    await producer.send({ topic: 'test-delay', tag, keys: [tag], deliveryTimestamp: new Date(due), body: Buffer.from('later') });
    const received = await receiveMessages(consumer, 1, 30_000);
    expect(bodies(received)).toEqual(['later']);
    const lateness = received[0].at - due;
    console.log(`delayed message arrived ${lateness} ms after its delivery time`);
    expect(lateness).toBeGreaterThanOrEqual(-precisionMs);
    // precision, plus one long-poll round trip on a busy 2-core machine
    expect(lateness).toBeLessThanOrEqual(precisionMs + 3000);
  });
});

describe('a TRANSACTION topic', () => {
  it('delivers a committed message, never a rolled-back one, and resolves an unknown one by check-back', async () => {
    const tag = uniqueTag();
    const checked: string[] = [];
    const producer = track(await producerFor('test-transaction', {
      checker: {
        async check(message: MessageView) {
          checked.push(message.body.toString());
          return TransactionResolution.COMMIT;
        },
      },
    }));
    const consumer = track(await consumerFor('test-transaction', 'test-transaction-reader', tag));
    const send = async (body: string) => {
      const transaction = producer.beginTransaction();
      await producer.send({ topic: 'test-transaction', tag, keys: [`${tag}-${body}`], body: Buffer.from(body) }, transaction);
      return transaction;
    };
    await (await send('committed')).commit();
    await (await send('rolled-back')).rollback();
    await send('unknown'); // neither commit nor rollback: the broker asks the producer's checker
    const unknownSentAt = Date.now();

    const received = await receiveMessages(consumer, 2, 60_000);
    expect(bodies(received).sort()).toEqual(['committed', 'unknown']);
    console.log(`check-back resolved the unknown transaction ${received.find(({ message }) => message.body.toString() === 'unknown')!.at - unknownSentAt} ms after it was sent`);
    // Several check rounds pass while we wait: the rolled-back message must never come, and the
    // check-back's commit must not be delivered twice (see transactionOpBatchInterval in broker.conf).
    expect(bodies(await receiveMessages(consumer, 1, 6000))).toEqual([]);
    expect(checked).toEqual(['unknown']);
  });
});

describe('the topic manifest (sandbox/broker/admin.ts)', () => {
  it('creates the topics that are missing and changes those that differ, beside topics already as asked; and the groups', async () => {
    const broker = (await findBrokerAddress(brokerEndpoints().namesrv))!;
    const prefix = `manifest${process.pid}-`;
    const first: TopicManifest = { topics: [{ name: 'same', type: 'NORMAL' }, { name: 'resized', type: 'FIFO', queues: 2 }],
      orderlyGroups: ['in-order'], groups: [{ group: 'few-retries', retries: 3 }] };
    await applyManifest(broker, first, prefix);
    // `same` is now exactly as asked. A list request that holds it creates nothing else on RocketMQ 5.3.3.
    await applyManifest(broker, { ...first, topics: [first.topics[0], { name: 'resized', type: 'FIFO', queues: 4 }, { name: 'added', type: 'DELAY' }] }, prefix);

    const topics = parseRemotingJson<{ topicConfigTable: Record<string, { readQueueNums: number; attributes: Record<string, string> }> }>(
      (await remotingCall(broker, RequestCode.getAllTopicConfig)).body).topicConfigTable;
    const seen = (name: string) => topics[prefix + name] && { queues: topics[prefix + name].readQueueNums, type: topics[prefix + name].attributes['message.type'] };
    expect({ same: seen('same'), resized: seen('resized'), added: seen('added') }).toEqual({
      same: { queues: 4, type: 'NORMAL' }, resized: { queues: 4, type: 'FIFO' }, added: { queues: 4, type: 'DELAY' } });
    const groups = parseRemotingJson<{ subscriptionGroupTable: Record<string, { consumeMessageOrderly: boolean; retryMaxTimes: number }> }>(
      (await remotingCall(broker, RequestCode.getAllSubscriptionGroupConfig)).body).subscriptionGroupTable;
    expect(groups[`${prefix}in-order`]).toMatchObject({ consumeMessageOrderly: true, retryMaxTimes: 16 });
    expect(groups[`${prefix}few-retries`]).toMatchObject({ consumeMessageOrderly: false, retryMaxTimes: 3 });
  });
});
