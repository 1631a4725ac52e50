/**
 * The console API (/api/broker/…) against the real broker: its figures match what the test did
 * with the official client, it refuses writes and foreign origins, it spares the broker, and it
 * says so when the broker does not answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupView, MessagesView, OverviewView, TopicView } from '../../sandbox/console-protocol.ts';
import { applyManifest, findBrokerAddress } from '../../sandbox/broker/admin.ts';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { consoleApi, consoleCacheMs } from '../../sandbox/http/console-api.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { consumerFor, producerFor, receiveMessages, shutdownAll, uniqueTag } from '../support/clients.ts';
import { rawRequest } from '../support/raw-http.ts';

// TransactionResolution is not exported from the package root (clients issue #675).
const { TransactionResolution } = createRequire(import.meta.url)('rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb');

const topic = 'test-normal';
let sandbox: Sandbox;
const open: { shutdown(): Promise<void> }[] = [];
const track = <T extends { shutdown(): Promise<void> }>(client: T) => (open.push(client), client);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await shutdownAll(...open);
  await sandbox.close();
});

/** GET with the token; a 429 (the console's rate limit) is asked again as its Retry-After says, as the page does. */
async function get<T>(path: string, headers: Record<string, string> = {}, port = sandbox.port): Promise<{ status: number; body: T & { error?: string; hint?: string } }> {
  for (let attempt = 0; ; attempt++) {
    const response = await rawRequest(port, { path, headers: { 'X-Sandbox-Token': sandbox.token, ...headers } });
    if (response.status !== 429 || attempt === 20) return { status: response.status, body: JSON.parse(response.body) };
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers['retry-after']) * 1000 / 2));
  }
}

/** Read `path` until `done` holds (answers are cached for a second and the index runs behind the store), by default at most 15 s. */
async function eventually<T>(path: string, done: (status: number, body: T) => boolean, withinMs = 15_000, port = sandbox.port): Promise<{ status: number; body: T }> {
  const until = Date.now() + withinMs;
  let answer = await get<T>(path, {}, port);
  while (!done(answer.status, answer.body) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    answer = await get<T>(path, {}, port);
  }
  return answer;
}

