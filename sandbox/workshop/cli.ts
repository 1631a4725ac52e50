/**
 * `npm run workshop -- <command> [exercise]`: the workbook's exercises in your own editor, checked
 * against the real broker by the same checks and runner as the page's Check button, with one
 * progress record shared with the page (sandbox/workshop/progress.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Checker } from './checker.ts';
import { exerciseHints, exerciseSource, findExercise, workshopExercises, type WorkshopExercise } from './exercises.ts';
import { readProgress, resetProgress, statusOf, updateProgress, type ExerciseStatus } from './progress.ts';
import { colourDiff, solutionDiff } from './solution-diff.ts';

const help = `The workbook's exercises on the command line, checked against your RocketMQ.

Usage: npm run workshop -- <command> [exercise]

  list              every exercise, chapter by chapter, with its status and which is next
  start [exercise]  copy the starter of the next (or the named) exercise to my-work/;
                    a file already there is never overwritten
  check [exercise]  run the exercise's check against your file (exit 0 when it passes)
  watch [exercise]  check again on every save; on a pass, go on to the next exercise
  hint [exercise]   the next hint
  solution [exercise]
                    the solution, as a diff against your file
  reset [exercise]  put the starter back (your file is kept as <name>.ts.bak) and forget
                    the exercise's progress; reset --all forgets all progress, files stay

An exercise is named by its name (tag-filter), chapter/name (01-why-mq/tag-filter) or folder.
Without one, commands work on the exercise you started last, or the next one not done.
Progress is shared with the page's Check button when the site runs from \`npm start\`.
The broker: \`npm run broker -- start\`, or ROCKETMQ_ENDPOINTS / ROCKETMQ_NAMESRV for a shared one.`;

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (text: string) => (colour ? `\x1b[1m${text}\x1b[0m` : text);
const relative = (file: string) => path.relative(process.cwd(), file) || file;
const label = (exercise: WorkshopExercise) => `${exercise.chapter}/${exercise.name}`;

const exercises = workshopExercises();

/** The named exercise; else the one started last while it is not done; else the first not done. */
function pick(given: string | undefined): WorkshopExercise | undefined {
  if (given) {
    const found = findExercise(exercises, given);
    if ('error' in found) throw new Usage(found.error);
    return found;
  }
  const record = readProgress();
  const current = exercises.find((exercise) => exercise.id === record.current);
  if (current && statusOf(record, current.id) !== 'done') return current;
  return nextAfter(undefined);
}

/** The first exercise not done, after `after` in reader order (wrapping round), or from the start. */
function nextAfter(after: WorkshopExercise | undefined): WorkshopExercise | undefined {
  const record = readProgress();
  const from = after ? exercises.indexOf(after) + 1 : 0;
  const order = [...exercises.slice(from), ...exercises.slice(0, from)];
  return order.find((exercise) => statusOf(record, exercise.id) !== 'done');
}

class Usage extends Error {}

const marks: Record<ExerciseStatus, string> = { 'not started': '·', started: '…', failing: '✗', done: '✓' };

function list(): number {
  const record = readProgress();
  const next = pick(undefined);
  let chapter = '';
  for (const exercise of exercises) {
    if (exercise.chapter !== chapter) console.log(`\n${bold((chapter = exercise.chapter))}`);
    const status = statusOf(record, exercise.id);
    const pointer = exercise === next ? '  ← next' : '';
    console.log(`  ${marks[status]} ${label(exercise).padEnd(44)} ${status.padEnd(12)} ${exercise.title}${pointer}`);
  }
  const done = exercises.filter((exercise) => statusOf(record, exercise.id) === 'done').length;
  console.log(`\n${done} of ${exercises.length} done.${next ? ` Next: npm run workshop -- start ${label(next)}` : ' Every exercise is done.'}`);
  return 0;
}

/** Copy the starter unless the attendee already has a file; returns whether one was written. */
function begin(exercise: WorkshopExercise): boolean {
  const exists = fs.existsSync(exercise.workFile);
  if (!exists) {
    fs.mkdirSync(path.dirname(exercise.workFile), { recursive: true });
    fs.writeFileSync(exercise.workFile, exerciseSource(exercise, 'starter.ts'), { flag: 'wx' }); // wx: never over a file
  }
  updateProgress(exercise.id, (entry) => entry ?? { status: 'started', at: new Date().toISOString(), by: 'cli' }, true);
  return !exists;
}

function start(given: string | undefined): number {
  const exercise = given ? pick(given) : nextAfter(undefined);
  if (!exercise) return console.log('Every exercise is done. `npm run workshop -- list` shows them.'), 0;
  const wrote = begin(exercise);
  console.log(`${bold(exercise.title)} (${label(exercise)}, in content/${exercise.chapter}.mdx)`);
  console.log(wrote ? `Your file: ${relative(exercise.workFile)} (a copy of the starter; the comment at its top says what to do)`
    : `Your file is already there, kept as it is: ${relative(exercise.workFile)}`);
  const [first] = exerciseHints(exercise);
  if (first) {
    console.log(`First hint: ${first.split('\n')[0]}`);
    updateProgress(exercise.id, (entry) => entry && { ...entry, hintsShown: Math.max(entry.hintsShown ?? 0, 1) });
  }
  console.log(`Then: npm run workshop -- check ${label(exercise)}   (or watch, to check on every save)`);
  return 0;
}

/** The attendee's file must exist before it can be checked or compared. */
function requireFile(exercise: WorkshopExercise): boolean {
  if (fs.existsSync(exercise.workFile)) return true;
  console.log(`You have not started ${label(exercise)} yet: npm run workshop -- start ${label(exercise)}`);
  return false;
}

