/**
 * The rules of the page's broker fault that need no broker: which cells declare an outage, and
 * which brokers the sandbox may pause (only its own; never one given by ROCKETMQ_ENDPOINTS or Docker).
 */
import { describe, expect, it } from 'vitest';
import { declaredOutageSeconds, defaultOutageSeconds, maxOutageSeconds } from '../../sandbox/examples.ts';
import { decideAvailability, type BrokerOwnership } from '../../sandbox/faults/availability.ts';

describe('// @outage', () => {
  it('reads the seconds a cell declares in its first 10 lines, next to // @timeout', () => {
    expect(declaredOutageSeconds('// @timeout 150s\n// @outage 15s\nconst x = 1;\n')).toBe(15);
    expect(declaredOutageSeconds('// @outage\n')).toBe(defaultOutageSeconds);
    expect(declaredOutageSeconds('// @outage 600s\n')).toBe(maxOutageSeconds);
  });

  it('ignores cells without it, a mention further down, and look-alikes', () => {
    expect(declaredOutageSeconds('// @timeout 60s\nconst x = 1;\n')).toBeUndefined();
    expect(declaredOutageSeconds(`${'\n'.repeat(10)}// @outage 15s\n`)).toBeUndefined();
    expect(declaredOutageSeconds('// @outages\n// @outage soon\n')).toBeUndefined();
  });
});

describe('which broker the sandbox may pause', () => {
  const ours: BrokerOwnership = { env: {}, brokerPid: 4242, grpc: '127.0.0.1:8081', grpcHeldByBroker: true };

  it('its own: the workbook\'s broker JVM, holding the gRPC port', () => {
    expect(decideAvailability(ours)).toEqual({ available: true });
  });

  it('never one given by ROCKETMQ_ENDPOINTS or ROCKETMQ_NAMESRV, even on this machine', () => {
    for (const env of [{ ROCKETMQ_ENDPOINTS: '127.0.0.1:8081' }, { ROCKETMQ_NAMESRV: '10.0.0.5:9876' }]) {
      const verdict = decideAvailability({ ...ours, env });
      expect(verdict.available).toBe(false);
      expect(!verdict.available && verdict.reason).toMatch(/ROCKETMQ_(ENDPOINTS|NAMESRV)=.*did not start/);
    }
  });

  it('never one in Docker (no broker JVM of the workbook runs), and says how to pause that one by hand', () => {
    const verdict = decideAvailability({ ...ours, brokerPid: undefined, grpcHeldByBroker: false });
    expect(!verdict.available && verdict.reason).toMatch(/not started by the workbook.*docker compose pause broker/);
  });

  it('nothing when another process holds the gRPC port', () => {
    const verdict = decideAvailability({ ...ours, grpcHeldByBroker: false });
    expect(!verdict.available && verdict.reason).toMatch(/Port 8081 is not held by the workbook's broker/);
  });
});
