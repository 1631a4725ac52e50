/** Arm the plan's faults in the services, and count the ones that fired (each prints "fault at <point> …"). */
import type { Shop } from '../examples/06-capstone/shop.ts';
import { SERVICE_FAULTS, type FaultKind } from './plan.ts';
import type { Supervisor } from './supervisor.ts';

/** How long an armed fault may wait for a request that passes its point before it is armed again. */
const FIRE_WITHIN_MS = 45_000;

export class FaultInjector {
  /** One queue per point: a point holds one armed fault at a time, so the next waits until it fired. */
  #queues = new Map<string, Promise<unknown>>();
  /** Faults queued or armed per point, not yet fired or given up. */
  #holding = new Map<string, number>();
  readonly #pending: Promise<boolean>[] = [];
  readonly notFired: FaultKind[] = [];
  /** After this, a fault that has not fired is given up (set by settled()). */
  #giveUpAt = Infinity;

  constructor(
    private readonly shop: Shop,
    private readonly supervisors: { orders: Supervisor; inventory: Supervisor },
    private readonly delayMs: number,
  ) {}

  /**
   * Queue `kind`. Resolves once it is armed, so that the order the plan gives it is placed after
   * it (armed later, on a busy machine, it met only the run's last orders, which may all fail
   * before its point); at once when an earlier fault still holds its point.
   */
  inject(kind: FaultKind): Promise<void> {
    const { point } = SERVICE_FAULTS[kind];
    const ahead = this.#holding.get(point) ?? 0;
    this.#holding.set(point, ahead + 1);
    let armed!: () => void;
    const isArmed = new Promise<void>((resolve) => (armed = resolve));
    const queued = (this.#queues.get(point) ?? Promise.resolve())
      .then(() => this.#armUntilFired(kind, armed))
      .finally(() => this.#holding.set(point, this.#holding.get(point)! - 1));
    this.#queues.set(point, queued);
    this.#pending.push(queued);
    return ahead === 0 ? Promise.race([isArmed, queued.then(() => undefined)]) : Promise.resolve();
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

  async #armUntilFired(kind: FaultKind, armed: () => void): Promise<boolean> {
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
      armed();
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
