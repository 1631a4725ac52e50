/** Fetch the pinned RocketMQ jars from Maven Central into .rocketmq/lib, once. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { hasMaven } from './java.ts';
import { layout, ROCKETMQ_VERSION } from './layout.ts';

/** The RocketMQ modules whose runtime classpath the two JVMs need (proxy pulls in broker, store and gRPC). */
const modules = ['rocketmq-namesrv', 'rocketmq-proxy', 'rocketmq-broker', 'rocketmq-tools'];

/** True when the jars of the pinned version are all in place. */
export function jarsReady(): boolean {
  return fs.existsSync(layout.libStamp);
}

/** Download the jars unless they are already there; `log` receives one line per artifact. */
export async function ensureJars(log: (line: string) => void): Promise<void> {
  if (jarsReady()) return;
  if (!hasMaven()) {
    throw new Error(
      `The RocketMQ ${ROCKETMQ_VERSION} jars are not in ${layout.lib} and Maven (mvn) is not installed to fetch them.\n` +
        'Install Maven (Debian/Ubuntu: `sudo apt-get install maven`, macOS: `brew install maven`) and run this again,\n' +
        'or use Docker instead: `docker compose up -d`.',
    );
  }
  const work = path.join(layout.home, 'maven');
  const staging = `${layout.lib}.partial`;
  fs.mkdirSync(work, { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
  fs.writeFileSync(path.join(work, 'pom.xml'), pom());
  log(`Fetching RocketMQ ${ROCKETMQ_VERSION} (${modules.join(', ')}) from Maven Central into ${layout.lib} — once, about 90 MB.`);

  const started = Date.now();
  let downloaded = 0;
  const maven = spawn('mvn', ['-B', '-f', path.join(work, 'pom.xml'), 'dependency:copy-dependencies',
    '-DincludeScope=runtime', `-DoutputDirectory=${staging}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  for (const stream of [maven.stdout, maven.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      // "Downloaded from central: https://…/netty-all-4.1.65.Final.jar (4.6 MB at 2.1 MB/s)"
      const done = /^\[INFO\] Downloaded from [^:]+: \S+\/([^/\s]+\.jar) \(([^)]*?)(?: at [^)]*)?\)/.exec(line);
      if (done) log(`  [${++downloaded}] ${done[1]} (${done[2]})`);
    });
  }
  const code = await new Promise<number>((resolve) => maven.on('close', (status) => resolve(status ?? 1)));
  if (code !== 0) {
    throw new Error(`Maven could not fetch the RocketMQ jars (exit ${code}). Its last lines:\n${tail.join('\n')}\n` +
      'Check that Maven Central is reachable (proxy settings live in ~/.m2/settings.xml) and try again.');
  }
  fs.rmSync(layout.lib, { recursive: true, force: true });
  fs.renameSync(staging, layout.lib);
  fs.writeFileSync(layout.libStamp, `${new Date().toISOString()}\n`);
  const jars = fs.readdirSync(layout.lib).filter((name) => name.endsWith('.jar')).length;
  log(`Fetched ${jars} jars (${downloaded} downloaded, the rest from ~/.m2) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

function pom(): string {
  const dependencies = modules
    .map((artifact) => `    <dependency><groupId>org.apache.rocketmq</groupId><artifactId>${artifact}</artifactId><version>${ROCKETMQ_VERSION}</version></dependency>`)
    .join('\n');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.rocketmq-workbook</groupId>
  <artifactId>rocketmq-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${dependencies}
  </dependencies>
</project>
`;
}
