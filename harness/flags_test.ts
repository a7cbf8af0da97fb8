import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type FlagSpec, parseFlags, UsageError } from "./flags.ts";

const SPECS: FlagSpec[] = [
  { name: "models", kind: "multi", help: "" },
  { name: "task", kind: "repeat", help: "" },
  { name: "tasks", kind: "string", help: "" },
  { name: "samples", kind: "int", min: 1, help: "" },
  { name: "temperature", kind: "number", min: 0, help: "" },
  { name: "dry-run", kind: "bool", help: "" },
];

describe("flags", () => {
  it("takes several values after --models, commas too, and repeatable --task", () => {
    const v = parseFlags(
      [
        "--models",
        "a",
        "b,c",
        "--task",
        "x",
        "--task=y",
        "--samples",
        "2",
        "--dry-run",
        "--temperature=0.5",
      ],
      SPECS,
    );
    assert.deepEqual(v, {
      models: ["a", "b", "c"],
      task: ["x", "y"],
      samples: 2,
      "dry-run": true,
      temperature: 0.5,
    });
  });

  it("names the flag in every error", () => {
    const bad: [string[], string][] = [
      [["--sample", "2"], "unknown flag --sample (did you mean --samples?)"],
      [["--samples", "two"], '--samples must be a whole number, got "two"'],
      [["--samples", "0"], "--samples must be at least 1, got 0"],
      [["--samples", "1.5"], '--samples must be a whole number, got "1.5"'],
      [["--tasks"], "--tasks needs a value"],
      [["--dry-run=yes"], "--dry-run takes no value"],
      [["stray"], 'unexpected argument "stray"'],
    ];
    for (const [argv, message] of bad) {
      assert.throws(() => parseFlags(argv, SPECS), new UsageError(message));
    }
  });
});
