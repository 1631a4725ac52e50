/**
 * What a PushConsumer tells the broker after your listener returns. The listener only returns
 * SUCCESS or FAILURE; the client turns that into one request per message:
 *
 *   SUCCESS                        → AckMessage
 *   FAILURE (normal topic)         → ChangeInvisibleDuration(delay from the group's retry policy)
 *   FAILURE (FIFO, attempts spent) → ForwardMessageToDeadLetterQueue
 *
 * (rocketmq-client-nodejs 1.0.8, ProcessQueue.ts: eraseMessage, #nackMessage, eraseFifoMessage.)
 * watchRequests() wraps the consumer's public request builders to report each request as it is
 * built. It only reads: what the client sends is unchanged.
 */
import type { MessageView, PushConsumer } from 'rocketmq-client-nodejs';

export interface RequestWatcher {
  ack?(message: MessageView): void;
  /** `invisibleMs`: how long the client asks the broker to hide the message before redelivering it. */
  changeInvisibleDuration?(message: MessageView, invisibleMs: number): void;
  forwardToDeadLetterQueue?(message: MessageView): void;
}

/** Call `watcher` for every ack, change of invisible duration and dead-letter forward `consumer` sends. */
export function watchRequests(consumer: PushConsumer, watcher: RequestWatcher): void {
  const ack = consumer.wrapAckMessageRequest.bind(consumer);
  consumer.wrapAckMessageRequest = (message) => {
    watcher.ack?.(message);
    return ack(message);
  };
  const change = consumer.wrapChangeInvisibleDurationRequest.bind(consumer);
  consumer.wrapChangeInvisibleDurationRequest = (message, invisibleMs) => {
    watcher.changeInvisibleDuration?.(message, invisibleMs);
    return change(message, invisibleMs);
  };
  const forward = consumer.wrapForwardMessageToDeadLetterQueueRequest.bind(consumer);
  consumer.wrapForwardMessageToDeadLetterQueueRequest = (message) => {
    watcher.forwardToDeadLetterQueue?.(message);
    return forward(message);
  };
}
