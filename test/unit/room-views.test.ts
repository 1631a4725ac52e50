/** The console's views in a workshop room (sandbox/broker/room-views.ts): the broker's names in, the reader's out. */
import { describe, expect, it } from 'vitest';
import type { GroupView, MessagesView, OverviewView, TopicView } from '../../sandbox/console-protocol.ts';
import { roomViews } from '../../sandbox/broker/room-views.ts';

const readAt = '2026-12-07T22:00:00.000Z';
const overview: OverviewView = {
  namesrv: '127.0.0.1:9876', brokers: [], halfWaitingComplete: true, readAt,
  topics: [
    { name: 'alice-hello', type: 'NORMAL', readQueues: 4, writeQueues: 4, kind: 'user' },
    { name: 'bob-hello', type: 'NORMAL', readQueues: 4, writeQueues: 4, kind: 'user' },
    { name: 'hello', type: 'NORMAL', readQueues: 4, writeQueues: 4, kind: 'user' },
    { name: '%DLQ%alice-orders', type: 'NORMAL', readQueues: 1, writeQueues: 1, kind: 'dlq' },
    { name: 'RMQ_SYS_TRANS_HALF_TOPIC', type: 'UNSPECIFIED', readQueues: 1, writeQueues: 1, kind: 'system' },
  ],
  groups: [
    { name: 'alice-orders', orderly: false, retryMaxTimes: 16, system: false },
    { name: 'bob-orders', orderly: false, retryMaxTimes: 16, system: false },
    { name: 'TOOLS_CONSUMER', orderly: false, retryMaxTimes: 16, system: true },
  ],
  waiting: [{ topic: 'alice-hello', half: 1, timer: 0 }, { topic: 'bob-hello', half: 2, timer: 0 }],
};

describe('the console in a room', () => {
  const alice = roomViews('alice-');

  it('asks the broker for the room\'s name of what the reader wrote', () => {
    expect(alice.name('hello')).toBe('alice-hello');
    expect(alice.name('%DLQ%orders')).toBe('%DLQ%alice-orders');
  });

  it('says, when the broker has no such name, that it asked for the room\'s and how the room gets its topics', () => {
    expect(alice.notFound('no topic "alice-hello" on the broker')).toBe(
      'no topic "alice-hello" on the broker (room alice: the broker\'s name for yours; `npm run broker -- topics` creates the room\'s topics and groups)');
    expect(roomViews('').notFound('no topic "hello" on the broker')).toBe('no topic "hello" on the broker');
  });

  it('lists the attendee\'s topics, groups and held messages by their own names, RocketMQ\'s as they are, no one else\'s', () => {
    const view = alice.overview(overview);
    expect(view.room).toBe('alice');
    expect(view.topics.map((topic) => topic.name)).toEqual(['hello', '%DLQ%orders', 'RMQ_SYS_TRANS_HALF_TOPIC']);
    expect(view.groups.map((group) => group.name)).toEqual(['orders', 'TOOLS_CONSUMER']);
    expect(view.waiting).toEqual([{ topic: 'hello', half: 1, timer: 0 }]);
  });

  it('names a topic\'s, a group\'s and a message\'s topics and groups as the reader does', () => {
    const topic: TopicView = { topic: 'alice-hello', queues: [], maxOffsetTotal: 3, stored: 3, timerWaiting: 0, halfWaiting: 0, halfWaitingComplete: true, groups: ['alice-orders', 'bob-orders'], readAt };
    expect(alice.topic(topic)).toMatchObject({ topic: 'hello', maxOffsetTotal: 3, groups: ['orders'] });
    const group: GroupView = {
      group: 'alice-orders', clients: [], lag: 0, readAt,
      subscriptions: [{ topic: 'alice-hello', expressionType: 'TAG', expression: '*' }],
      queues: [{ topic: 'alice-hello', broker: 'broker-a', queueId: 0, maxOffset: 3, consumerOffset: 3, lag: 0 }],
    };
    expect(alice.group(group)).toMatchObject({ group: 'orders', subscriptions: [{ topic: 'hello' }], queues: [{ topic: 'hello' }] });
    const retryTopic = '%RETRY%alice-orders_alice-hello';
    const messages: MessagesView = {
      topic: 'alice-hello', by: 'key', value: 'k', messages: [{
        topic: 'alice-hello', queueId: 0, queueOffset: 0, keys: ['k'], bornAt: readAt, storedAt: readAt, reconsumeTimes: 0,
        redeliveries: [{ group: 'alice-orders', retryTopic, reconsumeTimes: 1, deliveryAttempts: 2 }], properties: {}, bodyBytes: 0, bodyText: '',
      }],
    };
    // The retry topic stays the broker's: it says where the copy is.
    expect(alice.messages(messages)).toMatchObject({ topic: 'hello', messages: [{ topic: 'hello', redeliveries: [{ group: 'orders', retryTopic }] }] });
  });

  it('changes nothing without a room', () => {
    const none = roomViews('');
    expect(none.name('alice-hello')).toBe('alice-hello');
    expect(none.overview(overview)).toEqual(overview);
  });
});
