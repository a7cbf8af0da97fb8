// The OpenAI-compatible providers against a real HTTP server on 127.0.0.1 (tests/providers/
// fake_openai.ts), through the real `openai` client: streaming, usage and cost, retries,
// timeouts, the connection limit, the cache, preflight, --list-models and where keys go.
import assert from "node:assert/strict";
import type { Task } from "../catalog.ts";
import { FakeOpenAI } from "../../tests/providers/fake_openai.ts";
import { ResponseCache } from "./cache.ts";
import { createProvider, listModels } from "./registry.ts";
import { ConnectionLimits } from "./semaphore.ts";
import { type CallTiming, ModelError, type ModelRequest, type ProviderOptions } from "./types.ts";

const CANARY = "sk-canary-openai-5f1d2c9e";
const CANARY_OR = "sk-or-canary-77b3a1e0";
const FAST: Partial<CallTiming> = { backoffBaseMs: 10, backoffMaxMs: 2_000, idleTimeoutMs: 5_000 };

/** Awaits the rejection of `fn` and returns the error, which must be a `type`. */
async function rejection<E extends Error>(
  fn: () => Promise<unknown>,
  type: new (...a: never[]) => E,
): Promise<E> {
  const e = await fn().then(() => null, (e) => e);
  assert.ok(e instanceof type, `expected ${type.name}, got ${e}`);
  return e as E;
}

function assertIncludes(text: string, part: string) {
  assert.ok(text.includes(part), `${JSON.stringify(text)} lacks ${JSON.stringify(part)}`);
}

function envOf(vars: Record<string, string>): (n: string) => string | undefined {
  return (n) => vars[n];
}

function request(over: Partial<ModelRequest> = {}): ModelRequest {
  return {
    task: {} as Task,
    prompt: "Write adder.py",
    temperature: 0.2,
    sample: 0,
    signal: new AbortController().signal,
    ...over,
  };
}

/** Options for an `openai/...` provider pointed at `server`, with a canary key. */
function openaiOpts(server: FakeOpenAI, over: ProviderOptions = {}): ProviderOptions {
  return {
    env: envOf({ OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: CANARY }),
    maxRetries: 2,
    timing: FAST,
    log: () => {},
    ...over,
  };
}

