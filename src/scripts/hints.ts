/** <wb-hints>: an exercise's hints, revealed one at a time (without JavaScript they all show). */
import { shortcutOf } from '../lib/shortcuts.ts';
import { t } from '../lib/strings.ts';

class WorkbookHints extends HTMLElement {
  private shown = 1;

  connectedCallback(): void {
    const button = this.querySelector<HTMLButtonElement>('[data-action="next-hint"]');
    if (!button || button.dataset.ready) return;
    button.dataset.ready = 'true';
    button.setAttribute('aria-keyshortcuts', 'Alt+Shift+H');
    button.addEventListener('click', () => this.next());
    // Alt+Shift+H anywhere in the exercise (the editor included) opens the hints or shows the next one.
    this.closest('.wb-exercise')?.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || shortcutOf(event as KeyboardEvent) !== 'hint') return;
      event.preventDefault();
      const details = this.querySelector('details')!;
      if (!details.open) {
        details.open = true;
        this.hints()[this.shown - 1]?.focus();
      } else this.next();
    });
    this.update();
  }

  private next(): void {
    if (this.shown >= this.hints().length) return;
    this.shown += 1;
    this.update();
    this.hints()[this.shown - 1]?.focus();
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
