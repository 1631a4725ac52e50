/**
 * A Vite plugin for the editor's TypeScript worker: Monaco bundles every TypeScript lib file
 * (monaco-editor/esm/vs/language/typescript/lib/lib.js), and four fifths of them are the DOM and
 * web-worker APIs. Workbook code runs on Node (its globals come from @types/node, and the editor
 * compiles with `lib: ['esnext']`, src/scripts/monaco.ts), so the worker ships without them.
 */
import type { Plugin } from 'vite';

/** Lib files of browsers and script hosts: never part of a Node program's compilation. */
const browserLib = /^lib\.(dom|webworker|scripthost)[\w.]*\.d\.ts$/;

/** The module this plugin trims. */
const libModule = /monaco-editor\/esm\/vs\/language\/typescript\/lib\/lib\.js$/;

/** Remove the `libFileMap["lib.dom….d.ts"] = …;` entries from lib.js's source; keeps everything else as it is. */
export function withoutBrowserLibs(source: string): string {
  const end = source.lastIndexOf('\nexport {');
  if (end < 0) throw new Error('monaco-editor lib.js: no export at its end; its layout changed (see src/integrations/monaco-typescript-libs.ts)');
  // Every entry starts a line with libFileMap["name"] (the files' text never does).
  const entries = source.slice(0, end).split(/(?=^libFileMap\[")/m);
  const kept = entries.filter((entry) => !browserLib.test(/^libFileMap\["([^"]+)"\]/.exec(entry)?.[1] ?? ''));
  return kept.join('') + source.slice(end);
}

/** The plugin: list it under `vite.worker.plugins` (the TypeScript worker is bundled on its own). */
export function typescriptLibsForNode(): Plugin {
  return {
    name: 'workbook:typescript-libs-for-node',
    transform(code, id) {
      return libModule.test(id.split('?')[0]) ? { code: withoutBrowserLibs(code), map: null } : undefined;
    },
  };
}