async function withServer(fn: (s: FakeOpenAI) => Promise<void>) {
  const server = new FakeOpenAI();
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

Deno.test("openai-compatible - streams the answer and records tokens, first token and latency", () =>
  withServer(async (server) => {
    server.fallback = {
      kind: "answer",
      text: "def add(a, b):\n    return a + b\n",
      chunkDelayMs: 80,
    };
    const p = createProvider("openai/fake", openaiOpts(server));
    const a = await p.complete(request());
    assert.deepEqual(a.text, "def add(a, b):\n    return a + b\n");
    assert.deepEqual([a.promptTokens, a.completionTokens, a.costUsd, a.cached, a.retries], [
      11,
      7,
      null,
      false,
      0,
    ]);
    assert.ok(a.firstTokenMs !== null && a.firstTokenMs >= 70, `first token ${a.firstTokenMs}`);
    assert.ok(a.latencyMs >= 3 * 75, `latency ${a.latencyMs}`);
    assert.ok(a.latencyMs > a.firstTokenMs!);
    const [chat] = server.chats;
    assert.deepEqual(chat.body, {
      model: "fake",
      messages: [{ role: "user", content: "Write adder.py" }],
      temperature: 0.2,
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.deepEqual(chat.authorization, `Bearer ${CANARY}`);
  }));

Deno.test("cost - the provider's reported usage.cost wins over published prices", () =>
  withServer(async (server) => {
    server.models = [{
      id: "google/gemini-pro",
      pricing: { prompt: "0.000001", completion: "0.000002" },
    }];
    server.fallback = { kind: "answer", text: "ok", cost: 0.00042 };
    const p = createProvider("openrouter/google/gemini-pro", {
      env: envOf({ OPENROUTER_BASE_URL: server.baseUrl, OPENROUTER_API_KEY: CANARY_OR }),
      timing: FAST,
    });
    await p.preflight!();
    assert.deepEqual((await p.complete(request())).costUsd, 0.00042);
  }));

Deno.test("cost - computed from OpenRouter's per-token pricing when no cost is reported", () =>
  withServer(async (server) => {
    server.models = [{
      id: "google/gemini-pro",
      pricing: { prompt: "0.000001", completion: "0.000002" },
    }];
    server.fallback = { kind: "answer", text: "ok", promptTokens: 1000, completionTokens: 500 };
    const p = createProvider("openrouter/google/gemini-pro", {
      env: envOf({ OPENROUTER_BASE_URL: server.baseUrl, OPENROUTER_API_KEY: CANARY_OR }),
      timing: FAST,
    });
    assert.ok(Math.abs((await p.complete(request())).costUsd! - 0.002) < 1e-12);
  }));

Deno.test("cost - null, never a guess, when usage is missing", () =>
  withServer(async (server) => {
    server.models = [{ id: "fake", pricing: { prompt: "0.000001", completion: "0.000002" } }];
    server.fallback = { kind: "answer", text: "ok", noUsage: true };
    const a = await createProvider("openai/fake", openaiOpts(server)).complete(request());
    assert.deepEqual([a.promptTokens, a.completionTokens, a.costUsd], [null, null, null]);
  }));

Deno.test("retries - a 429 with Retry-After waits as told, then succeeds", () =>
  withServer(async (server) => {
    server.queue.push({
      kind: "status",
      status: 429,
      headers: { "retry-after": "1" },
      body: { error: { message: "slow down" } },
    });
    const a = await createProvider("openai/fake", openaiOpts(server)).complete(request());
    assert.deepEqual([a.text, a.retries], ["hello", 1]);
    const [first, second] = server.chats;
    const gap = second.at - first.at;
    assert.ok(gap >= 950 && gap < 1_900, `waited ${gap}ms`);
  }));

Deno.test("retries - a 500 is retried with backoff", () =>
  withServer(async (server) => {
    server.queue.push({ kind: "status", status: 500, body: { error: { message: "oops" } } });
    const a = await createProvider("openai/fake", openaiOpts(server)).complete(request());
    assert.deepEqual([a.text, a.retries, server.chats.length], ["hello", 1, 2]);
  }));

Deno.test("retries - after --max-retries the attempt fails with the last error in one line", () =>
  withServer(async (server) => {
    for (let i = 0; i < 3; i++) {
      server.queue.push({
        kind: "status",
        status: 503,
        body: { error: { message: `upstream exploded #${i}` } },
      });
    }
    const p = createProvider("openai/fake", openaiOpts(server, { maxRetries: 2 }));
    const e = await rejection(() => p.complete(request()), ModelError);
    assert.deepEqual(e.message, "503 upstream exploded #2 (gave up after 2 retries)");
    assert.deepEqual(server.chats.length, 3);
  }));

Deno.test("retries - a 400 is final: one request, one error", () =>
  withServer(async (server) => {
    server.queue.push({
      kind: "status",
      status: 400,
      body: { error: { message: "bad model\nsecond line" } },
    });
    const p = createProvider("openai/fake", openaiOpts(server));
    const e = await rejection(() => p.complete(request()), ModelError);
    assert.deepEqual(e.message, "400 bad model");
    assert.deepEqual(server.chats.length, 1);
  }));

Deno.test("retries - a connection dropped mid-stream is retried and the partial text dropped", () =>
  withServer(async (server) => {
    server.queue.push({ kind: "drop", textBefore: "def add(a, b):" });
    server.fallback = { kind: "answer", text: "complete answer" };
    const a = await createProvider("openai/fake", openaiOpts(server)).complete(request());
    assert.deepEqual([a.text, a.retries, server.chats.length], ["complete answer", 1, 2]);
  }));

Deno.test("retries - a dropped connection on every try becomes a model_error naming it", () =>
  withServer(async (server) => {
    server.fallback = { kind: "drop", textBefore: "partial" };
    const p = createProvider("openai/fake", openaiOpts(server, { maxRetries: 1 }));
    const e = await rejection(() => p.complete(request()), ModelError);
    assert.equal(
      e.message,
      "connection dropped: error reading a body from connection (gave up after 1 retry)",
    );
    assert.ok(!e.message.includes("\n"));
  }));

Deno.test("retries - an upstream error inside the stream is retried; a 4xx one is final", () =>
  withServer(async (server) => {
    server.queue.push({ kind: "stream_error", code: 502, message: "upstream provider failed" });
    const p = createProvider("openai/fake", openaiOpts(server));
    const a = await p.complete(request());
    assert.deepEqual([a.text, a.retries, server.chats.length], ["hello", 1, 2]);
    server.queue.push({ kind: "stream_error", code: 400, message: "context too long" });
    const e = await rejection(() => p.complete(request({ sample: 1 })), ModelError);
    assert.equal(e.message, "error in the stream: context too long");
    assert.equal(server.chats.length, 3);
  }));

Deno.test("timeouts - an answer slower than the idle timeout is retried", () =>
  withServer(async (server) => {
    server.queue.push({ kind: "answer", text: "late", delayMs: 1_000 });
    server.fallback = { kind: "answer", text: "on time" };
    const p = createProvider(
      "openai/fake",
      openaiOpts(server, { timing: { ...FAST, idleTimeoutMs: 250 } }),
    );
    const t0 = performance.now();
    const a = await p.complete(request());
    assert.deepEqual([a.text, a.retries], ["on time", 1]);
    assert.ok(performance.now() - t0 < 900, "did not wait for the slow answer");
  }));

Deno.test("timeouts - a request that never ends is cut at the request timeout", () =>
  withServer(async (server) => {
    server.fallback = { kind: "answer", text: "x".repeat(40), chunks: 40, chunkDelayMs: 50 };
    const p = createProvider(
      "openai/fake",
      openaiOpts(server, {
        maxRetries: 0,
        timing: { ...FAST, idleTimeoutMs: 1_000, requestTimeoutMs: 300 },
      }),
    );
    const e = await rejection(() => p.complete(request()), ModelError);
    assert.deepEqual(e.message, "no complete answer within 0.3s");
  }));

Deno.test("cancel - aborting the run's signal stops the call without a ModelError", () =>
  withServer(async (server) => {
    server.fallback = { kind: "hang" };
    const ctl = new AbortController();
    const p = createProvider("openai/fake", openaiOpts(server));
    const pending = p.complete(request({ signal: ctl.signal }));
    setTimeout(() => ctl.abort(), 100);
    const e = await pending.then(() => null, (e) => e);
    assert.ok(e !== null && !(e instanceof ModelError), `got ${e}`);
    assert.deepEqual(server.chats.length, 1);
  }));

Deno.test("connections - --max-connections bounds parallel calls per provider", () =>
  withServer(async (server) => {
    server.fallback = { kind: "answer", text: "ok", chunkDelayMs: 60 };
    const run = async (limit: number) => {
      server.maxActive = 0;
      const opts = openaiOpts(server, { connections: new ConnectionLimits(limit) });
      // Two models of one provider share its limit.
      const a = createProvider("openai/fake", opts), b = createProvider("openai/other", opts);
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).complete(request({ sample: i }))),
      );
      return server.maxActive;
    };
    assert.deepEqual(await run(2), 2);
    assert.deepEqual(await run(6), 6);
  }));

