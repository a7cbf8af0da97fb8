// Reading an Exercism exercise's own description: `.meta/config.json` (which files are the
// stub, the tests, the example), the track's `config.json` (names and difficulty), and the
// mapping of the example files onto the stub's names.
import { basename, join } from "node:path";
import { SkipItem } from "./write.ts";

/** The file lists of `.meta/config.json`, checked, plus the one-line blurb. */
export interface ExerciseConfig {
  solution: string[];
  test: string[];
  example: string[];
  blurb: string | null;
}

type Difficulty = "easy" | "medium" | "hard" | "expert";

/** What a track's `config.json` says: its slug and, per exercise, name and difficulty. */
export interface TrackInfo {
  slug: string | null;
  exercises: Map<string, { name: string; difficulty: Difficulty }>;
}

// Plain relative paths only: these become editable globs, so glob characters and `..` are
// refused rather than interpreted.
const SAFE_PATH = /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_.\-/]+$/;

/** A task-id segment: lower case, `-` and anything else outside [a-z0-9_] become `_`. */
export function taskIdPart(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

function stringList(v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || !SAFE_PATH.test(x))) {
    throw new SkipItem(`.meta/config.json: files.${field} is not a list of relative paths`);
  }
  return v;
}

/** Reads and checks `.meta/config.json`; a SkipItem says what is wrong with it. */
export async function readExerciseConfig(dir: string): Promise<ExerciseConfig> {
  let raw: { files?: Record<string, unknown>; blurb?: unknown };
  try {
    raw = JSON.parse(await Deno.readTextFile(join(dir, ".meta", "config.json")));
  } catch (e) {
    throw new SkipItem(
      e instanceof Deno.errors.NotFound
        ? "no .meta/config.json"
        : `.meta/config.json: ${(e as Error).message}`,
    );
  }
  const files = raw.files ?? {};
  const solution = stringList(files.solution, "solution");
  const test = stringList(files.test, "test");
  if (solution.length === 0) throw new SkipItem(".meta/config.json: no files.solution");
  if (test.length === 0) throw new SkipItem(".meta/config.json: no files.test");
  const example = stringList(files.example ?? files.exemplar, "example");
  const blurb = typeof raw.blurb === "string" ? raw.blurb.trim().split("\n")[0] : null;
  return { solution, test, example, blurb };
}

function difficultyOf(n: unknown): Difficulty {
  if (typeof n !== "number") return "medium";
  return n <= 3 ? "easy" : n <= 6 ? "medium" : n <= 8 ? "hard" : "expert";
}

const trackCache = new Map<string, Promise<TrackInfo>>();

async function loadTrack(root: string): Promise<TrackInfo> {
  const exercises = new Map<string, { name: string; difficulty: Difficulty }>();
  let raw: { slug?: unknown; exercises?: { practice?: unknown } };
  try {
    raw = JSON.parse(await Deno.readTextFile(join(root, "config.json")));
  } catch {
    return { slug: null, exercises };
  }
  const practice = Array.isArray(raw.exercises?.practice) ? raw.exercises.practice : [];
  for (const e of practice as Record<string, unknown>[]) {
    if (typeof e?.slug !== "string") continue;
    const name = typeof e.name === "string" ? e.name : e.slug;
    exercises.set(e.slug, { name, difficulty: difficultyOf(e.difficulty) });
  }
  return { slug: typeof raw.slug === "string" ? raw.slug : null, exercises };
}

/** The track's `config.json` (read once per root); empty when it is absent or unreadable. */
export function trackInfo(root: string): Promise<TrackInfo> {
  if (!trackCache.has(root)) trackCache.set(root, loadTrack(root));
  return trackCache.get(root)!;
}

const extension = (p: string) => basename(p).split(".").pop()!;

/**
 * Example file → the solution file it replaces. Exercism lists examples either relative to
 * the exercise or to `.meta/`; with none listed, `.meta/example.*` and `.meta/proof.*` are
 * used. One example and one stub pair up; otherwise by file name, then by extension.
 */
export function mapExample(paths: string[], config: ExerciseConfig): Map<string, string> {
  const present = new Set(paths);
  const listed = config.example.map((e) =>
    present.has(e) || e.startsWith(".meta/") ? e : `.meta/${e}`
  );
  const examples = listed.length
    ? listed
    : paths.filter((p) => /^\.meta\/(example|proof)\.[^/]+$/.test(p));
  if (examples.length === 0) throw new SkipItem("no example or proof solution");
  const absent = examples.find((e) => !present.has(e));
  if (absent) throw new SkipItem(`example ${absent} is missing`);
  const mapping = new Map<string, string>();
  for (const ex of examples) {
    const pick = (pred: (s: string) => boolean) => config.solution.filter(pred);
    const candidates = config.solution.length === 1 && examples.length === 1
      ? config.solution
      : [pick((s) => basename(s) === basename(ex)), pick((s) => extension(s) === extension(ex))]
        .find((c) => c.length === 1) ?? [];
    const target = candidates[0];
    if (!target || [...mapping.values()].includes(target)) {
      throw new SkipItem(`cannot tell which solution file ${ex} replaces`);
    }
    mapping.set(ex, target);
  }
  return mapping;
}
