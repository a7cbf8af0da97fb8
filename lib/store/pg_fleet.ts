// What the processes of one fleet (the server or bench that enqueues, and the workers on
// any machine) tell each other through PostgreSQL, besides the queue itself (pg-boss):
// that a run was cancelled, that new jobs are waiting, and how many model calls each
// provider has in flight fleet-wide. Notices travel by LISTEN/NOTIFY on one dedicated
// connection; the cancelled_runs table keeps the cancel for a process that missed it.
import pg from "pg";
import { redactUrl } from "./postgres.ts";
import { StoreError } from "./store.ts";

const CANCEL_CHANNEL = "bench_cancel";
const JOBS_CHANNEL = "bench_jobs";
/** How often a process waiting for a fleet-wide provider slot tries again. */
const SLOT_RETRY_MS = 50;

/** The fleet's shared signals, over `pool` (the store's) and one listening connection. */
export class PgFleet {
  #listener: pg.Client | undefined;
  #onCancel = new Set<(runId: string) => void>();
  #onJobs = new Set<() => void>();

  constructor(readonly url: string, readonly pool: pg.Pool) {}

  /** Starts listening for cancels and new jobs; rejects with a StoreError naming the URL. */
  async listen(): Promise<void> {
    try {
      const c = new pg.Client({ connectionString: this.url });
      c.on("error", () => {}); // a lost listener leaves the pollers' backstops
      await c.connect();
      c.on("notification", (n) => {
        if (n.channel === CANCEL_CHANNEL) { for (const f of this.#onCancel) f(n.payload ?? ""); }
        else for (const f of this.#onJobs) f();
      });
      await c.query(`LISTEN ${CANCEL_CHANNEL}; LISTEN ${JOBS_CHANNEL}`);
      this.#listener = c;
    } catch (e) {
      throw new StoreError(`${redactUrl(this.url)}: ${(e as Error).message}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    await this.#listener?.end().catch(() => {});
    this.#listener = undefined;
  }

  /** Calls `fn` with the id of each run cancelled from now on; returns the unsubscriber. */
  onCancel(fn: (runId: string) => void): () => void {
    this.#onCancel.add(fn);
    return () => this.#onCancel.delete(fn);
  }

  /** Calls `fn` whenever jobs were enqueued; returns the unsubscriber. */
  onJobs(fn: () => void): () => void {
    this.#onJobs.add(fn);
    return () => this.#onJobs.delete(fn);
  }

  /** Records run `runId` as cancelled and tells every listening process. */
  async cancelRun(runId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO cancelled_runs (run_id, cancelled_at) VALUES ($1, $2)
       ON CONFLICT (run_id) DO NOTHING`,
      [runId, new Date().toISOString()],
    );
    await this.pool.query("SELECT pg_notify($1, $2)", [CANCEL_CHANNEL, runId]);
  }

  /** Whether run `runId` was cancelled (a resumed run is taken off the list). */
  async isCancelled(runId: string): Promise<boolean> {
    const r = await this.pool.query("SELECT 1 FROM cancelled_runs WHERE run_id = $1", [runId]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Takes run `runId` off the cancelled list (it is being resumed). */
  async uncancelRun(runId: string): Promise<void> {
    await this.pool.query("DELETE FROM cancelled_runs WHERE run_id = $1", [runId]);
  }

  /** Wakes idle workers: jobs are waiting. */
  async notifyJobs(): Promise<void> {
    await this.pool.query("SELECT pg_notify($1, '')", [JOBS_CHANNEL]);
  }

  /**
   * Waits for one of `size` fleet-wide slots of `key` (a provider): a session advisory
   * lock (key's hash, slot number) held on a connection of its own, so a process that dies
   * frees its slot with its connection. Resolves to the release function; rejects with
   * the abort reason.
   */
  async acquireSlot(key: string, size: number, signal?: AbortSignal): Promise<() => void> {
    const lockKey = hash32(key);
    while (true) {
      signal?.throwIfAborted();
      const c = await this.pool.connect();
      // A held slot's connection may drop (a database restart): the slot is then gone
      // with it, which must not crash the process holding it.
      c.on("error", ignore);
      try {
        for (let slot = 0; slot < size; slot++) {
          const r = await c.query("SELECT pg_try_advisory_lock($1, $2) AS ok", [lockKey, slot]);
          if (r.rows[0].ok) return releaser(c, lockKey, slot);
        }
      } catch (e) {
        c.off("error", ignore);
        c.release(true);
        throw e;
      }
      c.off("error", ignore);
      c.release();
      await new Promise((r) => setTimeout(r, SLOT_RETRY_MS));
    }
  }
}

function releaser(c: pg.PoolClient, lockKey: number, slot: number): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    c.query("SELECT pg_advisory_unlock($1, $2)", [lockKey, slot]).then(
      () => {
        c.off("error", ignore);
        c.release();
      },
      () => c.release(true),
    );
  };
}

const ignore = () => {};

/** A stable signed 32-bit hash of `text` (FNV-1a), for advisory lock keys. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193);
  return h | 0;
}
