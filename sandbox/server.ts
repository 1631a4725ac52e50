/** The sandbox: one origin on 127.0.0.1 for the built site and the run API. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brokerEndpoints } from './broker/endpoints.ts';
import { projectRoot } from './broker/layout.ts';
import { brokerAnswers } from './broker/local-broker.ts';
import { declaredTimeoutMs, resolveExample } from './examples.ts';
import { faultAvailability } from './faults/availability.ts';
import { BrokerFaults } from './faults/broker-fault.ts';
import { resumeStrandedBroker } from './faults/pause.ts';
import { faultRoute } from './faults/route.ts';
import { consoleApi } from './http/console-api.ts';
import { checkRequest, securityHeaders, tokenMatches } from './http/guard.ts';
import { progressResponse, resetFromRequest } from './http/progress-api.ts';
import { serveStatic } from './http/static-site.ts';
import { limits as defaultLimits, type Limits } from './limits.ts';
import type { HealthResponse, RunRequest } from './protocol.ts';
import { RunManager } from './runner/run-manager.ts';
import { recordCheck } from './workshop/progress.ts';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The built site; default dist/. */
  siteDir?: string;
  /** Why no broker could be had (from `npm start`), shown by /api/health and so in every cell. */
  brokerProblem?: string;
  /** Override limits (tests use short ones). */
  limits?: Partial<Limits>;
}

export interface Sandbox {
  url: string;
  /** Random per start; pages get it through <meta name="sandbox-token">. Never logged. */
  token: string;
  port: number;
  /** Runs admitted since start. */
  admittedRuns(): number;
  /** The warm processes waiting for runs: resolves when all have booted; their pids (benchmarks measure their memory). */
  warmPool: { ready(): Promise<void>; pids(): number[] };
  /** Fresh reads of the broker by the console API since start (the rest came from its cache). */
  consoleReads(): number;
  close(): Promise<void>;
}

