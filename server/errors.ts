// Typed HTTP errors and the one place that turns any error into a response: an HttpError
// (or Hono's HTTPException) becomes `{ "error": message }` with its status, and so do the
// engine's typed errors (UsageError 400, ConflictError 409, UnavailableError 503); anything
// else is a bug, logged with its stack and answered with a plain 500 that reveals nothing.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ConflictError, UnavailableError, UsageError } from "../lib/errors.ts";
import { errorLine } from "../lib/util.ts";

/** One problem of a rejected request: the field path (`samples`, `models.0`) and why. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An error a client caused (or may see); `issues` lists bad fields for a 400. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: string;
  issues?: FieldIssue[];
}

interface ZodIssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
}

/**
 * Field issues of a zod error, each with its dotted path (`(root)` for the body itself);
 * an unknown field is named by its own path.
 */
export function zodIssues(error: { issues: readonly ZodIssueLike[] }): FieldIssue[] {
  return error.issues.flatMap((i) => {
    const at = i.path.map(String);
    if (i.code === "unrecognized_keys" && i.keys?.length) {
      return i.keys.map((k) => ({ path: [...at, k].join("."), message: "unknown field" }));
    }
    return [{ path: at.join(".") || "(root)", message: i.message }];
  });
}

/** Hono's validation hook: a failed zod parse becomes a 400 naming each bad field. */
export function validationHook(
  result: { success: boolean; error?: unknown },
  _c: Context,
): void {
  if (!result.success) {
    const issues = zodIssues(result.error as Parameters<typeof zodIssues>[0]);
    throw new HttpError(400, `invalid request: ${issues.map((i) => i.path).join(", ")}`, issues);
  }
}

/** The status of the engine's typed errors; undefined for anything else (a bug). */
function typedStatus(err: Error): ContentfulStatusCode | undefined {
  if (err instanceof ConflictError) return 409;
  if (err instanceof UsageError) return 400;
  if (err instanceof UnavailableError) return 503;
  return undefined;
}

/** app.onError: the only place errors turn into responses. */
export function errorResponse(err: Error, c: Context): Response {
  if (err instanceof HttpError) {
    const body: ErrorBody = { error: err.message };
    if (err.issues) body.issues = err.issues;
    return c.json(body, err.status);
  }
  const status = typedStatus(err);
  if (status) return c.json({ error: errorLine(err) } satisfies ErrorBody, status);
  if (err instanceof HTTPException) {
    // Hono's own refusals (malformed JSON, unsupported media type, body too large).
    return c.json({ error: err.message || "request refused" }, err.status as ContentfulStatusCode);
  }
  console.error(`unexpected error on ${c.req.method} ${c.req.path}:`, err);
  return c.text("Internal Server Error", 500);
}
