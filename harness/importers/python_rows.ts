// What HumanEval and MBPP imports share: a JSON-lines file whose every row becomes one
// single-file Python task (workspace/solution.py the stub, solution/solution.py the
// reference, tests/test_solution.py graded by pytest inside the workspace).
import {
  type ImportOptions,
  type ImportReport,
  newReport,
  readJsonl,
  SkipItem,
  sourceFields,
  type TaskSource,
  writeTask,
} from "./write.ts";

const TIMEOUT_S = 60;
const MODULE = "solution.py";
const TEST_FILE = "test_solution.py";

/** One row turned into the parts of a single-file Python task. */
export interface PythonItem {
  /** Number in the id `python_<prefix>_<n>`: the dataset's own task number. */
  n: string;
  title: string;
  instructions: string;
  stub: string;
  reference: string;
  tests: string;
}

/** A dataset of rows: its source defaults and how one row becomes a task (or SkipItem). */
export interface PythonDataset {
  name: string;
  idPrefix: string;
  url: string;
  license: string;
  published: string;
  toItem(row: Record<string, unknown>): PythonItem;
}

/**
 * The head of every generated test file: the names solution.py defines, as a star import
 * would give them, except private ones and any a pytest run would collect as tests (an
 * answer may define `test_*` functions to inflate the count).
 */
export const IMPORT_SOLUTION = "import solution as _solution\n\n" +
  "globals().update(\n" +
  '    {k: v for k, v in vars(_solution).items() if not k.startswith(("_", "test", "Test"))}\n' +
  ")\n";

/** Lines of `text` with Windows line ends made plain (MBPP's code mixes both). */
export function unixLines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** The importer of one dataset's `.jsonl` / `.jsonl.gz` file. */
export function pythonRowsImporter(ds: PythonDataset) {
  return async (src: string, outDir: string, opts: ImportOptions = {}): Promise<ImportReport> => {
    const rows = await readJsonl(src);
    const source: TaskSource = {
      name: ds.name,
      url: opts.url ?? ds.url,
      revision: opts.revision ?? null,
      license: opts.license !== undefined ? opts.license : ds.license,
    };
    const report = newReport();
    const seen = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const label = typeof row.task_id === "string" || typeof row.task_id === "number"
        ? String(row.task_id)
        : `line ${i + 1}`;
      try {
        const item = ds.toItem(row);
        const id = `python_${ds.idPrefix}_${item.n}`;
        if (seen.has(id)) throw new SkipItem(`task ${id} appears twice in the file`);
        seen.add(id);
        await writeTask(outDir, {
          id,
          metadata: {
            id,
            title: item.title,
            language: "python",
            category: "feature",
            difficulty: "easy",
            tags: ["python", ds.name],
            editable: [MODULE],
            evaluation: {
              command: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST_FILE],
              cwd: "workspace",
              tests_into: "workspace",
              report: "pytest",
              timeout_s: TIMEOUT_S,
            },
            requires: { python3: "3.8" },
            ...sourceFields(source, opts.published ?? ds.published),
          },
          instructions: item.instructions,
          workspace: { [MODULE]: item.stub },
          tests: { [TEST_FILE]: item.tests },
          solution: { [MODULE]: item.reference },
        }, report);
      } catch (e) {
        if (!(e instanceof SkipItem)) throw e;
        report.skipped.push({ id: label, reason: e.message });
      }
    }
    return report;
  };
}
