/**
 * `npm run workshop`: the exercises on the command line, checked by the page's own runner against
 * the real broker, with one progress record shared with the page's Check. The full matrix (every
 * starter fails, every shortcut fails, every solution passes) is exercises.test.ts's; here, per
 * chapter, one exercise's starter fails and its solution passes through the CLI. The checks of
 * different chapters run side by side (they use different topics and groups), four at a time, as
 * attendees of a room would: the file stays within about two minutes.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { applyPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { projectRoot } from '../../sandbox/broker/layout.ts';
import { exerciseFiles, exerciseSource, workshopExercises, type WorkshopExercise } from '../../sandbox/workshop/exercises.ts';
import { withCell } from '../support/cell-locks.ts';
import { closeSandbox, sandbox } from '../support/run-cell.ts';
import { run, type Finished } from '../support/spawn.ts';

const cli = path.join(projectRoot, 'sandbox', 'workshop', 'cli.ts');
// Attendees' folders and records of this file's own, inside the project (git-ignored .sandbox/), so
// relocated imports read as they would from my-work/.
const scratch = path.join(projectRoot, '.sandbox', `workshop-test-${randomBytes(4).toString('hex')}`);
afterAll(async () => {
  await closeSandbox();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** One attendee: a work folder and a progress record of their own. */
function attendee(name: string) {
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1',
    ROCKETMQ_ENDPOINTS: brokerEndpoints().grpc, ROCKETMQ_NAMESRV: brokerEndpoints().namesrv,
    WORKBOOK_WORK_DIR: path.join(scratch, name, 'my-work'), WORKBOOK_PROGRESS_FILE: path.join(scratch, name, 'progress.json'),
  };
  const withEnv = <T>(action: () => T): T => {
    const saved = { dir: process.env.WORKBOOK_WORK_DIR };
    process.env.WORKBOOK_WORK_DIR = env.WORKBOOK_WORK_DIR;
    try {
      return action();
    } finally {
      if (saved.dir === undefined) delete process.env.WORKBOOK_WORK_DIR;
      else process.env.WORKBOOK_WORK_DIR = saved.dir;
    }
  };
  return {
    env,
    /** `npm run workshop -- <args>` as this attendee. */
    workshop: (...args: string[]): Promise<Finished> => run(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: projectRoot, env, timeoutMs: 170_000 }),
    /** The exercise with this attendee's work file. */
    exercise: (id: string): WorkshopExercise => withEnv(() => workshopExercises().find((exercise) => exercise.id === id)!),
    progress: () => JSON.parse(fs.readFileSync(env.WORKBOOK_PROGRESS_FILE, 'utf8')) as { exercises: Record<string, { status: string }> },
  };
}

const exercises = workshopExercises();
const chapters = [...new Set(exercises.map((exercise) => exercise.chapter))];
/** Per chapter, the exercise whose check takes least time (measured; any would do). */
const quickest: Record<string, string> = {
  '00-hello': 'send-and-receive',
  '01-why-mq': 'tag-filter',
  '02-sending': 'bounded-batch',
  '03-message-kinds': 'per-customer-order',
  '04-consuming': 'dead-letters',
  '05-transactions': 'durable-checker',
  '06-capstone': 'pay-vs-timeout',
};
const pick = (chapter: string) => exercises.find((exercise) => exercise.chapter === chapter && exercise.name === quickest[chapter])!;

/** At most `lanes` of the tasks at once (each a check or two of one exercise); results by key. */
function sideBySide<T>(tasks: [string, () => Promise<T>][], lanes: number): Map<string, Promise<T>> {
  const results = new Map<string, Promise<T>>();
  let free = lanes;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (free > 0) return void free--;
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => (waiting.length ? waiting.shift()!() : void free++);
  for (const [key, task] of tasks) results.set(key, slot().then(task).finally(release));
  for (const result of results.values()) result.catch(() => undefined); // awaited by the tests
  return results;
}

