// The one small persistence interface of abibind: watch checkpoints and the transaction journal
// live behind it. Asynchronous throughout so that a networked database (PostgreSQL, shared by
// several replicas under one key) can implement it later; the embedded default is SqliteStore.

/** A stored record: a JSON value and a version that increases by one on every write. */
export interface StoredRecord<T = unknown> {
  readonly key: string;
  readonly value: T;
  readonly version: number;
  /** Milliseconds since the epoch of the last write. */
  readonly updatedAt: number;
}

/** What a transaction can do; every call inside one transaction sees its own writes. */
export interface StoreTx {
  get<T = unknown>(table: string, key: string): Promise<StoredRecord<T> | undefined>;
  /** Inserts or replaces. Returns the new version. */
  put<T = unknown>(table: string, key: string, value: T): Promise<number>;
  /**
   * Replaces the value only if the stored version is `expectedVersion` (0: the record must not
   * exist). Returns the new version, or null when the version did not match.
   */
  update<T = unknown>(table: string, key: string, value: T, expectedVersion: number): Promise<number | null>;
  delete(table: string, key: string): Promise<boolean>;
  /** Records of a table in key order, optionally only keys starting with `prefix`. */
  list<T = unknown>(table: string, options?: { prefix?: string; limit?: number }): Promise<StoredRecord<T>[]>;
}

export interface Store extends StoreTx {
  /** Runs `fn` in one transaction: all of its writes commit together, or none (when it throws). */
  transaction<R>(fn: (tx: StoreTx) => Promise<R>): Promise<R>;
  getCheckpoint<T = unknown>(key: string): Promise<T | undefined>;
  setCheckpoint<T = unknown>(key: string, value: T): Promise<void>;
  close(): Promise<void>;
}

/** The table checkpoints are kept in (so a journal's tables never collide with them). */
export const CHECKPOINT_TABLE = "checkpoint";
