// The one interface every model provider implements. A provider only answers prompts: it
// never touches the sandbox, the database or the file system of a run.
import type { Task } from "../catalog.ts";
import type { ResponseCache } from "./cache.ts";
import type { ConnectionLimits } from "./semaphore.ts";

/** A message of a plain text conversation (one-shot and --tries): a ChatMessage without tools. */
export interface TextMessage {
  role: "user" | "assistant";
  content: string;
}

export interface ModelRequest {
  task: Task;
  /** The task's prompt: the first user message. */
  prompt: string;
  /** The whole conversation when there is more than the prompt (a later try, --tries). */
  messages?: readonly TextMessage[];
  temperature: number;
  sample: number;
  signal: AbortSignal;
}

/** The conversation of `req`: its `messages`, else the prompt as the one user message. */
export function requestMessages(req: Pick<ModelRequest, "prompt" | "messages">): TextMessage[] {
  return req.messages?.length ? [...req.messages] : [{ role: "user", content: req.prompt }];
}

/** Prices in USD per token; null fields when the endpoint publishes none. */
export interface TokenPrices {
  prompt: number | null;
  completion: number | null;
}

export interface ModelAnswer {
  text: string;
  promptTokens: number | null;
  completionTokens: number | null;
  /** USD, from the provider or its published prices; null when unknown. */
  costUsd: number | null;
  latencyMs: number;
  firstTokenMs: number | null;
  /** Served from the response cache rather than a new call. */
  cached: boolean;
  /** The answer deliberately makes no edit (the `starter` baseline): grade as shipped. */
  noEdits?: boolean;
  retries?: number;
}

/** A tool offered to the model: a name, what it does, and its arguments' JSON Schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A tool call as the model made it; `arguments` is the raw JSON text it wrote. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** One message of a conversation with the model (the OpenAI chat shape; tools in agent mode). */
export type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ChatRequest {
  task: Task;
  messages: readonly ChatMessage[];
  tools: readonly ToolSpec[];
  temperature: number;
  sample: number;
  signal: AbortSignal;
}

/** One model turn: its message (text and/or tool calls) and what it cost. */
export interface ChatTurn {
  content: string | null;
  toolCalls: ToolCall[];
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
  latencyMs: number;
  retries: number;
}

/** Thrown when the model call failed for good; `message` is one line. */
export class ModelError extends Error {}

export interface Provider {
  /** The full model id, e.g. `reference` or `openrouter/google/gemini-pro`. */
  readonly model: string;
  complete(req: ModelRequest): Promise<ModelAnswer>;
  /**
   * One tool-calling turn (agent mode); absent when the provider cannot call tools. Throws
   * ModelError (one line) when the call failed for good.
   */
  chat?(req: ChatRequest): Promise<ChatTurn>;
  /** Whether this model takes tool calls, when the endpoint says (null: it does not). */
  toolSupport?(): Promise<boolean | null>;
  /** Checks settings (keys, reachability) before any attempt; throws a one-line Error. */
  preflight?(): Promise<void>;
  /** The model's prices (for the projected cost of --max-cost); absent or null: unknown. */
  prices?(): Promise<TokenPrices | null>;
  /** Called once after the run (e.g. to unload a local model). */
  close?(): Promise<void>;
}

/** One model an endpoint offers (`--list-models`); prices in USD per token, null if unknown. */
export interface ModelInfo {
  id: string;
  promptUsdPerToken: number | null;
  completionUsdPerToken: number | null;
  contextLength: number | null;
  /** Whether the model takes tool calls; null when the endpoint does not say. */
  supportsTools: boolean | null;
}

/** Timing knobs of network providers; the defaults suit real endpoints, tests shrink them. */
export interface CallTiming {
  /** First backoff delay; doubles per retry, with jitter. */
  backoffBaseMs: number;
  /** No backoff (nor honoured Retry-After) waits longer than this. */
  backoffMaxMs: number;
  /** A whole call (request to last chunk) may take this long before it counts as timed out. */
  requestTimeoutMs: number;
  /** Silence this long between response chunks counts as a timeout too. */
  idleTimeoutMs: number;
}

/**
 * What a provider needs from its caller. Pass one object to every `createProvider` call of
 * a run: providers created with the same object share per-run state (the LM Studio session).
 */
export interface ProviderOptions {
  /** Text for the `replay` model (--response-file / --response-text). */
  replayText?: string;
  /** Variable lookup (shell first, then `.env`): `config.env`. Default: the process env. */
  env?: (name: string) => string | undefined;
  /** Retries after the first try for 429, 5xx, timeouts and dropped connections (default 4). */
  maxRetries?: number;
  /** Per-provider bounds on parallel calls (--max-connections), shared by the run's providers. */
  connections?: ConnectionLimits;
  /** Response cache; absent or null means every call goes to the endpoint (--no-cache). */
  cache?: ResponseCache | null;
  /** Where one-line notices go (e.g. "lms is not on PATH"). Default: stderr. */
  log?: (line: string) => void;
  timing?: Partial<CallTiming>;
}
