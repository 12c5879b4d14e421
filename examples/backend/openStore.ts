// The journal's home: PostgreSQL when ABIBIND_DATABASE_URL is set (replicas share nonces,
// idempotency keys and the journal), else an embedded SQLite file for one process.
import { PostgresStore } from "../../src/store/PostgresStore.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import type { Store } from "../../src/store/Store.ts";
import type { BackendConfig } from "./config.ts";

export async function openStore(config: BackendConfig): Promise<{ store: Store; describe: string }> {
  if (config.databaseUrl !== undefined) {
    const store = await PostgresStore.open(config.databaseUrl);
    return { store, describe: store.database };
  }
  return { store: SqliteStore.open(config.journal), describe: config.journal };
}
