/** Build-time access to the files under examples/: what a cell shows and what it runs. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exampleIdPattern } from '../../sandbox/protocol.ts';

/** The folder every example id is relative to. */
export const examplesDir = path.resolve('examples');

/** The source of one example file, and a hash that changes whenever the file does. */
export interface ExampleSource {
  id: string;
  code: string;
  hash: string;
}

/** Read `examples/<id>.ts`; a missing file fails the build with the id in the message. */
export function readExample(id: string, usedBy = 'Example'): ExampleSource {
  if (!exampleIdPattern.test(id)) throw new Error(`<${usedBy} id="${id}">: not a valid example id (like "00-hello/first-send")`);
  const file = path.join(examplesDir, `${id}.ts`);
  if (!fs.existsSync(file)) throw new Error(`<${usedBy} id="${id}">: examples/${id}.ts does not exist`);
  const code = fs.readFileSync(file, 'utf8');
  return { id, code, hash: hashText(code) };
}

/** Read a non-code file that belongs to an example folder, e.g. an exercise's hints.md; undefined when absent. */
export function readExampleText(relativePath: string): string | undefined {
  const file = path.join(examplesDir, relativePath);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** SHA-256 of a text, hex, first 16 characters: enough to tell versions of one file apart. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** An excerpt of a file under examples/, and where it starts and ends in the file (1-based lines). */
export interface SourceExcerpt {
  file: string;
  code: string;
  firstLine: number;
  lastLine: number;
}

/**
 * Read examples/<file>, or only its named region: the lines between `// #region <name>` and the
 * next `// #endregion`, without the markers and dedented. A missing file or region fails the build.
 */
export function readExampleSource(file: string, region?: string, usedBy = 'Source'): SourceExcerpt {
  const full = path.resolve(examplesDir, file);
  if (!full.startsWith(examplesDir + path.sep) || !/\.(ts|md)$/.test(file)) {
    throw new Error(`<${usedBy} file="${file}">: not a .ts or .md file under examples/`);
  }
  if (!fs.existsSync(full)) throw new Error(`<${usedBy} file="${file}">: examples/${file} does not exist`);
  const lines = fs.readFileSync(full, 'utf8').replace(/\n$/, '').split('\n');
  if (region === undefined) return { file, code: lines.join('\n'), firstLine: 1, lastLine: lines.length };
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  if (start < 0 || end < 0) throw new Error(`<${usedBy} file="${file}" region="${region}">: no "// #region ${region}" … "// #endregion" in examples/${file}`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return { file, code: body.map((line) => line.slice(indent)).join('\n'), firstLine: start + 2, lastLine: end };
}
