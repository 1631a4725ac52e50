// The control run's order service: the real one, with a checker that is wrong on purpose.
//
// It is the checker of many samples: the producer remembers, in a Map in memory, what it decided
// for each half message, and answers the broker's check-back from that Map. While the process
// lives, that works (a commit lost in a broker outage is answered right). After a crash the Map
// is empty, and "I have no record of it, so nothing happened" answers ROLLBACK for an order
// whose stock was deducted but whose local transaction never committed: that stock is never
// returned. `npm run chaos -- --control` must catch this and exit 1.
import { Producer, type MessageOptions, type MessageView } from 'rocketmq-client-nodejs';
import { shop, TransactionResolution } from '../../examples/06-capstone/services/messaging.ts';
import { runOrderService } from '../../examples/06-capstone/services/order/server.ts';

const decided = new Map<string, TransactionResolution>(); // lost with the process

// Learn each decision as CreateOrder or the timeout ends its transaction (the service's code is untouched).
const send = Producer.prototype.send;
Producer.prototype.send = function (this: Producer, message: MessageOptions, transaction?: ReturnType<Producer['beginTransaction']>) {
  const sn = message.keys?.[0];
  if (transaction && sn) {
    const { commit, rollback } = transaction;
    transaction.commit = () => (decided.set(sn, TransactionResolution.COMMIT), commit.call(transaction));
    transaction.rollback = () => (decided.set(sn, TransactionResolution.ROLLBACK), rollback.call(transaction));
  }
  return send.call(this, message, transaction);
};

async function inMemoryChecker(_ctx: unknown, message: MessageView): Promise<TransactionResolution> {
  if (message.tag !== shop) return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
  const sn = message.keys[0];
  const answer = decided.get(sn) ?? TransactionResolution.ROLLBACK; // the bug: unknown is not "nothing happened"
  console.log(`check-back ${sn}: ${decided.has(sn) ? 'remembered' : 'not in memory'} → ${answer === TransactionResolution.COMMIT ? 'COMMIT' : 'ROLLBACK'}`);
  return answer;
}

await runOrderService({ checkLocalTransaction: inMemoryChecker });
