/**
 * Monaco's environment, set before any Monaco module runs (src/scripts/monaco.ts imports this
 * first): its two workers — the editor's own and TypeScript's — bundled by Vite, and a global
 * `monaco` (the browser tests read models and markers through it).
 */
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import TypeScriptWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker.js?worker';

self.MonacoEnvironment = {
  globalAPI: true,
  getWorker: (_workerId: string, label: string) => (label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker()),
};