it('knows every exercise on the site, in reader order, each with starter, solution, check and hints', async () => {
  expect(chapters).toEqual(['00-hello', '01-why-mq', '02-sending', '03-message-kinds', '04-consuming', '05-transactions', '06-capstone']);
  for (const exercise of exercises) {
    for (const file of exerciseFiles) expect(fs.existsSync(path.join(exercise.folder, file)), `${exercise.id}/${file}`).toBe(true);
  }
  const listed = await attendee('lister').workshop('list');
  expect(listed.status, listed.stderr).toBe(0);
  const order = exercises.map((exercise) => listed.stdout.indexOf(`${exercise.chapter}/${exercise.name} `));
  expect(order.every((at) => at >= 0), listed.stdout).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  expect(listed.stdout).toMatch(new RegExp(`${exercises[0].chapter}/${exercises[0].name} .*not started.*← next`));
  expect(listed.stdout).toContain(`0 of ${exercises.length} done`);
});

describe('start, hint, solution', () => {
  const ann = attendee('ann');
  const exercise = pick('01-why-mq');

  it('start copies the starter into the work folder, with imports that still resolve, and never overwrites the file', async () => {
    const started = await ann.workshop('start', exercise.name);
    const file = ann.exercise(exercise.id).workFile;
    expect(started.status, started.stderr).toBe(0);
    expect(started.stdout).toContain(path.relative(projectRoot, file));
    expect(started.stdout).toContain('First hint:');
    expect(fs.readFileSync(file, 'utf8')).toContain('// TODO:');
    expect(fs.readFileSync(file, 'utf8')).toContain(`'${path.relative(path.dirname(file), path.join(projectRoot, 'examples/lib/workbook.ts'))}'`);
    fs.appendFileSync(file, '// my own line\n');
    const again = await ann.workshop('start', exercise.id);
    expect(again.stdout).toContain('already there, kept as it is');
    expect(fs.readFileSync(file, 'utf8')).toContain('// my own line');
    expect(ann.progress().exercises[exercise.id].status).toBe('started');
  });

  it('hint gives the hints one at a time, then points at the solution', async () => {
    const second = await ann.workshop('hint', exercise.name);
    expect(second.stdout).toMatch(/^Hint 2 of \d+/);
    let last = second;
    for (let i = 0; i < 10 && !last.stdout.startsWith('No more hints'); i++) last = await ann.workshop('hint', exercise.name);
    expect(last.stdout).toContain('npm run workshop -- solution');
  });

  it('solution prints a unified diff that turns the attendee\'s file into the solution', async () => {
    const file = ann.exercise(exercise.id).workFile;
    const shown = await ann.workshop('solution', exercise.name);
    expect(shown.status).toBe(0);
    const patch = shown.stdout.slice(shown.stdout.indexOf('--- '));
    expect(patch).toMatch(/^@@ .* @@$/m);
    expect(patch).toMatch(/^-\/\/ my own line$/m);
    expect(applyPatch(fs.readFileSync(file, 'utf8'), patch)).toBe(exerciseSource(ann.exercise(exercise.id), 'solution.ts'));
  });

  it('reset keeps the attendee\'s file as .bak and puts the starter back', async () => {
    const file = ann.exercise(exercise.id).workFile;
    const reset = await ann.workshop('reset', exercise.name);
    expect(reset.status).toBe(0);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toContain('// my own line');
    expect(fs.readFileSync(file, 'utf8')).toBe(exerciseSource(ann.exercise(exercise.id), 'starter.ts'));
  });

  it('check without a broker says how to start one, and fails', async () => {
    const offline = await run(process.execPath, ['--import', 'tsx', cli, 'check', exercise.name], {
      cwd: projectRoot, timeoutMs: 60_000, env: { ...ann.env, ROCKETMQ_ENDPOINTS: '127.0.0.1:1', ROCKETMQ_NAMESRV: '127.0.0.1:1' },
    });
    expect(offline.status).toBe(1);
    expect(offline.stdout).toContain('RocketMQ does not answer at 127.0.0.1:1');
    expect(offline.stdout).toContain('npm run broker -- start');
  });

  it('check of code that does not compile says so in a learner\'s words, with the line, and fails', async () => {
    const file = ann.exercise(exercise.id).workFile;
    fs.appendFileSync(file, 'const shipped = ;\n');
    const checked = await ann.workshop('check', exercise.name);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain('Your code does not compile, so the check could not run it. Fix this first:');
    expect(checked.stdout).toMatch(new RegExp(`${exercise.name}\\.ts:\\d+:\\d+: .*\\n\\s+const shipped = ;`));
    expect(checked.stdout + checked.stderr).not.toMatch(/^\s+at /m);
    expect(ann.progress().exercises[exercise.id].status).toBe('failing');
  });
});

