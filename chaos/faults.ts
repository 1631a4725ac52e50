/** Arm the plan's faults in the services, and count the ones that fired (each prints "fault at <point> …"). */
import type { Shop } from '../examples/06-capstone/shop.ts';
import { SERVICE_FAULTS, type FaultKind } from './plan.ts';
import type { Supervisor } from './supervisor.ts';

/** How long an armed fault may wait for a request that passes its point before it is armed again. */
const FIRE_WITHIN_MS = 45_000;

export class FaultInjector {
  /** One queue per point: a point holds one armed fault at a time, so the next waits until it fired. */
  #queues = new Map<string, Promise<unknown>>();
  readonly #pending: Promise<boolean>[] = [];
  readonly notFired: FaultKind[] = [];
  /** After this, a fault that has not fired is given up (set by settled()). */
  #giveUpAt = Infinity;

  constructor(
    private readonly shop: Shop,
    private readonly supervisors: { orders: Supervisor; inventory: Supervisor },
    private readonly delayMs: number,
  ) {}

  /** Queue `kind`; returns at once. */
  inject(kind: FaultKind): void {
    const { point } = SERVICE_FAULTS[kind];
    const queued = (this.#queues.get(point) ?? Promise.resolve()).then(() => this.#armUntilFired(kind));
    this.#queues.set(point, queued);
    this.#pending.push(queued);
  }

  /**
   * Wait until every queued fault fired, or was given up. Once the last order is placed, only
   * that order's timeout, check-backs and rebacks still pass the points, all within `withinMs`:
   * a fault still waiting then would wait for nothing, and shows as not fired in the report.
   */
  async settled(withinMs = Infinity): Promise<void> {
    this.#giveUpAt = Date.now() + withinMs;
    await Promise.all(this.#pending);
  }

  /** How often `kind` fired so far, from the services' own log lines. */
  fired(kind: FaultKind): number {
    const { point, action } = SERVICE_FAULTS[kind];
    return this.shop.countLines(new RegExp(`^fault at ${point.replace(/\./g, '\\.')}\\b.*: ${action}\\b`));
  }

  async #armUntilFired(kind: FaultKind): Promise<boolean> {
    const { service, point, action } = SERVICE_FAULTS[kind];
    const supervisor = this.supervisors[service];
    const before = this.fired(kind);
    // A fault armed in a process that then died of another fault is gone: arm it again.
    for (let attempt = 0; attempt < 3 && Date.now() < this.#giveUpAt; ) {
      await supervisor.up;
      const generation = supervisor.generation;
      try {
        await supervisor.service.arm(point, action, action === 'delay' ? this.delayMs : 0);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 500)); // it died just now: wait until it is up again
        continue;
      }
      attempt++;
      const deadline = Math.min(Date.now() + FIRE_WITHIN_MS, this.#giveUpAt);
      while (this.fired(kind) === before && supervisor.generation === generation && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (this.fired(kind) > before) return true;
    }
    this.notFired.push(kind);
    return false;
  }
}
