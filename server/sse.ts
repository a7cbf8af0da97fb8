// The one server-sent-events helper, on Hono's streamSSE plumbing: the wire format (data
// split into one `data:` line per line, newlines refused in `event` and `id`, as Hono's
// writeSSE does, but several messages per write so a burst costs one write per batch), a
// signal that aborts when the client goes away (so the producer stops working), a
// heartbeat comment that keeps idle connections alive and finds dead ones, a reconnect
// delay, and a stream that is always closed, whatever the producer did.
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";

/** Idle connections get a comment this often (proxies drop silent ones after ~30–60 s). */
export const HEARTBEAT_MS = 15_000;
/** What EventSource waits before reconnecting after the stream ends. */
export const RECONNECT_DELAY_MS = 1_000;

export interface SseMessage {
  /** May hold newlines: each line becomes its own `data:` line. */
  data: string;
  /** Must not hold a newline (the send throws). */
  event?: string;
  /** Must not hold a newline (the send throws); the client's Last-Event-ID on reconnect. */
  id?: string | number;
}

/** Writes one message, or several in one write; throws (writing none) for a bad field. */
export type SseSend = (messages: SseMessage | readonly SseMessage[]) => Promise<void>;

export interface SseOptions {
  heartbeatMs?: number;
  retryMs?: number;
}

/** Wire text per message object: one event sent to many clients is formatted once. */
const formatted = new WeakMap<SseMessage, string>();

/** One message on the wire; throws when `event` or `id` holds a line break. */
export function formatSse(m: SseMessage): string {
  const known = formatted.get(m);
  if (known !== undefined) return known;
  const id = m.id === undefined ? undefined : String(m.id);
  for (const [key, value] of [["event", m.event], ["id", id]]) {
    if (value !== undefined && /[\r\n]/.test(value)) {
      throw new Error(`${key} must not contain "\\r" or "\\n"`);
    }
  }
  const lines = m.data.split(/\r\n|\r|\n/).map((l) => `data: ${l}`);
  if (m.event) lines.unshift(`event: ${m.event}`);
  if (id !== undefined) lines.push(`id: ${id}`);
  const text = lines.join("\n") + "\n\n";
  formatted.set(m, text);
  return text;
}

/**
 * Answers with an event stream fed by `produce`. `signal` aborts when the client
 * disconnects; `produce` should then return. The stream closes when `produce` returns or
 * throws (a throw is logged, never sent to the client).
 */
export function streamSse(
  c: Context,
  produce: (send: SseSend, signal: AbortSignal) => Promise<void>,
  opts: SseOptions = {},
): Response {
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    const gone = new AbortController();
    // A client that goes away cancels the response body, which aborts the stream. (Not
    // request.signal: under Deno.serve it also fires once a response completes.)
    stream.onAbort(() => gone.abort());
    const heartbeat = setInterval(() => {
      if (!gone.signal.aborted) stream.write(": ping\n\n");
    }, opts.heartbeatMs ?? HEARTBEAT_MS);
    try {
      await stream.write(`retry: ${opts.retryMs ?? RECONNECT_DELAY_MS}\n\n`);
      await produce(async (messages) => {
        if (gone.signal.aborted) return;
        const text = Array.isArray(messages)
          ? messages.map(formatSse).join("")
          : formatSse(messages as SseMessage);
        if (text) await stream.write(text);
      }, gone.signal);
    } catch (e) {
      if (!gone.signal.aborted) console.error("event stream failed:", e);
    } finally {
      clearInterval(heartbeat);
      gone.abort();
    }
  });
}
