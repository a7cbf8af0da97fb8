// The distributed mode's queue settings, in one place: one pg-boss queue per language (a
// worker listens only on the queues of languages whose toolchains it has), what a job
// carries (ids and flags — never a key: workers read their own .env), and the lease
// timing that lets another worker take over a dead one's job within seconds.
import { PgBoss } from "pg-boss";
import { LANGUAGES } from "../catalog.ts";
import { findToolchain } from "../sandbox/toolchains.ts";

/**
 * A job's heartbeat lease: a job whose worker has not touched it for this long is failed
 * by pg-boss's supervisor and retried by another worker (pg-boss's minimum; its default
 * is no heartbeat and a 15-minute expiry).
 */
export const HEARTBEAT_SECONDS = 10;
/** How often a worker renews the lease of each job it holds. */
export const TOUCH_EVERY_MS = 3_000;
/** How often pg-boss's supervisor looks for jobs whose lease lapsed. */
const SUPERVISE_SECONDS = 5;
/** Take-overs (a killed worker, a hand-back at SIGTERM) a job may go through. */
const RETRY_LIMIT = 20;
/** Longest an attempt may hold a job, whatever its heartbeat (a stuck worker). */
const EXPIRE_SECONDS = 3 * 3600;

/** What one job carries: which attempt, and the run's provider flags. */
export interface JobData {
  run_id: string;
  task_id: string;
  /** The task folder (the same checkout path on every machine). */
  task_dir: string;
  model: string;
  sample: number;
  /** For a regrade: the run whose stored answer is graded again. */
  regrade_of: string | null;
  /** The `replay` model's answer (an answer, not a secret). */
  replay_text: string | null;
  max_retries: number | null;
  max_connections: number | null;
  no_cache: boolean;
}

/** The queue of `language`'s jobs. */
export function queueName(language: string): string {
  return `bench-${language}`;
}

/** The toolchains a language's tasks run with: a worker serves it when it has them all. */
export const LANGUAGE_TOOLS: Record<(typeof LANGUAGES)[number], string[]> = {
  python: ["python3"],
  javascript: ["node"],
  go: ["go"],
  rust: ["cargo"],
  cpp: ["g++"],
  java: ["javac"],
  html: ["node"],
};

/** The languages whose toolchains this machine has (PATH as this process sees it). */
export async function servedLanguages(): Promise<string[]> {
  const out: string[] = [];
  for (const lang of LANGUAGES) {
    const tools = await Promise.all(LANGUAGE_TOOLS[lang].map(findToolchain));
    if (tools.every((t) => t !== null)) out.push(lang);
  }
  return out;
}

/** A started pg-boss on `url` with the fleet's supervision settings and every queue made. */
export async function openBoss(url: string): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
    schedule: false,
  });
  boss.on("error", (e) => console.error(`pg-boss: ${String((e as Error).message ?? e)}`));
  await boss.start();
  for (const lang of LANGUAGES) {
    const name = queueName(lang);
    if (await boss.getQueue(name)) continue;
    await boss.createQueue(name, {
      heartbeatSeconds: HEARTBEAT_SECONDS,
      retryLimit: RETRY_LIMIT,
      retryDelay: 0,
      expireInSeconds: EXPIRE_SECONDS,
    }).catch(async (e) => {
      if (!await boss.getQueue(name)) throw e; // another process made it meanwhile: fine
    });
  }
  return boss;
}
