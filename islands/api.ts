// The browser's calls to the server's JSON API. A mutating request carries the API token
// when the user gave one (servers not bound to loopback ask for it); every failure becomes
// an ApiError whose message is the server's own one-line explanation.

const TOKEN_KEY = "bench-api-token";

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function apiToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setApiToken(token: string) {
  try {
    localStorage.setItem(TOKEN_KEY, token);
  } catch { /* storage disabled: the token lasts for this request only */ }
}

async function explain(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text);
    const issues = (body.issues ?? []) as { path: string; message: string }[];
    const detail = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return detail ? `${body.error} — ${detail}` : String(body.error ?? text);
  } catch {
    return text || `HTTP ${res.status}`;
  }
}

/** GETs JSON; throws ApiError. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { Accept: "application/json" } });
  if (!res.ok) throw new ApiError(res.status, await explain(res));
  return await res.json() as T;
}

/** POSTs JSON (with the token, if any); throws ApiError. */
export async function postJson<T>(url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const token = apiToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify(body ?? {}),
  });
  if (!res.ok) throw new ApiError(res.status, await explain(res));
  return await res.json() as T;
}
