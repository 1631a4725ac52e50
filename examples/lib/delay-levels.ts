/**
 * RocketMQ 4.x delay levels, for readers of code that uses them (the article's Go client:
 * `msg.WithDelayTimeLevel(4)` = 30 s). RocketMQ 5's gRPC clients have no levels: a message carries
 * its delivery time instead (`delay` in ms, or `deliveryTimestamp`). These map one to the other.
 *
 *   await producer.send({ topic, body, deliveryTimestamp: deliveryTimeForLevel(2) }); // in 5 s
 *
 * The list is the broker's default `messageDelayLevel` (MessageStoreConfig.java), which the
 * proxy repeats in ProxyConfig.java for its `useDelayLevel` mode.
 */

/** The 18 levels, level 1 first: "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h". */
export const DELAY_LEVELS = ['1s', '5s', '10s', '30s', '1m', '2m', '3m', '4m', '5m', '6m', '7m', '8m', '9m', '10m', '20m', '30m', '1h', '2h'] as const;

const unitMs = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The delay of a 4.x level in ms: delayForLevel(2) = 5000. Levels run from 1 to 18. */
export function delayForLevel(level: number): number {
  const name = DELAY_LEVELS[level - 1];
  if (!Number.isInteger(level) || !name) {
    throw new RangeError(`delay level ${level} does not exist: levels run from 1 (${DELAY_LEVELS[0]}) to ${DELAY_LEVELS.length} (${DELAY_LEVELS.at(-1)})`);
  }
  return Number(name.slice(0, -1)) * unitMs[name.at(-1) as keyof typeof unitMs];
}

/** When a message sent now (or at `from`) with a 4.x level would be delivered: the value for `deliveryTimestamp`. */
export function deliveryTimeForLevel(level: number, from: Date = new Date()): Date {
  return new Date(from.getTime() + delayForLevel(level));
}

/**
 * The level a 5.x proxy with `useDelayLevel: true` uses for a delay: the shortest level longer
 * than it, or the longest level (ProxyConfig.computeDelayLevel). The workbook's proxy has the
 * setting off, so its broker delivers at the exact time instead.
 */
export function levelForDelay(delayMs: number): number {
  const index = DELAY_LEVELS.findIndex((_, i) => delayForLevel(i + 1) > delayMs);
  return index < 0 ? DELAY_LEVELS.length : index + 1;
}
