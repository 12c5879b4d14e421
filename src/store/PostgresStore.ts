// Store on PostgreSQL, shared by several processes (backend replicas under one key). Same records
// as SqliteStore (table, key, JSON value, version). A transaction takes a transaction-scoped
// advisory lock on every (table, key) it touches before reading it, so read-modify-write on one
// key — even a key that does not exist yet — is serialised across processes exactly as SQLite's
// single writer serialises it; deadlocks and unique violations roll back and re-run `fn`.
import type pg from "pg";
import { AbibindError } from "../errors/AbibindError.ts";
import { CHECKPOINT_TABLE, type Store, type StoredRecord, type StoreTx } from "./Store.ts";
import { InvalidArgumentError, JournalError, MissingDependencyError } from "../errors/commonErrors.ts";

export interface PostgresStoreOptions {
  /** The table holding the records (default "abibind_records"). */
  readonly table?: string;
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
  /** Times a transaction is re-run after a deadlock or a lost insert race (default 10). */
  readonly retries?: number;
}

interface Row {
  key: string;
  value: string;
  version: number;
  updated_at: string;
}

// Errors after which the whole transaction is safe to run again (nothing of it committed).
const RETRYABLE = new Set(["40001", "40P01", "23505"]);

// Errors raised by the database or the connection (as opposed to by the caller's `fn`): only
// these are retried or reported as JOURNAL errors; anything `fn` throws passes through unchanged.
const dbErrors = new WeakSet<object>();
function fromDb(e: unknown): never {
  if (typeof e === "object" && e !== null) dbErrors.add(e);
  throw e;
}

function toRecord<T>(r: Row): StoredRecord<T> {
  return { key: r.key, value: JSON.parse(r.value) as T, version: Number(r.version), updatedAt: Number(r.updated_at) };
}

function serialise(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  if (text === undefined) throw new InvalidArgumentError("a store value must be JSON-serialisable");
  return text;
}

/** The database in an error message: host and database only, never the password. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.hostname}${u.port === "" ? "" : `:${u.port}`}${u.pathname}`;
  } catch {
    return "the PostgreSQL database";
  }
}

/** pg is an optional peer dependency: loaded only when a PostgreSQL store is opened. */
async function loadDriver(): Promise<typeof pg> {
  try {
    return ((await import("pg")) as { default: typeof pg }).default;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw e;
    throw new MissingDependencyError("PostgresStore needs the package pg, an optional peer dependency of abibind: npm install pg", { cause: e });
  }
}

export class PostgresStore implements Store {
  readonly database: string;
  readonly #pool: pg.Pool;
  readonly #table: string;
  readonly #retries: number;

