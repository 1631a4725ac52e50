/**
 * The one door from a service to its database: SQL with `?` placeholders, and transactions.
 *
 * By default it is SQLite (better-sqlite3), one file per service; a `mysql://…` URL instead of a
 * file puts the service on MySQL or MariaDB, as in the article (mysql-db.ts). The services' SQL is
 * plain and portable (conditional UPDATEs checked by their affected rows, INSERTs that may hit a
 * UNIQUE key, no SQLite-only upserts), so both run the same code and the same statements.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { isMysqlUrl, MysqlDb } from './mysql-db.ts';

/** Statements that read or change rows: what a transaction hands its work. */
export interface Queries {
  /** The rows of a SELECT. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** An INSERT, UPDATE, DELETE or DDL statement: how many rows it changed. */
  execute(sql: string, params?: unknown[]): Promise<{ affectedRows: number }>;
}

export interface Db extends Queries {
  /** Run `work` in one transaction: commit when it returns, roll back when it throws. */
  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** True when `error` is a violated UNIQUE or PRIMARY KEY constraint (SQLite's code, or MySQL's ER_DUP_ENTRY). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'ER_DUP_ENTRY';
}

/** `target` fit for a log line: a `mysql://` URL's password replaced by `***`. */
export function describeTarget(target: string): string {
  if (!isMysqlUrl(target)) return target;
  const url = new URL(target);
  if (url.password) url.password = '***';
  return url.toString();
}

/** Open (and create) the SQLite database file at `target`, or the MySQL/MariaDB database a `mysql://` URL names. */
export function openDb(target: string): Db {
  if (isMysqlUrl(target)) return new MysqlDb(target);
  const sqlite = new Database(target);
  // WAL: a reader (a cell printing rows, an exercise check) never blocks the service, nor the other way round.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  return new SqliteDb(sqlite);
}

/**
 * One connection, shared by every request of the service. A transaction's work is async (it may
 * await anything), so without care two requests' statements would interleave inside one SQLite
 * transaction. A queue lets one transaction (or one single statement) use the connection at a time:
 * the same isolation a database server gives each connection of a pool.
 */
class SqliteDb implements Db {
  #queue: Promise<unknown> = Promise.resolve();
  // Which async call chain holds the connection: catches `db.query` inside `db.transaction`, which would wait forever.
  #holder = new AsyncLocalStorage<true>();

  constructor(private readonly sqlite: Database.Database) {}

  query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.#exclusive(async () => this.#query<Row>(sql, params));
  }

  execute(sql: string, params: unknown[] = []): Promise<{ affectedRows: number }> {
    return this.#exclusive(async () => this.#execute(sql, params));
  }

  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await work({
          query: async <Row>(sql: string, params: unknown[] = []) => this.#query<Row>(sql, params),
          execute: async (sql: string, params: unknown[] = []) => this.#execute(sql, params),
        });
        this.sqlite.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.#exclusive(async () => this.sqlite.close());
  }

  #query<Row>(sql: string, params: unknown[]): Row[] {
    return this.sqlite.prepare(sql).all(...params) as Row[];
  }

  #execute(sql: string, params: unknown[]): { affectedRows: number } {
    return { affectedRows: this.sqlite.prepare(sql).run(...params).changes };
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.#holder.getStore()) {
      return Promise.reject(new Error('db.query/db.execute inside db.transaction(): use the transaction\'s own tx.query/tx.execute'));
    }
    const run = this.#queue.then(() => this.#holder.run(true, work));
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
