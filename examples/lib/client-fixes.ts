/**
 * A workaround for rocketmq-client-nodejs 1.0.8, applied once by examples/lib/workbook.ts.
 *
 * Every client keeps a gRPC "telemetry" stream open to the proxy. When that stream fails, or
 * when the client shuts down, the client removes all of the stream's listeners, including its
 * error listener. If the connection then drops (the broker stops), the stream emits one more
 * 'error' that nobody listens to, and Node ends the whole process with
 * "14 UNAVAILABLE: Connection dropped". We keep a quiet error listener on every telemetry stream.
 */
import { BaseClient } from 'rocketmq-client-nodejs';

type StreamFactory = (this: BaseClient, ...args: Parameters<BaseClient['createTelemetryStream']>) => ReturnType<BaseClient['createTelemetryStream']>;

const marker = Symbol.for('rocketmq-workbook.telemetry-fix');
const prototype = BaseClient.prototype as unknown as Record<PropertyKey, unknown> & { createTelemetryStream: StreamFactory };

if (!prototype[marker]) {
  prototype[marker] = true;
  const create = prototype.createTelemetryStream;
  prototype.createTelemetryStream = function (this: BaseClient, ...args) {
    const stream = create.apply(this, args);
    const ignore = () => {};
    const removeAll = stream.removeAllListeners.bind(stream);
    stream.removeAllListeners = ((...names: Parameters<typeof removeAll>) => {
      removeAll(...names);
      stream.on('error', ignore);
      return stream;
    }) as typeof stream.removeAllListeners;
    stream.on('error', ignore);
    return stream;
  };
}
