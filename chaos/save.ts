/** Keep a run for auditing: both databases as SQLite files, report.json and the services' log, in `out`. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Shop } from '../examples/06-capstone/shop.ts';
import { openDb } from '../examples/06-capstone/services/db.ts';
import { isMysqlUrl } from '../examples/06-capstone/services/mysql-db.ts';
import { createTables as createInventoryTables } from '../examples/06-capstone/services/inventory/tables.ts';
import { createTables as createOrderTables } from '../examples/06-capstone/services/order/tables.ts';
import type { ChaosReport } from './report.ts';

export async function saveRun(shop: Shop, report: ChaosReport, out: string): Promise<void> {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await keep(shop.databases.order, path.resolve(out, 'order.db'), createOrderTables, ['orderinfo', 'ordergoods', 'shoppingcart']);
  await keep(shop.databases.inventory, path.resolve(out, 'inventory.db'), createInventoryTables, ['inventory', 'stockselldetail']);
  fs.writeFileSync(path.join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'services.log'), `${shop.logLines().join('\n')}\n`);
}

/**
 * One consistent copy of a service's database in `file`. A SQLite database is copied as it is;
 * a MySQL one row by row into the same tables (the services' CREATE TABLEs serve both), so that
 * every run is audited with the same SQL, whichever database it ran on.
 */
async function keep(source: string, file: string, createTables: typeof createOrderTables, tables: string[]): Promise<void> {
  if (!isMysqlUrl(source)) {
    const db = new Database(source);
    db.prepare('VACUUM INTO ?').run(file);
    db.close();
    return;
  }
  const [from, to] = [openDb(source), openDb(file)];
  try {
    await createTables(to);
    await to.transaction(async (tx) => {
      for (const table of tables) {
        for (const row of await from.query(`SELECT * FROM ${table}`)) {
          const columns = Object.keys(row);
          await tx.execute(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row));
        }
      }
    });
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
}
