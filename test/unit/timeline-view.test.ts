/** The timeline's markup (src/lib/timeline-view.ts): lanes, marks by time, labels, the table. */
import { describe, expect, it } from 'vitest';
import { describeMark, isMark, laneOrder, timeAxis, timelineLegendHtml, timelinePlotHtml, timelineTableRowsHtml, type TimelineMark } from '../../src/lib/timeline-view.ts';

const marks: TimelineMark[] = [
  { lane: 'consumer', label: 'delivered', t: 5200, id: 'msg-1', detail: 'attempt 1' },
  { lane: 'producer', label: 'sent', t: 100, id: 'msg-1' },
  { lane: 'broker', label: 'due', t: 5100, id: 'msg-1' },
  { lane: 'producer', label: 'sent', t: 150, id: 'msg-<2>' },
];

describe('timeline', () => {
  it('recognises marks and nothing else', () => {
    expect(isMark({ kind: 'mark', lane: 'a', label: 'b', t: 1 })).toBe(true);
    expect(isMark({ kind: 'sample', lane: 'a', label: 'b', t: 1 })).toBe(false);
    expect(isMark({ kind: 'mark', lane: 'a', label: 'b' })).toBe(false);
  });

  it('draws the preferred lanes first, then the others as they first appear', () => {
    expect(laneOrder(marks, ['producer'])).toEqual(['producer', 'consumer', 'broker']);
    const html = timelinePlotHtml(marks, ['producer', 'broker']);
    const lanes = [...html.matchAll(/class="wb-tl-lane-name" aria-hidden="true">([^<]*)</g)].map((m) => m[1]);
    expect(lanes).toEqual(['producer', 'broker', 'consumer']);
  });

  it('places marks by time on an axis that reaches past the last one', () => {
    const axis = timeAxis(marks);
    expect(axis[0]).toBe(0);
    expect(axis.at(-1)).toBeGreaterThanOrEqual(5200);
    const html = timelinePlotHtml(marks);
    const positions = [...html.matchAll(/wb-tl-mark[^"]*" style="--x:([\d.]+)%"/g)].map((m) => Number(m[1]));
    expect(positions).toHaveLength(4);
    expect(Math.max(...positions)).toBeLessThanOrEqual(100);
    // The delivered mark is to the right of the due mark.
    expect(positions[0]).toBeGreaterThan(positions[1]);
  });

  it('makes exactly one mark reachable with Tab, names every mark in words, and escapes what it prints', () => {
    const html = timelinePlotHtml(marks);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(describeMark(marks[0])).toBe('5.2 s, consumer: delivered msg-1 (attempt 1)');
    expect(html).toContain('aria-label="5.2 s, consumer: delivered msg-1 (attempt 1)"');
    expect(html).toContain('msg-&#60;2&#62;');
    expect(html).not.toContain('msg-<2>');
  });

  it('gives each label one legend entry, and lists every mark in the table in time order', () => {
    expect(timelineLegendHtml(marks).match(/<li>/g)).toHaveLength(3);
    const rows = timelineTableRowsHtml(marks);
    expect([...rows.matchAll(/<tr><td>([^<]*)</g)].map((m) => m[1])).toEqual(['0.1 s', '0.15 s', '5.1 s', '5.2 s']);
  });

  it('draws nothing before the first mark', () => {
    expect(timelinePlotHtml([])).toBe('');
  });
});
