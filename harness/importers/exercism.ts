// Imports Exercism practice exercises — a checkout of Aider's polyglot benchmark
// (`<lang>/exercises/practice/<slug>/`) or one Exercism track (`exercises/practice/<slug>/`)
// — as task folders. `.meta/config.json` names the stub (solution), test and example
// files; the example is laid onto the stub's names as the reference solution, the tests
// go into the module (tests_into workspace), and the instructions are the exercise's
// `.docs` in the order Aider's benchmark prompts them.
import { basename, join } from "node:path";
import { sha256Hex } from "../../lib/util.ts";
import { listFiles } from "../safe_fs.ts";
import { type ExerciseFiles, LANGUAGE_SPECS, type SharedFixtures } from "./exercism_langs.ts";
import { mapExample, readExerciseConfig, taskIdPart, trackInfo } from "./exercism_read.ts";
import {
  gitRevision,
  type ImportOptions,
  type ImportReport,
  newReport,
  SkipItem,
  sourceFields,
  type TaskSource,
  writeFolder,
  writeTask,
} from "./write.ts";

/** The two names an Exercism-layout source is imported under. */
type ExercismSource = "aider-polyglot" | "exercism";

const POLYGLOT_URL = "https://github.com/Aider-AI/polyglot-benchmark";
/** The day Aider published the polyglot benchmark (aider.chat/2024/12/21/polyglot.html). */
const POLYGLOT_PUBLISHED = "2024-12-21";
/** Exercism's tracks, and the polyglot benchmark drawn from them, are MIT-licensed. */
const DEFAULT_LICENSE = "MIT";
const DOC_PARTS = ["introduction.md", "instructions.md", "instructions.append.md"];
const SKIP_DIRS = /^\.(meta|docs|approaches|articles|exercism)\//;

interface ExerciseDir {
  lang: string;
  slug: string;
  dir: string;
  trackRoot: string;
}

async function isDir(p: string): Promise<boolean> {
  return await Deno.stat(p).then((s) => s.isDirectory, () => false);
}

async function subdirs(p: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(p)) if (e.isDirectory) names.push(e.name);
  return names.sort();
}

/** Every practice exercise of the checkout; throws a one-line Error for another layout. */
async function findExercises(src: string): Promise<ExerciseDir[]> {
  const tracks: { lang: string; root: string }[] = [];
  if (await isDir(join(src, "exercises", "practice"))) {
    const { slug } = await trackInfo(src);
    tracks.push({ lang: slug ?? basename(src), root: src });
  } else {
    for (const lang of await subdirs(src)) {
      const root = join(src, lang);
      if (await isDir(join(root, "exercises", "practice"))) tracks.push({ lang, root });
    }
  }
  if (tracks.length === 0) {
    throw new Error(
      `${src}: unsupported layout: no exercises/practice/ nor <language>/exercises/practice/`,
    );
  }
  const out: ExerciseDir[] = [];
  for (const { lang, root } of tracks) {
    const practice = join(root, "exercises", "practice");
    for (const slug of await subdirs(practice)) {
      out.push({ lang, slug, dir: join(practice, slug), trackRoot: root });
    }
  }
  return out;
}

async function readLicense(src: string): Promise<string | null> {
  for (const name of ["LICENSE", "LICENSE.md", "LICENSE.txt"]) {
    const text = await Deno.readTextFile(join(src, name)).catch(() => null);
    if (text !== null) return /\bMIT License\b/.test(text) ? "MIT" : null;
  }
  return DEFAULT_LICENSE;
}

/** Collects the catalog's `_shared/` folders, each named by a hash of its bytes. */
class SharedStore implements SharedFixtures {
  folders = new Map<string, Map<string, Uint8Array>>();
  async add(prefix: string, files: Record<string, Uint8Array>): Promise<string> {
    const entries = Object.entries(files).sort(([a], [b]) => a.localeCompare(b));
    const hashes = await Promise.all(entries.map(async ([p, b]) => `${p}\0${await sha256Hex(b)}`));
    const name = `${prefix}_${(await sha256Hex(hashes.join("\n"))).slice(0, 12)}`;
    this.folders.set(name, new Map(entries));
    return name;
  }
}

function composeInstructions(docs: string[], solution: string[]): string {
  const files = solution.map((f) => `\`${f}\``).join(", ");
  return `${docs.join("\n\n")}\n\n## Your task\n\nUse the instructions above to modify ${files}. ` +
    "Keep the names of the existing functions, classes and types: the tests call them. " +
    "Use only the language's standard library.\n";
}

/**
 * Languages whose stubs may not compile against the tests (an empty Go file, a C++ header
 * without the declarations): their starters may end `build_error` under validate-tasks.
 */
const COMPILED = new Set(["go", "rust", "cpp", "java"]);

