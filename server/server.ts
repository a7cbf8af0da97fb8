// `deno task start`: one process serving the web app, the API, live events and artifacts,
// running launched runs in-process. On start it refuses an unsafe binding and a history
// database it cannot open (one line naming the file), marks runs left `running` by a dead
// process (a crash, a kill) as `interrupted`, and tails the events table; on
// SIGINT/SIGTERM it marks its own unfinished runs `interrupted` (resumable) and stops.
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { collect, numberAtLeast, withAction } from "../harness/command.ts";
import { catalogDirs } from "../harness/plan.ts";
import { CatalogCache } from "./catalog_cache.ts";
import { interruptDeadRuns } from "../harness/lifecycle.ts";
import { type Config, loadConfig } from "../lib/config.ts";
import { artifactFiles, openStore } from "../lib/store/open.ts";
import { PostgresStore } from "../lib/store/postgres.ts";
import { localWorkersOption } from "../harness/cli.ts";
import { type Distributed, openDistributed } from "../harness/queue/dispatch.ts";
import { StoreError } from "../lib/store/store.ts";
import { errorLine, processAlive } from "../lib/util.ts";
import { EventFeed, POLL_INTERVAL_MS } from "./event_feed.ts";
import { pageAssets } from "./islands_build.ts";
import type { AppDeps } from "./router.ts";
import { RunQueue } from "./run_queue.ts";
import { checkBindSafety } from "./security.ts";

/** How often runs of other processes are checked for a process that died. */
const DEAD_RUN_CHECK_MS = 10_000;
/** Open connections get this long to finish when the server stops. */
const SHUTDOWN_GRACE_MS = 2_000;

/** Builds the HTTP app over its dependencies (routes/app.ts; passed in so server/ stays below routes/). */
export type AppFactory = (
  deps: AppDeps,
) => { fetch: (req: Request) => Response | Promise<Response> };

export interface ServerOptions {
  config: Config;
  createApp: AppFactory;
  /** Extra catalog folders besides the project's tasks/. */
  tasksDirs?: string[];
  pollMs?: number;
  deadRunCheckMs?: number;
  /** Distributed mode: attempts this process grades itself (--local-workers). */
  localWorkers?: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8000 */
  url: string;
  deps: AppDeps;
  /** Runs found interrupted at start-up. */
  interrupted: string[];
  /**
   * Stops serving. `cancelRuns` cancels this server's runs and waits for them to be
   * recorded (tests); otherwise they are marked interrupted, to be resumed (a real stop).
   */
  stop(opts?: { cancelRuns?: boolean }): Promise<void>;
}

/** A run's pid still serving it: not this process's pid left by an earlier one (a restart). */
function aliveElsewhere(pid: number): boolean {
  return pid !== Deno.pid && processAlive(pid);
}

/**
 * Opens what the app runs on: the history store (runs a dead process left `running`
 * marked `interrupted`), the events tail (polling) and the run queue. Rejects with a
 * StoreError naming the file when the database cannot be opened or read.
 */
export async function openDeps(
  opts: Omit<ServerOptions, "createApp">,
): Promise<{ deps: AppDeps; interrupted: string[]; closeDistributed: () => Promise<void> }> {
  const { config } = opts;
  const runsDir = resolve(config.runsDir);
  const store = await openStore(config, runsDir);
  let interrupted: string[], feed: EventFeed, distributed: Distributed | undefined;
  let stopListening = () => Promise.resolve();
  try {
    interrupted = await interruptDeadRuns(store, aliveElsewhere);
    feed = await EventFeed.open(store, opts.pollMs ?? POLL_INTERVAL_MS);
    // Distributed: events written on other machines wake the feed at once (NOTIFY).
    if (store instanceof PostgresStore) {
      stopListening = await store.listenEvents(() => feed.nudge());
    }
    distributed = await openDistributed(config, store, {
      localWorkers: opts.localWorkers ?? 0,
      runsDir,
      log: console.error,
    });
  } catch (e) {
    await stopListening();
    await store.close().catch(() => {});
    throw e;
  }
  feed.start();
  const queue = new RunQueue({
    store,
    maxActive: config.maxActiveRuns,
    onEvent: () => feed.nudge(),
    remote: distributed?.grader,
  });
  const dirs = catalogDirs(config, opts.tasksDirs ?? []);
  const deps: AppDeps = {
    config: { ...config, runsDir },
    store,
    attemptFiles: artifactFiles(config, store),
    queue,
    feed,
    catalogDirs: dirs,
    catalog: new CatalogCache(dirs),
  };
  const closeDistributed = async () => {
    await stopListening();
    await distributed?.close();
  };
  return { deps, interrupted, closeDistributed };
}

