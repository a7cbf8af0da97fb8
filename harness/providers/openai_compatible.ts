// Models behind any OpenAI-compatible chat endpoint, through the `openai` client: one family
// of settings per prefix (OpenRouter, OpenAI or any compatible server, LM Studio, Ollama).
// Each call (stream_chat.ts) is wrapped in the response cache, retries and the provider's
// connection limit; cost comes from the provider's report, else its published prices.
// The family's key is sent only to its base URL and cut out of every message we produce.
import OpenAI from "openai";
import { redact } from "../../lib/config.ts";
import { closeMatches } from "../../lib/util.ts";
import { lmsSessionFor } from "./lms.ts";
import { fetchModelList, ModelListError, priceOf } from "./model_list.ts";
import { errorLine, RetriesExhaustedError, withRetries } from "./retry.ts";
import { ConnectionLimits, type Semaphore } from "./semaphore.ts";
import { streamChat } from "./stream_chat.ts";
import { toolChat } from "./tool_chat.ts";
import {
  type CallTiming,
  type ChatRequest,
  type ChatTurn,
  type ModelAnswer,
  ModelError,
  type ModelInfo,
  type ModelRequest,
  type Provider,
  type ProviderOptions,
  requestMessages,
  type TokenPrices,
} from "./types.ts";

/** How one family finds its endpoint and key. */
export interface FamilySettings {
  prefix: string;
  label: string;
  baseUrlVar: string;
  defaultBaseUrl: string;
  /** The variable holding the key; absent for local servers that need none. */
  keyVar?: string;
  /** `always`: no call without a key; `default-url`: only the default (public) URL needs one. */
  keyRequired: "always" | "default-url" | "never";
  /** The endpoint lists every model it serves: preflight refuses an id it does not list. */
  checkListed?: boolean;
  /** LM Studio: switch the loaded model with `lms` before the run. */
  lms?: boolean;
  headers?: Record<string, string>;
}

export const OPENROUTER: FamilySettings = {
  prefix: "openrouter",
  label: "OpenRouter",
  baseUrlVar: "OPENROUTER_BASE_URL",
  defaultBaseUrl: "https://openrouter.ai/api/v1",
  keyVar: "OPENROUTER_API_KEY",
  keyRequired: "always",
  checkListed: true,
  headers: { "X-Title": "Benchmark Harness" },
};

export const OPENAI_FAMILY: FamilySettings = {
  prefix: "openai",
  label: "OpenAI-compatible server",
  baseUrlVar: "OPENAI_BASE_URL",
  defaultBaseUrl: "https://api.openai.com/v1",
  keyVar: "OPENAI_API_KEY",
  keyRequired: "default-url",
};

export const LMSTUDIO: FamilySettings = {
  prefix: "lmstudio",
  label: "LM Studio",
  baseUrlVar: "LMSTUDIO_BASE_URL",
  defaultBaseUrl: "http://127.0.0.1:1234/v1",
  keyRequired: "never",
  lms: true,
};

export const OLLAMA: FamilySettings = {
  prefix: "ollama",
  label: "Ollama",
  baseUrlVar: "OLLAMA_BASE_URL",
  defaultBaseUrl: "http://127.0.0.1:11434/v1",
  keyRequired: "never",
};

export const DEFAULT_MAX_RETRIES = 4;

export const DEFAULT_TIMING: CallTiming = {
  backoffBaseMs: 2_000,
  backoffMaxMs: 120_000,
  // Local models on a CPU can think for minutes over a long prompt before the first token.
  requestTimeoutMs: 20 * 60_000,
  idleTimeoutMs: 5 * 60_000,
};

/** The client needs some key; local servers ignore this one. */
const NO_KEY = "no-key";

interface Endpoint {
  baseUrl: string;
  apiKey: string | null;
  /** Why no call can be made (a missing key), as the one line preflight reports. */
  problem: string | null;
}

function resolveEndpoint(f: FamilySettings, env: (n: string) => string | undefined): Endpoint {
  const baseUrl = (env(f.baseUrlVar) || f.defaultBaseUrl).replace(/\/+$/, "");
  const apiKey = (f.keyVar && env(f.keyVar)) || null;
  let problem: string | null = null;
  if (!apiKey && f.keyRequired === "always") {
    problem =
      `${f.keyVar} is not set: add it to .env or the environment to use ${f.prefix}/ models`;
  } else if (!apiKey && f.keyRequired === "default-url" && baseUrl === f.defaultBaseUrl) {
    problem = `${f.keyVar} is not set: add it to .env or the environment (or point ` +
      `${f.baseUrlVar} at a server that needs no key) to use ${f.prefix}/ models`;
  }
  return { baseUrl, apiKey, problem };
}

