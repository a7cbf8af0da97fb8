// A real OpenAI-compatible HTTP server on 127.0.0.1 (port 0) for the provider tests: it
// streams scripted answers as SSE chunks with usage, and can answer 429 with Retry-After,
// 500, drop the connection mid-stream or answer slowly. Non-streamed requests (agent mode's
// tool turns) get one JSON completion, with scripted tool calls; `onChat` may script a turn
// from the request itself (a second try that reads the test output, an agent's next tool
// call). It records every request (path, Authorization header, body) and the most calls it
// ever had in flight at once.

/** One scripted reply to a chat request. */
export type Reply =
  | {
    kind: "answer";
    text: string;
    /** Number of content chunks the text is split into (default 3). */
    chunks?: number;
    promptTokens?: number;
    completionTokens?: number;
    /** usage.cost, as OpenRouter reports it; omitted when undefined. */
    cost?: number;
    /** Wait before the first byte of the response. */
    delayMs?: number;
    /** Wait between chunks. */
    chunkDelayMs?: number;
    /** Send no usage chunk at all. */
    noUsage?: boolean;
  }
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: "drop"; textBefore: string }
  /** An error event inside a 200 stream, as OpenRouter sends for upstream failures. */
  | { kind: "stream_error"; code: number; message: string }
  | { kind: "hang" }
  /** An assistant message with tool calls (non-streamed requests only). */
  | {
    kind: "tools";
    calls: { name: string; arguments: string; id?: string }[];
    text?: string;
    promptTokens?: number;
    completionTokens?: number;
    cost?: number;
  };

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | null;
  headers: Record<string, string>;
  body: unknown;
  at: number;
}

/** A chat message as the server received it. */
export interface SeenMessage {
  role: string;
  content: string;
}

export interface FakeModel {
  id: string;
  pricing?: { prompt: string; completion: string };
  supported_parameters?: string[];
}

const enc = new TextEncoder();

