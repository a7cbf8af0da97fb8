import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { runPool, TimeoutError, AbortError } from '../workspace/pool.mjs';

const T = { timeout: 2000 };

/** Lets every pending microtask (and a few macrotask rounds) run. */
async function flush() {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** n tasks whose outcome the test decides; records start order, signals and concurrency. */
function controlledTasks(n) {
  const state = { started: [], signals: [], contexts: [], active: 0, maxActive: 0, deferreds: [] };
  state.tasks = Array.from({ length: n }, (_, i) => {
    const d = deferred();
    state.deferreds[i] = d;
    return (ctx) => {
      state.started.push(i);
      state.contexts[i] = ctx;
      state.signals[i] = ctx.signal;
      state.active += 1;
      state.maxActive = Math.max(state.maxActive, state.active);
      return d.promise.then(
        (v) => {
          state.active -= 1;
          return v;
        },
        (e) => {
          state.active -= 1;
          throw e;
        },
      );
    };
  });
  return state;
}

function fakeTimers() {
  let nextId = 1;
  const pending = new Map();
  const cleared = [];
  const created = [];
  return {
    setTimeout(fn, ms) {
      const id = nextId++;
      pending.set(id, { fn, ms });
      created.push({ id, ms });
      return id;
    },
    clearTimeout(id) {
      cleared.push(id);
      pending.delete(id);
    },
    pendingIds: () => [...pending.keys()],
    pendingCount: () => pending.size,
    created,
    cleared,
    fire(id) {
      const timer = pending.get(id);
      assert.ok(timer, `timer ${id} is not pending`);
      pending.delete(id);
      timer.fn();
    },
  };
}

/** Captures the settlement of a promise without letting it go unhandled. */
function track(promise) {
  const t = { state: 'pending', value: undefined, reason: undefined };
  t.done = promise.then(
    (v) => {
      t.state = 'fulfilled';
      t.value = v;
    },
    (e) => {
      t.state = 'rejected';
      t.reason = e;
    },
  );
  return t;
}

describe('runPool results and scheduling', () => {
  it('resolves values in input order whatever order tasks finish in', T, async () => {
    const s = controlledTasks(4);
    const pool = track(runPool(s.tasks));
    await flush();
    assert.deepEqual(s.started, [0, 1, 2, 3]);
    assert.deepEqual(s.contexts.map((c) => c.index), [0, 1, 2, 3]);
    assert.equal(new Set(s.signals).size, 4, 'each task gets its own signal');
    for (const signal of s.signals) assert.ok(signal instanceof AbortSignal);
    s.deferreds[3].resolve('d');
    s.deferreds[1].resolve('b');
    await flush();
    assert.equal(pool.state, 'pending');
    s.deferreds[0].resolve('a');
    s.deferreds[2].resolve('c');
    await pool.done;
    assert.equal(pool.state, 'fulfilled');
    assert.deepEqual(pool.value, ['a', 'b', 'c', 'd']);
    assert.ok(s.signals.every((sig) => !sig.aborted), 'signals are not aborted on success');
  });

  it('never exceeds the concurrency limit and starts the next task when a slot frees', T, async () => {
    const s = controlledTasks(5);
    const pool = track(runPool(s.tasks, { concurrency: 2 }));
    await flush();
    assert.deepEqual(s.started, [0, 1]);
    s.deferreds[1].resolve(1);
    await flush();
    assert.deepEqual(s.started, [0, 1, 2]);
    s.deferreds[0].resolve(0);
    await flush();
    assert.deepEqual(s.started, [0, 1, 2, 3]);
    s.deferreds[3].resolve(3);
    await flush();
    assert.deepEqual(s.started, [0, 1, 2, 3, 4]);
    s.deferreds[4].resolve(4);
    await flush();
    assert.equal(pool.state, 'pending');
    s.deferreds[2].resolve(2);
    await pool.done;
    assert.deepEqual(pool.value, [0, 1, 2, 3, 4]);
    assert.equal(s.maxActive, 2);
  });

  it('accepts plain return values and treats synchronous throws as rejections', T, async () => {
    const boom = new Error('boom');
    const settled = await runPool(
      [() => 42, () => { throw boom; }, async () => 'x', () => undefined],
      { mode: 'settleAll', concurrency: 1 },
    );
    assert.deepEqual(settled, [
      { status: 'fulfilled', value: 42 },
      { status: 'rejected', reason: boom },
      { status: 'fulfilled', value: 'x' },
      { status: 'fulfilled', value: undefined },
    ]);
    await assert.rejects(runPool([() => 1, () => { throw boom; }]), (e) => e === boom);
  });

  it('resolves an empty task list to [] without progress events', T, async () => {
    const events = [];
    const result = await runPool([], { concurrency: 3, onProgress: (e) => events.push(e) });
    assert.deepEqual(result, []);
    assert.deepEqual(events, []);
  });

  it('validates arguments by rejecting the returned promise, never by throwing', T, async () => {
    let called = 0;
    const ok = () => { called += 1; return 1; };
    const cases = [
      [[ok], { concurrency: 0 }, RangeError],
      [[ok], { concurrency: -1 }, RangeError],
      [[ok], { concurrency: 1.5 }, RangeError],
      [[ok], { concurrency: NaN }, RangeError],
      [[ok], { concurrency: '2' }, RangeError],
      [[ok], { mode: 'allSettled' }, RangeError],
      [[ok], { timeoutMs: 0 }, RangeError],
      [[ok], { timeoutMs: -5 }, RangeError],
      [[ok], { timeoutMs: Infinity }, RangeError],
      [[ok], { timeoutMs: '10' }, RangeError],
      ['abc', {}, TypeError],
      [null, {}, TypeError],
      [[ok, 5], {}, TypeError],
    ];
    for (const [tasks, options, ErrorClass] of cases) {
      let promise;
      assert.doesNotThrow(() => { promise = runPool(tasks, options); }, `sync throw for ${JSON.stringify(options)}`);
      await assert.rejects(promise, ErrorClass, `expected ${ErrorClass.name} for ${String(tasks)} ${JSON.stringify(options)}`);
    }
    assert.equal(called, 0, 'no task may run when validation fails');
    assert.deepEqual(await runPool([ok, ok], { concurrency: Infinity }), [1, 1]);
  });
});

describe('runPool modes', () => {
  it('failFast rejects at once with the first error, aborts in-flight tasks and starts nothing more', T, async () => {
    const s = controlledTasks(4);
    const events = [];
    const pool = track(runPool(s.tasks, { concurrency: 2, onProgress: (e) => events.push(e) }));
    await flush();
    const err = new Error('task 1 failed');
    s.deferreds[1].reject(err);
    await flush();
    assert.equal(pool.state, 'rejected', 'must not wait for task 0');
    assert.equal(pool.reason, err);
    assert.equal(s.signals[0].aborted, true);
    assert.equal(s.signals[0].reason, err);
    s.deferreds[0].resolve('late');
    await flush();
    assert.deepEqual(s.started, [0, 1]);
    assert.deepEqual(events, [{ index: 1, status: 'rejected', completed: 1, total: 4 }]);
  });

  it('failFast calls onProgress for the failing task before rejecting', T, async () => {
    const order = [];
    const err = new Error('nope');
    const pool = runPool([() => 'ok', () => Promise.reject(err)], {
      concurrency: 1,
      onProgress: ({ index, status, completed }) => order.push(`${index}:${status}:${completed}`),
    }).catch((e) => order.push(e === err ? 'pool rejected' : 'wrong error'));
    await pool;
    assert.deepEqual(order, ['0:fulfilled:1', '1:rejected:2', 'pool rejected']);
  });

  it('settleAll collects every outcome in input order and keeps going after failures', T, async () => {
    const s = controlledTasks(3);
    const events = [];
    const pool = track(runPool(s.tasks, { concurrency: 1, mode: 'settleAll', onProgress: (e) => events.push(e) }));
    await flush();
    const e0 = new Error('zero');
    const e2 = new TypeError('two');
    s.deferreds[0].reject(e0);
    await flush();
    assert.deepEqual(s.started, [0, 1]);
    s.deferreds[1].resolve({ ok: true });
    await flush();
    s.deferreds[2].reject(e2);
    await pool.done;
    assert.equal(pool.state, 'fulfilled');
    assert.deepEqual(pool.value, [
      { status: 'rejected', reason: e0 },
      { status: 'fulfilled', value: { ok: true } },
      { status: 'rejected', reason: e2 },
    ]);
    assert.deepEqual(events, [
      { index: 0, status: 'rejected', completed: 1, total: 3 },
      { index: 1, status: 'fulfilled', completed: 2, total: 3 },
      { index: 2, status: 'rejected', completed: 3, total: 3 },
    ]);
  });

  it('reports progress in settlement order with a running completed count', T, async () => {
    const s = controlledTasks(3);
    const events = [];
    const pool = track(runPool(s.tasks, { concurrency: 2, onProgress: (e) => events.push(e) }));
    await flush();
    s.deferreds[1].resolve('b');
    await flush();
    s.deferreds[2].resolve('c');
    await flush();
    s.deferreds[0].resolve('a');
    await pool.done;
    assert.deepEqual(pool.value, ['a', 'b', 'c']);
    assert.deepEqual(events, [
      { index: 1, status: 'fulfilled', completed: 1, total: 3 },
      { index: 2, status: 'fulfilled', completed: 2, total: 3 },
      { index: 0, status: 'fulfilled', completed: 3, total: 3 },
    ]);
  });
});

describe('runPool cancellation', () => {
  it('rejects with AbortError and runs nothing when the signal is already aborted', T, async () => {
    const controller = new AbortController();
    const reason = { why: 'user cancelled' };
    controller.abort(reason);
    let called = false;
    await assert.rejects(
      runPool([() => { called = true; }], { signal: controller.signal }),
      (e) => e instanceof AbortError && e.reason === reason && e.name === 'AbortError',
    );
    assert.equal(called, false);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('aborting mid-run rejects at once, aborts in-flight signals and starts nothing more', T, async () => {
    const s = controlledTasks(5);
    const controller = new AbortController();
    const events = [];
    const pool = track(runPool(s.tasks, {
      concurrency: 2,
      mode: 'settleAll',
      signal: controller.signal,
      onProgress: (e) => events.push(e),
    }));
    await flush();
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    s.deferreds[0].resolve('a');
    await flush();
    assert.deepEqual(s.started, [0, 1, 2]);
    const reason = new Error('stop');
    controller.abort(reason);
    await flush();
    assert.equal(pool.state, 'rejected');
    assert.ok(pool.reason instanceof AbortError);
    assert.equal(pool.reason.reason, reason);
    assert.equal(s.signals[1].aborted, true);
    assert.equal(s.signals[1].reason, pool.reason);
    assert.equal(s.signals[2].reason, pool.reason);
    assert.equal(s.signals[0].aborted, false, 'a finished task is not aborted');
    s.deferreds[1].resolve('b');
    s.deferreds[2].reject(new Error('late'));
    await flush();
    assert.deepEqual(s.started, [0, 1, 2]);
    assert.equal(events.length, 1);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('removes its abort listener after resolving and after a fail-fast rejection', T, async () => {
    const controller = new AbortController();
    assert.deepEqual(await runPool([() => 1, async () => 2], { signal: controller.signal }), [1, 2]);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    const err = new Error('x');
    await assert.rejects(runPool([() => Promise.reject(err)], { signal: controller.signal }), (e) => e === err);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    controller.abort();
  });
});

describe('runPool timeouts', () => {
  it('times a slow task out with TimeoutError, frees its slot and ignores its late result', T, async () => {
    const s = controlledTasks(2);
    const timers = fakeTimers();
    const events = [];
    const pool = track(runPool(s.tasks, {
      concurrency: 1,
      mode: 'settleAll',
      timeoutMs: 500,
      timers,
      onProgress: (e) => events.push(e),
    }));
    await flush();
    assert.deepEqual(s.started, [0]);
    assert.deepEqual(timers.created.map((t) => t.ms), [500]);
    timers.fire(timers.pendingIds()[0]);
    await flush();
    assert.deepEqual(s.started, [0, 1], 'the slot is freed although task 0 never settled');
    assert.equal(s.signals[0].aborted, true);
    const timeout = s.signals[0].reason;
    assert.ok(timeout instanceof TimeoutError);
    assert.equal(timeout.index, 0);
    assert.equal(timeout.ms, 500);
    assert.equal(timeout.message, 'Task 0 timed out after 500 ms');
    s.deferreds[0].resolve('too late');
    s.deferreds[1].resolve('fast');
    await pool.done;
    assert.deepEqual(pool.value, [
      { status: 'rejected', reason: timeout },
      { status: 'fulfilled', value: 'fast' },
    ]);
    assert.deepEqual(events.map((e) => [e.index, e.status, e.completed]), [[0, 'rejected', 1], [1, 'fulfilled', 2]]);
    assert.equal(timers.pendingCount(), 0);
  });

  it('a timeout in failFast mode rejects the pool and clears the other timers', T, async () => {
    const s = controlledTasks(3);
    const timers = fakeTimers();
    const pool = track(runPool(s.tasks, { concurrency: 2, timeoutMs: 100, timers }));
    await flush();
    assert.equal(timers.pendingCount(), 2);
    const [, timerOfTask1] = timers.pendingIds();
    timers.fire(timerOfTask1);
    await flush();
    assert.equal(pool.state, 'rejected');
    assert.ok(pool.reason instanceof TimeoutError);
    assert.equal(pool.reason.index, 1);
    assert.equal(s.signals[1].reason, pool.reason);
    assert.equal(s.signals[0].aborted, true);
    assert.equal(s.signals[0].reason, pool.reason);
    assert.equal(timers.pendingCount(), 0, 'the timer of in-flight task 0 must be cleared');
    assert.deepEqual(s.started, [0, 1]);
  });

  it('clears the timer of every task that settles in time and uses no timers without timeoutMs', T, async () => {
    const s = controlledTasks(4);
    const timers = fakeTimers();
    const pool = track(runPool(s.tasks, { concurrency: 2, timeoutMs: 1000, timers }));
    await flush();
    assert.equal(timers.pendingCount(), 2);
    s.deferreds[0].resolve(0);
    await flush();
    assert.deepEqual(timers.cleared, [timers.created[0].id]);
    assert.equal(timers.pendingCount(), 2);
    s.deferreds[1].reject(new Error('x'));
    await flush();
    assert.equal(pool.state, 'rejected');
    assert.equal(timers.pendingCount(), 0);
    assert.deepEqual(timers.created.map((t) => t.ms), [1000, 1000, 1000]);

    let used = 0;
    const spy = { setTimeout: () => { used += 1; return 0; }, clearTimeout: () => { used += 1; } };
    assert.deepEqual(await runPool([() => 'a', async () => 'b'], { timers: spy }), ['a', 'b']);
    assert.equal(used, 0);
  });
});
