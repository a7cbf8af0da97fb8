import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig, parseDotenv, redact } from "./config.ts";

describe("config", () => {
  it("parses .env lines: quotes, comments, export", () => {
    assert.deepEqual(
      parseDotenv("A=1\n# c\nexport B=\"two words\"\nC=x # note\nD='q'\nbad line\n"),
      {
        A: "1",
        B: "two words",
        C: "x",
        D: "q",
      },
    );
  });

  it("lets the shell win over .env and collects secrets from both", async () => {
    const root = await Deno.makeTempDir();
    await Deno.writeTextFile(
      join(root, ".env"),
      "DEFAULT_MODEL=from-file\nOPENAI_API_KEY=sk-file-secret\nPORT=9000\n",
    );
    const c = loadConfig(root, {
      DEFAULT_MODEL: "from-shell",
      OPENROUTER_API_KEY: "sk-shell-secret",
    });
    assert.equal(c.defaultModel, "from-shell");
    assert.equal(c.port, 9000);
    assert.equal(c.env("OPENAI_API_KEY"), "sk-file-secret");
    assert.deepEqual(c.secretValues.sort(), ["sk-file-secret", "sk-shell-secret"]);
    assert.equal(redact("key sk-file-secret!", c.secretValues), "key [redacted]!");
  });

  it("names a bad numeric variable", async () => {
    const root = await Deno.makeTempDir();
    assert.throws(
      () => loadConfig(root, { PORT: "eighty" }),
      new Error('PORT="eighty" is not a number'),
    );
  });

  it("reads BENCH_ARTIFACTS_URL: bucket and prefix, only with BENCH_DATABASE_URL", async () => {
    const root = await Deno.makeTempDir();
    const db = { BENCH_DATABASE_URL: "postgres://h/db" };
    const at = (url: string) => loadConfig(root, { ...db, BENCH_ARTIFACTS_URL: url }).artifacts;
    assert.equal(loadConfig(root, db).artifacts, null);
    assert.deepEqual(at("s3://bench-artifacts"), { bucket: "bench-artifacts", prefix: "" });
    assert.deepEqual(at("s3://b.x-1/team/a/"), { bucket: "b.x-1", prefix: "team/a" });
    for (const bad of ["https://b/x", "s3://B_ad", "s3://ab"]) {
      assert.throws(
        () => at(bad),
        new Error("BENCH_ARTIFACTS_URL must look like s3://bucket[/prefix]"),
      );
    }
    assert.throws(
      () => loadConfig(root, { BENCH_ARTIFACTS_URL: "s3://bench-artifacts" }),
      new Error(
        "BENCH_ARTIFACTS_URL needs BENCH_DATABASE_URL (embedded mode keeps attempt files in runs/)",
      ),
    );
  });
});
