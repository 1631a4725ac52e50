/** Replaying a recorded run: each event at its recorded time, or evenly over the run when a recording has no times. */
import { describe, expect, it } from 'vitest';
import { replayTimes } from '../../src/scripts/replay.ts';

describe('replay times', () => {
  it('uses each event\'s t (ms since the run started)', () => {
    const events = [
      { event: 'stdout', data: { text: 'a\n' }, t: 12 },
      { event: 'event', data: { kind: 'sample' }, t: 410 },
      { event: 'exit', data: { code: 0, durationMs: 1000 }, t: 998 },
    ];
    expect(replayTimes(events)).toEqual([12, 410, 998]);
  });

  it('never goes back in time, even when events arrived out of order', () => {
    expect(replayTimes([{ event: 'stdout', data: {}, t: 50 }, { event: 'stderr', data: {}, t: 40 }, { event: 'exit', data: {}, t: 60 }])).toEqual([50, 50, 60]);
  });

  it('spreads a recording without times evenly over the duration its exit reports', () => {
    const events = [
      { event: 'stdout', data: { text: 'a\n' } },
      { event: 'stdout', data: { text: 'b\n' } },
      { event: 'stdout', data: { text: 'c\n' } },
      { event: 'exit', data: { code: 0, durationMs: 900 } },
    ];
    expect(replayTimes(events)).toEqual([0, 300, 600, 900]);
  });

  it('spaces events a tenth of a second apart when the duration is unknown too', () => {
    expect(replayTimes([{ event: 'stdout', data: {} }, { event: 'stdout', data: {}, t: 5 }, { event: 'timeout', data: {} }])).toEqual([0, 100, 200]);
  });
});
