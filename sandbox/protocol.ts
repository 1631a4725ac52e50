/**
 * The sandbox HTTP API, shared by the server (sandbox/) and the page (src/).
 *
 *   GET  /api/health                 → HealthResponse
 *   POST /api/run                    (header X-Sandbox-Token, JSON RunRequest) → { runId } | ErrorResponse
 *   GET  /api/runs/<runId>/events    → text/event-stream; every `data:` is JSON (see RunEvents)
 *   POST /api/runs/<runId>/stop      (header X-Sandbox-Token) → { stopped: boolean }
 *   GET  /api/broker/…               (header X-Sandbox-Token) → the read-only console, see console-protocol.ts
 *
 * The token reaches pages served by the sandbox as <meta name="sandbox-token" content="…">.
 * A page without that meta tag is a static build: cells show recorded output and how to run locally.
 */

/** Example ids are paths under examples/ without ".ts", e.g. "00-hello/first-send". */
export const exampleIdPattern = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*){1,4}$/;

export interface RunRequest {
  /** The example to run, or for an exercise "<exercise>/check" to check `underTest`. */
  example: string;
  /** Edited source to run instead of the example file (TypeScript). */
  code?: string;
  /** For a check: the reader's version of the exercise (TypeScript); the check runs against it. */
  underTest?: string;
}

export interface HealthResponse {
  sandbox: 'ok';
  broker: { ready: boolean; endpoints: string; reason?: string; hint?: string };
}

export interface ErrorResponse {
  error: string;
}

/** SSE event name → the JSON in its data field. Every stream ends with exactly one `exit`. */
export interface RunEvents {
  start: { example: string; edited: boolean; queued: boolean };
  stdout: { text: string };
  stderr: { text: string };
  /** Structured data from examples/lib/workbook.ts emit(): charts and timelines. */
  event: { kind: string; [field: string]: unknown };
  /** The run passed its time limit and was killed; an `exit` follows. */
  timeout: { limitMs: number };
  /** The run passed a limit (output bytes or memory) and was killed; an `exit` follows. */
  limit: { what: 'output' | 'memory'; limit: number };
  /** The run ended. `code` is null when it was killed by a signal. */
  exit: { code: number | null; signal: string | null; durationMs: number };
}

export type RunEventName = keyof RunEvents;
