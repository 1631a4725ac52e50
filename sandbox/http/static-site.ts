/**
 * Serve the built site (dist/), with the sandbox token in every HTML page, compressed when the
 * browser accepts it: the build's precompressed `.br`/`.gz` copies (src/integrations/precompress.ts)
 * for assets, HTML compressed once per file and kept (it carries this start's token). Hashed
 * assets under /_astro/ never change, so browsers keep them; everything else is revalidated.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml', '.wasm': 'application/wasm', '.ttf': 'font/ttf', '.map': 'application/json', '.pf_meta': 'application/octet-stream',
};

/** Astro names the files under /_astro/ by a hash of their content: a new build means new names. */
const immutable = 'public, max-age=31536000, immutable';
/** Everything else may change with the next build: the browser asks again each time (a 304 when unchanged). */
const revalidate = 'no-cache';

/** The encodings we send, best first, with the suffix of their precompressed copies. */
const encodings = [{ name: 'br', suffix: '.br' }, { name: 'gzip', suffix: '.gz' }] as const;
type Encoding = (typeof encodings)[number]['name'];

/** Pages with this start's token, per file: the version they were made from and one body per encoding. */
const htmlCache = new Map<string, { version: string; bodies: Map<string, Buffer> }>();

/** Send the file a GET or HEAD request names under `root`, or the site's 404 page. */
export function serveStatic(root: string, request: IncomingMessage, token: string, response: ServerResponse): void {
  const urlPath = new URL(request.url ?? '/', 'http://sandbox').pathname;
  const file = resolveFile(root, urlPath);
  if (!file) {
    const notFound = path.join(root, '404.html');
    return send(request, response, 404, fs.existsSync(notFound) ? notFound : undefined, token, revalidate);
  }
  send(request, response, 200, file, token, urlPath.startsWith('/_astro/') ? immutable : revalidate);
}

/** The encodings the request accepts, in our order of preference (q=0 refuses one). */
export function acceptedEncodings(header: string | string[] | undefined): Encoding[] {
  const accepted = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const wildcard = accepted.get('*');
  return encodings.map(({ name }) => name).filter((name) => (accepted.get(name) ?? wildcard ?? 0) > 0);
}

function resolveFile(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return undefined;
  for (const file of [candidate, path.join(candidate, 'index.html')]) {
    try {
      const real = fs.realpathSync(file);
      if (real.startsWith(fs.realpathSync(root) + path.sep) && fs.statSync(real).isFile()) return real;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function send(request: IncomingMessage, response: ServerResponse, status: number, file: string | undefined, token: string, cacheControl: string): void {
  if (!file) {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
  const accepted = acceptedEncodings(request.headers['accept-encoding']);
  response.setHeader('Content-Type', type);
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('Vary', 'Accept-Encoding');
  if (type.startsWith('text/html')) return sendHtml(response, status, file, token, accepted[0]);

  const stat = fs.statSync(file);
  // The plain file's size and time name the version of every encoding of it.
  const etag = `"${stat.size.toString(36)}-${Math.trunc(stat.mtimeMs).toString(36)}"`;
  response.setHeader('ETag', etag);
  if (status === 200 && request.headers['if-none-match'] === etag) {
    response.writeHead(304).end();
    return;
  }
  const precompressed = encodings.find(({ name, suffix }) => accepted.includes(name) && fs.existsSync(file + suffix));
  const body = precompressed ? file + precompressed.suffix : file;
  if (precompressed) response.setHeader('Content-Encoding', precompressed.name);
  response.setHeader('Content-Length', fs.statSync(body).size);
  response.writeHead(status);
  // pipeline closes the file when the reader goes away and turns read errors into a closed response.
  pipeline(fs.createReadStream(body), response, () => undefined);
}

/**
 * A page, with the token in its head, compressed when accepted. `no-cache`: the browser asks for
 * it again on every visit (a new start has a new token), yet may keep it for the back button.
 */
function sendHtml(response: ServerResponse, status: number, file: string, token: string, encoding: Encoding | undefined): void {
  const version = `${fs.statSync(file).mtimeMs}\0${token}`;
  let cached = htmlCache.get(file);
  if (cached?.version !== version) htmlCache.set(file, (cached = { version, bodies: new Map() }));
  let body = cached.bodies.get(encoding ?? '');
  if (!body) {
    const html = Buffer.from(fs.readFileSync(file, 'utf8').replace(/<head>/i, `<head><meta name="sandbox-token" content="${token}">`));
    body = encoding === 'br'
      ? zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: html.length } })
      : encoding === 'gzip' ? zlib.gzipSync(html, { level: 9 }) : html;
    cached.bodies.set(encoding ?? '', body);
  }
  if (encoding) response.setHeader('Content-Encoding', encoding);
  response.setHeader('Content-Length', body.length);
  response.writeHead(status).end(body);
}
