/** Find a Java ≥ 17 (JAVA_HOME first, then PATH) and Maven. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const MIN_JAVA = 17;

/** The java executable to use, or an error that says what to install. */
export function findJava(env = process.env): { java: string; version: number } | { error: string } {
  const java = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error) {
    return {
      error:
        `Java was not found (${env.JAVA_HOME ? `JAVA_HOME=${env.JAVA_HOME}` : 'no java on PATH'}).\n` +
        `The local broker needs Java ${MIN_JAVA} or newer: on Debian/Ubuntu \`sudo apt-get install openjdk-17-jre-headless\`, ` +
        `on macOS \`brew install openjdk@17\`.\nOr run the broker with Docker instead: \`docker compose up -d\` (see README).`,
    };
  }
  const version = parseJavaVersion(result.stderr + result.stdout);
  if (version < MIN_JAVA) {
    return { error: `${java} is Java ${version}; the local broker needs Java ${MIN_JAVA} or newer. Install it and point JAVA_HOME at it.` };
  }
  return { java, version };
}

/** The major version from `java -version` output ("1.8.0_392" → 8, "17.0.15" → 17). */
export function parseJavaVersion(output: string): number {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return 0;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

/** True when `mvn` runs. */
export function hasMaven(): boolean {
  return !spawnSync('mvn', ['-v'], { encoding: 'utf8' }).error;
}
