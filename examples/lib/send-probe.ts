/**
 * For exercise checks: watch a program's producer.send() calls from outside, without trusting
 * what it prints. The probe is loaded into the program with `node --import` (runUnderTest's
 * nodeArgs), wraps Producer.prototype.send, and writes what it saw to a file when the program exits.
 *
 *   const probe = sendProbe();
 *   const program = await runUnderTest(id, { nodeArgs: probe.nodeArgs });
 *   probe.read(); // → { calls: 120, mostInFlight: 8 }
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the probe saw: how many sends, and the most that were waiting for the broker at once. */
export interface SendsSeen {
  calls: number;
  mostInFlight: number;
}

/** A probe writing to its own file; `read()` is undefined when the program never wrote it (it crashed or was killed). */
export function sendProbe(): { nodeArgs: string[]; read(): SendsSeen | undefined } {
  const file = path.join(os.tmpdir(), `wb-send-probe-${process.pid}-${Date.now()}.json`);
  // Plain JavaScript in a data: URL, so that it loads into a .ts or a bundled .mjs program alike.
  // It finds the client from the working directory: the project root, in the checks and the sandbox.
  const code = `
    import fs from 'node:fs';
    import { createRequire } from 'node:module';
    const { Producer } = createRequire(process.cwd() + '/')('rocketmq-client-nodejs');
    const send = Producer.prototype.send;
    let inFlight = 0, seen = { calls: 0, mostInFlight: 0 };
    Producer.prototype.send = function (...args) {
      seen.calls++;
      seen.mostInFlight = Math.max(seen.mostInFlight, ++inFlight);
      const sending = send.apply(this, args);
      sending.then(() => inFlight--, () => inFlight--);
      return sending;
    };
    process.on('exit', () => fs.writeFileSync(${JSON.stringify(file)}, JSON.stringify(seen)));
  `;
  return {
    nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(code)}`],
    read() {
      if (!fs.existsSync(file)) return undefined;
      const seen = JSON.parse(fs.readFileSync(file, 'utf8')) as SendsSeen;
      fs.rmSync(file, { force: true });
      return seen;
    },
  };
}
