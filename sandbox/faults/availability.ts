/**
 * May the sandbox pause the broker? Only the local broker the workbook runs itself (the JVM under
 * .rocketmq/ that `npm run broker -- start` or `npm start` started). A broker named by
 * ROCKETMQ_ENDPOINTS, one in Docker, or anything else on the port belongs to someone else and is
 * never touched: the page's control then says why it is unavailable and what to do instead.
 */
import fs from 'node:fs';
import { brokerEndpoints, hostPort } from '../broker/endpoints.ts';
import { runningPid } from '../broker/processes.ts';
import type { FaultAvailability } from '../protocol.ts';

/** What the decision looks at; `faultAvailability()` reads it from this machine. */
export interface BrokerOwnership {
  /** ROCKETMQ_ENDPOINTS / ROCKETMQ_NAMESRV as the sandbox sees them. */
  env: { ROCKETMQ_ENDPOINTS?: string; ROCKETMQ_NAMESRV?: string };
  /** The workbook's own broker JVM, from its pid file, if it runs. */
  brokerPid: number | undefined;
  /** The gRPC address clients use, and whether that broker JVM is the one listening there. */
  grpc: string;
  grpcHeldByBroker: boolean;
}

/** The decision, from the facts alone. */
export function decideAvailability(facts: BrokerOwnership): FaultAvailability {
  const given = facts.env.ROCKETMQ_ENDPOINTS ? `ROCKETMQ_ENDPOINTS=${facts.env.ROCKETMQ_ENDPOINTS}`
    : facts.env.ROCKETMQ_NAMESRV ? `ROCKETMQ_NAMESRV=${facts.env.ROCKETMQ_NAMESRV}` : undefined;
  if (given) {
    return { available: false, reason: `The workbook uses the broker given by ${given}, which it did not start, and it never pauses a broker it does not run. ` +
      'To see the outage, stop that broker yourself while the cell runs (with Docker: docker compose pause broker, then docker compose unpause broker).' };
  }
  if (!facts.brokerPid) {
    return { available: false, reason: `The broker at ${facts.grpc} was not started by the workbook (Docker, or another program), so the workbook does not pause it. ` +
      'To see the outage, stop it yourself while the cell runs (with Docker: docker compose pause broker, then docker compose unpause broker).' };
  }
  if (!facts.grpcHeldByBroker) {
    return { available: false, reason: `Port ${hostPort(facts.grpc).port} is not held by the workbook's broker (pid ${facts.brokerPid}), so the workbook pauses nothing. ` +
      'npm run broker -- status shows what runs.' };
  }
  return { available: true };
}

/** The decision for this machine now. */
export function faultAvailability(): FaultAvailability {
  const grpc = brokerEndpoints().grpc;
  const brokerPid = runningPid('broker');
  return decideAvailability({
    env: { ROCKETMQ_ENDPOINTS: process.env.ROCKETMQ_ENDPOINTS, ROCKETMQ_NAMESRV: process.env.ROCKETMQ_NAMESRV },
    brokerPid,
    grpc,
    grpcHeldByBroker: brokerPid !== undefined && listensOn(brokerPid, hostPort(grpc).port),
  });
}

/** True when process `pid` holds a listening TCP socket on `port` (from /proc: the socket's inode among its descriptors). */
function listensOn(pid: number, port: number): boolean {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // 0A = LISTEN; the local address ends in the port, in hex.
      if (cols[3] === '0A' && parseInt(cols[1]?.split(':')[1] ?? '', 16) === port) inodes.add(cols[9]);
    }
  }
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return inodes.has(/^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '');
      } catch {
        return false; // closed while we looked
      }
    });
  } catch {
    return false;
  }
}
