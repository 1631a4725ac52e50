/**
 * <wb-timeline>: redraws a Timeline from the `workbook:event` marks of the cell it follows, shows
 * the detail of the mark under the pointer or focus, moves focus with the arrow keys, and hides
 * mark labels that would overlap their neighbours.
 */
import { t } from '../lib/strings.ts';
import {
  isMark, markCount, timelineLegendHtml, timelinePlotHtml, timelineTableRowsHtml, toMark, type TimelineMark,
} from '../lib/timeline-view.ts';

/** What a cell's `workbook:event` and `workbook:run` carry. */
interface CellEventDetail {
  example: string;
  data?: unknown;
}

class WorkbookTimeline extends HTMLElement {
  private marks: TimelineMark[] = [];
  private frame = 0;
  private readonly resize = new ResizeObserver(() => this.fitLabels());
  private readonly onEvent = (event: Event) => this.received(event as CustomEvent<CellEventDetail>);
  private readonly onRun = (event: Event) => this.restarted(event as CustomEvent<CellEventDetail>);

  connectedCallback(): void {
    document.addEventListener('workbook:event', this.onEvent);
    document.addEventListener('workbook:run', this.onRun);
    const plot = this.partNamed('plot');
    plot.addEventListener('pointerover', (event) => this.show(markAt(event.target)));
    plot.addEventListener('pointerleave', () => this.show(markAt(document.activeElement)));
    plot.addEventListener('focusin', (event) => this.show(markAt(event.target)));
    plot.addEventListener('click', (event) => markAt(event.target)?.focus());
    plot.addEventListener('keydown', (event) => this.moveFocus(event));
    this.resize.observe(plot);
    this.fitLabels();
  }

  disconnectedCallback(): void {
    document.removeEventListener('workbook:event', this.onEvent);
    document.removeEventListener('workbook:run', this.onRun);
    this.resize.disconnect();
    cancelAnimationFrame(this.frame);
  }

  private partNamed(name: string): HTMLElement {
    return this.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  }

  private restarted(event: CustomEvent<CellEventDetail>): void {
    if (event.detail.example !== this.dataset.for) return;
    this.marks = [];
    this.partNamed('state').textContent = t('timelineLive');
    this.redraw();
  }

  private received(event: CustomEvent<CellEventDetail>): void {
    const { example, data } = event.detail;
    if (example !== this.dataset.for || !isMark(data)) return;
    this.marks.push(toMark(data));
    if (!this.frame) this.frame = requestAnimationFrame(() => this.redraw());
  }

  private redraw(): void {
    this.frame = 0;
    const lanes = JSON.parse(this.dataset.lanes ?? '[]') as string[];
    const focusedIndex = this.buttons().indexOf(document.activeElement as HTMLButtonElement);
    this.partNamed('plot').innerHTML = timelinePlotHtml(this.marks, lanes);
    this.partNamed('legend').innerHTML = timelineLegendHtml(this.marks);
    this.partNamed('rows').innerHTML = timelineTableRowsHtml(this.marks);
    this.partNamed('count').textContent = markCount(this.marks);
    // Keep the keyboard where it was: the reader may be reading marks while the run goes on.
    if (focusedIndex >= 0) this.buttons()[focusedIndex]?.focus();
    this.fitLabels();
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.querySelectorAll<HTMLButtonElement>('.wb-tl-mark')];
  }

  /** Show a mark's words in the detail line and light up the marks of the same message (same id). */
  private show(mark: HTMLButtonElement | undefined): void {
    const detail = this.partNamed('detail');
    detail.textContent = mark?.getAttribute('aria-label') ?? t('timelineHint');
    const id = mark?.dataset.id;
    for (const button of this.buttons()) button.classList.toggle('wb-tl-related', !!id && button.dataset.id === id && button !== mark);
  }

  /** Roving focus: left/right along a lane, up/down to the nearest mark in time on the next lane, Home/End. */
  private moveFocus(event: KeyboardEvent): void {
    const current = markAt(event.target);
    if (!current) return;
    const lane = Number(current.dataset.lane);
    const sameLane = this.buttons().filter((b) => Number(b.dataset.lane) === lane);
    const index = sameLane.indexOf(current);
    let next: HTMLButtonElement | undefined;
    if (event.key === 'ArrowRight') next = sameLane[index + 1];
    else if (event.key === 'ArrowLeft') next = sameLane[index - 1];
    else if (event.key === 'Home') next = sameLane[0];
    else if (event.key === 'End') next = sameLane.at(-1);
    else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') next = this.nearestOnLane(current, event.key === 'ArrowUp' ? -1 : 1);
    else return;
    event.preventDefault();
    if (!next) return;
    current.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }

  /** The mark closest in time to `from` on the nearest lane above (-1) or below (+1) that has marks. */
  private nearestOnLane(from: HTMLButtonElement, direction: -1 | 1): HTMLButtonElement | undefined {
    const at = Number(from.dataset.t);
    const lanes = [...new Set(this.buttons().map((b) => Number(b.dataset.lane)))].sort((a, b) => a - b);
    const target = lanes[lanes.indexOf(Number(from.dataset.lane)) + direction];
    if (target === undefined) return undefined;
    const candidates = this.buttons().filter((b) => Number(b.dataset.lane) === target);
    return candidates.reduce((best, b) => (Math.abs(Number(b.dataset.t) - at) < Math.abs(Number(best.dataset.t) - at) ? b : best));
  }

  /**
   * Hide a label when it would overlap the last visible label in its row, or when it repeats the
   * lane's last visible label close by (six "sent" marks in a burst need one "sent").
   */
  private fitLabels(): void {
    const lastRight = new Map<string, number>();
    const lastShown = new Map<string, { text: string; left: number }>();
    const near = 6 * parseFloat(getComputedStyle(this).fontSize || '16');
    for (const button of this.buttons()) {
      const label = button.querySelector<HTMLElement>('.wb-tl-text');
      if (!label) continue;
      label.classList.remove('wb-tl-hidden');
      const box = label.getBoundingClientRect();
      const lane = button.dataset.lane ?? '';
      const row = `${lane}:${button.classList.contains('wb-tl-row-2') ? 2 : 1}`;
      const previous = lastShown.get(lane);
      const repeats = previous?.text === label.textContent && box.left - previous.left < near;
      if (repeats || box.left < (lastRight.get(row) ?? -Infinity) + 4) {
        label.classList.add('wb-tl-hidden');
        continue;
      }
      lastRight.set(row, box.right);
      lastShown.set(lane, { text: label.textContent ?? '', left: box.left });
    }
  }
}

/** The mark button an event happened on, if any. */
function markAt(target: EventTarget | null): HTMLButtonElement | undefined {
  return (target instanceof Element ? target.closest<HTMLButtonElement>('.wb-tl-mark') : null) ?? undefined;
}

if (!customElements.get('wb-timeline')) customElements.define('wb-timeline', WorkbookTimeline);
