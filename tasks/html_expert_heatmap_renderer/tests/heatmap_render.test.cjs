'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, cells, cell, sampleData, catchError } = require('./helpers.cjs');

test('interpolateColor returns exact lowercase #rrggbb values', (t) => {
  const { Heatmap } = setup(t);
  assert.equal(Heatmap.interpolateColor(['#000000', '#ffffff'], 0.5), '#808080');
  assert.equal(Heatmap.interpolateColor(['#000000', '#ffffff'], 0), '#000000');
  assert.equal(Heatmap.interpolateColor(['#000000', '#ffffff'], 1), '#ffffff');
  const rgb = ['#FF0000', '#00ff00', '#0000FF'];
  assert.equal(Heatmap.interpolateColor(rgb, 0.25), '#808000');
  assert.equal(Heatmap.interpolateColor(rgb, 0.5), '#00ff00');
  assert.equal(Heatmap.interpolateColor(rgb, 0.75), '#008080');
  assert.equal(Heatmap.interpolateColor(rgb, 1), '#0000ff');
  assert.equal(Heatmap.interpolateColor(rgb, -3), '#ff0000');
  assert.equal(Heatmap.interpolateColor(rgb, 7), '#0000ff');
  // shorthand colours and zero padding of single hex digits
  assert.equal(Heatmap.interpolateColor(['#ABC', '#000'], 0), '#aabbcc');
  assert.equal(Heatmap.interpolateColor(['#000000', '#0a141e'], 0.5), '#050a0f');
  assert.equal(Heatmap.interpolateColor(['#f7fbff', '#08306b'], 0.25), '#bbc8da');
  assert.equal(Heatmap.interpolateColor(['#f7fbff', '#08306b'], 0.5), '#8096b5');
  // four stops: t = 0.5 lies in the middle of the second segment
  assert.equal(Heatmap.interpolateColor(['#000000', '#646464', '#c8c8c8', '#ffffff'], 0.5), '#969696');
});

test('interpolateColor rejects bad colour lists', (t) => {
  const { Heatmap } = setup(t);
  let e = catchError(() => Heatmap.interpolateColor(['#000000', 'red'], 0.5));
  assert.ok(e, 'expected an error');
  assert.equal(e.name, 'TypeError');
  assert.equal(e.message, 'invalid color: red');
  e = catchError(() => Heatmap.interpolateColor(['#12345'], 0.5));
  assert.ok(e, 'expected an error');
  assert.equal(e.name, 'RangeError');
  assert.equal(e.message, 'colors must contain at least 2 entries');
});

test('render builds an accessible grid table with labels', (t) => {
  const { container, Heatmap } = setup(t);
  Heatmap.render(container, sampleData(), { label: 'Load by hour' });
  const table = container.querySelector('table');
  assert.ok(table, 'table rendered');
  assert.equal(table.className, 'heatmap');
  assert.equal(table.getAttribute('role'), 'grid');
  assert.equal(table.getAttribute('aria-label'), 'Load by hour');
  const colHeads = Array.from(table.querySelectorAll('thead th[scope="col"]')).map((th) => th.textContent);
  assert.deepEqual(colHeads, ['9am', '12pm', '3pm']);
  const rowHeads = Array.from(table.querySelectorAll('tbody th[scope="row"]')).map((th) => th.textContent);
  assert.deepEqual(rowHeads, ['Mon', 'Tue']);
  const bodyRows = table.querySelectorAll('tbody tr');
  assert.equal(bodyRows.length, 2);
  assert.equal(cells(container).length, 6);
  // each body row: its th, then the cells in column order
  const firstRowCells = Array.from(bodyRows[1].querySelectorAll('td[role="gridcell"]'));
  assert.deepEqual(firstRowCells.map((c) => [c.getAttribute('data-row'), c.getAttribute('data-col')]), [
    ['1', '0'],
    ['1', '1'],
    ['1', '2'],
  ]);

  const c02 = cell(container, 0, 2);
  assert.equal(c02.getAttribute('data-value'), '3');
  assert.equal(c02.getAttribute('title'), 'Mon, 3pm: 3');
  assert.equal(c02.getAttribute('aria-label'), 'Mon, 3pm: 3');

  const defaultLabel = setup(t);
  defaultLabel.Heatmap.render(defaultLabel.container, sampleData());
  assert.equal(defaultLabel.container.querySelector('table').getAttribute('aria-label'), 'Heatmap');
});

