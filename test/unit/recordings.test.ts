/**
 * Recordings cannot go stale: each one carries the hash of the example it recorded, and this test
 * fails, naming the files, when an example changed since (re-record: npm run record -- <id>).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashText } from '../../src/lib/examples.ts';
import { readRecording, recordedIds, recordedWhen, staleRecordings } from '../../src/lib/recordings.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-recordings-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A scratch examples/ and recordings/ pair: one example file, and a recording of it with `hash`. */
function scratchPair(name: string, source: string, recording: Record<string, unknown>) {
  const examples = path.join(scratch, name, 'examples');
  const recordings = path.join(scratch, name, 'recordings');
  fs.mkdirSync(path.join(examples, 'ch'), { recursive: true });
  fs.mkdirSync(path.join(recordings, 'ch'), { recursive: true });
  fs.writeFileSync(path.join(examples, 'ch', 'cell.ts'), source);
  fs.writeFileSync(path.join(recordings, 'ch', 'cell.json'), JSON.stringify({ recordedAt: '2025-11-27T10:00:00Z', events: [], ...recording }));
  return { examples, recordings };
}

describe('recordings', () => {
  it('every recording matches its example as the file is today', () => {
    const stale = staleRecordings();
    const message = `${stale.length} stale recording(s); re-record each with npm run record -- <id>:\n`
      + stale.map((s) => `  ${s.file}: ${s.reason}`).join('\n');
    expect(stale, message).toEqual([]);
  });

  it('every recording says when it ran, against which RocketMQ, and when each event came', () => {
    for (const id of recordedIds()) {
      const recording = readRecording(id)!;
      expect(Number.isNaN(Date.parse(recording.recordedAt)), id).toBe(false);
      expect(recording.rocketmqVersion, id).toMatch(/^\d+\.\d+\.\d+$/);
      const times = recording.events.map((event) => event.t);
      for (const t of times) expect(typeof t, id).toBe('number');
      expect(times, `${id}: t never goes back`).toEqual([...times].sort((a, b) => a! - b!));
      expect(recording.events.at(-1)?.event, id).toBe('exit');
    }
  });

  it('names a recording whose example changed, and passes one that did not', () => {
    const source = 'console.log("hello");\n';
    const fresh = scratchPair('fresh', source, { sourceHash: hashText(source), rocketmqVersion: '5.3.3' });
    expect(staleRecordings(fresh.recordings, fresh.examples)).toEqual([]);
    const changed = scratchPair('changed', 'console.log("hello, world");\n', { sourceHash: hashText(source), rocketmqVersion: '5.3.3' });
    expect(staleRecordings(changed.recordings, changed.examples)).toEqual([
      { file: 'recordings/ch/cell.json', reason: 'examples/ch/cell.ts changed since it was recorded' },
    ]);
  });

  it('names a recording without a hash, and one whose example is gone', () => {
    const old = scratchPair('old', 'x', {});
    expect(staleRecordings(old.recordings, old.examples).map((s) => s.reason)).toEqual(['made before recordings carried their source hash']);
    fs.rmSync(path.join(old.examples, 'ch', 'cell.ts'));
    expect(staleRecordings(old.recordings, old.examples)[0].reason).toMatch(/does not exist any more/);
  });

  it('says the date and the version for the page', () => {
    expect(recordedWhen({ recordedAt: '2025-11-27T10:00:00Z', rocketmqVersion: '5.3.3', events: [] })).toBe('27 November 2025 against RocketMQ 5.3.3');
  });
});
