/**
 * The inventory database of the exercise: the check creates it (so that the starting stock is
 * the check's, not the program's), the program opens it. Without a check, the program makes a
 * fresh one in a temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const STOCK_BEFORE = 100;
/** The orders whose stock comes back: 2 kettles each. */
export const ORDERS = ['SN-1', 'SN-2', 'SN-3', 'SN-4'];
export const KETTLES_PER_ORDER = 2;

/** Create the database at `file` (or in a new temporary folder): 100 kettles, and each order marked "deducted" (status 1). */
export function createInventory(file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-exercise-')), 'inventory.db')): string {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE inventory (goods TEXT PRIMARY KEY, stocks INTEGER NOT NULL);
    CREATE TABLE stockselldetail (order_sn TEXT PRIMARY KEY, status INTEGER NOT NULL, goods TEXT NOT NULL, num INTEGER NOT NULL);
  `);
  db.prepare('INSERT INTO inventory VALUES (?, ?)').run('kettle', STOCK_BEFORE);
  for (const orderSn of ORDERS) db.prepare('INSERT INTO stockselldetail VALUES (?, 1, ?, ?)').run(orderSn, 'kettle', KETTLES_PER_ORDER);
  db.close();
  return file;
}

/** The kettles in stock now. */
export const kettlesInStock = (db: Database.Database) =>
  (db.prepare('SELECT stocks FROM inventory WHERE goods = ?').get('kettle') as { stocks: number }).stocks;