async function check(given: string | undefined): Promise<number> {
  const exercise = pick(given);
  if (!exercise) return console.log('Every exercise is done.'), 0;
  if (!requireFile(exercise)) return 1;
  const checker = new Checker();
  try {
    return report(exercise, await checker.check(exercise)) ? 0 : 1;
  } finally {
    await checker.close();
  }
}

/** Say what a check's result means; true when it passed. */
function report(exercise: WorkshopExercise, outcome: { passed: boolean; problem?: string }): boolean {
  if (outcome.problem) console.log(outcome.problem);
  else if (outcome.passed) console.log(`✓ ${label(exercise)} passed: exercise done.`);
  else console.log(`✗ ${label(exercise)} is not done yet: fix what the ✗ lines above say, then check again (npm run workshop -- hint ${label(exercise)} for a hint).`);
  return outcome.passed;
}

async function watch(given: string | undefined): Promise<number> {
  let exercise = pick(given);
  if (!exercise) return console.log('Every exercise is done.'), 0;
  const checker = new Checker();
  let watcher: fs.FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let checking = false;
  let again = false;
  const stop = async (code: number) => {
    watcher?.close();
    await checker.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const follow = (next: WorkshopExercise) => {
    exercise = next;
    begin(next);
    watcher?.close();
    // Watch the folder: editors often save by writing a new file and renaming it over the old one.
    watcher = fs.watch(path.dirname(next.workFile), (_event, name) => {
      if (name !== path.basename(next.workFile)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void run(), 200);
    });
    console.log(`Watching ${relative(next.workFile)} (${next.title}): save it to check. Ctrl+C stops.`);
  };

  const run = async (): Promise<void> => {
    if (checking) return void (again = true);
    checking = true;
    const current = exercise!;
    console.log(`\n${bold(`Checking ${label(current)}…`)}`);
    const passed = report(current, await checker.check(current));
    checking = false;
    if (passed) {
      const next = nextAfter(current);
      if (!next) {
        console.log('Every exercise is done. Well done!');
        return stop(0);
      }
      console.log(`\nNext: ${bold(next.title)} (${label(next)})`);
      return follow(next);
    }
    if (again) {
      again = false;
      return run();
    }
  };

  follow(exercise);
  await run(); // check once at the start: where does the file stand?
  return new Promise<number>(() => undefined); // until Ctrl+C or every exercise is done
}

function hint(given: string | undefined): number {
  const exercise = pick(given);
  if (!exercise) return console.log('Every exercise is done.'), 0;
  const hints = exerciseHints(exercise);
  const shown = readProgress().exercises[exercise.id]?.hintsShown ?? 0;
  if (shown >= hints.length) {
    console.log(`No more hints for ${label(exercise)}: npm run workshop -- solution ${label(exercise)} shows the solution as a change to your file.`);
    return 0;
  }
  updateProgress(exercise.id, (entry) => ({ status: 'started', at: new Date().toISOString(), by: 'cli', ...entry, hintsShown: shown + 1 }));
  console.log(`Hint ${shown + 1} of ${hints.length} (${label(exercise)}):\n${hints[shown]}`);
  return 0;
}

function solution(given: string | undefined): number {
  const exercise = pick(given);
  if (!exercise) return console.log('Every exercise is done.'), 0;
  const mine = fs.existsSync(exercise.workFile) ? fs.readFileSync(exercise.workFile, 'utf8') : exerciseSource(exercise, 'starter.ts');
  const diff = solutionDiff(mine, exerciseSource(exercise, 'solution.ts'), relative(exercise.workFile), `examples/${exercise.id}/solution.ts`);
  if (!diff) return console.log(`Your file is the solution of ${label(exercise)}, line for line.`), 0;
  console.log(`The solution of ${label(exercise)}, as changes to ${fs.existsSync(exercise.workFile) ? 'your file' : 'the starter (you have not started it)'}: - your line, + the solution's.`);
  console.log(colour ? colourDiff(diff) : diff);
  return 0;
}

function reset(given: string | undefined): number {
  if (given === '--all') {
    resetProgress();
    console.log('Forgot all progress (your files in my-work/ stay).');
    return 0;
  }
  const exercise = pick(given);
  if (!exercise) return console.log('Nothing to reset.'), 0;
  if (fs.existsSync(exercise.workFile)) {
    const backup = `${exercise.workFile}.bak`;
    fs.renameSync(exercise.workFile, backup);
    console.log(`Your file is kept as ${relative(backup)}.`);
  }
  resetProgress(exercise.id);
  begin(exercise);
  console.log(`${relative(exercise.workFile)} is the starter again, and ${label(exercise)} is started afresh.`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, given, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help' || given === '--help') return console.log(help), 0;
  if (rest.length) throw new Usage(`one exercise at a time: ${[given, ...rest].join(' ')}`);
  process.chdir(process.env.INIT_CWD ?? process.cwd()); // npm runs us in the project; paths print as the attendee typed them
  switch (command) {
    case 'list': return list();
    case 'start': return start(given);
    case 'check': return check(given);
    case 'watch': return watch(given);
    case 'hint': return hint(given);
    case 'solution': return solution(given);
    case 'reset': return reset(given);
    default: throw new Usage(`no command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof Usage) console.error(`${error.message}\n\n${help}`);
    else console.error(`The workshop command failed: ${error.message}`);
    process.exit(error instanceof Usage ? 2 : 1);
  },
);
