/**
 * HTTP/JSON between the services, and between a cell and the services: a small router on
 * node:http, and a client call with a deadline. Errors travel as `{ "error": "…" }` with a status.
 */
import http from 'node:http';

/** An error a handler throws on purpose: its status and message go back to the caller as they are. */
export class HttpError extends Error {
  /** `extra` travels beside the message in the answer, e.g. `{ order_sn }`. */
  constructor(readonly status: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

/** The caller got no answer in time (or no connection): the call may or may not have happened. */
export class NoAnswerError extends Error {}

type Handler = (body: Record<string, unknown>, params: Record<string, string>) => Promise<unknown>;

/** Routes such as `'POST /orders/:orderSn/pay'` → handler. */
export type Routes = Record<string, Handler>;

const MAX_BODY_BYTES = 64 * 1024;

/** Serve `routes` on 127.0.0.1:`port` (0 = any free port); resolves with the port it listens on. */
export async function serve(port: number, routes: Routes): Promise<{ port: number; close(): Promise<void> }> {
  const table = Object.entries(routes).map(([route, handler]) => {
    const [method, pattern] = route.split(' ');
    const names: string[] = [];
    const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
    return { method, regex, names, handler };
  });
  const server = http.createServer(async (request, response) => {
    const reply = (status: number, value: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    };
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const route = table.find((r) => r.method === request.method && r.regex.test(url.pathname));
      if (!route) throw new HttpError(404, `no route ${request.method} ${url.pathname}`);
      const values = route.regex.exec(url.pathname)!.slice(1).map(decodeURIComponent);
      const params = Object.fromEntries(route.names.map((name, i) => [name, values[i]]));
      reply(200, await route.handler(await readJson(request), params));
    } catch (error) {
      if (error instanceof HttpError) reply(error.status, { error: error.message, ...error.extra });
      else {
        console.error(`${request.method} ${request.url} failed: ${(error as Error).message}`);
        reply(500, { error: `internal error: ${(error as Error).message}` });
      }
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
  }
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new HttpError(400, 'the request body must be a JSON object');
}

/**
 * Call another service. Resolves with its JSON answer; throws HttpError when it answered with an
 * error, NoAnswerError when it did not answer within `timeoutMs` (then nobody knows whether it acted).
 */
export async function callJson<T = Record<string, unknown>>(method: string, url: string, body?: unknown, timeoutMs = 10_000): Promise<T> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String((error as Error & { cause?: Error }).cause?.message ?? error);
    throw new NoAnswerError(`${method} ${url}: ${cause}`);
  }
  let value: Record<string, unknown> = {};
  try {
    value = text ? JSON.parse(text) : {};
  } catch {
    value = { error: text };
  }
  if (!response.ok) {
    const { error, ...extra } = value;
    throw new HttpError(response.status, String(error ?? response.statusText), extra);
  }
  return value as T;
}

/** Input checks: each throws HttpError(400) with a message that says what is wrong. */
export const input = {
  positiveInt(value: unknown, name: string): number {
    if (!Number.isInteger(value) || (value as number) <= 0) throw new HttpError(400, `${name} must be a positive integer (got ${JSON.stringify(value)})`);
    return value as number;
  },
  text(value: unknown, name: string, maxLength = 200): string {
    if (typeof value !== 'string' || !value.trim() || value.length > maxLength) {
      throw new HttpError(400, `${name} must be a non-empty string of at most ${maxLength} characters (got ${JSON.stringify(value)})`);
    }
    return value;
  },
};
