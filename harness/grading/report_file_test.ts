import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { planReport, readReportFile, reportFileIn } from "./report_file.ts";

const F = "/.report/n0nce/report.xml";

describe("report file", () => {
  it("pytest gets --junitxml through PYTEST_ADDOPTS, argv untouched", () => {
    const argv = ["python3", "-m", "pytest", "-q", "tests"];
    assert.deepEqual(planReport("pytest", argv, F), {
      argv,
      env: { PYTEST_ADDOPTS: `--junitxml=${F}` },
      usesFile: true,
    });
  });

  it("node --test keeps TAP on stdout and adds a junit reporter to the file", () => {
    const plan = planReport("tap", ["node", "--test", "--test-reporter=tap", "t.mjs"], F);
    assert.deepEqual(plan.argv, [
      "node",
      "--test",
      "--test-reporter=tap",
      "--test-reporter-destination=stdout",
      "--test-reporter=junit",
      `--test-reporter-destination=${F}`,
      "t.mjs",
    ]);
    const bare = planReport("tap", ["node", "--test", "t.mjs"], F).argv;
    assert.deepEqual(bare.slice(2, 4), [
      "--test-reporter=tap",
      "--test-reporter-destination=stdout",
    ]);
  });

  it("other tap commands, go and cargo use no file; deno test and junit do", () => {
    assert.equal(planReport("tap", ["npx", "tap"], F).usesFile, false);
    assert.equal(planReport("go-json", ["go", "test", "-json"], F).usesFile, false);
    assert.equal(planReport("cargo", ["cargo", "test"], F).usesFile, false);
    assert.deepEqual(planReport("deno", ["deno", "test", "-A"], F).argv, [
      "deno",
      "test",
      `--junit-path=${F}`,
      "-A",
    ]);
    assert.deepEqual(planReport("junit", ["bash", "run.sh"], F).env, { BENCH_REPORT_FILE: F });
  });

  it("reads a regular file; a symlink, a FIFO or a folder is no report", async () => {
    const dir = await Deno.makeTempDir();
    const file = reportFileIn(dir);
    assert.equal(await readReportFile(dir), null);
    await Deno.writeTextFile(file, "<testsuites/>");
    assert.equal(await readReportFile(dir), "<testsuites/>");
    await Deno.remove(file);
    await Deno.writeTextFile(join(dir, "other"), "<testsuites/>");
    await Deno.symlink(join(dir, "other"), file);
    assert.equal(await readReportFile(dir), null);
    await Deno.remove(file);
    await new Deno.Command("mkfifo", { args: [file] }).output();
    assert.equal(await readReportFile(dir), null);
    await Deno.remove(dir, { recursive: true });
  });
});
