/** Plain HTTP requests with full control over headers (fetch() refuses to set Host, Origin and Sec-Fetch-*). */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Send one request to 127.0.0.1:port and read the whole answer (bodies of event streams end with the run). */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; host?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: options.host ?? '127.0.0.1', port, method: options.method ?? 'GET', path: options.path,
      headers: { Host: `127.0.0.1:${port}`, ...options.headers },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
    request.on('error', reject);
    if (options.body) request.write(options.body);
    request.end();
  });
}
