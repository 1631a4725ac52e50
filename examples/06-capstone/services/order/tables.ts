/** The order service's tables, named as in the article. Plain SQL that SQLite and MySQL both accept. */
import type { Db } from '../db.ts';

const TABLES = [
  `CREATE TABLE IF NOT EXISTS orderinfo (
    order_sn      VARCHAR(64) NOT NULL PRIMARY KEY,
    user          INT NOT NULL,
    status        VARCHAR(20) NOT NULL,  -- WAIT_BUYER_PAY, then TRADE_SUCCESS (paid) or TRADE_CLOSED
    order_mount   INT NOT NULL,          -- the total, in whole yuan
    address       VARCHAR(200),
    signer_name   VARCHAR(40),
    signer_mobile VARCHAR(20),
    post          VARCHAR(200),
    close_reason  VARCHAR(60),           -- why a TRADE_CLOSED order is closed
    created_at    BIGINT NOT NULL,       -- epoch milliseconds
    pay_time      BIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS ordergoods (
    order_sn    VARCHAR(64) NOT NULL,
    goods       INT NOT NULL,
    goods_name  VARCHAR(100) NOT NULL,
    goods_price INT NOT NULL,
    nums        INT NOT NULL,
    PRIMARY KEY (order_sn, goods)
  )`,
  `CREATE TABLE IF NOT EXISTS shoppingcart (
    user    INT NOT NULL,
    goods   INT NOT NULL,
    nums    INT NOT NULL CHECK (nums > 0),
    checked INT NOT NULL,                -- 1 = goes into the next order
    PRIMARY KEY (user, goods)
  )`,
];

/** Create the tables if this is a new database; a restarted service finds its rows where it left them. */
export async function createTables(db: Db): Promise<void> {
  for (const statement of TABLES) await db.execute(statement);
}

export type OrderStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
