/** The browser side of the console API (sandbox/console-protocol.ts): GETs with the page's token, and a polite poller. */
import type { ConsoleError } from '../../sandbox/console-protocol.ts';
import { sandboxToken } from './sandbox-api.ts';

export type ConsoleAnswer<T> = { ok: true; body: T } | { ok: false; status: number; error: string; hint?: string };

/** GET a console view; a network failure comes back as status 0 with what went wrong. */
export async function readConsole<T>(path: string): Promise<ConsoleAnswer<T>> {
  try {
    const response = await fetch(`/api/broker/${path}`, { headers: { Accept: 'application/json', 'X-Sandbox-Token': sandboxToken() ?? '' } });
    const body = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as T & ConsoleError;
    if (response.ok) return { ok: true, body };
    return { ok: false, status: response.status, error: body.error, hint: body.hint };
  } catch (error) {
    return { ok: false, status: 0, error: `the sandbox does not answer (${String(error)}); is \`npm start\` still running?` };
  }
}

/** How often open views ask: the sandbox caches answers for a second, so this is what the broker sees at most per view. */
export const pollMs = 2000;

/**
 * Call `tick` now and every `pollMs` while the page is visible and `alive()` holds; a tick that
 * is still waiting is not started again. Returns a function that stops polling.
 */
export function poll(tick: () => Promise<void>, alive: () => boolean): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const next = async () => {
    if (stopped || !alive()) return;
    if (document.visibilityState === 'visible') await tick();
    timer = setTimeout(next, pollMs);
  };
  void next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Build an element; text goes in as text, never as HTML (broker data may hold anything). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Record<string, string> = {}, ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== undefined) element.append(child);
  return element;
}

/** A table with a header row and one row per item. */
export function table(caption: string, headers: string[], rows: (Node | string)[][]): HTMLTableElement {
  return el('table', { class: 'wb-console-table' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', { scope: 'col' }, header)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell))))));
}

/** 12 345 → "12,345"; a time as the reader's local clock time. */
export const count = (value: number) => value.toLocaleString('en');
export const clock = (iso: string | undefined) => (iso ? new Date(iso).toLocaleTimeString('en-GB') : '–');
