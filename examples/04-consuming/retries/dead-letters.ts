/**
 * Reading a group's dead letters. A message that has failed the group's last allowed delivery is
 * moved to the topic %DLQ%<group>: an ordinary topic with one queue, which any consumer group can
 * read. (The broker creates it at the first dead letter; rocketmq/topics.json creates the ones
 * these cells read in advance, because a gRPC consumer of a topic that does not exist yet gets
 * TOPIC_NOT_FOUND, and the proxy remembers that answer for a while.)
 */
import { FilterExpression, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { mark } from '../../lib/timeline.ts';
import { connection, start } from '../../lib/workbook.ts';

/**
 * Read %DLQ%<group> with the reader group `<group>-dlq-reader` until run `run`'s message arrives
 * (or `ms` pass); `onFound` gets it. Polling starts at once, so that the reader group's start
 * offset is set before the dead letter lands.
 */
export async function readDeadLetters(group: string, run: string, ms: number, onFound: (message: MessageView) => void) {
  const topic = `%DLQ%${group}`;
  const reader = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: `${group}-dlq-reader`,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  }));
  const deadline = Date.now() + ms;
  let found: MessageView | undefined;
  return (async () => {
    while (!found && Date.now() < deadline) {
      for (const message of await reader.receive(16, 15_000)) {
        if (message.properties.get('run') === run) {
          found = message;
          mark('dead-letter reader', 'found in DLQ', { detail: topic });
          onFound(message);
        }
        await reader.ack(message);
      }
    }
    return found;
  })();
}
