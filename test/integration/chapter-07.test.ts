/**
 * Chapter 7, "Operating RocketMQ": the broker-status cell runs through the sandbox API against
 * the real broker, and what the page says it shows is checked against the broker's own answers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { topicBrokers, topicOffsets } from '../../sandbox/broker/inspect.ts';
import { closeSandbox, runCell, type CellResult } from '../support/run-cell.ts';

afterAll(() => closeSandbox());

/** Run a cell and insist it ended cleanly; the output travels with every failure message. */
async function cleanRun(id: string): Promise<CellResult> {
  const result = await runCell(id);
  expect(result.timedOut, result.stdout + result.stderr).toBe(false);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  return result;
}

describe('broker status', () => {
  it('shows each broker with its version and disk use, the topic\'s four queues, and a lag that is stored minus handed out', async () => {
    const result = await cleanRun('07-operating/broker-status');
    expect(result.stdout).toMatch(/^broker \S+ in cluster \S+ at \S+:\d+: V5_3_3, commit log disk \d+ % used$/m);
    const queues = [...result.stdout.matchAll(/^ {2}queue (\d+): min offset (\d+), max offset (\d+)$/gm)].map((m) => m.slice(1).map(Number));
    expect(queues.map(([queueId]) => queueId)).toEqual([0, 1, 2, 3]);

    const summary = /^summary: brokers (\d+), queues (\d+), stored (\d+), handed (\d+), lag (\d+|none)$/m.exec(result.stdout);
    expect(summary, result.stdout).not.toBeNull();
    const [brokers, queueCount, stored, handed] = summary!.slice(1, 5).map(Number);
    expect([brokers, queueCount]).toEqual([1, 4]);
    // Nothing else writes to flash-sale during this test: the cell's figures are the broker's.
    const [broker] = await topicBrokers(brokerEndpoints().namesrv, 'flash-sale');
    const offsets = (await topicOffsets(broker.address, 'flash-sale'))!;
    expect(stored).toBe(offsets.reduce((sum, queue) => sum + queue.maxOffset, 0));
    expect(queues.map(([, , max]) => max)).toEqual(offsets.map((queue) => queue.maxOffset));
    if (summary![5] !== 'none') expect(Number(summary![5])).toBe(stored - handed);
  });
});
