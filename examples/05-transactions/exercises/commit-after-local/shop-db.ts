/**
 * The exercise's shop database: kettles in stock, and the orders that took some. The check
 * creates it (so the stock is the check's); the program opens it. Without a check, the program
 * makes a fresh one in a temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const KETTLES_IN_STOCK = 5;
/** Order id → kettles. Order 3 asks for more than is left by then. */
export const ORDERS: Record<string, number> = { '1': 2, '2': 1, '3': 5, '4': 1 };

/** Create the database at `file` (or in a new temporary folder). */
export function createShopDb(file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-exercise-')), 'shop.db')): string {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE stock (item TEXT PRIMARY KEY, quantity INTEGER NOT NULL CHECK (quantity >= 0));
    CREATE TABLE orders (id TEXT PRIMARY KEY, item TEXT NOT NULL, quantity INTEGER NOT NULL);
  `);
  db.prepare('INSERT INTO stock VALUES (?, ?)').run('kettle', KETTLES_IN_STOCK);
  db.close();
  return file;
}
