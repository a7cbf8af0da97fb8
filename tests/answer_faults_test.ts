// Answers that break paths, the file system or the size cap end the attempt as the model's
// fault (patch_error / malformed_response, counted in the pass rate) with a one-line reason
// naming no host path, never as harness_error (which the pass rate leaves out).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadCatalog, type Task } from "../harness/catalog.ts";
import { executeRun } from "../harness/run.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { fixturePlan, FIXTURES } from "./helpers.ts";

const F = "```";
let work: string;
let store: SqliteStore;
let task: Task;

/** A python task whose every path is editable, so only the path itself can be wrong. */
async function openTask(dir: string): Promise<Task> {
  const folder = join(dir, "fx_faults");
  await new Deno.Command("cp", { args: ["-r", join(FIXTURES, "fx_python"), folder] }).output();
  const meta = JSON.parse(await Deno.readTextFile(join(folder, "metadata.json")));
  await Deno.writeTextFile(
    join(folder, "metadata.json"),
    JSON.stringify({ ...meta, id: "fx_faults", editable: ["**"] }),
  );
  await Deno.mkdir(join(folder, "workspace", "src"));
  await Deno.writeTextFile(join(folder, "workspace", "src", "lib.rs"), "pub fn f() {}\n");
  const { tasks, problems } = await loadCatalog([dir]);
  assert.deepEqual(problems, []);
  return tasks[0];
}

async function outcomeOf(answer: string, maxAnswerBytes?: number) {
  const plan = fixturePlan([task], join(work, "runs"), ["replay"], {}, answer);
  if (maxAnswerBytes) plan.maxAnswerBytes = maxAnswerBytes;
  const summary = await executeRun(plan, { store, signal: new AbortController().signal });
  const [a] = summary.attempts;
  assert.ok(!(a.error ?? "").includes(work), `host path in: ${a.error}`);
  assert.ok(!(a.error ?? "").includes("/work/"), `host path in: ${a.error}`);
  assert.ok(!(a.error ?? "").includes("\n"), "one line");
  return { outcome: a.outcome, error: a.error, runId: plan.runId, dir: a.attempt_dir };
}

const diffTo = (path: string) =>
  `${F}diff\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+x = 1\n${F}\n`;

describe("answer faults are the model's", () => {
  before(async () => {
    work = await Deno.makeTempDir({ prefix: "bench_faults_" });
    await Deno.mkdir(join(work, "catalog"));
    task = await openTask(join(work, "catalog"));
    store = new SqliteStore(join(work, "runs", "history.db"));
  });
  after(() => store.close());

  it("a path through an existing file is patch_error", async () => {
    const r = await outcomeOf(`src/lib.rs/evil.rs\n${F}rust\nfn x() {}\n${F}\n`);
    assert.deepEqual([r.outcome, r.error], [
      "patch_error",
      "src/lib.rs/evil.rs: src/lib.rs is a file, not a folder",
    ]);
  });

  it("a file, then a folder of the same name, is patch_error", async () => {
    const r = await outcomeOf(`a.py/b.py\n${F}python\nx = 1\n${F}\n\na.py\n${F}python\ny\n${F}\n`);
    assert.deepEqual([r.outcome, r.error], ["patch_error", "a.py: is a folder, not a file"]);
  });

  it("NUL and control characters in a diff path are patch_error, shown escaped", async () => {
    const nul = await outcomeOf(diffTo("calc.py\x00evil"));
    assert.deepEqual([nul.outcome, nul.error], [
      "patch_error",
      "calc.py\\x00evil: path contains a control character",
    ]);
    const esc = await outcomeOf(diffTo("calc\x1b[2J.py"));
    assert.deepEqual([esc.outcome, esc.error], [
      "patch_error",
      "calc\\x1b[2J.py: path contains a control character",
    ]);
  });

  it("over-long paths and names are patch_error", async () => {
    const name = "n".repeat(300) + ".py";
    const r = await outcomeOf(diffTo(name));
    assert.deepEqual([r.outcome, r.error], [
      "patch_error",
      `${name.slice(0, 100)}…: path has a name longer than 255 characters`,
    ]);
    const deep = "d/".repeat(600) + "a.py";
    const r2 = await outcomeOf(diffTo(deep));
    assert.deepEqual([r2.outcome, r2.error], [
      "patch_error",
      `${deep.slice(0, 100)}…: path too long (1204 > 1024)`,
    ]);
  });

  it("too many edits is patch_error", async () => {
    const answer = Array.from({ length: 501 }, (_, i) => `f${i}.py\n${F}python\nx\n${F}\n`);
    const r = await outcomeOf(answer.join("\n"));
    assert.deepEqual([r.outcome, r.error], [
      "patch_error",
      "(answer): too many edits (more than 500)",
    ]);
  });

  it("absolute paths and `..` are refused, never applied, and graded malformed", async () => {
    const r = await outcomeOf(`/etc/evil.py\n${F}python\nx\n${F}\n../up.py\n${F}python\nx\n${F}\n`);
    assert.deepEqual([r.outcome, r.error], [
      "malformed_response",
      "no usable edit (refused: /etc/evil.py outside the workspace; ../up.py outside the workspace)",
    ]);
    await assert.rejects(Deno.stat(join(work, "runs", r.runId, "up.py")));
  });

  it("an answer over the size cap is malformed_response, unparsed and stored cut", async () => {
    const answer = `calc.py\n${F}python\n` + "#".repeat(1500) + `\n${F}\n`;
    const bytes = new TextEncoder().encode(answer).length;
    const r = await outcomeOf(answer, 1000);
    assert.deepEqual([r.outcome, r.error], [
      "malformed_response",
      `answer too large (${bytes} bytes > 1000)`,
    ]);
    const stored = await Deno.readTextFile(join(work, "runs", r.runId, r.dir, "response.txt"));
    assert.equal(stored, answer.slice(0, 1000));
    const [row] = await store.listAnswers(r.runId);
    assert.equal(row.text, answer.slice(0, 1000));
  });
});
