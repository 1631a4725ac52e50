/**
 * For `npm run record` and tests: do what a reader does with an @outage cell — wait for the cell's
 * cue (`{ kind: 'outage-cue' }`, examples/lib/outage.ts), then press the "Pause the broker"
 * control (POST /api/runs/<runId>/fault), so the recorded run shows a real outage.
 */
import { streamEvents } from '../event-stream.ts';

/** Watch the run's stream; at the first cue, ask for the fault. Resolves with the refusal, if any, when the run ends. */
export async function pressOutageOnCue(sandbox: { url: string; token: string }, runId: string): Promise<string | undefined> {
  let refusal: string | undefined;
  let pressed = false;
  for await (const { event, data } of streamEvents(await fetch(`${sandbox.url}/api/runs/${runId}/events`))) {
    if (pressed || event !== 'event' || data.kind !== 'outage-cue') continue;
    pressed = true;
    const response = await fetch(`${sandbox.url}/api/runs/${runId}/fault`, { method: 'POST', headers: { 'X-Sandbox-Token': sandbox.token } });
    if (!response.ok) {
      refusal = `the broker could not be paused (${response.status}): ${((await response.json()) as { error: string }).error}`;
      console.error(refusal);
    }
  }
  return refusal;
}
