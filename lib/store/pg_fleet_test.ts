// The fleet's shared signals over a real PostgreSQL: provider slots hold across separate
// connection pools (as across machines) and free themselves when a holder's connection
// dies; a cancel reaches every listener and stays recorded for one that missed it.
import assert from "node:assert/strict";
import pg from "pg";
import { sharedPostgres } from "../../tests/pg.ts";
import { slowTest } from "../../tests/slow.ts";
import { PgFleet } from "./pg_fleet.ts";
import { PostgresStore } from "./postgres.ts";

const PG_TEST = { sanitizeResources: false, sanitizeOps: false };

slowTest(
  "pg fleet - N provider slots hold across pools, and a dead holder frees its slot",
  PG_TEST,
  async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const poolA = new pg.Pool({ connectionString: url });
    const poolB = new pg.Pool({ connectionString: url, application_name: "fleet_b" });
    poolB.on("error", () => {});
    const [a, b] = [new PgFleet(url, poolA), new PgFleet(url, poolB)];
    const releaseA = await a.acquireSlot("openrouter", 2);
    const releaseB = await b.acquireSlot("openrouter", 2);
    let third = false;
    const waiting = a.acquireSlot("openrouter", 2).then((r) => {
      third = true;
      return r;
    });
    const other = await b.acquireSlot("openai", 2); // another provider is not held up
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(third, false, "a third call waits while two are in flight");
    // B's process dies (as with kill -9): its connections, and so its slots, go.
    await poolA.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fleet_b'",
    );
    const releaseC = await waiting;
    assert.equal(third, true);
    const ctl = new AbortController();
    const blocked = a.acquireSlot("openrouter", 2, ctl.signal);
    ctl.abort(new Error("cancelled"));
    await assert.rejects(blocked, /cancelled/);
    releaseA();
    releaseC();
    releaseB(); // its connection is gone: releasing is harmless
    other();
    await new Promise((r) => setTimeout(r, 100));
    await poolA.end();
  },
);

slowTest("pg fleet - a cancel reaches listeners at once and stays recorded", PG_TEST, async () => {
  const url = await (await sharedPostgres()).newDatabase();
  const store = await PostgresStore.open(url);
  const [a, b] = [new PgFleet(url, store.pool), new PgFleet(url, store.pool)];
  await b.listen();
  const heard = Promise.withResolvers<string>();
  b.onCancel(heard.resolve);
  await a.cancelRun("run_1");
  assert.equal(await heard.promise, "run_1");
  assert.deepEqual([await a.isCancelled("run_1"), await a.isCancelled("run_2")], [true, false]);
  await a.uncancelRun("run_1");
  assert.equal(await b.isCancelled("run_1"), false);
  await b.close();
  await store.close();
});
