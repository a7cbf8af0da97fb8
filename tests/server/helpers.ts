// Shared by the server tests: the fixture catalog, a configuration around a temporary runs
// folder, a server-sent-events reader, raw HTTP requests (paths sent byte for byte, which
// fetch would normalize first), and a server started as its own process.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Config, loadConfig, PROJECT_ROOT } from "../../lib/config.ts";

export const FIXTURE_CATALOG = fileURLToPath(new URL("./fixtures/catalog", import.meta.url));

/** Base URLs of remote providers point at a closed loopback port: no test leaves the host. */
export const OFFLINE_PROVIDERS = {
  OPENROUTER_BASE_URL: "http://127.0.0.1:9/v1",
  OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
  LMSTUDIO_BASE_URL: "http://127.0.0.1:9/v1",
  OLLAMA_BASE_URL: "http://127.0.0.1:9/v1",
};

/** A configuration serving on a free loopback port with runs in `runsDir`. */
export function testConfig(runsDir: string, env: Record<string, string> = {}): Config {
  return loadConfig(PROJECT_ROOT, {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/tmp",
    BENCH_RUNS_DIR: runsDir,
    HOST: "127.0.0.1",
    PORT: "0",
    ...OFFLINE_PROVIDERS,
    ...env,
  });
}

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/** Parses one event block (the text between blank lines); null for comments and retry. */
function parseBlock(block: string): SseEvent | null {
  const ev: SseEvent = { id: null, event: "message", data: "" };
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":") || line.startsWith("retry:")) continue;
    const colon = line.indexOf(": ");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 2);
    if (field === "data") data.push(value);
    else if (field === "event") ev.event = value;
    else if (field === "id") ev.id = value;
  }
  if (data.length === 0 && ev.id === null) return null;
  ev.data = data.join("\n");
  return ev;
}

/** Reads server-sent events from a response body, one message at a time. */
export class SseReader {
  #reader: ReadableStreamDefaultReader<string>;
  #partial = "";
  #ready: SseEvent[] = [];
  #next = 0;

  constructor(res: Response) {
    this.#reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next event (comments and retry lines skipped); throws after `timeoutMs`. */
  async next(timeoutMs = 20_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.#next >= this.#ready.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        this.#reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), left);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error("event stream ended");
      // Every complete block of the chunk at once: no rescanning of a growing buffer.
      const blocks = (this.#partial + chunk.value).split("\n\n");
      this.#partial = blocks.pop()!;
      this.#ready = this.#ready.slice(this.#next);
      this.#next = 0;
      for (const block of blocks) {
        const ev = parseBlock(block);
        if (ev) this.#ready.push(ev);
      }
    }
    return this.#ready[this.#next++];
  }

  /** Events up to and including the first for which `stop` is true. */
  async until(stop: (e: SseEvent) => boolean, timeoutMs = 60_000): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const e = await this.next(Math.max(1, deadline - Date.now()));
      out.push(e);
      if (stop(e)) return out;
    }
  }

  async close() {
    await this.#reader.cancel().catch(() => {});
  }
}

/** Opens an event stream; `lastEventId` is sent as Last-Event-ID. */
export async function openEvents(url: string, lastEventId?: string): Promise<SseReader> {
  const res = await fetch(url, {
    headers: lastEventId ? { "Last-Event-ID": lastEventId } : {},
  });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return new SseReader(res);
}

export const isRunFinished = (runId: string) => (e: SseEvent) =>
  e.event === "run_finished" && JSON.parse(e.data).run_id === runId;

/** A request written byte for byte (fetch would normalize `..` and `%2e%2e` itself). */
export async function rawGet(
  port: number,
  path: string,
): Promise<{ status: number; body: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(
      new TextEncoder().encode(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      ),
    );
    const text = await new Response(conn.readable).text();
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
    return { status, body: text.slice(text.indexOf("\r\n\r\n") + 4) };
  } catch (e) {
    try {
      conn.close();
    } catch { /* closed by the response */ }
    throw e;
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, json: await res.json() };
}

/** A server running as its own process (`main.ts start`). */
export interface ServerProcess {
  url: string;
  port: number;
  child: Deno.ChildProcess;
  /** Sends `signal` and waits for the process to end. */
  kill(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/** Permissions of server and CLI processes started by tests. */
export const CHILD_PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-net=127.0.0.1",
  "--allow-sys",
];

/** Starts `main.ts start` on a free port with runs in `runsDir`; resolves once it serves. */
export async function startServerProcess(
  runsDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...CHILD_PERMISSIONS,
      "main.ts",
      "start",
      "--port",
      "0",
      "--tasks-dir",
      FIXTURE_CATALOG,
    ],
    cwd: PROJECT_ROOT,
    env: { BENCH_RUNS_DIR: runsDir, HOST: "127.0.0.1", ...OFFLINE_PROVIDERS, ...env },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, 30_000);
  try {
    for (;;) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`server exited before serving: ${seen}`);
      seen += value;
      const m = /serving (http:\/\/127\.0\.0\.1:(\d+))\//.exec(seen);
      if (m) {
        // Keep draining stdout so the child never blocks on a full pipe.
        (async () => {
          while (!(await lines.read().catch(() => ({ done: true }))).done) { /* drain */ }
        })();
        return {
          url: m[1],
          port: Number(m[2]),
          child,
          async kill(signal: Deno.Signal = "SIGTERM") {
            try {
              child.kill(signal);
            } catch { /* already gone */ }
            return await child.status;
          },
        };
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function tempRunsDir(): string {
  return join(Deno.makeTempDirSync({ prefix: "bench-server-test-" }), "runs");
}
