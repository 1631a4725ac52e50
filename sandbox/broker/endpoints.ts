/**
 * The only way the workbook finds a broker: ROCKETMQ_ENDPOINTS (gRPC proxy) and
 * ROCKETMQ_NAMESRV (name server). Defaults match the local broker and docker-compose.yml.
 */
export interface BrokerEndpoints {
  /** host:port of the gRPC proxy that clients use. */
  grpc: string;
  /** host:port of the name server. */
  namesrv: string;
}

/** Read the broker endpoints from the environment. */
export function brokerEndpoints(env: NodeJS.ProcessEnv = process.env): BrokerEndpoints {
  return {
    grpc: env.ROCKETMQ_ENDPOINTS || '127.0.0.1:8081',
    namesrv: env.ROCKETMQ_NAMESRV || '127.0.0.1:9876',
  };
}

/** Split `host:port`. */
export function hostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}
