/**
 * Run an outage cell (`// @outage`) through the sandbox while the local broker really stops and
 * starts again, as the page asks the reader to do: the broker goes away once `when(stdout)` is
 * true, stays away `downMs`, and comes back.
 */
import { startBroker, stopBroker } from '../../sandbox/broker/local-broker.ts';
import { parseEventStream, sandbox } from './run-cell.ts';

export interface OutageRun {
  stdout: string;
  exitCode: number | null | undefined;
  timedOut: boolean;
  /** Whether the broker was taken away during the run. */
  outage: boolean;
}

/** Run `example` with `code` (an edited cell), stopping the broker for `downMs` once `when(stdout)` holds. */
export async function runThroughOutage(example: string, code: string, when: (stdout: string) => boolean, downMs: number,
  log: (line: string) => void): Promise<OutageRun> {
  const box = await sandbox();
  const response = await fetch(`${box.url}/api/run`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': box.token },
    body: JSON.stringify({ example, code }),
  });
  const { runId } = (await response.json()) as { runId: string };
  const reader = (await fetch(`${box.url}/api/runs/${runId}/events`)).body!.getReader();
  const decoder = new TextDecoder();
  const run: OutageRun = { stdout: '', exitCode: undefined, timedOut: false, outage: false };
  let outage: Promise<void> | undefined;
  let buffered = '';
  while (run.exitCode === undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const end = buffered.lastIndexOf('\n\n');
    if (end < 0) continue;
    for (const { event, data } of parseEventStream(buffered.slice(0, end + 2))) {
      if (event === 'stdout') run.stdout += data.text;
      if (event === 'timeout') run.timedOut = true;
      if (event === 'exit') run.exitCode = data.code;
    }
    buffered = buffered.slice(end + 2);
    if (!outage && when(run.stdout)) {
      run.outage = true;
      outage = (async () => {
        await stopBroker(log);
        log('stopped');
        await new Promise((resolve) => setTimeout(resolve, downMs));
        await startBroker(log);
        log('the broker answers again');
      })();
    }
  }
  await outage;
  return run;
}