describe('what the console shows', () => {
  it('shows the cluster, the broker\'s version and disk, and the workbook\'s topics with their type and queues', async () => {
    const { status, body } = await get<OverviewView>('/api/broker/overview');
    expect(status).toBe(200);
    expect(body.brokers).toEqual([expect.objectContaining({ cluster: expect.any(String), version: expect.stringMatching(/^V5_/), address: expect.stringMatching(/:\d+$/) })]);
    expect(body.brokers[0].commitLogDiskRatio).toBeGreaterThanOrEqual(0);
    expect(body.topics.find((t) => t.name === topic)).toEqual({ name: topic, type: 'NORMAL', readQueues: 4, writeQueues: 4, kind: 'user' });
    expect(body.topics.find((t) => t.name === 'test-delay')?.type).toBe('DELAY');
    expect(body.topics.find((t) => t.name === 'SCHEDULE_TOPIC_XXXX')?.kind).toBe('system');
    expect(body.topics.find((t) => t.name === body.brokers[0].name)?.kind).toBe('system');
  });

  it('grows a topic\'s max offsets by exactly the N messages sent', async () => {
    const before = (await get<TopicView>(`/api/broker/topics/${topic}`)).body;
    expect(before.queues.map((q) => q.queueId)).toEqual([0, 1, 2, 3]);
    const producer = track(await producerFor(topic));
    const sent = 7;
    for (let i = 0; i < sent; i++) await producer.send({ topic, tag: uniqueTag(), body: Buffer.from(String(i)) });
    const after = await eventually<TopicView>(`/api/broker/topics/${topic}`, (_, view) => view.maxOffsetTotal >= before.maxOffsetTotal + sent);
    expect(after.body.maxOffsetTotal - before.maxOffsetTotal).toBe(sent);
    for (const queue of after.body.queues) expect(queue.maxOffset).toBeGreaterThanOrEqual(queue.minOffset);
  });

  it('shows a group that was handed M of N messages with lag N − M, and its client while online', async () => {
    const tag = uniqueTag();
    const group = `test-console-${tag}`;
    const consumer = track(await consumerFor(topic, group, tag));
    await consumer.receive(16, 10_000); // the first receive fixes where the group starts
    const producer = track(await producerFor(topic));
    const sent = 6;
    for (let i = 0; i < sent; i++) await producer.send({ topic, tag, body: Buffer.from(String(i)) });
    let handed = 0;
    const until = Date.now() + 20_000;
    while (handed < 2 && Date.now() < until) handed += (await consumer.receive(1, 10_000)).length; // never acknowledged
    expect(handed).toBe(2);

    const path = `/api/broker/groups/${group}?topic=${topic}`;
    const view = await eventually<GroupView>(path, (status, body) => status === 200 && body.lag === sent - handed);
    expect(view.body.lag).toBe(sent - handed);
    expect(view.body.clients.map((c) => c.clientId)).toEqual([consumer.clientId]);
    expect(view.body.subscriptions).toEqual([{ topic, expressionType: 'TAG', expression: tag }]);
    for (const queue of view.body.queues) expect(queue.lag).toBe(queue.maxOffset - queue.consumerOffset);
  });

  it('counts a delay message in the timer until it is due, and only then in its topic\'s max offsets', async () => {
    const delayTopic = 'test-delay';
    const path = `/api/broker/topics/${delayTopic}`;
    const before = (await get<TopicView>(path)).body;
    const producer = track(await producerFor(delayTopic));
    await producer.send({ topic: delayTopic, tag: uniqueTag(), deliveryTimestamp: new Date(Date.now() + 6_000), body: Buffer.from('later') });
    const waiting = await eventually<TopicView>(path, (_, view) => view.timerWaiting === before.timerWaiting + 1);
    expect(waiting.body.timerWaiting).toBe(before.timerWaiting + 1);
    expect(waiting.body.maxOffsetTotal).toBe(before.maxOffsetTotal); // stored in the timer, not yet in the topic
    const due = await eventually<TopicView>(path, (_, view) => view.maxOffsetTotal === before.maxOffsetTotal + 1, 30_000);
    expect(due.body.maxOffsetTotal).toBe(before.maxOffsetTotal + 1);
    expect(due.body.timerWaiting).toBe(before.timerWaiting);
  });

  it('counts a half message left UNKNOWN, through its check-backs, until a check-back commits it', async () => {
    const txTopic = 'console-transaction'; // this test's own: no other half message of it is waiting
    const path = `/api/broker/topics/${txTopic}`;
    const before = (await get<TopicView>(path)).body;
    const checks: number[] = [];
    let resolution = TransactionResolution.UNKNOWN;
    const producer = track(await producerFor(txTopic, {
      checker: { async check() { checks.push(Date.now()); return resolution; } },
    }));
    await producer.send({ topic: txTopic, tag: uniqueTag(), body: Buffer.from('half') }, producer.beginTransaction()); // never committed here

    const sent = await eventually<TopicView>(path, (_, view) => view.halfWaiting === before.halfWaiting + 1);
    expect(sent.body.halfWaiting).toBe(before.halfWaiting + 1);
    expect(sent.body.maxOffsetTotal).toBe(before.maxOffsetTotal); // a half message is not in its topic
    const overview = await eventually<OverviewView>('/api/broker/overview', (_, view) => view.waiting.some((row) => row.topic === txTopic));
    expect(overview.body.waiting.find((row) => row.topic === txTopic)?.half).toBe(before.halfWaiting + 1);

    // The broker checks it back after transactionTimeOut; UNKNOWN keeps it waiting (a new copy in the half queue).
    const checked = await eventually<TopicView>(path, (_, view) => checks.length > 0 && Date.parse(view.readAt) > checks[0], 30_000);
    expect(checks.length).toBeGreaterThan(0);
    expect(checked.body.halfWaiting).toBe(before.halfWaiting + 1);

    resolution = TransactionResolution.COMMIT;
    const committed = await eventually<TopicView>(path, (_, view) => view.halfWaiting === before.halfWaiting, 30_000);
    expect(committed.body.halfWaiting).toBe(before.halfWaiting);
    expect(committed.body.halfWaitingComplete).toBe(true);
    const delivered = await eventually<TopicView>(path, (_, view) => view.maxOffsetTotal === before.maxOffsetTotal + 1);
    expect(delivered.body.maxOffsetTotal).toBe(before.maxOffsetTotal + 1);
  });

  it('finds a message just sent by its message id and by its key', async () => {
    const tag = uniqueTag();
    const producer = track(await producerFor(topic));
    const receipt = await producer.send({ topic, tag, keys: [`${tag}-key`], body: Buffer.from('look me up') });
    const byId = await eventually<MessagesView>(`/api/broker/messages?topic=${topic}&id=${receipt.messageId}`, (status) => status === 200);
    expect(byId.body.messages).toEqual([expect.objectContaining({
      topic, messageId: receipt.messageId, tag, keys: [`${tag}-key`], queueOffset: Number(receipt.offset), bodyText: 'look me up', bodyBytes: 10,
    })]);
    const byKey = await eventually<MessagesView>(`/api/broker/messages?topic=${topic}&key=${tag}-key`, (status) => status === 200);
    expect(byKey.body.messages.map((m) => m.messageId)).toEqual([receipt.messageId]);
  });
});

