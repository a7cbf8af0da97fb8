// Retries of model calls: which failures are worth another try (429, 5xx, timeouts, dropped
// connections), how long to wait (exponential backoff with jitter, or the server's
// Retry-After), and the loop that gives up after `maxRetries`. Knows nothing of any client
// library: errors are read by shape (`status`, `headers`) or are our TransientError.

/** A failure worth retrying that carries no HTTP status: a timeout or a dropped stream. */
export class TransientError extends Error {}

/** What `withRetries` throws when every try failed; `message` is one line. */
export class RetriesExhaustedError extends Error {
  constructor(readonly last: unknown, readonly retries: number, message: string) {
    super(message);
  }
}

export interface RetryPolicy {
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Cancels waiting and further tries; the abort reason is thrown. */
  signal?: AbortSignal;
  /** Source of jitter in [0, 1); injectable so tests can pin it. */
  random?: () => number;
  /** Told before each wait (e.g. for a progress line). */
  onRetry?: (info: { retry: number; delayMs: number; error: unknown }) => void;
}

const RETRY_STATUS = new Set([408, 429]);

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown })?.status;
  return typeof s === "number" ? s : undefined;
}

function headersOf(e: unknown): Headers | undefined {
  const h = (e as { headers?: unknown })?.headers;
  return h instanceof Headers ? h : undefined;
}

/**
 * True for failures another try may cure: 408 and 429 and 5xx responses, and TransientError
 * (providers turn their client's connection errors into it). Anything else (a 400, a 401,
 * a bug) is final.
 */
export function isRetryable(e: unknown): boolean {
  if (e instanceof TransientError) return true;
  const status = statusOf(e);
  return status !== undefined && (RETRY_STATUS.has(status) || status >= 500);
}

/** Milliseconds the server asked us to wait (`retry-after-ms`, `Retry-After` seconds or date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = Number(headers.get("retry-after-ms") ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The wait before retry number `retry` (1-based): the server's Retry-After when given, else
 * base·2^(retry-1) with "equal jitter" (half fixed, half random), both capped at `backoffMaxMs`.
 */
export function retryDelayMs(retry: number, error: unknown, policy: RetryPolicy): number {
  const asked = retryAfterMs(headersOf(error));
  if (asked !== null) return Math.min(asked, policy.backoffMaxMs);
  const exp = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (retry - 1));
  return exp / 2 + (exp / 2) * (policy.random ?? Math.random)();
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The first line of an error's message, trimmed to a readable length. */
export function errorLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n").map((l) => l.trim()).find(Boolean)?.slice(0, 300) ?? "error";
}

const KNOWN_NETWORK_FAILURE =
  /connection refused|connection reset|connection closed|dns error|timed out|certificate|broken pipe|unexpected eof|error reading a body from connection/i;

/**
 * A network failure in a few words: the telling phrase found anywhere along the `cause`
 * chain ("connection refused"), else the first line of the innermost cause.
 */
export function networkReason(e: unknown): string {
  const texts: string[] = [];
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    texts.push(cur instanceof Error ? cur.message : String(cur));
    cur = (cur as { cause?: unknown }).cause;
  }
  const known = KNOWN_NETWORK_FAILURE.exec(texts.join("\n"));
  return known ? known[0].toLowerCase() : errorLine(texts.at(-1));
}

/**
 * Runs `call` until it succeeds, a failure is final, the signal aborts, or `maxRetries`
 * retries are spent. Returns the value and how many retries it took. Throws the original
 * error for a final failure or an abort, RetriesExhaustedError when retries ran out.
 */
export async function withRetries<T>(
  call: (retry: number) => Promise<T>,
  policy: RetryPolicy,
): Promise<{ value: T; retries: number }> {
  for (let retry = 0;; retry++) {
    try {
      return { value: await call(retry), retries: retry };
    } catch (e) {
      if (policy.signal?.aborted || !isRetryable(e)) throw e;
      if (retry >= policy.maxRetries) {
        const tries = retry === 0
          ? ""
          : ` (gave up after ${retry} ${retry === 1 ? "retry" : "retries"})`;
        throw new RetriesExhaustedError(e, retry, `${errorLine(e)}${tries}`);
      }
      const delayMs = retryDelayMs(retry + 1, e, policy);
      policy.onRetry?.({ retry: retry + 1, delayMs, error: e });
      await sleep(delayMs, policy.signal);
    }
  }
}
