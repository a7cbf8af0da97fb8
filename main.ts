// Entry point: `bench` and `validate-tasks` (the CLI harness); `start` (the server: API,
// live events, artifacts). Errors a user can fix are printed as one line, without a stack.
import { benchCommand } from "./harness/cli.ts";
import { SelectionError } from "./harness/catalog.ts";
import { UsageError } from "./harness/flags.ts";
import { validateCommand } from "./harness/validate.ts";
import { createApp } from "./routes/app.ts";
import { startCommand } from "./server/server.ts";

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  bench: benchCommand,
  "validate-tasks": validateCommand,
  start: (argv) => startCommand(argv, createApp),
};

if (import.meta.main) {
  const [name, ...rest] = Deno.args;
  const command = COMMANDS[name];
  if (!command) {
    console.error(`usage: main.ts <${Object.keys(COMMANDS).join("|")}> [flags]`);
    Deno.exit(2);
  }
  try {
    Deno.exit(await command(rest));
  } catch (e) {
    // A usage error is the user's to fix; anything else is ours, so show where (BENCH_DEBUG=1).
    if (Deno.env.get("BENCH_DEBUG")) console.error(e);
    console.error(`error: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    Deno.exit(e instanceof UsageError || e instanceof SelectionError ? 2 : 1);
  }
}
