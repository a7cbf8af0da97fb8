// LM Studio's `lms` CLI: before a run, make the selected model the loaded one (unload the
// others, load it); after the run, unload what we loaded. Without `lms` on PATH the run goes
// on with whatever LM Studio serves, after one notice. `lms` runs through the one subprocess
// runner with only PATH and HOME: no key ever reaches it.
import { findOnPath } from "../../lib/util.ts";
import { runProcess } from "../sandbox/runner.ts";

/** `lms load` may read gigabytes from disk; the other commands answer at once. */
const LMS_LOAD_TIMEOUT_MS = 10 * 60_000;
const LMS_QUICK_TIMEOUT_MS = 60_000;

interface Loaded {
  identifier: string | null;
  modelKey: string | null;
}

/** Reads `lms ps --json` (an array of loaded models), or the text form's `Identifier:` lines. */
export function parseLoaded(stdout: string): Loaded[] {
  try {
    const rows = JSON.parse(stdout);
    if (Array.isArray(rows)) {
      return rows.map((r) => ({
        identifier: typeof r?.identifier === "string" ? r.identifier : null,
        modelKey: typeof r?.modelKey === "string" ? r.modelKey : null,
      }));
    }
  } catch { /* an older lms: text output */ }
  return [...stdout.matchAll(/Identifier:\s*(\S+)/g)].map((m) => ({
    identifier: m[1],
    modelKey: null,
  }));
}

function firstLine(text: string): string {
  return text.split("\n").map((l) => l.trim()).find(Boolean)?.slice(0, 300) ?? "";
}

/** The `lms` state of one run: what we loaded, and whether we already said `lms` is missing. */
export class LmsSession {
  #warned = false;
  #loadedByUs = new Set<string>();

  constructor(
    private readonly env: (name: string) => string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  async #lms(args: string[], timeoutMs = LMS_QUICK_TIMEOUT_MS) {
    const exe = findOnPath("lms", this.env("PATH"));
    if (!exe) return null;
    const env: Record<string, string> = { PATH: this.env("PATH") ?? "/usr/bin:/bin" };
    const home = this.env("HOME");
    if (home) env.HOME = home;
    return await runProcess({ argv: [exe, ...args], env, timeoutMs });
  }

  async #must(args: string[], timeoutMs?: number) {
    const r = (await this.#lms(args, timeoutMs))!;
    if (r.code !== 0) {
      const why = firstLine(r.stderr) || firstLine(r.stdout) ||
        (r.timedOut ? "timed out" : `exit ${r.code}`);
      throw new Error(`lms ${args.join(" ")} failed: ${why}`);
    }
  }

  /**
   * Makes `model` loaded in LM Studio: if it is not, unloads the models this run did not load
   * (`lms unload --all` when we hold none) and runs `lms load <model> -y`. Throws a one-line
   * Error when `lms` fails; returns quietly (after one notice) when `lms` is not on PATH.
   */
  async ensureLoaded(model: string): Promise<void> {
    const ps = await this.#lms(["ps", "--json"]);
    if (!ps) {
      if (!this.#warned) {
        this.log(
          "lms (the LM Studio CLI) is not on PATH: not switching models; LM Studio answers " +
            "with the model it has loaded",
        );
      }
      this.#warned = true;
      return;
    }
    if (ps.code !== 0) {
      throw new Error(`lms ps failed: ${firstLine(ps.stderr) || `exit ${ps.code}`}`);
    }
    const loaded = parseLoaded(ps.stdout);
    if (loaded.some((m) => m.identifier === model || m.modelKey === model)) return;
    const foreign = loaded.filter((m) => !this.#loadedByUs.has(m.identifier ?? ""));
    if (foreign.length && this.#loadedByUs.size === 0) await this.#must(["unload", "--all"]);
    else {
      for (const m of foreign) if (m.identifier) await this.#must(["unload", m.identifier]);
    }
    await this.#must(["load", model, "-y"], LMS_LOAD_TIMEOUT_MS);
    this.#loadedByUs.add(model);
    this.log(`lms: loaded ${model}`);
  }

  /** Unloads `model` if this run loaded it; a failure is reported, not thrown. */
  async unload(model: string): Promise<void> {
    if (!this.#loadedByUs.delete(model)) return;
    try {
      await this.#must(["unload", model]);
    } catch (e) {
      this.log((e as Error).message);
    }
  }
}

const sessions = new WeakMap<object, LmsSession>();

/** The session shared by every provider created with the same options object. */
export function lmsSessionFor(
  owner: object,
  env: (name: string) => string | undefined,
  log: (line: string) => void,
): LmsSession {
  let s = sessions.get(owner);
  if (!s) sessions.set(owner, s = new LmsSession(env, log));
  return s;
}
