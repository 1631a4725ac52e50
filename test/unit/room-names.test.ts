/** WORKBOOK_NAMESPACE's names (sandbox/broker/room.ts): what the broker sees for what a program wrote, and back. */
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../sandbox/broker/manifest.ts';
import { inRoom, isInRoom, outOfRoom, roomPrefix } from '../../sandbox/broker/room.ts';

describe('room names', () => {
  const prefix = roomPrefix({ WORKBOOK_NAMESPACE: 'alice' });

  it('prefixes topics and groups, and a group\'s retry and dead-letter topics after their marker', () => {
    expect(prefix).toBe('alice-');
    expect(inRoom('hello', prefix)).toBe('alice-hello');
    expect(inRoom('%DLQ%orders', prefix)).toBe('%DLQ%alice-orders');
    expect(inRoom('%RETRY%orders', prefix)).toBe('%RETRY%alice-orders');
    expect(inRoom('', prefix)).toBe('');
  });

  it('takes the prefix off what comes back, and leaves another attendee\'s names alone', () => {
    for (const name of ['hello', '%DLQ%orders', '%RETRY%orders', 'a-b-c']) expect(outOfRoom(inRoom(name, prefix), prefix)).toBe(name);
    expect(outOfRoom('bob-hello', prefix)).toBe('bob-hello');
    expect(isInRoom('bob-hello', prefix)).toBe(false);
    expect(isInRoom('%DLQ%alice-orders', prefix)).toBe(true);
  });

  it('changes nothing without WORKBOOK_NAMESPACE', () => {
    expect(roomPrefix({})).toBe('');
    expect(inRoom('hello', '')).toBe('hello');
    expect(outOfRoom('alice-hello', '')).toBe('alice-hello');
  });

  it('refuses a namespace that is not a safe prefix, saying what to use', () => {
    for (const bad of ['al-ice', 'a%b', 'x'.repeat(33), 'a b']) {
      expect(() => roomPrefix({ WORKBOOK_NAMESPACE: bad })).toThrow(/use 1 to 32 letters, digits or _/);
    }
  });

  it('keeps every manifest topic within the broker\'s 127 characters with the longest prefix (TopicValidator.java)', () => {
    const longest = roomPrefix({ WORKBOOK_NAMESPACE: 'x'.repeat(32) });
    for (const { name } of readManifest().topics) {
      const named = inRoom(name, longest);
      expect(named.length, named).toBeLessThanOrEqual(127);
      expect(named).toMatch(/^[%|a-zA-Z0-9_-]+$/);
    }
  });
});
