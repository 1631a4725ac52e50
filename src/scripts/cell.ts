/**
 * <wb-cell>: the behaviour of a code cell (src/components/Cell.astro) — run, stop, edit, reset,
 * check — shared by Example and Exercise. Emits `workbook:run` and `workbook:event` (bubbling,
 * `detail = { example, data }`) for charts.
 */
import type { RunEventName, RunRequest } from '../../sandbox/protocol.ts';
import { describeRunEvent, type OutputPiece } from '../lib/run-output.ts';
import { shortcutOf } from '../lib/shortcuts.ts';
import { t } from '../lib/strings.ts';
import { FaultControl } from './fault-control.ts';
import type { OpenEditor } from './monaco.ts';
import { OutputPanel } from './output-panel.ts';
import { offerReplay } from './replay.ts';
import { isDone, markDone, sharedProgress } from './progress.ts';
import { clearEdit, loadEdit, saveEdit } from './saved-edits.ts';
import { brokerState, RunRefused, sandboxToken, startRun, type RunHandle } from './sandbox-api.ts';

type Action = 'run' | 'check';

class WorkbookCell extends HTMLElement {
  private original = '';
  private code = '';
  private editor: OpenEditor | undefined;
  private current: RunHandle | undefined;
  private busy = false;
  private panel!: OutputPanel;
  private fault: FaultControl | undefined;

  connectedCallback(): void {
    if (this.panel) return;
    this.original = JSON.parse(this.partNamed('source').textContent ?? '""') as string;
    this.code = loadEdit(this.exampleId, this.hash) ?? this.original;
    this.panel = new OutputPanel(this.partNamed('output'));
    const exercise = this.dataset.exercise;
    if (exercise && isDone(exercise)) this.partNamed('done').hidden = false;
    // Done on the command line (`npm run workshop`) counts here too: one record under the sandbox.
    if (exercise && this.live) void sharedProgress(sandboxToken()).then((shared) => {
      if (shared?.exercises.some((entry) => entry.id === exercise && entry.status === 'done')) this.partNamed('done').hidden = false;
    });
    this.partNamed('toolbar').hidden = false;
    this.button('edit').addEventListener('click', () => void this.toggleEditor());
    this.button('reset').addEventListener('click', () => this.reset());
    this.partNamed<HTMLInputElement>('events').addEventListener('change', (event) => {
      this.classList.toggle('wb-show-events', (event.target as HTMLInputElement).checked);
    });
    if (this.live) this.offerRuns();
    else offerReplay(this, this.exampleId, this.partNamed('status')); // a static copy: edit and replay, no runs
    this.showCode();
  }

  /** Served by the sandbox (a token in the page), so Run and Check can work; a static copy otherwise. */
  private readonly live = !!sandboxToken();

  /** Run, Check, Stop and Shift+Enter, hidden on static copies. */
  private offerRuns(): void {
    this.partNamed('static').hidden = true;
    this.optionalPartNamed('recorded')?.setAttribute('hidden', '');
    for (const action of ['run', 'check', 'stop', 'fault']) this.optionalButton(action)?.removeAttribute('hidden');
    this.fault = FaultControl.of(this);
    if (this.fault) void brokerState().then((state) => this.fault?.setAvailability(state.faults));
    this.button('run').addEventListener('click', () => void this.start('run'));
    this.optionalButton('check')?.addEventListener('click', () => void this.start('check'));
    this.button('stop').addEventListener('click', () => void this.stop());
    this.addEventListener('keydown', (event) => {
      if (event.defaultPrevented) return;
      const shortcut = shortcutOf(event);
      if (shortcut === 'run' || (shortcut === 'check' && this.dataset.check)) {
        event.preventDefault();
        void this.start(shortcut);
      } else if (shortcut === 'editor') {
        event.preventDefault();
        void this.focusEditor();
      }
    });
  }

  private get exampleId(): string {
    return this.dataset.example ?? '';
  }

  private get hash(): string {
    return this.dataset.hash ?? '';
  }

  private optionalPartNamed<T extends HTMLElement = HTMLElement>(name: string): T | null {
    return this.querySelector<T>(`[data-part="${name}"]`);
  }

  private partNamed<T extends HTMLElement = HTMLElement>(name: string): T {
    const element = this.optionalPartNamed<T>(name);
    if (!element) throw new Error(`wb-cell ${this.exampleId}: missing [data-part="${name}"]`);
    return element;
  }

  private optionalButton(action: string): HTMLButtonElement | null {
    return this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
  }

  private button(action: string): HTMLButtonElement {
    const button = this.optionalButton(action);
    if (!button) throw new Error(`wb-cell ${this.exampleId}: missing button ${action}`);
    return button;
  }

  /** Show the original highlighted code, or the reader's edit, or the open editor. */
  private showCode(): void {
    const edited = this.code !== this.original;
    this.markEdited(edited);
    this.partNamed('code').hidden = edited || !!this.editor;
    const editedCode = this.partNamed('edited-code');
    editedCode.hidden = !edited || !!this.editor;
    // One block per line, so a long line wraps under its own indentation (.wb-line in cell.css).
    editedCode.querySelector('code')!.replaceChildren(...(edited ? this.code.split('\n') : []).map((line) => {
      const block = document.createElement('span');
      block.className = 'wb-line';
      block.style.setProperty('--wb-indent', `${/^\s*/.exec(line)![0].length}ch`);
      block.textContent = `${line}\n`;
      return block;
    }));
  }

  private codeChanged(code: string): void {
    this.code = code;
    if (code === this.original) clearEdit(this.exampleId, this.hash);
    else saveEdit(this.exampleId, this.hash, code);
    this.markEdited(code !== this.original);
  }

