/**
 * Checks an attendee's file the way the page's Check button does: the same RunSpec goes to the
 * same runner (sandbox/runner: compiled with esbuild, run in a warm process under the sandbox's
 * limits, the exercise's check.ts running the file as its program under test), and the same
 * events are printed as the page's output panel reads them (src/lib/run-output.ts).
 */
import fs from 'node:fs';
import { brokerEndpoints } from '../broker/endpoints.ts';
import { brokerAnswers } from '../broker/local-broker.ts';
import { declaredTimeoutMs, resolveExample } from '../examples.ts';
import { limits } from '../limits.ts';
import { RunManager } from '../runner/run-manager.ts';
import { describeRunEvent } from '../../src/lib/run-output.ts';
import { recordCheck } from './progress.ts';
import type { WorkshopExercise } from './exercises.ts';

export interface CheckOutcome {
  passed: boolean;
  /** Why the check could not run at all (no broker); undefined when it ran. */
  problem?: string;
}

/** One runner for a session of checks (`workshop watch` keeps it; the warm process is ready for the next save). */
export class Checker {
  #runs: RunManager | undefined;

  /** Write output as it comes; the default is the terminal. */
  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(text)) {}

  async check(exercise: WorkshopExercise, file = exercise.workFile): Promise<CheckOutcome> {
    // A busy machine can miss the probe's 3 s deadline once: ask three times before saying the broker is down.
    let broker = await brokerAnswers(brokerEndpoints());
    for (let attempt = 1; attempt < 3 && !broker.ok && /DEADLINE_EXCEEDED/.test(broker.reason); attempt++) broker = await brokerAnswers(brokerEndpoints());
    if (!broker.ok) {
      const problem = `RocketMQ does not answer at ${brokerEndpoints().grpc} (${broker.reason}).\n`
        + 'Start it with `npm run broker -- start` (or `docker compose up -d`), or point ROCKETMQ_ENDPOINTS and ROCKETMQ_NAMESRV at your workshop\'s broker, then check again.';
      return { passed: false, problem };
    }
    const check = resolveExample(`${exercise.id}/check`);
    if ('error' in check) throw new Error(check.error);
    if (!this.#runs) {
      // One check at a time, with one warm process booted for it (the page's sandbox keeps more).
      this.#runs = new RunManager({ ...limits, concurrentRuns: 1, warmRunProcesses: 0, warmCheckProcesses: 1 });
      await this.#runs.open();
    }
    const run = this.#runs.submit({
      example: `${exercise.id}/check`,
      file: check.file,
      underTest: { file, code: fs.readFileSync(file, 'utf8') },
      timeoutMs: declaredTimeoutMs(fs.readFileSync(check.file, 'utf8'), limits),
    })!;
    let exitCode: number | null = null;
    run.watch(({ event, data }) => {
      const piece = describeRunEvent(event, data as unknown as Record<string, unknown>);
      if (event === 'exit') exitCode = (data as { code: number | null }).code;
      if (!piece || event === 'exit') return;
      this.write(piece.kind === 'stdout' || piece.kind === 'stderr' ? piece.text : `${piece.text}\n`);
    });
    await new Promise<void>((resolve) => run.onDone(resolve));
    const passed = exitCode === 0;
    recordCheck(exercise.id, passed, 'cli');
    return { passed };
  }

  async close(): Promise<void> {
    await this.#runs?.close();
    this.#runs = undefined;
  }
}
