/**
 * Every string the workbook's components show, in one table. Placeholders are `{name}`.
 * Used both at build time (components) and in the browser (src/scripts/).
 */
const en = {
  run: 'Run',
  runHint: 'Run (Shift+Enter)',
  stop: 'Stop',
  edit: 'Edit',
  closeEditor: 'Close editor',
  reset: 'Reset',
  check: 'Check',
  cellLabel: 'Code cell {id}',
  editedBadge: 'edited',
  editedTitle: 'You changed this code; Reset restores the original.',
  outputLabel: 'Output of {id}',
  showEvents: 'Show structured events',
  loadingEditor: 'Loading the editor…',
  editorFailed: 'The editor could not be loaded: {error}',
  editorLabel: 'Editor for {id}. Shift+Enter runs the code; Ctrl+M switches Tab between indenting and moving focus.',
  running: 'Running…',
  checking: 'Checking your code…',
  queued: 'Waiting for another run to finish…',
  runningEdited: 'Running your edited code…',
  exitCode: 'exit code {code} · {seconds} s',
  exitSignal: 'stopped by {signal} · {seconds} s',
  timeout: 'Stopped: the run passed its time limit of {seconds} s.',
  limitOutput: 'Stopped: the run printed more than {limit} bytes.',
  limitMemory: 'Stopped: the run used more than {limit} bytes of memory.',
  requestFailed: 'The sandbox refused the run: {error}',
  networkFailed: 'Could not reach the sandbox: {error}',
  streamLost: 'Lost the connection to the run.',
  brokerNotReady: 'The broker is not ready: {reason}',
  brokerUnknownReason: 'no reason given',
  stopped: 'Stop requested.',
  staticNotice: 'This page is a static copy: code cannot run here. To run it against a real RocketMQ on your machine:',
  staticOpen: 'then open {url}',
  recordedLabel: 'Recorded output from a real run on {date}',
  noRecording: 'No recorded output for this cell yet.',
  exerciseLabel: 'Exercise',
  checkHint: 'Check runs the exercise’s tests against your code.',
  checkPassed: 'Check passed: exercise done.',
  checkFailed: 'Check failed: read the output above, change the code, and check again.',
  done: '✓ done',
  doneTitle: 'Your code passed this exercise’s check.',
  hints: 'Hints',
  showHint: 'Show hint {n} of {total}',
  noMoreHints: 'No more hints: try the solution.',
  showSolution: 'Show solution',
  chartEmpty: 'Run the cell to draw this chart.',
  chartRecorded: 'Recorded run from {date}. Run the cell to draw it live.',
  chartLive: 'Live',
  chartSummary: 'Last values',
  chartSeries: 'Series',
  chartValue: 'Value',
} as const;

/** The keys of the string table. */
export type StringKey = keyof typeof en;

/** Look up a UI string and fill its `{name}` placeholders. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
