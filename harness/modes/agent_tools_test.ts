import assert from "node:assert/strict";
import { join } from "node:path";
import { UsageError } from "../../lib/errors.ts";
import { agentSettings } from "./agent_settings.ts";
import { parseArguments, READ_CAP_BYTES, ToolRefusal, WorkspaceTools } from "./agent_tools.ts";
import { pruneNonRegular } from "./agent_probe.ts";

async function workspace(): Promise<{ ws: string; outside: string; tools: WorkspaceTools }> {
  const root = await Deno.makeTempDir({ prefix: "agent_tools_" });
  const ws = join(root, "workspace");
  const outside = join(root, "outside.txt");
  await Deno.mkdir(join(ws, "pkg"), { recursive: true });
  await Deno.writeTextFile(join(ws, "main.py"), "print(1)\n");
  await Deno.writeTextFile(join(ws, "pkg", "util.py"), "X = 1\n");
  await Deno.writeTextFile(outside, "outside");
  return { ws, outside, tools: new WorkspaceTools(ws, ["*.py", "pkg/**"]) };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ToolRefusal) return e.message;
    throw e;
  }
  throw new Error("not refused");
}

Deno.test("agent tools - arguments: JSON objects only, empty means none, size capped", () => {
  assert.deepEqual(parseArguments(""), {});
  assert.deepEqual(parseArguments('{"path":"a.py"}'), { path: "a.py" });
  assert.throws(() => parseArguments("[1]"), new ToolRefusal("arguments must be a JSON object"));
  assert.throws(() => parseArguments("{"), new ToolRefusal("arguments are not valid JSON"));
  assert.throws(
    () => parseArguments(" ".repeat(2 << 20)),
    new ToolRefusal("arguments too large (2097152 > 1114112 bytes)"),
  );
});

Deno.test("agent tools - lists and reads workspace files, refuses every way out", async () => {
  const { ws, outside, tools } = await workspace();
  await Deno.symlink(outside, join(ws, "link.py"));
  await Deno.symlink(join(ws, "pkg"), join(ws, "dir"));
  assert.equal(await tools.listFiles(), "main.py\npkg/util.py");
  assert.equal(await tools.readFile({ path: "./pkg//util.py" }), "X = 1\n");
  const cases: [unknown, string][] = [
    ["../outside.txt", '"../outside.txt": ".." is refused; paths stay in the workspace'],
    [outside, `${JSON.stringify(outside)}: absolute paths are refused`],
    ["link.py", '"link.py" is a symlink (refused)'],
    ["dir/util.py", '"dir" is a symlink (refused)'],
    ["main.py/x", '"main.py" is a file, not a folder'],
    ["pkg", '"pkg" is a folder'],
    ["a\u0000b", "path contains a control character"],
    ["..\\outside.txt", '"..\\\\outside.txt": use / in paths'],
    ["nope.py", '"nope.py": no such file'],
    [7, "path must be a string"],
  ];
  for (const [path, why] of cases) assert.equal(await refusal(tools.readFile({ path })), why);
});

Deno.test("agent tools - read_file cuts at 64 KB and says so", async () => {
  const { ws, tools } = await workspace();
  await Deno.writeTextFile(join(ws, "big.py"), "a".repeat(READ_CAP_BYTES + 10));
  const text = await tools.readFile({ path: "big.py" });
  assert.equal(
    text,
    `${"a".repeat(READ_CAP_BYTES)}\n[cut: the file has ${
      READ_CAP_BYTES + 10
    } bytes, the first ${READ_CAP_BYTES} are shown]`,
  );
});

Deno.test("agent tools - write_file writes editable files only, within the size caps", async () => {
  const { ws, outside, tools } = await workspace();
  assert.equal(
    await tools.writeFile({ path: "pkg/new/mod.py", content: "Y = 2\n" }),
    "wrote pkg/new/mod.py (6 bytes)",
  );
  assert.equal(await Deno.readTextFile(join(ws, "pkg/new/mod.py")), "Y = 2\n");
  assert.equal(
    await refusal(tools.writeFile({ path: "notes.txt", content: "x" })),
    '"notes.txt" is not editable (editable: *.py, pkg/**)',
  );
  assert.equal(
    await refusal(tools.writeFile({ path: "main.py", content: "x".repeat(1024 * 1024 + 1) })),
    "content too large (1048577 > 1048576 bytes)",
  );
  assert.equal(await refusal(tools.writeFile({ path: "main.py" })), "content must be a string");
  await Deno.symlink(outside, join(ws, "evil.py"));
  assert.equal(
    await refusal(tools.writeFile({ path: "evil.py", content: "pwned" })),
    '"evil.py" is a symlink (refused)',
  );
  assert.equal(await Deno.readTextFile(outside), "outside");
  for (let i = 0; i < 7; i++) {
    await tools.writeFile({ path: `f${i}.py`, content: "x".repeat(1024 * 1024) });
  }
  assert.equal(
    await refusal(tools.writeFile({ path: "g.py", content: "x".repeat(1024 * 1024) })),
    "this attempt has written its 8388608 bytes",
  );
  assert.deepEqual(tools.written.slice(0, 2), ["pkg/new/mod.py", "f0.py"]);
  assert.deepEqual(await pruneNonRegular(ws), ["evil.py"]);
  assert.equal(await Deno.readTextFile(outside), "outside");
});

Deno.test("agent settings - defaults under --agent, agent flags refused without it", () => {
  assert.equal(agentSettings({ agent: false }), null);
  assert.deepEqual(agentSettings({ agent: true, max_turns: 3 }), {
    max_turns: 3,
    max_test_runs: 5,
    attempt_timeout_s: 600,
    max_attempt_tokens: null,
  });
  assert.throws(
    () => agentSettings({ max_test_runs: 2 }),
    (e) => e instanceof UsageError && e.message === "--max-test-runs needs --agent",
  );
});
