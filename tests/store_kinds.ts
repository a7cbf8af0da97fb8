// One store test, run against both stores: SQLite in a temporary folder (a fast test) and
// PostgreSQL in a fresh database of the test server (tests/pg.ts; a slow test, since it
// starts a real server). `storeTest(name, fn)` registers `name [sqlite]` and
// `name [postgres]`; `fn` gets a function opening an empty store of that kind.
import { join } from "node:path";
import { PostgresStore } from "../lib/store/postgres.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { Store } from "../lib/store/store.ts";
import { POSTGRES_INSTALLED, sharedPostgres } from "./pg.ts";
import { RUN_SLOW } from "./slow.ts";

export type StoreKind = "sqlite" | "postgres";

/** Opens a new, empty store of `kind`. */
export async function openEmptyStore(kind: StoreKind): Promise<Store> {
  if (kind === "sqlite") return new SqliteStore(join(Deno.makeTempDirSync(), "history.db"));
  return await PostgresStore.open(await (await sharedPostgres()).newDatabase());
}

/** Registers `fn` once per store kind (PostgreSQL only with the slow suites and the package). */
export function storeTest(name: string, fn: (open: () => Promise<Store>) => Promise<void>) {
  Deno.test(`${name} [sqlite]`, () => fn(() => openEmptyStore("sqlite")));
  Deno.test({
    name: `${name} [postgres]`,
    ignore: !RUN_SLOW || !POSTGRES_INSTALLED,
    // pg's pool and the server's sockets outlive one test by design (one server per file).
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () => fn(() => openEmptyStore("postgres")),
  });
}
