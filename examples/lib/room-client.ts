/**
 * Applied once by examples/lib/workbook.ts: with WORKBOOK_NAMESPACE set (a room on one shared
 * broker, sandbox/broker/room.ts), every topic and group name a client puts on the wire gets the
 * attendee's prefix, and every name that comes back loses it. The program keeps the names it
 * wrote (`hello`, `message.topic === 'hello'`); the broker sees `alice-hello`.
 *
 * Every topic and group in rocketmq-client-nodejs 1.0.8's requests and in the messages it
 * receives is an apache.rocketmq.v2.Resource (definition.proto), and the generated code writes
 * and reads each one through Resource.serializeBinaryToWriter / deserializeBinaryFromReader,
 * looked up at each call. Wrapping those two is the one place where names cross to the proxy.
 */
import definitions from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';
import { inRoom, outOfRoom, roomPrefix } from '../../sandbox/broker/room.ts';

type Resource = InstanceType<typeof definitions.Resource>;
type Statics = {
  serializeBinaryToWriter(message: Resource, writer: unknown): void;
  deserializeBinaryFromReader(message: Resource, reader: unknown): Resource;
};

const marker = Symbol.for('rocketmq-workbook.room-names');
const resource = definitions.Resource as unknown as Statics & { [marker]?: boolean };
const prefix = roomPrefix();

if (prefix && !resource[marker]) {
  resource[marker] = true;
  const write = resource.serializeBinaryToWriter;
  resource.serializeBinaryToWriter = (message, writer) => {
    // Written from a copy: the client's own object keeps the name the program gave it.
    const onWire = message.clone();
    onWire.setName(inRoom(message.getName(), prefix));
    write(onWire, writer);
  };
  const read = resource.deserializeBinaryFromReader;
  resource.deserializeBinaryFromReader = (message, reader) => {
    read(message, reader);
    message.setName(outOfRoom(message.getName(), prefix));
    return message;
  };
}
