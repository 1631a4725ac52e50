/** examples/lib/delay-levels.ts: the article's 4.x delay levels as 5.x delivery times. */
import { describe, expect, it } from 'vitest';
import { DELAY_LEVELS, delayForLevel, deliveryTimeForLevel, levelForDelay } from '../../examples/lib/delay-levels.ts';

describe('delay levels', () => {
  it('maps the 18 levels to their delays, 1 s to 2 h', () => {
    expect(DELAY_LEVELS).toHaveLength(18);
    expect([1, 2, 3, 4, 5, 14, 15, 16, 17, 18].map(delayForLevel)).toEqual(
      [1000, 5000, 10_000, 30_000, 60_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000]);
  });

  it('refuses levels that do not exist, saying which do', () => {
    for (const level of [0, 19, 2.5]) expect(() => delayForLevel(level)).toThrow(/levels run from 1 \(1s\) to 18 \(2h\)/);
  });

  it('gives the delivery time of a level counted from a moment', () => {
    const from = new Date('2025-01-01T12:00:00.000Z');
    expect(deliveryTimeForLevel(4, from).toISOString()).toBe('2025-01-01T12:00:30.000Z');
  });

  it('picks the level a proxy with useDelayLevel would: the shortest one longer than the delay, or the longest', () => {
    expect(levelForDelay(0)).toBe(1);
    expect(levelForDelay(1000)).toBe(2);
    expect(levelForDelay(7000)).toBe(3);
    expect(levelForDelay(86_400_000)).toBe(18);
  });
});
