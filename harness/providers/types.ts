// The one interface every model provider implements. A provider only answers prompts: it
// never touches the sandbox, the database or the file system of a run.
import type { Task } from "../catalog.ts";
import type { ResponseCache } from "./cache.ts";
import type { ConnectionLimits } from "./semaphore.ts";

/** One message of a conversation with the model. */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface ModelRequest {
  task: Task;
  /** The task's prompt: the first user message. */
  prompt: string;
  /** The whole conversation when there is more than the prompt (a later try, --tries). */
  messages?: readonly ChatMessage[];
  temperature: number;
  sample: number;
  signal: AbortSignal;
}

/** The conversation of `req`: its `messages`, else the prompt as the one user message. */
export function requestMessages(req: Pick<ModelRequest, "prompt" | "messages">): ChatMessage[] {
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

/** Thrown when the model call failed for good; `message` is one line. */
export class ModelError extends Error {}

export interface Provider {
  /** The full model id, e.g. `reference` or `openrouter/google/gemini-pro`. */
  readonly model: string;
  complete(req: ModelRequest): Promise<ModelAnswer>;
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
