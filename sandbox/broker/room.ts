/**
 * A room of attendees on one shared broker: WORKBOOK_NAMESPACE=alice gives every topic and
 * consumer group an attendee uses a name of their own, `alice-hello` for `hello`. Unset, names
 * stay exactly as written.
 *
 * Why a prefix and not RocketMQ's namespaces: with proxy 5.3.3 and rocketmq-client-nodejs 1.0.8,
 * a client's `namespace` option does not isolate anything. A producer with namespace "alice"
 * stores its messages under the plain topic, and a consumer with namespace "bob" receives them
 * (the instructor guide, src/pages/instructor-guide.astro, shows the run).
 *
 * The names keep RocketMQ's rules (TopicValidator.java in 5.3.3: characters [%|a-zA-Z0-9_-],
 * a topic at most 127 long). A group's retry and dead-letter topics are %RETRY%<group> and
 * %DLQ%<group> (MixAll.java): the prefix goes after the %…% marker, so `%DLQ%orders` becomes
 * `%DLQ%alice-orders`, the dead-letter topic of the group `alice-orders`.
 */

/** Letters, digits and _ only: a "-" inside the prefix could make two attendees' names meet (`a-b-x`). */
const prefixPattern = /^[A-Za-z0-9_]{1,32}$/;
/** The %RETRY% / %DLQ% markers RocketMQ puts in front of a group's name. */
const marker = /^(%RETRY%|%DLQ%)?/;

/** The attendee's prefix from WORKBOOK_NAMESPACE, or '' for none; throws with what to do when it is not usable. */
export function roomPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const namespace = env.WORKBOOK_NAMESPACE ?? '';
  if (namespace === '') return '';
  if (!prefixPattern.test(namespace)) {
    throw new Error(`WORKBOOK_NAMESPACE=${JSON.stringify(namespace)} cannot prefix RocketMQ names: ` +
      'use 1 to 32 letters, digits or _ (e.g. WORKBOOK_NAMESPACE=alice).');
  }
  return `${namespace}-`;
}

/** The broker's name for a topic or group the attendee wrote: `hello` → `alice-hello`, `%DLQ%g` → `%DLQ%alice-g`. */
export function inRoom(name: string, prefix = roomPrefix()): string {
  if (!prefix || name === '') return name;
  const [head] = marker.exec(name)!;
  return head + prefix + name.slice(head.length);
}

/** The attendee's name for a name the broker gave: the inverse of inRoom(); another attendee's name stays as it is. */
export function outOfRoom(name: string, prefix = roomPrefix()): string {
  if (!prefix) return name;
  const [head] = marker.exec(name)!;
  return name.startsWith(prefix, head.length) ? head + name.slice(head.length + prefix.length) : name;
}

/** True for a broker-side name that belongs to this attendee (always, without a prefix). */
export function isInRoom(name: string, prefix = roomPrefix()): boolean {
  const [head] = marker.exec(name)!;
  return !prefix || name.startsWith(prefix, head.length);
}
