/**
 * What a transaction checker answers. The package does not export TransactionResolution from its
 * root (rocketmq-clients issue #675): it lives in the generated protobuf code.
 *
 *   COMMIT       deliver the half message
 *   ROLLBACK     drop it
 *   TRANSACTION_RESOLUTION_UNSPECIFIED (or null)
 *                no answer: the client sends nothing, and the broker checks back again later
 *                (rocketmq-client-nodejs 1.0.8, Producer.onRecoverOrphanedTransactionCommand)
 */
import definitions from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';

export const { TransactionResolution } = definitions;
export type TransactionResolution = (typeof TransactionResolution)[keyof typeof TransactionResolution];

/** "COMMIT", "ROLLBACK" or "UNKNOWN", for printing. */
export function resolutionName(resolution: TransactionResolution | null): string {
  if (resolution === TransactionResolution.COMMIT) return 'COMMIT';
  if (resolution === TransactionResolution.ROLLBACK) return 'ROLLBACK';
  return 'UNKNOWN';
}
