/** The browser side of the sandbox API (sandbox/protocol.ts): health, run, stream, stop. */
import type { FaultAvailability, HealthResponse, RunEventName, RunRequest } from '../../sandbox/protocol.ts';

/** Every event name a run stream can carry. */
const runEventNames: RunEventName[] = ['start', 'stdout', 'stderr', 'event', 'timeout', 'limit', 'exit'];

/** The sandbox token of this page, or undefined on a static copy of the site (no sandbox). */
export function sandboxToken(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="sandbox-token"]')?.content || undefined;
}

/** What a cell needs to know before running: ready, or why not; and whether the page may pause the broker. */
export type BrokerState = ({ ready: true } | { ready: false; reason: string; hint?: string }) & { faults?: FaultAvailability };

let readyOnce: Promise<BrokerState> | undefined;

/** Ask /api/health whether the broker is ready. A ready answer is kept for the page; a not-ready one is asked again next time. */
export function brokerState(): Promise<BrokerState> {
  readyOnce ??= fetchBrokerState().then((state) => {
    if (!state.ready) readyOnce = undefined;
    return state;
  });
  return readyOnce;
}

async function fetchBrokerState(): Promise<BrokerState> {
  try {
    const response = await fetch('/api/health', { headers: { Accept: 'application/json' } });
    const health = (await response.json()) as HealthResponse;
    if (health.broker?.ready) return { ready: true, faults: health.faults };
    return { ready: false, reason: health.broker?.reason ?? '', hint: health.broker?.hint, faults: health.faults };
  } catch (error) {
    return { ready: false, reason: String(error) };
  }
}

/** A run in progress: its id, and how to stop it. */
export interface RunHandle {
  runId: string;
  stop(): Promise<void>;
  /** Stop listening to the stream (the run itself goes on). */
  close(): void;
}

/** Why a run could not start: the sandbox's error message, or a network failure. */
export class RunRefused extends Error {
  constructor(message: string, readonly network: boolean) {
    super(message);
  }
}

/** Start a run and stream its events to `onEvent` until `exit` (or `onLost` if the stream breaks first). */
export async function startRun(
  request: RunRequest,
  onEvent: (name: RunEventName, data: Record<string, unknown>) => void,
  onLost: () => void,
): Promise<RunHandle> {
  const token = sandboxToken() ?? '';
  const runId = await postRun(request, token);
  const source = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
  let ended = false;
  const close = () => {
    ended = true;
    source.close();
  };
  for (const name of runEventNames) {
    source.addEventListener(name, (message) => {
      if (ended) return;
      const data = JSON.parse((message as MessageEvent<string>).data) as Record<string, unknown>;
      if (name === 'exit') close();
      onEvent(name, data);
    });
  }
  // EventSource reconnects by itself; a run stream that breaks before `exit` is not worth replaying.
  source.addEventListener('error', () => {
    if (ended) return;
    close();
    onLost();
  });
  const stop = async () => {
    await fetch(`/api/runs/${encodeURIComponent(runId)}/stop`, { method: 'POST', headers: { 'X-Sandbox-Token': token } });
  };
  return { runId, stop, close };
}

async function postRun(request: RunRequest, token: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/api/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': token },
      body: JSON.stringify(request),
    });
  } catch (error) {
    throw new RunRefused(String(error), true);
  }
  const body = (await response.json().catch(() => ({}))) as { runId?: string; error?: string };
  if (!response.ok || !body.runId) throw new RunRefused(body.error ?? `HTTP ${response.status}`, false);
  return body.runId;
}

/** Ask the sandbox to pause the broker during run `runId` (an @outage cell); resolves with the refusal, or undefined when it is paused. */
export async function requestFault(runId: string): Promise<string | undefined> {
  try {
    const response = await fetch(`/api/runs/${encodeURIComponent(runId)}/fault`, { method: 'POST', headers: { 'X-Sandbox-Token': sandboxToken() ?? '' } });
    if (response.ok) return undefined;
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    return body.error ?? `HTTP ${response.status}`;
  } catch (error) {
    return String(error instanceof Error ? error.message : error);
  }
}
