/** The editor's TypeScript worker ships the ECMAScript libs a Node program compiles against, without the DOM's. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutBrowserLibs } from '../../src/integrations/monaco-typescript-libs.ts';

const libJs = path.resolve('node_modules/monaco-editor/esm/vs/language/typescript/lib/lib.js');

/** Evaluate a lib.js source (a module whose only export is libFileMap) and return its libFileMap. */
function libFileMap(source: string): Record<string, string> {
  const body = source.replace(/\nexport \{ libFileMap \};?\s*$/, '\nreturn libFileMap;');
  expect(body).not.toBe(source);
  return new Function(body)() as Record<string, string>;
}

describe('TypeScript libs in the editor worker', () => {
  it('drops the DOM, web worker and script host libs, and keeps every ECMAScript lib byte for byte', () => {
    const original = libFileMap(fs.readFileSync(libJs, 'utf8'));
    const trimmed = libFileMap(withoutBrowserLibs(fs.readFileSync(libJs, 'utf8')));
    expect(Object.keys(trimmed)).not.toContain('lib.dom.d.ts');
    expect(Object.keys(trimmed)).not.toContain('lib.webworker.d.ts');
    for (const [name, text] of Object.entries(original)) {
      if (/^lib\.(es\d+|esnext|es5|es6|decorators)/.test(name)) expect(trimmed[name], name).toBe(text);
    }
    const size = (map: Record<string, string>) => Object.values(map).reduce((total, text) => total + text.length, 0);
    expect(size(trimmed)).toBeLessThan(size(original) / 3);
  });

  it('leaves nothing that lib: ["esnext"] needs dangling', () => {
    const trimmed = libFileMap(withoutBrowserLibs(fs.readFileSync(libJs, 'utf8')));
    // Follow /// <reference lib="…" /> from lib.esnext.d.ts: every lib it pulls in must still be there.
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      expect(trimmed[name], `${name} (referenced from lib.esnext.d.ts)`).toBeDefined();
      for (const [, lib] of trimmed[name].matchAll(/\/\/\/ <reference lib="([^"]+)" \/>/g)) visit(`lib.${lib}.d.ts`);
    };
    visit('lib.esnext.d.ts');
    expect(seen.size).toBeGreaterThan(50);
  });
});
