/**
 * `npm run chaos -- <args>`, from a cell: the same program a reader runs in a terminal, its lines
 * shown as they come. Its databases and report.json go to a scratch folder, removed afterwards
 * (the terminal's runs keep theirs in .chaos/last/).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Run it to its end: its exit code (0 passed, 1 violations, 2 could not run). */
export async function npmRunChaos(args: string[]): Promise<number> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-cell-'));
  console.log(`$ npm run chaos -- ${args.join(' ')}`);
  // Not the sandbox's channel for timeline marks (WORKBOOK_EVENTS_FD): the harness does not inherit it.
  const { WORKBOOK_EVENTS_FD: _, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('chaos/cli.ts'), ...args, '--out', out], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number>((resolve, reject) => child.once('error', reject).once('exit', (status) => resolve(status ?? 1)));
  fs.rmSync(out, { recursive: true, force: true });
  return code;
}
