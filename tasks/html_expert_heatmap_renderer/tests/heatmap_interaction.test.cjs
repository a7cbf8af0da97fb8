'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, cells, cell, press, activePos, focusedPos, spyListeners, sampleData, catchError } = require('./helpers.cjs');

// Objects created inside the window belong to another realm; compare them as plain data.
const plain = (x) => JSON.parse(JSON.stringify(x));

function grid(rows, cols) {
  const values = [];
  for (let r = 0; r < rows; r++) {
    values.push([]);
    for (let c = 0; c < cols; c++) values[r].push(r * cols + c);
  }
  return {
    values,
    rowLabels: values.map((_, r) => `r${r}`),
    colLabels: (values[0] || []).map((_, c) => `c${c}`),
  };
}

test('roving tabindex starts on the first cell and nothing is focused on render', (t) => {
  const { container, document, Heatmap } = setup(t);
  const handle = Heatmap.render(container, grid(3, 4));
  assert.deepEqual(activePos(container), [0, 0]);
  assert.deepEqual(plain(handle.getActiveCell()), { row: 0, col: 0 });
  assert.equal(focusedPos(document), null, 'render must not steal focus');
  for (const th of container.querySelectorAll('th')) {
    assert.equal(th.hasAttribute('tabindex'), false, 'header cells are not focusable');
  }
});

test('arrow keys move focus and the roving tabindex, clamped at the edges', (t) => {
  const { window, container, document, Heatmap } = setup(t);
  const handle = Heatmap.render(container, grid(3, 4));
  cell(container, 0, 0).focus();

  let ev = press(window, document.activeElement, 'ArrowRight');
  assert.equal(ev.defaultPrevented, true);
  assert.deepEqual(focusedPos(document), [0, 1]);
  assert.deepEqual(activePos(container), [0, 1]);

  press(window, document.activeElement, 'ArrowDown');
  press(window, document.activeElement, 'ArrowDown');
  assert.deepEqual(focusedPos(document), [2, 1]);
  ev = press(window, document.activeElement, 'ArrowDown'); // bottom edge: stays
  assert.equal(ev.defaultPrevented, true);
  assert.deepEqual(focusedPos(document), [2, 1]);
  assert.deepEqual(activePos(container), [2, 1]);

  press(window, document.activeElement, 'ArrowLeft');
  press(window, document.activeElement, 'ArrowLeft'); // left edge: stays, no wrap
  assert.deepEqual(focusedPos(document), [2, 0]);
  press(window, document.activeElement, 'ArrowUp');
  assert.deepEqual(focusedPos(document), [1, 0]);
  assert.deepEqual(plain(handle.getActiveCell()), { row: 1, col: 0 });

  ev = press(window, document.activeElement, 'a');
  assert.equal(ev.defaultPrevented, false, 'unhandled keys are not prevented');
  ev = press(window, document.activeElement, 'Tab');
  assert.equal(ev.defaultPrevented, false);
  assert.deepEqual(activePos(container), [1, 0]);
});

test('Home/End and Ctrl+Home/Ctrl+End', (t) => {
  const { window, container, document, Heatmap } = setup(t);
  Heatmap.render(container, grid(3, 4));
  cell(container, 1, 1).focus();
  let ev = press(window, document.activeElement, 'End');
  assert.equal(ev.defaultPrevented, true);
  assert.deepEqual(focusedPos(document), [1, 3]);
  press(window, document.activeElement, 'Home');
  assert.deepEqual(focusedPos(document), [1, 0]);
  press(window, document.activeElement, 'End', { ctrlKey: true });
  assert.deepEqual(focusedPos(document), [2, 3]);
  assert.deepEqual(activePos(container), [2, 3]);
  press(window, document.activeElement, 'Home', { ctrlKey: true });
  assert.deepEqual(focusedPos(document), [0, 0]);
  assert.deepEqual(activePos(container), [0, 0]);
});

test('Enter and Space activate the focused cell; clicking a cell makes it active', (t) => {
  const { window, container, document, Heatmap } = setup(t);
  const calls = [];
  Heatmap.render(container, sampleData(), { onActivate: (info) => calls.push(info) });
  cell(container, 0, 2).click();
  assert.deepEqual(activePos(container), [0, 2]);
  assert.deepEqual(focusedPos(document), [0, 2]);
  assert.equal(calls.length, 0, 'click does not activate');

  let ev = press(window, document.activeElement, 'Enter');
  assert.equal(ev.defaultPrevented, true);
  assert.deepEqual(plain(calls), [{ row: 0, col: 2, value: 3 }]);

  press(window, document.activeElement, 'ArrowLeft'); // null cell is focusable too
  ev = press(window, document.activeElement, ' ');
  assert.equal(ev.defaultPrevented, true);
  assert.deepEqual(plain(calls[1]), { row: 0, col: 1, value: null });
  press(window, document.activeElement, 'ArrowDown'); // NaN cell -> value null
  press(window, document.activeElement, 'ArrowLeft');
  press(window, document.activeElement, 'Enter');
  assert.deepEqual(plain(calls[2]), { row: 1, col: 0, value: null });
  assert.equal(calls.length, 3);

  // keys on header cells are ignored
  ev = press(window, container.querySelector('th[scope="col"]'), 'ArrowRight');
  assert.equal(ev.defaultPrevented, false);
  assert.deepEqual(activePos(container), [1, 0]);
});

