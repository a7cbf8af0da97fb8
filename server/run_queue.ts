// The runs launched through the server: at most `maxActive` execute at once (the others
// wait in the order they came), each through the engine's executeRun with its own
// AbortController. Cancelling a running run aborts it (its attempts end `cancelled`);
// cancelling a waiting one records it at once as a cancelled run without running anything.
// A run whose engine dies (a full disk, a read-only runs folder, a broken database) is
// recorded `failed` with a one-line reason; when even that cannot be written, the queue
// tries again every RECORD_RETRY_MS until it can (or it stops), and the server stays up.
import type { Store } from "../lib/store/store.ts";
import { RunLifecycle, type RunStart } from "../harness/lifecycle.ts";
import { errorLine } from "../lib/util.ts";
import { closeProviders } from "../harness/providers/options.ts";
import {
  executeRun,
  type RemoteGrader,
  type RunEvent,
  type RunPlan,
  type RunSettings,
} from "../harness/run.ts";

/** How often a failure that could not be recorded (the disk was full) is tried again. */
export const RECORD_RETRY_MS = 1_000;

export type QueueState = "queued" | "running";

/** What the API shows of a run the queue holds. */
export interface QueuedRunInfo {
  run_id: string;
  state: QueueState;
  /** 1-based place among the waiting runs; null once running. */
  position: number | null;
  queued_at: string;
  settings: RunSettings;
}

interface Entry {
  plan: RunPlan;
  state: QueueState;
  queuedAt: string;
  controller: AbortController;
  /** Whether it holds one of the `maxActive` slots (a run cancelled while waiting does not). */
  holdsSlot: boolean;
  /** Called right before the engine starts (a resumed run reopens its row here). */
  beforeStart?: () => Promise<void>;
}

export interface RunQueueOptions {
  store: Store;
  maxActive: number;
  /** Every event of every run, right after it is stored. */
  onEvent?: (e: RunEvent) => void;
  /** Distributed mode: runs' attempts are graded by workers through the queue. */
  remote?: RemoteGrader;
}

/** What cancel() did. */
export type CancelResult = "cancelling" | "cancelled" | "unknown";

export class RunQueue {
  #waiting: Entry[] = [];
  #running = new Map<string, Entry>();
  #slotsUsed = 0;
  #idleWaiters: (() => void)[] = [];
  /** Failed runs whose failure is not stored yet: run id → reason and start. */
  #unrecorded = new Map<string, { reason: string; start: RunStart }>();
  #retryTimer: ReturnType<typeof setInterval> | undefined;
  #recording = false;

  constructor(private readonly opts: RunQueueOptions) {}

  /**
   * Adds a run; it starts now if a slot is free. `beforeStart` runs right before the engine
   * does. Returns what the API shows of the run.
   */
  enqueue(plan: RunPlan, beforeStart?: () => Promise<void>): QueuedRunInfo {
    this.#waiting.push({
      plan,
      state: "queued",
      queuedAt: new Date().toISOString(),
      controller: new AbortController(),
      holdsSlot: true,
      beforeStart,
    });
    this.#pump();
    return this.get(plan.runId)!;
  }

  /** The run if the queue holds it (waiting or running), else undefined. */
  get(runId: string): QueuedRunInfo | undefined {
    const running = this.#running.get(runId);
    if (running) return info(running, null);
    const i = this.#waiting.findIndex((e) => e.plan.runId === runId);
    return i < 0 ? undefined : info(this.#waiting[i], i + 1);
  }

  /** Waiting runs in order, then running ones. */
  list(): QueuedRunInfo[] {
    return [
      ...this.#waiting.map((e, i) => info(e, i + 1)),
      ...[...this.#running.values()].map((e) => info(e, null)),
    ];
  }

  /** Cancels a run this queue holds; "unknown" when it holds no such run. */
  cancel(runId: string): CancelResult {
    const running = this.#running.get(runId);
    if (running) {
      running.controller.abort();
      return "cancelling";
    }
    const i = this.#waiting.findIndex((e) => e.plan.runId === runId);
    if (i < 0) return "unknown";
    const [entry] = this.#waiting.splice(i, 1);
    entry.controller.abort();
    entry.holdsSlot = false;
    // With its signal aborted, the engine records every attempt as cancelled at once.
    this.#start(entry);
    return "cancelled";
  }

  /** Aborts every run, waiting ones included (each is recorded as cancelled). */
  cancelAll() {
    for (const e of [...this.#waiting]) this.cancel(e.plan.runId);
    for (const e of this.#running.values()) e.controller.abort();
  }

  /** Resolves when no run is waiting or running. */
  idle(): Promise<void> {
    if (this.#waiting.length === 0 && this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump() {
    while (this.#slotsUsed < Math.max(1, this.opts.maxActive) && this.#waiting.length > 0) {
      this.#start(this.#waiting.shift()!);
    }
  }

  /** Stops trying to record failures (the server stops; the next start sees those runs). */
  close() {
    clearInterval(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #start(entry: Entry) {
    const { store, onEvent } = this.opts;
    const { plan } = entry;
    const start: RunStart = {
      startedAt: new Date().toISOString(),
      settings: plan.settings,
      parent: plan.parent,
    };
    entry.state = "running";
    if (entry.holdsSlot) this.#slotsUsed++;
    this.#running.set(plan.runId, entry);
    Promise.resolve()
      .then(async () => {
        await entry.beforeStart?.();
        await executeRun(plan, {
          store,
          signal: entry.controller.signal,
          onEvent,
          remote: this.opts.remote,
        });
      })
      .catch(async (e) => {
        // The engine died before recording an end: record one, so the run is not left
        // `running` until the next start calls it interrupted.
        const reason = errorLine(e);
        console.error(`run ${plan.runId} failed: ${reason}`);
        this.#unrecorded.set(plan.runId, { reason, start });
        await this.#recordFailures();
      })
      .finally(async () => {
        await closeProviders(plan.providers.values());
        this.#running.delete(plan.runId);
        if (entry.holdsSlot) this.#slotsUsed--;
        this.#pump();
        if (this.#waiting.length === 0 && this.#running.size === 0) {
          for (const wake of this.#idleWaiters.splice(0)) wake();
        }
      })
      .catch((e) => console.error(`run ${plan.runId}: ${errorLine(e)}`));
  }

  /** Stores the failures not stored yet; keeps trying while some are left. */
  async #recordFailures() {
    if (this.#recording) return;
    this.#recording = true;
    for (const [runId, { reason, start }] of this.#unrecorded) {
      try {
        await new RunLifecycle(this.opts.store, runId, this.opts.onEvent).failed(reason, start);
        this.#unrecorded.delete(runId);
      } catch (e) {
        if (this.#retryTimer) continue; // said once already
        console.error(`run ${runId}: its failure is not recorded yet: ${errorLine(e)}`);
      }
    }
    this.#recording = false;
    if (this.#unrecorded.size === 0) this.close();
    else {
      this.#retryTimer ??= setInterval(() => this.#recordFailures(), RECORD_RETRY_MS);
    }
  }
}

function info(e: Entry, position: number | null): QueuedRunInfo {
  return {
    run_id: e.plan.runId,
    state: e.state,
    position,
    queued_at: e.queuedAt,
    settings: e.plan.settings,
  };
}
