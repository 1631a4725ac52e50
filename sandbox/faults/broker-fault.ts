/**
 * The broker fault an @outage cell's control asks for: pause the workbook's broker for the
 * seconds the cell declares, tied to that cell's run. One fault at a time; it ends when its time
 * is up, when the run ends or is stopped, or when the sandbox closes (and, should the sandbox
 * die, by the watchdog that pause.ts starts). Its start and end go into the run's stream as
 * marks on the "broker" lane.
 *
 * Why a pause and not a stop: `npm run bench:outage` measured both under load. A stop and start
 * took 19 s and 92 s (the JVM has to boot and register again), so "stop for 15 s" would have meant
 * two minutes or more; a pause applies and ends at once, so the outage lasts exactly as long as
 * the control says, and a hung broker is a real outage of its own (a long GC pause, a frozen VM).
 */
import fs from 'node:fs';
import { declaredOutageSeconds } from '../examples.ts';
import type { FaultMark } from '../protocol.ts';
import type { Run } from '../runner/run.ts';
import { faultAvailability } from './availability.ts';
import { pauseBroker, type Pause } from './pause.ts';

/** How often a fault looks whether its run still runs (a Stop or the run's end ends the fault). */
const RUN_POLL_MS = 200;

/** The answer to a fault request: the HTTP status and its JSON body. */
export type FaultAnswer = { status: 200; body: { fault: { kind: 'pause'; seconds: number } } } | { status: 400 | 409 | 503; body: { error: string } };

interface ActiveFault {
  run: Run;
  pause: Pause;
  timers: NodeJS.Timeout[];
}

export class BrokerFaults {
  #active: ActiveFault | undefined;

  /** Pause the broker for the seconds `run`'s cell declares, if every guard allows it. */
  start(run: Run): FaultAnswer {
    const seconds = declaredOutageSeconds(fs.readFileSync(run.spec.file, 'utf8'));
    if (seconds === undefined) return refuse(400, `${run.spec.example} does not demonstrate an outage (no "// @outage" line), so it has no broker fault.`);
    if (!run.running) return refuse(409, 'The cell is not running: press Run first, then pause the broker while it runs.');
    if (this.#active) return refuse(409, 'The broker is already paused; one fault at a time.');
    const availability = faultAvailability();
    if (!availability.available) return refuse(503, availability.reason);
    const pause = pauseBroker(seconds);
    if (!pause) return refuse(503, 'The workbook\'s broker is not running: start it with npm run broker -- start, then run the cell again.');

    const active: ActiveFault = { run, pause, timers: [] };
    this.#active = active;
    mark(run, { label: `paused for ${seconds} s`, fault: 'start', seconds,
      detail: `the broker's JVM (pid ${pause.pid}) is frozen with SIGSTOP: it accepts no work and answers nothing` });
    active.timers.push(setTimeout(() => this.#end(active, 'time'), seconds * 1000));
    active.timers.push(setInterval(() => {
      if (!run.running) this.#end(active, 'run');
    }, RUN_POLL_MS));
    run.onDone(() => this.#end(active, 'run'));
    return { status: 200, body: { fault: { kind: 'pause', seconds } } };
  }

  /** End any fault now (the sandbox is closing). */
  close(): void {
    if (this.#active) this.#end(this.#active, 'sandbox');
  }

  #end(active: ActiveFault, endedBy: NonNullable<FaultMark['endedBy']>): void {
    if (this.#active !== active) return;
    this.#active = undefined;
    for (const timer of active.timers) clearTimeout(timer);
    active.pause.resume();
    const why = { time: 'its time was up', run: 'the run ended', sandbox: 'the sandbox closed' }[endedBy];
    mark(active.run, { label: 'resumed', fault: 'end', endedBy, detail: `SIGCONT: the broker goes on where it stopped (${why})` });
  }
}

function refuse(status: 400 | 409 | 503, error: string): FaultAnswer {
  return { status, body: { error } };
}

/** Put a fault mark into the run's stream (a finished run's stream takes nothing more). */
function mark(run: Run, fields: Pick<FaultMark, 'label' | 'detail' | 'fault' | 'seconds' | 'endedBy'>): void {
  const event: FaultMark = { kind: 'mark', lane: 'broker', t: Date.now() - run.codeStartedAt, ...fields };
  run.push('event', { ...event });
}
