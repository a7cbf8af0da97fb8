// `deno task bench import <format> <path> --out <dir>`: turns a published benchmark (a
// polyglot or Exercism checkout, a HumanEval or MBPP JSON-lines file) into task folders
// with the importers of importers/, and prints what it wrote, left unchanged and skipped
// (with the reason). A wrong format or a missing path is one line and exit 2.
import { Command, Option } from "commander";
import { UsageError } from "../lib/errors.ts";
import { didYouMean } from "../lib/util.ts";
import { IMPORTERS, type ImportReport } from "./importers/registry.ts";

/** The report as lines: one per written/unchanged/skipped task, then the counts. */
export function importSummary(report: ImportReport, outDir: string): string[] {
  return [
    ...report.written.map((id) => `wrote      ${id}`),
    ...report.unchanged.map((id) => `unchanged  ${id}`),
    ...report.skipped.map((s) => `skipped    ${s.id}: ${s.reason}`),
    `${report.written.length} written, ${report.unchanged.length} unchanged, ` +
    `${report.skipped.length} skipped into ${outDir}`,
  ];
}

/** Imports `src` in `format` into `out`; throws UsageError (one line) on bad input. */
export async function runImport(
  format: string,
  src: string,
  opts: { out: string; revision?: string; license?: string; url?: string },
): Promise<void> {
  const importer = IMPORTERS[format];
  if (!importer) {
    throw new UsageError(
      `unknown import format "${format}"${didYouMean(format, Object.keys(IMPORTERS))} ` +
        `(one of ${Object.keys(IMPORTERS).join(", ")})`,
    );
  }
  try {
    await Deno.stat(src);
  } catch {
    throw new UsageError(`${src}: no such file or folder to import`);
  }
  const report = await importer(src, opts.out, {
    url: opts.url,
    revision: opts.revision,
    license: opts.license,
  });
  for (const line of importSummary(report, opts.out)) console.log(line);
}

/** The `import` subcommand of `bench`. */
export function importCommand(): Command {
  const cmd = new Command("import")
    .summary("import a published benchmark as task folders")
    .description(
      `Writes one task folder per exercise or problem into --out; running it again leaves ` +
        `identical folders alone. Formats: ${Object.keys(IMPORTERS).join(", ")}.`,
    )
    .argument("<format>", `one of ${Object.keys(IMPORTERS).join(", ")}`)
    .argument("<path>", "a checkout folder (aider-polyglot, exercism) or a .jsonl[.gz] file")
    .requiredOption("--out <dir>", "catalog folder to write the tasks into")
    .addOption(new Option("--url <url>", "origin URL recorded in each task's source"))
    .addOption(new Option("--revision <rev>", "revision recorded (default: the checkout's)"))
    .addOption(new Option("--license <spdx>", "license recorded in each task's source"));
  // Success is exit 0 (runProgram's default); bad input throws a UsageError, exit 2.
  return cmd.action(async (format: string, src: string, opts: { out: string }) => {
    await runImport(format, src, opts);
  });
}
