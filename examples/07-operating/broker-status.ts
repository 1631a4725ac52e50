// What an operator looks at first: the cluster, a topic's queues, and how far a consumer group
// has read. mqadmin answers these with clusterList, topicStatus and consumerProgress; this cell
// asks the broker the same questions over the same remoting protocol, without a JVM per command.
import { clusterInfo, groupProgress, topicStatus } from '../lib/broker-admin.ts';

// Edit me: any topic and group on your broker (the console lists them).
const topic = 'flash-sale';
const group = 'flash-sale-warehouse';

const cluster = await clusterInfo();
for (const broker of cluster.brokers) {
  // The broker refuses writes once this disk is 90 % full (diskSpaceWarningLevelRatio).
  const disk = Math.round((broker.commitLogDiskRatio ?? 0) * 100);
  console.log(`broker ${broker.name} in cluster ${broker.cluster} at ${broker.address}:`,
    `${broker.version}, commit log disk ${disk} % used`);
}

const status = await topicStatus(topic);
console.log(`\ntopic ${topic}:`);
for (const queue of status.queues) {
  console.log(`  queue ${queue.queueId}: min offset ${queue.minOffset}, max offset ${queue.maxOffset}`);
}

const progress = await groupProgress(group, topic);
let handed = 0;
if (!progress) {
  console.log(`\ngroup ${group}: not on the broker yet`);
  console.log(`(run chapter 1's peak-shaving cell, then this one again)`);
} else {
  console.log(`\ngroup ${group} (${progress.clients.length} clients online):`);
  for (const queue of progress.queues) {
    // A gRPC consumer's offset moves when the broker hands a batch out, not at the ack.
    console.log(`  queue ${queue.queueId}: consumer offset ${queue.consumerOffset}`,
      `of ${queue.maxOffset}, lag ${queue.lag}`);
    handed += queue.consumerOffset;
  }
}

const lag = progress ? progress.lag : 'none';
console.log(`\nsummary: brokers ${cluster.brokers.length}, queues ${status.queues.length},`,
  `stored ${status.maxOffsetTotal}, handed ${handed}, lag ${lag}`);
