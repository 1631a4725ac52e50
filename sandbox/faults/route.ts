/** POST /api/runs/<runId>/fault (sandbox/protocol.ts): the server calls this after its Host, Origin and token checks. */
import type { RunManager } from '../runner/run-manager.ts';
import type { BrokerFaults, FaultAnswer } from './broker-fault.ts';

const faultPath = /^\/api\/runs\/([A-Za-z0-9_-]{20,40})\/fault$/;

/** The answer to a fault request, or undefined when `pathname` is not the fault route. */
export function faultRoute(pathname: string, runs: RunManager, faults: BrokerFaults): FaultAnswer | { status: 404; body: { error: string } } | undefined {
  const runId = faultPath.exec(pathname)?.[1];
  if (!runId) return undefined;
  const run = runs.get(runId);
  if (!run) return { status: 404, body: { error: 'no such run' } };
  return faults.start(run);
}
