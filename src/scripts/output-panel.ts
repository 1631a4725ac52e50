/** The live output panel of a cell: appends program output, events and workbook messages as they arrive. */
import type { OutputKind, OutputPiece } from '../lib/run-output.ts';

/** Kinds that start on a line of their own and end it (events and the workbook's own messages). */
const ownLine: ReadonlySet<OutputKind> = new Set(['event', 'status', 'ok', 'error']);

/** Writes into one `<pre>` inside the output region, scrolling along while the reader is at the bottom. */
export class OutputPanel {
  private readonly text: HTMLPreElement;
  private last: HTMLSpanElement | undefined;

  constructor(private readonly region: HTMLElement) {
    this.text = region.querySelector('pre') ?? region.appendChild(document.createElement('pre'));
  }

  /** Empty the panel and show it. */
  clear(): void {
    this.text.replaceChildren();
    this.last = undefined;
    this.region.hidden = false;
  }

  /** Append one piece; consecutive stdout (or stderr) chunks share one element. */
  append(piece: OutputPiece): void {
    const follow = this.region.scrollTop + this.region.clientHeight >= this.region.scrollHeight - 8;
    if (!ownLine.has(piece.kind) && this.last?.dataset.kind === piece.kind) {
      this.last.append(piece.text);
    } else {
      const span = document.createElement('span');
      span.className = `wb-out-${piece.kind}`;
      span.dataset.kind = piece.kind;
      span.textContent = piece.text;
      this.text.append(span);
      this.last = ownLine.has(piece.kind) ? undefined : span;
    }
    if (follow) this.region.scrollTop = this.region.scrollHeight;
  }

  /** The text of the panel as a reader sees it (events included). */
  get textContent(): string {
    return this.text.textContent ?? '';
  }
}
