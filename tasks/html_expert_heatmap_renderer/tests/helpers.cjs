'use strict';
// Shared helpers for the heatmap tests: a fresh happy-dom window per test with
// workspace/heatmap.js evaluated inside it.
const fs = require('node:fs');
const path = require('node:path');
const { Window } = require('happy-dom');

const SCRIPT = path.join(__dirname, '..', 'workspace', 'heatmap.js');

function setup(t) {
  const window = new Window({
    url: 'http://localhost/',
    settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true },
  });
  const document = window.document;
  document.write('<!doctype html><html><body><div id="chart"></div><button id="outside">x</button></body></html>');
  window.eval(fs.readFileSync(SCRIPT, 'utf8'));
  if (t) t.after(() => window.happyDOM.close());
  return { window, document, container: document.getElementById('chart'), Heatmap: window.Heatmap };
}

function cells(container) {
  return Array.from(container.querySelectorAll('td[role="gridcell"]'));
}

function cell(container, row, col) {
  return container.querySelector(`td[role="gridcell"][data-row="${row}"][data-col="${col}"]`);
}

function press(window, target, key, extra = {}) {
  const ev = new window.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...extra });
  target.dispatchEvent(ev);
  return ev;
}

// Position of the cell holding tabindex="0"; also asserts there is exactly one.
function activePos(container) {
  const zero = cells(container).filter((c) => c.getAttribute('tabindex') === '0');
  if (zero.length !== 1) throw new Error(`expected exactly one cell with tabindex=0, got ${zero.length}`);
  const others = cells(container).filter((c) => c.getAttribute('tabindex') !== '0');
  for (const c of others) {
    if (c.getAttribute('tabindex') !== '-1') throw new Error('non-active cell without tabindex=-1');
  }
  return [Number(zero[0].getAttribute('data-row')), Number(zero[0].getAttribute('data-col'))];
}

function focusedPos(document) {
  const el = document.activeElement;
  if (!el || el.getAttribute('role') !== 'gridcell') return null;
  return [Number(el.getAttribute('data-row')), Number(el.getAttribute('data-col'))];
}

// Records listeners registered on the given targets (own-property spies on the instances).
function spyListeners(targets) {
  const live = new Map();
  for (const [name, target] of Object.entries(targets)) {
    const add = target.addEventListener;
    const remove = target.removeEventListener;
    const set = new Set();
    live.set(name, set);
    const key = (type, fn, opts) => {
      const capture = typeof opts === 'boolean' ? opts : !!(opts && opts.capture);
      return JSON.stringify([type, capture]) + '#' + idOf(fn);
    };
    target.addEventListener = function (type, fn, opts) {
      if (fn) set.add(key(type, fn, opts));
      return add.call(this, type, fn, opts);
    };
    target.removeEventListener = function (type, fn, opts) {
      if (fn) set.delete(key(type, fn, opts));
      return remove.call(this, type, fn, opts);
    };
  }
  return {
    counts() {
      const out = {};
      for (const [name, set] of live) out[name] = set.size;
      return out;
    },
  };
}

const ids = new WeakMap();
let nextId = 1;
function idOf(fn) {
  if (typeof fn !== 'object' && typeof fn !== 'function') return String(fn);
  if (!ids.has(fn)) ids.set(fn, nextId++);
  return ids.get(fn);
}

function sampleData() {
  return {
    values: [
      [1, null, 3],
      [NaN, 5, 2],
    ],
    rowLabels: ['Mon', 'Tue'],
    colLabels: ['9am', '12pm', '3pm'],
  };
}

function catchError(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return null;
}

module.exports = { setup, cells, cell, press, activePos, focusedPos, spyListeners, sampleData, catchError };