/**
 * Starts the server; rejects with a one-line Error for an unsafe binding or a busy port,
 * and a StoreError for a history database it cannot use.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { config } = opts;
  checkBindSafety(config);
  const { deps, interrupted, closeDistributed } = await openDeps(opts);
  const { store, feed, queue } = deps;
  const app = opts.createApp(deps);
  const server = Deno.serve(
    { hostname: config.host, port: config.port, onListen: () => {} },
    app.fetch,
  );
  const deadCheck = setInterval(
    () =>
      interruptDeadRuns(store, processAlive).catch((e) =>
        console.error(`checking for dead runs: ${errorLine(e)}`)
      ),
    opts.deadRunCheckMs ?? DEAD_RUN_CHECK_MS,
  );
  const { hostname, port } = server.addr;
  const url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = (o: { cancelRuns?: boolean } = {}) =>
    stopped ??= (async () => {
      clearInterval(deadCheck);
      if (o.cancelRuns) {
        queue.cancelAll();
        await queue.idle();
      } else {
        await interruptDeadRuns(store, aliveElsewhere).catch((e) =>
          console.error(`marking runs interrupted: ${errorLine(e)}`)
        );
      }
      queue.close();
      await closeDistributed();
      feed.stop(); // ends every event stream, so open connections can close
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        server.shutdown(),
        new Promise((r) => grace = setTimeout(r, SHUTDOWN_GRACE_MS)),
      ]);
      clearTimeout(grace);
      if (o.cancelRuns) await store.close();
    })();
  return { url, deps, interrupted, stop };
}

interface StartOptions {
  host?: string;
  port?: number;
  tasksDir?: string[];
  localWorkers?: number;
}

/** Serves until SIGINT or SIGTERM; returns the exit code. */
async function serve(opts: StartOptions, createApp: AppFactory): Promise<number> {
  const base = loadConfig();
  const config: Config = { ...base, host: opts.host ?? base.host, port: opts.port ?? base.port };
  let server: RunningServer;
  try {
    server = await startServer({
      config,
      createApp,
      tasksDirs: opts.tasksDir ?? [],
      localWorkers: opts.localWorkers,
    });
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    console.error(`error: cannot start: ${e.message}`);
    return 1;
  }
  await pageAssets(config.root); // the dashboard's islands, bundled before the first page
  const resumable = server.interrupted.length
    ? ` (${server.interrupted.length} interrupted run(s) can be resumed)`
    : "";
  console.log(`Benchmark Harness: serving ${server.url}/${resumable}`);
  await new Promise<void>((done) => {
    for (const s of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(s, () => done());
  });
  await server.stop();
  return 0;
}

/** The `start` subcommand, serving the app `createApp` builds. */
export function startCommand(createApp: AppFactory): Command {
  const cmd = new Command("start")
    .summary("serve the dashboard and the API")
    .addOption(new Option("--host <addr>", "bind address (default HOST or 127.0.0.1)"))
    .addOption(
      new Option("--port <n>", "port (default PORT or 8000; 0: any)")
        .argParser(numberAtLeast(0, true)),
    )
    .addOption(
      new Option("--tasks-dir <dir>", "another catalog folder (repeatable)").argParser(collect),
    )
    .addOption(localWorkersOption());
  return withAction(cmd, (opts: StartOptions) => serve(opts, createApp));
}