  private constructor(driver: typeof pg, url: string, options: PostgresStoreOptions) {
    this.database = describeUrl(url);
    this.#table = options.table ?? "abibind_records";
    if (!/^[a-z_][a-z0-9_]*$/.test(this.#table)) throw new InvalidArgumentError(`table name "${this.#table}" must be a plain lower-case identifier`);
    this.#retries = options.retries ?? 10;
    this.#pool = new driver.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.#pool.on("error", () => undefined);
  }

  /** Connects and creates the table if needed (safe when several processes start at once). */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const store = new PostgresStore(await loadDriver(), url, options);
    try {
      await store.#withClient(async (c) => {
        // One creator at a time: concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
        await c.query("BEGIN");
        await c.query("SELECT pg_advisory_xact_lock(hashtext('abibind:schema'))");
        await c.query(`CREATE TABLE IF NOT EXISTS ${store.#table} (
          tbl TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
          version INTEGER NOT NULL, updated_at BIGINT NOT NULL,
          PRIMARY KEY (tbl, key))`);
        await c.query("COMMIT");
      });
    } catch (e) {
      await store.#pool.end().catch(() => undefined);
      throw store.#wrap(e, "cannot open");
    }
    return store;
  }

  #wrap(e: unknown, what: string): unknown {
    if (e instanceof AbibindError) return e;
    const msg = (e as Error).message?.split("\n")[0] ?? String(e);
    return new JournalError(`${what} ${this.database} (${msg})`, { cause: e });
  }

  /** `fn` gets a client and a way to say it is unusable (it is then closed, not pooled). */
  async #withClient<R>(fn: (c: pg.PoolClient, broken: () => void) => Promise<R>): Promise<R> {
    const c = await this.#pool.connect().catch(fromDb);
    let broken = false;
    // A server restart or a dropped connection makes a checked-out client emit 'error' besides
    // failing its query: unheard, that event would crash the process. The query reports it; the
    // client goes back broken, so the pool opens a fresh connection next time.
    const onError = (): void => {
      broken = true;
    };
    c.on("error", onError);
    try {
      return await fn(c, () => (broken = true));
    } finally {
      c.off("error", onError);
      c.release(broken);
    }
  }

  #ops(client: pg.PoolClient): StoreTx {
    const t = this.#table;
    const c = { query: <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => client.query<R>(sql, params).catch(fromDb) };
    const locked = new Set<string>();
    const lock = async (table: string, key: string): Promise<void> => {
      const id = `${table}\u0000${key}`;
      if (locked.has(id)) return;
      await c.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [table, key]);
      locked.add(id);
    };
    const row = async (table: string, key: string): Promise<Row | undefined> => {
      await lock(table, key);
      const r = await c.query<Row>(`SELECT key, value, version, updated_at FROM ${t} WHERE tbl = $1 AND key = $2`, [table, key]);
      return r.rows[0];
    };
    const write = async (table: string, key: string, value: unknown, version: number): Promise<void> => {
      const text = serialise(value);
      if (version === 1) {
        // A plain INSERT: if another process created the key meanwhile, this fails and the transaction re-runs.
        await c.query(`INSERT INTO ${t} (tbl, key, value, version, updated_at) VALUES ($1, $2, $3, 1, $4)`, [table, key, text, Date.now()]);
      } else {
        await c.query(`UPDATE ${t} SET value = $3, version = $4, updated_at = $5 WHERE tbl = $1 AND key = $2`, [table, key, text, version, Date.now()]);
      }
    };
    return {
      get: async <T>(table: string, key: string) => {
        const r = await row(table, key);
        return r === undefined ? undefined : toRecord<T>(r);
      },
      put: async (table, key, value) => {
        const version = ((await row(table, key))?.version ?? 0) + 1;
        await write(table, key, value, version);
        return version;
      },
      update: async (table, key, value, expected) => {
        const current = (await row(table, key))?.version ?? 0;
        if (current !== expected) return null;
        await write(table, key, value, current + 1);
        return current + 1;
      },
      delete: async (table, key) => {
        await lock(table, key);
        const r = await c.query(`DELETE FROM ${t} WHERE tbl = $1 AND key = $2`, [table, key]);
        return (r.rowCount ?? 0) > 0;
      },
      list: async <T>(table: string, options: { prefix?: string; limit?: number } = {}) => {
        const prefix = options.prefix ?? "";
        // COLLATE "C": byte order, as SQLite sorts.
        const r = await c.query<Row>(
          `SELECT key, value, version, updated_at FROM ${t} WHERE tbl = $1 AND left(key, $2) = $3 ORDER BY key COLLATE "C" LIMIT $4`,
          [table, prefix.length, prefix, options.limit ?? null],
        );
        return r.rows.map((x) => toRecord<T>(x));
      },
    };
  }

  /**
   * Runs `fn` in one transaction. `fn` may run more than once (after a deadlock or a lost race to
   * create a key); only the last run's writes commit, so it must not have other lasting effects.
   */
  async transaction<R>(fn: (tx: StoreTx) => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#withClient(async (c, broken) => {
          await c.query("BEGIN").catch(fromDb);
          let open = true;
          const ops = this.#ops(c);
          const guard = <A extends unknown[], T>(f: (...a: A) => Promise<T>) =>
            (...a: A): Promise<T> => {
              if (!open) return Promise.reject(new JournalError("store transaction used after it ended"));
              return f(...a);
            };
          const tx: StoreTx = {
            get: guard(ops.get) as StoreTx["get"],
            put: guard(ops.put) as StoreTx["put"],
            update: guard(ops.update) as StoreTx["update"],
            delete: guard(ops.delete),
            list: guard(ops.list) as StoreTx["list"],
          };
          try {
            const r = await fn(tx);
            await c.query("COMMIT").catch(fromDb);
            return r;
          } catch (e) {
            // A rollback that fails means the connection is gone: never hand it out again.
            await c.query("ROLLBACK").catch(broken);
            throw e;
          } finally {
            open = false;
          }
        });
      } catch (e) {
        if (typeof e !== "object" || e === null || !dbErrors.has(e)) throw e;
        const code = (e as { code?: string }).code;
        if (code !== undefined && RETRYABLE.has(code) && attempt < this.#retries) {
          await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
          continue;
        }
        throw this.#wrap(e, "database error on");
      }
    }
  }

  get<T = unknown>(table: string, key: string): Promise<StoredRecord<T> | undefined> {
    return this.transaction((t) => t.get<T>(table, key));
  }
  put<T = unknown>(table: string, key: string, value: T): Promise<number> {
    return this.transaction((t) => t.put(table, key, value));
  }
  update<T = unknown>(table: string, key: string, value: T, expectedVersion: number): Promise<number | null> {
    return this.transaction((t) => t.update(table, key, value, expectedVersion));
  }
  delete(table: string, key: string): Promise<boolean> {
    return this.transaction((t) => t.delete(table, key));
  }
  list<T = unknown>(table: string, options?: { prefix?: string; limit?: number }): Promise<StoredRecord<T>[]> {
    return this.transaction((t) => t.list<T>(table, options));
  }

  async getCheckpoint<T = unknown>(key: string): Promise<T | undefined> {
    return (await this.get<T>(CHECKPOINT_TABLE, key))?.value;
  }

  async setCheckpoint<T = unknown>(key: string, value: T): Promise<void> {
    await this.put(CHECKPOINT_TABLE, key, value);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
