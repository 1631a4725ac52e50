/**
 * Replay of a recorded run on a static copy of the site: the recorded output is written again
 * with the timing it had live (each event's `t`, ms since the run started), and the cell sends
 * `workbook:run`, `workbook:event` and `workbook:exit` as a live run does, so its charts and
 * timelines draw as they did. Recordings without `t` are spread evenly over the run's duration.
 * The recording is fetched from /workbook/recordings/<id>.json when the reader presses Replay.
 */
import { describeRunEvent } from '../lib/run-output.ts';
import { t } from '../lib/strings.ts';
import { OutputPanel } from './output-panel.ts';

/** One recorded event, as in recordings/<id>.json. */
export interface ReplayEvent {
  event: string;
  data: Record<string, unknown>;
  t?: number;
}

/** A recording without times: events this far apart when the run's duration is unknown too. */
const fallbackStepMs = 100;

/** When each event happens, in ms after the replay starts: its `t`, or evenly spaced over the run when any `t` is missing. */
export function replayTimes(events: ReplayEvent[]): number[] {
  if (events.every((event) => typeof event.t === 'number' && Number.isFinite(event.t))) {
    let last = 0;
    return events.map((event) => (last = Math.max(last, event.t!)));
  }
  const duration = Number(events.find((event) => event.event === 'exit')?.data.durationMs);
  const step = events.length > 1 && duration > 0 ? duration / (events.length - 1) : fallbackStepMs;
  return events.map((_, index) => index * step);
}

const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');

/** Wire a static cell's Replay button (in its toolbar) to its recorded output (<figure data-part="recorded">); `status` announces start and end. */
export function offerReplay(cell: HTMLElement, example: string, status: HTMLElement): void {
  const figure = cell.querySelector<HTMLElement>('[data-part="recorded"]');
  const button = cell.querySelector<HTMLButtonElement>('button[data-action="replay"]');
  if (!figure || !button) return;
  button.hidden = false;
  let replay: { finish(): void } | undefined;
  button.addEventListener('click', async () => {
    if (replay) return replay.finish();
    button.disabled = true;
    try {
      const response = await fetch(`${base}workbook/recordings/${example}.json`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { events } = (await response.json()) as { events: ReplayEvent[] };
      button.textContent = t('replaySkip');
      status.textContent = t('replaying');
      replay = play(cell, example, events, new OutputPanel(figure), (summary) => {
        replay = undefined;
        button.textContent = t('replay');
        status.textContent = t('replayDone', { summary });
      });
    } catch (error) {
      status.textContent = t('replayFailed', { error: String(error instanceof Error ? error.message : error) });
    } finally {
      button.disabled = false;
    }
  });
}

/** Play `events` into `panel` at their times; `finish()` shows the rest at once. Calls `done` with the run's last line. */
function play(cell: HTMLElement, example: string, events: ReplayEvent[], panel: OutputPanel, done: (summary: string) => void): { finish(): void } {
  const times = replayTimes(events);
  const started = performance.now();
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let summary = '';
  const emit = (name: string, data?: unknown) => cell.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: { example, data } }));
  const show = ({ event, data }: ReplayEvent) => {
    if (event === 'event') emit('workbook:event', data);
    const piece = describeRunEvent(event, data);
    if (piece) panel.append(piece);
    if (event === 'exit') {
      emit('workbook:exit', data);
      summary = piece?.text ?? '';
    }
  };
  const advance = (all: boolean) => {
    clearTimeout(timer);
    const now = performance.now() - started;
    while (next < events.length && (all || times[next] <= now)) show(events[next++]);
    // At least a whole millisecond ahead: a timer set for a fraction of one may fire before the
    // clock reaches the event's time, and would be set again and again without the clock moving.
    if (next < events.length) timer = setTimeout(() => advance(false), Math.max(1, Math.ceil(times[next] - now)));
    else done(summary);
  };
  panel.clear();
  emit('workbook:run');
  advance(false);
  return { finish: () => advance(true) };
}