/** Start the sandbox server on 127.0.0.1 only. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const token = randomBytes(32).toString('base64url');
  const siteDir = path.resolve(options.siteDir ?? path.join(projectRoot, 'dist'));
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const runs = new RunManager(limits);
  await runs.open();
  const faults = new BrokerFaults();
  // A broker left paused by a sandbox that died mid-fault answers again (its watchdog would, later).
  for (const role of resumeStrandedBroker()) console.log(`Resumed the ${role} JVM, left paused by an earlier sandbox.`);
  const health = healthCache(options.brokerProblem);
  const brokerConsole = consoleApi();
  let port = 0;

  const server = http.createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    handle(request, response).catch((error) => {
      if (!response.headersSent) json(response, 500, { error: `sandbox error: ${(error as Error).message}` });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const isApi = url.pathname.startsWith('/api/');
    const refused = checkRequest(request, port, isApi);
    if (refused) return json(response, refused.status, { error: refused.error });
    if (!isApi) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return json(response, 405, { error: 'method not allowed' });
      return serveStatic(siteDir, request, token, response);
    }

    if (url.pathname === '/api/health' && request.method === 'GET') return json(response, 200, await health());

    const runRoute = /^\/api\/runs\/([A-Za-z0-9_-]{20,40})\/(events|stop)$/.exec(url.pathname);
    if (runRoute && runRoute[2] === 'events' && request.method === 'GET') {
      const run = runs.get(runRoute[1]);
      if (!run) return json(response, 404, { error: 'no such run' });
      response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.flushHeaders();
      return run.subscribe(response);
    }

    if (url.pathname.startsWith('/api/broker/')) {
      if (!tokenMatches(request.headers['x-sandbox-token'], token)) return json(response, 401, { error: 'missing or wrong X-Sandbox-Token' });
      return brokerConsole.handle(request, url, response);
    }

    if (url.pathname === '/api/progress' && request.method === 'GET') {
      if (!tokenMatches(request.headers['x-sandbox-token'], token)) return json(response, 401, { error: 'missing or wrong X-Sandbox-Token' });
      return json(response, 200, progressResponse());
    }

    if (request.method !== 'POST') return json(response, 404, { error: 'no such endpoint' });
    if (!tokenMatches(request.headers['x-sandbox-token'], token)) return json(response, 401, { error: 'missing or wrong X-Sandbox-Token' });
    const faultAnswer = faultRoute(url.pathname, runs, faults);
    if (faultAnswer) return json(response, faultAnswer.status, faultAnswer.body);

    if (runRoute && runRoute[2] === 'stop') {
      const run = runs.get(runRoute[1]);
      if (!run) return json(response, 404, { error: 'no such run' });
      runs.stop(run);
      return json(response, 200, { stopped: true });
    }
    if (url.pathname !== '/api/run' && url.pathname !== '/api/progress/reset') return json(response, 404, { error: 'no such endpoint' });
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return json(response, 415, { error: 'send JSON (Content-Type: application/json)' });
    }
    const body = await readBody(request, limits.requestBodyBytes);
    if (body === 'too large') {
      // Answer, then close the connection: the rest of the body is never read.
      response.setHeader('Connection', 'close');
      response.on('finish', () => request.socket.destroy());
      return json(response, 413, { error: `request body over ${limits.requestBodyBytes} bytes` });
    }
    let parsed: RunRequest;
    try {
      parsed = JSON.parse(body);
    } catch {
      return json(response, 400, { error: 'the body is not JSON' });
    }
    if (url.pathname === '/api/progress/reset') {
      const reset = resetFromRequest(parsed);
      return json(response, reset.status, reset.body);
    }
    return startRun(parsed, response);
  }

  function startRun(request: RunRequest, response: ServerResponse): void {
    const resolved = resolveExample(request.example);
    if ('error' in resolved) return json(response, resolved.status, { error: resolved.error });
    for (const field of ['code', 'underTest'] as const) {
      if (request[field] !== undefined && typeof request[field] !== 'string') return json(response, 400, { error: `${field} must be a string` });
    }
    let underTest: { file: string; code: string } | undefined;
    if (request.underTest !== undefined) {
      if (!request.example.endsWith('/check')) return json(response, 400, { error: 'underTest goes with an exercise check ("…/check")' });
      underTest = { file: path.join(path.dirname(resolved.file), 'starter.ts'), code: request.underTest };
    }
    const source = fs.readFileSync(resolved.file, 'utf8');
    const run = runs.submit({ example: request.example, file: resolved.file, code: request.code, underTest, timeoutMs: declaredTimeoutMs(source, limits) });
    if (!run) return json(response, 429, { error: `${limits.concurrentRuns} runs are executing and ${limits.queuedRuns} are waiting; try again shortly` });
    // A check records its own result in the workshop's progress, whatever the page later claims.
    if (underTest) {
      run.onDone(() => {
        const exit = run.events.find((record) => record.event === 'exit');
        if (exit?.event === 'exit' && exit.data.signal === null) recordCheck(request.example.replace(/\/check$/, ''), exit.data.code === 0, 'page');
      });
    }
    json(response, 200, { runId: run.id });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4321, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    port,
    admittedRuns: () => runs.admitted,
    warmPool: { ready: () => runs.pool.ready(), pids: () => runs.pool.sparePids() },
    consoleReads: () => brokerConsole.freshReads(),
    async close() {
      faults.close();
      await runs.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

/** Read a body up to `max` bytes; refuses early on a declared length over it. */
function readBody(request: IncomingMessage, max: number): Promise<string | 'too large'> {
  if (Number(request.headers['content-length'] ?? 0) > max) return Promise.resolve('too large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        request.removeAllListeners('data');
        resolve('too large');
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** /api/health, with the broker probe cached for two seconds so a page of cells costs one probe. */
function healthCache(brokerProblem: string | undefined): () => Promise<HealthResponse> {
  let cached: { at: number; value: HealthResponse } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < 2000) return cached.value;
    const endpoints = brokerEndpoints();
    const answer = await brokerAnswers(endpoints);
    const value: HealthResponse = {
      sandbox: 'ok',
      faults: faultAvailability(),
      broker: answer.ok
        ? { ready: true, endpoints: endpoints.grpc }
        : { ready: false, endpoints: endpoints.grpc, reason: brokerProblem ?? answer.reason,
            hint: 'Start RocketMQ with `npm run broker -- start` (needs Java 17 and Maven) or `docker compose up -d`, then run the cell again.' },
    };
    cached = { at: Date.now(), value };
    return value;
  };
}
