// The importers on fixtures written in each source format: the folder tree and metadata
// they write, idempotence, the skip report, loading with the catalog loader, and the
// grading commands of the imported C++ task run directly.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { loadCatalog } from "../harness/catalog.ts";
import { listFiles } from "../harness/safe_fs.ts";
import { IMPORT_SOLUTION } from "../harness/importers/python_rows.ts";
import { IMPORTERS } from "../harness/importers/registry.ts";
import { runProcess } from "../harness/sandbox/runner.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/importers", import.meta.url));
const POLYGLOT = join(FIXTURES, "polyglot");
const CATCH = "_shared/catch2_95809f39a057";

const POLYGLOT_SOURCE = {
  name: "aider-polyglot",
  url: "https://github.com/Aider-AI/polyglot-benchmark",
  revision: null,
  license: "MIT",
};

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(dir)) out.set(f, await Deno.readTextFile(join(dir, f)));
  return out;
}

const readJson = async (p: string) => JSON.parse(await Deno.readTextFile(p));

describe("aider-polyglot importer", () => {
  it("writes one task per supported exercise and reports every skipped one with its reason", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    const report = await IMPORTERS["aider-polyglot"](POLYGLOT, out);
    assert.deepEqual(report, {
      written: [
        "cpp_aider_polyglot_digit_sum",
        "go_aider_polyglot_digit_sum",
        "go_aider_polyglot_shape_area",
        "java_aider_polyglot_digit_sum",
        "javascript_aider_polyglot_digit_sum",
        "python_aider_polyglot_clock_angle",
        "rust_aider_polyglot_digit_sum",
        CATCH,
      ],
      unchanged: [],
      skipped: [
        { id: "python/no-example", reason: "no example or proof solution" },
        { id: "ruby/hello", reason: 'unknown language "ruby"' },
        {
          id: "rust/with-crates",
          reason: "Cargo.toml declares crates, which cannot build offline",
        },
      ],
    });
    const files = await listFiles(out);
    const of = (id: string) =>
      files.filter((f) => f.startsWith(`${id}/`)).map((f) => f.slice(id.length + 1));
    assert.deepEqual(files.filter((f) => f.startsWith("_shared/")), [`${CATCH}/catch2/catch.hpp`]);
    const common = ["instructions.md", "metadata.json"];
    assert.deepEqual(of("cpp_aider_polyglot_digit_sum"), [
      ...common,
      "solution/digit_sum.cpp",
      "solution/digit_sum.h",
      "tests/digit_sum_test.cpp",
      "workspace/digit_sum.cpp",
      "workspace/digit_sum.h",
      "workspace/test/tests-main.cpp",
    ]);
    assert.deepEqual(of("java_aider_polyglot_digit_sum"), [
      ...common,
      "solution/src/main/java/DigitSum.java",
      "tests/src/test/java/DigitSumTest.java",
      "workspace/src/main/java/DigitSum.java",
    ]);
    assert.deepEqual(of("javascript_aider_polyglot_digit_sum"), [
      ...common,
      "solution/digit-sum.js",
      "tests/digit-sum.spec.js",
      "workspace/babel.config.js",
      "workspace/digit-sum.js",
      "workspace/package.json",
    ]);
    // A given file the stub builds on stays in the workspace, readable but not editable.
    assert.deepEqual(of("go_aider_polyglot_shape_area"), [
      ...common,
      "solution/area.go",
      "tests/area_test.go",
      "workspace/area.go",
      "workspace/go.mod",
      "workspace/shape.go",
    ]);
    assert.deepEqual(of("rust_aider_polyglot_digit_sum"), [
      ...common,
      "solution/src/lib.rs",
      "tests/tests/digit-sum.rs",
      "workspace/Cargo.toml",
      "workspace/src/lib.rs",
    ]);

    const dir = join(out, "python_aider_polyglot_clock_angle");
    assert.deepEqual(await readJson(join(dir, "metadata.json")), {
      id: "python_aider_polyglot_clock_angle",
      title: "Clock Angle: Find the smaller angle between the hands of an analog clock.",
      language: "python",
      category: "feature",
      difficulty: "easy",
      tags: ["python", "aider-polyglot", "clock-angle"],
      editable: ["clock_angle.py"],
      evaluation: {
        command: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "clock_angle_test.py"],
        cwd: "workspace",
        tests_into: "workspace",
        report: "pytest",
        timeout_s: 180,
      },
      requires: { python3: "3.8" },
      source: POLYGLOT_SOURCE,
      published: "2024-12-21",
    });
    const ex = join(POLYGLOT, "python/exercises/practice/clock-angle");
    assert.equal(
      await Deno.readTextFile(join(dir, "solution/clock_angle.py")),
      await Deno.readTextFile(join(ex, ".meta/example.py")),
    );
    assert.equal(
      await Deno.readTextFile(join(dir, "instructions.md")),
      "# Introduction\n\nThe town hall clock has a broken display, but its hands still move.\n\n" +
        "# Instructions\n\nGiven a time as hours (0-23) and minutes (0-59), return the smaller " +
        "angle in degrees\nbetween the hour hand and the minute hand. The hour hand moves " +
        "continuously.\n\n# Instructions append\n\nRaise a `ValueError` with the message " +
        '"invalid time" when the time is out of range.\n\n## Your task\n\nUse the instructions ' +
        "above to modify `clock_angle.py`. Keep the names of the existing functions, classes " +
        "and types: the tests call them. Use only the language's standard library.\n",
    );

    const go = await readJson(join(out, "go_aider_polyglot_digit_sum/metadata.json"));
    assert.deepEqual(go.evaluation, {
      command: ["go", "test", "-json", "-count=1", "./..."],
      cwd: "workspace",
      tests_into: "workspace",
      report: "go-json",
      timeout_s: 180,
    });
    assert.deepEqual(go.requires, { go: "1.18" });
    // Compiled stubs may not build; the Python task above carries no such rule.
    for (const lang of ["go", "rust", "java", "cpp"]) {
      const meta = await readJson(join(out, `${lang}_aider_polyglot_digit_sum/metadata.json`));
      assert.deepEqual(meta.validation, { starter_may_not_build: true });
    }
    const rust = await readJson(join(out, "rust_aider_polyglot_digit_sum/metadata.json"));
    assert.deepEqual(rust.editable, ["src/lib.rs", "Cargo.toml"]);
    assert.deepEqual(rust.evaluation.command.slice(-2), ["--", "--include-ignored"]);
    const js = await readJson(join(out, "javascript_aider_polyglot_digit_sum/metadata.json"));
    assert.deepEqual(js.evaluation.command, [
      "sh",
      "-c",
      'jest --ci --json --outputFile="$BENCH_REPORT_FILE"',
    ]);
    assert.equal(js.evaluation.report, "jest");
    assert.deepEqual(js.dependencies, {
      npm: {
        "@babel/core": "^7.25.2",
        "@babel/preset-env": "^7.25.4",
        "babel-jest": "^29.7.0",
        "jest": "^29.7.0",
      },
    });
    const java = await readJson(join(out, "java_aider_polyglot_digit_sum/metadata.json"));
    assert.deepEqual(java.dependencies, {
      maven: [
        "org.assertj:assertj-core:3.25.1",
        "org.junit.platform:junit-platform-console-standalone:1.10.0",
      ],
    });
    assert.equal(java.evaluation.report, "junit");
    const cpp = await readJson(join(out, "cpp_aider_polyglot_digit_sum/metadata.json"));
    assert.deepEqual(cpp.shared, [CATCH.slice("_shared/".length)]);
    assert.deepEqual(cpp.editable, ["digit_sum.cpp", "digit_sum.h"]);

    // Every test is switched on, as Aider's benchmark runs them.
    const spec = await Deno.readTextFile(
      join(out, "javascript_aider_polyglot_digit_sum/tests/digit-sum.spec.js"),
    );
    assert.equal((spec.match(/\btest\(/g) ?? []).length, 3);
    assert.doesNotMatch(spec, /xtest/);
    const junit = await Deno.readTextFile(
      join(out, "java_aider_polyglot_digit_sum/tests/src/test/java/DigitSumTest.java"),
    );
    assert.doesNotMatch(junit, /@Disabled\(/);
    assert.match(junit, /\n\n {4}@Test\n {4}public void negative\(\)/);
  });

  it("is idempotent: a second import changes no byte and says unchanged; an edited task is rewritten", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    const first = await IMPORTERS["aider-polyglot"](POLYGLOT, out);
    const before = await snapshot(out);
    const again = await IMPORTERS["aider-polyglot"](POLYGLOT, out);
    assert.deepEqual(again.written, []);
    assert.deepEqual(again.unchanged, first.written);
    assert.deepEqual(again.skipped, first.skipped);
    assert.deepEqual(await snapshot(out), before);

    const task = join(out, "go_aider_polyglot_digit_sum");
    await Deno.writeTextFile(join(task, "workspace/digit_sum.go"), "package digitsum\n");
    await Deno.writeTextFile(join(task, "workspace/stray.go"), "package digitsum\n");
    const repaired = await IMPORTERS["aider-polyglot"](POLYGLOT, out);
    assert.deepEqual(repaired.written, ["go_aider_polyglot_digit_sum"]);
    assert.deepEqual(await snapshot(out), before);
  });

  it("exercism: one track checkout in git records its revision and the track's URL", async () => {
    const checkout = await Deno.makeTempDir({ prefix: "bench_track_" });
    await Deno.mkdir(join(checkout, "exercises"));
    const copy = [
      "cp",
      "-r",
      join(POLYGLOT, "python/exercises/practice"),
      join(checkout, "exercises"),
    ];
    const git = (...args: string[]) =>
      runProcess({
        argv: ["git", "-C", checkout, "-c", "user.name=t", "-c", "user.email=t@t", ...args],
        env: { PATH: Deno.env.get("PATH")! },
        timeoutMs: 10_000,
      });
    assert.equal((await runProcess({ argv: copy, timeoutMs: 10_000 })).code, 0);
    await Deno.copyFile(join(POLYGLOT, "python/config.json"), join(checkout, "config.json"));
    await git("init", "-q");
    await git("add", "-A");
    await git("commit", "-qm", "track");
    const head = (await git("rev-parse", "HEAD")).stdout.trim();
    assert.match(head, /^[0-9a-f]{40}$/);

    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    const report = await IMPORTERS.exercism(checkout, out);
    assert.deepEqual(report.written, ["python_exercism_clock_angle"]);
    const meta = await readJson(join(out, "python_exercism_clock_angle/metadata.json"));
    assert.deepEqual(meta.source, {
      name: "exercism",
      url: "https://github.com/exercism/python",
      revision: head,
      license: "MIT",
    });
    assert.equal(meta.published, undefined);
  });

  it("refuses a folder in neither layout with one line naming it", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    await assert.rejects(
      IMPORTERS["aider-polyglot"](FIXTURES, out),
      (e: Error) =>
        e.message ===
          `${FIXTURES}: unsupported layout: no exercises/practice/ nor <language>/exercises/practice/`,
    );
  });
});

