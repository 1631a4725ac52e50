/** <wb-progress>: fills the progress page (src/pages/progress.astro) from the sandbox's record, or this browser's. */
import { clearDone, isDone, resetSharedProgress, sharedProgress } from './progress.ts';
import { sandboxToken } from './sandbox-api.ts';

type Status = 'not started' | 'started' | 'failing' | 'done';

class WorkbookProgress extends HTMLElement {
  connectedCallback(): void {
    const reset = this.querySelector<HTMLButtonElement>('[data-action="reset"]')!;
    if (reset.dataset.ready) return;
    reset.dataset.ready = 'true';
    reset.addEventListener('click', () => void this.reset());
    void this.show(false);
  }

  private rows(): HTMLTableRowElement[] {
    return [...this.querySelectorAll<HTMLTableRowElement>('tr[data-exercise]')];
  }

  private async show(fresh: boolean): Promise<void> {
    const token = sandboxToken();
    const shared = await sharedProgress(token, fresh);
    const statuses = new Map<string, Status>(shared?.exercises.map((entry) => [entry.id, entry.status]));
    this.part('source').textContent = shared
      ? 'This list shows the workshop record your sandbox keeps (.workbook/progress.json), shared with npm run workshop.'
      : 'This list shows what this browser remembers: run the site with npm start to share progress with npm run workshop.';
    let done = 0;
    for (const row of this.rows()) {
      const id = row.dataset.exercise!;
      // A check passed in this browser counts too (before the sandbox kept a record, say).
      const status: Status = isDone(id) ? 'done' : statuses.get(id) ?? 'not started';
      if (status === 'done') done++;
      row.dataset.status = status;
      row.querySelector('[data-part="status"]')!.textContent = status === 'done' ? '✓ done' : status === 'failing' ? '✗ failing' : status;
    }
    this.part('count').textContent = `${done} of ${this.rows().length} done.`;
  }

  private async reset(): Promise<void> {
    if (!confirm('Forget which exercises you have done? Your code stays.')) return;
    clearDone();
    const token = sandboxToken();
    if (token) await resetSharedProgress(token).catch((error: Error) => (this.part('source').textContent = `Could not reset: ${error.message}`));
    await this.show(true);
  }

  private part(name: string): HTMLElement {
    return this.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  }
}

if (!customElements.get('wb-progress')) customElements.define('wb-progress', WorkbookProgress);
