// The distributed side of executeRun: every attempt becomes a pg-boss job on its
// language's queue, and the run follows them through the events table (woken by
// LISTEN/NOTIFY) — forwarding workers' events to its listener — until each attempt is
// recorded. Cancelling drops the queued jobs, tells every worker to stop the run's running
// ones, and records as cancelled what no worker holds. With `localWorkers` this process
// grades too (one machine with a URL still works alone).
import type { PgBoss } from "pg-boss";
import type { Config } from "../../lib/config.ts";
import { PgFleet } from "../../lib/store/pg_fleet.ts";
import { PostgresStore } from "../../lib/store/postgres.ts";
import type { Store } from "../../lib/store/store.ts";
import { type AttemptResult, finishedResults, type RunEvent } from "../../lib/wire.ts";
import { RunLifecycle } from "../lifecycle.ts";
import { blankResult, type Job } from "../modes/attempt.ts";
import type { RemoteGrader, RunPlan } from "../run.ts";
import { type JobData, openBoss, queueName, servedLanguages } from "./jobs.ts";
import { QueueWorker } from "./worker.ts";

/** How often the run reads its events when no NOTIFY woke it sooner. */
const FOLLOW_POLL_MS = 250;
/** How long a cancelled run waits for workers to report their stopped attempts. */
const CANCEL_WAIT_MS = 30_000;
/** How long local workers may finish their jobs when this process stops. */
const LOCAL_GRACE_MS = 10_000;

/** The distributed grader of one process, and its own workers if any. */
export interface Distributed {
  /** Grades a run's jobs through the queue (RunHooks.remote). */
  grader: RemoteGrader;
  /** Languages the local workers serve (empty without local workers). */
  localLanguages: readonly string[];
  close(): Promise<void>;
}

/**
 * The distributed mode over `store` (which must be the PostgreSQL one), or undefined in
 * embedded mode (no BENCH_DATABASE_URL). Rejects with a StoreError naming the URL.
 */
export async function openDistributed(
  config: Config,
  store: Store,
  opts: { localWorkers: number; runsDir: string; log?: (line: string) => void },
): Promise<Distributed | undefined> {
  if (!config.databaseUrl || !(store instanceof PostgresStore)) return undefined;
  const fleet = new PgFleet(config.databaseUrl, store.pool);
  await fleet.listen();
  const boss = await openBoss(config.databaseUrl);
  const stopListening = await store.listenEvents(() => wakeFollowers());
  const followers = new Set<() => void>();
  const wakeFollowers = () => {
    for (const f of [...followers]) f();
  };
  let worker: QueueWorker | undefined;
  const languages = opts.localWorkers > 0 ? await servedLanguages() : [];
  if (opts.localWorkers > 0) {
    worker = new QueueWorker({
      config,
      store,
      fleet,
      boss,
      concurrency: opts.localWorkers,
      languages,
      runsDir: opts.runsDir,
      log: opts.log,
    });
    worker.start();
  }
  return {
    localLanguages: languages,
    grader: (plan, jobs, hooks) => follow({ store, fleet, boss, followers }, plan, jobs, hooks),
    async close() {
      await worker?.stop(LOCAL_GRACE_MS);
      await stopListening();
      await boss.stop({ graceful: false, close: true });
      await fleet.close();
    },
  };
}

interface Shared {
  store: PostgresStore;
  fleet: PgFleet;
  boss: PgBoss;
  followers: Set<() => void>;
}

function jobData(plan: RunPlan, job: Job): JobData {
  const flags = plan.providerFlags ?? {};
  return {
    run_id: plan.runId,
    task_id: job.task.id,
    task_dir: job.task.dir,
    model: job.model,
    sample: job.sample,
    regrade_of: plan.parent?.kind === "regrade" ? plan.parent.runId : null,
    replay_text: job.model === "replay" ? flags.replay_text ?? null : null,
    max_retries: flags.max_retries ?? null,
    max_connections: flags.max_connections ?? null,
    no_cache: flags.no_cache ?? false,
  };
}

const keyString = (a: { task_id: string; model: string; sample: number }) =>
  `${a.task_id}\0${a.model}\0${a.sample}`;

async function follow(
  s: Shared,
  plan: RunPlan,
  jobs: readonly Job[],
  hooks: { life: RunLifecycle; signal: AbortSignal; onEvent?: (e: RunEvent) => void },
): Promise<AttemptResult[]> {
  const { store, fleet, boss } = s;
  const runId = plan.runId;
  let cursor = await store.maxEventId();
  await fleet.uncancelRun(runId);
  const pending = new Map(jobs.map((j) => [keyString({ ...j, task_id: j.task.id }), j]));
  const ids = new Map<string, string[]>();
  for (const j of jobs) {
    await hooks.life.lease({ taskId: j.task.id, model: j.model, sample: j.sample }, null);
  }
  for (const [queue, group] of Map.groupBy(jobs, (j) => queueName(j.task.meta.language))) {
    const inserts = group.map((j) => ({ id: crypto.randomUUID(), data: jobData(plan, j) }));
    await boss.insert(queue, inserts);
    ids.set(queue, inserts.map((i) => i.id));
  }
  await fleet.notifyJobs();

  // Attempts recorded here (cancelled ones) are announced from the table like the workers'.
  const quiet = new RunLifecycle(store, runId);
  let cancelledAt: number | undefined;
  while (pending.size > 0) {
    for (const row of await store.listEventsAfter(cursor, runId)) {
      cursor = row.id;
      const e = JSON.parse(row.data_json) as RunEvent;
      if (e.type === "attempt_finished") pending.delete(keyString(e.attempt));
      if (e.type.startsWith("attempt_")) hooks.onEvent?.(e);
    }
    if (pending.size === 0) break;
    if (hooks.signal.aborted) {
      if (cancelledAt === undefined) {
        cancelledAt = Date.now();
        await fleet.cancelRun(runId);
        for (const [queue, list] of ids) await boss.cancel(queue, list).catch(() => {});
      }
      // What no worker holds is recorded here; what one holds, that worker records (or,
      // past the wait, a worker that died meanwhile: recorded here too).
      const steal = Date.now() - cancelledAt > CANCEL_WAIT_MS;
      for (const job of pending.values()) {
        const key = { taskId: job.task.id, model: job.model, sample: job.sample };
        if (!await quiet.lease(key, `cancel:${runId}`, !steal)) continue;
        await quiet.attemptFinished(
          blankResult(job, "cancelled", null, 0),
          false,
          `cancel:${runId}`,
        );
      }
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        s.followers.delete(done);
        hooks.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, FOLLOW_POLL_MS);
      s.followers.add(done);
      hooks.signal.addEventListener("abort", done, { once: true });
    });
  }
  const wanted = new Set(jobs.map((j) => keyString({ ...j, task_id: j.task.id })));
  return finishedResults(await store.listAttempts(runId)).filter((r) => wanted.has(keyString(r)));
}
