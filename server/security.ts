// Who may talk to the server. Bound to loopback (the default), requests must name a
// loopback host (a web page that rebinds its DNS name to 127.0.0.1 is refused) and need
// no token. Bound to anything else, every mutating request needs
// `Authorization: Bearer $BENCH_API_TOKEN`, and the server will not start without one.
import type { MiddlewareHandler } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import type { Config } from "../lib/config.ts";
import { HttpError } from "./errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether `host` (a bind address or a Host header's name) is this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The hostname of a Host header value (`127.0.0.1:8000`, `[::1]:8000`, `localhost`). */
function hostName(header: string): string {
  const bracket = /^\[([^\]]*)\](?::\d+)?$/.exec(header);
  return bracket ? bracket[1] : header.replace(/:\d+$/, "");
}

/** Throws a one-line Error when the configuration must not serve (remote without token). */
export function checkBindSafety(config: Config): void {
  if (!isLoopback(config.host) && !config.apiToken) {
    throw new Error(
      `HOST=${config.host} is reachable from other machines: set BENCH_API_TOKEN (mutating ` +
        "requests must then send it as a Bearer token), or bind to 127.0.0.1",
    );
  }
}

/** Refuses requests naming a non-loopback Host while the server is bound to loopback. */
export function loopbackHostGuard(config: Config): MiddlewareHandler {
  return async (c, next) => {
    if (isLoopback(config.host)) {
      const host = c.req.header("Host");
      if (host && !isLoopback(hostName(host))) {
        throw new HttpError(403, `Host "${host}" is not this server (bound to ${config.host})`);
      }
    }
    await next();
  };
}

/** Requires the API token on mutating requests when the server is not bound to loopback. */
export function requireTokenForChanges(config: Config): MiddlewareHandler {
  return async (c, next) => {
    if (!isLoopback(config.host) && !SAFE_METHODS.has(c.req.method)) {
      const given = c.req.header("Authorization") ?? "";
      const ok = config.apiToken !== null &&
        await timingSafeEqual(given, `Bearer ${config.apiToken}`);
      if (!ok) {
        c.header("WWW-Authenticate", 'Bearer realm="benchmark-harness"');
        throw new HttpError(401, "this request needs Authorization: Bearer $BENCH_API_TOKEN");
      }
    }
    await next();
  };
}
