/**
 * The sandbox runs code that a page sends it, and any web page can try to reach it.
 * One test per row of shared/sandbox-security.md: each attempt must end in the defence named there.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { rawRequest } from '../support/raw-http.ts';
import { parseEventStream } from '../support/run-cell.ts';

let sandbox: Sandbox;
const evil = 'http://attacker.example';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, limits: { defaultRunTimeMs: 15_000, concurrentRuns: 2, queuedRuns: 3 } });
});
afterAll(() => sandbox.close());

const json = (body: unknown) => JSON.stringify(body);
const runHeaders = () => ({ 'Content-Type': 'application/json', 'X-Sandbox-Token': sandbox.token });
const quickCode = 'console.log("hi")';

async function startRun(body: object, headers: Record<string, string> = runHeaders()) {
  return rawRequest(sandbox.port, { method: 'POST', path: '/api/run', headers, body: json(body) });
}

describe('requests from other sites', () => {
  it('1: refuses a cross-origin no-cors POST with a text/plain body, and starts no child', async () => {
    const before = sandbox.admittedRuns();
    const response = await startRun({ example: '00-hello/first-send', code: quickCode }, {
      'Content-Type': 'text/plain', Origin: evil, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'X-Sandbox-Token': sandbox.token,
    });
    expect(response.status).toBe(403);
    expect(sandbox.admittedRuns()).toBe(before);
  });

  it('2: answers a CORS preflight from another origin without any Access-Control-Allow-Origin', async () => {
    const response = await rawRequest(sandbox.port, { method: 'OPTIONS', path: '/api/run', headers: {
      Origin: evil, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-sandbox-token,content-type' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it.each(['attacker.example:PORT', 'localhost.attacker.example:PORT', '127.0.0.1.nip.io:PORT', 'localhost', '127.0.0.1:1'])(
    '3: refuses DNS rebinding with Host %s before anything else', async (host) => {
      const headers = { Host: host.replace('PORT', String(sandbox.port)) };
      for (const path of ['/api/health', '/', '/api/run']) {
        const response = await rawRequest(sandbox.port, { path, headers, method: path === '/api/run' ? 'POST' : 'GET' });
        expect(response.status, `${host} ${path}`).toBe(403);
      }
    });

  it.each(['http://localhost:PORT.evil.example', 'http://192.168.1.20:PORT', 'null', 'http://127.0.0.1:PORT/', 'https://127.0.0.1:PORT', 'http://127.0.0.1'])(
    '4: rejects the Origin look-alike %s, also on the event stream', async (origin) => {
      const Origin = origin.replace('PORT', String(sandbox.port));
      expect((await startRun({ example: '00-hello/first-send', code: quickCode }, { ...runHeaders(), Origin })).status).toBe(403);
      const { runId } = JSON.parse((await startRun({ example: '00-hello/first-send', code: quickCode })).body);
      expect((await rawRequest(sandbox.port, { path: `/api/runs/${runId}/events`, headers: { Origin } })).status).toBe(403);
      expect((await rawRequest(sandbox.port, { path: `/api/runs/${runId}/events` })).status).toBe(200);
    });

  it('4: accepts the exact origins of the page', async () => {
    for (const Origin of [`http://127.0.0.1:${sandbox.port}`, `http://localhost:${sandbox.port}`]) {
      const started = await startRun({ example: '00-hello/first-send', code: quickCode }, { ...runHeaders(), Origin });
      expect(started.status).toBe(200);
      const stream = await rawRequest(sandbox.port, { path: `/api/runs/${JSON.parse(started.body).runId}/events`, headers: { Origin } });
      expect(stream.body).toContain('hi');
    }
  });

  it('7: refuses a <script src> of API and site URLs from another site, and marks every response same-origin only', async () => {
    const headers = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'script' };
    for (const path of ['/api/health', '/', '/00-hello/']) {
      const response = await rawRequest(sandbox.port, { path, headers });
      expect(response.status, path).toBe(403);
      expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
    expect((await rawRequest(sandbox.port, { path: '/api/health' })).headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('16: forbids framing by any site', async () => {
    const response = await rawRequest(sandbox.port, { path: '/' });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});

describe('the token', () => {
  it.each([['missing', undefined], ['wrong', 'x'.repeat(43)], ['wrong length', 'short'], ['empty', '']])(
    '5: answers 401 to a %s token', async (_label, token) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token !== undefined) headers['X-Sandbox-Token'] = token;
      expect((await startRun({ example: '00-hello/first-send' }, headers)).status).toBe(401);
    });

  it('5: is new at every start and never printed', async () => {
    const printed: string[] = [];
    const original = { log: console.log, error: console.error, warn: console.warn };
    for (const name of ['log', 'error', 'warn'] as const) console[name] = (...args: unknown[]) => printed.push(args.join(' '));
    const other = await startSandbox({ port: 0 });
    await fetch(`${other.url}/api/health`);
    await other.close();
    Object.assign(console, original);
    expect(other.token).not.toBe(sandbox.token);
    expect(other.token.length).toBeGreaterThanOrEqual(40);
    expect(printed.join('\n')).not.toContain(other.token);
  });

  it('5: reaches pages only through the meta tag of pages the sandbox serves', async () => {
    const page = await rawRequest(sandbox.port, { path: '/' });
    if (page.status === 200) expect(page.body).toContain(`<meta name="sandbox-token" content="${sandbox.token}">`);
    expect((await rawRequest(sandbox.port, { path: '/api/health' })).body).not.toContain(sandbox.token);
  });
});

describe('the network', () => {
  it('6: listens on 127.0.0.1 only, so the machine\'s other addresses refuse connections', async () => {
    const others = Object.values(os.networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
    for (const address of [...others, '127.0.0.2']) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: address, port: sandbox.port });
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(true));
      });
      expect(refused, address).toBe(true);
    }
  });

  it('12: answers 413 to a 10 MB body before receiving it', async () => {
    // Announce 10 MB but send only the headers: the answer must come without the body.
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: sandbox.port }, () => {
        socket.write(`POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:${sandbox.port}\r\nContent-Type: application/json\r\n` +
          `X-Sandbox-Token: ${sandbox.token}\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n{"example":`);
      });
      socket.once('data', (chunk) => (socket.destroy(), resolve(chunk.toString().split('\r\n')[0])));
      socket.once('error', reject);
    });
    expect(statusLine).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('12: answers 413 to an oversized body sent without a length (chunked)', async () => {
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: sandbox.port }, () => {
        socket.write(`POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:${sandbox.port}\r\nContent-Type: application/json\r\n` +
          `X-Sandbox-Token: ${sandbox.token}\r\nTransfer-Encoding: chunked\r\n\r\n`);
        const chunk = 'x'.repeat(64 * 1024);
        for (let i = 0; i < 8; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      });
      socket.once('data', (chunk) => (socket.destroy(), resolve(chunk.toString().split('\r\n')[0])));
      socket.once('error', reject);
    });
    expect(statusLine).toBe('HTTP/1.1 413 Payload Too Large');
  });
});

describe('example ids', () => {
  it.each(['../../etc/passwd', '..%2f..%2fetc/passwd', '/etc/passwd', '00-hello/first-send\u0000', '00-hello/../../package', 'lib/../../x', 'Hello/World'])(
    '13: refuses the id %s', async (example) => {
      const response = await startRun({ example });
      expect([400, 404]).toContain(response.status);
    });

  it('13: does not follow a symlink out of examples/', async () => {
    const link = 'examples/00-hello/escape-link.ts';
    fs.symlinkSync('/etc/hostname', link);
    try {
      expect((await startRun({ example: '00-hello/escape-link' })).status).toBe(404);
    } finally {
      fs.rmSync(link);
    }
  });
});

describe('what a run sees and what it may take', () => {
  async function events(code: string) {
    const started = await startRun({ example: '00-hello/first-send', code });
    expect(started.status).toBe(200);
    const { runId } = JSON.parse(started.body);
    return parseEventStream((await rawRequest(sandbox.port, { path: `/api/runs/${runId}/events` })).body);
  }

  it('15: gives the child a minimal environment: broker endpoints, not the token', async () => {
    const stream = await events('console.log(JSON.stringify(process.env))');
    const env = JSON.parse(stream.filter((e) => e.event === 'stdout').map((e) => e.data.text).join(''));
    expect(Object.keys(env).sort()).toEqual(['HOME', 'PATH', 'ROCKETMQ_ENDPOINTS', 'ROCKETMQ_NAMESRV', 'WORKBOOK_EVENTS_FD', 'WORKBOOK_RUN_MARK']);
    expect(JSON.stringify(env)).not.toContain(sandbox.token);
  });

  it('14: runs a few of 50 simultaneous runs, queues a bounded number, refuses the rest with 429', async () => {
    // Every run lasts until all 50 requests have been answered (the test then creates `release`),
    // however long a busy machine takes to answer them.
    const release = path.join(os.tmpdir(), `sandbox-test-release-${process.pid}-${Date.now()}`);
    const slow = `import fs from 'node:fs'; while (!fs.existsSync(${JSON.stringify(release)})) await new Promise((resolve) => setTimeout(resolve, 50)); console.log("done")`;
    const responses = await Promise.all(Array.from({ length: 50 }, () => startRun({ example: '00-hello/first-send', code: slow })));
    fs.writeFileSync(release, '');
    onTestFinished(() => fs.rmSync(release, { force: true }));
    const accepted = responses.filter((r) => r.status === 200);
    expect(accepted.length).toBe(2 + 3);
    expect(responses.filter((r) => r.status === 429).length).toBe(45);
    const streams = await Promise.all(accepted.map((r) => rawRequest(sandbox.port, { path: `/api/runs/${JSON.parse(r.body).runId}/events` })));
    const queued = streams.map((s) => parseEventStream(s.body)).filter((e) => e[0].data.queued).length;
    expect(queued).toBe(3);
    for (const stream of streams) expect(stream.body).toContain('"code":0');
  });
});

describe('the workshop progress record (sandbox/http/progress-api.ts)', () => {
  it('is read and reset only by the page: the token, the exact Host and Fetch Metadata, as for /api/run', async () => {
    const token = { 'X-Sandbox-Token': sandbox.token };
    const read = (headers: Record<string, string>) => rawRequest(sandbox.port, { path: '/api/progress', headers });
    expect((await read({})).status).toBe(401);
    expect((await read({ ...token, Host: `rebind.attacker.example:${sandbox.port}` })).status).toBe(403);
    expect((await read({ ...token, Origin: evil })).status).toBe(403);
    expect((await read({ ...token, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await read(token)).status).toBe(200);
    const reset = (headers: Record<string, string>, body = '{}') => rawRequest(sandbox.port, { method: 'POST', path: '/api/progress/reset', headers, body });
    expect((await reset({ 'Content-Type': 'application/json' })).status).toBe(401);
    expect((await reset({ ...token, 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await reset({ ...token, 'Content-Type': 'application/json', Origin: evil })).status).toBe(403);
    expect((await reset({ ...token, 'Content-Type': 'application/json' }, json({ exercise: '../../../etc/passwd' }))).status).toBe(400);
  });
});