describe('delivery attempts', () => {
  it('shows a group\'s redelivery of a message it did not acknowledge, as the broker recorded it and the client saw it', async () => {
    const tag = uniqueTag();
    const group = `test-console-${tag}`;
    const consumer = track(await consumerFor(topic, group, tag));
    await consumer.receive(16, 10_000); // the first receive fixes where the group starts
    const producer = track(await producerFor(topic));
    const receipt = await producer.send({ topic, tag, body: Buffer.from('again') });
    const receiveOne = async () => {
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        const [message] = await consumer.receive(1, 10_000);
        if (message) return message;
      }
      throw new Error('the message did not come (back) within 30 s');
    };
    const first = await receiveOne();
    expect(first.deliveryAttempt).toBe(1);
    await consumer.changeInvisibleDuration(first, 1000); // not acknowledged: hand it out again in 1 s
    const second = await receiveOne();
    expect(second.messageId).toBe(receipt.messageId);
    await consumer.ack(second);

    const path = `/api/broker/messages?topic=${topic}&id=${receipt.messageId}`;
    const view = await eventually<MessagesView>(path, (status, body) => status === 200 && body.messages[0].redeliveries.length > 0);
    const [message] = view.body.messages;
    expect(message.reconsumeTimes).toBe(0); // the message in its own topic is never rewritten
    expect(message.redeliveries).toEqual([{
      group, retryTopic: expect.stringMatching(new RegExp(`^%RETRY%${group}[_+]${topic}$`)), reconsumeTimes: 1, deliveryAttempts: second.deliveryAttempt,
    }]);
    expect(second.deliveryAttempt).toBe(2);
  });

  it('records no redelivery for a message its group acknowledged', async () => {
    const tag = uniqueTag();
    const consumer = track(await consumerFor(topic, `test-console-${tag}`, tag));
    await consumer.receive(16, 10_000);
    const receipt = await track(await producerFor(topic)).send({ topic, tag, body: Buffer.from('once') });
    expect((await receiveMessages(consumer, 1, 30_000)).map(({ message }) => message.messageId)).toEqual([receipt.messageId]);
    const view = await eventually<MessagesView>(`/api/broker/messages?topic=${topic}&id=${receipt.messageId}`, (status) => status === 200);
    expect(view.body.messages[0].redeliveries).toEqual([]);
  });
});

