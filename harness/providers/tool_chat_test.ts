// Agent mode's tool turns over the wire: the OpenAI-compatible provider against the
// loopback fake server, through the real `openai` client (non-streamed requests).
import assert from "node:assert/strict";
import type { Task } from "../catalog.ts";
import { FakeOpenAI } from "../../tests/providers/fake_openai.ts";
import { MODEL_NO_TOOLS, NO_TOOLS } from "../modes/agent.ts";
import { warnToolless } from "../modes/agent_settings.ts";
import { TOOL_SPECS } from "../modes/agent_tools.ts";
import { createProvider } from "./registry.ts";
import { type ChatRequest, ModelError } from "./types.ts";

const CANARY = "sk-canary-tools-41c9";

function chatRequest(): ChatRequest {
  return {
    task: {} as Task,
    messages: [
      { role: "user", content: "Fix calc.py" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", name: "read_file", arguments: '{"path":"calc.py"}' }],
      },
      { role: "tool", tool_call_id: "c1", content: "def add(a, b): ..." },
    ],
    tools: TOOL_SPECS,
    temperature: 0,
    sample: 0,
    signal: new AbortController().signal,
  };
}

Deno.test("tool chat - sends tools and the conversation, reads tool calls, usage and cost", async () => {
  const server = new FakeOpenAI();
  try {
    server.queue.push({
      kind: "tools",
      text: "Writing it.",
      calls: [{ id: "c2", name: "write_file", arguments: '{"path":"calc.py","content":"x"}' }],
      promptTokens: 40,
      completionTokens: 9,
      cost: 0.002,
    });
    const env = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: CANARY };
    const p = createProvider("openai/fake", { env: (n) => env[n as keyof typeof env] });
    const turn = await p.chat!(chatRequest());
    assert.deepEqual({ ...turn, latencyMs: 0 }, {
      content: "Writing it.",
      toolCalls: [{ id: "c2", name: "write_file", arguments: '{"path":"calc.py","content":"x"}' }],
      promptTokens: 40,
      completionTokens: 9,
      costUsd: 0.002,
      latencyMs: 0,
      retries: 0,
    });
    const body = server.chats[0].body as Record<string, unknown>;
    assert.equal(body.stream, undefined);
    assert.deepEqual((body.tools as { function: { name: string } }[]).map((t) => t.function.name), [
      "list_files",
      "read_file",
      "write_file",
      "run_tests",
      "submit",
    ]);
    assert.deepEqual(body.messages, [
      { role: "user", content: "Fix calc.py" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "c1",
          type: "function",
          function: { name: "read_file", arguments: '{"path":"calc.py"}' },
        }],
      },
      { role: "tool", tool_call_id: "c1", content: "def add(a, b): ..." },
    ]);
    assert.equal(server.chats[0].authorization, `Bearer ${CANARY}`);
  } finally {
    await server.close();
  }
});

Deno.test("tool chat - an HTTP error ends in one ModelError line without the key", async () => {
  const server = new FakeOpenAI();
  try {
    server.fallback = {
      kind: "status",
      status: 400,
      body: { error: { message: `tools not supported (key ${CANARY})` } },
    };
    const env = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: CANARY };
    const p = createProvider("openai/fake", {
      env: (n) => env[n as keyof typeof env],
      maxRetries: 0,
    });
    const e = await p.chat!(chatRequest()).then(() => null, (e) => e);
    assert.ok(e instanceof ModelError);
    assert.ok(!e.message.includes(CANARY) && !e.message.includes("\n"), e.message);
    assert.match(e.message, /400/);
  } finally {
    await server.close();
  }
});

Deno.test("tool chat - the model list tells whether a model takes tools, said once before a run", async () => {
  const server = new FakeOpenAI();
  try {
    server.models = [
      { id: "tooled", supported_parameters: ["tools", "temperature"] },
      { id: "plain", supported_parameters: ["temperature"] },
      { id: "quiet" },
    ];
    const opts = { env: (n: string) => (n === "OPENAI_BASE_URL" ? server.baseUrl : undefined) };
    const providers = ["tooled", "plain", "quiet"].map((m) => createProvider(`openai/${m}`, opts));
    assert.deepEqual(await Promise.all(providers.map((p) => p.toolSupport!())), [
      true,
      false,
      null,
    ]);
    const lines: string[] = [];
    await warnToolless([...providers, createProvider("reference")], (l) => lines.push(l));
    assert.deepEqual(lines, [
      `openai/plain: ${MODEL_NO_TOOLS}; its agent attempts end model_error`,
      `reference: ${NO_TOOLS}; its agent attempts end model_error`,
    ]);
  } finally {
    await server.close();
  }
});
