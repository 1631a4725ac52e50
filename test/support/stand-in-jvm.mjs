// Stands in for the JVM that mqbroker starts two shells down: test/unit/docker-run-group.test.ts runs it
// as a grandchild of rocketmq/docker-run-group.sh. Like java, it runs a shutdown hook on SIGTERM and
// SIGINT that takes a while, and it records what happened in a file, so the test can read it when the
// wrapper exits.
//   node stand-in-jvm.mjs HOOK_MS LOG_FILE
// Prints one JSON line first: its pid and its process group.
import fs from 'node:fs';

const [hookMs, logFile] = [Number(process.argv[2]), process.argv[3]];
const log = (line) => fs.appendFileSync(logFile, `${line}\n`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    log(`${signal} received`);
    setTimeout(() => {
      log('shutdown hook done');
      process.exit(0);
    }, hookMs);
  });
}
setInterval(() => {}, 60_000); // runs until signalled, like a broker

// /proc/self/stat: "pid (comm) state ppid pgrp ..."; the fields after the last ")" start at state.
const stat = fs.readFileSync('/proc/self/stat', 'utf8');
const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
console.log(JSON.stringify({ pid: process.pid, pgrp }));
