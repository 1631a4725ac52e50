/**
 * `npm run bench:room`: how many attendees one broker serves at once. For N = 1, 2, 4, 8 attendees
 * (BENCH_ROOM_SIZES), each with a namespace of their own (WORKBOOK_NAMESPACE=room1…), N
 * `npm run workshop -- check` of the same exercise's solution (BENCH_EXERCISE, default fan-out)
 * start at the same moment against the broker at ROCKETMQ_ENDPOINTS / ROCKETMQ_NAMESRV. Prints,
 * per N: the wall time until the last check ended, each check's time, how many failed, and the
 * CPU seconds the local broker's JVM used meanwhile. The attendees' programs run on this machine
 * too: on a room's shared broker they run on the laptops, so these numbers are a lower bound.
 *
 * `npm run bench:room -- chapters`: one attendee checks every exercise's solution, one after
 * another; prints each check's time and the sum per chapter (how long the machine works for a
 * chapter's exercises, not how long a reader takes).
 *
 * Needs a running broker (`npm run broker -- start`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../sandbox/broker/layout.ts';
import { brokerAnswers } from '../sandbox/broker/local-broker.ts';
import { runningPid } from '../sandbox/broker/processes.ts';
import { exerciseSource, workshopExercises, type WorkshopExercise } from '../sandbox/workshop/exercises.ts';

const sizes = (process.env.BENCH_ROOM_SIZES ?? '1,2,4,8').split(',').map(Number);
const exerciseId = process.env.BENCH_EXERCISE ?? '01-why-mq/exercises/fan-out';
const exercise = workshopExercises().find((entry) => entry.id === exerciseId);
if (!exercise) {
  console.error(`No exercise ${exerciseId}: BENCH_EXERCISE takes an id like 01-why-mq/exercises/fan-out (npm run workshop -- list).`);
  process.exit(2);
}
if (!(await brokerAnswers()).ok) {
  console.error('No broker answers: run `npm run broker -- start` first (or set ROCKETMQ_ENDPOINTS / ROCKETMQ_NAMESRV).');
  process.exit(1);
}
const scratch = path.join(projectRoot, '.sandbox', 'bench-room');
const mode = process.argv[2] ?? 'room';

interface Finished {
  code: number | null;
  output: string;
  ms: number;
}

/** One command of attendee `n`, in their namespace, work folder and progress record. */
function asAttendee(n: number, script: string, ...args: string[]): Promise<Finished> {
  const env = {
    ...process.env, NO_COLOR: '1', WORKBOOK_NAMESPACE: `room${n}`,
    WORKBOOK_WORK_DIR: path.join(scratch, `room${n}`, 'my-work'), WORKBOOK_PROGRESS_FILE: path.join(scratch, `room${n}`, 'progress.json'),
  };
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script), ...args], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output, ms: performance.now() - began })));
}

/** CPU seconds (user + system) a process has used, from /proc; undefined when it is not ours to read. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

/** Attendee `n`'s topics on the broker, and the solution of `which` in their work file. */
async function prepare(n: number, which: WorkshopExercise): Promise<void> {
  const topics = await asAttendee(n, 'sandbox/broker/cli.ts', 'topics');
  if (topics.code !== 0) throw new Error(`npm run broker -- topics for room${n} failed:\n${topics.output}`);
  await asAttendee(n, 'sandbox/workshop/cli.ts', 'start', which.id);
  const workFile = path.join(scratch, `room${n}`, 'my-work', which.chapter, `${which.name}.ts`);
  fs.writeFileSync(workFile, exerciseSource({ ...which, workFile }, 'solution.ts'));
}

if (mode === 'chapters') {
  console.log('Each exercise\'s solution, checked by one attendee (room1) through npm run workshop -- check:\n');
  const perChapter = new Map<string, number>();
  for (const each of workshopExercises()) {
    await prepare(1, each);
    const check = await asAttendee(1, 'sandbox/workshop/cli.ts', 'check', each.id);
    perChapter.set(each.chapter, (perChapter.get(each.chapter) ?? 0) + check.ms / 1000);
    console.log(`  ${each.id.padEnd(48)} ${(check.ms / 1000).toFixed(1).padStart(5)} s${check.code === 0 ? '' : '  FAILED'}`);
  }
  console.log('\nPer chapter, all its exercises\' checks:');
  for (const [chapter, seconds] of perChapter) console.log(`  ${chapter.padEnd(20)} ${seconds.toFixed(1).padStart(6)} s`);
  process.exit(0);
}

const most = Math.max(...sizes);
console.log(`Preparing ${most} attendees (topics, work files) for ${exercise.id}…`);
for (let n = 1; n <= most; n++) await prepare(n, exercise);

console.log(`\n${'attendees'.padStart(9)}  ${'wall'.padStart(7)}  ${'check, fastest…slowest'.padEnd(24)}  failed  broker CPU`);
for (const size of sizes) {
  const broker = runningPid('broker');
  const cpuBefore = cpuSeconds(broker);
  const began = performance.now();
  const checks = await Promise.all(Array.from({ length: size }, (_, i) => asAttendee(i + 1, 'sandbox/workshop/cli.ts', 'check', exercise.id)));
  const wall = (performance.now() - began) / 1000;
  const cpuAfter = cpuSeconds(broker);
  const times = checks.map((check) => check.ms / 1000).sort((a, b) => a - b);
  const failed = checks.filter((check) => check.code !== 0);
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? `${(cpuAfter - cpuBefore).toFixed(1)} s` : 'not local';
  console.log(`${String(size).padStart(9)}  ${wall.toFixed(1).padStart(5)} s  ${`${times[0].toFixed(1)} … ${times.at(-1)!.toFixed(1)} s`.padEnd(24)}  ${String(failed.length).padStart(6)}  ${cpu}`);
  for (const check of failed) {
    console.log(check.output.split('\n').filter((line) => /^✗|does not answer|Error/.test(line)).map((line) => `             ${line}`).join('\n'));
  }
}
console.log(`\nOn ${(await import('node:os')).cpus().length} cores; clients and broker share them.`);
