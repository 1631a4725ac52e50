/**
 * For cells that demonstrate an outage (`// @outage 15s` in their first lines): say when the
 * reader should take the broker away. The page points at its "Pause the broker" control when the
 * cue arrives, and `npm run record` presses it then, so the recorded run shows a real outage.
 */
import { emit } from './workbook.ts';

/** Print `text` for the reader and send the cue (a structured event `{ kind: 'outage-cue' }`). */
export function outageCue(text: string): void {
  console.log(text);
  emit({ kind: 'outage-cue' });
}
