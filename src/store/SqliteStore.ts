// Store on SQLite through Node's built-in node:sqlite: a real database (WAL journal, real
// transactions), no native build step. One file holds any number of tables' records.
import type { DatabaseSync } from "node:sqlite";
import { CHECKPOINT_TABLE, type Store, type StoredRecord, type StoreTx } from "./Store.ts";
import { InvalidArgumentError, JournalError } from "../errors/commonErrors.ts";

interface Row {
  key: string;
  value: string;
  version: number;
  updated_at: number;
}

export interface SqliteStoreOptions {
  /** How long a write waits for another process's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
}

export class SqliteStore implements Store {
  readonly path: string;
  readonly #db: DatabaseSync;
  /** Serialises transactions: node:sqlite is synchronous, but `fn` may await between statements. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    // Loaded here, not at import: `import { connect } from "abibind"` must not need node:sqlite.
    const sqlite = process.getBuiltinModule("node:sqlite") as typeof import("node:sqlite") | undefined;
    if (sqlite === undefined) throw new JournalError(`SqliteStore needs node:sqlite (Node.js >= 22.18; this is ${process.version})`);
    try {
      this.#db = new sqlite.DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5000 });
      this.#db.exec("PRAGMA journal_mode = WAL");
      // FULL: a journal entry must survive a power loss, not just a crash, before its transaction is broadcast.
      this.#db.exec("PRAGMA synchronous = FULL");
      this.#db.exec(`CREATE TABLE IF NOT EXISTS records (
        tbl TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        version INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (tbl, key)) WITHOUT ROWID`);
    } catch (e) {
      throw new JournalError(`cannot open the database ${path} (${(e as Error).message.split("\n")[0]})`, { cause: e });
    }
  }

  static open(path: string, options?: SqliteStoreOptions): SqliteStore {
    return new SqliteStore(path, options);
  }

  #row(table: string, key: string): Row | undefined {
    return this.#db.prepare("SELECT key, value, version, updated_at FROM records WHERE tbl = ? AND key = ?").get(table, key) as Row | undefined;
  }

  #toRecord<T>(r: Row): StoredRecord<T> {
    return { key: r.key, value: JSON.parse(r.value) as T, version: r.version, updatedAt: r.updated_at };
  }

  #write(table: string, key: string, value: unknown, version: number): void {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    if (text === undefined) throw new InvalidArgumentError("a store value must be JSON-serialisable");
    this.#db
      .prepare("INSERT INTO records (tbl, key, value, version, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tbl, key) DO UPDATE SET value = excluded.value, version = excluded.version, updated_at = excluded.updated_at")
      .run(table, key, text, version, Date.now());
  }

  // Synchronous operations: the building blocks of both the Store and the StoreTx.
  readonly #ops = {
    get: <T>(table: string, key: string): StoredRecord<T> | undefined => {
      const r = this.#row(table, key);
      return r === undefined ? undefined : this.#toRecord<T>(r);
    },
    put: (table: string, key: string, value: unknown): number => {
      const version = (this.#row(table, key)?.version ?? 0) + 1;
      this.#write(table, key, value, version);
      return version;
    },
    update: (table: string, key: string, value: unknown, expected: number): number | null => {
      const current = this.#row(table, key)?.version ?? 0;
      if (current !== expected) return null;
      this.#write(table, key, value, current + 1);
      return current + 1;
    },
    delete: (table: string, key: string): boolean => Number(this.#db.prepare("DELETE FROM records WHERE tbl = ? AND key = ?").run(table, key).changes) > 0,
    list: <T>(table: string, options: { prefix?: string; limit?: number } = {}): StoredRecord<T>[] => {
      const prefix = options.prefix ?? "";
      const rows = this.#db
        .prepare("SELECT key, value, version, updated_at FROM records WHERE tbl = ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?")
        .all(table, prefix.length, prefix, options.limit ?? -1) as unknown as Row[];
      return rows.map((r) => this.#toRecord<T>(r));
    },
  };

  /** A statement outside a transaction waits for any running transaction (inside one, use its tx). */
  #serial<R>(fn: () => R): Promise<R> {
    const p = this.#queue.then(fn);
    this.#queue = p.catch(() => undefined);
    return p;
  }

  get<T = unknown>(table: string, key: string): Promise<StoredRecord<T> | undefined> {
    return this.#serial(() => this.#ops.get<T>(table, key));
  }
  put<T = unknown>(table: string, key: string, value: T): Promise<number> {
    return this.#serial(() => this.#ops.put(table, key, value));
  }
  update<T = unknown>(table: string, key: string, value: T, expectedVersion: number): Promise<number | null> {
    return this.#serial(() => this.#ops.update(table, key, value, expectedVersion));
  }
  delete(table: string, key: string): Promise<boolean> {
    return this.#serial(() => this.#ops.delete(table, key));
  }
  list<T = unknown>(table: string, options?: { prefix?: string; limit?: number }): Promise<StoredRecord<T>[]> {
    return this.#serial(() => this.#ops.list<T>(table, options));
  }

  transaction<R>(fn: (tx: StoreTx) => Promise<R>): Promise<R> {
    const ops = this.#ops;
    let open = true;
    const guard = <A extends unknown[], T>(f: (...a: A) => T) =>
      async (...a: A): Promise<T> => {
        if (!open) throw new JournalError("store transaction used after it ended");
        return f(...a);
      };
    const tx: StoreTx = {
      get: guard(ops.get) as StoreTx["get"],
      put: guard(ops.put) as StoreTx["put"],
      update: guard(ops.update) as StoreTx["update"],
      delete: guard(ops.delete),
      list: guard(ops.list) as StoreTx["list"],
    };
    const run = async (): Promise<R> => {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        const r = await fn(tx);
        this.#db.exec("COMMIT");
        return r;
      } catch (e) {
        if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
        throw e;
      } finally {
        open = false;
      }
    };
    const p = this.#queue.then(run);
    this.#queue = p.catch(() => undefined);
    return p;
  }

  async getCheckpoint<T = unknown>(key: string): Promise<T | undefined> {
    return (await this.get<T>(CHECKPOINT_TABLE, key))?.value;
  }

  async setCheckpoint<T = unknown>(key: string, value: T): Promise<void> {
    await this.put(CHECKPOINT_TABLE, key, value);
  }

  async close(): Promise<void> {
    await this.#queue;
    if (this.#db.isOpen) this.#db.close();
  }
}
