/** Every limit the sandbox enforces, in one place. */
export const limits = {
  /** A run is killed after this long unless its file declares `// @timeout 60s`. */
  defaultRunTimeMs: 30_000,
  /** The most a file may ask for with `// @timeout`. */
  maxRunTimeMs: 180_000,
  /** stdout + stderr + events of one run; past it the run is killed with a `limit` event. */
  outputBytes: 1_000_000,
  /** V8 heap of a run (--max-old-space-size). */
  heapMiB: 256,
  /** Resident memory of a run, checked every memoryPollMs; covers Buffers outside the V8 heap. */
  residentMiB: 768,
  memoryPollMs: 200,
  /** Runs executing at once; more wait in the queue. The machine may have 2 cores. */
  concurrentRuns: 3,
  /**
   * Booted processes kept waiting for the next run, and for the next Check (a check's process
   * boots a second one for the program under test). Sized with `npm run bench:run`: see there.
   */
  warmRunProcesses: 2,
  warmCheckProcesses: 1,
  /** Runs waiting; past it POST /api/run answers 429. */
  queuedRuns: 8,
  /** Largest request body accepted (edited code). */
  requestBodyBytes: 256 * 1024,
  /** Finished runs keep their events this long so a late EventSource still gets them. */
  keepFinishedRunMs: 5 * 60_000,
  /** A killed run's process group gets this long after SIGTERM before SIGKILL. */
  killGraceMs: 1500,
} as const;

/** The limits of one sandbox; tests shorten them. */
export type Limits = { -readonly [K in keyof typeof limits]: number };
