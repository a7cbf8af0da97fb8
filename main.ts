// Entry point: `bench` and `validate-tasks` (the CLI harness), `worker` (grades queued
// attempts in distributed mode), `start` (the server: API, live events, artifacts). A new
// subcommand is one module exporting a commander Command factory, and one line in COMMANDS.
import { type CommandFactory, runProgram } from "./harness/command.ts";
import { benchCommand } from "./harness/cli.ts";
import { validateCommand } from "./harness/validate.ts";
import { workerCommand } from "./harness/worker_cli.ts";
import { createApp } from "./routes/app.ts";
import { startCommand } from "./server/server.ts";

const COMMANDS: CommandFactory[] = [
  benchCommand,
  validateCommand,
  workerCommand,
  () => startCommand(createApp),
];

// Named as users call it: `deno task bench --help` shows `Usage: deno task bench [options]`.
if (import.meta.main) Deno.exit(await runProgram("deno task", Deno.args, COMMANDS));
