/**
 * Precompression: after `astro build`, writes `<file>.br` (brotli) and `<file>.gz` (gzip -9)
 * beside every text file of the site worth compressing. The sandbox sends them to
 * browsers that accept them (sandbox/http/static-site.ts); static hosts that look for such files
 * (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`) can too. Compressing once at a
 * high level beats compressing every response at a fast one: Monaco's chunks are megabytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { AstroIntegration } from 'astro';

/** Extensions of files that compress well (Pagefind's index files are gzip already). */
export const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.xml', '.txt', '.ttf', '.map', '.webmanifest']);

/** Files smaller than this gain less than a packet. */
const minimumBytes = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Brotli's best quality (11) for what a page needs to show up; 9 for the editor's chunks of
 * several MB, fetched only on Edit. Measured on the TypeScript worker (4.4 MB), on the 2-core
 * machine under load: quality 11 took 42 s and gave 899 KB, 10 took 24 s (910 KB), 9 took 5 s
 * (988 KB). Quality 11 on them was most of the build's precompression time, in every build.
 */
const brotliQuality = (bytes: number) => (bytes >= 1024 * 1024 ? 9 : 11);

/** The two encodings the site is precompressed in, with the file suffix and the encoder of each. */
export const encodings = [
  {
    name: 'br',
    suffix: '.br',
    encode: (data: Buffer) => brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality(data.length), [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  },
  { name: 'gzip', suffix: '.gz', encode: (data: Buffer) => gzip(data, { level: 9 }) },
] as const;

/** Write .br and .gz beside every compressible file under `dir`; returns the bytes before and after (brotli). */
export async function precompress(dir: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const files = (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .map((name) => path.join(dir, name))
    .filter((file) => compressible.has(path.extname(file)) && fs.statSync(file).isFile() && fs.statSync(file).size >= minimumBytes);
  let bytes = 0;
  let brotliBytes = 0;
  await Promise.all(files.map(async (file) => {
    const data = await fs.promises.readFile(file);
    bytes += data.length;
    for (const { suffix, encode, name } of encodings) {
      const compressed = await encode(data);
      // A compressed copy that is not smaller is no use; the server falls back to the plain file.
      if (compressed.length < data.length) await fs.promises.writeFile(file + suffix, compressed);
      if (name === 'br') brotliBytes += Math.min(compressed.length, data.length);
    }
  }));
  return { files: files.length, bytes, brotliBytes };
}

/** Astro integration: precompress the built site (list it after every integration that writes files). */
export default function precompressSite(): AstroIntegration {
  return {
    name: 'workbook:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { files, bytes, brotliBytes } = await precompress(fileURLToPath(dir));
        logger.info(`precompressed ${files} files: ${(bytes / 1e6).toFixed(1)} MB → ${(brotliBytes / 1e6).toFixed(1)} MB with brotli`);
      },
    },
  };
}
