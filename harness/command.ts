// The command line's frame, on commander: main.ts registers one subcommand per module
// (bench with its compare and export, validate-tasks, start; one file and one line each). Flag mistakes print one line and exit 2 with a suggestion; a thrown
// UsageError exits 2, any other error 1 — with its stack on stderr when it is a bug.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { exitCodeFor, PlainError } from "../lib/errors.ts";
import { errorLine } from "../lib/util.ts";

/** Builds one subcommand; its action resolves to the process exit code (see `withAction`). */
export type CommandFactory = () => Command;

const exitCodes = new WeakMap<Command, number>();

/**
 * Sets `cmd`'s action to `run` (called with commander's arguments: the command's own, then
 * its options), whose result becomes the process exit code.
 */
export function withAction<A extends unknown[]>(
  cmd: Command,
  run: (...args: A) => Promise<number>,
): Command {
  return cmd.action(async (...args: A) => {
    exitCodes.set(cmd, await run(...args));
  });
}

/** The exit code of whichever command (at any depth) ran, if one did. */
function ranCode(commands: readonly Command[]): number | undefined {
  for (const c of commands) {
    const code = exitCodes.get(c) ?? ranCode(c.commands);
    if (code !== undefined) return code;
  }
  return undefined;
}

/** An argument parser for a number of at least `min` (whole when `whole`). */
export function numberAtLeast(min: number, whole = false): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || (whole && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`must be a ${whole ? "whole number" : "number"}`);
    }
    if (n < min) throw new InvalidArgumentError(`must be at least ${min}`);
    return n;
  };
}

/** An argument parser for a repeatable flag: every value, in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** An argument parser for a list flag: every value, commas splitting too (`a b,c`). */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

/** Commander's multi-line errors as one line: `error: unknown option '--x' (Did you mean --y?)`. */
function oneLine(text: string): string {
  return text.trim().split("\n").map((l) => l.trim()).filter(Boolean).join(" ") + "\n";
}

function configure(cmd: Command): Command {
  cmd.exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureOutput({ outputError: (text, write) => write(oneLine(text)) });
  for (const sub of cmd.commands) configure(sub);
  return cmd;
}

/**
 * Parses `argv` against `commands` and runs the chosen one; returns the exit code: the
 * command's own, 0 after --help, 2 for a flag mistake or a UsageError, else 1.
 */
export async function runProgram(
  name: string,
  argv: string[],
  commands: readonly CommandFactory[],
): Promise<number> {
  // Positional options: a flag after a subcommand's name is that subcommand's (bench and
  // its compare both have --output-dir; `bench deps install --tasks x` has its own --tasks).
  const program = new Command(name).usage("<command> [flags]").enablePositionalOptions();
  const subs = commands.map((make) => make());
  for (const sub of subs) program.addCommand(sub);
  configure(program);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2; // --help asked for is 0; help shown for a mistake is 2
    }
    // A bug shows where (stderr is the CLI's log); the user's line still comes last.
    if (!(e instanceof PlainError)) console.error(e);
    console.error(`error: ${errorLine(e)}`);
    return exitCodeFor(e);
  }
  return ranCode(subs) ?? 0;
}
