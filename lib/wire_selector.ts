// The task selector grammar, shared by the engine (--tasks, POST /api/runs) and the Launch
// Run form so both read a selector the same way: comma-separated terms, their union —
// `all`, a task id, `lang:X` (or `language:X`), `tag:X`, `category:X`, `source:NAME` (an
// imported task's metadata `source.name`), `dir:PATH` (the tasks of one catalog folder,
// matched as its path or a trailing part of it) — plus explicit ids.
// An empty selector or an empty term is an error, never a silent "everything". Pure code,
// no imports: islands may import it.

/** Languages a task may be written in (metadata.json `language`). */
export const LANGUAGES = ["python", "javascript", "go", "rust", "cpp", "java", "html"] as const;
/** Task categories (metadata.json `category`). */
export const CATEGORIES = ["expert", "feature", "tool", "bugfix"] as const;

/** What a selector looks at in a task. */
export interface SelectableTask {
  id: string;
  language: string;
  category: string;
  tags: readonly string[];
  /** metadata.json `source.name` of an imported task. */
  source?: string | null;
  /** The catalog folder the task was loaded from (absolute on the engine side). */
  dir?: string;
}

/** The ids picked (in catalog order), or the one-line reason the selector is wrong. */
export type Selection = { ok: true; ids: string[] } | { ok: false; error: string };

const GRAMMAR = "use all, ids, lang:, tag:, category:, source: or dir:";

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Up to three known names closest to `name`. */
export function closeMatches(name: string, known: readonly string[]): string[] {
  return known
    .map((k) => ({ k, d: k.includes(name) || name.includes(k) ? 0 : editDistance(name, k) }))
    .filter(({ d, k }) => d <= Math.max(3, Math.floor(k.length / 3)))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map(({ k }) => k);
}

/** `a/b/` and `./a/b` → `a/b` (the root stays `/`). */
function normalizePath(p: string): string {
  const trimmed = p.replace(/\/+$/, "").replace(/^(\.\/)+/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** True when catalog folder `dir` is `want` or ends with it at a path boundary. */
function dirMatches(dir: string | undefined, want: string): boolean {
  if (dir === undefined) return false;
  const [d, w] = [normalizePath(dir), normalizePath(want)];
  return d === w || (!w.startsWith("/") && d.endsWith(`/${w}`));
}

/** `source:`/`dir:` naming nothing: the reason, with the values that exist. */
function unknownValue(kind: string, value: string, known: (string | null | undefined)[]) {
  const names = [...new Set(known.filter((k): k is string => !!k))].sort();
  return `no task has ${kind} "${value}" (${names.length ? names.join(", ") : "none known"})`;
}

/** The tasks one term picks, or the reason it is wrong. */
function pickTerm(term: string, tasks: readonly SelectableTask[]): SelectableTask[] | string {
  if (term === "all") return [...tasks];
  const colon = term.indexOf(":");
  const [kind, value] = colon < 0 ? ["id", term] : [term.slice(0, colon), term.slice(colon + 1)];
  if (value === "") return `"${term}" names nothing (${GRAMMAR})`;
  if (kind === "id") {
    const hit = tasks.filter((t) => t.id === value);
    if (hit.length) return hit;
    const near = closeMatches(value, tasks.map((t) => t.id));
    return `unknown task "${value}"` + (near.length ? ` (did you mean ${near.join(", ")}?)` : "");
  }
  if (
    (kind === "lang" || kind === "language") && !(LANGUAGES as readonly string[]).includes(value)
  ) {
    return `unknown language "${value}" (one of ${LANGUAGES.join(", ")})`;
  }
  if (kind === "category" && !(CATEGORIES as readonly string[]).includes(value)) {
    return `unknown category "${value}" (one of ${CATEGORIES.join(", ")})`;
  }
  const test: ((t: SelectableTask) => boolean) | undefined = {
    lang: (t: SelectableTask) => t.language === value,
    language: (t: SelectableTask) => t.language === value,
    tag: (t: SelectableTask) => t.tags.includes(value),
    category: (t: SelectableTask) => t.category === value,
    source: (t: SelectableTask) => t.source === value,
    dir: (t: SelectableTask) => dirMatches(t.dir, value),
  }[kind];
  if (!test) return `unknown task selector "${term}" (${GRAMMAR})`;
  const hit = tasks.filter(test);
  if (hit.length === 0 && (kind === "source" || kind === "dir")) {
    return unknownValue(kind, value, tasks.map((t) => kind === "source" ? t.source : t.dir));
  }
  return hit;
}

/**
 * Reads `selector` (undefined: every task, unless `ids` name some) plus explicit `ids`
 * against `tasks`. An empty selector, an empty term (`" "`, `","`, `"a,,b"`), an unknown
 * id, kind, language or category, or a union that picks no task is an error.
 */
export function selectIds(
  tasks: readonly SelectableTask[],
  selector: string | undefined,
  ids: readonly string[] = [],
): Selection {
  const terms: string[] = [];
  if (selector !== undefined) {
    if (selector.trim() === "") return { ok: false, error: `empty task selector (${GRAMMAR})` };
    const parts = selector.split(",").map((s) => s.trim());
    if (parts.includes("")) {
      return { ok: false, error: `empty term in task selector "${selector}" (${GRAMMAR})` };
    }
    terms.push(...parts);
  }
  for (const id of ids) {
    if (id.trim() === "") return { ok: false, error: "empty task id" };
    terms.push(id.trim());
  }
  if (terms.length === 0) terms.push("all");
  const chosen = new Set<string>();
  for (const term of terms) {
    const picked = pickTerm(term, tasks);
    if (typeof picked === "string") return { ok: false, error: picked };
    for (const t of picked) chosen.add(t.id);
  }
  if (chosen.size === 0) return { ok: false, error: `no task matches "${terms.join(",")}"` };
  return { ok: true, ids: tasks.filter((t) => chosen.has(t.id)).map((t) => t.id) };
}
