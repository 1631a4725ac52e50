/**
 * A room on one broker: two attendees, WORKBOOK_NAMESPACE=alice… and bob…, each prepare their
 * topics with `npm run broker -- topics` and check the same exercise with `npm run workshop` at the
 * same time. The exercise is fan-out: its three services and the check's audit read with fixed
 * consumer groups (exercise-fanout-inventory, exercise-fanout-check, …), so two attendees on the
 * same names would share those groups and each get only part of the orders; both checks pass
 * only when every name is the attendee's own. The broker's side says where the orders went.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { topicBrokers, topicOffsets } from '../../sandbox/broker/inspect.ts';
import { projectRoot } from '../../sandbox/broker/layout.ts';
import { exerciseSource, workshopExercises } from '../../sandbox/workshop/exercises.ts';
import { withCell } from '../support/cell-locks.ts';
import { run } from '../support/spawn.ts';

const exercise = workshopExercises().find((entry) => entry.id === '01-why-mq/exercises/fan-out')!;
const topic = 'exercise-fanout';
const ORDERS = 10;
const scratch = path.join(projectRoot, '.sandbox', `workshop-room-test-${randomBytes(4).toString('hex')}`);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** An attendee with a namespace, a work folder and a progress record of their own. */
function attendee(namespace: string) {
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1',
    ROCKETMQ_ENDPOINTS: brokerEndpoints().grpc, ROCKETMQ_NAMESRV: brokerEndpoints().namesrv,
    WORKBOOK_NAMESPACE: namespace,
    WORKBOOK_WORK_DIR: path.join(scratch, namespace, 'my-work'), WORKBOOK_PROGRESS_FILE: path.join(scratch, namespace, 'progress.json'),
  };
  const tsx = (script: string, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', path.join(projectRoot, script), ...args], { cwd: projectRoot, env, timeoutMs: 120_000 });
  return {
    namespace,
    /** `npm run broker -- topics` as this attendee. */
    topics: () => tsx('sandbox/broker/cli.ts', 'topics'),
    /** Start the exercise, put the solution in the work file, and check it. */
    async checkSolution() {
      await tsx('sandbox/workshop/cli.ts', 'start', exercise.id);
      const workFile = path.join(env.WORKBOOK_WORK_DIR, exercise.chapter, `${exercise.name}.ts`);
      fs.writeFileSync(workFile, exerciseSource({ ...exercise, workFile }, 'solution.ts'));
      return tsx('sandbox/workshop/cli.ts', 'check', exercise.id);
    },
  };
}

/** Messages ever stored in `name` (the sum of its queues' max offsets), 0 while it does not exist. */
async function stored(name: string): Promise<number> {
  let total = 0;
  for (const broker of await topicBrokers(brokerEndpoints().namesrv, name)) {
    for (const queue of (await topicOffsets(broker.address, name)) ?? []) total += queue.maxOffset;
  }
  return total;
}

it('two attendees check the same exercise at once on one broker, each with topics and groups of their own', async () => {
  // Fresh names each run: the room's topics are created by the topics command below, not left from before.
  const suffix = randomBytes(3).toString('hex');
  const [alice, bob] = [attendee(`alice_${suffix}`), attendee(`bob_${suffix}`)];

  // Both prepare at once, as a room does at the start.
  const prepared = await Promise.all([alice.topics(), bob.topics()]);
  for (const [i, who] of [alice, bob].entries()) {
    expect(prepared[i].status, prepared[i].stdout + prepared[i].stderr).toBe(0);
    expect(prepared[i].stdout).toContain(`named for WORKBOOK_NAMESPACE=${who.namespace}: ${who.namespace}-`);
    expect(await topicBrokers(brokerEndpoints().namesrv, `${who.namespace}-${topic}`)).not.toEqual([]);
  }

  await withCell(`${exercise.id}/check`, async () => {
    const before = { plain: await stored(topic), alice: await stored(`${alice.namespace}-${topic}`), bob: await stored(`${bob.namespace}-${topic}`) };
    const [aliceCheck, bobCheck] = await Promise.all([alice.checkSolution(), bob.checkSolution()]);

    for (const checked of [aliceCheck, bobCheck]) {
      expect(checked.status, checked.stdout + checked.stderr).toBe(0);
      expect(checked.stdout).toMatch(/^all \d+ checks passed$/m);
      // Every service read exactly this run's orders: a shared group would have split them.
      for (const service of ['inventory', 'shipping', 'billing']) {
        expect(checked.stdout).toMatch(new RegExp(`${service} received ${ORDERS} of ${ORDERS} orders: #1 #2 #3 #4 #5 #6 #7 #8 #9 #10\\s*$`, 'm'));
      }
    }
    // Each check ran its own program (its run id), and neither printed the other's.
    const runIdOf = (output: string) => /\(run id (\w+)\)/.exec(output)?.[1];
    expect(runIdOf(aliceCheck.stdout)).toBeDefined();
    expect(runIdOf(aliceCheck.stdout)).not.toBe(runIdOf(bobCheck.stdout));
    expect(aliceCheck.stdout).not.toContain(runIdOf(bobCheck.stdout));
    expect(bobCheck.stdout).not.toContain(runIdOf(aliceCheck.stdout));

    // The broker's side: each attendee's orders were stored under their own topic, none under the plain name.
    expect(await stored(`${alice.namespace}-${topic}`) - before.alice).toBe(ORDERS);
    expect(await stored(`${bob.namespace}-${topic}`) - before.bob).toBe(ORDERS);
    expect(await stored(topic) - before.plain).toBe(0);
  });
});
