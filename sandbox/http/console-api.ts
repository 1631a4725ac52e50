/**
 * The console's API (sandbox/console-protocol.ts): GETs only, behind the same Host / Origin /
 * token checks as /api/run. Answers are cached for a second, so any number of open pages and
 * <BrokerView>s cost the broker the same; fresh reads are capped per second on top of that.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brokerEndpoints } from '../broker/endpoints.ts';
import { groupView, NotFound, overview, topicView } from '../broker/console-views.ts';
import { findMessages } from '../broker/message-lookup.ts';
import { roomPrefix } from '../broker/room.ts';
import { roomViews } from '../broker/room-views.ts';

/** Answers younger than this are served again without asking the broker. */
export const consoleCacheMs = 1000;
/** Fresh reads (each a handful of remoting requests) allowed per second, over all pages. */
export const consoleReadsPerSecond = 4;

// TopicValidator.VALID_PATTERN_STR (^[%|a-zA-Z0-9_-]+$) and CHARACTER_MAX_LENGTH for topics and groups.
const namePattern = /^[%|a-zA-Z0-9_-]{1,127}$/;
const startHint = 'Start RocketMQ with `npm run broker -- start` or `docker compose up -d`; the console shows it as soon as it answers.';

type Answer = { status: number; body: unknown };

export interface ConsoleApi {
  /** Answer a request under /api/broker/ (the caller has checked Host, Origin and token). */
  handle(request: IncomingMessage, url: URL, response: ServerResponse): Promise<void>;
  /** Fresh reads made since start: what the console cost the broker. */
  freshReads(): number;
}

/** `prefix`: the workshop room's (WORKBOOK_NAMESPACE): the page names topics and groups as its cells do, room-views.ts. */
export function consoleApi(prefix = roomPrefix()): ConsoleApi {
  const room = roomViews(prefix);
  const cache = new Map<string, { at: number; answer: Promise<Answer> }>();
  const recentReads: number[] = [];
  let reads = 0;

  function route(url: URL): (() => Promise<unknown>) | Answer {
    const namesrv = brokerEndpoints().namesrv;
    const [, , , what, name, ...rest] = url.pathname.split('/');
    if (rest.length) return notFound(url);
    if (what === 'overview' && name === undefined) return async () => room.overview(await overview(namesrv));
    if ((what === 'topics' || what === 'groups') && name !== undefined) {
      const decoded = safeDecode(name);
      if (!decoded || !namePattern.test(decoded)) return bad(`"${name}" is not a ${what === 'topics' ? 'topic' : 'group'} name (letters, digits, %, |, _ and - only)`);
      if (what === 'topics') return async () => room.topic(await topicView(namesrv, room.name(decoded)));
      const topic = url.searchParams.get('topic') ?? undefined;
      if (topic !== undefined && !namePattern.test(topic)) return bad(`"${topic}" is not a topic name`);
      return async () => room.group(await groupView(namesrv, room.name(decoded), topic === undefined ? undefined : room.name(topic)));
    }
    if (what === 'messages' && name === undefined) {
      const topic = url.searchParams.get('topic') ?? '';
      const id = url.searchParams.get('id');
      const key = url.searchParams.get('key');
      if (!namePattern.test(topic)) return bad('say which topic to look in: ?topic=…');
      const value = (id ?? key ?? '').trim();
      if (!value || (id !== null && key !== null) || value.length > 128) return bad('look up one message id (?id=…) or one key (?key=…), up to 128 characters');
      return async () => room.messages(await findMessages(namesrv, room.name(topic), id !== null ? 'id' : 'key', value));
    }
    return notFound(url);
  }

  async function read(key: string, view: () => Promise<unknown>): Promise<Answer> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < consoleCacheMs) return hit.answer;
    while (recentReads.length && now - recentReads[0] >= 1000) recentReads.shift();
    if (recentReads.length >= consoleReadsPerSecond) {
      return { status: 429, body: { error: `the console asks the broker at most ${consoleReadsPerSecond} times a second; try again in a moment` } };
    }
    recentReads.push(now);
    reads++;
    const answer = view().then(
      (body): Answer => ({ status: 200, body }),
      (error: Error): Answer => failure(error, room.notFound),
    );
    cache.set(key, { at: now, answer });
    for (const [old, entry] of cache) if (now - entry.at >= consoleCacheMs) cache.delete(old);
    return answer;
  }

  return {
    freshReads: () => reads,
    async handle(request, url, response) {
      if (request.method !== 'GET') {
        // The body is never read: answer, then close the connection so no client reuses it mid-body.
        request.resume();
        return send(response, 405, { error: 'the console only reads the broker: nothing under /api/broker/ changes it' }, { Allow: 'GET', Connection: 'close' });
      }
      const routed = route(url);
      const answer = typeof routed === 'function' ? await read(url.pathname + url.search, routed) : routed;
      send(response, answer.status, answer.body, answer.status === 429 ? { 'Retry-After': '1' } : {});
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }).end(JSON.stringify(body));
}

/** 404 for what the broker does not have, 503 when it does not answer, 502 when it answers with an error. */
function failure(error: Error & { code?: string }, notFound: (message: string) => string): Answer {
  if (error instanceof NotFound) return { status: 404, body: { error: notFound(error.message) } };
  if (error.code || error.message.startsWith('no answer from')) {
    return { status: 503, body: { error: `RocketMQ does not answer (name server ${brokerEndpoints().namesrv}): ${error.message}`, hint: startHint } };
  }
  return { status: 502, body: { error: error.message } };
}

const bad = (error: string): Answer => ({ status: 400, body: { error } });
const notFound = (url: URL): Answer => ({ status: 404, body: { error: `no console view at ${url.pathname}` } });

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
