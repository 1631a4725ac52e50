/**
 * Java class-data sharing archives (AppCDS, JDK 13+) for the two JVMs: most of a RocketMQ start is
 * the JVM loading and verifying ~10 000 classes from 147 jars. The first start records the classes
 * it loaded and writes them to an archive when the JVM exits (-XX:ArchiveClassesAtExit); later
 * starts map that archive instead of loading the classes one by one (-XX:SharedArchiveFile).
 *
 * An archive fits one JVM build and one exact class path, so its name carries a fingerprint of
 * both: a new JDK or new jars simply make a new one. A JVM that cannot use an archive prints a
 * warning and starts without it. Production: the same flags pay off wherever JVMs restart often
 * (containers); RocketMQ's own scripts do not use them.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { layout, ROCKETMQ_VERSION, type Role } from './layout.ts';
import { processArgs } from './ports.ts';

const archiveDir = path.join(layout.home, 'cds');

/** The jars of the class path, in a fixed order (an archive is only valid for the same class path). */
export function classPath(): string {
  return fs.readdirSync(layout.lib).filter((name) => name.endsWith('.jar')).sort()
    .map((name) => path.join(layout.lib, name)).join(path.delimiter);
}

/** The JVM flags that use the role's archive, or record one when there is none yet. */
export function classDataFlags(java: string, role: Role): string[] {
  const archive = archiveFile(java, role);
  if (fs.existsSync(archive)) return [`-XX:SharedArchiveFile=${archive}`];
  fs.mkdirSync(archiveDir, { recursive: true });
  fs.rmSync(recording(archive), { force: true });
  return [`-XX:ArchiveClassesAtExit=${recording(archive)}`];
}

/** The archive a running JVM is recording (read from its arguments: the path may hold spaces), to keep once it has exited. */
export function recordingOf(pid: number): string | undefined {
  const flag = '-XX:ArchiveClassesAtExit=';
  return processArgs(pid).find((arg) => arg.startsWith(flag))?.slice(flag.length);
}

/** After a JVM has exited: keep the archive it recorded if it ended on SIGTERM (a killed JVM wrote none, or half of one). */
export function keepRecording(recorded: string, endedCleanly: boolean): void {
  if (endedCleanly && fs.existsSync(recorded)) fs.renameSync(recorded, recorded.replace(/\.recording$/, ''));
  else fs.rmSync(recorded, { force: true });
}

const recording = (archive: string) => `${archive}.recording`;

/** .rocketmq/cds/<role>-<fingerprint of the JVM build and the jars>.jsa; archives of other JVMs or jars are deleted. */
function archiveFile(java: string, role: Role): string {
  const hash = createHash('sha256').update(jvmBuild(java)).update(ROCKETMQ_VERSION);
  for (const jar of classPath().split(path.delimiter)) {
    const { size, mtimeMs } = fs.statSync(jar);
    hash.update(`${jar}:${size}:${mtimeMs}`);
  }
  const archive = path.join(archiveDir, `${role}-${hash.digest('hex').slice(0, 16)}.jsa`);
  for (const name of fs.existsSync(archiveDir) ? fs.readdirSync(archiveDir) : []) {
    const file = path.join(archiveDir, name);
    if (name.startsWith(`${role}-`) && file !== archive && file !== recording(archive)) fs.rmSync(file, { force: true });
  }
  return archive;
}

/** The JVM build: where it is installed and its libjvm (a new build of the JDK is a new file), without starting a JVM. */
function jvmBuild(java: string): string {
  try {
    const home = path.dirname(path.dirname(fs.realpathSync(resolveOnPath(java))));
    const libjvm = path.join(home, 'lib', 'server', process.platform === 'darwin' ? 'libjvm.dylib' : 'libjvm.so');
    const { size, mtimeMs } = fs.statSync(libjvm);
    return `${home}:${size}:${mtimeMs}`;
  } catch {
    return java; // an unusual layout: the JVM itself rejects an archive of another build
  }
}

function resolveOnPath(command: string): string {
  if (command.includes(path.sep)) return command;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (fs.existsSync(candidate)) return candidate;
  }
  return command;
}
