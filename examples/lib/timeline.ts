/**
 * Marks for the page's <Timeline>: one call per moment worth seeing (a half message sent, a
 * check-back, a delivery), drawn on a time axis with one lane per actor.
 *
 *   mark('producer', 'sent', { id: 'order-7' });
 *   mark('consumer-a', 'delivered', { id: 'order-7', detail: 'attempt 2' });
 *
 * Each mark travels as a structured event `{ kind: 'mark', lane, label, t, id?, detail? }`,
 * where `t` is milliseconds since this module was loaded (the run's start, near enough).
 */
import { emit } from './workbook.ts';

const origin = performance.now();

/** Milliseconds since the run started, as the timeline's x axis counts them. */
export function elapsedMs(): number {
  return Math.round(performance.now() - origin);
}

/** Put a mark on `lane` (an actor: producer, broker, a consumer) labelled `label`, now. */
export function mark(lane: string, label: string, fields: { id?: string; detail?: string; at?: number } = {}): void {
  const { at, ...rest } = fields;
  emit({ kind: 'mark', lane, label, t: at ?? elapsedMs(), ...rest });
}
