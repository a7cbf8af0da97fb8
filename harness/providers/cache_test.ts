// The response cache alone: keys, round trip, and unreadable entries.
import assert from "node:assert/strict";
import { join } from "node:path";
import { type CacheKeyParts, ResponseCache } from "./cache.ts";
import type { ModelAnswer } from "./types.ts";

const PARTS: CacheKeyParts = {
  model: "openai/fake",
  messages: [{ role: "user", content: "prompt" }],
  temperature: 0,
  sample: 0,
};

const ANSWER: ModelAnswer = {
  text: "answer",
  promptTokens: 10,
  completionTokens: 5,
  costUsd: 0.25,
  latencyMs: 120,
  firstTokenMs: 30,
  cached: false,
  retries: 2,
};

Deno.test("cache - the key changes with model, messages, temperature and sample", async () => {
  const c = new ResponseCache("/nowhere");
  const base = await c.key(PARTS);
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(await c.key({ ...PARTS }), base);
  const variants = await Promise.all([
    c.key({ ...PARTS, model: "openai/other" }),
    c.key({ ...PARTS, messages: [{ role: "user", content: "prompt!" }] }),
    c.key({ ...PARTS, temperature: 0.5 }),
    c.key({ ...PARTS, sample: 1 }),
  ]);
  assert.equal(new Set([base, ...variants]).size, 5);
});

Deno.test("cache - stores an answer and returns it marked cached; unreadable entries miss", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const c = ResponseCache.under(dir);
    assert.equal(c.dir, join(dir, ".response-cache"));
    const key = await c.key(PARTS);
    assert.equal(await c.get(key), null);
    await c.put(key, PARTS.model, ANSWER);
    assert.deepEqual(await c.get(key), { ...ANSWER, cached: true, retries: 0 });
    assert.deepEqual([...Deno.readDirSync(c.dir)].map((e) => e.name), [`${key}.json`]);
    await Deno.writeTextFile(join(c.dir, `${key}.json`), "{not json");
    assert.equal(await c.get(key), null);
    await Deno.writeTextFile(join(c.dir, `${key}.json`), JSON.stringify({ version: 1 }));
    assert.equal(await c.get(key), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
