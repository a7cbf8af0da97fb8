// Chooses the provider for a model id by its prefix. Adding a provider is one new file and
// one line here.
import { closeMatches } from "../catalog.ts";
import { referenceProvider, replayProvider, starterProvider } from "./builtin.ts";
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
      throw new Error("model replay needs --response-file or --response-text");
    }
    return replayProvider(opts.replayText);
  },
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

/** The provider for `model`; throws a one-line Error for an unknown id. */
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
  throw new Error(
    `unknown model "${model}": use ${knownModelKinds().join(", ")}` +
      (near.length ? ` (did you mean ${near.join(", ")}?)` : ""),
  );
}

/** What the endpoint of provider `prefix` offers (`--list-models`); throws a one-line Error. */
export function listModels(prefix: string, opts: ProviderOptions = {}): Promise<ModelInfo[]> {
  const lister = LISTERS[prefix.replace(/\/+$/, "")];
  if (!lister) {
    const known = Object.keys(LISTERS);
    const near = closeMatches(prefix, known);
    return Promise.reject(
      new Error(
        `--list-models: no provider "${prefix}": use ${known.join(", ")}` +
          (near.length ? ` (did you mean ${near.join(", ")}?)` : ""),
      ),
    );
  }
  return lister(opts);
}
