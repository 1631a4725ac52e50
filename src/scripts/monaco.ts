/**
 * The Monaco editor, loaded only when a reader presses Edit (cell.ts imports this module
 * dynamically): Monaco's ESM build with just what TypeScript needs — the editor, the TypeScript
 * language and its worker — bundled by Vite into chunks of their own, and the type declarations
 * from /workbook/editor-types.json (src/pages/workbook/editor-types.json.ts).
 */
import './monaco-environment.ts';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import * as typescriptContribution from 'monaco-editor/esm/vs/language/typescript/monaco.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution.js';
import type * as MonacoApi from 'monaco-editor';

/** The deep import's declaration file is empty; its exports are the `typescript` namespace of Monaco's API. */
const typescript = typescriptContribution as unknown as typeof MonacoApi.typescript;

/** TypeScript's ModuleResolutionKind.Bundler; Monaco's enum lists only Classic and NodeJs. */
const moduleResolutionBundler = 100;

const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');

let types: Promise<void> | undefined;

/** Give the TypeScript worker the workbook's compiler options and declarations, once per page. */
function loadTypes(): Promise<void> {
  types ??= fetch(`${base}workbook/editor-types.json`)
    .then((response) => {
      if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
      return response.json() as Promise<Record<string, string>>;
    })
    .then(configureTypeScript);
  types.catch(() => {
    types = undefined;
  });
  return types;
}

function configureTypeScript(files: Record<string, string>): void {
  const defaults = typescript.typescriptDefaults;
  defaults.setCompilerOptions({
    target: typescript.ScriptTarget.ESNext,
    module: typescript.ModuleKind.ESNext,
    moduleResolution: moduleResolutionBundler as MonacoApi.typescript.ModuleResolutionKind,
    allowImportingTsExtensions: true,
    allowNonTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    lib: ['esnext'],
  });
  defaults.setEagerModelSync(true);
  for (const [uri, content] of Object.entries(files)) defaults.addExtraLib(content, uri);
}

/** The Monaco theme matching Starlight's current colour scheme. */
const themeNow = () => (document.documentElement.dataset.theme === 'light' ? 'vs' : 'vs-dark');

/** An open editor: read its code, and close it. */
export interface OpenEditor {
  getCode(): string;
  setCode(code: string): void;
  focus(): void;
  dispose(): void;
}

/** Options of one editor: which example it edits, the code to start from, and what the cell does on change and on Shift+Enter. */
export interface EditorOptions {
  exampleId: string;
  code: string;
  ariaLabel: string;
  onChange(code: string): void;
  onRun(): void;
  /** Ctrl+Shift+Enter (⌘⇧↵): an exercise's Check. */
  onCheck?(): void;
}

/** Longest the editor grows before it scrolls, in pixels. */
const maxEditorHeight = 640;

/** Open an editor in `container`; its model lives at file:///examples/<id>.ts so relative imports resolve. */
export async function openEditor(container: HTMLElement, options: EditorOptions): Promise<OpenEditor> {
  await loadTypes();
  const uri = monaco.Uri.parse(`file:///examples/${options.exampleId}.ts`);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(options.code, 'typescript', uri);
  if (model.getValue() !== options.code) model.setValue(options.code);
  const editor = monaco.editor.create(container, {
    model,
    theme: themeNow(),
    ariaLabel: options.ariaLabel,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    // Whole lines at every width: a long line wraps, its continuation indented one level deeper.
    wordWrap: 'on',
    wrappingIndent: 'indent',
    fontSize: 14,
    tabSize: 2,
    lineNumbersMinChars: 3,
    fixedOverflowWidgets: true,
    overviewRulerLanes: 0,
    hideCursorInOverviewRuler: true,
    scrollbar: { alwaysConsumeMouseWheel: false },
  });
  editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => options.onRun());
  // Monaco's own Ctrl+Shift+Enter inserts a line above; in an exercise it checks instead (src/lib/shortcuts.ts).
  if (options.onCheck) editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => options.onCheck?.());
  // Grow with the code up to maxEditorHeight; only a taller file gets a vertical scrollbar.
  const fit = () => {
    const fits = editor.getContentHeight() <= maxEditorHeight;
    container.style.height = `${Math.min(maxEditorHeight, editor.getContentHeight())}px`;
    editor.updateOptions({ scrollbar: { vertical: fits ? 'hidden' : 'auto', alwaysConsumeMouseWheel: false } });
  };
  fit();
  const sizeListener = editor.onDidContentSizeChange(fit);
  const changeListener = model.onDidChangeContent(() => options.onChange(model.getValue()));
  const themeObserver = new MutationObserver(() => monaco.editor.setTheme(themeNow()));
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return {
    getCode: () => model.getValue(),
    setCode: (code) => model.setValue(code),
    focus: () => editor.focus(),
    dispose: () => {
      themeObserver.disconnect();
      sizeListener.dispose();
      changeListener.dispose();
      editor.dispose();
    },
  };
}