describe("humaneval and mbpp importers", () => {
  it("humaneval: .jsonl and .jsonl.gz give the same bytes; each assert of check() is a named test", async () => {
    const plain = await Deno.makeTempDir({ prefix: "bench_import_" });
    const gz = await Deno.makeTempDir({ prefix: "bench_import_" });
    const report = await IMPORTERS.humaneval(join(FIXTURES, "humaneval.jsonl"), plain);
    assert.deepEqual(report, {
      written: ["python_humaneval_0", "python_humaneval_1"],
      unchanged: [],
      skipped: [{ id: "HumanEval/2", reason: "test defines no check(candidate)" }],
    });
    assert.deepEqual(await IMPORTERS.humaneval(join(FIXTURES, "humaneval.jsonl.gz"), gz), report);
    assert.deepEqual(await snapshot(gz), await snapshot(plain));

    const dir = join(plain, "python_humaneval_1");
    const meta = await readJson(join(dir, "metadata.json"));
    assert.deepEqual(meta.source, {
      name: "humaneval",
      url: "https://github.com/openai/human-eval",
      revision: null,
      license: "MIT",
    });
    assert.equal(meta.published, "2021-07-07");
    assert.deepEqual(meta.editable, ["solution.py"]);
    assert.deepEqual(meta.evaluation.command.at(-1), "test_solution.py");
    const stub = await Deno.readTextFile(join(dir, "workspace/solution.py"));
    assert.match(stub, /\[1, 3, 3\]\n {4}"""\n {4}raise NotImplementedError\n$/);
    assert.match(
      await Deno.readTextFile(join(dir, "solution/solution.py")),
      /"""\n {4}out = \[\]\n/,
    );
    assert.equal(
      await Deno.readTextFile(join(dir, "tests/test_solution.py")),
      `import ast\nimport inspect\n\nimport pytest\n\n${IMPORT_SOLUTION}` +
        "from solution import running_max\n\ndef check(candidate):\n" +
        "    assert candidate([]) == []\n    assert candidate([1, 3, 2]) == [1, 3, 3]\n" +
        "    assert candidate([-5, -7, 0]) == [-5, -5, 0]\n\n\ndef _cases():\n" +
        "    body = ast.parse(inspect.getsource(check)).body[0].body\n" +
        "    if not all(isinstance(s, ast.Assert) for s in body):\n" +
        '        return [pytest.param(None, id="all")]\n' +
        "    return [\n" +
        '        pytest.param(ast.Module(body=[s], type_ignores=[]), id=f"assert_{i}")\n' +
        "        for i, s in enumerate(body, 1)\n    ]\n\n\n" +
        '@pytest.mark.parametrize("case", _cases())\ndef test_check(case):\n' +
        "    if case is None:\n        check(running_max)\n    else:\n" +
        '        exec(compile(case, "check", "exec"), {**globals(), "candidate": running_max})\n',
    );
  });

  it("mbpp: one named test per assert, the signature from the first assert, CRLF made plain", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    const report = await IMPORTERS.mbpp(join(FIXTURES, "mbpp.jsonl"), out);
    assert.deepEqual(report, {
      written: ["python_mbpp_11", "python_mbpp_12"],
      unchanged: [],
      skipped: [{
        id: "13",
        reason: "the first assert calls no function the reference code defines",
      }],
    });
    const dir = join(out, "python_mbpp_11");
    assert.equal(
      await Deno.readTextFile(join(dir, "workspace/solution.py")),
      "def remove_Occ(s,ch):\n    raise NotImplementedError\n",
    );
    assert.doesNotMatch(await Deno.readTextFile(join(dir, "solution/solution.py")), /\r/);
    assert.equal(
      await Deno.readTextFile(join(dir, "instructions.md")),
      "Write a python function to remove the first and last occurrence of a given character " +
        "from the string.\n\nWrite it in `solution.py` as:\n\n```python\n" +
        "def remove_Occ(s,ch):\n```\n\nUse only the Python standard library.\n",
    );
    assert.equal(
      await Deno.readTextFile(join(out, "python_mbpp_12/tests/test_solution.py")),
      IMPORT_SOLUTION + "LIMIT = 10\n\n\ndef test_assert_1():\n" +
        "    assert sort_pairs([Pair(1, 9), Pair(2, 3)]) == [(2, 3), (1, 9)]\n\n\n" +
        "def test_assert_2():\n    assert sort_pairs([]) == []\n",
    );
    const meta = await readJson(join(dir, "metadata.json"));
    assert.deepEqual([meta.source.name, meta.source.license, meta.published], [
      "mbpp",
      "CC-BY-4.0",
      "2021-08-16",
    ]);
  });

  it("a line that is not JSON is refused with the file and line number", async () => {
    const bad = await Deno.makeTempFile({ suffix: ".jsonl" });
    await Deno.writeTextFile(bad, '{"task_id": 1}\n{oops\n');
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    await assert.rejects(
      IMPORTERS.mbpp(bad, out),
      (e: Error) => e.message.startsWith(`${bad}:2: not a JSON line`),
    );
  });
});