describe('checks against the broker, per chapter, side by side', () => {
  const runs = new Map<string, Promise<unknown>>();
  const watcher = attendee('wes');
  const watched = pick('00-hello');

  beforeAll(() => {
    const tasks: [string, () => Promise<unknown>][] = [];
    // Chapter 0's starter and solution go through `watch` below; the others through `check`.
    tasks.push(['watch', () => withCell(`${watched.id}/check`, () => watchUntilPassed(watcher, watched))]);
    for (const chapter of chapters.filter((name) => name !== watched.chapter)) {
      const exercise = pick(chapter);
      tasks.push([chapter, () => withCell(`${exercise.id}/check`, async () => {
        const attendant = attendee(`a-${chapter}`);
        await attendant.workshop('start', exercise.id);
        const starter = await attendant.workshop('check', exercise.id);
        fs.writeFileSync(attendant.exercise(exercise.id).workFile, exerciseSource(attendant.exercise(exercise.id), 'solution.ts'));
        const solution = await attendant.workshop('check', exercise.id);
        return { starter, solution, progress: attendant.progress() };
      })]);
    }
    // A program that throws: the check says so in a learner's words.
    const crasher = attendee('crash');
    const crashing = pick('02-sending');
    tasks.push(['crash', () => withCell(`${crashing.id}/check`, async () => {
      await crasher.workshop('start', crashing.id);
      const file = crasher.exercise(crashing.id).workFile;
      const code = fs.readFileSync(file, 'utf8').replace(/^(const run = .*)$/m, '$1\nconst limits = (undefined as unknown as { max: number }).max;');
      fs.writeFileSync(file, code);
      return crasher.workshop('check', crashing.id);
    })]);
    for (const [key, result] of sideBySide(tasks, 4)) runs.set(key, result);
  });

  for (const chapter of chapters) {
    it(`${chapter}: the starter fails its check and the solution passes, through the CLI`, async () => {
      if (chapter === watched.chapter) return void (await runs.get('watch')); // asserted in the watch test
      const { starter, solution, progress } = await runs.get(chapter) as { starter: Finished; solution: Finished; progress: ReturnType<ReturnType<typeof attendee>['progress']> };
      expect(starter.status, starter.stdout + starter.stderr).toBe(1);
      expect(starter.stdout).toMatch(/^✗ /m);
      expect(starter.stdout).toContain('is not done yet');
      expect(solution.status, solution.stdout + solution.stderr).toBe(0);
      expect(solution.stdout).toMatch(/^all \d+ checks passed$/m);
      expect(solution.stdout).not.toMatch(/^✗ /m);
      expect(progress.exercises[pick(chapter).id].status).toBe('done');
    });
  }

  it('watch checks at once (the starter fails), checks again when the file is saved (the solution passes), then moves on to the next exercise', async () => {
    const output = await runs.get('watch') as string;
    const [first, second] = output.split(`Checking ${watched.chapter}/${watched.name}…`).slice(1);
    expect(first).toMatch(/^✗ /m);
    expect(first).toContain('is not done yet');
    expect(second).toMatch(/^all \d+ checks passed$/m);
    const next = exercises[exercises.indexOf(watched) + 1];
    expect(second).toContain(`Next: ${next.title} (${next.chapter}/${next.name})`);
    expect(fs.existsSync(watcher.exercise(next.id).workFile)).toBe(true);
    expect(watcher.progress().exercises[watched.id].status).toBe('done');
  });

  it('a program that throws: the check names the error and where, in a learner\'s words, and fails', async () => {
    const crashed = await runs.get('crash') as Finished;
    expect(crashed.status).toBe(1);
    expect(crashed.stdout).toMatch(/Your program stopped with an error before it finished: TypeError: Cannot read properties of undefined \(reading 'max'\) \(at [^)]*bounded-batch\.ts:\d+:\d+\)/);
    expect(crashed.stdout).toMatch(/^✗ the program ran to the end/m);
  });
});

