/**
 * <wb-solution>: an exercise's solution, shown as changes to the reader's own code (what they have
 * in the cell right now: edited, or the starter) or, at a click, as the whole file.
 */
import { diffLines } from 'diff';

/** The cell whose code the diff starts from: it exposes the reader's code (src/scripts/cell.ts). */
type ReaderCell = HTMLElement & { readerCode?: string; useCode?(code: string): void };

class WorkbookSolution extends HTMLElement {
  connectedCallback(): void {
    const toggle = this.querySelector<HTMLButtonElement>('[data-action="solution-view"]');
    if (!toggle || toggle.dataset.ready) return;
    toggle.dataset.ready = 'true';
    toggle.hidden = false;
    const details = this.querySelector('details')!;
    details.addEventListener('toggle', () => details.open && this.render());
    toggle.addEventListener('click', () => {
      this.toggleAttribute('data-whole', !this.hasAttribute('data-whole'));
      this.render();
    });
    const use = this.querySelector<HTMLButtonElement>('[data-action="use-solution"]')!;
    use.hidden = false;
    use.addEventListener('click', () => {
      this.cell()?.useCode?.(this.solution());
      this.render();
    });
  }

  private cell(): ReaderCell | null | undefined {
    return this.closest('.wb-exercise')?.querySelector<ReaderCell>('wb-cell');
  }

  private solution(): string {
    return JSON.parse(this.part('solution-source').textContent ?? '""') as string;
  }

  private render(): void {
    const whole = this.hasAttribute('data-whole');
    const toggle = this.querySelector<HTMLButtonElement>('[data-action="solution-view"]')!;
    toggle.setAttribute('aria-pressed', String(!whole));
    toggle.textContent = whole ? toggle.dataset.diffLabel! : toggle.dataset.wholeLabel!;
    this.part('whole').hidden = !whole;
    this.part('diff').hidden = whole;
    if (whole) return;
    const cell = this.cell();
    const mine = cell?.readerCode ?? JSON.parse(cell?.querySelector('[data-part="source"]')?.textContent ?? '""');
    const solution = this.solution();
    this.part('diff-summary').textContent = mine === solution
      ? 'Your code is the solution, line for line.'
      : 'The solution as changes to your code: lines marked − are yours to remove, lines marked + the solution’s to add.';
    const code = this.part('diff').querySelector('code')!;
    code.replaceChildren(...diffLines(mine, solution).flatMap((change) => {
      const kind = change.added ? 'add' : change.removed ? 'del' : 'same';
      const lines = change.value.replace(/\n$/, '').split('\n');
      // Long unchanged stretches fold to their first and last two lines: the changes stay in view.
      const shown = kind === 'same' && lines.length > 6 ? [...lines.slice(0, 2), null, ...lines.slice(-2)] : lines;
      return shown.map((line) => {
        const span = document.createElement(kind === 'add' ? 'ins' : kind === 'del' ? 'del' : 'span');
        span.className = `wb-diff-line wb-diff-${line === null ? 'fold' : kind}`;
        span.textContent = line === null ? `  ⋯ ${lines.length - 4} unchanged lines\n` : `${kind === 'add' ? '+ ' : kind === 'del' ? '− ' : '  '}${line}\n`;
        return span;
      });
    }));
  }

  private part(name: string): HTMLElement {
    return this.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  }
}

if (!customElements.get('wb-solution')) customElements.define('wb-solution', WorkbookSolution);
