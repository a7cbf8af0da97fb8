import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter } from '../workspace/emitter.mjs';

describe('Emitter limits and error events', () => {
  it('warns once per event when registrations exceed the default limit of 10', () => {
    const warnings = [];
    const emitter = new Emitter({ onWarning: (message) => warnings.push(message) });
    for (let i = 0; i < 10; i++) emitter.on('data', () => {});
    assert.deepEqual(warnings, [], 'exactly 10 registrations must not warn');
    emitter.once('data', () => {});
    assert.deepEqual(warnings, ['Possible memory leak: 11 listeners for "data" (max 10)']);
    emitter.on('data', () => {});
    for (let i = 0; i < 10; i++) emitter.on('other', () => {});
    assert.equal(warnings.length, 1);
    emitter.on('other', () => {});
    assert.deepEqual(warnings, [
      'Possible memory leak: 11 listeners for "data" (max 10)',
      'Possible memory leak: 11 listeners for "other" (max 10)',
    ]);
    assert.equal(emitter.getMaxListeners(), 10);
  });

  it('honours custom limits, 0 and Infinity, and validates them', () => {
    const warnings = [];
    const emitter = new Emitter({ maxListeners: 2, onWarning: (m) => warnings.push(m) });
    const sym = Symbol('s');
    emitter.on(sym, () => {});
    emitter.on(sym, () => {});
    emitter.on('*', () => {});
    emitter.on('*', () => {});
    assert.deepEqual(warnings, []);
    emitter.on(sym, () => {});
    emitter.on('*', () => {});
    assert.deepEqual(warnings, [
      'Possible memory leak: 3 listeners for "Symbol(s)" (max 2)',
      'Possible memory leak: 3 listeners for "*" (max 2)',
    ]);
    assert.equal(emitter.setMaxListeners(0), emitter);
    for (let i = 0; i < 20; i++) emitter.on('many', () => {});
    emitter.setMaxListeners(Infinity);
    for (let i = 0; i < 20; i++) emitter.on('more', () => {});
    assert.equal(warnings.length, 2);
    for (const bad of [-1, 1.5, NaN, '3', null]) {
      assert.throws(() => emitter.setMaxListeners(bad), RangeError, String(bad));
    }
    assert.throws(() => new Emitter({ maxListeners: -2 }), RangeError);
  });

  it('throws on an "error" event nobody listens to, without calling wildcards', () => {
    const emitter = new Emitter();
    const wild = [];
    emitter.on('*', (name) => wild.push(name));
    const err = new TypeError('bad input');
    assert.throws(() => emitter.emit('error', err), (e) => e === err);
    assert.throws(() => emitter.emit('error', 'disk full'), (e) => e instanceof Error && e.message === 'Unhandled error event: disk full');
    assert.throws(() => emitter.emit('error'), (e) => e instanceof Error && e.message === 'Unhandled error event: undefined');
    assert.deepEqual(wild, []);
  });

  it('throws again once the last "error" registration is gone', () => {
    const emitter = new Emitter();
    const handled = [];
    const handler = (e) => handled.push(e.message);
    emitter.on('error', handler);
    assert.equal(emitter.emit('error', new Error('one')), true);
    emitter.off('error', handler);
    assert.throws(() => emitter.emit('error', new Error('two')), { message: 'two' });
    emitter.once('error', handler);
    assert.equal(emitter.emit('error', new Error('three')), true);
    assert.throws(() => emitter.emit('error', new Error('four')), { message: 'four' });
    const unsubscribe = emitter.on('error', handler);
    unsubscribe();
    assert.throws(() => emitter.emit('error', 'five'), { message: 'Unhandled error event: five' });
    assert.deepEqual(handled, ['one', 'three']);
  });

  it('removeAllListeners clears one event or every event', () => {
    const emitter = new Emitter();
    const log = [];
    emitter.on('a', () => log.push('a'));
    emitter.on('b', () => log.push('b'));
    emitter.on('*', (name) => log.push(`*${name}`));
    assert.equal(emitter.removeAllListeners('a'), emitter);
    emitter.emit('a');
    emitter.emit('b');
    assert.deepEqual(log, ['*a', 'b', '*b']);
    emitter.removeAllListeners();
    assert.equal(emitter.emit('b'), false);
    assert.equal(emitter.listenerCount('*'), 0);
  });
});
