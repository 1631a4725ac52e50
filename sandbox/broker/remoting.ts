/**
 * A minimal client for RocketMQ's remoting protocol (the TCP protocol mqadmin speaks).
 *
 * Creating topics with mqadmin costs a JVM start per command (seconds each on a small machine);
 * the same request over a socket takes milliseconds. Only admin calls use this: examples talk
 * to the gRPC proxy through the official client.
 */
import net from 'node:net';

/** Request codes from org.apache.rocketmq.remoting.protocol.RequestCode. */
export const RequestCode = {
  updateAndCreateTopic: 17,
  getBrokerRuntimeInfo: 28,
  updateAndCreateSubscriptionGroup: 200,
} as const;

export interface RemotingResponse {
  code: number;
  remark?: string;
  extFields?: Record<string, string>;
  body: Buffer;
}

let nextOpaque = 1;

/** Send one request to `host:port` and resolve with its response; rejects after `timeoutMs`. */
export function remotingCall(
  address: string,
  code: number,
  extFields: Record<string, string> = {},
  body?: Buffer,
  timeoutMs = 5000,
): Promise<RemotingResponse> {
  const [host, port] = splitAddress(address);
  const opaque = nextOpaque++;
  const header = Buffer.from(
    JSON.stringify({ code, language: 'JAVA', version: 0, opaque, flag: 0, extFields, serializeTypeCurrentRPC: 'JSON' }),
  );
  const payload = body ?? Buffer.alloc(0);
  const frame = Buffer.alloc(8 + header.length + payload.length);
  frame.writeInt32BE(4 + header.length + payload.length, 0);
  frame.writeInt32BE(header.length, 4); // high byte 0 = JSON serialization
  header.copy(frame, 8);
  payload.copy(frame, 8 + header.length);

  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error(`no answer from ${address} within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    socket.on('connect', () => socket.write(frame));
    socket.on('error', fail);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const total = received.readInt32BE(0);
      if (received.length < 4 + total) return;
      clearTimeout(timer);
      socket.destroy();
      const headerLength = received.readInt32BE(4) & 0xffffff;
      let parsed: { code: number; remark?: string; extFields?: Record<string, string> };
      try {
        parsed = JSON.parse(received.subarray(8, 8 + headerLength).toString('utf8'));
      } catch {
        return reject(new Error(`${address} answered something that is not RocketMQ's remoting protocol`));
      }
      resolve({ code: parsed.code, remark: parsed.remark, extFields: parsed.extFields, body: received.subarray(8 + headerLength, 4 + total) });
    });
  });
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}