test('cell colours use the data domain and skip missing values', (t) => {
  const { container, Heatmap } = setup(t);
  Heatmap.render(container, sampleData());
  const color = (r, c) => cell(container, r, c).getAttribute('data-color');
  assert.equal(color(0, 0), '#f7fbff'); // 1 is the minimum
  assert.equal(color(1, 1), '#08306b'); // 5 is the maximum
  assert.equal(color(0, 2), '#8096b5'); // 3 -> t = 0.5
  assert.equal(color(1, 2), '#bbc8da'); // 2 -> t = 0.25
  for (const [r, c] of [[0, 0], [1, 1], [0, 2], [1, 2]]) {
    assert.ok(cell(container, r, c).style.backgroundColor, 'inline background colour set');
    assert.equal(cell(container, r, c).classList.contains('heatmap-null'), false);
  }
  for (const [r, c, label] of [[0, 1, 'Mon, 12pm: no data'], [1, 0, 'Tue, 9am: no data']]) {
    const el = cell(container, r, c);
    assert.equal(el.classList.contains('heatmap-null'), true);
    assert.equal(el.hasAttribute('data-value'), false);
    assert.equal(el.getAttribute('data-color'), '#e0e0e0');
    assert.equal(el.getAttribute('title'), label);
    assert.equal(el.getAttribute('aria-label'), label);
  }

  // Infinity is "no data" too and does not stretch the domain; nullColor is normalised.
  const other = setup(t);
  other.Heatmap.render(
    other.container,
    { values: [[10, Infinity], [undefined, 20]], rowLabels: ['a', 'b'], colLabels: ['x', 'y'] },
    { colors: ['#000', '#FFF'], nullColor: '#ABC' },
  );
  assert.equal(cell(other.container, 0, 0).getAttribute('data-color'), '#000000');
  assert.equal(cell(other.container, 1, 1).getAttribute('data-color'), '#ffffff');
  assert.equal(cell(other.container, 0, 1).getAttribute('data-color'), '#aabbcc');
  assert.equal(cell(other.container, 1, 0).getAttribute('title'), 'b, x: no data');
});

test('explicit domain clamps values; a flat domain maps to the middle colour', (t) => {
  const { container, Heatmap } = setup(t);
  Heatmap.render(
    container,
    { values: [[-50, 0, 25, 100, 400]], rowLabels: ['r'], colLabels: ['a', 'b', 'c', 'd', 'e'] },
    { colors: ['#000000', '#ffffff'], domain: [0, 100] },
  );
  const colors = cells(container).map((c) => c.getAttribute('data-color'));
  assert.deepEqual(colors, ['#000000', '#000000', '#404040', '#ffffff', '#ffffff']);
  assert.equal(cell(container, 0, 4).getAttribute('title'), 'r, e: 400');

  const flat = setup(t);
  flat.Heatmap.render(
    flat.container,
    { values: [[7, 7], [null, 7]], rowLabels: ['a', 'b'], colLabels: ['x', 'y'] },
    { colors: ['#000000', '#ffffff'] },
  );
  assert.deepEqual(
    cells(flat.container).map((c) => c.getAttribute('data-color')),
    ['#808080', '#808080', '#e0e0e0', '#808080'],
  );
  const ticks = Array.from(flat.container.querySelectorAll('.heatmap-legend .heatmap-tick'));
  assert.equal(ticks.length, 1);
  assert.equal(ticks[0].getAttribute('data-value'), '7');
  assert.equal(ticks[0].textContent, '7');
  assert.equal(ticks[0].getAttribute('data-color'), '#808080');
});

