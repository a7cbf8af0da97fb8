// Agent mode's conversation loop: ask the model, run the tools it calls, send the results
// back, until it submits, answers in plain text, or a limit (turns, tokens, wall clock)
// ends it. Every message, tool call and tool result goes to the transcript as it happens.
// Limits here bound what a hostile model can make the harness do or keep: tool calls per
// turn, argument sizes, and the total tool output fed back into the conversation.
import type { AgentEndReason, AgentSettings, AgentStats } from "../../lib/wire.ts";
import { clipToBytes } from "../answer/bounded.ts";
import type { Task } from "../catalog.ts";
import { type ChatMessage, ModelError, type Provider, type ToolCall } from "../providers/types.ts";
import { parseArguments, TOOL_SPECS, ToolRefusal, type WorkspaceTools } from "./agent_tools.ts";

/** Tool calls of one turn that are run; the rest get a refusal as their result. */
export const MAX_CALLS_PER_TURN = 32;
/** Total bytes of tool results one attempt feeds back; later results are refused. */
export const TOOL_OUTPUT_BUDGET_BYTES = 8 * 1024 * 1024;
/** Known tool names; calls to any other are counted together as `(unknown)`. */
const TOOL_NAMES = new Set(TOOL_SPECS.map((t) => t.name));

export interface LoopInput {
  task: Task;
  provider: Provider;
  prompt: string;
  temperature: number;
  sample: number;
  limits: AgentSettings;
  tools: WorkspaceTools;
  /** Runs the tests on a copy of the workspace; returns the tool result. */
  runTests: (signal: AbortSignal) => Promise<string>;
  /** Appends one transcript entry. */
  record: (entry: Record<string, unknown>) => Promise<void>;
  signal: AbortSignal;
}

export interface LoopResult {
  stats: AgentStats;
  /** The text of the model's last message (its answer, when it ended without tools). */
  lastText: string;
  /** One line, when the loop ended on a failed model call. */
  error: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
  latencyMs: number;
  retries: number;
}

const sum = (a: number | null, b: number | null) => (b === null ? a : (a ?? 0) + b);

/** Longest tool name or call id kept; a hostile model may send megabytes of either. */
const MAX_NAME_CHARS = 64;
/** A message's text is kept (sent back, recorded) up to this; a text answer is parsed whole. */
const KEPT_TEXT_BYTES = 256 * 1024;
/** Tool-call arguments above this are not kept in the conversation or the transcript. */
const KEPT_ARGUMENT_CHARS = 64 * 1024;

/** The call as it is kept in the conversation: oversized fields are not sent back. */
function keptCall(c: ToolCall): ToolCall {
  return {
    id: c.id.slice(0, MAX_NAME_CHARS),
    name: c.name.slice(0, MAX_NAME_CHARS),
    arguments: c.arguments.length > KEPT_ARGUMENT_CHARS
      ? JSON.stringify({ cut: `${c.arguments.length} characters not kept` })
      : c.arguments,
  };
}

