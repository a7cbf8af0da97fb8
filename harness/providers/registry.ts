// Chooses the provider for a model id by its prefix. Adding a provider is one new file and
// one line here.
import { UsageError } from "../../lib/errors.ts";
import { closeMatches, didYouMean } from "../../lib/util.ts";
import {
  referenceProvider,
  referenceSecondTryProvider,
  replayProvider,
  starterProvider,
} from "./builtin.ts";
import { referenceAgentProvider } from "./builtin_agent.ts";
import {
  LMSTUDIO,
  OLLAMA,
  OPENAI_FAMILY,
  openaiCompatible,
  OPENROUTER,
} from "./openai_compatible.ts";
import type { ModelInfo, Provider, ProviderOptions } from "./types.ts";

type Factory = (model: string, opts: ProviderOptions) => Provider;
type Lister = (opts: ProviderOptions) => Promise<ModelInfo[]>;

const EXACT: Record<string, Factory> = {
  reference: () => referenceProvider(),
  starter: () => starterProvider(),
  replay: (_m, opts) => {
    if (opts.replayText === undefined) {
      throw new UsageError("model replay needs --response-file or --response-text");
    }
    return replayProvider(opts.replayText);
  },
  "reference-second-try": () => referenceSecondTryProvider(),
  "reference-agent": () => referenceAgentProvider(),
};

const BY_PREFIX: Record<string, Factory> = {};
const LISTERS: Record<string, Lister> = {};

/** Registers a provider family for ids `<prefix>/<model>` (and its `--list-models`). */
export function registerPrefix(
  prefix: string,
  family: Factory | { create: Factory; listModels?: Lister },
) {
  BY_PREFIX[prefix] = typeof family === "function" ? family : family.create;
  if (typeof family !== "function" && family.listModels) LISTERS[prefix] = family.listModels;
}

registerPrefix("openrouter", openaiCompatible(OPENROUTER));
registerPrefix("openai", openaiCompatible(OPENAI_FAMILY));
registerPrefix("lmstudio", openaiCompatible(LMSTUDIO));
registerPrefix("ollama", openaiCompatible(OLLAMA));

export function knownModelKinds(): string[] {
  return [...Object.keys(EXACT), ...Object.keys(BY_PREFIX).map((p) => `${p}/<model>`)];
}

/**
 * The provider for `model`. Throws UsageError for an unknown id (naming close matches) and
 * for `replay` without an answer to replay.
 */
export function createProvider(model: string, opts: ProviderOptions = {}): Provider {
  const exact = EXACT[model];
  if (exact) return exact(model, opts);
  const prefix = model.split("/")[0];
  const factory = model.includes("/") ? BY_PREFIX[prefix] : undefined;
  if (factory) return factory(model, opts);
  const near = closeMatches(model.includes("/") ? prefix : model, [
    ...Object.keys(EXACT),
    ...Object.keys(BY_PREFIX),
  ]);
  throw new UsageError(
    `unknown model "${model}"` +
      (near.length
        ? ` (did you mean ${near.join(", ")}?)`
        : `: use ${knownModelKinds().join(", ")}`),
  );
}

/**
 * What the endpoint of provider `prefix` offers (`--list-models`). Rejects with UsageError for
 * an unknown provider, a one-line Error when the endpoint fails.
 */
export function listModels(prefix: string, opts: ProviderOptions = {}): Promise<ModelInfo[]> {
  const lister = LISTERS[prefix.replace(/\/+$/, "")];
  if (!lister) {
    const known = Object.keys(LISTERS);
    return Promise.reject(
      new UsageError(
        `--list-models: no provider "${prefix}": use ${known.join(", ")}` +
          didYouMean(prefix, known),
      ),
    );
  }
  return lister(opts);
}
