// One streamed chat completion over the wire through the `openai` client: the text, token
// usage, the provider's reported cost, time to first token and latency. Our own timers end
// a call that goes silent (idle) or runs too long; timeouts and broken connections come out
// as TransientError so the retry module can try again, HTTP errors keep their status.
import OpenAI from "openai";
import { errorLine, isRetryable, networkReason, TransientError } from "./retry.ts";
import type { CallTiming, ModelAnswer, TextMessage } from "./types.ts";

export interface ChatBody {
  model: string;
  messages: readonly TextMessage[];
  temperature: number;
}

/** A finished call: the answer's fields plus `usage.cost` when the provider reported one. */
export type StreamedAnswer = Omit<ModelAnswer, "costUsd" | "cached"> & {
  reportedCost: number | null;
};

/** Turns the client's connection errors into TransientError; HTTP errors keep their status. */
export function classify(e: unknown): unknown {
  if (e instanceof OpenAI.APIConnectionTimeoutError) return new TransientError("request timed out");
  if (e instanceof OpenAI.APIConnectionError) {
    return new TransientError(`connection failed: ${networkReason(e)}`);
  }
  if (e instanceof OpenAI.APIError && e.status === undefined) {
    // An error event inside the stream (OpenRouter reports upstream failures this way, with
    // an HTTP-like `code`): retried unless the code says the request itself is wrong.
    const code = (e.error as { code?: unknown } | undefined)?.code;
    const line = `error in the stream: ${errorLine(e)}`;
    const final = typeof code === "number" && !isRetryable({ status: code });
    return final ? new Error(line) : new TransientError(line);
  }
  // The body broke off after the headers: the fetch layer raises a TypeError.
  if (e instanceof TypeError) return new TransientError(`connection dropped: ${networkReason(e)}`);
  return e;
}

type Usage = { prompt_tokens?: number; completion_tokens?: number; cost?: unknown };

/**
 * One streamed call. Throws TransientError for a timeout, a dropped connection or a stream
 * that ends without a finish reason; the client's APIError (with `status` and `headers`) for
 * an HTTP error; the abort reason when `signal` aborts.
 */
export async function streamChat(
  client: OpenAI,
  body: ChatBody,
  signal: AbortSignal,
  timing: CallTiming,
): Promise<StreamedAnswer> {
  const ctl = new AbortController();
  let timedOut: string | null = null;
  const expire = (why: string) => () => {
    timedOut = why;
    ctl.abort();
  };
  const onAbort = () => ctl.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  const total = setTimeout(
    expire(`no complete answer within ${timing.requestTimeoutMs / 1000}s`),
    timing.requestTimeoutMs,
  );
  const idleMsg = `no data for ${timing.idleTimeoutMs / 1000}s`;
  let idle = setTimeout(expire(idleMsg), timing.idleTimeoutMs);
  const t0 = performance.now();
  let text = "", firstTokenMs: number | null = null, finished = false;
  let usage: Usage | null = null;
  try {
    const stream = await client.chat.completions.create({
      model: body.model,
      messages: body.messages.map((m) => ({ role: m.role, content: m.content })),
      temperature: body.temperature,
      stream: true,
      stream_options: { include_usage: true },
    }, { signal: ctl.signal });
    for await (const chunk of stream) {
      clearTimeout(idle);
      idle = setTimeout(expire(idleMsg), timing.idleTimeoutMs);
      if (chunk.usage) usage = chunk.usage as Usage;
      for (const choice of chunk.choices ?? []) {
        const delta = choice.delta as { content?: string | null; reasoning?: string | null } & {
          reasoning_content?: string | null;
        };
        const piece = delta?.content ?? "";
        if (firstTokenMs === null && (piece || delta?.reasoning || delta?.reasoning_content)) {
          firstTokenMs = performance.now() - t0;
        }
        text += piece;
        if (choice.finish_reason) finished = true;
      }
    }
  } catch (e) {
    if (timedOut) throw new TransientError(timedOut);
    if (signal.aborted) throw e;
    throw classify(e);
  } finally {
    clearTimeout(total);
    clearTimeout(idle);
    signal.removeEventListener("abort", onAbort);
  }
  // The client ends the iteration quietly when its request is aborted.
  if (timedOut) throw new TransientError(timedOut);
  if (signal.aborted) throw signal.reason;
  if (!finished) throw new TransientError("the stream ended before the answer was complete");
  return {
    text,
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens: usage?.completion_tokens ?? null,
    reportedCost: typeof usage?.cost === "number" ? usage.cost : null,
    latencyMs: performance.now() - t0,
    firstTokenMs,
  };
}
