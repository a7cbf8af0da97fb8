// Which store a process uses: SQLite in the runs folder (embedded, the default), or
// PostgreSQL when BENCH_DATABASE_URL is set (distributed). Every process that reads or
// writes history opens it here.
import { join } from "node:path";
import type { Config } from "../config.ts";
import { PostgresStore } from "./postgres.ts";
import { SqliteStore } from "./sqlite.ts";
import type { Store } from "./store.ts";

/**
 * Opens (creating and migrating) the configured store: PostgreSQL at `config.databaseUrl`,
 * else `<runsDir>/history.db`. Rejects with a StoreError naming the file or URL.
 */
export async function openStore(
  config: Pick<Config, "databaseUrl">,
  runsDir: string,
): Promise<Store> {
  if (config.databaseUrl) return await PostgresStore.open(config.databaseUrl);
  return new SqliteStore(join(runsDir, "history.db"));
}
