// A small command-line parser for the harness: typed flags, repeatable flags, flags that
// take several values (`--models a b c`), and one-line errors that suggest the flag meant.
import { closeMatches } from "./catalog.ts";

export type FlagKind = "bool" | "string" | "number" | "int" | "repeat" | "multi";

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  help: string;
  /** For numbers: the smallest value allowed. */
  min?: number;
  value?: string;
}

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

/** Thrown for a bad command line; the message is one line. */
export class UsageError extends Error {}

/** Parses `argv` by `specs`; throws UsageError naming the offending flag. */
export function parseFlags(argv: string[], specs: FlagSpec[]): FlagValues {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: FlagValues = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = byName.get(name);
    if (!spec) {
      const near = closeMatches(name, [...byName.keys()]).map((n) => `--${n}`);
      throw new UsageError(
        `unknown flag --${name}` + (near.length ? ` (did you mean ${near.join(", ")}?)` : ""),
      );
    }
    if (spec.kind === "bool") {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    const take = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) {
        throw new UsageError(`--${name} needs a value`);
      }
      i++;
      return next;
    };
    if (spec.kind === "multi") {
      const values = inline !== undefined ? [inline] : [take()];
      while (inline === undefined && argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) {
        values.push(argv[++i]);
      }
      const all = [...(out[name] as string[] ?? []), ...values.flatMap((v) => v.split(","))];
      out[name] = all.map((v) => v.trim()).filter(Boolean);
    } else if (spec.kind === "repeat") {
      out[name] = [...(out[name] as string[] ?? []), take()];
    } else if (spec.kind === "string") {
      out[name] = take();
    } else {
      const raw = take();
      const n = Number(raw);
      const whole = spec.kind === "int";
      if (raw.trim() === "" || !Number.isFinite(n) || (whole && !Number.isInteger(n))) {
        throw new UsageError(
          `--${name} must be a ${whole ? "whole number" : "number"}, got "${raw}"`,
        );
      }
      if (spec.min !== undefined && n < spec.min) {
        throw new UsageError(`--${name} must be at least ${spec.min}, got ${n}`);
      }
      out[name] = n;
    }
  }
  return out;
}

/** Help text listing every flag. */
export function flagHelp(specs: FlagSpec[]): string {
  const width = Math.max(...specs.map((s) => s.name.length + (s.value ? s.value.length + 1 : 0)));
  return specs.map((s) => {
    const left = `--${s.name}${s.value ? ` ${s.value}` : ""}`;
    return `  ${left.padEnd(width + 3)} ${s.help}`;
  }).join("\n");
}
