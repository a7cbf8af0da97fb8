// What only the PostgreSQL store has: errors naming the URL without its password, attempt
// files kept in the database, and a NOTIFY per event for followers on other machines.
import assert from "node:assert/strict";
import { sharedPostgres } from "../../tests/pg.ts";
import { slowTest } from "../../tests/slow.ts";
import { addRun } from "../../tests/store_builders.ts";
import { PostgresStore, redactUrl } from "./postgres.ts";
import { StoreError } from "./store.ts";

const PG_TEST = { sanitizeResources: false, sanitizeOps: false };

Deno.test("postgres store - a URL's password never appears in its location", () => {
  assert.equal(
    redactUrl("postgres://bench:s3cret@db.example:5432/bench"),
    "postgres://bench@db.example:5432/bench",
  );
  assert.equal(redactUrl("not a url"), "postgres://(unparsable URL)");
});

slowTest(
  "postgres store - an unreachable server is refused in one line naming the URL",
  PG_TEST,
  async () => {
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (l.addr as Deno.NetAddr).port;
    l.close();
    await assert.rejects(
      PostgresStore.open(`postgres://bench:s3cret@127.0.0.1:${port}/bench`),
      (e: Error) => {
        assert.ok(e instanceof StoreError);
        assert.equal(
          e.message,
          `postgres://bench@127.0.0.1:${port}/bench: connect ECONNREFUSED 127.0.0.1:${port}`,
        );
        return true;
      },
    );
  },
);

slowTest(
  "postgres store - a run's spending across the fleet leaves cached answers out",
  PG_TEST,
  async () => {
    const store = await PostgresStore.open(await (await sharedPostgres()).newDatabase());
    await addRun(store, {
      id: "run_1",
      status: "running",
      attempts: [
        {
          model: "m",
          outcome: "passed",
          cost_usd: 0.25,
          prompt_tokens: 100,
          completion_tokens: 20,
        },
        {
          model: "m",
          outcome: "failed",
          cost_usd: null,
          prompt_tokens: 7,
          completion_tokens: null,
        },
        { model: "m", outcome: "passed", cost_usd: 9, prompt_tokens: 1000, cached: true },
        { model: "m", outcome: null },
      ],
    });
    assert.deepEqual(await store.runSpending("run_1"), { cost_usd: 0.25, tokens: 127 });
    assert.deepEqual(await store.runSpending("nope"), { cost_usd: 0, tokens: 0 });
    await store.close();
  },
);

slowTest("postgres store - attempt files and event notifications", PG_TEST, async () => {
  const url = await (await sharedPostgres()).newDatabase();
  const [a, b] = [await PostgresStore.open(url), await PostgresStore.open(url)];
  assert.equal(await a.schemaVersion(), 6);
  const bytes = new TextEncoder().encode("stdout\n".repeat(3));
  await a.putAttemptFile("run_1", "t__m__sample00", "stdout.log", bytes);
  assert.deepEqual(await b.readAttemptFile("run_1", "t__m__sample00", "stdout.log"), bytes);
  assert.equal(await b.readAttemptFile("run_1", "t__m__sample00", "nope.log"), undefined);
  let heard = 0;
  const { promise, resolve } = Promise.withResolvers<void>();
  const stop = await b.listenEvents(() => {
    heard++;
    resolve();
  });
  await a.insertEvent("run_1", "attempt_started", {});
  await promise;
  assert.equal(heard, 1);
  await stop();
  await a.close();
  await b.close();
});
