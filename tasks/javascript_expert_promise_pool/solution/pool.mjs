// Promise pool: runs async task functions with a concurrency limit.
// See instructions.md for the full contract.

/** Rejection reason of a task that did not settle within `timeoutMs`. */
export class TimeoutError extends Error {
  /**
   * @param {number} index index of the task that timed out
   * @param {number} ms the timeout that elapsed
   */
  constructor(index, ms) {
    super(`Task ${index} timed out after ${ms} ms`);
    this.name = 'TimeoutError';
    this.index = index;
    this.ms = ms;
  }
}

/** Rejection reason of a pool whose `signal` was aborted. */
export class AbortError extends Error {
  /** @param {unknown} reason the aborted signal's reason */
  constructor(reason) {
    super('The pool was aborted');
    this.name = 'AbortError';
    this.reason = reason;
  }
}

const MODES = new Set(['failFast', 'settleAll']);

function validate(tasks, { concurrency, mode, timeoutMs }) {
  if (!Array.isArray(tasks)) throw new TypeError('tasks must be an array');
  tasks.forEach((task, i) => {
    if (typeof task !== 'function') throw new TypeError(`tasks[${i}] is not a function`);
  });
  const validConcurrency =
    concurrency === Infinity || (Number.isInteger(concurrency) && concurrency > 0);
  if (!validConcurrency) throw new RangeError(`invalid concurrency: ${String(concurrency)}`);
  if (!MODES.has(mode)) throw new RangeError(`invalid mode: ${String(mode)}`);
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`invalid timeoutMs: ${String(timeoutMs)}`);
  }
}

/**
 * Run `tasks` with at most `options.concurrency` of them in flight.
 *
 * @param {Array<(ctx: {index: number, signal: AbortSignal}) => unknown>} tasks
 * @param {{
 *   concurrency?: number,
 *   mode?: 'failFast' | 'settleAll',
 *   signal?: AbortSignal,
 *   timeoutMs?: number,
 *   timers?: { setTimeout: (fn: () => void, ms: number) => unknown, clearTimeout: (handle: unknown) => void },
 *   onProgress?: (event: {index: number, status: 'fulfilled' | 'rejected', completed: number, total: number}) => void,
 * }} [options]
 * @returns {Promise<unknown[]>}
 */
export function runPool(tasks, options = {}) {
  return new Promise((resolve, reject) => {
    const {
      concurrency = Infinity,
      mode = 'failFast',
      signal,
      timeoutMs,
      timers = globalThis,
      onProgress,
    } = options;
    validate(tasks, { concurrency, mode, timeoutMs });

    if (signal?.aborted) {
      reject(new AbortError(signal.reason));
      return;
    }
    const total = tasks.length;
    if (total === 0) {
      resolve([]);
      return;
    }

    const results = new Array(total);
    /** @type {Map<number, {controller: AbortController, timer: unknown, timerPending: boolean}>} */
    const inFlight = new Map();
    let nextIndex = 0;
    let completed = 0;
    let settled = false;

    const clearTimer = (entry) => {
      if (entry.timerPending) {
        entry.timerPending = false;
        timers.clearTimeout(entry.timer);
      }
    };

    const finish = (failed, reason) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      const stillRunning = [...inFlight.values()];
      inFlight.clear();
      for (const entry of stillRunning) {
        clearTimer(entry);
        if (failed) entry.controller.abort(reason);
      }
      if (failed) reject(reason);
      else resolve(results);
    };

    function onAbort() {
      finish(true, new AbortError(signal.reason));
    }

    const settleTask = (index, entry, status, outcome) => {
      if (settled || inFlight.get(index) !== entry) return;
      inFlight.delete(index);
      clearTimer(entry);
      completed += 1;
      if (mode === 'settleAll') {
        results[index] = status === 'fulfilled'
          ? { status, value: outcome }
          : { status, reason: outcome };
      } else if (status === 'fulfilled') {
        results[index] = outcome;
      }
      onProgress?.({ index, status, completed, total });
      if (status === 'rejected' && mode === 'failFast') finish(true, outcome);
      else if (completed === total) finish(false);
      else startAvailable();
    };

    const start = (index) => {
      const entry = { controller: new AbortController(), timer: undefined, timerPending: false };
      inFlight.set(index, entry);
      if (timeoutMs !== undefined) {
        entry.timerPending = true;
        entry.timer = timers.setTimeout(() => {
          if (!entry.timerPending) return;
          entry.timerPending = false;
          const error = new TimeoutError(index, timeoutMs);
          entry.controller.abort(error);
          settleTask(index, entry, 'rejected', error);
        }, timeoutMs);
      }
      let result;
      try {
        result = Promise.resolve(tasks[index]({ index, signal: entry.controller.signal }));
      } catch (error) {
        result = Promise.reject(error);
      }
      result.then(
        (value) => settleTask(index, entry, 'fulfilled', value),
        (reason) => settleTask(index, entry, 'rejected', reason),
      );
    };

    function startAvailable() {
      while (!settled && nextIndex < total && inFlight.size < concurrency) {
        start(nextIndex++);
      }
    }

    signal?.addEventListener('abort', onAbort, { once: true });
    startAvailable();
  });
}