/** Runs the loop to its end. Throws only for harness faults (a full disk, say). */
export async function runAgentLoop(input: LoopInput): Promise<LoopResult> {
  const { limits, tools } = input;
  const clock = new AbortController();
  const timer = setTimeout(() => clock.abort(), limits.attempt_timeout_s * 1000);
  const signal = AbortSignal.any([input.signal, clock.signal]);
  const messages: ChatMessage[] = [{ role: "user", content: input.prompt }];
  const stats: AgentStats = { turns: 0, tool_calls: {}, test_runs: 0, ended_by: "submit" };
  const out: LoopResult = {
    stats,
    lastText: "",
    error: null,
    promptTokens: null,
    completionTokens: null,
    costUsd: null,
    latencyMs: 0,
    retries: 0,
  };
  let outputBytes = 0;
  let submitted = false;
  const end = (why: AgentEndReason): LoopResult => {
    stats.ended_by = why;
    return out;
  };

  const execute = async (call: ToolCall): Promise<string> => {
    if (signal.aborted) return "error: not run: the attempt's time is up";
    if (submitted) return "error: not run: already submitted";
    if (outputBytes > TOOL_OUTPUT_BUDGET_BYTES) {
      return "error: this attempt has used its tool output budget";
    }
    try {
      const args = parseArguments(call.arguments);
      switch (call.name) {
        case "list_files":
          return await tools.listFiles();
        case "read_file":
          return await tools.readFile(args);
        case "write_file":
          return await tools.writeFile(args);
        case "run_tests":
          if (stats.test_runs >= limits.max_test_runs) {
            throw new ToolRefusal(`run_tests limit reached (${limits.max_test_runs} per attempt)`);
          }
          stats.test_runs++;
          return await input.runTests(signal);
        case "submit":
          submitted = true;
          return "submitted: the workspace will now be graded";
        default:
          throw new ToolRefusal(
            `unknown tool ${JSON.stringify(call.name.slice(0, MAX_NAME_CHARS))}: use ${
              [...TOOL_NAMES].join(", ")
            }`,
          );
      }
    } catch (e) {
      if (e instanceof ToolRefusal) return `error: ${e.message}`;
      throw e;
    }
  };

  try {
    await input.record({ role: "user", content: input.prompt });
    for (;;) {
      if (input.signal.aborted) return end("cancelled");
      if (clock.signal.aborted) return end("timeout");
      if (stats.turns >= limits.max_turns) return end("max_turns");
      const used = (out.promptTokens ?? 0) + (out.completionTokens ?? 0);
      if (limits.max_attempt_tokens !== null && used >= limits.max_attempt_tokens) {
        return end("max_tokens");
      }
      let turn;
      try {
        turn = await input.provider.chat!({
          task: input.task,
          messages,
          tools: TOOL_SPECS,
          temperature: input.temperature,
          sample: input.sample,
          signal,
        });
      } catch (e) {
        if (input.signal.aborted) return end("cancelled");
        if (clock.signal.aborted) return end("timeout");
        out.error = e instanceof ModelError ? e.message : String((e as Error).message ?? e);
        return end("model_error");
      }
      stats.turns++;
      out.promptTokens = sum(out.promptTokens, turn.promptTokens);
      out.completionTokens = sum(out.completionTokens, turn.completionTokens);
      out.costUsd = sum(out.costUsd, turn.costUsd);
      out.latencyMs += turn.latencyMs;
      out.retries += turn.retries;
      out.lastText = turn.content ?? "";
      const calls = turn.toolCalls.map((c, i) => ({
        ...c,
        id: c.id.slice(0, MAX_NAME_CHARS) || `call_${stats.turns}_${i}`,
      }));
      const kept = calls.map(keptCall);
      const content = turn.content === null ? null : clipToBytes(turn.content, KEPT_TEXT_BYTES);
      messages.push({ role: "assistant", content, tool_calls: kept });
      await input.record({
        role: "assistant",
        turn: stats.turns,
        content,
        tool_calls: kept,
        prompt_tokens: turn.promptTokens,
        completion_tokens: turn.completionTokens,
        cost_usd: turn.costUsd,
      });
      if (calls.length === 0) return end("no_tools");
      for (const [i, call] of calls.entries()) {
        const name = TOOL_NAMES.has(call.name) ? call.name : "(unknown)";
        stats.tool_calls[name] = (stats.tool_calls[name] ?? 0) + 1;
        const result = i < MAX_CALLS_PER_TURN
          ? await execute(call)
          : `error: not run: more than ${MAX_CALLS_PER_TURN} tool calls in one turn`;
        outputBytes += result.length;
        messages.push({ role: "tool", tool_call_id: call.id, content: result });
        await input.record({
          role: "tool",
          tool_call_id: call.id,
          name: call.name.slice(0, MAX_NAME_CHARS),
          content: result,
        });
      }
      if (submitted) return end("submit");
    }
  } finally {
    clearTimeout(timer);
  }
}