test('update re-renders, keeps the active cell (clamped) and merges options', (t) => {
  const { window, container, document, Heatmap } = setup(t);
  const handle = Heatmap.render(container, grid(3, 4), { colors: ['#000000', '#ffffff'], label: 'first' });
  cell(container, 2, 3).focus();
  press(window, document.activeElement, 'ArrowLeft');
  assert.deepEqual(activePos(container), [2, 2]);

  handle.update(grid(3, 4), { label: 'second' });
  const table = container.querySelector('table');
  assert.equal(table.getAttribute('aria-label'), 'second');
  assert.equal(container.querySelectorAll('table').length, 1);
  assert.equal(cell(container, 0, 0).getAttribute('data-color'), '#000000', 'colors option kept');
  assert.deepEqual(activePos(container), [2, 2]);
  assert.deepEqual(focusedPos(document), [2, 2], 'focus follows into the new grid');

  handle.update(grid(2, 2));
  assert.equal(cells(container).length, 4);
  assert.deepEqual(activePos(container), [1, 1]);
  assert.deepEqual(plain(handle.getActiveCell()), { row: 1, col: 1 });
  assert.deepEqual(focusedPos(document), [1, 1]);

  // When focus is outside the grid, update must not steal it.
  document.getElementById('outside').focus();
  handle.update(grid(4, 4));
  assert.equal(document.activeElement, document.getElementById('outside'));
  assert.deepEqual(activePos(container), [1, 1]);

  // A failing update throws and leaves the current rendering in place.
  const before = container.innerHTML;
  const e = catchError(() => handle.update({ values: [[1]], rowLabels: [], colLabels: ['x'] }));
  assert.ok(e);
  assert.equal(e.name, 'RangeError');
  assert.equal(container.innerHTML, before);
});

test('repeated updates do not accumulate event listeners', (t) => {
  const { window, container, document, Heatmap } = setup(t);
  const spy = spyListeners({ container, document, window });
  const calls = [];
  const handle = Heatmap.render(container, grid(3, 3), { onActivate: (info) => calls.push(info) });
  const initial = spy.counts();
  for (let i = 0; i < 5; i++) handle.update(grid(3, 3));
  assert.deepEqual(spy.counts(), initial);

  cell(container, 0, 0).focus();
  press(window, document.activeElement, 'ArrowRight');
  assert.deepEqual(focusedPos(document), [0, 1], 'one key press moves exactly one cell');
  press(window, document.activeElement, 'Enter');
  assert.equal(calls.length, 1, 'activation fires exactly once');
});

test('destroy removes the DOM and every listener; the handle then refuses updates', (t) => {
  const { window, container, document, Heatmap } = setup(t);
  const spy = spyListeners({ container, document, window });
  const calls = [];
  const handle = Heatmap.render(container, grid(2, 2), { onActivate: (info) => calls.push(info) });
  handle.update(grid(2, 3));
  handle.destroy();
  assert.equal(container.innerHTML, '');
  assert.deepEqual(spy.counts(), { container: 0, document: 0, window: 0 });
  const e = catchError(() => handle.update(grid(2, 2)));
  assert.ok(e, 'update after destroy throws');
  assert.equal(e.message, 'Heatmap has been destroyed');
  handle.destroy(); // idempotent

  // A foreign cell-like element in the container gets no behaviour after destroy.
  container.innerHTML = '<table><tr><td role="gridcell" data-row="0" data-col="0" tabindex="0"></td></tr></table>';
  const ev = press(window, container.querySelector('td'), 'Enter');
  assert.equal(ev.defaultPrevented, false);
  assert.equal(calls.length, 0);
});

test('rendering into a container that already hosts a heatmap replaces it', (t) => {
  const { window, container, document, Heatmap } = setup(t);
  const spy = spyListeners({ container, document, window });
  const first = [];
  const second = [];
  Heatmap.render(container, grid(2, 2), { onActivate: (i) => first.push(i) });
  const once = spy.counts();
  const bad = catchError(() => Heatmap.render(container, { values: [[1]], rowLabels: ['a'], colLabels: [] }));
  assert.equal(bad && bad.name, 'RangeError');
  assert.equal(cells(container).length, 4, 'an invalid render leaves the existing heatmap in place');
  const handle = Heatmap.render(container, grid(3, 3), { onActivate: (i) => second.push(i) });
  assert.deepEqual(spy.counts(), once, 'the old heatmap released its listeners');
  assert.equal(container.querySelectorAll('table').length, 1);
  assert.equal(cells(container).length, 9);
  cell(container, 0, 0).focus();
  press(window, document.activeElement, 'ArrowDown');
  press(window, document.activeElement, 'Enter');
  assert.deepEqual(plain(first), []);
  assert.deepEqual(plain(second), [{ row: 1, col: 0, value: 3 }]);
  handle.destroy();
  assert.deepEqual(spy.counts(), { container: 0, document: 0, window: 0 });
});
