// A pg-boss worker: `concurrency` slots, each fetching one job at a time from the queues of
// the languages this machine can grade, grading it through the same gradeJob as the
// in-process pool, and recording it under the job's lease (so a job redone after its
// worker died is recorded once). While it holds a job it renews the job's heartbeat; its
// files go to PostgreSQL or the BENCH_ARTIFACTS_URL bucket (artifactFiles) for the server
// to serve. A cancelled run's jobs stop at once.
// stop() takes no new job, lets running ones finish for `graceMs`, then hands them back.
import type { PgBoss } from "pg-boss";
import type { Job as BossJob } from "pg-boss";
import type { Config } from "../../lib/config.ts";
import { artifactFiles } from "../../lib/store/open.ts";
import type { PgFleet } from "../../lib/store/pg_fleet.ts";
import type { PostgresStore } from "../../lib/store/postgres.ts";
import type { AttemptFileStore } from "../../lib/store/store.ts";
import { errorLine } from "../../lib/util.ts";
import { attemptDirName } from "../../lib/wire.ts";
import { loadTask, type Task } from "../catalog.ts";
import { pythonDepsInstaller } from "../install_deps.ts";
import { TESTS_ARTIFACT } from "../grading/expected.ts";
import { RunLifecycle } from "../lifecycle.ts";
import { answerFromStored, supportNodeModules } from "../plan.ts";
import { closeProviders, openProviders, providerOptions } from "../providers/options.ts";
import { DEFAULT_MAX_CONNECTIONS } from "../providers/semaphore.ts";
import type { Provider } from "../providers/types.ts";
import { RunRecorder } from "../record.ts";
import { Budget, BUDGET_REACHED } from "../modes/budget.ts";
import { blankResult, type Job, tryFile } from "../modes/attempt.ts";
import { attemptKey, gradeJob, type RunPlan, WORKER_ID } from "../run.ts";
import { FleetLimits } from "./fleet_limits.ts";
import { type JobData, queueName, TOUCH_EVERY_MS } from "./jobs.ts";

/** Longest an idle slot sleeps before looking again (new jobs wake it sooner by NOTIFY). */
const IDLE_POLL_MS = 1_000;
/** The files of each try (try i ≥ 2 in tries/<i>/) copied to the artifact store. */
const TRY_FILES = [
  "prompt.txt",
  "response.txt",
  "patch.diff",
  "stdout.log",
  "stderr.log",
  TESTS_ARTIFACT,
];
/** And the attempt's own: its result and an agent's transcript. */
const ATTEMPT_FILES = [...TRY_FILES, "transcript.jsonl", "result.json"];

export interface WorkerOptions {
  config: Config;
  store: PostgresStore;
  fleet: PgFleet;
  boss: PgBoss;
  concurrency: number;
  languages: readonly string[];
  /** Where this worker writes attempt folders before copying them to the database. */
  runsDir: string;
  log?: (line: string) => void;
}

interface Held {
  runId: string;
  abort: AbortController;
  handBack: boolean;
}

/** A worker over the fleet's queues; start() it, stop() it. */
export class QueueWorker {
  #stopping = false;
  #held = new Set<Held>();
  #slots: Promise<void>[] = [];
  #wake = new Set<() => void>();
  #tasks = new Map<string, Promise<Task>>();
  #providers = new Map<string, Promise<Map<string, Provider>>>();
  #unsubscribe: (() => void)[] = [];
  #turn = 0;
  /** PostgreSQL's attempt_files, or the BENCH_ARTIFACTS_URL bucket. */
  readonly #files: AttemptFileStore;

  constructor(private readonly o: WorkerOptions) {
    this.#files = artifactFiles(o.config, o.store) ?? o.store;
  }

