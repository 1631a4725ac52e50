/**
 * The sandbox serves the site light: the build's precompressed copies to browsers that accept
 * brotli or gzip (Accept-Encoding negotiation, Vary), HTML compressed with the token inside,
 * hashed assets kept for a year, everything else revalidated (ETag, 304).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, serveStatic } from '../../sandbox/http/static-site.ts';
import { precompress } from '../../src/integrations/precompress.ts';

const token = 'test-token-123';
let site: string;
let server: http.Server;
let port: number;

/** A script big and repetitive enough to compress, as a build's chunks are. */
const script = Array.from({ length: 400 }, (_, i) => `export const value${i} = "${'abc'.repeat(i % 7)}";`).join('\n');
const page = `<!doctype html><html><head><title>chapter</title></head><body>${'<p>RocketMQ keeps the message.</p>'.repeat(200)}</body></html>`;

/** GET a path with the given headers; the body is returned as sent (still compressed). */
function get(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-site-'));
  fs.mkdirSync(path.join(site, '_astro'));
  fs.mkdirSync(path.join(site, '00-hello'));
  fs.writeFileSync(path.join(site, '_astro', 'cell.Ab12Cd34.js'), script);
  fs.writeFileSync(path.join(site, '_astro', 'tiny.Ef56.js'), 'export {};');
  fs.writeFileSync(path.join(site, '00-hello', 'index.html'), page);
  fs.writeFileSync(path.join(site, 'types.json'), JSON.stringify({ a: script }));
  await precompress(site);
  server = http.createServer((request, response) => serveStatic(site, request, token, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(site, { recursive: true, force: true });
});

describe('precompression at build time', () => {
  it('writes .br and .gz beside files worth compressing, and skips tiny ones', () => {
    const file = path.join(site, '_astro', 'cell.Ab12Cd34.js');
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString()).toBe(script);
    expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString()).toBe(script);
    expect(fs.statSync(`${file}.br`).size).toBeLessThan(fs.statSync(`${file}.gz`).size);
    expect(fs.existsSync(path.join(site, '_astro', 'tiny.Ef56.js.br'))).toBe(false);
  });
});

describe('Accept-Encoding negotiation', () => {
  it('prefers brotli, honours q=0, and falls back to gzip or nothing', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('br;q=0, gzip;q=0.8')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });

  it('sends a hashed asset brotli-compressed to a browser that accepts it, cached for a year', async () => {
    const response = await get('/_astro/cell.Ab12Cd34.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(script.length / 4);
    expect(zlib.brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it('sends gzip to a client without brotli, and the plain file to one that accepts neither', async () => {
    const gzipped = await get('/_astro/cell.Ab12Cd34.js', { 'Accept-Encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.body).toString()).toBe(script);
    const plain = await get('/_astro/cell.Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(script);
  });

  it('sends a file without a compressed copy as it is, whatever the browser accepts', async () => {
    const response = await get('/_astro/tiny.Ef56.js', { 'Accept-Encoding': 'br, gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.toString()).toBe('export {};');
  });

  it('revalidates files that are not hashed: no-cache with an ETag, and 304 when unchanged', async () => {
    const first = await get('/types.json', { 'Accept-Encoding': 'br' });
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['content-encoding']).toBe('br');
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/types.json', { 'Accept-Encoding': 'br', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('compresses pages with the sandbox token inside, never cached without asking', async () => {
    for (const [accept, decode] of [['br', zlib.brotliDecompressSync], ['gzip', zlib.gunzipSync]] as const) {
      const response = await get('/00-hello/', { 'Accept-Encoding': accept });
      expect(response.headers['content-encoding']).toBe(accept);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers.vary).toBe('Accept-Encoding');
      const html = decode(response.body).toString();
      expect(html).toContain(`<meta name="sandbox-token" content="${token}">`);
      expect(html).toContain('RocketMQ keeps the message.');
      expect(response.body.length).toBeLessThan(page.length / 4);
    }
  });
});
