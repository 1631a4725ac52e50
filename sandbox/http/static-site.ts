/** Serve the built site (dist/), with the sandbox token in every HTML page. */
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml', '.wasm': 'application/wasm', '.ttf': 'font/ttf', '.map': 'application/json', '.pf_meta': 'application/octet-stream',
};

/** Send the file for a URL path from `root`, or the site's 404 page. */
export function serveStatic(root: string, urlPath: string, token: string, response: ServerResponse): void {
  const file = resolveFile(root, urlPath);
  if (!file) {
    const notFound = path.join(root, '404.html');
    return send(response, 404, fs.existsSync(notFound) ? notFound : undefined, token);
  }
  send(response, 200, file, token);
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

function send(response: ServerResponse, status: number, file: string | undefined, token: string): void {
  if (!file) {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
  if (type.startsWith('text/html')) {
    const html = fs.readFileSync(file, 'utf8').replace(/<head>/i, `<head><meta name="sandbox-token" content="${token}">`);
    response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(html);
    return;
  }
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  // pipeline closes the file when the reader goes away and turns read errors into a closed response.
  pipeline(fs.createReadStream(file), response, () => undefined);
}
