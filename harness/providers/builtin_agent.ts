// The offline agent `reference-agent`: in agent mode it lists the workspace, reads the files
// its solution replaces, writes the task's solution/ files, runs the tests and submits —
// one step a turn, chosen by how many turns the conversation already has, so the whole
// tool loop runs end to end without a network.
import { join } from "node:path";
import type { ChatRequest, ChatTurn, Provider, ToolCall } from "./types.ts";
import { ModelError } from "./types.ts";

function turn(started: number, calls: [string, Record<string, unknown>][], text = ""): ChatTurn {
  return {
    content: text || null,
    toolCalls: calls.map(([name, args], i): ToolCall => ({
      id: `call_${i}`,
      name,
      arguments: JSON.stringify(args),
    })),
    promptTokens: null,
    completionTokens: null,
    costUsd: 0,
    latencyMs: performance.now() - started,
    retries: 0,
  };
}

/** The last `list_files` result in the conversation, as a set of paths. */
function listed(req: ChatRequest): Set<string> {
  const last = req.messages.findLast((m) => m.role === "tool");
  return new Set(last?.role === "tool" ? last.content.split("\n") : []);
}

export function referenceAgentProvider(): Provider {
  return {
    model: "reference-agent",
    complete() {
      return Promise.reject(new ModelError("reference-agent answers only in agent mode (--agent)"));
    },
    async chat(req: ChatRequest): Promise<ChatTurn> {
      const started = performance.now();
      const { task } = req;
      const step = req.messages.filter((m) => m.role === "assistant").length;
      if (step === 0) return turn(started, [["list_files", {}]], "Looking at the workspace.");
      if (step === 1) {
        const present = listed(req);
        const reads = task.solutionFiles.filter((f) => present.has(f));
        return turn(started, reads.map((path) => ["read_file", { path }]));
      }
      if (step === 2) {
        const writes = await Promise.all(task.solutionFiles.map(async (path) => {
          const content = await Deno.readTextFile(join(task.dir, "solution", path));
          return ["write_file", { path, content }] as [string, Record<string, unknown>];
        }));
        return turn(started, writes);
      }
      if (step === 3) return turn(started, [["run_tests", {}]]);
      if (step === 4) return turn(started, [["submit", {}]]);
      return turn(started, [], "Submitted.");
    },
  };
}
