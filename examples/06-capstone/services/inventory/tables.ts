/** The inventory service's tables, named as in the article. Plain SQL that SQLite and MySQL both accept. */
import type { Db } from '../db.ts';

const TABLES = [
  `CREATE TABLE IF NOT EXISTS inventory (
    goods  INT NOT NULL PRIMARY KEY,
    stocks INT NOT NULL CHECK (stocks >= 0)
  )`,
  // One row per order that ever reached the inventory: what was deducted, and whether it came back.
  `CREATE TABLE IF NOT EXISTS stockselldetail (
    order_sn VARCHAR(64) NOT NULL PRIMARY KEY,
    status   INT NOT NULL CHECK (status IN (1, 2)),  -- 1 = deducted, 2 = returned
    detail   TEXT NOT NULL                            -- JSON [{"goods": 1, "num": 2}, ...]
  )`,
];

/** Create the tables if this is a new database; a restarted service finds its rows where it left them. */
export async function createTables(db: Db): Promise<void> {
  for (const statement of TABLES) await db.execute(statement);
}

/** One line of an order: which goods, how many. */
export interface GoodsNum {
  goods: number;
  num: number;
}
