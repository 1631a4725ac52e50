/**
 * The order service's local database, for the cells whose checker must read real, durable state:
 * one SQLite file in a temporary folder, one table of orders. Several processes (a producer that
 * crashes, the one that replaces it) can open the same file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Create a fresh orders database in a temporary folder; returns its file. */
export function createOrdersDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-orders-'));
  const file = path.join(dir, 'orders.db');
  const db = new Database(file);
  db.exec('CREATE TABLE orders (id TEXT PRIMARY KEY, item TEXT NOT NULL)');
  db.close();
  return file;
}

/** Open the orders database at `file` (another connection: it sees only committed rows). */
export function openOrdersDb(file: string) {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000'); // a second connection waits for a writer instead of failing
  return {
    db,
    /** Is order `id` saved (committed)? */
    hasOrder: (id: string) => db.prepare('SELECT 1 FROM orders WHERE id = ?').get(id) !== undefined,
    /** Save order `id` in its own transaction. */
    saveOrder: (id: string, item = 'kettle') => void db.prepare('INSERT INTO orders VALUES (?, ?)').run(id, item),
    close: () => db.close(),
  };
}

/** Delete the database created by createOrdersDb(). */
export function removeOrdersDb(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
