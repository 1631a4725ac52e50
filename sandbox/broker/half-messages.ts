/**
 * Half messages waiting for their transaction to end, read the way the broker's own checker reads
 * them (TransactionalMessageServiceImpl.check, RocketMQ 5.3.3). RocketMQ 5.3.3 keeps a per-topic
 * count (TransactionMetrics) but no remoting request returns it, so this reads the two queues the
 * checker reads, without changing them:
 *  - RMQ_SYS_TRANS_HALF_TOPIC holds every half message, its real topic in the REAL_TOPIC property.
 *    The checker's progress is the offset of group CID_RMQ_SYS_TRANS (TransactionalMessageUtil
 *    .buildConsumerGroup); a half message it checks back without an answer is appended again
 *    (putBackHalfMsgQueue) and the offset moves past the old copy; one checked transactionCheckMax
 *    times moves to TRANS_CHECK_MAX_TIME_TOPIC and the offset moves past it too.
 *  - RMQ_SYS_TRANS_OP_HALF_TOPIC holds one "op" message per commit or rollback (tag "d",
 *    TransactionalMessageUtil.REMOVE_TAG), its body the half offsets it ends, comma-separated.
 * So a half message still waiting is one at or past the checker's offset that no op message ends.
 * PEEK_MESSAGE (PeekMessageProcessor) returns a queue's messages from a group's offset and moves
 * nothing: 2 requests per broker.
 */
import { decodeStoredMessages, expectSuccess, type StoredMessage } from './inspect.ts';
import { remotingCall, RequestCode, ResponseCode } from './remoting.ts';

const halfTopic = 'RMQ_SYS_TRANS_HALF_TOPIC'; // TopicValidator
const opTopic = 'RMQ_SYS_TRANS_OP_HALF_TOPIC';
const checkerGroup = 'CID_RMQ_SYS_TRANS'; // MixAll.CID_SYS_RMQ_TRANS
/** The broker hands out at most 32 messages per read (maxTransferCountOnMessageInMemory; 8 read from disk): restNum says when more wait. */
const peekMax = 32;

export interface HalfMessagesWaiting {
  /** Half messages neither committed nor rolled back yet, by their real topic. */
  byTopic: Record<string, number>;
  /**
   * False when the half or the op queue held more than one read returns (32 messages): the counts
   * are then approximate (half messages not read are missing; commits not read count as open).
   */
  complete: boolean;
}

/** The half messages on `broker` whose transaction has not ended: 2 requests. */
export async function halfMessagesWaiting(broker: string): Promise<HalfMessagesWaiting> {
  const [half, op] = await Promise.all([peek(broker, halfTopic), peek(broker, opTopic)]);
  const ended = new Set<string>();
  for (const message of op.messages) {
    if (message.tag !== 'd') continue;
    for (const offset of message.body.toString('utf8').split(',')) if (offset.trim()) ended.add(`${message.queueId}:${offset.trim()}`);
  }
  // A message checked back is appended again with the same id before the checker's offset moves
  // past the old copy: count ids, not copies, and an id as ended when any of its copies is.
  // The op queue has the same queue id as the half queue it ends (TransactionalMessageServiceImpl.getOpQueue).
  const isEnded = (message: StoredMessage) => ended.has(`${message.queueId}:${message.queueOffset}`);
  const endedIds = new Set(half.messages.filter(isEnded).map(idOf));
  const waiting = new Map<string, string>();
  for (const message of half.messages) {
    if (!endedIds.has(idOf(message))) waiting.set(idOf(message), message.properties.REAL_TOPIC ?? halfTopic);
  }
  const byTopic: Record<string, number> = {};
  for (const topic of waiting.values()) byTopic[topic] = (byTopic[topic] ?? 0) + 1;
  return { byTopic, complete: half.complete && op.complete };
}

/** The id the producer gave the message (UNIQ_KEY), kept by every copy; the queue position for the rare message without one. */
const idOf = (message: StoredMessage) => message.messageId ?? `${message.queueId}:${message.queueOffset}`;

/** A topic's messages from the checker group's offset on, in every queue (PEEK_MESSAGE with queueId −1). */
async function peek(broker: string, topic: string): Promise<{ messages: StoredMessage[]; complete: boolean }> {
  const response = await remotingCall(broker, RequestCode.peekMessage, {
    topic, queueId: '-1', maxMsgNums: String(peekMax), consumerGroup: checkerGroup,
  });
  // No transaction yet: the topic is made with the first half message. PULL_NOT_FOUND: nothing past the offset.
  if (response.code === ResponseCode.topicNotExist || response.code === ResponseCode.pullNotFound) return { messages: [], complete: true };
  const messages = decodeStoredMessages(expectSuccess(response, `the messages of ${topic}`));
  // restNum: max offset − the group's offset, summed over the queues (PeekMessageProcessor.peekMsgFromQueue).
  return { messages, complete: Number(response.extFields?.restNum ?? 0) <= messages.length };
}
