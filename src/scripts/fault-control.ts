/**
 * The "Pause the broker for N s" control of a cell that declares `// @outage` (Cell.astro): usable
 * while the cell runs and the sandbox may pause this broker; it points itself out when the cell
 * gives its cue, and follows the sandbox's fault marks (sandbox/protocol.ts FaultMark).
 */
import type { FaultAvailability } from '../../sandbox/protocol.ts';
import { t } from '../lib/strings.ts';
import { requestFault } from './sandbox-api.ts';

export class FaultControl {
  #runId: string | undefined;
  #unavailable: string | undefined;
  #busy = false; // a request is out, or the broker is paused

  private constructor(private readonly button: HTMLButtonElement, private readonly note: HTMLElement) {
    button.addEventListener('click', () => void this.#press());
  }

  /** The control of `cell`, or undefined for a cell without one. */
  static of(cell: HTMLElement): FaultControl | undefined {
    const button = cell.querySelector<HTMLButtonElement>('button[data-action="fault"]');
    const note = cell.querySelector<HTMLElement>('[data-part="fault-note"]');
    return button && note ? new FaultControl(button, note) : undefined;
  }

  private get seconds(): number {
    return Number(this.button.dataset.seconds);
  }

  /** What /api/health says: a broker the workbook does not run is never paused, and the note says why. */
  setAvailability(availability: FaultAvailability | undefined): void {
    this.#unavailable = availability && !availability.available ? availability.reason : undefined;
    if (this.#unavailable) this.#say(t('faultUnavailable', { reason: this.#unavailable }));
    this.#sync();
  }

  /** The cell's run started. */
  runStarted(runId: string): void {
    this.#runId = runId;
    this.#busy = false;
    if (!this.#unavailable) this.#say('');
    this.#sync();
  }

  /** One event of the run's stream. */
  received(name: string, data: Record<string, unknown>): void {
    if (name !== 'event') return;
    if (data.kind === 'outage-cue' && !this.#busy && !this.#unavailable) {
      this.button.classList.add('wb-cue');
      this.#say(t('faultCue', { seconds: this.seconds }));
    }
    if (data.kind !== 'mark' || data.lane !== 'broker') return;
    if (data.fault === 'start') {
      this.#busy = true;
      this.button.classList.remove('wb-cue');
      this.#say(t('faultPaused', { seconds: Number(data.seconds) }));
    } else if (data.fault === 'end') {
      this.#busy = false;
      this.#say(t('faultResumed'));
    }
    this.#sync();
  }

  /** The run ended: the sandbox has resumed the broker, if it was paused. */
  runEnded(): void {
    this.#runId = undefined;
    this.#busy = false;
    this.button.classList.remove('wb-cue');
    this.#sync();
  }

  async #press(): Promise<void> {
    const runId = this.#runId;
    if (!runId || this.#busy) return;
    this.#busy = true;
    this.button.classList.remove('wb-cue');
    this.#sync();
    const refusal = await requestFault(runId);
    if (refusal) {
      this.#busy = false;
      this.#say(t('faultRefused', { error: refusal }));
    }
    this.#sync();
  }

  #sync(): void {
    this.button.disabled = !this.#runId || this.#busy || !!this.#unavailable;
  }

  #say(text: string): void {
    this.note.textContent = text;
    this.note.hidden = !text;
  }
}
