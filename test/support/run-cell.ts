/** Run an example through the real sandbox API, as the page does, and collect what it streamed. */
import { parseEventStream } from '../../sandbox/event-stream.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';

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

/** POST /api/run and read its event stream to the end. */
export async function runCell(example: string, options: { code?: string; underTest?: string } = {}): Promise<CellResult> {
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
