// `deno task bench compare A B` and `deno task bench export RUN_ID|--suite ID`: the numbers
// of runs already recorded, read from the store (harness/suite_data.ts), for people
// (a table), scripts (`--json`, CSV, JSON Lines) and CI gates (`--fail-on-regression`,
// `--junit`).
import { join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { loadConfig } from "../lib/config.ts";
import { UsageError } from "../lib/errors.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { Store } from "../lib/store/store.ts";
import { withAction } from "./command.ts";
import { junitReport, renderComparison } from "./compare.ts";
import { EXPORT_FORMATS, type ExportFormat, exportLines } from "./export.ts";
import { compareOnSuite, exportSource } from "./suite_data.ts";

/** Lines written to the output at once: a large export is neither held whole nor written line by line. */
const LINES_PER_WRITE = 1000;

const runsDirOption = () =>
  new Option("--output-dir <dir>", "the runs folder holding history.db (default: runs/)");

/** Opens the store of `--output-dir` (or the configured runs folder) around `fn`. */
async function withStore<T>(outputDir: string | undefined, fn: (s: Store) => Promise<T>) {
  const store = new SqliteStore(join(resolve(outputDir ?? loadConfig().runsDir), "history.db"));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function alphaArg(raw: string): number {
  const n = Number(raw);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError("must be a number between 0 and 1");
  return n;
}

interface CompareOptions {
  suite?: string;
  alpha: number;
  json?: boolean;
  failOnRegression?: boolean;
  junit?: string;
  outputDir?: string;
}

/** `bench compare A B`: exit 1 under --fail-on-regression when B is worse with p < alpha. */
export function compareCommand(): Command {
  const cmd = new Command("compare")
    .summary("is B better than A? a paired test on one suite")
    .description(
      "Compares B against A on the tasks both have graded attempts on. A and B are run ids, " +
        "RUN_ID@MODEL (one model of a run) or model ids (all the model's finished and " +
        "cancelled runs on the suite).",
    )
    .argument("<a>", "the baseline: run id, RUN_ID@MODEL or model id")
    .argument("<b>", "the candidate")
    .option("--suite <id>", "the suite (default: the one both have runs on)")
    .option("--alpha <p>", "significance level", alphaArg, 0.05)
    .option("--json", "print the comparison as one JSON object")
    .option("--fail-on-regression", "exit 1 when B is worse than A with p < alpha")
    .option(
      "--junit <file>",
      "write a JUnit report: one testcase per task, failed where B regressed",
    )
    .addOption(runsDirOption());
  return withAction(
    cmd,
    (a: string, b: string, opts: CompareOptions) =>
      withStore(opts.outputDir, async (store) => {
        const { comparison, sides } = await compareOnSuite(store, a, b, opts);
        if (opts.junit) await Deno.writeTextFile(opts.junit, junitReport(...sides, comparison));
        console.log(opts.json ? JSON.stringify(comparison, null, 2) : renderComparison(comparison));
        return opts.failOnRegression && comparison.verdict === "a_better" ? 1 : 0;
      }),
  );
}

interface ExportOptions {
  suite?: string;
  format: ExportFormat;
  out?: string;
  outputDir?: string;
}

/** Writes `lines` to `out` (a file) or stdout, a batch at a time. */
async function writeLines(lines: Iterable<string>, out: string | undefined) {
  const file = out ? await Deno.open(out, { write: true, create: true, truncate: true }) : null;
  const sink = file ?? Deno.stdout;
  const encoder = new TextEncoder();
  const write = async (text: string) => {
    const bytes = encoder.encode(text);
    for (let at = 0; at < bytes.length;) at += await sink.write(bytes.subarray(at));
  };
  try {
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      if (batch.length >= LINES_PER_WRITE) {
        await write(batch.join(""));
        batch = [];
      }
    }
    await write(batch.join(""));
  } finally {
    file?.close();
  }
}

/** `bench export RUN_ID|--suite ID`: every finished attempt, one row each. */
export function exportCommand(): Command {
  const cmd = new Command("export")
    .summary("a run's or a suite's attempts as CSV or JSON Lines")
    .description(
      "One row per finished attempt: run_id, suite_id, commit, then every attempt field " +
        "(README: Reading the numbers).",
    )
    .argument("[run_id]", "the run to export")
    .option("--suite <id>", "export every run on this suite instead")
    .addOption(
      new Option("--format <format>", "csv or jsonl").choices(EXPORT_FORMATS).default("csv"),
    )
    .option("--out <file>", "write to this file instead of stdout")
    .addOption(runsDirOption());
  return withAction(cmd, (runId: string | undefined, opts: ExportOptions) => {
    if ((runId === undefined) === (opts.suite === undefined)) {
      throw new UsageError("export: name a run id or --suite ID (one of them)");
    }
    return withStore(opts.outputDir, async (store) => {
      const runs = await exportSource(
        store,
        runId !== undefined ? { runId } : { suiteId: opts.suite! },
      );
      await writeLines(exportLines(opts.format, runs), opts.out);
      return 0;
    });
  });
}

/**
 * `bench`'s subcommands. Positional options: what follows `compare` or `export` is theirs
 * (both have --output-dir, as bench has).
 */
export function addStatsCommands(bench: Command): Command {
  return bench.enablePositionalOptions().addCommand(compareCommand()).addCommand(
    exportCommand(),
  );
}
