// The journal's home: PostgreSQL when ABIBIND_DATABASE_URL is set (replicas share nonces,
// idempotency keys and the journal), else an embedded SQLite file for one process.
import { PostgresStore, SqliteStore, type Store } from "abibind";
import type { BackendConfig } from "./config.ts";

export async function openStore(config: BackendConfig): Promise<{ store: Store; describe: string }> {
  if (config.databaseUrl !== undefined) {
    const store = await PostgresStore.open(config.databaseUrl);
    return { store, describe: store.database };
  }
  return { store: SqliteStore.open(config.journal), describe: config.journal };
}
