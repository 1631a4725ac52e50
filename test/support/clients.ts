/** Small helpers for tests that talk to the real broker with the official client. */
import { randomUUID } from 'node:crypto';
import { FilterExpression, Producer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import '../../examples/lib/client-fixes.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, close() {} };

/** Options every client in a test uses. */
export const clientOptions = () => ({ endpoints: brokerEndpoints().grpc, namespace: '', logger: quiet });

/** A tag unique to one test, so a test counts only its own messages on a shared topic. */
export const uniqueTag = () => `t${randomUUID().replaceAll('-', '').slice(0, 16)}`;

/** A started producer for `topic` (with an optional transaction checker). */
export async function producerFor(topic: string, extra: Partial<ConstructorParameters<typeof Producer>[0]> = {}): Promise<Producer> {
  const producer = new Producer({ ...clientOptions(), topic, ...extra });
  await producer.startup();
  return producer;
}

/** A started simple consumer reading only `tag` of `topic`. */
export async function consumerFor(topic: string, group: string, tag: string): Promise<SimpleConsumer> {
  const consumer = new SimpleConsumer({
    ...clientOptions(), consumerGroup: group, awaitDuration: 3000,
    subscriptions: new Map([[topic, new FilterExpression(tag)]]),
  });
  await consumer.startup();
  return consumer;
}

/**
 * Long-poll and ack until `count` messages arrived or `timeoutMs` passed; returns them with their arrival time.
 * The broker holds each receive() until a message is there, so this waits on the condition, not on a clock.
 */
export async function receiveMessages(consumer: SimpleConsumer, count: number, timeoutMs: number, batch = 16, invisibleMs = 20_000):
Promise<{ message: MessageView; at: number }[]> {
  const received: { message: MessageView; at: number }[] = [];
  const deadline = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < deadline) {
    const messages = await consumer.receive(batch, invisibleMs).catch(() => [] as MessageView[]);
    for (const message of messages) {
      received.push({ message, at: Date.now() });
      await consumer.ack(message);
    }
  }
  return received;
}

/** Shut clients down, ignoring errors from a broker that is already gone. */
export async function shutdownAll(...clients: { shutdown(): Promise<void> }[]): Promise<void> {
  await Promise.all(clients.map((client) => client.shutdown().catch(() => undefined)));
}
