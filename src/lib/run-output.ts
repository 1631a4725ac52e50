/** How one sandbox event reads in an output panel; shared by the live panel and recorded output. */
import { t } from './strings.ts';

/** The look of one piece of output: program output, a structured event, or a line from the workbook itself. */
export type OutputKind = 'stdout' | 'stderr' | 'event' | 'status' | 'ok' | 'error';

/** One piece of output: its kind and its text (stdout and stderr keep their own newlines). */
export interface OutputPiece {
  kind: OutputKind;
  text: string;
}

/** Seconds with two decimals, for people. */
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** Turn a sandbox event (name and JSON data) into output; undefined for events that show nothing. */
export function describeRunEvent(name: string, data: Record<string, unknown>): OutputPiece | undefined {
  switch (name) {
    case 'start':
      return data.queued ? { kind: 'status', text: t('queued') } : undefined;
    case 'stdout':
    case 'stderr':
      return { kind: name, text: String(data.text ?? '') };
    case 'event':
      // The sandbox's marks around a broker fault (sandbox/protocol.ts FaultMark) read as workbook lines.
      if (data.kind === 'mark' && data.lane === 'broker' && data.fault === 'start') {
        return { kind: 'status', text: t('faultPaused', { seconds: Number(data.seconds) }) };
      }
      if (data.kind === 'mark' && data.lane === 'broker' && data.fault === 'end') return { kind: 'status', text: t('faultResumed') };
      return { kind: 'event', text: JSON.stringify(data) };
    case 'timeout':
      return { kind: 'error', text: t('timeout', { seconds: Number(data.limitMs) / 1000 }) };
    case 'limit':
      return { kind: 'error', text: t(data.what === 'memory' ? 'limitMemory' : 'limitOutput', { limit: Number(data.limit) }) };
    case 'exit': {
      const duration = seconds(Number(data.durationMs ?? 0));
      if (data.code === null || data.code === undefined) {
        return { kind: 'error', text: t('exitSignal', { signal: String(data.signal ?? '?'), seconds: duration }) };
      }
      return { kind: data.code === 0 ? 'ok' : 'error', text: t('exitCode', { code: Number(data.code), seconds: duration }) };
    }
    default:
      return undefined;
  }
}
