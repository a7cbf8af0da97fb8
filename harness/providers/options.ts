// From a run request and config to what the providers of one run share (ProviderOptions),
// and the opening of those providers: created from the registry, then all checked
// (preflight) before any attempt starts.
import type { Config } from "../../lib/config.ts";
import { UnavailableError, UsageError } from "../../lib/errors.ts";
import { errorLine } from "../../lib/util.ts";
import type { RunRequest } from "../request.ts";
import { ResponseCache } from "./cache.ts";
import { createProvider } from "./registry.ts";
import { ConnectionLimits, DEFAULT_MAX_CONNECTIONS } from "./semaphore.ts";
import type { Provider, ProviderOptions } from "./types.ts";

/**
 * The options of one run's providers: keys and URLs through `config.env`, --max-retries,
 * --max-connections, and the response cache under the runs folder unless --no-cache.
 */
export function providerOptions(
  req: Pick<RunRequest, "max_retries" | "max_connections" | "no_cache">,
  ctx: { config: Config; runsDir: string },
  replayText?: string,
): ProviderOptions {
  return {
    replayText,
    env: ctx.config.env,
    maxRetries: req.max_retries,
    connections: new ConnectionLimits(req.max_connections ?? DEFAULT_MAX_CONNECTIONS),
    cache: req.no_cache ? null : ResponseCache.under(ctx.runsDir),
  };
}

/**
 * Creates the providers of `models` with one shared `opts` and runs every preflight, so a
 * missing key or an unreachable endpoint is reported once, before any attempt. Throws
 * UsageError for an unknown model, UnavailableError (one line) for a failed preflight,
 * closing what it opened.
 */
export async function openProviders(
  models: readonly string[],
  opts: ProviderOptions,
): Promise<Map<string, Provider>> {
  const providers = new Map<string, Provider>();
  for (const m of models) providers.set(m, createProvider(m, opts));
  try {
    for (const p of providers.values()) await p.preflight?.();
  } catch (e) {
    await closeProviders(providers.values());
    throw e instanceof UsageError ? e : new UnavailableError(errorLine(e), { cause: e });
  }
  return providers;
}

/** Calls every provider's close hook; one failing does not stop the others. */
export async function closeProviders(providers: Iterable<Provider>): Promise<void> {
  for (const p of providers) {
    try {
      await p.close?.();
    } catch (e) {
      console.error(`closing ${p.model}: ${errorLine(e)}`);
    }
  }
}
