// Which store a process uses: SQLite in the runs folder (embedded, the default), or
// PostgreSQL when BENCH_DATABASE_URL is set (distributed). Every process that reads or
// writes history opens it here, and, in distributed mode, where attempt files go.
import { join } from "node:path";
import type { Config } from "../config.ts";
import { PostgresStore } from "./postgres.ts";
import { S3AttemptFiles } from "./s3_files.ts";
import { SqliteStore } from "./sqlite.ts";
import { type AttemptFileStore, keepsAttemptFiles, type Store } from "./store.ts";

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

/**
 * Where workers put attempt files and the server reads them: the bucket of
 * BENCH_ARTIFACTS_URL when set, else the store's own attempt_files (PostgreSQL); null in
 * embedded mode, where attempts are graded where they are served and files stay in runs/.
 */
export function artifactFiles(
  config: Pick<Config, "artifacts" | "env" | "secretValues">,
  store: Store,
): AttemptFileStore | null {
  if (!keepsAttemptFiles(store)) return null;
  return config.artifacts ? new S3AttemptFiles(config.artifacts, config) : store;
}
