/** What the order service's handlers share: its settings (from the environment), its database, its producer. */
import os from 'node:os';
import path from 'node:path';
import type { Producer } from 'rocketmq-client-nodejs';
import type { Db } from '../db.ts';

export const config = {
  database: process.env.ORDER_DB || path.join(os.tmpdir(), 'capstone-order.db'),
  port: Number(process.env.ORDER_PORT ?? 7101),
  inventoryUrl: process.env.INVENTORY_URL || 'http://127.0.0.1:7102',
  /** How long CreateOrder waits for the inventory's answer before it counts the deduction as unknown. */
  inventoryTimeoutMs: Number(process.env.INVENTORY_TIMEOUT_MS || 3000),
  /** Time to pay: 30 minutes in the article; seconds in the cells. */
  orderTimeoutSeconds: Number(process.env.ORDER_TIMEOUT_SECONDS || 1800),
  /** A check-back for a younger half message is answered "ask again later": its CreateOrder may still be running. */
  checkBackGraceMs: Number(process.env.CHECK_BACK_GRACE_MS || 4000),
  /** Whether this instance closes timed-out orders; `npm run chaos`'s spare instances only answer check-backs. */
  handlesTimeouts: process.env.ORDER_HANDLES_TIMEOUTS !== 'false',
};

export interface OrderContext {
  db: Db;
  producer: Producer;
  config: typeof config;
}
