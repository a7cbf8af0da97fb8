// The Launch Run form's own checks: task selectors and model ids, with the messages a user
// sees before anything is sent.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkModel, projectionText, selectTasks, sharedTags } from "./LaunchRun.tsx";
import type { TaskChoice } from "./types.ts";

const TASKS: TaskChoice[] = [
  { id: "py_a", title: "", language: "python", category: "bugfix", tags: ["parsing"] },
  { id: "go_b", title: "", language: "go", category: "expert", tags: ["concurrency"] },
  { id: "go_c", title: "", language: "go", category: "tool", tags: [] },
];
const KINDS = ["reference", "starter", "replay", "openrouter/<model>", "lmstudio/<model>"];
const ids = (r: TaskChoice[] | string) => typeof r === "string" ? r : r.map((t) => t.id);

describe("launch form checks", () => {
  it("selector - empty or all means every task", () => {
    assert.deepEqual(ids(selectTasks("", TASKS)), ["py_a", "go_b", "go_c"]);
    assert.deepEqual(ids(selectTasks("all", TASKS)), ["py_a", "go_b", "go_c"]);
  });

  it("selector - a comma is a union of language, category, tag and ids", () => {
    assert.deepEqual(ids(selectTasks("lang:python,tag:concurrency", TASKS)), ["py_a", "go_b"]);
    assert.deepEqual(ids(selectTasks("category:tool, py_a", TASKS)), ["py_a", "go_c"]);
  });

  it("selector - names the part that matches nothing, with close ids (the engine's words)", () => {
    assert.equal(selectTasks("lang:html", TASKS), 'no task matches "lang:html"');
    assert.equal(selectTasks("go_bb", TASKS), 'unknown task "go_bb" (did you mean go_b, go_c?)');
    assert.equal(
      selectTasks("size:big", TASKS),
      'unknown task selector "size:big" (use all, ids, lang:, tag:, category:, source: or dir:)',
    );
  });

  it("selector - an empty term is an error, not every task", () => {
    assert.equal(
      selectTasks(",", TASKS),
      'empty term in task selector "," (use all, ids, lang:, tag:, category:, source: or dir:)',
    );
  });

  it("model - built-ins and <provider>/<model> ids pass, anything else is named", () => {
    assert.equal(checkModel("reference", KINDS), null);
    assert.equal(checkModel("lmstudio/liquid/lfm2.5-1.2b", KINDS), null);
    assert.equal(
      checkModel("gpt-5", KINDS),
      'unknown model "gpt-5": use reference, starter, replay, openrouter/<model>, lmstudio/<model>',
    );
    assert.match(checkModel("openrouter/", KINDS) ?? "", /^unknown model "openrouter\/"/);
  });

  it("tag chips - only tags several tasks share, never a language or category", () => {
    const tasks: TaskChoice[] = [
      { id: "a", title: "", language: "go", category: "expert", tags: ["cache", "go", "lru"] },
      { id: "b", title: "", language: "go", category: "expert", tags: ["cache", "go", "expert"] },
      { id: "c", title: "", language: "rust", category: "tool", tags: ["cli", "expert"] },
      { id: "d", title: "", language: "rust", category: "tool", tags: ["cli"] },
    ];
    assert.deepEqual(sharedTags(tasks), ["cache", "cli"]);
  });

  it("projection - a known cost with its tokens, or which models have no prices", () => {
    const m = (model: string, cost_usd: number | null) => ({
      model,
      prompt_tokens: 1000,
      completion_tokens: 200,
      cost_usd,
    });
    assert.equal(
      projectionText({ cost_usd: 0.0123, models: [m("a", 0.0123), m("reference", 0)] }),
      "projected cost: at most $0.0123 (~2400 tokens)",
    );
    assert.equal(
      projectionText({ cost_usd: null, models: [m("a", null), m("reference", 0), m("b", null)] }),
      "projected cost: unknown (no published prices for a, b)",
    );
  });
});
