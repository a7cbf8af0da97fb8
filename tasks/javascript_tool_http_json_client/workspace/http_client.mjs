// Small JSON client over node:http: query strings, JSON bodies, retries on 503 with
// Retry-After, per-attempt timeouts, cancellation and Link-header pagination.
// See instructions.md for the full contract.

/** A response with a non-2xx status (after any retries). */
export class HttpError extends Error {
  /**
   * @param {{method: string, url: string, status: number, headers: object, body: unknown}} info
   */
  constructor({ method, url, status, headers, body }) {
    super(`${method} ${url} failed with status ${status}`);
    this.name = 'HttpError';
    this.method = method;
    this.url = url;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

/** An attempt that did not complete (headers and whole body) within `timeoutMs`. */
export class TimeoutError extends Error {
  /** @param {{method: string, url: string, timeoutMs: number}} info */
  constructor({ method, url, timeoutMs }) {
    super(`${method} ${url} timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
    this.method = method;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/** A 2xx response whose JSON body does not parse. */
export class ResponseParseError extends Error {
  /** @param {{method: string, url: string, status: number, body: string}} info */
  constructor({ method, url, status, body }) {
    super(`${method} ${url} returned invalid JSON`);
    this.name = 'ResponseParseError';
    this.method = method;
    this.url = url;
    this.status = status;
    this.body = body;
  }
}

/**
 * @param {{
 *   baseUrl: string,
 *   headers?: Record<string, string>,
 *   timeoutMs?: number,
 *   retries?: number,
 *   retryDelayMs?: number,
 *   maxRetryDelayMs?: number,
 *   sleep?: (ms: number) => Promise<void>,
 *   now?: () => number,
 * }} options
 */
export function createClient(options) {
  throw new Error('createClient: not implemented');
}
