// The one interface every model provider implements. A provider only answers prompts: it
// never touches the sandbox, the database or the file system of a run.
import type { Task } from "../catalog.ts";

export interface ModelRequest {
  task: Task;
  prompt: string;
  temperature: number;
  sample: number;
  signal: AbortSignal;
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
  /** Called once after the run (e.g. to unload a local model). */
  close?(): Promise<void>;
}

export interface ProviderOptions {
  /** Text for the `replay` model (--response-file / --response-text). */
  replayText?: string;
}
