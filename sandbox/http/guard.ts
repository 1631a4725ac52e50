/**
 * Who may talk to the sandbox. Any web page the reader visits can send requests to
 * 127.0.0.1:4321, so every request passes these checks (see shared/sandbox-security.md).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Verdict {
  status: 400 | 401 | 403;
  error: string;
}

/** The exact Host values and Origins of this server; nothing that merely starts or ends like them. */
export function allowedOrigins(port: number): { hosts: Set<string>; origins: Set<string> } {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return { hosts: new Set(hosts), origins: new Set(hosts.map((host) => `http://${host}`)) };
}

/**
 * Checks every request: exact Host (defeats DNS rebinding), exact Origin when one is sent,
 * and no cross-site requests to the API or to subresources (Fetch Metadata).
 */
export function checkRequest(request: IncomingMessage, port: number, isApi: boolean): Verdict | undefined {
  const { hosts, origins } = allowedOrigins(port);
  if (!hosts.has(request.headers.host ?? '')) return { status: 403, error: 'unknown Host: the sandbox answers only to 127.0.0.1 and localhost' };
  const origin = request.headers.origin;
  if (origin !== undefined && !origins.has(origin)) return { status: 403, error: 'cross-origin requests are refused' };
  const site = request.headers['sec-fetch-site'];
  const mode = request.headers['sec-fetch-mode'];
  if (isApi && (site === 'cross-site' || site === 'same-site')) return { status: 403, error: 'cross-site requests are refused' };
  // Pages may be opened from a link on any site (mode "navigate"); scripts, images and no-cors fetches may not.
  if (!isApi && site === 'cross-site' && mode !== 'navigate') return { status: 403, error: 'cross-site subresource requests are refused' };
  return undefined;
}

/** Constant-time token comparison; hashing first makes lengths equal, so a wrong length leaks nothing either. */
export function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** Headers on every response: no framing, no cross-origin reads, no sniffing. */
export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': "frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
