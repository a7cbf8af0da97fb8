import assert from "node:assert/strict";
import { join } from "node:path";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { EventFeed } from "./event_feed.ts";

function openDb(): SqliteStore {
  return new SqliteStore(join(Deno.makeTempDirSync(), "history.db"));
}

/** Collects `n` row ids from a follow, then stops it. */
async function take(
  feed: EventFeed,
  n: number,
  opts: { runId?: string; afterId?: number },
): Promise<number[]> {
  const controller = new AbortController();
  const out: number[] = [];
  for await (const rows of feed.follow({ ...opts, signal: controller.signal })) {
    assert.ok(rows.length > 0, "no empty batch");
    out.push(...rows.map((r) => r.id));
    if (out.length >= n) controller.abort();
  }
  return out;
}

const tick = () => new Promise((r) => setTimeout(r, 5));

Deno.test("event feed - replays rows after afterId, then delivers new ones live", async () => {
  const db = openDb();
  for (const t of ["a", "b", "c"]) await db.insertEvent("run_1", t, { t });
  const feed = await EventFeed.open(db);
  const got = take(feed, 3, { afterId: 1 });
  await tick();
  await db.insertEvent("run_1", "d", {});
  feed.nudge();
  assert.deepEqual(await got, [2, 3, 4]);
  feed.stop();
  await db.close();
});

Deno.test("event feed - without afterId a follow starts from now", async () => {
  const db = openDb();
  await db.insertEvent("run_1", "old", {});
  const feed = await EventFeed.open(db);
  const got = take(feed, 1, {});
  await tick();
  await db.insertEvent("run_1", "new", {});
  await feed.poll();
  assert.deepEqual(await got, [2]);
  feed.stop();
  await db.close();
});

Deno.test("event feed - a follow of one run skips every other run's rows", async () => {
  const db = openDb();
  const feed = await EventFeed.open(db);
  const got = take(feed, 3, { runId: "run_b", afterId: 0 });
  for (let i = 0; i < 6; i++) await db.insertEvent(i % 2 ? "run_b" : "run_a", "x", { i });
  await feed.poll();
  assert.deepEqual(await got, [2, 4, 6]);
  feed.stop();
  await db.close();
});

Deno.test("event feed - a follower behind the in-memory window catches up from the database", async () => {
  const db = openDb();
  const feed = await EventFeed.open(db, undefined, 1_000);
  // More rows than the window keeps: the oldest are only in the database now.
  await db.insertEvents(
    Array.from(
      { length: 2_600 },
      (_, i) => ({ runId: i % 3 ? "run_a" : "run_b", type: "x", data: { i } }),
    ),
  );
  await feed.poll();
  const all = await take(feed, 2_600, { afterId: 0 });
  assert.deepEqual(all, Array.from({ length: 2_600 }, (_, i) => i + 1));
  const onlyB = await take(feed, 867, { runId: "run_b", afterId: 0 });
  assert.deepEqual(onlyB, Array.from({ length: 867 }, (_, i) => 3 * i + 1));
  feed.stop();
  await db.close();
});

Deno.test("event feed - rows written by another connection arrive by polling", async () => {
  const db = openDb();
  const other = new SqliteStore(db.location);
  const feed = await EventFeed.open(db, 10);
  feed.start();
  const got = take(feed, 2, {});
  await tick();
  await other.insertEvent("run_cli", "run_started", {});
  await other.insertEvent("run_cli", "run_finished", {});
  assert.deepEqual(await got, [1, 2]);
  feed.stop();
  await other.close();
  await db.close();
});

Deno.test("event feed - stopping the feed ends every follow", async () => {
  const db = openDb();
  const feed = await EventFeed.open(db);
  const controller = new AbortController();
  const done = (async () => {
    for await (const _ of feed.follow({ signal: controller.signal })) { /* none */ }
    return "ended";
  })();
  await tick();
  feed.stop();
  assert.equal(await done, "ended");
  await db.close();
});

Deno.test("event feed - a store that fails while polling is logged once, and polling goes on", async () => {
  const db = openDb();
  const feed = await EventFeed.open(db);
  const logged: string[] = [];
  const original = console.error;
  console.error = (line: string) => logged.push(line);
  try {
    await db.close(); // every read now fails
    assert.equal(await feed.poll(), 0);
    assert.equal(await feed.poll(), 0);
  } finally {
    console.error = original;
  }
  assert.deepEqual(logged, [`event feed: ${db.location}: database is not open`]);
  feed.stop();
});
