/**
 * A minimal client for RocketMQ's remoting protocol (the TCP protocol mqadmin speaks).
 *
 * Creating topics with mqadmin costs a JVM start per command (seconds each on a small machine);
 * the same request over a socket takes milliseconds. Only admin calls use this: examples talk
 * to the gRPC proxy through the official client.
 */
import net from 'node:net';

/** Request codes from org.apache.rocketmq.remoting.protocol.RequestCode (RocketMQ 5.3.3). */
export const RequestCode = {
  queryMessage: 12,
  queryConsumerOffset: 14,
  updateAndCreateTopicList: 18,
  getAllTopicConfig: 21,
  updateBrokerConfig: 25,
  getTimerMetrics: 61,
  getBrokerRuntimeInfo: 28,
  getRouteInfoByTopic: 105,
  getBrokerClusterInfo: 106,
  getAllSubscriptionGroupConfig: 201,
  updateAndCreateSubscriptionGroupList: 225,
  getTopicStatsInfo: 202,
  getConsumerConnectionList: 203,
  getConsumeStats: 208,
  queryTopicConsumeByWho: 300,
  peekMessage: 200052,
} as const;

/** Response codes from org.apache.rocketmq.remoting.protocol.ResponseCode and RemotingSysResponseCode. */
export const ResponseCode = {
  success: 0,
  topicNotExist: 17,
  pullNotFound: 19,
  queryNotFound: 22,
  consumerNotOnline: 206,
} as const;

export interface RemotingResponse {
  code: number;
  remark?: string;
  extFields?: Record<string, string>;
  body: Buffer;
}

let nextOpaque = 1;

/** Requests sent since the process started (opaque ids count up from 1): what `npm run bench:console` reads. */
export const remotingCallsMade = (): number => nextOpaque - 1;

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

/**
 * Parse a JSON body the broker wrote with fastjson. Two of fastjson's habits are not JSON: number
 * keys go unquoted (`{0:"127.0.0.1:10911"}`), and a map keyed by objects writes each object as
 * its key (`{{"brokerName":"broker-a","queueId":0,"topic":"hello"}:{…}}`). Both become string
 * keys here; an object key reads back with JSON.parse(key).
 */
export function parseRemotingJson<T>(body: Buffer): T {
  const text = body
    .toString('utf8')
    .replace(/\{[^{}]*\}(?=:)/g, (objectKey) => JSON.stringify(objectKey))
    .replace(/([{,])(-?\d+):/g, '$1"$2":');
  return JSON.parse(text) as T;
}