function sse(data: unknown): Uint8Array {
  return enc.encode(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

function split(text: string, n: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [""];
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fake server; `reply` picks the answer for each chat request (default: `fallback`). */
export class FakeOpenAI {
  readonly requests: SeenRequest[] = [];
  /** Replies used in order, one per chat request; when empty, `fallback` answers. */
  readonly queue: Reply[] = [];
  fallback: Reply = { kind: "answer", text: "hello" };
  /** Scripts a chat reply from its request body; undefined falls back to the queue. */
  onChat?: (body: unknown) => Reply | undefined | Promise<Reply | undefined>;
  models: FakeModel[] = [{ id: "fake" }];
  /** Answer `/models` with this status instead of the list (e.g. 401). */
  modelsStatus = 200;
  active = 0;
  maxActive = 0;
  #server: Deno.HttpServer<Deno.NetAddr>;
  #hanging = new Set<() => void>();

  constructor() {
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#server.addr.port}/v1`;
  }

  /** Chat requests only. */
  get chats(): SeenRequest[] {
    return this.requests.filter((r) => r.path.endsWith("/chat/completions"));
  }

  async close() {
    for (const release of this.#hanging) release();
    await this.#server.shutdown();
  }

  async #handle(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname;
    const text = req.method === "POST" ? await req.text() : "";
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    this.requests.push({
      method: req.method,
      path,
      authorization: req.headers.get("authorization"),
      headers: Object.fromEntries(req.headers),
      body,
      at: performance.now(),
    });
    if (req.method === "GET" && path === "/v1/models") {
      if (this.modelsStatus !== 200) {
        return Response.json({ error: { message: "scripted" } }, { status: this.modelsStatus });
      }
      return Response.json({ object: "list", data: this.models });
    }
    if (req.method === "POST" && path === "/v1/chat/completions") {
      const reply = (await this.onChat?.(body)) ?? this.queue.shift() ?? this.fallback;
      const model = (body as { model?: string })?.model ?? "?";
      if ((body as { stream?: boolean })?.stream !== true) return this.#whole(reply, model);
      return this.#reply(reply, model);
    }
    return Response.json({ error: { message: `no route ${req.method} ${path}` } }, {
      status: 404,
    });
  }

  #track<T>(stream: ReadableStream<T>): ReadableStream<T> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    let done = false;
    const end = () => {
      if (!done) this.active--;
      done = true;
    };
    const reader = stream.getReader();
    return new ReadableStream<T>({
      async pull(c) {
        try {
          const r = await reader.read();
          if (r.done) {
            end();
            c.close();
          } else c.enqueue(r.value);
        } catch (e) {
          end();
          c.error(e);
        }
      },
      cancel() {
        end();
        reader.cancel().catch(() => {});
      },
    });
  }

  /** A non-streamed completion: the reply as one JSON body. */
  #whole(reply: Reply, model: string): Response {
    if (reply.kind !== "answer" && reply.kind !== "tools") return this.#reply(reply, model);
    const tools = reply.kind === "tools" ? reply.calls : [];
    const message = {
      role: "assistant",
      content: reply.text ?? null,
      ...(tools.length
        ? {
          tool_calls: tools.map((c, i) => ({
            id: c.id ?? `call_${this.chats.length}_${i}`,
            type: "function",
            function: { name: c.name, arguments: c.arguments },
          })),
        }
        : {}),
    };
    const prompt = reply.promptTokens ?? 11, completion = reply.completionTokens ?? 7;
    return Response.json({
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: 0,
      model,
      choices: [{ index: 0, message, finish_reason: tools.length ? "tool_calls" : "stop" }],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
        ...(reply.cost !== undefined ? { cost: reply.cost } : {}),
      },
    });
  }

  #reply(reply: Reply, model: string): Response {
    if (reply.kind === "tools") {
      throw new Error("tool calls are scripted for non-streamed requests");
    }
    if (reply.kind === "status") {
      return new Response(JSON.stringify(reply.body ?? { error: { message: "scripted" } }), {
        status: reply.status,
        headers: { "content-type": "application/json", ...reply.headers },
      });
    }
    const headers = { "content-type": "text/event-stream", "cache-control": "no-cache" };
    const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model };
    if (reply.kind === "hang") {
      let release = () => {};
      const hung = new Promise<void>((r) => release = r);
      this.#hanging.add(release);
      return new Response(
        this.#track(
          new ReadableStream({
            async start(c) {
              await hung;
              c.close();
            },
          }),
        ),
        { headers },
      );
    }
    if (reply.kind === "stream_error") {
      const error = { code: reply.code, message: reply.message };
      return new Response(
        this.#track(
          new ReadableStream({
            start(c) {
              c.enqueue(sse({ ...base, choices: [{ index: 0, delta: { role: "assistant" } }] }));
              c.enqueue(sse({ ...base, error, choices: [] }));
              c.close();
            },
          }),
        ),
        { headers },
      );
    }
    if (reply.kind === "drop") {
      return new Response(
        this.#track(
          new ReadableStream({
            async start(c) {
              c.enqueue(sse({ ...base, choices: [{ index: 0, delta: { role: "assistant" } }] }));
              c.enqueue(
                sse({ ...base, choices: [{ index: 0, delta: { content: reply.textBefore } }] }),
              );
              await wait(20);
              c.error(new Error("connection dropped by the fake server"));
            },
          }),
        ),
        { headers },
      );
    }
    const r = reply;
    return new Response(
      this.#track(
        new ReadableStream({
          async start(c) {
            if (r.delayMs) await wait(r.delayMs);
            c.enqueue(sse({ ...base, choices: [{ index: 0, delta: { role: "assistant" } }] }));
            for (const piece of split(r.text, r.chunks ?? 3)) {
              if (r.chunkDelayMs) await wait(r.chunkDelayMs);
              c.enqueue(sse({ ...base, choices: [{ index: 0, delta: { content: piece } }] }));
            }
            c.enqueue(sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
            if (!r.noUsage) {
              const usage: Record<string, unknown> = {
                prompt_tokens: r.promptTokens ?? 11,
                completion_tokens: r.completionTokens ?? 7,
                total_tokens: (r.promptTokens ?? 11) + (r.completionTokens ?? 7),
              };
              if (r.cost !== undefined) usage.cost = r.cost;
              c.enqueue(sse({ ...base, choices: [], usage }));
            }
            c.enqueue(sse("[DONE]"));
            c.close();
          },
        }),
      ),
      { headers },
    );
  }
}
