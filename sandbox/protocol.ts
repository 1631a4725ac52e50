/**
 * The sandbox HTTP API, shared by the server (sandbox/) and the page (src/).
 *
 *   GET  /api/health                 → HealthResponse
 *   POST /api/run                    (header X-Sandbox-Token, JSON RunRequest) → { runId } | ErrorResponse
 *   GET  /api/runs/<runId>/events    → text/event-stream; every `data:` is JSON (see RunEvents)
 *   POST /api/runs/<runId>/stop      (header X-Sandbox-Token) → { stopped: boolean }
 *   POST /api/runs/<runId>/fault     (header X-Sandbox-Token, no body) → FaultResponse | ErrorResponse
 *   GET  /api/broker/…               (header X-Sandbox-Token) → the read-only console, see console-protocol.ts
 *   GET  /api/progress               (header X-Sandbox-Token) → ProgressResponse
 *   POST /api/progress/reset         (header X-Sandbox-Token, JSON { exercise?: string }) → ProgressResponse
 *
 * Progress is the workshop's one record on disk (sandbox/workshop/progress.ts): a Check run through
 * /api/run records its own result when it ends, and `npm run workshop` reads and writes the same file.
 *
 * The fault route pauses the local broker for the seconds the running cell declares
 * (`// @outage 15s` in its first 10 lines; sandbox/faults/). It answers 404 for an unknown run,
 * 400 when the cell declares no outage, 409 when the run is not running or a fault is already on,
 * 503 when the broker is not the workbook's own (FaultAvailability says why). The fault ends when
 * its time is up, when the run ends (Stop, time limit, or by itself) or when the sandbox closes;
 * a watchdog outside the sandbox ends it even if the sandbox is killed.
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

/** Every exercise on the site in reader order, with its status in the progress record. */
export interface ProgressResponse {
  exercises: { id: string; chapter: string; title: string; status: 'not started' | 'started' | 'failing' | 'done' }[];
}

export interface HealthResponse {
  sandbox: 'ok';
  broker: { ready: boolean; endpoints: string; reason?: string; hint?: string };
  /** Whether an @outage cell's "pause the broker" control can work with this broker. */
  faults: FaultAvailability;
}

/** The page's broker fault is possible only on the broker the workbook runs itself; otherwise the reason is shown beside the control. */
export type FaultAvailability = { available: true } | { available: false; reason: string };

/** POST /api/runs/<runId>/fault: the broker JVM is paused (SIGSTOP) for `seconds`, then resumed (SIGCONT). */
export interface FaultResponse {
  fault: { kind: 'pause'; seconds: number };
}

/**
 * The sandbox's own structured events around a fault, in the run's stream as `event`s: marks on
 * the "broker" lane (the <Timeline> contract of examples/lib/timeline.ts; `t` counts from when
 * the example's code started, as the cell's own marks do), with `fault` telling the start from the end.
 */
export interface FaultMark {
  kind: 'mark';
  lane: 'broker';
  label: string;
  t: number;
  detail: string;
  fault: 'start' | 'end';
  /** On the start: how long the pause lasts. */
  seconds?: number;
  /**
   * On the end: what ended it. The end mark comes before the run's `exit`, except when the run's
   * stream closes within a moment (one 200 ms check) of its process ending; the broker is resumed either way.
   */
  endedBy?: 'time' | 'run' | 'sandbox';
}

/** An @outage cell's cue, "take the broker away now" (examples/lib/outage.ts): the page points at the control, `npm run record` presses it. */
export interface OutageCue {
  kind: 'outage-cue';
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
