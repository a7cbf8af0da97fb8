import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SLOW_SUITE } from "../../tests/slow.ts";
import { missingRequirement, sandboxToolVersion } from "./requirements.ts";

describe("requires, probed in the sandbox", SLOW_SUITE, () => {
  it("any tool on the sandbox's PATH (javac, make), whatever deno may run", async () => {
    assert.match((await sandboxToolVersion("javac")) ?? "", /^\d+\.\d+/);
    assert.match((await sandboxToolVersion("make")) ?? "", /^\d+\.\d+/);
    assert.equal(await missingRequirement({ javac: "11", make: "3.0" }), null);
  });

  it("too old or absent is a one-line reason", async () => {
    const javac = await sandboxToolVersion("javac");
    assert.equal(await missingRequirement({ javac: "999" }), `javac 999 required, found ${javac}`);
    assert.equal(
      await missingRequirement({ "no-such-tool": "1" }),
      "no-such-tool 1 required, not found in the sandbox",
    );
    // A name that is not a plain tool name is never run.
    assert.equal(
      await missingRequirement({ "x; touch /tmp/p": "1" }),
      "x; touch /tmp/p 1 required, not found in the sandbox",
    );
  });
});
