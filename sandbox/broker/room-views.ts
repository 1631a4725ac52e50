/**
 * The console's views in a workshop room (WORKBOOK_NAMESPACE, room.ts). The reader's cells write
 * `hello`, the shared broker stores `alice-hello`: the console asks the broker for the room's name
 * and answers with the reader's, so the <BrokerView> beside a cell counts what that cell did,
 * not what the plain topic (or the rest of the room) holds. The overview lists the attendee's own
 * topics and groups beside RocketMQ's, not the other attendees'. Without a prefix nothing changes.
 *
 * A retry topic a redelivery names stays as the broker spells it (%RETRY%alice-g_alice-t): it is
 * where the copy is, and only the broker's name finds it in a tool such as mqadmin.
 */
import type { GroupView, MessagesView, OverviewView, TopicView } from '../console-protocol.ts';
import { inRoom, isInRoom, outOfRoom } from './room.ts';

export interface RoomViews {
  /** The broker's name for a topic or group the reader wrote. */
  name(name: string): string;
  /** A "not found" that names the broker's name, with what a room's attendee may have missed. */
  notFound(message: string): string;
  overview(view: OverviewView): OverviewView;
  topic(view: TopicView): TopicView;
  group(view: GroupView): GroupView;
  messages(view: MessagesView): MessagesView;
}

export function roomViews(prefix: string): RoomViews {
  const out = (name: string) => outOfRoom(name, prefix);
  const own = (name: string) => isInRoom(name, prefix);
  return {
    name: (name) => inRoom(name, prefix),
    notFound: (message) => (prefix
      ? `${message} (room ${prefix.slice(0, -1)}: the broker's name for yours; \`npm run broker -- topics\` creates the room's topics and groups)`
      : message),
    overview: (view) => ({
      ...view,
      topics: view.topics.filter((topic) => topic.kind === 'system' || own(topic.name)).map((topic) => ({ ...topic, name: out(topic.name) })),
      groups: view.groups.filter((group) => group.system || own(group.name)).map((group) => ({ ...group, name: out(group.name) })),
      waiting: view.waiting.filter((row) => own(row.topic)).map((row) => ({ ...row, topic: out(row.topic) })),
      ...(prefix ? { room: prefix.slice(0, -1) } : {}),
    }),
    topic: (view) => ({ ...view, topic: out(view.topic), groups: view.groups.filter(own).map(out) }),
    group: (view) => ({
      ...view,
      group: out(view.group),
      subscriptions: view.subscriptions.map((subscription) => ({ ...subscription, topic: out(subscription.topic) })),
      queues: view.queues.map((queue) => ({ ...queue, topic: out(queue.topic) })),
    }),
    messages: (view) => ({
      ...view,
      topic: out(view.topic),
      messages: view.messages.map((message) => ({
        ...message,
        topic: out(message.topic),
        redeliveries: message.redeliveries.map((redelivery) => ({ ...redelivery, group: out(redelivery.group) })),
      })),
    }),
  };
}
