// @timeout 60s
// How the kinds combine, and where they don't. A topic has one message type (rocketmq/topics.json),
// and a message's type follows from its fields: messageGroup makes it FIFO, delay or
// deliveryTimestamp makes it DELAY, a transaction makes it TRANSACTION, none of them NORMAL. Each
// send below breaks a rule; the cell prints who refused it and what the error says.
import { createRequire } from 'node:module';
import { Producer, type MessageOptions } from 'rocketmq-client-nodejs';
import { connection, finish, start } from '../../lib/workbook.ts';

// The numbers in the client's error messages are MessageType's values (NORMAL = 1, FIFO = 2, …).
// Neither enum is exported from the package root (rocketmq-clients issue #675).
const { MessageType, TransactionResolution } = createRequire(import.meta.url)('rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb');
const typeName = (n: string) => Object.keys(MessageType).find((key) => String(MessageType[key]) === n) ?? n;

const body = Buffer.from('x');
const attempts: { what: string; message: MessageOptions; inTransaction?: boolean }[] = [
  { what: 'a delayed message with a message group', message: { topic: 'kinds-fifo', messageGroup: 'alice', delay: 5000, body } },
  { what: 'a delayed message to a FIFO topic', message: { topic: 'kinds-fifo', delay: 5000, body } },
  { what: 'a normal message to a TRANSACTION topic', message: { topic: 'kinds-transaction', body } },
  { what: 'a FIFO message to a NORMAL topic', message: { topic: 'kinds-normal', messageGroup: 'alice', body } },
  { what: 'a normal message to a DELAY topic', message: { topic: 'kinds-delay', body } },
  { what: 'a delayed message in a transaction', message: { topic: 'kinds-transaction', delay: 5000, body }, inTransaction: true },
];

// One declared topic: the client learns the others' routes (and types) at their first send. (A
// producer that declares several topics can hang in startup() for 5 minutes in client 1.0.8: it
// may miss the broker's first settings reply while it still fetches routes, BaseClient.js.)
const producer = await start(new Producer({
  ...connection(),
  topic: 'kinds-transaction',
  checker: { check: async () => TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED }, // needed to begin a transaction
}));

let refused = 0;
for (const { what, message, inTransaction } of attempts) {
  try {
    await producer.send(message, inTransaction ? producer.beginTransaction() : undefined);
    console.log(`${what}: accepted`);
  } catch (error) {
    refused++;
    // Readable type names instead of the enum's numbers.
    const text = (error as Error).message.replace(/(actualMessageType=)(\d+)/, (_, key, n) => `${key}${typeName(n)}`)
      .replace(/(acceptMessageTypes=)\[([\d,]+)\]/, (_, key, list: string) => `${key}[${list.split(',').map(typeName).join(',')}]`);
    console.log(`${what}: refused (${(error as Error).name})`);
    console.log(`  ${text.split('\n')[0]}`);
  }
}
console.log(`summary: ${refused} of ${attempts.length} refused`);

await finish();