  private markEdited(edited: boolean): void {
    this.toggleAttribute('data-edited', edited);
    this.partNamed('edited').hidden = !edited;
    this.button('reset').disabled = !edited;
  }

  private async toggleEditor(): Promise<void> {
    const button = this.button('edit');
    const container = this.partNamed('editor');
    if (this.editor) {
      this.code = this.editor.getCode();
      this.editor.dispose();
      this.editor = undefined;
      container.hidden = true;
      button.setAttribute('aria-pressed', 'false');
      button.textContent = t('edit');
      this.showCode();
      return;
    }
    button.disabled = true;
    const loading = this.partNamed('editor-loading');
    loading.hidden = false;
    try {
      const { openEditor } = await import('./monaco.ts');
      container.hidden = false;
      this.editor = await openEditor(container, {
        exampleId: this.exampleId,
        code: this.code,
        ariaLabel: t('editorLabel', { id: this.exampleId }),
        onChange: (code) => this.codeChanged(code),
        onRun: () => void this.start('run'),
        onCheck: this.dataset.check ? () => void this.start('check') : undefined,
      });
      this.showCode();
      button.setAttribute('aria-pressed', 'true');
      button.textContent = t('closeEditor');
      this.editor.focus();
    } catch (error) {
      container.hidden = true;
      this.panel.clear();
      this.panel.append({ kind: 'error', text: t('editorFailed', { error: String(error) }) });
    } finally {
      loading.hidden = true;
      button.disabled = false;
    }
  }

  /** Open the editor if it is closed, and put the cursor in it. */
  private async focusEditor(): Promise<void> {
    if (!this.editor) await this.toggleEditor();
    this.editor?.focus();
  }

  /** The reader's code as it stands (the open editor's, else their saved edit, else the original): the solution's diff starts from it. */
  get readerCode(): string {
    return this.editor?.getCode() ?? this.code;
  }

  /** Put `code` in the cell as if the reader had typed it (the solution's "Use the solution"). */
  useCode(code: string): void {
    this.editor?.setCode(code);
    this.codeChanged(code);
    this.showCode();
  }

  private reset(): void {
    this.code = this.original;
    clearEdit(this.exampleId, this.hash);
    this.editor?.setCode(this.original);
    this.showCode();
  }

  private setBusy(busy: boolean, status = ''): void {
    this.busy = busy;
    this.button('run').disabled = busy;
    const check = this.optionalButton('check');
    if (check) check.disabled = busy;
    this.button('stop').disabled = !busy;
    this.setAttribute('aria-busy', String(busy));
    this.partNamed('status').textContent = status;
  }

  private async start(action: Action): Promise<void> {
    if (this.busy || !this.live) return;
    const code = this.editor?.getCode() ?? this.code;
    const example = action === 'check' ? this.dataset.check : this.exampleId;
    if (!example) return;
    const sendCode = this.dataset.sendCode === 'always' || code !== this.original;
    const request: RunRequest = action === 'check' ? { example, underTest: code } : sendCode ? { example, code } : { example };
    this.setBusy(true, t(action === 'check' ? 'checking' : sendCode ? 'runningEdited' : 'running'));
    this.panel.clear();
    this.dispatchEvent(new CustomEvent('workbook:run', { bubbles: true, detail: { example } }));
    const broker = await brokerState();
    if (!broker.ready) {
      const text = t('brokerNotReady', { reason: broker.reason || t('brokerUnknownReason') });
      this.panel.append({ kind: 'error', text });
      if (broker.hint) this.panel.append({ kind: 'status', text: broker.hint });
      this.setBusy(false, text);
      return;
    }
    try {
      this.current = await startRun(
        request,
        (name, data) => this.received(action, example, name, data),
        () => this.ended({ kind: 'error', text: t('streamLost') }),
      );
      this.fault?.runStarted(this.current.runId);
    } catch (error) {
      const text = error instanceof RunRefused && !error.network ? t('requestFailed', { error: error.message }) : t('networkFailed', { error: String(error instanceof Error ? error.message : error) });
      this.ended({ kind: 'error', text });
    }
  }

  private received(action: Action, example: string, name: RunEventName, data: Record<string, unknown>): void {
    if (name === 'event') this.dispatchEvent(new CustomEvent('workbook:event', { bubbles: true, detail: { example, data } }));
    this.fault?.received(name, data);
    const piece = describeRunEvent(name, data);
    if (piece) this.panel.append(piece);
    if (name !== 'exit') return;
    this.dispatchEvent(new CustomEvent('workbook:exit', { bubbles: true, detail: { example, data } }));
    this.ended(undefined, action === 'check' ? this.checked(data.code === 0) : piece?.text);
  }

  /** Record the Check's verdict; returns it in words. */
  private checked(passed: boolean): string {
    const exercise = this.dataset.exercise;
    if (passed && exercise) {
      markDone(exercise);
      this.partNamed('done').hidden = false;
    }
    const verdict = t(passed ? 'checkPassed' : 'checkFailed');
    this.panel.append({ kind: passed ? 'ok' : 'error', text: verdict });
    return verdict;
  }

  /**
   * The run is over. The status line (a polite live region) says how it ended — the one thing
   * announced besides "Running…"; the output itself is not live, or a screen reader would read every line.
   */
  private ended(piece?: OutputPiece, summary = piece?.text): void {
    if (piece) this.panel.append(piece);
    this.current?.close();
    this.current = undefined;
    this.fault?.runEnded();
    this.setBusy(false, summary);
  }

  private async stop(): Promise<void> {
    if (!this.current) return;
    this.partNamed('status').textContent = t('stopped');
    await this.current.stop().catch(() => undefined);
  }
}

if (!customElements.get('wb-cell')) customElements.define('wb-cell', WorkbookCell);