function makeClient(f: FamilySettings, ep: Endpoint, timing: CallTiming): OpenAI {
  // Every credential and URL is explicit: the client must never fall back to OPENAI_API_KEY,
  // OPENAI_BASE_URL or OPENAI_ORG_ID from the environment, which belong to another family.
  return new OpenAI({
    apiKey: ep.apiKey ?? NO_KEY,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    baseURL: ep.baseUrl,
    maxRetries: 0,
    timeout: timing.requestTimeoutMs,
    logLevel: "off",
    defaultHeaders: f.headers,
  });
}

/** A one-line failure with the key cut out. */
function scrub(text: string, ep: Endpoint): string {
  return ep.apiKey ? redact(text, [ep.apiKey]) : text;
}

class OpenAICompatibleProvider implements Provider {
  readonly #name: string;
  readonly #ep: Endpoint;
  readonly #client: OpenAI;
  readonly #timing: CallTiming;
  readonly #limit: Semaphore;
  #models: Promise<ModelInfo[] | null> | null = null;

  constructor(
    readonly model: string,
    private readonly family: FamilySettings,
    private readonly opts: ProviderOptions,
  ) {
    this.#name = model.slice(family.prefix.length + 1);
    this.#ep = resolveEndpoint(family, opts.env ?? ((n) => Deno.env.get(n)));
    this.#timing = { ...DEFAULT_TIMING, ...opts.timing };
    this.#client = makeClient(family, this.#ep, this.#timing);
    this.#limit = (opts.connections ?? new ConnectionLimits()).for(family.prefix);
  }

