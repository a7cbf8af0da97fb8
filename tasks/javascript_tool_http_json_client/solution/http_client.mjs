// Small JSON client over node:http: query strings, JSON bodies, retries on 503 with
// Retry-After, per-attempt timeouts, cancellation and Link-header pagination.
// See instructions.md for the full contract.

import http from 'node:http';

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

const SERVICE_UNAVAILABLE = 503;

const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function encodeQuery(query) {
  const pairs = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`);
    }
  }
  return pairs.join('&');
}

function buildUrl(path, baseUrl, query) {
  const url = new URL(path, baseUrl);
  const encoded = encodeQuery(query);
  if (encoded !== '') url.search = url.search ? `${url.search}&${encoded}` : `?${encoded}`;
  return url;
}

/** Later sources win; names compare case-insensitively; the result has lower-case names. */
function mergeHeaders(...sources) {
  const merged = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) merged[name.toLowerCase()] = value;
  }
  return merged;
}

function isJsonType(contentType) {
  const mediaType = String(contentType ?? '').split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** `data` of a response; `lenient` keeps unparsable JSON as text instead of throwing. */
function decodeBody(text, contentType, lenient) {
  if (text === '') return null;
  if (!isJsonType(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (lenient) return text;
    throw error;
  }
}

/** One HTTP exchange; resolves once the whole body has arrived. */
function sendOnce({ method, url, headers, payload, timeoutMs, signal }) {
  return new Promise((resolve, reject) => {
    const controller = new AbortController();
    let timer;
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn(value);
    };
    const fail = (error) => {
      settle(reject, error);
      controller.abort();
    };
    function onAbort() {
      fail(signal.reason);
    }

    const req = http.request(url, { method, headers, signal: controller.signal }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => settle(resolve, {
        status: res.statusCode,
        headers: res.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      }));
    });
    req.on('error', fail);
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => fail(new TimeoutError({ method, url: url.href, timeoutMs })), timeoutMs);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(payload);
  });
}

/** Splits a Link header into `{ uri, params }` entries (param names lower-cased). */
function parseLinkHeader(header) {
  const links = [];
  let i = 0;
  const skipSpace = () => {
    while (i < header.length && /\s/.test(header[i])) i++;
  };
  while (i < header.length) {
    while (i < header.length && /[\s,]/.test(header[i])) i++;
    if (header[i] !== '<') break;
    const close = header.indexOf('>', i);
    if (close === -1) break;
    const link = { uri: header.slice(i + 1, close), params: {} };
    i = close + 1;
    for (;;) {
      skipSpace();
      if (header[i] !== ';') break;
      i++;
      skipSpace();
      const name = /^[^\s=;,]*/.exec(header.slice(i))[0];
      i += name.length;
      skipSpace();
      let value = '';
      if (header[i] === '=') {
        i++;
        skipSpace();
        if (header[i] === '"') {
          i++;
          while (i < header.length && header[i] !== '"') {
            if (header[i] === '\\') i++;
            value += header[i] ?? '';
            i++;
          }
          i++;
        } else {
          value = /^[^\s;,]*/.exec(header.slice(i))[0];
          i += value.length;
        }
      }
      const key = name.toLowerCase();
      if (!(key in link.params)) link.params[key] = value;
    }
    links.push(link);
    while (i < header.length && header[i] !== ',') i++;
  }
  return links;
}

function findNextLink(header) {
  if (!header) return undefined;
  const next = parseLinkHeader(header).find(({ params }) =>
    (params.rel ?? '').toLowerCase().split(/\s+/).includes('next'));
  return next?.uri;
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
  const {
    baseUrl,
    headers: defaultHeaders = {},
    timeoutMs: defaultTimeoutMs,
    retries = 2,
    retryDelayMs = 100,
    maxRetryDelayMs = 30000,
    sleep = defaultSleep,
    now = Date.now,
  } = options ?? {};
  if (typeof baseUrl !== 'string') throw new TypeError('baseUrl is required');

  function retryDelay(retryAfter, retryNumber) {
    const value = typeof retryAfter === 'string' ? retryAfter.trim() : '';
    let delay;
    if (/^\d+$/.test(value)) {
      delay = Number(value) * 1000;
    } else if (value !== '' && !Number.isNaN(Date.parse(value))) {
      delay = Math.max(0, Date.parse(value) - now());
    } else {
      delay = retryDelayMs * 2 ** retryNumber;
    }
    return Math.min(delay, maxRetryDelayMs);
  }

  async function send(method, url, { headers, body, timeoutMs = defaultTimeoutMs, signal } = {}) {
    const requestHeaders = mergeHeaders({ accept: 'application/json' }, defaultHeaders, headers);
    let payload;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body), 'utf8');
      requestHeaders['content-type'] = 'application/json';
      requestHeaders['content-length'] = String(payload.length);
    }
    for (let retryNumber = 0; ; retryNumber++) {
      if (signal?.aborted) throw signal.reason;
      const response = await sendOnce({ method, url, headers: requestHeaders, payload, timeoutMs, signal });
      if (response.status === SERVICE_UNAVAILABLE && retryNumber < retries) {
        await sleep(retryDelay(response.headers['retry-after'], retryNumber));
        continue;
      }
      return interpret(method, url.href, response);
    }
  }

  function interpret(method, href, { status, headers, text }) {
    const contentType = headers['content-type'];
    if (status >= 200 && status < 300) {
      try {
        return { status, headers, data: decodeBody(text, contentType, false) };
      } catch {
        throw new ResponseParseError({ method, url: href, status, body: text });
      }
    }
    throw new HttpError({ method, url: href, status, headers, body: decodeBody(text, contentType, true) });
  }

  function request(method, path, { query, ...rest } = {}) {
    return send(method, buildUrl(path, baseUrl, query), rest);
  }

  async function* paginate(path, { query, ...rest } = {}) {
    const requested = new Set();
    let url = buildUrl(path, baseUrl, query);
    for (;;) {
      requested.add(url.href);
      const { headers, data } = await send('GET', url, rest);
      if (!Array.isArray(data)) throw new TypeError(`expected an array page from GET ${url.href}`);
      yield* data;
      const next = findNextLink(headers.link);
      if (next === undefined) return;
      url = new URL(next, url);
      if (requested.has(url.href)) throw new Error(`Pagination loop detected: ${url.href}`);
    }
  }

  return {
    request,
    get: async (path, opts = {}) => (await request('GET', path, opts)).data,
    post: async (path, body, opts = {}) => (await request('POST', path, { ...opts, body })).data,
    paginate,
  };
}
