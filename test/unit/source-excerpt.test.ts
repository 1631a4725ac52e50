/** <Source>: a page shows a named region of a file under examples/, read at build time, never a copy. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, readExampleSource } from '../../src/lib/examples.ts';

const file = '06-capstone/services/order/pay.ts';

describe('readExampleSource', () => {
  it('returns the lines between "// #region <name>" and "// #endregion", without the markers', () => {
    const excerpt = readExampleSource(file, 'pay');
    const lines = fs.readFileSync(path.join(examplesDir, file), 'utf8').split('\n');
    expect(lines[excerpt.firstLine - 2].trim()).toBe('// #region pay');
    expect(lines[excerpt.lastLine].trim()).toBe('// #endregion');
    expect(excerpt.code).toBe(lines.slice(excerpt.firstLine - 1, excerpt.lastLine).join('\n'));
    expect(excerpt.code).toContain('export async function pay(');
    expect(excerpt.code).not.toContain('#region');
  });

  it('returns the whole file without a region', () => {
    expect(readExampleSource(file).code).toBe(fs.readFileSync(path.join(examplesDir, file), 'utf8').replace(/\n$/, ''));
  });

  it('fails the build for a missing region, a missing file, or a path outside examples/', () => {
    expect(() => readExampleSource(file, 'no-such-region')).toThrow(/no "\/\/ #region no-such-region"/);
    expect(() => readExampleSource('06-capstone/nothing-here.ts')).toThrow(/does not exist/);
    expect(() => readExampleSource('../package.json')).toThrow(/under examples/);
    expect(() => readExampleSource('../../etc/passwd.ts')).toThrow(/under examples/);
  });
});
