// The dashboard's shared live state: signals every island reads, the one reducer that folds
// progress events into them, and the page's single event stream. Islands seed these
// signals from their server-rendered props (so the first client render matches the HTML),
// then everything live flows through `applyEvent`. On the server nothing here is written:
// islands render from props there, so requests never share state.
import { batch, type Signal, signal } from "@preact/signals";
import { artifactsPath, progressOf, queuedAttempt } from "../lib/wire.ts";
import type { SuiteBoard } from "../lib/wire_stats.ts";
import { type Attempt, EVENT_TYPES, type RunDetail, type RunEvent, type RunView } from "./types.ts";

export const IS_BROWSER = typeof document !== "undefined";

/** The run this page follows: the newest one on the home page, the page's run elsewhere. */
export const run = signal<RunDetail | null>(null);
/** Home page: follow each new run as it starts (false on a run's own page). */
export const followNewest = signal(true);
export const leaderboard = signal<SuiteBoard>({ suites: [], suite: null, rows: [] });
/** The suite the reader picked (null: the server's default, the latest finished run's). */
export const leaderboardSuite = signal<string | null>(null);
export const recentRuns = signal<RunView[]>([]);
/** The attempt open in the run page's detail column (its attempt_dir). */
export const selected = signal<string | null>(null);
/** The event stream's state, shown as a small indicator. */
export const streamState = signal<"idle" | "connecting" | "live" | "retrying">("idle");

const seeded = new WeakSet<Signal<unknown>>();

/**
 * What an island renders from shared state: on the server, `initial` (its props); in the
 * browser, the signal, which the first island to render seeds with `initial`.
 */
export function useSeeded<T>(sig: Signal<T>, initial: T): T {
  if (!IS_BROWSER) return initial;
  if (!seeded.has(sig as Signal<unknown>)) {
    seeded.add(sig as Signal<unknown>);
    sig.value = initial;
  }
  return sig.value;
}

/** A run that was just launched (or just started), before any attempt finished. */
export function freshRun(
  runId: string,
  status: RunDetail["status"],
  settings: RunDetail["settings"] | null,
): RunDetail {
  const attempts: Attempt[] = [];
  if (settings) {
    for (const task of settings.task_ids) {
      for (const model of settings.models) {
        for (let s = 0; s < settings.samples; s++) {
          attempts.push(queuedAttempt(runId, task, model, s));
        }
      }
    }
  }
  return {
    run_id: runId,
    status,
    started_at: status === "running" ? new Date().toISOString() : null,
    finished_at: null,
    settings: settings ?? {
      models: [],
      task_ids: [],
      samples: 1,
      temperature: 0,
      concurrency: 1,
      include_tests: false,
      install_deps: false,
      unsafe_no_sandbox: false,
      timeout_s: null,
    },
    position: null,
    progress: { done: 0, total: attempts.length, passed: 0 },
    totals: null,
    resumable: false,
    error: null,
    attempts,
  };
}

function sameAttempt(a: Attempt, task: string, model: string, sample: number) {
  return a.task_id === task && a.model === model && a.sample === sample;
}

function patchAttempt(
  r: RunDetail,
  task: string,
  model: string,
  sample: number,
  patch: Partial<Attempt>,
): RunDetail {
  let found = false;
  const attempts = r.attempts.map((a) => {
    if (!sameAttempt(a, task, model, sample)) return a;
    found = true;
    return { ...a, ...patch };
  });
  if (!found) attempts.push({ ...queuedAttempt(r.run_id, task, model, sample), ...patch });
  return {
    ...r,
    attempts,
    progress: progressOf(attempts, r.progress.total),
  };
}

/**
 * Folds one progress event into the signals. Returns what else the page should refresh:
 * a finished run changes the leaderboard and the run list.
 */
export function applyEvent(e: RunEvent): { refreshLists: boolean } {
  let refreshLists = false;
  batch(() => {
    const current = run.value;
    if (e.type === "run_started") {
      refreshLists = true;
      if (current?.run_id === e.run_id) {
        // Started after waiting in the queue, or resumed: keep what we know.
        const known = current.attempts.length ? current : freshRun(e.run_id, "running", e.settings);
        run.value = { ...known, status: "running", settings: e.settings };
      } else if (followNewest.value) {
        run.value = freshRun(e.run_id, "running", e.settings);
      }
      return;
    }
    if (!current || current.run_id !== e.run_id) {
      if (e.type === "run_finished") refreshLists = true;
      return;
    }
    switch (e.type) {
      case "attempt_started":
        run.value = patchAttempt(current, e.task_id, e.model, e.sample, {
          stage: "started",
          started_at: new Date().toISOString(),
        });
        break;
      case "attempt_stage":
        run.value = patchAttempt(current, e.task_id, e.model, e.sample, { stage: e.stage });
        break;
      case "attempt_finished": {
        const a = e.attempt;
        run.value = patchAttempt(current, a.task_id, a.model, a.sample, {
          ...a,
          stage: "done",
          artifacts: artifactsPath(e.run_id, a.attempt_dir),
          finished_at: new Date().toISOString(),
        });
        break;
      }
      case "run_finished":
        refreshLists = true;
        run.value = {
          ...current,
          status: e.status,
          finished_at: new Date().toISOString(),
          totals: e.totals,
        };
        break;
    }
  });
  return { refreshLists };
}

/** Whether a run in this status can still change. */
export function isLive(status: RunDetail["status"] | undefined): boolean {
  return status === "queued" || status === "running";
}

let source: EventSource | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Finished runs come in bursts (a cancelled queue): refresh the lists once per burst. */
const REFRESH_DEBOUNCE_MS = 250;

/** Re-reads the leaderboard and the recent runs (after a run finished or started). */
export function refreshLists() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    try {
      const [lb, runs] = await Promise.all([
        fetch(
          leaderboardSuite.value === null
            ? "/api/leaderboard"
            : `/api/leaderboard?suite=${encodeURIComponent(leaderboardSuite.value)}`,
        ).then((r) => r.json()),
        fetch(`/api/runs?limit=${RECENT_RUNS}`).then((r) => r.json()),
      ]);
      batch(() => {
        if (lb.rows) leaderboard.value = lb;
        recentRuns.value = [...runs.queued, ...runs.runs].slice(0, RECENT_RUNS);
      });
    } catch {
      // The server went away; the stream's reconnect brings the lists back.
    }
  }, REFRESH_DEBOUNCE_MS);
}

/** Runs listed on the home page. */
export const RECENT_RUNS = 10;

/**
 * Opens the page's one event stream (idempotent): `url` should carry `after=<cursor>` of
 * the server render, so nothing between the render and the connection is missed. The
 * browser reconnects by itself, sending Last-Event-ID.
 */
export function connectStream(url: string) {
  if (!IS_BROWSER || source) return;
  streamState.value = "connecting";
  source = new EventSource(url);
  source.onopen = () => streamState.value = "live";
  source.onerror = () => streamState.value = "retrying";
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (m) => {
      const e = { ...JSON.parse((m as MessageEvent<string>).data), type } as RunEvent;
      const { refreshLists: refresh } = applyEvent(e);
      if (refresh) refreshLists();
    });
  }
}

/** Closes the stream (a run page whose run has ended). */
export function closeStream() {
  source?.close();
  source = null;
  streamState.value = "idle";
}
