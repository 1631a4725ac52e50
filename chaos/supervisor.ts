/** Restart a service whenever it dies, as a process manager (systemd, Kubernetes) would. */
import type { ServiceProcess } from '../examples/06-capstone/shop.ts';

export class Supervisor {
  restarts = 0;
  /** Bumped at every restart: a fault armed in an earlier process is gone with it. */
  generation = 0;
  /** When the service last died (0: never). */
  diedAt = 0;
  #stopping = false;
  #up: Promise<void> = Promise.resolve();
  readonly #watching: Promise<void>;

  constructor(readonly service: ServiceProcess, private readonly log: (line: string) => void) {
    this.#watching = this.#watch();
  }

  /** Resolves when the service answers (at once unless it is being restarted). */
  get up(): Promise<void> {
    return this.#up;
  }

  /** Stop watching, then stop the service cleanly. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.service.end();
    await this.#watching;
  }

  async #watch(): Promise<void> {
    for (;;) {
      const code = await this.service.exited;
      if (this.#stopping) return;
      this.restarts++;
      this.generation++;
      this.diedAt = Date.now();
      const started = Date.now();
      let markUp!: () => void;
      this.#up = new Promise((resolve) => (markUp = resolve));
      this.log(`${this.service.label} service died (exit ${code ?? 'signal'}); restarting it`);
      for (let attempt = 1; !this.#stopping; attempt++) {
        try {
          await this.service.start();
          break;
        } catch (error) {
          this.log(`${this.service.label} service did not start (attempt ${attempt}): ${(error as Error).message.split('\n')[0]}`);
          await this.service.kill();
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
      this.log(`${this.service.label} service is back after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      markUp();
    }
  }
}
