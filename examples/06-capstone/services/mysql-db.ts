/**
 * The same Db as db.ts, on MySQL or MariaDB (mysql2), for a service whose database setting is a
 * `mysql://user:password@host:port/database` URL: the article's setup. The services' SQL runs
 * unchanged; what differs is how a server shares rows between connections, which this file sets:
 *
 * - READ COMMITTED for every transaction. Each decision the services make is a conditional UPDATE
 *   checked by its affected rows or an INSERT that may hit the primary key, and InnoDB runs both
 *   on the latest committed row, locking it, at any isolation level. REPEATABLE READ (MySQL's
 *   default) adds gap locks for rows that do not exist yet: two rebacks recording "nothing was
 *   deducted" for new order numbers would lock each other's gap and deadlock.
 * - affectedRows counts the rows a WHERE matched, as SQLite's `changes` does (mysql2 connects
 *   with CLIENT_FOUND_ROWS), so `UPDATE … SET stocks = 5` on a row already at 5 still counts 1.
 * - a transaction InnoDB ends with a deadlock or lock wait timeout is run again (from the start:
 *   its work is all inside it).
 */
import type { Pool, ResultSetHeader } from 'mysql2/promise';
import type { Db, Queries } from './db.ts';

const RETRY_ERRORS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const ATTEMPTS = 5;

export function isMysqlUrl(target: string): boolean {
  return /^(mysql|mariadb):\/\//.test(target);
}

export class MysqlDb implements Db {
  readonly #pool: Promise<Pool>;

  constructor(url: string) {
    this.#pool = connect(url);
    this.#pool.catch(() => undefined); // reported by the first statement that needs it
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const [rows] = await (await this.#pool).query(sql, params);
    return rows as Row[];
  }

  async execute(sql: string, params: unknown[] = []): Promise<{ affectedRows: number }> {
    const [result] = await (await this.#pool).query<ResultSetHeader>(sql, params);
    return { affectedRows: result.affectedRows };
  }

  async transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    const connection = await (await this.#pool).getConnection();
    try {
      for (let attempt = 1; ; attempt++) {
        await connection.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
        await connection.beginTransaction();
        try {
          const result = await work({
            query: async <Row>(sql: string, params: unknown[] = []) => (await connection.query(sql, params))[0] as Row[],
            execute: async (sql: string, params: unknown[] = []) =>
              ({ affectedRows: (await connection.query<ResultSetHeader>(sql, params))[0].affectedRows }),
          });
          await connection.commit();
          return result;
        } catch (error) {
          await connection.rollback().catch(() => undefined);
          if (attempt === ATTEMPTS || !RETRY_ERRORS.has((error as { code?: string }).code ?? '')) throw error;
        }
      }
    } finally {
      connection.release();
    }
  }

  async close(): Promise<void> {
    await (await this.#pool.catch(() => undefined))?.end();
  }
}

/** A pool on the URL's database, created first if the server has none by that name. */
async function connect(url: string): Promise<Pool> {
  const mysql = await import('mysql2/promise'); // loaded only when a service uses MySQL
  const { database, ...server } = parseUrl(url);
  const admin = await mysql.createConnection(server).catch((error: Error) => {
    throw new Error(`cannot reach the MySQL server at ${server.host}:${server.port} (${error.message}); is it running, and does DATABASE_URL name it?`);
  });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
  await admin.end();
  return mysql.createPool({ ...server, database, connectionLimit: 8, decimalNumbers: true });
}

function parseUrl(url: string) {
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const database = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database)) throw new Error(`${url}: name a database (letters, digits, _) after the port`);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** Drop the database a URL names (a shop's scratch database, when the shop stops). */
export async function dropDatabase(url: string): Promise<void> {
  const mysql = await import('mysql2/promise');
  const { database, ...server } = parseUrl(url);
  const admin = await mysql.createConnection(server);
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.end();
}
