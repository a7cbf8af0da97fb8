import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bwrapArgs } from "./sandbox.ts";

const req = (links: Record<string, string>) => ({
  sandboxDir: "/host/sb",
  cwd: "workspace",
  argv: ["true"],
  timeoutMs: 1000,
  memoryMb: 64,
  outputKb: 1,
  links,
});

describe("sandbox links", () => {
  it("binds each linked folder read-only outside the writable sandbox copy", () => {
    const args = bwrapArgs(req({ "_shared/catch2_ab": "/cat/_shared/catch2_ab" }), []).join(" ");
    assert.match(
      args,
      /--ro-bind \/cat\/_shared\/catch2_ab \/opt\/bench\/links\/_shared\/catch2_ab/,
    );
  });

  it("refuses a link name that is not a plain relative path", () => {
    for (const name of ["../etc", "/abs", "a/../../b", "a b", ""]) {
      assert.throws(() => bwrapArgs(req({ [name]: "/x" }), []), /not a plain path/, name);
    }
  });
});