describe('in a workshop room (WORKBOOK_NAMESPACE)', () => {
  // An attendee's sandbox: its cells write `test-normal`, the shared broker stores `<room>-test-normal`.
  const room = `room_${uniqueTag()}`;
  let port: number;
  let server: http.Server;
  beforeAll(async () => {
    const broker = await findBrokerAddress(brokerEndpoints().namesrv);
    await applyManifest(broker!, { topics: [{ name: topic, type: 'NORMAL' }], orderlyGroups: [], groups: [] }, `${room}-`);
    // The console API as the sandbox serves it (the guards are tested above), with the room's prefix.
    const api = consoleApi(`${room}-`);
    server = http.createServer((request, response) => void api.handle(request, new URL(request.url!, 'http://sandbox'), response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  it('counts the room\'s messages under the names the cells use, not the plain topic\'s', async () => {
    const tag = uniqueTag();
    const group = `test-console-${tag}`;
    const consumer = track(await consumerFor(`${room}-${topic}`, `${room}-${group}`, tag));
    await consumer.receive(16, 10_000); // the first receive fixes where the group starts
    const [inRoom, plain] = [track(await producerFor(`${room}-${topic}`)), track(await producerFor(topic))];
    for (let i = 0; i < 3; i++) await inRoom.send({ topic: `${room}-${topic}`, tag, keys: [`${tag}-key`], body: Buffer.from(String(i)) });
    for (let i = 0; i < 2; i++) await plain.send({ topic, tag, body: Buffer.from(String(i)) });

    const view = await eventually<TopicView>(`/api/broker/topics/${topic}`, (status, body) => status === 200 && body.maxOffsetTotal >= 3, 15_000, port);
    expect(view.body).toMatchObject({ topic, maxOffsetTotal: 3 }); // a new topic of the room's: the plain topic's messages are not counted
    const groupView = await eventually<GroupView>(`/api/broker/groups/${group}?topic=${topic}`, (status, body) => status === 200 && body.lag === 3, 15_000, port);
    expect(groupView.body).toMatchObject({ group, subscriptions: [expect.objectContaining({ topic })] });
    expect(groupView.body.clients).toHaveLength(1);
    expect(new Set(groupView.body.queues.map((queue) => queue.topic))).toEqual(new Set([topic]));
    const found = await eventually<MessagesView>(`/api/broker/messages?topic=${topic}&key=${tag}-key`, (status, body) => status === 200 && body.messages.length === 3, 15_000, port);
    expect(found.body.topic).toBe(topic);
    expect(found.body.messages.map((message) => message.topic)).toEqual([topic, topic, topic]);
  });

  it('lists the attendee\'s topics and groups and RocketMQ\'s own, not the other rooms\', and says which room', async () => {
    const { body } = await eventually<OverviewView>('/api/broker/overview', (status) => status === 200, 15_000, port);
    expect(body.room).toBe(room);
    const names = body.topics.map((t) => t.name);
    expect(names.filter((name) => name === topic)).toHaveLength(1); // the room's, by the cells' name
    expect(names).not.toContain('hello'); // the plain topics are another "room"
    expect(names.some((name) => name.includes(room))).toBe(false);
    expect(body.topics.find((t) => t.name === 'SCHEDULE_TOPIC_XXXX')?.kind).toBe('system');
    expect((await get<OverviewView>('/api/broker/overview')).body.room).toBeUndefined(); // the sandbox without a room
  });
});

describe('bad input', () => {
  it('answers "not found" for an unknown topic, group or message, and looking a group up does not create it', async () => {
    const name = `no-such-${uniqueTag()}`;
    const answers = await Promise.all([
      get(`/api/broker/topics/${name}`), get(`/api/broker/groups/${name}`), get(`/api/broker/messages?topic=${topic}&key=${name}`),
      get(`/api/broker/messages?topic=${topic}&id=${name}`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect(answers[0].body.error).toBe(`no topic "${name}" on the broker`);
    expect(answers[1].body.error).toBe(`no consumer group "${name}" on the broker`);
    const after = await eventually<OverviewView>('/api/broker/overview', (_, view) => Date.parse(view.readAt) > Date.now() - consoleCacheMs / 2);
    expect(after.body.groups.map((g) => g.name)).not.toContain(name);
  });

  it('refuses names that are not topic or group names, and a lookup without a topic', async () => {
    expect((await get('/api/broker/topics/a%20b')).status).toBe(400);
    expect((await get('/api/broker/groups/..%2F..')).status).toBe(400);
    expect((await get('/api/broker/messages?id=abc')).body.error).toMatch(/which topic/);
    expect((await get(`/api/broker/messages?topic=${topic}&id=a&key=b`)).status).toBe(400);
  });
});

describe('guards', () => {
  it('refuses every method that is not a read, even with the token', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await rawRequest(sandbox.port, { method, path: `/api/broker/topics/${topic}`, headers: { 'X-Sandbox-Token': sandbox.token, 'Content-Type': 'application/json' }, body: '{}' });
      expect(response.status, method).toBe(405);
      expect(JSON.parse(response.body).error).toMatch(/only reads/);
    }
  });

  it('refuses requests without the token, from another origin, another site or another Host', async () => {
    expect((await rawRequest(sandbox.port, { path: '/api/broker/overview' })).status).toBe(401);
    expect((await get('/api/broker/overview', { 'X-Sandbox-Token': 'wrong' })).status).toBe(401);
    expect((await get('/api/broker/overview', { Origin: 'http://attacker.example' })).status).toBe(403);
    expect((await get('/api/broker/overview', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get('/api/broker/overview', { Host: 'rebound.example:80' })).status).toBe(403);
  });

  it('asks the broker once for many pages polling at the same moment', async () => {
    const before = sandbox.consoleReads();
    const group = `no-such-${uniqueTag()}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(`/api/broker/groups/${group}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(404));
    expect(sandbox.consoleReads() - before).toBe(1);
  });
});

describe('a broker that does not answer', () => {
  it('says so with what to do, and shows the broker again once it answers', async () => {
    const saved = process.env.ROCKETMQ_NAMESRV;
    process.env.ROCKETMQ_NAMESRV = '127.0.0.1:1'; // nothing listens there
    try {
      const down = await eventually<{ error: string }>('/api/broker/topics/hello', (status) => status !== 200);
      expect(down.status).toBe(503);
      expect(down.body.error).toMatch(/RocketMQ does not answer \(name server 127\.0\.0\.1:1\)/);
      expect((down.body as { hint?: string }).hint).toMatch(/npm run broker -- start/);
    } finally {
      if (saved === undefined) delete process.env.ROCKETMQ_NAMESRV;
      else process.env.ROCKETMQ_NAMESRV = saved;
    }
    const back = await eventually<TopicView>('/api/broker/topics/hello', (status) => status === 200);
    expect(back.status).toBe(200);
  });
});
