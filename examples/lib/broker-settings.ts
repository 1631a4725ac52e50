/**
 * The broker's settings as rocketmq/broker.conf gives them (both the local broker and the Docker
 * one read that file). Cells use them to explain what they measure, never to decide an outcome.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The number `key` is set to in rocketmq/broker.conf, or `fallback` when the file or key is missing. */
export function brokerSetting(key: string, fallback: number): number {
  try {
    const text = fs.readFileSync(path.join(process.cwd(), 'rocketmq', 'broker.conf'), 'utf8');
    const match = new RegExp(`^${key}=(\\d+)\\s*$`, 'm').exec(text);
    return match ? Number(match[1]) : fallback;
  } catch {
    return fallback;
  }
}

/** The transaction settings, with RocketMQ's defaults as fallbacks (BrokerConfig.java). */
export function transactionSettings() {
  return {
    /** How old a half message must be before its first check-back. */
    timeoutMs: brokerSetting('transactionTimeOut', 6000),
    /** How often the broker runs a round of check-backs. */
    checkIntervalMs: brokerSetting('transactionCheckInterval', 30_000),
    /** How many check-backs a half message gets before the broker gives up on it. */
    checkMax: brokerSetting('transactionCheckMax', 15),
  };
}
