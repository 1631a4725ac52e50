/** <wb-hints>: an exercise's hints, revealed one at a time (without JavaScript they all show). */
import { t } from '../lib/strings.ts';

class WorkbookHints extends HTMLElement {
  private shown = 1;

  connectedCallback(): void {
    const button = this.querySelector<HTMLButtonElement>('[data-action="next-hint"]');
    if (!button || button.dataset.ready) return;
    button.dataset.ready = 'true';
    button.addEventListener('click', () => {
      this.shown += 1;
      this.update();
      this.hints()[this.shown - 1]?.focus();
    });
    this.update();
  }

  private hints(): HTMLLIElement[] {
    return [...this.querySelectorAll<HTMLLIElement>('ol > li')];
  }

  private update(): void {
    const hints = this.hints();
    hints.forEach((hint, index) => (hint.hidden = index >= this.shown));
    const button = this.querySelector<HTMLButtonElement>('[data-action="next-hint"]')!;
    const more = this.shown < hints.length;
    button.hidden = !more;
    button.textContent = t('showHint', { n: this.shown + 1, total: hints.length });
    this.querySelector<HTMLElement>('.wb-hints-end')!.hidden = more;
  }
}

if (!customElements.get('wb-hints')) customElements.define('wb-hints', WorkbookHints);
