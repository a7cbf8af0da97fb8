// Reads an OpenAI-compatible endpoint's `GET /models`: the ids it serves and, where the
// provider publishes them (OpenRouter's `pricing.prompt` / `pricing.completion`, USD per
// token), per-token prices, and whether a model takes tool calls (OpenRouter's
// `supported_parameters`). Validated with zod; fields a server does not send are null.
import { z } from "zod";
import { networkReason } from "./retry.ts";
import type { ModelInfo } from "./types.ts";

/** Wait for `/models` before calling the endpoint unreachable. */
export const MODEL_LIST_TIMEOUT_MS = 15_000;

// Prices come as decimal strings ("0.000002") or numbers; OpenRouter writes "-1" for a
// router whose price depends on the model it picks, which we read as unknown.
const Price = z.union([z.string(), z.number()]).nullish().transform((v) => {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
});

const ModelsResponse = z.object({
  data: z.array(z.looseObject({
    id: z.string(),
    pricing: z.looseObject({ prompt: Price, completion: Price }).nullish(),
    context_length: z.number().nullish(),
    supported_parameters: z.array(z.string()).nullish(),
  })),
});

/** Why `/models` could not be read: `status` is null when no HTTP answer came at all. */
export class ModelListError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
  }
}

/** Parses a `/models` body; throws ModelListError naming the first bad field. */
export function parseModelList(body: unknown): ModelInfo[] {
  const parsed = ModelsResponse.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelListError(
      `unexpected /models answer: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
      null,
    );
  }
  return parsed.data.data.map((m) => ({
    id: m.id,
    promptUsdPerToken: m.pricing?.prompt ?? null,
    completionUsdPerToken: m.pricing?.completion ?? null,
    contextLength: m.context_length ?? null,
    supportsTools: m.supported_parameters ? m.supported_parameters.includes("tools") : null,
  }));
}

/**
 * Fetches `<baseUrl>/models`, sending `apiKey` (if any) only to that URL. Throws
 * ModelListError: status null when the server did not answer, else the HTTP status.
 */
export async function fetchModelList(
  baseUrl: string,
  apiKey: string | null,
  signal?: AbortSignal,
): Promise<ModelInfo[]> {
  const timeout = AbortSignal.timeout(MODEL_LIST_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (e) {
    const why = timeout.aborted
      ? `no answer within ${MODEL_LIST_TIMEOUT_MS / 1000}s`
      : networkReason(e);
    throw new ModelListError(why, null);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new ModelListError(`HTTP ${res.status} from ${baseUrl}/models`, res.status);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ModelListError(`${baseUrl}/models did not answer JSON`, res.status);
  }
  try {
    return parseModelList(body);
  } catch (e) {
    // It answered, just not with a list we can read: keep its status.
    throw new ModelListError((e as Error).message, res.status);
  }
}

/** USD for the given tokens at `info`'s prices, or null when a count or a price is unknown. */
export function priceOf(
  info: ModelInfo | undefined,
  promptTokens: number | null,
  completionTokens: number | null,
): number | null {
  if (!info || promptTokens === null || completionTokens === null) return null;
  const { promptUsdPerToken: p, completionUsdPerToken: c } = info;
  if (p === null || c === null) return null;
  return promptTokens * p + completionTokens * c;
}
