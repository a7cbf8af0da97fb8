import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter, WILDCARD } from '../workspace/emitter.mjs';

describe('Emitter registration API', () => {
  it('calls listeners in registration order with the arguments and this = emitter', () => {
    const emitter = new Emitter();
    const calls = [];
    function first(...args) { calls.push(['first', this, args]); }
    const second = function (...args) { calls.push(['second', this, args]); };
    emitter.on('data', first);
    emitter.on('data', second);
    emitter.on('data', first);
    emitter.emit('data', 1, 'two', { three: 3 });
    assert.deepEqual(calls, [
      ['first', emitter, [1, 'two', { three: 3 }]],
      ['second', emitter, [1, 'two', { three: 3 }]],
      ['first', emitter, [1, 'two', { three: 3 }]],
    ]);
    assert.throws(() => emitter.on('data', 'not a function'), TypeError);
    assert.throws(() => emitter.once('data', null), TypeError);
  });

  it('calls wildcard listeners after the specific ones, with the event name first', () => {
    const emitter = new Emitter();
    const log = [];
    const sym = Symbol('tick');
    emitter.on(WILDCARD, (name, ...args) => log.push(['*1', name, args]));
    emitter.on('a', (...args) => log.push(['a', args]));
    emitter.on('*', (name, ...args) => log.push(['*2', name, args]));
    emitter.emit('a', 1, 2);
    emitter.emit(sym, 'x');
    assert.deepEqual(log, [
      ['a', [1, 2]],
      ['*1', 'a', [1, 2]],
      ['*2', 'a', [1, 2]],
      ['*1', sym, ['x']],
      ['*2', sym, ['x']],
    ]);
  });

  it('emit reports whether any listener ran', () => {
    const emitter = new Emitter();
    assert.equal(emitter.emit('nothing'), false);
    const unsubscribe = emitter.on('x', () => {});
    assert.equal(emitter.emit('x'), true);
    unsubscribe();
    assert.equal(emitter.emit('x'), false);
    emitter.on('*', () => {});
    assert.equal(emitter.emit('x'), true);
  });

  it('off removes the most recent registration of a listener, including once registrations', () => {
    const emitter = new Emitter();
    const log = [];
    const a = () => log.push('a');
    const b = () => log.push('b');
    emitter.on('e', a);
    emitter.on('e', b);
    emitter.on('e', a);
    assert.equal(emitter.off('e', a), true);
    emitter.emit('e');
    assert.deepEqual(log, ['a', 'b']);
    assert.equal(emitter.off('e', () => {}), false);
    assert.equal(emitter.off('other', a), false);

    const onceListener = () => log.push('once');
    emitter.once('e', onceListener);
    assert.equal(emitter.off('e', onceListener), true, 'off must find a once registration');
    assert.equal(emitter.off('e', onceListener), false);
    log.length = 0;
    emitter.emit('e');
    assert.deepEqual(log, ['a', 'b']);
  });

  it('unsubscribe functions remove exactly their own registration, once', () => {
    const emitter = new Emitter();
    const log = [];
    const f = (tag) => log.push(tag);
    const unsubscribeFirst = emitter.on('e', f);
    emitter.on('e', f);
    const unsubscribeOnce = emitter.once('e', f);
    unsubscribeFirst();
    unsubscribeFirst();
    assert.equal(emitter.listenerCount('e'), 2);
    emitter.emit('e', 'run1');
    assert.deepEqual(log, ['run1', 'run1']);
    unsubscribeOnce();
    assert.equal(emitter.listenerCount('e'), 1);
    emitter.emit('e', 'run2');
    assert.deepEqual(log, ['run1', 'run1', 'run2']);
  });

  it('listeners() and listenerCount() report the registered functions', () => {
    const emitter = new Emitter();
    const a = () => {};
    const b = () => {};
    emitter.on('e', a);
    emitter.once('e', b);
    emitter.on('e', a);
    assert.equal(emitter.listenerCount('e'), 3);
    const listed = emitter.listeners('e');
    assert.deepEqual(listed, [a, b, a]);
    listed.push(b);
    assert.equal(emitter.listenerCount('e'), 3, 'listeners() must return a copy');
    emitter.emit('e');
    assert.deepEqual(emitter.listeners('e'), [a, a]);
    assert.deepEqual(emitter.listeners('none'), []);
    assert.equal(emitter.listenerCount('none'), 0);
  });
});
