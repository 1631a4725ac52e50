/** Ask the gRPC proxy for a topic's route: the cheapest call that proves the proxy, name server and broker all answer. */
import { createRequire } from 'node:module';
import grpc from '@grpc/grpc-js';
import { hostPort } from './endpoints.ts';

// The client ships its generated protobuf code as CommonJS without an ESM entry point.
const require = createRequire(import.meta.url);
const services = require('rocketmq-client-nodejs/proto/apache/rocketmq/v2/service_grpc_pb');
const messages = require('rocketmq-client-nodejs/proto/apache/rocketmq/v2/service_pb');
const definitions = require('rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb');

export type ProbeResult =
  | { answered: true; code: number; message: string }
  | { answered: false; error: string };

/** The proxy's status code for QueryRoute(topic) (20000 = OK, 40402 = topic not found), or why no answer came. */
export function probeGrpc(endpoint: string, topic: string, timeoutMs = 3000): Promise<ProbeResult> {
  const { host, port } = hostPort(endpoint);
  const client = new services.MessagingServiceClient(endpoint, grpc.credentials.createInsecure());
  const address = new definitions.Address().setHost(host).setPort(port);
  const endpoints = new definitions.Endpoints().setScheme(definitions.AddressScheme.IPV4).setAddressesList([address]);
  const request = new messages.QueryRouteRequest()
    .setTopic(new definitions.Resource().setName(topic).setResourceNamespace(''))
    .setEndpoints(endpoints);
  const metadata = new grpc.Metadata();
  metadata.set('x-mq-protocol', 'v2');
  metadata.set('x-mq-language', 'HTTP');
  metadata.set('x-mq-client-id', 'workbook-probe');
  return new Promise((resolve) => {
    client.queryRoute(request, metadata, { deadline: Date.now() + timeoutMs }, (error: Error | null, response: any) => {
      client.close();
      if (error) resolve({ answered: false, error: error.message });
      else resolve({ answered: true, code: response.getStatus().getCode(), message: response.getStatus().getMessage() });
    });
  });
}

/** The status code that means "OK" in RocketMQ's gRPC protocol. */
export const GRPC_OK = 20000;