describe('the page\'s Check writes the same record', () => {
  it('a check through /api/run records its result, and /api/progress serves the record only with the token', async () => {
    const box = await sandbox();
    const exercise = pick('03-message-kinds');
    const headers = { 'Content-Type': 'application/json', 'X-Sandbox-Token': box.token };
    // Code that does not compile: the run ends at once, failing, without touching the broker.
    const started = await fetch(`${box.url}/api/run`, { method: 'POST', headers, body: JSON.stringify({ example: `${exercise.id}/check`, underTest: 'const = ;' }) });
    const { runId } = (await started.json()) as { runId: string };
    const events = await (await fetch(`${box.url}/api/runs/${runId}/events`)).text();
    expect(events).toContain('Your code does not compile');
    const denied = await fetch(`${box.url}/api/progress`);
    expect(denied.status).toBe(401);
    const crossOrigin = await fetch(`${box.url}/api/progress`, { headers: { 'X-Sandbox-Token': box.token, Origin: 'http://evil.example' } });
    expect(crossOrigin.status).toBe(403);
    const progress = (await (await fetch(`${box.url}/api/progress`, { headers: { 'X-Sandbox-Token': box.token } })).json()) as { exercises: { id: string; status: string }[] };
    expect(progress.exercises.map((entry) => entry.id)).toEqual(exercises.map((entry) => entry.id));
    expect(progress.exercises.find((entry) => entry.id === exercise.id)?.status).toBe('failing');
    const reset = await fetch(`${box.url}/api/progress/reset`, { method: 'POST', headers, body: JSON.stringify({ exercise: exercise.id }) });
    expect(((await reset.json()) as typeof progress).exercises.find((entry) => entry.id === exercise.id)?.status).toBe('not started');
    expect((await fetch(`${box.url}/api/progress/reset`, { method: 'POST', headers, body: JSON.stringify({ exercise: '../../etc' }) })).status).toBe(400);
  });
});

/** `workshop watch` on the starter: wait for its first verdict, save the solution, wait for the pass and the next exercise; all it printed. */
async function watchUntilPassed(who: ReturnType<typeof attendee>, exercise: WorkshopExercise): Promise<string> {
  await who.workshop('start', exercise.id);
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'watch', exercise.id], { cwd: projectRoot, env: who.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waitFor = (pattern: RegExp) => new Promise<void>((resolve, reject) => {
    const look = () => {
      if (pattern.test(output)) resolve();
      else if (child.exitCode !== null) reject(new Error(`watch ended: ${output}`));
      else setTimeout(look, 100);
    };
    look();
  });
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  try {
    await waitFor(/is not done yet/);
    fs.writeFileSync(who.exercise(exercise.id).workFile, exerciseSource(who.exercise(exercise.id), 'solution.ts'));
    await waitFor(/Next: [^\n]*\nWatching /);
    return output;
  } finally {
    child.kill('SIGTERM');
  }
}
