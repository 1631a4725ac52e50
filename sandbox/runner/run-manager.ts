/** Admits runs: a few execute at once, a bounded number wait, the rest are refused. */
import type { Limits } from '../limits.ts';
import { Run, type RunSpec } from './run.ts';
import { WarmPool } from './warm-pool.ts';

export class RunManager {
  readonly #runs = new Map<string, Run>();
  readonly #waiting: Run[] = [];
  #executing = 0;
  readonly #pool: WarmPool;
  /** How many runs have been admitted since the start (tests check refused requests start none). */
  admitted = 0;

  constructor(private readonly limits: Limits) {
    this.#pool = new WarmPool(limits);
  }

  /** The warm processes runs are taken from. */
  get pool(): WarmPool {
    return this.#pool;
  }

  async open(): Promise<void> {
    await this.#pool.open();
  }

  /** Start or queue a run; undefined when the queue is full. */
  submit(spec: RunSpec): Run | undefined {
    if (this.#executing >= this.limits.concurrentRuns && this.#waiting.length >= this.limits.queuedRuns) return undefined;
    const run = new Run(spec, this.limits);
    this.admitted++;
    this.#runs.set(run.id, run);
    const queued = this.#executing >= this.limits.concurrentRuns;
    run.push('start', { example: spec.example, edited: spec.code !== undefined, queued });
    if (queued) this.#waiting.push(run);
    else this.#execute(run);
    run.onDone(() => setTimeout(() => this.#runs.delete(run.id), this.limits.keepFinishedRunMs).unref());
    return run;
  }

  /** A run by its id (an unguessable capability). */
  get(id: string): Run | undefined {
    return this.#runs.get(id);
  }

  /** Stop a run, whether it executes or waits. */
  stop(run: Run): void {
    const index = this.#waiting.indexOf(run);
    if (index >= 0) {
      this.#waiting.splice(index, 1);
      run.cancel();
      return;
    }
    run.stop();
  }

  /** Stop everything and the warm pool. */
  async close(): Promise<void> {
    for (const run of this.#waiting.splice(0)) run.cancel();
    const executing = [...this.#runs.values()].filter((run) => !run.finished);
    for (const run of executing) run.stop();
    await Promise.all(executing.map((run) => new Promise<void>((resolve) => run.onDone(resolve))));
    this.#pool.close();
  }

  #execute(run: Run): void {
    this.#executing++;
    run.execute(this.#pool).catch((error) => {
      run.fail(`sandbox error: ${(error as Error).message}`);
    }).finally(() => {
      this.#executing--;
      const next = this.#waiting.shift();
      if (next) this.#execute(next);
    });
  }
}
