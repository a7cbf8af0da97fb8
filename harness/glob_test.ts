import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { matchesAny } from "./glob.ts";

describe("editable globs", () => {
  it("keeps * and ? within one segment", () => {
    assert.equal(matchesAny("a.py", ["*.py"]), true);
    assert.equal(matchesAny("sub/a.py", ["*.py"]), false);
    assert.equal(matchesAny("ab.py", ["a?.py"]), true);
    assert.equal(matchesAny("a/.py", ["a?.py"]), false);
  });

  it("lets ** span zero or more folders", () => {
    assert.equal(matchesAny("src/lib.rs", ["src/**/*.rs"]), true);
    assert.equal(matchesAny("src/a/b/c.rs", ["src/**/*.rs"]), true);
    assert.equal(matchesAny("tests/x.rs", ["src/**/*.rs"]), false);
    assert.equal(matchesAny("deep/in/here.txt", ["**"]), true);
  });

  it("alternates {a,b} and takes dots literally", () => {
    assert.equal(matchesAny("a.mjs", ["*.{js,mjs}"]), true);
    assert.equal(matchesAny("a.ts", ["*.{js,mjs}"]), false);
    assert.equal(matchesAny("aXpy", ["a.py"]), false);
  });

  it("matches dotfiles like any other file", () => {
    assert.equal(matchesAny(".env.example", ["*"]), true);
    assert.equal(matchesAny("cfg/.hidden.json", ["cfg/**"]), true);
  });

  it("is true when any of several globs matches, false for none", () => {
    assert.equal(matchesAny("b.go", ["*.py", "*.go"]), true);
    assert.equal(matchesAny("b.go", []), false);
  });
});