  #log(line: string) {
    (this.opts.log ?? console.error)(scrub(line, this.#ep));
  }

  /**
   * The endpoint's model list; null when it answered without a readable one (a 404, an odd
   * body). Throws ModelListError when it did not answer, or refused us (401, 403).
   */
  #listModels(): Promise<ModelInfo[] | null> {
    this.#models ??= fetchModelList(this.#ep.baseUrl, this.#ep.apiKey).catch((e) => {
      if (
        e instanceof ModelListError && e.status !== null && e.status !== 401 && e.status !== 403
      ) {
        return null;
      }
      this.#models = null; // let a later call try again
      throw e;
    });
    return this.#models;
  }

  async preflight(): Promise<void> {
    const f = this.family, ep = this.#ep;
    if (ep.problem) throw new Error(ep.problem);
    if (!this.#name) throw new Error(`model "${this.model}" names no model after ${f.prefix}/`);
    let models: ModelInfo[] | null;
    try {
      models = await this.#listModels();
    } catch (e) {
      throw this.#listFailure(e);
    }
    if (f.checkListed && models && !models.some((m) => m.id === this.#name)) {
      const near = closeMatches(this.#name, models.map((m) => m.id));
      throw new Error(
        `${f.label} does not offer "${this.#name}"` +
          (near.length ? ` (did you mean ${near.join(", ")}?)` : "") +
          `: see deno task bench --list-models ${f.prefix}`,
      );
    }
    if (f.lms) await this.#lms().ensureLoaded(this.#name);
  }

  #lms() {
    return lmsSessionFor(
      this.opts,
      this.opts.env ?? ((n) => Deno.env.get(n)),
      (l) => this.#log(l),
    );
  }

  async close(): Promise<void> {
    if (this.family.lms) await this.#lms().unload(this.#name);
  }

  /** The endpoint's models with their prices (for --list-models). */
  async listModels(): Promise<ModelInfo[]> {
    if (this.#ep.problem) throw new Error(this.#ep.problem);
    try {
      return await fetchModelList(this.#ep.baseUrl, this.#ep.apiKey);
    } catch (e) {
      throw this.#listFailure(e);
    }
  }

  /** A failed `/models` as one line saying which variable to set. */
  #listFailure(e: unknown): Error {
    const f = this.family, ep = this.#ep;
    const status = e instanceof ModelListError ? e.status : null;
    if (status === 401 || status === 403) {
      const fix = f.keyVar
        ? `check ${f.keyVar}`
        : `no key is sent to ${f.prefix}/; point ${f.baseUrlVar} at a server without auth`;
      return new Error(
        scrub(`${f.label} at ${ep.baseUrl} refused us (HTTP ${status}): ${fix}`, ep),
      );
    }
    if (status !== null) {
      return new Error(scrub(`${f.label} at ${ep.baseUrl}: ${errorLine(e)}`, ep));
    }
    return new Error(scrub(
      `cannot reach ${f.label} at ${ep.baseUrl} (${errorLine(e)}): start it, or set ` +
        `${f.baseUrlVar} to where it listens`,
      ep,
    ));
  }

  async #price(promptTokens: number | null, completionTokens: number | null) {
    if (promptTokens === null || completionTokens === null) return null;
    const models = await this.#listModels().catch(() => null);
    return priceOf(models?.find((m) => m.id === this.#name), promptTokens, completionTokens);
  }

  async prices(): Promise<TokenPrices | null> {
    const models = await this.#listModels().catch(() => null);
    const m = models?.find((x) => x.id === this.#name);
    return m ? { prompt: m.promptUsdPerToken, completion: m.completionUsdPerToken } : null;
  }

  async complete(req: ModelRequest): Promise<ModelAnswer> {
    if (this.#ep.problem) throw new ModelError(this.#ep.problem);
    const messages = requestMessages(req);
    const cache = this.opts.cache ?? null;
    const key = cache &&
      await cache.key({
        model: this.model,
        messages,
        temperature: req.temperature,
        sample: req.sample,
      });
    const hit = key ? await cache!.get(key) : null;
    if (hit) return hit;
    const body = { model: this.#name, messages, temperature: req.temperature };
    const result = await this.#call(
      () => streamChat(this.#client, body, req.signal, this.#timing),
      req.signal,
    );
    const { reportedCost, ...call } = result.value;
    const answer: ModelAnswer = {
      ...call,
      costUsd: reportedCost ?? await this.#price(call.promptTokens, call.completionTokens),
      cached: false,
      retries: result.retries,
    };
    if (key && answer.text.trim()) await cache!.put(key, this.model, answer);
    return answer;
  }
  /**
   * One model call within the connection limit, retried on transient failures; a final
   * failure is a ModelError whose one line names no key (cancellation rethrown as it is).
   */
  async #call<T>(call: () => Promise<T>, signal: AbortSignal) {
    try {
      return await withRetries(() => this.#limit.use(call, signal), {
        maxRetries: this.opts.maxRetries ?? DEFAULT_MAX_RETRIES,
        backoffBaseMs: this.#timing.backoffBaseMs,
        backoffMaxMs: this.#timing.backoffMaxMs,
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw e;
      const line = e instanceof RetriesExhaustedError ? e.message : errorLine(e);
      throw new ModelError(scrub(line, this.#ep));
    }
  }

  async toolSupport(): Promise<boolean | null> {
    const models = await this.#listModels().catch(() => null);
    return models?.find((m) => m.id === this.#name)?.supportsTools ?? null;
  }

  /** One agent-mode turn: not cached (a loop's turns depend on the tools' results). */
  async chat(req: ChatRequest): Promise<ChatTurn> {
    if (this.#ep.problem) throw new ModelError(this.#ep.problem);
    const body = {
      model: this.#name,
      messages: req.messages,
      tools: req.tools,
      temperature: req.temperature,
    };
    const result = await this.#call(
      () => toolChat(this.#client, body, req.signal, this.#timing),
      req.signal,
    );
    const { reportedCost, ...turn } = result.value;
    return {
      ...turn,
      costUsd: reportedCost ?? await this.#price(turn.promptTokens, turn.completionTokens),
      retries: result.retries,
    };
  }
}

/** A registry entry for one family: makes its providers and lists its endpoint's models. */
export function openaiCompatible(family: FamilySettings) {
  return {
    create: (model: string, opts: ProviderOptions): Provider =>
      new OpenAICompatibleProvider(model, family, opts),
    listModels: (opts: ProviderOptions): Promise<ModelInfo[]> =>
      new OpenAICompatibleProvider(`${family.prefix}/`, family, opts).listModels(),
  };
}