async function buildTask(
  ex: ExerciseDir,
  idPrefix: string,
  source: TaskSource,
  published: string | undefined,
  shared: SharedFixtures,
) {
  const spec = LANGUAGE_SPECS[ex.lang];
  if (!spec) throw new SkipItem(`unknown language "${ex.lang}"`);
  const config = await readExerciseConfig(ex.dir);
  const paths = await listFiles(ex.dir);
  const files = new Map<string, Uint8Array>();
  for (const p of paths) files.set(p, await Deno.readFile(join(ex.dir, p)));
  const dec = new TextDecoder();
  const exercise: ExerciseFiles = {
    slug: ex.slug,
    files,
    tests: config.test,
    text: (p) => dec.decode(files.get(p)),
  };
  const docs = DOC_PARTS.filter((d) => files.has(`.docs/${d}`))
    .map((d) => exercise.text(`.docs/${d}`).trim());
  if (!files.has(".docs/instructions.md")) throw new SkipItem("no .docs/instructions.md");
  const missingTest = config.test.find((t) => !files.has(t));
  if (missingTest) throw new SkipItem(`test file ${missingTest} is missing`);
  const mapping = mapExample(paths, config);
  const plan = await spec.plan(exercise, shared);
  const excluded = new Set([...config.test, ...mapping.keys()]);
  const workspace = Object.fromEntries(
    paths.filter((p) => !SKIP_DIRS.test(p) && !excluded.has(p) && !spec.drop?.(p))
      .map((p) => [p, files.get(p)!]),
  );
  const tests = Object.fromEntries(config.test.map((t) => {
    const text = exercise.text(t);
    return [t, spec.enableTests ? spec.enableTests(t, text) : text];
  }));
  const solution = Object.fromEntries([...mapping].map(([from, to]) => [to, files.get(from)!]));
  const track = await trackInfo(ex.trackRoot);
  const meta = track.exercises.get(ex.slug);
  const name = meta?.name ??
    ex.slug.split("-").filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
  const id = `${taskIdPart(ex.lang)}_${idPrefix}_${taskIdPart(ex.slug)}`;
  return {
    id,
    metadata: {
      id,
      title: config.blurb ? `${name}: ${config.blurb}` : name,
      language: ex.lang,
      category: "feature",
      difficulty: meta?.difficulty ?? "medium",
      tags: [ex.lang, source.name, ex.slug],
      editable: config.solution,
      evaluation: {
        command: plan.evaluation.command,
        cwd: "workspace",
        tests_into: "workspace",
        report: plan.evaluation.report,
        timeout_s: plan.evaluation.timeout_s,
      },
      requires: plan.requires,
      ...(plan.dependencies ? { dependencies: plan.dependencies } : {}),
      ...(plan.shared ? { shared: plan.shared } : {}),
      ...(COMPILED.has(ex.lang) ? { validation: { starter_may_not_build: true } } : {}),
      ...sourceFields(source, published),
    },
    instructions: composeInstructions(docs, config.solution),
    workspace,
    tests,
    solution,
  };
}

function exercismImporter(sourceName: ExercismSource) {
  return async (src: string, outDir: string, opts: ImportOptions = {}): Promise<ImportReport> => {
    const exercises = await findExercises(src);
    const polyglot = sourceName === "aider-polyglot";
    const revision = opts.revision !== undefined ? opts.revision : await gitRevision(src);
    const license = opts.license !== undefined ? opts.license : await readLicense(src);
    // Each Exercism track is its own repository; the polyglot benchmark is one.
    const sourceOf = (lang: string): TaskSource => ({
      name: sourceName,
      url: opts.url ?? (polyglot ? POLYGLOT_URL : `https://github.com/exercism/${lang}`),
      revision,
      license,
    });
    const published = opts.published ?? (polyglot ? POLYGLOT_PUBLISHED : undefined);
    const report = newReport();
    const shared = new SharedStore();
    for (const ex of exercises) {
      try {
        const task = await buildTask(
          ex,
          taskIdPart(sourceName),
          sourceOf(ex.lang),
          published,
          shared,
        );
        await writeTask(outDir, task, report);
      } catch (e) {
        if (!(e instanceof SkipItem)) throw e;
        report.skipped.push({ id: `${ex.lang}/${ex.slug}`, reason: e.message });
      }
    }
    for (const [name, files] of shared.folders) {
      report[await writeFolder(join(outDir, "_shared", name), files)].push(`_shared/${name}`);
    }
    return report;
  };
}

/** Imports a checkout of Aider's polyglot benchmark (or one Exercism track) as aider-polyglot tasks. */
export const importAiderPolyglot = exercismImporter("aider-polyglot");
/** Imports an Exercism track checkout (or several, in the polyglot layout) as exercism tasks. */
export const importExercism = exercismImporter("exercism");
