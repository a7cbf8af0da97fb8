// The importers by the format name the command line takes
// (`bench import <format> <path> --out <dir>`).
import { importAiderPolyglot, importExercism } from "./exercism.ts";
import { importHumanEval } from "./humaneval.ts";
import { importMbpp } from "./mbpp.ts";
import type { Importer } from "./write.ts";

export type { Importer, ImportOptions, ImportReport } from "./write.ts";

/** Every import format: a folder checkout (aider-polyglot, exercism) or a JSON-lines file. */
export const IMPORTERS: Record<string, Importer> = {
  "aider-polyglot": importAiderPolyglot,
  exercism: importExercism,
  humaneval: importHumanEval,
  mbpp: importMbpp,
};
