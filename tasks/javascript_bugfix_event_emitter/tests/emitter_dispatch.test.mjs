import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter } from '../workspace/emitter.mjs';

describe('Emitter dispatch', () => {
  it('once listeners run a single time without disturbing the listeners after them', () => {
    const emitter = new Emitter();
    const log = [];
    emitter.once('e', (n) => log.push(`once1:${n}`));
    emitter.on('e', (n) => log.push(`on:${n}`));
    emitter.once('e', (n) => log.push(`once2:${n}`));
    emitter.on('e', (n) => log.push(`last:${n}`));
    emitter.once('*', (name, n) => log.push(`*once:${n}`));
    emitter.on('*', (name, n) => log.push(`*on:${n}`));
    emitter.emit('e', 1);
    emitter.emit('e', 2);
    assert.deepEqual(log, [
      'once1:1', 'on:1', 'once2:1', 'last:1', '*once:1', '*on:1',
      'on:2', 'last:2', '*on:2',
    ]);
    assert.equal(emitter.listenerCount('e'), 2);
  });

  it('registrations added during an emit are only called by later emits', () => {
    const emitter = new Emitter();
    const log = [];
    emitter.on('e', () => {
      log.push('adder');
      emitter.on('e', () => log.push('added'));
    });
    emitter.on('*', () => {
      if (!log.includes('*added')) emitter.on('*', () => log.push('*late'));
      log.push('*added');
    });
    emitter.emit('e');
    assert.deepEqual(log, ['adder', '*added']);
    log.length = 0;
    emitter.emit('e');
    assert.deepEqual(log, ['adder', 'added', '*added', '*late']);
  });

  it('registrations removed during an emit are skipped and nothing else is', () => {
    const emitter = new Emitter();
    const log = [];
    let unsubscribeB;
    const c = () => log.push('c');
    emitter.on('e', () => {
      log.push('a');
      emitter.off('e', c);
    });
    unsubscribeB = emitter.on('e', () => {
      log.push('b');
      unsubscribeB();
    });
    emitter.on('e', c);
    emitter.on('e', () => log.push('d'));
    emitter.emit('e');
    assert.deepEqual(log, ['a', 'b', 'd']);
    log.length = 0;
    emitter.emit('e');
    assert.deepEqual(log, ['a', 'd']);

    const other = new Emitter();
    const seen = [];
    other.on('x', () => {
      seen.push('clearer');
      other.removeAllListeners();
    });
    other.on('x', () => seen.push('after'));
    other.on('*', () => seen.push('wild'));
    assert.equal(other.emit('x'), true);
    assert.deepEqual(seen, ['clearer']);
    assert.equal(other.emit('x'), false);
  });

  it('a once listener that re-emits its own event is not called again', () => {
    const emitter = new Emitter();
    const log = [];
    emitter.once('tick', (depth) => {
      log.push(`once:${depth}`);
      emitter.emit('tick', depth + 1);
    });
    emitter.on('tick', (depth) => log.push(`on:${depth}`));
    emitter.emit('tick', 0);
    assert.deepEqual(log, ['once:0', 'on:1', 'on:0']);
  });

  it('an exception from a listener propagates and stops the emit', () => {
    const emitter = new Emitter();
    const log = [];
    const boom = new Error('boom');
    emitter.on('e', () => log.push('first'));
    emitter.on('e', () => { throw boom; });
    emitter.on('e', () => log.push('never'));
    emitter.on('*', () => log.push('never-wild'));
    assert.throws(() => emitter.emit('e'), (e) => e === boom);
    assert.deepEqual(log, ['first']);
  });
});
