import assert from "node:assert/strict";
import { fixturePlan, fixtureTasks } from "../tests/helpers.ts";
import { attemptTokens, projectCost, projectionLine } from "./cost_projection.ts";
import { buildPrompt } from "./prompt.ts";
import type { Provider } from "./providers/types.ts";

function priced(model: string, prompt: number | null, completion: number | null): Provider {
  return {
    model,
    prices: () => Promise.resolve({ prompt, completion }),
    complete: () => Promise.reject(new Error("not called")),
  };
}

Deno.test("cost projection - prompt size × prices × samples × tries; unknown prices stay unknown", async () => {
  const [task] = await fixtureTasks(["fx_python"]);
  const p = Math.ceil((await buildPrompt(task, false)).length / 4);
  const answerChars = (await Deno.readTextFile(`${task.dir}/solution/calc.py`)).length;
  const [one, oneOut] = await attemptTokens(task, false, 1);
  assert.deepEqual([one, oneOut], [p, Math.ceil(answerChars / 4)]);
  // Try 2 resends the prompt, the first answer and a full 8 KB of feedback.
  const [two] = await attemptTokens(task, false, 2);
  assert.equal(
    two,
    Math.ceil(2 * ((await buildPrompt(task, false)).length / 4) + answerChars / 4 + 2048),
  );

  const settings = { ...fixturePlan([task], "/tmp", ["starter"]).settings, models: ["a", "b"] };
  settings.samples = 3;
  const known = await projectCost(
    [task],
    settings,
    new Map([
      ["a", priced("a", 1e-6, 2e-6)],
      ["b", priced("b", 0, 0)],
    ]),
  );
  assert.deepEqual(known.models.map((m) => [m.model, m.prompt_tokens, m.completion_tokens]), [
    ["a", 3 * one, 3 * oneOut],
    ["b", 3 * one, 3 * oneOut],
  ]);
  const usd = 3 * one * 1e-6 + 3 * oneOut * 2e-6;
  assert.equal(known.cost_usd, usd);
  assert.equal(
    projectionLine(known, 1),
    `projected cost: at most $${usd.toFixed(4)} (~${2 * 3 * (one + oneOut)} tokens); --max-cost $1`,
  );

  const unknown = await projectCost(
    [task],
    settings,
    new Map([
      ["a", priced("a", null, 1e-6)],
      ["b", { model: "b", complete: () => Promise.reject(new Error("x")) }],
    ]),
  );
  assert.deepEqual([unknown.cost_usd, unknown.models.map((m) => m.cost_usd)], [null, [null, null]]);
  assert.equal(
    projectionLine(unknown, null),
    "projected cost: unknown (no published prices for a, b)",
  );
});
