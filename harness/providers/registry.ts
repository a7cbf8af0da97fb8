// Chooses the provider for a model id by its prefix. Adding a provider is one new file and
// one line here.
import { closeMatches } from "../catalog.ts";
import { referenceProvider, replayProvider, starterProvider } from "./builtin.ts";
import type { Provider, ProviderOptions } from "./types.ts";

type Factory = (model: string, opts: ProviderOptions) => Provider;

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

/** Registers a provider family for ids `<prefix>/<model>`. */
export function registerPrefix(prefix: string, factory: Factory) {
  BY_PREFIX[prefix] = factory;
}

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
