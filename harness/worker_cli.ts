// `deno task worker`: grades queued attempts (distributed mode) on this machine until
// stopped. It serves the languages whose toolchains it finds and says which at start.
// SIGTERM or Ctrl-C: no new job; jobs in hand finish within --grace seconds, else are
// handed back to the queue; a second signal hands them back at once.
import { Command, Option } from "commander";
import { resolve } from "node:path";
import { loadConfig } from "../lib/config.ts";
import { UsageError } from "../lib/errors.ts";
import { PgFleet } from "../lib/store/pg_fleet.ts";
import { PostgresStore } from "../lib/store/postgres.ts";
import { numberAtLeast, withAction } from "./command.ts";
import { openBoss, servedLanguages } from "./queue/jobs.ts";
import { QueueWorker } from "./queue/worker.ts";
import { WORKER_ID } from "./run.ts";

/** Seconds jobs in hand may take to finish after SIGTERM before they are handed back. */
const DEFAULT_GRACE_S = 60;

async function work(opts: { concurrency?: number; grace: number }): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new UsageError("worker: set BENCH_DATABASE_URL=postgres://… (in .env or the shell)");
  }
  const languages = await servedLanguages();
  if (languages.length === 0) throw new UsageError("worker: no toolchain found on PATH");
  const store = await PostgresStore.open(config.databaseUrl);
  const fleet = new PgFleet(config.databaseUrl, store.pool);
  await fleet.listen();
  const boss = await openBoss(config.databaseUrl);
  const concurrency = opts.concurrency ?? navigator.hardwareConcurrency;
  const worker = new QueueWorker({
    config,
    store,
    fleet,
    boss,
    concurrency,
    languages,
    runsDir: resolve(config.runsDir),
    log: console.error,
  });
  worker.start();
  console.log(
    `worker ${WORKER_ID} serves ${languages.join(", ")} (concurrency ${concurrency}) ` +
      `from ${store.location}`,
  );
  const stopped = Promise.withResolvers<void>();
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) {
      console.log(`worker ${WORKER_ID}: stopping (jobs in hand get ${opts.grace} s)`);
      worker.stop(opts.grace * 1000).then(stopped.resolve, stopped.reject);
    } else worker.stop(0);
  };
  const names: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of names) Deno.addSignalListener(s, onSignal);
  try {
    await stopped.promise;
  } finally {
    for (const s of names) Deno.removeSignalListener(s, onSignal);
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    await fleet.close();
    await store.close();
  }
  console.log(`worker ${WORKER_ID}: stopped`);
  return 0;
}

/** The `worker` subcommand. */
export function workerCommand(): Command {
  const cmd = new Command("worker")
    .summary("grade queued attempts (distributed mode)")
    .description(
      "Takes attempts queued in BENCH_DATABASE_URL by `bench` or the server, for the languages " +
        "whose toolchains this machine has, and grades them in the sandbox.",
    )
    .addOption(
      new Option("--concurrency <n>", "attempts graded at once (default: cores)")
        .argParser(numberAtLeast(1, true)),
    )
    .addOption(
      new Option("--grace <s>", "seconds jobs in hand may finish after SIGTERM")
        .argParser(numberAtLeast(0)).default(DEFAULT_GRACE_S),
    );
  return withAction(cmd, work);
}
