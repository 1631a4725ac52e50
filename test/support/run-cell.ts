/** Run an example through the real sandbox API, as the page does, and collect what it streamed. */
import { parseEventStream } from '../../sandbox/event-stream.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { sharedResult, withCell } from './cell-locks.ts';

export { parseEventStream };

export interface CellResult {
  stdout: string;
  stderr: string;
  events: Record<string, unknown>[];
  exitCode: number | null;
  timedOut: boolean;
  limited?: string;
  durationMs: number;
}

let shared: Promise<Sandbox> | undefined;

/** One sandbox per test file, started on first use on a free port. */
export function sandbox(): Promise<Sandbox> {
  shared ??= startSandbox({ port: 0 });
  return shared;
}

/** Stop the shared sandbox (call in afterAll). */
export async function closeSandbox(): Promise<void> {
  if (shared) await (await shared).close();
  shared = undefined;
}

/**
 * The suite's run of a cell through POST /api/run, read to the end of its event stream. Test files
 * run at the same time (vitest.config.ts): the first file to ask for a cell (with the same code)
 * runs it, and every other file that asks gets that same result, so every-cell.test.ts and the
 * chapter tests never run a cell twice. `fresh: true` asks for a run of one's own (a test that
 * prepares the broker first, or runs a cell twice on purpose). Either way no two runs of one cell
 * overlap: they would share its consumer groups.
 */
export function runCell(example: string, options: { code?: string; underTest?: string; fresh?: boolean } = {}): Promise<CellResult> {
  const { fresh, ...request } = options;
  if (fresh) return withCell(example, () => runCellNow(example, request));
  return sharedResult(example, JSON.stringify(request), () => runCellNow(example, request));
}

async function runCellNow(example: string, options: { code?: string; underTest?: string }): Promise<CellResult> {
  const box = await sandbox();
  const response = await fetch(`${box.url}/api/run`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': box.token },
    body: JSON.stringify({ example, ...options }),
  });
  const body = (await response.json()) as { runId?: string; error?: string };
  if (!body.runId) throw new Error(`POST /api/run ${example} → ${response.status}: ${body.error}`);
  const stream = await fetch(`${box.url}/api/runs/${body.runId}/events`);
  const result: CellResult = { stdout: '', stderr: '', events: [], exitCode: null, timedOut: false, durationMs: 0 };
  for (const { event, data } of parseEventStream(await stream.text())) {
    if (event === 'stdout') result.stdout += data.text;
    else if (event === 'stderr') result.stderr += data.text;
    else if (event === 'event') result.events.push(data);
    else if (event === 'timeout') result.timedOut = true;
    else if (event === 'limit') result.limited = String(data.what);
    else if (event === 'exit') {
      result.exitCode = data.code as number | null;
      result.durationMs = data.durationMs as number;
    }
  }
  return result;
}