// What the catalog loader on this branch cannot read yet, each the subject of issue #13's
// harness work: language java, the jest report, and the catalog's _shared/ folder.
const PENDING_SUPPORT = [
  /^.*\/_shared\/metadata\.json: missing$/,
  /java_aider_polyglot_digit_sum\/metadata\.json: language: /,
  /javascript_aider_polyglot_digit_sum\/metadata\.json: evaluation\.report: /,
  /cpp_aider_polyglot_digit_sum\/metadata\.json: evaluation\.report: /,
];

describe("imported tasks in the catalog", () => {
  it("load with the catalog loader; only the formats awaiting harness support are refused", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    await IMPORTERS["aider-polyglot"](POLYGLOT, out);
    await IMPORTERS.humaneval(join(FIXTURES, "humaneval.jsonl"), out);
    await IMPORTERS.mbpp(join(FIXTURES, "mbpp.jsonl"), out);
    const { tasks, problems } = await loadCatalog([out]);
    const unexpected = problems.filter((p) => !PENDING_SUPPORT.some((re) => re.test(p.message)));
    assert.deepEqual(unexpected, []);
    const ids = tasks.map((t) => t.id);
    for (
      const id of [
        "go_aider_polyglot_digit_sum",
        "go_aider_polyglot_shape_area",
        "python_aider_polyglot_clock_angle",
        "python_humaneval_0",
        "python_humaneval_1",
        "python_mbpp_11",
        "python_mbpp_12",
        "rust_aider_polyglot_digit_sum",
      ]
    ) assert.ok(ids.includes(id), `${id} did not load`);
    const rust = tasks.find((t) => t.id === "rust_aider_polyglot_digit_sum")!;
    assert.deepEqual(rust.testFiles, ["tests/digit-sum.rs"]);
    assert.deepEqual(rust.solutionFiles, ["src/lib.rs"]);
  });

  it("the C++ command builds against the one shared Catch2 and writes JUnit: reference 3/3, stub 0/3", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    await IMPORTERS["aider-polyglot"](POLYGLOT, out);
    const task = join(out, "cpp_aider_polyglot_digit_sum");
    const meta = await readJson(join(task, "metadata.json"));
    // The layout the harness is to give the attempt: workspace (+ answer, + tests) beside
    // the catalog's _shared/ folders.
    const grade = async (withSolution: boolean) => {
      const sandbox = await Deno.makeTempDir({ prefix: "bench_cpp_" });
      const cp = (from: string, to: string) =>
        runProcess({ argv: ["cp", "-r", `${from}/.`, to], timeoutMs: 10_000 });
      await Deno.mkdir(join(sandbox, "workspace"));
      await Deno.mkdir(join(sandbox, CATCH), { recursive: true });
      await cp(join(task, "workspace"), join(sandbox, "workspace"));
      if (withSolution) await cp(join(task, "solution"), join(sandbox, "workspace"));
      await cp(join(task, "tests"), join(sandbox, "workspace"));
      await cp(join(out, CATCH), join(sandbox, CATCH));
      const reportFile = join(sandbox, "report.xml");
      const r = await runProcess({
        argv: meta.evaluation.command,
        cwd: join(sandbox, meta.evaluation.cwd),
        env: { PATH: Deno.env.get("PATH")!, TMPDIR: sandbox, BENCH_REPORT_FILE: reportFile },
        timeoutMs: 120_000,
      });
      const xml = await Deno.readTextFile(reportFile);
      return {
        code: r.code,
        cases: (xml.match(/<testcase /g) ?? []).length,
        failures: (xml.match(/<failure /g) ?? []).length,
      };
    };
    assert.deepEqual(await grade(true), { code: 0, cases: 3, failures: 0 });
    assert.deepEqual(await grade(false), { code: 3, cases: 3, failures: 3 });
  });
});

describe("generated Python tests", () => {
  it("do not collect test functions an answer defines in solution.py", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    await IMPORTERS.mbpp(join(FIXTURES, "mbpp.jsonl"), out);
    const task = join(out, "python_mbpp_11");
    const work = await Deno.makeTempDir({ prefix: "bench_pytest_" });
    const reference = await Deno.readTextFile(join(task, "solution/solution.py"));
    await Deno.writeTextFile(
      join(work, "solution.py"),
      `${reference}\n\ndef test_extra():\n    pass\n\n\nclass TestMore:\n    def test_x(self):\n        pass\n`,
    );
    await Deno.copyFile(join(task, "tests/test_solution.py"), join(work, "test_solution.py"));
    const r = await runProcess({
      argv: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_solution.py"],
      cwd: work,
      env: { PATH: Deno.env.get("PATH")!, HOME: work },
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^3 passed/m);
  });
});