  /** Starts the slots. */
  start() {
    const { fleet } = this.o;
    this.#unsubscribe.push(
      fleet.onJobs(() => this.#wakeAll()),
      fleet.onCancel((runId) => {
        for (const h of this.#held) if (h.runId === runId) h.abort.abort();
      }),
    );
    for (let i = 0; i < this.o.concurrency; i++) this.#slots.push(this.#slot());
  }

  /**
   * Takes no new job; jobs in hand finish within `graceMs`, else are stopped and handed
   * back to the queue for another worker. Resolves once every slot has ended.
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    this.#wakeAll();
    const timer = setTimeout(() => {
      for (const h of this.#held) {
        h.handBack = true;
        h.abort.abort();
      }
    }, graceMs);
    await Promise.all(this.#slots);
    clearTimeout(timer);
    for (const u of this.#unsubscribe) u();
    for (const p of this.#providers.values()) await closeProviders((await p).values());
  }

  #wakeAll() {
    for (const w of [...this.#wake]) w();
  }

  async #slot(): Promise<void> {
    while (!this.#stopping) {
      let found: { queue: string; job: BossJob<JobData> } | undefined;
      try {
        found = await this.#fetch();
        if (found) await this.#handle(found.queue, found.job);
      } catch (e) {
        this.o.log?.(`worker: ${errorLine(e)}`);
        if (found) await this.o.boss.fail(found.queue, found.job).catch(() => {});
      }
      if (!found && !this.#stopping) await this.#idle();
    }
  }

  /** One job from the served queues, starting at a different queue each time (fairness). */
  async #fetch(): Promise<{ queue: string; job: BossJob<JobData> } | undefined> {
    const queues = this.o.languages.map(queueName);
    const start = this.#turn++ % queues.length;
    for (let i = 0; i < queues.length; i++) {
      const queue = queues[(start + i) % queues.length];
      const [job] = await this.o.boss.fetch<JobData>(queue, { batchSize: 1 });
      if (job) return { queue, job };
    }
    return undefined;
  }

  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, IDLE_POLL_MS);
      this.#wake.add(done);
    });
  }

  async #handle(queue: string, bossJob: BossJob<JobData>): Promise<void> {
    const { store, fleet, boss } = this.o;
    const d = bossJob.data;
    const lease = `job:${bossJob.id}:${bossJob.retryCount}`;
    const key = keyOf(d);
    const held: Held = { runId: d.run_id, abort: new AbortController(), handBack: false };
    this.#held.add(held);
    const touch = setInterval(() => boss.touch(queue, bossJob).catch(() => {}), TOUCH_EVERY_MS);
    try {
      const life = new RunLifecycle(store, d.run_id);
      // A job redone after its worker died finds the dead worker's lease: take it over,
      // unless the run was cancelled meanwhile (its canceller records the attempt).
      const free = await life.lease(key, lease, true);
      if (await fleet.isCancelled(d.run_id)) {
        if (free) await life.lease(key, null);
        await boss.complete(queue, bossJob);
        return;
      }
      if (!free) await life.lease(key, lease);
      const task = await this.#task(d.task_dir);
      const job: Job = { task, ...key, dir: attemptDirName(d.task_id, d.model, d.sample) };
      const recorder = new RunRecorder(this.o.runsDir, d.run_id, this.o.config.secretValues);
      const plan = await this.#plan(d, task);
      const budget = await this.#budget(plan);
      const result = budget.reached
        ? blankResult(job, "skipped", BUDGET_REACHED, 0)
        : await gradeJob({ plan, job, recorder, life, budget, signal: held.abort.signal });
      if (held.handBack) {
        await life.lease(key, null);
        await boss.fail(queue, bossJob, { reason: `handed back by ${WORKER_ID} (stopping)` });
        return;
      }
      await recorder.writeResult(result);
      await this.#upload(recorder, job.dir);
      await life.attemptFinished(result, false, lease);
      await boss.complete(queue, bossJob);
    } finally {
      clearInterval(touch);
      this.#held.delete(held);
    }
  }

  /** The attempt's files, copied to the artifact store (each within the runner's output caps). */
  async #upload(recorder: RunRecorder, dir: string) {
    const later = await laterTries(`${recorder.runDir}/${dir}`);
    const names = [...ATTEMPT_FILES, ...later.flatMap((i) => TRY_FILES.map((f) => tryFile(i, f)))];
    for (const name of names) {
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(`${recorder.runDir}/${dir}/${name}`);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) continue; // not every stage was reached
        throw e;
      }
      await this.#files.putAttemptFile(recorder.runId, dir, name, bytes);
    }
  }

  #task(dir: string): Promise<Task> {
    let t = this.#tasks.get(dir);
    if (!t) this.#tasks.set(dir, t = loadTask(dir));
    return t;
  }

  /**
   * The run's caps with what its recorded attempts spent so far (the whole fleet's, read from
   * the store), so --max-cost and --max-tokens hold across workers as they do in one process:
   * nothing starts once a cap is reached, attempts in flight finish.
   */
  async #budget(plan: RunPlan): Promise<Budget> {
    const budget = Budget.of(plan.settings);
    if (budget.maxCostUsd === null && budget.maxTokens === null) return budget;
    const spent = await this.o.store.runSpending(plan.runId);
    budget.spend(spent.cost_usd, spent.tokens, 0);
    return budget;
  }

  /** A one-job plan: the run's settings, this worker's providers, any answer already paid for. */
  async #plan(d: JobData, task: Task): Promise<RunPlan> {
    const { config, store } = this.o;
    const run = await store.getRun(d.run_id);
    if (!run) throw new Error(`run ${d.run_id} is not in ${store.location}`);
    // An answer a dead worker already paid for is graded again rather than asked for twice;
    // a --tries attempt's answers are a conversation, so it starts over.
    const oneShot = (run.settings.tries ?? 1) <= 1;
    const own = oneShot ? await store.getAnswer({ runId: d.run_id, ...keyOf(d) }) : undefined;
    const parent = d.regrade_of && !own
      ? await store.getAnswer({ runId: d.regrade_of, ...keyOf(d) })
      : undefined;
    const answer = own ?? parent;
    const storedAnswers = answer
      ? new Map([[attemptKey(d.task_id, d.model, d.sample), answerFromStored(answer)]])
      : d.regrade_of
      ? new Map()
      : undefined;
    return {
      runId: d.run_id,
      tasks: [task],
      settings: run.settings,
      runsDir: this.o.runsDir,
      projectRoot: config.root,
      providers: storedAnswers ? new Map() : await this.#providersFor(d),
      storedAnswers,
      secrets: config.secretValues,
      maxAnswerBytes: config.maxAnswerBytes,
      nodeModulesDir: supportNodeModules(config),
      prepareDeps: run.settings.install_deps
        ? await pythonDepsInstaller(this.o.runsDir)
        : undefined,
    };
  }

  /** This worker's providers (its own .env's keys) for a job's model and flags, kept open. */
  #providersFor(d: JobData): Promise<Map<string, Provider>> {
    const id = JSON.stringify([
      d.model,
      d.max_retries,
      d.max_connections,
      d.no_cache,
      d.replay_text,
    ]);
    let p = this.#providers.get(id);
    if (!p) {
      const opts = providerOptions(
        { max_retries: d.max_retries ?? undefined, no_cache: d.no_cache },
        { config: this.o.config, runsDir: this.o.runsDir },
        d.replay_text ?? undefined,
      );
      opts.connections = new FleetLimits(
        d.max_connections ?? DEFAULT_MAX_CONNECTIONS,
        this.o.fleet,
      );
      p = openProviders([d.model], opts);
      p.catch(() => this.#providers.delete(id));
      this.#providers.set(id, p);
    }
    return p;
  }
}

/** The numbers of the tries an attempt folder has files of beyond the first (tries/<i>/). */
async function laterTries(attemptDir: string): Promise<number[]> {
  const out: number[] = [];
  try {
    for await (const e of Deno.readDir(`${attemptDir}/tries`)) {
      if (e.isDirectory && /^[1-9]\d*$/.test(e.name)) out.push(Number(e.name));
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e; // a one-shot attempt has none
  }
  return out.sort((a, b) => a - b);
}

function keyOf(d: JobData) {
  return { taskId: d.task_id, model: d.model, sample: d.sample };
}
