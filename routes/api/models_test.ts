// POST /api/models/lmstudio/load with a fake `lms` on PATH that records its calls: the
// selected model is loaded after the others are unloaded, lms failures are a 502 with its
// message, no lms is reported (not an error), and only lmstudio/ ids are accepted.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createApp } from "../app.ts";
import { loadConfig } from "../../lib/config.ts";
import { SqliteStore } from "../../lib/store/sqlite.ts";
import { appDeps } from "../../tests/app_deps.ts";

let dir: string;
let db: SqliteStore;

/** An app whose `lms` is the fake in `bin` (or none when `bin` is null). */
async function appWith(bin: string | null) {
  const base = loadConfig();
  const path = `${bin ? `${bin}:` : ""}/usr/bin:/bin`;
  const config = {
    ...base,
    runsDir: dir,
    host: "127.0.0.1",
    apiToken: null,
    env: (n: string) => (n === "PATH" ? path : base.env(n)),
  };
  return createApp(await appDeps(db, config));
}

/** A shell `lms`: logs each call; `ps` prints loaded.json; `load` fails when told to. */
async function fakeLms(name: string, loaded: string[], failLoad = false) {
  const home = join(dir, name);
  const bin = join(home, "bin");
  await Deno.mkdir(bin, { recursive: true });
  const state = join(home, "loaded.json"), log = join(home, "calls.log");
  await Deno.writeTextFile(state, JSON.stringify(loaded.map((id) => ({ identifier: id }))));
  await Deno.writeTextFile(
    join(bin, "lms"),
    `#!/bin/sh
echo "$*" >> '${log}'
case "$1" in
  ps) cat '${state}' ;;
  load) ${failLoad ? `echo "Error: model $2 not found" >&2; exit 1` : "true"} ;;
esac
`,
  );
  await Deno.chmod(join(bin, "lms"), 0o755);
  return { bin, calls: async () => (await Deno.readTextFile(log)).trim().split("\n") };
}

function post(app: ReturnType<typeof createApp>, body: unknown) {
  return app.fetch(
    new Request("http://127.0.0.1/api/models/lmstudio/load", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

describe("POST /api/models/lmstudio/load", () => {
  before(async () => {
    dir = await Deno.makeTempDir({ prefix: "bench_lms_route_" });
    db = new SqliteStore(join(dir, "history.db"));
  });
  after(() => db.close());

  it("unloads the other models and loads the selected one", async () => {
    const lms = await fakeLms("switch", ["other/model"]);
    const res = await post(await appWith(lms.bin), { model: "lmstudio/liquid/lfm2.5-1.2b" });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      model: "lmstudio/liquid/lfm2.5-1.2b",
      loaded: true,
      note: "lms: loaded liquid/lfm2.5-1.2b",
    });
    assert.deepEqual(await lms.calls(), [
      "ps --json",
      "unload --all",
      "load liquid/lfm2.5-1.2b -y",
    ]);
  });

  it("does nothing when the model is loaded already", async () => {
    const lms = await fakeLms("same", ["liquid/lfm2.5-1.2b"]);
    const res = await post(await appWith(lms.bin), { model: "lmstudio/liquid/lfm2.5-1.2b" });
    assert.deepEqual(await res.json(), {
      model: "lmstudio/liquid/lfm2.5-1.2b",
      loaded: true,
      note: null,
    });
    assert.deepEqual(await lms.calls(), ["ps --json"]);
  });

  it("answers 502 with lms's own message when loading fails", async () => {
    const lms = await fakeLms("fail", [], true);
    const res = await post(await appWith(lms.bin), { model: "lmstudio/nope" });
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), {
      error: "lms load nope -y failed: Error: model nope not found",
    });
  });

  it("without lms on PATH, says so and loads nothing", async () => {
    const res = await post(await appWith(null), { model: "lmstudio/liquid/lfm2.5-1.2b" });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.loaded, false);
    assert.match(body.note, /^lms \(the LM Studio CLI\) is not on PATH/);
  });

  it("refuses a model id that is not lmstudio/<model>", async () => {
    const res = await post(await appWith(null), { model: "openrouter/x" });
    assert.equal(res.status, 400);
    assert.deepEqual((await res.json()).issues, [
      { path: "model", message: "must be lmstudio/<model>" },
    ]);
  });
});
