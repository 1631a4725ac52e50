/**
 * The markup of a <Timeline>: marks on a time axis, one lane per actor, and the same marks as a
 * table. Used at build time (recorded runs) and in the browser (live runs), so both draw alike.
 * Marks come from examples/lib/timeline.ts: `{ kind: 'mark', lane, label, t, id?, detail? }`.
 */
import { formatNumber, ticks } from './line-chart.ts';
import { t as text } from './strings.ts';

/** One mark: who (lane), what (label), when (t, ms since the run started), and optionally which message and more. */
export interface TimelineMark {
  lane: string;
  label: string;
  t: number;
  id?: string;
  detail?: string;
}

/** How many label styles (colour + shape) there are; later labels reuse them in turn. */
export const LABEL_STYLES = 6;

/** Whether a structured event is a timeline mark. */
export function isMark(data: unknown): data is TimelineMark & { kind: 'mark' } {
  const mark = data as Partial<TimelineMark> & { kind?: unknown };
  return !!mark && mark.kind === 'mark' && typeof mark.lane === 'string' && typeof mark.label === 'string'
    && typeof mark.t === 'number' && Number.isFinite(mark.t);
}

/** Only the fields a timeline draws (a recorded event may carry more). */
export function toMark(data: TimelineMark): TimelineMark {
  const { lane, label, t, id, detail } = data;
  return { lane, label, t, ...(id === undefined ? {} : { id: String(id) }), ...(detail === undefined ? {} : { detail: String(detail) }) };
}

/** The lanes to draw: those in `preferred` first, in that order, then the others as they first appear. */
export function laneOrder(marks: TimelineMark[], preferred: string[] = []): string[] {
  const lanes = [...preferred];
  for (const mark of marks) if (!lanes.includes(mark.lane)) lanes.push(mark.lane);
  return lanes;
}

/** Distinct labels in order of first appearance: each gets a style (colour and shape). */
export function labelsOf(marks: TimelineMark[]): string[] {
  return [...new Set(marks.map((mark) => mark.label))];
}

/** The time axis: ticks in ms from 0 past the last mark. */
export function timeAxis(marks: TimelineMark[]): number[] {
  const end = Math.max(1000, ...marks.map((mark) => mark.t));
  return ticks(0, end, 6);
}

/** "1.25 s" */
export function formatSeconds(ms: number): string {
  return `${formatNumber(Math.round(ms) / 1000)} s`;
}

const escapeHtml = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What a mark says, in words: "1.25 s, consumer: delivered msg-3 (attempt 2)". Screen readers read it; the detail line shows it. */
export function describeMark(mark: TimelineMark): string {
  const what = [mark.label, mark.id].filter(Boolean).join(' ');
  return `${formatSeconds(mark.t)}, ${mark.lane}: ${what}${mark.detail ? ` (${mark.detail})` : ''}`;
}

/** The plot: one lane per actor with its marks placed by time, and the time axis. Inner HTML of `[data-part="plot"]`. */
export function timelinePlotHtml(marks: TimelineMark[], preferredLanes: string[] = []): string {
  if (!marks.length) return '';
  const axis = timeAxis(marks);
  const end = axis.at(-1)!;
  const x = (ms: number) => `${((Math.max(0, ms) / end) * 100).toFixed(3)}%`;
  const styles = new Map(labelsOf(marks).map((label, index) => [label, (index % LABEL_STYLES) + 1]));
  const grid = axis.map((ms) => `<span class="wb-tl-grid" style="--x:${x(ms)}"></span>`).join('');
  let first = true;
  const lanes = laneOrder(marks, preferredLanes).map((lane, laneIndex) => {
    const own = marks.filter((mark) => mark.lane === lane).sort((a, b) => a.t - b.t);
    const buttons = own.map((mark, index) => {
      const position = mark.t / end;
      const edge = position > 0.85 ? ' wb-tl-end' : position < 0.15 ? ' wb-tl-start' : '';
      const row = index % 2 ? ' wb-tl-row-2' : '';
      const button = `<button type="button" class="wb-tl-mark wb-tl-style-${styles.get(mark.label)}${edge}${row}" style="--x:${x(mark.t)}"`
        + ` tabindex="${first ? 0 : -1}" data-lane="${laneIndex}"${mark.id ? ` data-id="${escapeHtml(mark.id)}"` : ''}`
        + ` data-t="${mark.t}" aria-label="${escapeHtml(describeMark(mark))}">`
        + '<span class="wb-tl-dot" aria-hidden="true"></span>'
        + `<span class="wb-tl-text" aria-hidden="true">${escapeHtml(mark.label)}</span></button>`;
      first = false;
      return button;
    }).join('');
    return `<div class="wb-tl-lane" role="group" aria-label="${escapeHtml(lane)}">`
      + `<div class="wb-tl-lane-name" aria-hidden="true">${escapeHtml(lane)}</div>`
      + `<div class="wb-tl-track">${grid}${buttons}</div></div>`;
  }).join('');
  const tickLabels = axis.map((ms, index) => {
    const edge = index === 0 ? ' wb-tl-start' : index === axis.length - 1 ? ' wb-tl-end' : '';
    return `<span class="wb-tl-tick${edge}" style="--x:${x(ms)}">${formatSeconds(ms)}</span>`;
  }).join('');
  return `${lanes}<div class="wb-tl-axis" aria-hidden="true"><div class="wb-tl-lane-name"></div><div class="wb-tl-ticks">${tickLabels}</div></div>`;
}

/** The legend: each label with its colour and shape. Inner HTML of `[data-part="legend"]`. */
export function timelineLegendHtml(marks: TimelineMark[]): string {
  return labelsOf(marks).map((label, index) =>
    `<li><span class="wb-tl-dot wb-tl-style-${(index % LABEL_STYLES) + 1}" aria-hidden="true"></span>${escapeHtml(label)}</li>`).join('');
}

/** The text alternative: every mark as a table row, in time order. Inner HTML of the table's tbody. */
export function timelineTableRowsHtml(marks: TimelineMark[]): string {
  return [...marks].sort((a, b) => a.t - b.t).map((mark) =>
    `<tr><td>${formatSeconds(mark.t)}</td><td>${escapeHtml(mark.lane)}</td><td>${escapeHtml(mark.label)}</td>`
    + `<td>${escapeHtml(mark.id ?? '')}</td><td>${escapeHtml(mark.detail ?? '')}</td></tr>`).join('');
}

/** The number of marks in words, for the table's summary line. */
export function markCount(marks: TimelineMark[]): string {
  return text('timelineCount', { count: marks.length, lanes: laneOrder(marks).length });
}
