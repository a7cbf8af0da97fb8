// Imports HumanEval (task_id, prompt, canonical_solution, test, entry_point per JSON line,
// plain or gzipped) as Python tasks: the prompt is the stub, prompt + canonical solution the
// reference, and the dataset's `check(candidate)` runs as one named pytest test.
import { IMPORT_SOLUTION, pythonRowsImporter, unixLines } from "./python_rows.ts";
import { requireString, SkipItem } from "./write.ts";

/**
 * Python that runs check() as one named test per top-level assert (`test_check[assert_3]`),
 * split by Python's own parser when the test file is collected; a check() that does
 * anything but assert (loops, setup) runs whole as `test_check[all]`.
 */
function splitCheck(entry: string): string {
  return `def _cases():
    body = ast.parse(inspect.getsource(check)).body[0].body
    if not all(isinstance(s, ast.Assert) for s in body):
        return [pytest.param(None, id="all")]
    return [
        pytest.param(ast.Module(body=[s], type_ignores=[]), id=f"assert_{i}")
        for i, s in enumerate(body, 1)
    ]


@pytest.mark.parametrize("case", _cases())
def test_check(case):
    if case is None:
        check(${entry})
    else:
        exec(compile(case, "check", "exec"), {**globals(), "candidate": ${entry}})
`;
}

/** HumanEval: the arXiv paper "Evaluating Large Language Models Trained on Code", 2021-07-07. */
export const importHumanEval = pythonRowsImporter({
  name: "humaneval",
  idPrefix: "humaneval",
  url: "https://github.com/openai/human-eval",
  license: "MIT",
  published: "2021-07-07",
  toItem(row) {
    const taskId = requireString(row, "task_id");
    const n = /(\d+)$/.exec(taskId)?.[1];
    if (!n) throw new SkipItem(`task_id "${taskId}" does not end in a number`);
    const prompt = unixLines(requireString(row, "prompt"));
    const body = unixLines(requireString(row, "canonical_solution"));
    const test = unixLines(requireString(row, "test"));
    const entry = requireString(row, "entry_point");
    if (!/^[A-Za-z_]\w*$/.test(entry)) throw new SkipItem(`entry_point "${entry}" is not a name`);
    if (!/^def check\(/m.test(test)) throw new SkipItem("test defines no check(candidate)");
    const head = prompt.endsWith("\n") ? prompt : `${prompt}\n`;
    return {
      n,
      title: `HumanEval ${n}: ${entry}`,
      instructions: `Complete the function \`${entry}\` in \`solution.py\` so that it does what ` +
        "its signature and docstring describe. Keep its name and signature; you may add " +
        "helper functions. Use only the Python standard library.\n",
      // The prompt ends inside the function, after its docstring: a body line completes it.
      stub: `${head}    raise NotImplementedError\n`,
      reference: `${head}${body.endsWith("\n") ? body : `${body}\n`}`,
      // check() may call helpers the prompt defines (HumanEval/32, 38, 50), so all are in scope.
      tests: `import ast\nimport inspect\n\nimport pytest\n\n${IMPORT_SOLUTION}` +
        `from solution import ${entry}\n\n${test.trim()}\n\n\n${splitCheck(entry)}`,
    };
  },
});
