/**
 * The console's read-only API, shared by the sandbox (sandbox/http/console-api.ts) and the page
 * (src/scripts/broker-api.ts). Every call is a GET with the header X-Sandbox-Token; anything else
 * is refused, because nothing here may change the broker.
 *
 *   GET /api/broker/overview                     → OverviewView
 *   GET /api/broker/topics/<topic>               → TopicView
 *   GET /api/broker/groups/<group>               → GroupView
 *   GET /api/broker/messages?topic=…&id=…        → MessagesView (by message id)
 *   GET /api/broker/messages?topic=…&key=…       → MessagesView (by key)
 *
 * Errors are ConsoleError with 400 (bad name), 401 (token), 404 (no such topic, group or message),
 * 405 (not a GET), 429 (asked too often), 503 (the broker does not answer).
 */
import type { GroupQueueProgress, QueueOffsets } from './broker/inspect.ts';

export interface ConsoleError {
  error: string;
  hint?: string;
}

export interface BrokerSummary {
  cluster: string;
  name: string;
  /** Remoting address (host:port) of the master. */
  address: string;
  /** As the broker reports it: V5_3_3. */
  version: string;
  bootedAt?: string;
  /** Share of the commit log's disk in use, 0–1 (the broker refuses writes above diskMaxUsedSpaceRatio). */
  commitLogDiskRatio?: number;
  diskCapacity?: string;
  /** Messages stored today. */
  messagesPutToday?: number;
}

export interface TopicSummary {
  name: string;
  /** The message.type attribute: NORMAL, FIFO, DELAY, TRANSACTION, or UNSPECIFIED. */
  type: string;
  readQueues: number;
  writeQueues: number;
  /** RocketMQ's own topics (TopicValidator.isSystemTopic), retry (%RETRY%) and dead-letter (%DLQ%) topics. */
  kind: 'user' | 'system' | 'retry' | 'dlq';
}

export interface GroupSummary {
  name: string;
  /** consumeMessageOrderly: a FIFO group. */
  orderly: boolean;
  retryMaxTimes: number;
  system: boolean;
}

/** Messages the broker holds back from a topic's queues, by topic (topics with none are left out). */
export interface WaitingRow {
  topic: string;
  /** Half messages whose transaction has not ended (TopicView.halfWaiting). */
  half: number;
  /** Delay messages not yet due (TopicView.timerWaiting). */
  timer: number;
}

export interface OverviewView {
  namesrv: string;
  brokers: BrokerSummary[];
  topics: TopicSummary[];
  groups: GroupSummary[];
  waiting: WaitingRow[];
  /** False when some broker had more half messages waiting than one read returns: the half counts are then approximate. */
  halfWaitingComplete: boolean;
  /**
   * The sandbox's workshop room (WORKBOOK_NAMESPACE), when it has one: names are then the
   * reader's (`hello`, stored as `<room>-hello`), and other rooms' topics and groups are left out.
   */
  room?: string;
  readAt: string;
}

/** A queue's offsets (inspect.ts QueueOffsets), its time as ISO text. */
export type QueueRow = Omit<QueueOffsets, 'lastStoredAt'> & { lastStoredAt?: string };

export interface TopicView {
  topic: string;
  queues: QueueRow[];
  /** Sum of max offsets: every message ever stored in the topic. */
  maxOffsetTotal: number;
  /** Sum of (max − min): the messages still stored. */
  stored: number;
  /**
   * Delay messages for this topic still waiting in the broker's timer (TimerMetrics.timingCount):
   * they enter the topic's queues, and its max offsets, only when due.
   */
  timerWaiting: number;
  /**
   * Half messages of this topic whose transaction has not ended: sent, neither committed nor
   * rolled back, checked back or still to be (sandbox/broker/half-messages.ts). Not in the topic's
   * queues, nor its max offsets, until committed.
   */
  halfWaiting: number;
  /** False when the broker had more half messages waiting than one read returns: halfWaiting is then approximate (half-messages.ts). */
  halfWaitingComplete: boolean;
  /** Groups online or with an offset in it. */
  groups: string[];
  readAt: string;
}

/** A group's progress in a queue (inspect.ts GroupQueueProgress), its time as ISO text. */
export type GroupQueueRow = Omit<GroupQueueProgress, 'lastConsumedAt'> & { lastConsumedAt?: string };

export interface GroupView {
  group: string;
  /** Clients online now; empty when none. */
  clients: { clientId: string; address: string; language: string; version: number }[];
  subscriptions: { topic: string; expressionType: string; expression: string }[];
  consumeType?: string;
  messageModel?: string;
  queues: GroupQueueRow[];
  /** Sum of lag over the queues (of `topic` when the request named one). */
  lag: number;
  readAt: string;
}

export interface MessageRow {
  topic: string;
  queueId: number;
  queueOffset: number;
  messageId?: string;
  tag?: string;
  keys: string[];
  bornAt: string;
  storedAt: string;
  /** RECONSUME_TIME of this copy: 0 on the message in its own topic (the broker records redeliveries on its retry copies). */
  reconsumeTimes: number;
  /** Per consumer group that the broker handed this message out to again: see Redelivery. */
  redeliveries: Redelivery[];
  properties: Record<string, string>;
  bodyBytes: number;
  /** The body as UTF-8, cut at 2 KiB. */
  bodyText: string;
}

/**
 * A group that did not acknowledge a message in time gets it again through a copy the broker
 * writes to the group's retry topic, RECONSUME_TIME one higher each time (PopReviveService
 * .reviveRetry): the broker's record of delivery attempts. A first delivery leaves no mark on the
 * message (the group's offset says how far it has read).
 */
export interface Redelivery {
  group: string;
  /** Where the latest copy is: %RETRY%<group>_<topic> (or %RETRY%<group>+<topic> with enableRetryTopicV2). */
  retryTopic: string;
  /** RECONSUME_TIME of the latest copy: the times the broker handed it out again to this group. */
  reconsumeTimes: number;
  /** reconsumeTimes + 1: the delivery attempt the client sees on that copy (MessageView.deliveryAttempt). */
  deliveryAttempts: number;
}

export interface MessagesView {
  topic: string;
  by: 'id' | 'key';
  value: string;
  messages: MessageRow[];
}
