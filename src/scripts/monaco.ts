/**
 * The Monaco editor, loaded only when a reader presses Edit: its prebuilt AMD files are served
 * from /monaco/vs/ (src/integrations/monaco-assets.ts), the type declarations from
 * /workbook/editor-types.json (src/pages/workbook/editor-types.json.ts).
 */
import type * as MonacoApi from 'monaco-editor';

type Monaco = typeof MonacoApi;

/** The AMD loader's `require`, which Monaco's loader.js puts on window. */
interface AmdRequire {
  (deps: string[], onLoad: (...modules: unknown[]) => void, onError?: (error: unknown) => void): void;
  config(options: { paths: Record<string, string> }): void;
}

/** TypeScript's ModuleResolutionKind.Bundler; Monaco's enum lists only Classic and NodeJs. */
const moduleResolutionBundler = 100;

const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');

let loading: Promise<Monaco> | undefined;

/** Load Monaco and the workbook's type declarations once per page. */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    const vs = new URL(`${base}monaco/vs`, location.href).href;
    await addScript(`${vs}/loader.js`);
    const amdRequire = (window as unknown as { require: AmdRequire }).require;
    amdRequire.config({ paths: { vs } });
    const [monaco, types] = await Promise.all([
      new Promise<Monaco>((resolve, reject) => amdRequire(['vs/editor/editor.main'], (api) => resolve(api as Monaco), reject)),
      fetch(`${base}workbook/editor-types.json`).then((response) => response.json() as Promise<Record<string, string>>),
    ]);
    configureTypeScript(monaco, types);
    return monaco;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

function addScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

function configureTypeScript(monaco: Monaco, types: Record<string, string>): void {
  const defaults = monaco.typescript.typescriptDefaults;
  defaults.setCompilerOptions({
    target: monaco.typescript.ScriptTarget.ESNext,
    module: monaco.typescript.ModuleKind.ESNext,
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
  for (const [uri, content] of Object.entries(types)) defaults.addExtraLib(content, uri);
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
  const monaco = await loadMonaco();
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
