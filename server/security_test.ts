import assert from "node:assert/strict";
import { loadConfig, PROJECT_ROOT } from "../lib/config.ts";
import { checkBindSafety, isLoopback } from "./security.ts";

Deno.test("security - loopback names and addresses", () => {
  for (const h of ["127.0.0.1", "127.9.8.7", "localhost", "LOCALHOST", "::1", "[::1]"]) {
    assert.equal(isLoopback(h), true, h);
  }
  for (const h of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.1", "example.com", "127.0.0.1.evil"]) {
    assert.equal(isLoopback(h), false, h);
  }
});

Deno.test("security - a remote binding without a token refuses to start", () => {
  const config = (env: Record<string, string>) => loadConfig(PROJECT_ROOT, env);
  assert.throws(
    () => checkBindSafety(config({ HOST: "0.0.0.0" })),
    /^Error: HOST=0\.0\.0\.0 is reachable from other machines: set BENCH_API_TOKEN/,
  );
  checkBindSafety(config({ HOST: "0.0.0.0", BENCH_API_TOKEN: "tok-1234" }));
  checkBindSafety(config({ HOST: "127.0.0.1" }));
});