test('legend ticks: values, default formatting and colours', (t) => {
  const { container, Heatmap } = setup(t);
  Heatmap.render(
    container,
    { values: [[0, 1]], rowLabels: ['r'], colLabels: ['a', 'b'] },
    { colors: ['#000000', '#ffffff'], ticks: 4 },
  );
  const legend = container.querySelector('.heatmap-legend');
  assert.ok(legend, 'legend rendered');
  assert.equal(legend.getAttribute('aria-hidden'), 'true');
  assert.equal(container.lastElementChild, legend, 'legend comes after the table');
  const ticks = Array.from(legend.querySelectorAll('.heatmap-tick'));
  assert.deepEqual(ticks.map((s) => s.getAttribute('data-value')), ['0', String(1 / 3), String(2 / 3), '1']);
  assert.deepEqual(ticks.map((s) => s.textContent), ['0', '0.33', '0.67', '1']);
  assert.deepEqual(ticks.map((s) => s.getAttribute('data-color')), ['#000000', '#555555', '#aaaaaa', '#ffffff']);

  const five = setup(t);
  five.Heatmap.render(five.container, sampleData());
  const texts = Array.from(five.container.querySelectorAll('.heatmap-tick')).map((s) => s.textContent);
  assert.deepEqual(texts, ['1', '2', '3', '4', '5']);
});

test('custom format applies to titles and ticks; default format rounds to 2 decimals', (t) => {
  const { container, Heatmap } = setup(t);
  Heatmap.render(
    container,
    { values: [[0.125, -2.5]], rowLabels: ['CPU'], colLabels: ['a', 'b'] },
    { format: (v) => v.toFixed(1) + '%', ticks: 2 },
  );
  assert.equal(cell(container, 0, 0).getAttribute('title'), 'CPU, a: 0.1%');
  assert.equal(cell(container, 0, 1).getAttribute('aria-label'), 'CPU, b: -2.5%');
  assert.equal(cell(container, 0, 0).getAttribute('data-value'), '0.125');
  const ticks = Array.from(container.querySelectorAll('.heatmap-tick')).map((s) => s.textContent);
  assert.deepEqual(ticks, ['-2.5%', '0.1%']);

  const plain = setup(t);
  plain.Heatmap.render(plain.container, {
    values: [[2.345, -0.001, 1234.5678]],
    rowLabels: ['r'],
    colLabels: ['a', 'b', 'c'],
  });
  assert.deepEqual(
    cells(plain.container).map((c) => c.getAttribute('title')),
    ['r, a: 2.35', 'r, b: 0', 'r, c: 1234.57'],
  );
});

test('invalid input throws the documented errors and leaves the container untouched', (t) => {
  const { container, Heatmap } = setup(t);
  container.innerHTML = '<p id="keep">old</p>';
  const cases = [
    [{ values: [[1, 2], [3]], rowLabels: ['a', 'b'], colLabels: ['x', 'y'] }, {}, 'TypeError', 'values must be a rectangular 2D array'],
    [{ values: 'nope', rowLabels: [], colLabels: [] }, {}, 'TypeError', 'values must be a rectangular 2D array'],
    [{ values: [[1, '2']], rowLabels: ['a'], colLabels: ['x', 'y'] }, {}, 'TypeError', 'values must be numbers or null'],
    [{ values: [[1, 2]], rowLabels: ['a', 'b'], colLabels: ['x', 'y'] }, {}, 'RangeError', 'rowLabels length must equal the number of rows'],
    [{ values: [[1, 2]], rowLabels: ['a'], colLabels: ['x'] }, {}, 'RangeError', 'colLabels length must equal the number of columns'],
    [{ values: [[1, 2]], rowLabels: ['a'], colLabels: ['x', 'y'] }, { domain: [5, 1] }, 'RangeError', 'domain min must not exceed max'],
    [{ values: [[1, 2]], rowLabels: ['a'], colLabels: ['x', 'y'] }, { colors: ['#000'] }, 'RangeError', 'colors must contain at least 2 entries'],
    [{ values: [[1, 2]], rowLabels: ['a'], colLabels: ['x', 'y'] }, { colors: ['#000', 'blue'] }, 'TypeError', 'invalid color: blue'],
    [{ values: [[1, 2]], rowLabels: ['a'], colLabels: ['x', 'y'] }, { ticks: 1 }, 'RangeError', 'ticks must be an integer >= 2'],
  ];
  for (const [data, options, name, message] of cases) {
    const e = catchError(() => Heatmap.render(container, data, options));
    assert.ok(e, `expected ${name}: ${message}`);
    assert.equal(e.name, name, message);
    assert.equal(e.message, message);
    assert.equal(container.innerHTML, '<p id="keep">old</p>');
  }
});
