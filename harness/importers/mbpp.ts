// Imports MBPP (task_id, text, code, test_list, test_setup_code per JSON line; the
// sanitized edition's `prompt` and `test_imports` are read too) as Python tasks: the stub is
// the signature of the function the first assert calls, every assert of test_list is its
// own named pytest test, and the instructions are the task text plus that signature.
import { IMPORT_SOLUTION, pythonRowsImporter, unixLines } from "./python_rows.ts";
import { requireString, SkipItem } from "./write.ts";

function stringList(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? v : null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The `def name(...):` header of the top-level function the first assert calls. */
function signature(code: string, firstAssert: string): { name: string; header: string } {
  const called = [...firstAssert.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]);
  for (const name of called) {
    const m = new RegExp(`^def ${escapeRe(name)}\\s*\\([^]*?\\)\\s*(->[^:\\n]+)?:`, "m")
      .exec(code);
    if (m) return { name, header: m[0] };
  }
  throw new SkipItem("the first assert calls no function the reference code defines");
}

const indent = (s: string) => s.split("\n").map((l) => `    ${l}`).join("\n");

/** MBPP: the arXiv paper "Program Synthesis with Large Language Models", 2021-08-16. */
export const importMbpp = pythonRowsImporter({
  name: "mbpp",
  idPrefix: "mbpp",
  url: "https://github.com/google-research/google-research/tree/master/mbpp",
  license: "CC-BY-4.0",
  published: "2021-08-16",
  toItem(row) {
    const n = row.task_id;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      throw new SkipItem("task_id is not a whole number");
    }
    const text = unixLines(typeof row.text === "string" ? row.text : requireString(row, "prompt"));
    const code = unixLines(requireString(row, "code")).trimEnd() + "\n";
    const asserts = stringList(row.test_list)?.map((t) => unixLines(t).trim());
    if (!asserts?.length || asserts.some((a) => !a.startsWith("assert"))) {
      throw new SkipItem("test_list is not a list of assert statements");
    }
    const setup = typeof row.test_setup_code === "string"
      ? unixLines(row.test_setup_code).trim()
      : (stringList(row.test_imports) ?? []).join("\n");
    const { name, header } = signature(code, asserts[0]);
    const tests = asserts.map((a, i) => `def test_assert_${i + 1}():\n${indent(a)}\n`);
    return {
      n: String(n),
      title: `MBPP ${n}: ${name}`,
      instructions: `${text.trim()}\n\nWrite it in \`solution.py\` as:\n\n\`\`\`python\n` +
        `${header}\n\`\`\`\n\nUse only the Python standard library.\n`,
      stub: `${header}\n    raise NotImplementedError\n`,
      reference: code,
      // The asserts may use any name the reference defines (a class they construct, say).
      tests: IMPORT_SOLUTION + (setup ? `${setup}\n` : "") + `\n\n${tests.join("\n\n")}`,
    };
  },
});
