/**
 * What an operator asks a broker, for cells: the cluster, a topic's queues, a group's progress.
 * Read-only, over RocketMQ's remoting protocol as mqadmin and the dashboard speak it; the calls
 * live in sandbox/broker/console-views.ts (one implementation, shared with the console page).
 * The name server comes from ROCKETMQ_NAMESRV, which the sandbox gives every run. In a room on one
 * broker (WORKBOOK_NAMESPACE), a topic or group is the attendee's own (sandbox/broker/room.ts).
 */
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { inRoom } from '../../sandbox/broker/room.ts';
import { groupView, NotFound, overview, topicView } from '../../sandbox/broker/console-views.ts';

export type { GroupView, OverviewView, TopicView } from '../../sandbox/console-protocol.ts';

/** The brokers, topics and groups the name server knows (like `mqadmin clusterList` and `topicList`). */
export const clusterInfo = () => overview(brokerEndpoints().namesrv);

/** Min and max offset of every queue of `topic` (like `mqadmin topicStatus`). */
export const topicStatus = (topic: string) => topicView(brokerEndpoints().namesrv, inRoom(topic));

/** A group's offset and lag in every queue of `topic` (like `mqadmin consumerProgress`); undefined when the broker has no such group. */
export async function groupProgress(group: string, topic: string) {
  try {
    return await groupView(brokerEndpoints().namesrv, inRoom(group), inRoom(topic));
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
}
