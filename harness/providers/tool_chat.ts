// One non-streamed tool-calling chat completion through the `openai` client (agent mode):
// our messages and tool specs in the OpenAI shape, the assistant's text and tool calls
// out, with token usage and the provider's reported cost. A whole-call timer ends a call
// that takes too long; connection failures come out as TransientError (see classify).
import type OpenAI from "openai";
import { TransientError } from "./retry.ts";
import { classify } from "./stream_chat.ts";
import type { CallTiming, ChatMessage, ChatTurn, ToolCall, ToolSpec } from "./types.ts";

type Usage = { prompt_tokens?: number; completion_tokens?: number; cost?: unknown };

/** A finished tool turn plus `usage.cost` when the provider reported one. */
export type ToolTurn = Omit<ChatTurn, "costUsd" | "retries"> & { reportedCost: number | null };

/** The OpenAI wire form of our messages. */
function wireMessages(messages: readonly ChatMessage[]) {
  return messages.map((m) => {
    if (m.role !== "assistant" || !m.tool_calls?.length) return m;
    return {
      role: "assistant" as const,
      content: m.content,
      tool_calls: m.tool_calls.map((c) => ({
        id: c.id,
        type: "function" as const,
        function: { name: c.name, arguments: c.arguments },
      })),
    };
  });
}

/**
 * One tool turn. Throws TransientError for a timeout or a dropped connection, the client's
 * APIError for an HTTP error, the abort reason when `signal` aborts.
 */
export async function toolChat(
  client: OpenAI,
  body: {
    model: string;
    messages: readonly ChatMessage[];
    tools: readonly ToolSpec[];
    temperature: number;
  },
  signal: AbortSignal,
  timing: CallTiming,
): Promise<ToolTurn> {
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, timing.requestTimeoutMs);
  const onAbort = () => ctl.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  const t0 = performance.now();
  try {
    const res = await client.chat.completions.create({
      model: body.model,
      // deno-lint-ignore no-explicit-any
      messages: wireMessages(body.messages) as any,
      tools: body.tools.map((t) => ({
        type: "function" as const,
        function: { name: t.name, description: t.description, parameters: t.parameters },
      })),
      temperature: body.temperature,
    }, { signal: ctl.signal });
    const message = res.choices?.[0]?.message;
    const usage = (res.usage ?? null) as Usage | null;
    const toolCalls: ToolCall[] = (message?.tool_calls ?? []).flatMap((c) =>
      c.type === "function"
        ? [{
          id: String(c.id ?? ""),
          name: String(c.function?.name ?? ""),
          arguments: String(c.function?.arguments ?? ""),
        }]
        : []
    );
    return {
      content: typeof message?.content === "string" ? message.content : null,
      toolCalls,
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
      reportedCost: typeof usage?.cost === "number" ? usage.cost : null,
      latencyMs: performance.now() - t0,
    };
  } catch (e) {
    if (timedOut) throw new TransientError(`no answer within ${timing.requestTimeoutMs / 1000}s`);
    if (signal.aborted) throw e;
    throw classify(e);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}
