/**
 * Test files run at the same time against one broker (see vitest.config.ts). Two rules keep them
 * apart, across the worker processes, through files in one folder per `npm test`:
 *  - one cell runs once at a time: two runs of a cell share its consumer groups and would take
 *    each other's messages (`withCell`);
 *  - a cell runs once per suite: every-cell.test.ts and the chapter tests ask for the same runs,
 *    and whoever asks first runs it while the others wait for its result (`sharedResult`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../../sandbox/broker/processes.ts';

/** Set by vitest.config.ts for one `npm test`; a file run on its own gets a folder of its own. */
const suiteDir = process.env.WORKBOOK_SUITE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-suite-'));
fs.mkdirSync(suiteDir, { recursive: true });

const fileFor = (key: string, ext: string) => path.join(suiteDir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.${ext}`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run `action` while no other test process runs the cell `id`. */
export async function withCell<T>(id: string, action: () => Promise<T>): Promise<T> {
  const lock = fileFor(id, 'lock');
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      // Another test process runs this cell: wait for it, unless it died holding the lock.
      const holder = Number(readOr(lock, '0'));
      if (holder && !isAlive(holder)) fs.rmSync(lock, { force: true });
      else await pause(250);
    }
  }
  try {
    return await action();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The one result of `run` for `key` in this suite: the first caller runs it (holding the cell), the others get what it stored. */
export async function sharedResult<T>(id: string, key: string, run: () => Promise<T>): Promise<T> {
  const stored = fileFor(`${id}\0${key}`, 'json');
  const read = () => (fs.existsSync(stored) ? (JSON.parse(fs.readFileSync(stored, 'utf8')) as T) : undefined);
  return read() ?? withCell(id, async () => {
    const already = read(); // it ran while we waited for the cell
    if (already) return already;
    const result = await run();
    fs.writeFileSync(`${stored}.tmp`, JSON.stringify(result));
    fs.renameSync(`${stored}.tmp`, stored);
    return result;
  });
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
