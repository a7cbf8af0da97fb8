import assert from "node:assert/strict";
import { isLazyFile, placeholderLines } from "./lazy.ts";

const PY_BEFORE = `import math


def area(r):
    return math.pi * r * r


def perimeter(r):
    raise NotImplementedError
`;

const JS_BEFORE = `export function parse(s) {
  return s.split(",").map(Number);
}

export function total(xs) {
  // TODO: implement
}
`;

Deno.test("lazy - a Python file that stands for its old code with a comment is lazy", () => {
  const after = `import math

# ... existing code ...


def perimeter(r):
    return 2 * math.pi * r
`;
  assert.equal(isLazyFile(PY_BEFORE, after), true);
});

Deno.test("lazy - 'rest of the code unchanged' in JS, // and /* */ comments, is lazy", () => {
  for (
    const marker of [
      "// rest of the code unchanged",
      "/* Rest of the file remains the same */",
      "// ... other functions ...",
    ]
  ) {
    const after =
      `${marker}\n\nexport function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n`;
    assert.equal(isLazyFile(JS_BEFORE, after), true, marker);
  }
});

Deno.test("lazy - a bare ... body where the workspace had code is lazy", () => {
  const after = `import math


def area(r):
    ...


def perimeter(r):
    return 2 * math.pi * r
`;
  assert.equal(isLazyFile(PY_BEFORE, after), true);
});

Deno.test("lazy - a new TODO: implement where there was code is lazy; the starter's own is not", () => {
  const go = `package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n`;
  assert.equal(
    isLazyFile(
      go,
      `package calc\n\nfunc Add(a, b int) int {\n\t// TODO: implement\n\treturn 0\n}\n`,
    ),
    true,
  );
  // The starter had the TODO in total(); the answer implements parse and keeps it: not new.
  const kept = JS_BEFORE.replace("return s.split", "return s.trim().split");
  assert.equal(isLazyFile(JS_BEFORE, kept), false);
});

Deno.test("lazy - complete answers, a starter's own `...` and new files are not lazy", () => {
  const solved = PY_BEFORE.replace("raise NotImplementedError", "return 2 * math.pi * r");
  assert.equal(isLazyFile(PY_BEFORE, solved), false);
  const stub = "def add(a, b):\n    ...\n";
  assert.equal(isLazyFile(stub, "def add(a, b):\n    return a + b\n"), false);
  assert.equal(isLazyFile(stub, stub), false);
  assert.equal(isLazyFile(null, "# rest of the code unchanged\n"), false);
  // A workspace with no code (only a comment) has nothing to stand for.
  assert.equal(isLazyFile("# write your solution here\n", "...\n"), false);
  // Spread syntax, a range and prose about unchanged behaviour are code, not placeholders.
  const js =
    "const all = [...xs, ...ys];\nfor (const c of 'a...z') {}\n// keeps the API unchanged for callers\n";
  assert.equal(isLazyFile(JS_BEFORE, js), false);
});

Deno.test("lazy - placeholder lines are found in the catalog's comment styles", () => {
  assert.deepEqual(
    placeholderLines(
      "x = 1\n  # ...\n<!-- existing code here -->\n-- rest of the function unchanged\n  …\nprint('...')\n",
    ),
    ["# ...", "<!-- existing code here -->", "-- rest of the function unchanged", "…"],
  );
});
