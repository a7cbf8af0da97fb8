// The offline models: `reference` answers with the task's solution/ files as fenced
// blocks (so the whole parse-and-apply path runs), `starter` answers with no edit
// (baseline 0%), `replay` answers with a stored text.
import { join } from "node:path";
import { fencedFile } from "../prompt.ts";
import type { ModelAnswer, ModelRequest, Provider } from "./types.ts";

function answer(text: string, started: number, noEdits = false): ModelAnswer {
  return {
    text,
    promptTokens: null,
    completionTokens: null,
    costUsd: 0,
    latencyMs: performance.now() - started,
    firstTokenMs: null,
    cached: false,
    noEdits,
  };
}

export function referenceProvider(): Provider {
  return {
    model: "reference",
    async complete({ task }: ModelRequest) {
      const started = performance.now();
      const blocks = await Promise.all(
        task.solutionFiles.map(async (f) =>
          `${fencedFile(f, await Deno.readTextFile(join(task.dir, "solution", f)))}`
        ),
      );
      return answer(`Reference solution for ${task.id}.\n\n${blocks.join("\n")}`, started);
    },
  };
}

export function starterProvider(): Provider {
  return {
    model: "starter",
    complete() {
      return Promise.resolve(answer("(starter: no changes)\n", performance.now(), true));
    },
  };
}

export function replayProvider(text: string): Provider {
  return {
    model: "replay",
    complete() {
      return Promise.resolve(answer(text, performance.now()));
    },
  };
}
