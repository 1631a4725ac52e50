/** Is a TCP port taken, and by which process? */
import fs from 'node:fs';
import net from 'node:net';

/** The ports the local broker listens on, with what each is for. */
export const brokerPorts = [
  { port: 9876, what: 'name server' },
  { port: 10911, what: 'broker (remoting)' },
  { port: 10909, what: 'broker (VIP channel)' },
  { port: 10912, what: 'broker (HA)' },
  { port: 8080, what: 'proxy (remoting)' },
  { port: 8081, what: 'proxy (gRPC)' },
] as const;

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

/** A best-effort description of the process listening on `port` ("pid 123: java ..."), read from /proc on Linux. */
export function whoListens(port: number): string | undefined {
  try {
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!fs.existsSync(table)) continue;
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
        if (parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let fds: string[];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        try {
          const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
          const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
          if (inode && inodes.has(inode)) return `pid ${pid}: ${commandLine(Number(pid)).slice(0, 160)}`;
        } catch {
          // the descriptor closed while we looked
        }
      }
    }
    return 'a process this user cannot inspect';
  } catch {
    return undefined;
  }
}

/** The arguments a process was started with (a path may hold spaces); [] when it is gone. */
export function processArgs(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== '');
  } catch {
    return [];
  }
}

/** The command line of a process, with spaces between arguments; '' when it is gone. */
export function commandLine(pid: number): string {
  return processArgs(pid).join(' ');
}