Deno.test("cache - an identical call is answered from the cache and marked cached", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await withServer(async (server) => {
      server.fallback = { kind: "answer", text: "cached text", cost: 0.01 };
      const cache = new ResponseCache(dir);
      const p = createProvider("openai/fake", openaiOpts(server, { cache }));
      const first = await p.complete(request());
      const again = await p.complete(request());
      assert.deepEqual(server.chats.length, 1);
      assert.deepEqual(again, { ...first, cached: true, retries: 0 });
      assert.deepEqual(first.cached, false);
      await p.complete(request({ sample: 1 }));
      await p.complete(request({ temperature: 0.7 }));
      await p.complete(request({ prompt: "another prompt" }));
      assert.deepEqual(server.chats.length, 4);
      const uncached = createProvider("openai/fake", openaiOpts(server, { cache: null }));
      assert.deepEqual((await uncached.complete(request())).cached, false);
      assert.deepEqual(server.chats.length, 5);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("preflight - a missing key is one line naming the variable, before any request", () =>
  withServer(async (server) => {
    const p = createProvider("openrouter/google/gemini-pro", {
      env: envOf({ OPENROUTER_BASE_URL: server.baseUrl }),
    });
    const e = await rejection(() => p.preflight!(), Error);
    assert.deepEqual(
      e.message,
      "OPENROUTER_API_KEY is not set: add it to .env or the environment to use openrouter/ models",
    );
    const o = createProvider("openai/gpt-5", { env: envOf({}) });
    assert.match(
      (await rejection(() => o.preflight!(), Error)).message,
      /^OPENAI_API_KEY is not set/,
    );
    assert.deepEqual(server.requests.length, 0);
  }));

Deno.test("preflight - an OpenAI-compatible server at a custom URL needs no key", () =>
  withServer(async (server) => {
    const p = createProvider("openai/fake", { env: envOf({ OPENAI_BASE_URL: server.baseUrl }) });
    await p.preflight!();
    await p.complete(request());
    assert.deepEqual(server.chats[0].authorization, "Bearer no-key");
  }));

Deno.test("preflight - an unreachable base URL is one line naming the variable", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const p = createProvider("lmstudio/liquid/lfm2.5-1.2b", {
    env: envOf({ LMSTUDIO_BASE_URL: `http://127.0.0.1:${port}/v1` }),
  });
  const e = await rejection(() => p.preflight!(), Error);
  assert.deepEqual(
    e.message,
    `cannot reach LM Studio at http://127.0.0.1:${port}/v1 (connection refused): start it, or ` +
      "set LMSTUDIO_BASE_URL to where it listens",
  );
  const o = createProvider("ollama/llama3.2", {
    env: envOf({ OLLAMA_BASE_URL: `http://127.0.0.1:${port}/v1/` }),
  });
  assertIncludes((await rejection(() => o.preflight!(), Error)).message, "OLLAMA_BASE_URL");
});

Deno.test("preflight - a refused key (401 on /models) names the variable; no /models is fine", () =>
  withServer(async (server) => {
    // A server without /models (404), or with an unreadable one, is still reachable.
    server.modelsStatus = 404;
    await createProvider("openai/fake", openaiOpts(server)).preflight!();
    server.modelsStatus = 200;
    server.models = null as never;
    await createProvider("openai/fake", openaiOpts(server)).preflight!();
    assert.equal(server.requests.length, 2);
    const refusing = new FakeOpenAI();
    try {
      refusing.modelsStatus = 401;
      const q = createProvider("openai/fake", openaiOpts(refusing));
      const e = await rejection(() => q.preflight!(), Error);
      assert.equal(
        e.message,
        `OpenAI-compatible server at ${refusing.baseUrl} refused us (HTTP 401): check OPENAI_API_KEY`,
      );
    } finally {
      await refusing.close();
    }
  }));

Deno.test("preflight - OpenRouter refuses a model it does not list and suggests near ids", () =>
  withServer(async (server) => {
    server.models = [{ id: "google/gemini-pro" }, { id: "meta/llama-3" }];
    const p = createProvider("openrouter/google/gemini-pr", {
      env: envOf({ OPENROUTER_BASE_URL: server.baseUrl, OPENROUTER_API_KEY: CANARY_OR }),
    });
    const e = await rejection(() => p.preflight!(), Error);
    assert.deepEqual(
      e.message,
      'OpenRouter does not offer "google/gemini-pr" (did you mean google/gemini-pro?): see ' +
        "deno task bench --list-models openrouter",
    );
  }));

Deno.test("list models - ids and per-token prices from /models", () =>
  withServer(async (server) => {
    server.models = [
      { id: "b/model", pricing: { prompt: "0.0000005", completion: "0.0000015" } },
      { id: "a/router", pricing: { prompt: "-1", completion: "-1" } },
    ];
    const models = await listModels("openrouter", {
      env: envOf({ OPENROUTER_BASE_URL: server.baseUrl, OPENROUTER_API_KEY: CANARY_OR }),
    });
    assert.deepEqual(models, [
      {
        id: "b/model",
        promptUsdPerToken: 0.0000005,
        completionUsdPerToken: 0.0000015,
        contextLength: null,
        supportsTools: null,
      },
      {
        id: "a/router",
        promptUsdPerToken: null,
        completionUsdPerToken: null,
        contextLength: null,
        supportsTools: null,
      },
    ]);
    assert.deepEqual(server.requests.map((r) => [r.path, r.authorization]), [
      ["/v1/models", `Bearer ${CANARY_OR}`],
    ]);
    server.models = [{ id: 42 } as unknown as { id: string }];
    const e = await rejection(
      () => listModels("ollama", { env: envOf({ OLLAMA_BASE_URL: server.baseUrl }) }),
      Error,
    );
    assert.match(
      e.message,
      /^Ollama at http:\/\/127\.0\.0\.1:\d+\/v1: unexpected \/models answer: data\.0\.id: /,
    );
    assertIncludes(
      (await rejection(() => listModels("openroute"), Error)).message,
      "did you mean openrouter",
    );
  }));

Deno.test("secrets - each key goes only to its own provider, never via the client's env fallback", async () => {
  const mine = new FakeOpenAI(), other = new FakeOpenAI();
  const saved = { key: Deno.env.get("OPENAI_API_KEY"), url: Deno.env.get("OPENAI_BASE_URL") };
  // The `openai` client falls back to these process variables when not given a key or URL.
  Deno.env.set("OPENAI_API_KEY", CANARY);
  Deno.env.set("OPENAI_BASE_URL", other.baseUrl);
  try {
    const env = envOf({
      OPENAI_API_KEY: CANARY,
      OPENAI_BASE_URL: other.baseUrl,
      OPENROUTER_API_KEY: CANARY_OR,
      LMSTUDIO_BASE_URL: mine.baseUrl,
      OLLAMA_BASE_URL: mine.baseUrl,
    });
    for (const model of ["lmstudio/fake", "ollama/fake"]) {
      const p = createProvider(model, { env, timing: FAST, log: () => {} });
      await p.preflight!();
      await p.complete(request());
    }
    const seen = JSON.stringify(mine.requests);
    assert.ok(!seen.includes(CANARY) && !seen.includes(CANARY_OR), "a key reached a local server");
    assert.deepEqual(other.requests.length, 0);
    assert.deepEqual(mine.chats.length, 2);
  } finally {
    for (const [k, v] of [["OPENAI_API_KEY", saved.key], ["OPENAI_BASE_URL", saved.url]]) {
      if (v === undefined) Deno.env.delete(k!);
      else Deno.env.set(k!, v);
    }
    await mine.close();
    await other.close();
  }
});

Deno.test("secrets - a key echoed back in an error is cut out of the message", () =>
  withServer(async (server) => {
    server.queue.push({
      kind: "status",
      status: 401,
      body: { error: { message: `invalid key ${CANARY} for this project` } },
    });
    const p = createProvider("openai/fake", openaiOpts(server));
    const e = await rejection(() => p.complete(request()), ModelError);
    assert.deepEqual(e.message, "401 invalid key [redacted] for this project");
  }));
