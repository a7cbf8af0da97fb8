// The offline models: `reference` answers with the task's solution/ files as fenced
// blocks (so the whole parse-and-apply path runs), `starter` answers with no edit
// (baseline 0%), `replay` answers with a stored text, and `reference-second-try` answers
// with no edit until its request carries test output, then with the solution (so --tries
// runs end to end offline: pass_rate_1 0%, pass_rate_2 100%).
import { join } from "node:path";
import type { Task } from "../catalog.ts";
import { FEEDBACK_HEADING } from "../modes/feedback.ts";
import { fencedFile } from "../prompt.ts";
import {
  type ModelAnswer,
  type ModelRequest,
  type Provider,
  requestMessages,
  type TokenPrices,
} from "./types.ts";

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

/** Offline models cost nothing. */
const FREE = (): Promise<TokenPrices> => Promise.resolve({ prompt: 0, completion: 0 });

async function solutionAnswer(task: Task, started: number): Promise<ModelAnswer> {
  const blocks = await Promise.all(
    task.solutionFiles.map(async (f) =>
      `${fencedFile(f, await Deno.readTextFile(join(task.dir, "solution", f)))}`
    ),
  );
  return answer(`Reference solution for ${task.id}.\n\n${blocks.join("\n")}`, started);
}

const NO_CHANGES = "(starter: no changes)\n";

export function referenceProvider(): Provider {
  return {
    model: "reference",
    prices: FREE,
    complete: ({ task }: ModelRequest) => solutionAnswer(task, performance.now()),
  };
}

export function starterProvider(): Provider {
  return {
    model: "starter",
    prices: FREE,
    complete() {
      return Promise.resolve(answer(NO_CHANGES, performance.now(), true));
    },
  };
}

export function referenceSecondTryProvider(): Provider {
  return {
    model: "reference-second-try",
    prices: FREE,
    complete(req: ModelRequest) {
      const last = requestMessages(req).at(-1)!;
      const sawTests = last.role === "user" && last.content.startsWith(FEEDBACK_HEADING);
      return sawTests
        ? solutionAnswer(req.task, performance.now())
        : Promise.resolve(answer(NO_CHANGES, performance.now(), true));
    },
  };
}

export function replayProvider(text: string): Provider {
  return {
    model: "replay",
    prices: FREE,
    complete() {
      return Promise.resolve(answer(text, performance.now()));
    },
  };
}
