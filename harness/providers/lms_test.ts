// LM Studio model switching with a fake `lms` on PATH that records its calls (and the
// environment it was given), against the fake OpenAI-compatible server.
import assert from "node:assert/strict";
import { join } from "node:path";
import { FakeOpenAI } from "../../tests/providers/fake_openai.ts";
import { parseLoaded } from "./lms.ts";
import { createProvider } from "./registry.ts";
import type { ProviderOptions } from "./types.ts";

const CANARY = "sk-canary-lms-31c0ffee";
const MODEL = "liquid/lfm2.5-1.2b";

interface FakeLms {
  bin: string;
  calls: () => string[];
  env: () => string;
  setLoaded: (ids: string[]) => Promise<void>;
}

/** A shell `lms` that logs each call, prints `loaded.json` for `ps`, and updates it. */
async function fakeLms(dir: string, opts: { failLoad?: boolean } = {}): Promise<FakeLms> {
  const bin = join(dir, "bin");
  await Deno.mkdir(bin);
  const state = join(dir, "loaded.json"),
    log = join(dir, "calls.log"),
    envLog = join(dir, "env.log");
  await Deno.writeTextFile(
    join(bin, "lms"),
    `#!/bin/sh
echo "$*" >> '${log}'
env >> '${envLog}'
case "$1" in
  ps) cat '${state}' ;;
  load) ${
      opts.failLoad
        ? `echo "Error: model $2 not found" >&2; exit 1`
        : `printf '[{"identifier":"%s","modelKey":"%s"}]' "$2" "$2" > '${state}'`
    } ;;
  unload) echo '[]' > '${state}' ;;
esac
`,
    { mode: 0o755 },
  );
  const read = (p: string) => {
    try {
      return Deno.readTextFileSync(p);
    } catch {
      return "";
    }
  };
  return {
    bin,
    calls: () => read(log).split("\n").filter(Boolean),
    env: () => read(envLog),
    setLoaded: (ids) =>
      Deno.writeTextFile(
        state,
        JSON.stringify(ids.map((id) => ({ identifier: id, modelKey: id, type: "llm" }))),
      ),
  };
}

async function scenario(
  fn: (
    ctx: {
      server: FakeOpenAI;
      dir: string;
      opts: (path: string) => ProviderOptions;
      logs: string[];
    },
  ) => Promise<void>,
) {
  const server = new FakeOpenAI();
  const dir = await Deno.makeTempDir();
  const logs: string[] = [];
  const opts = (path: string): ProviderOptions => ({
    env: (n) =>
      ({
        PATH: path,
        HOME: dir,
        LMSTUDIO_BASE_URL: server.baseUrl,
        OPENAI_API_KEY: CANARY,
      })[n],
    log: (l) => logs.push(l),
  });
  try {
    await fn({ server, dir, opts, logs });
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("lms - another model loaded: unload all, load the selected one, unload it after", () =>
  scenario(async ({ dir, opts, logs }) => {
    const lms = await fakeLms(dir);
    await lms.setLoaded(["qwen/qwen3-8b"]);
    const p = createProvider(`lmstudio/${MODEL}`, opts(`${lms.bin}:/usr/bin:/bin`));
    await p.preflight!();
    assert.deepEqual(lms.calls(), ["ps --json", "unload --all", `load ${MODEL} -y`]);
    await p.close!();
    assert.deepEqual(lms.calls().slice(3), [`unload ${MODEL}`]);
    assert.deepEqual(logs, [`lms: loaded ${MODEL}`]);
    // lms gets PATH and HOME only: no key, whatever the environment holds.
    assert.ok(lms.env().includes(`HOME=${dir}`));
    assert.ok(!lms.env().includes(CANARY));
    assert.ok(!/API_KEY/.test(lms.env()));
  }));

Deno.test("lms - the selected model already loaded: nothing loaded, nothing unloaded", () =>
  scenario(async ({ dir, opts }) => {
    const lms = await fakeLms(dir);
    await lms.setLoaded([MODEL]);
    const p = createProvider(`lmstudio/${MODEL}`, opts(`${lms.bin}:/usr/bin:/bin`));
    await p.preflight!();
    await p.close!();
    assert.deepEqual(lms.calls(), ["ps --json"]);
  }));

Deno.test("lms - two LM Studio models of one run: the second does not unload the first", () =>
  scenario(async ({ dir, opts }) => {
    const lms = await fakeLms(dir);
    await lms.setLoaded(["other/model"]);
    const shared = opts(`${lms.bin}:/usr/bin:/bin`);
    const a = createProvider(`lmstudio/${MODEL}`, shared);
    const b = createProvider("lmstudio/qwen/qwen3-8b", shared);
    await a.preflight!();
    await b.preflight!();
    assert.deepEqual(lms.calls(), [
      "ps --json",
      "unload --all",
      `load ${MODEL} -y`,
      "ps --json",
      "load qwen/qwen3-8b -y",
    ]);
  }));

Deno.test("lms - not on PATH: said once, and the run goes on", () =>
  scenario(async ({ server, opts, logs }) => {
    const shared = opts("/nonexistent-bin");
    const a = createProvider(`lmstudio/${MODEL}`, shared);
    const b = createProvider("lmstudio/qwen/qwen3-8b", shared);
    await a.preflight!();
    await b.preflight!();
    await a.close!();
    assert.equal(logs.length, 1);
    assert.match(logs[0], /^lms \(the LM Studio CLI\) is not on PATH/);
    const answer = await a.complete({
      task: {} as never,
      prompt: "p",
      temperature: 0,
      sample: 0,
      signal: new AbortController().signal,
    });
    assert.equal(answer.text, "hello");
    assert.equal((server.chats[0].body as { model: string }).model, MODEL);
  }));

Deno.test("lms - a failed load stops the run in preflight with lms's message", () =>
  scenario(async ({ dir, opts }) => {
    const lms = await fakeLms(dir, { failLoad: true });
    await lms.setLoaded([]);
    const p = createProvider(`lmstudio/${MODEL}`, opts(`${lms.bin}:/usr/bin:/bin`));
    const e = await p.preflight!().then(() => null, (e) => e);
    assert.equal(e?.message, `lms load ${MODEL} -y failed: Error: model ${MODEL} not found`);
  }));

Deno.test("lms - reads `lms ps --json` and the older text listing", () => {
  assert.deepEqual(parseLoaded('[{"identifier":"a/b","modelKey":"a/b-gguf"}]'), [
    { identifier: "a/b", modelKey: "a/b-gguf" },
  ]);
  assert.deepEqual(
    parseLoaded("   LOADED MODELS\n\nIdentifier: unsloth/qwen-1.5b\n  • Type:  LLM\n"),
    [{ identifier: "unsloth/qwen-1.5b", modelKey: null }],
  );
  assert.deepEqual(parseLoaded("No models are currently loaded."), []);
});
