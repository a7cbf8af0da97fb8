/* Accessible heatmap renderer. Classic browser script: defines window.Heatmap. */
(function (global) {
  'use strict';

  var DEFAULTS = {
    colors: ['#f7fbff', '#08306b'],
    nullColor: '#e0e0e0',
    ticks: 5,
    label: 'Heatmap',
    domain: null,
    format: function (v) {
      return String(Math.round(v * 100) / 100);
    },
    onActivate: null,
  };

  var HEX_RE = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

  function parseColor(color) {
    if (typeof color !== 'string' || !HEX_RE.test(color)) {
      throw new TypeError('invalid color: ' + String(color));
    }
    var hex = color.slice(1).toLowerCase();
    if (hex.length === 3) {
      hex = hex[0] + hex[0] + hex[1] + hex[1] + hex[2] + hex[2];
    }
    return [
      parseInt(hex.slice(0, 2), 16),
      parseInt(hex.slice(2, 4), 16),
      parseInt(hex.slice(4, 6), 16),
    ];
  }

  function toHex(rgb) {
    return (
      '#' +
      rgb
        .map(function (c) {
          var s = c.toString(16);
          return s.length === 1 ? '0' + s : s;
        })
        .join('')
    );
  }

  function validateColors(colors) {
    if (!Array.isArray(colors) || colors.length < 2) {
      throw new RangeError('colors must contain at least 2 entries');
    }
    return colors.map(parseColor);
  }

  function interpolateParsed(stops, t) {
    if (!(t > 0)) t = 0; // also maps NaN to 0
    if (t > 1) t = 1;
    var last = stops.length - 1;
    if (t === 1) return toHex(stops[last]);
    var pos = t * last;
    var i = Math.floor(pos);
    var u = pos - i;
    var a = stops[i];
    var b = stops[i + 1];
    return toHex([0, 1, 2].map(function (k) {
      return Math.round(a[k] + (b[k] - a[k]) * u);
    }));
  }

  function interpolateColor(colors, t) {
    return interpolateParsed(validateColors(colors), t);
  }

  function isDataValue(v) {
    return typeof v === 'number' && isFinite(v);
  }

  function validateData(data) {
    if (!data || typeof data !== 'object') {
      throw new TypeError('values must be a rectangular 2D array');
    }
    var values = data.values;
    if (!Array.isArray(values) || !values.every(Array.isArray)) {
      throw new TypeError('values must be a rectangular 2D array');
    }
    var cols = values.length ? values[0].length : 0;
    if (!values.every(function (row) { return row.length === cols; })) {
      throw new TypeError('values must be a rectangular 2D array');
    }
    values.forEach(function (row) {
      row.forEach(function (v) {
        if (v !== null && v !== undefined && typeof v !== 'number') {
          throw new TypeError('values must be numbers or null');
        }
      });
    });
    var rowLabels = data.rowLabels;
    var colLabels = data.colLabels;
    if (!Array.isArray(rowLabels) || rowLabels.length !== values.length) {
      throw new RangeError('rowLabels length must equal the number of rows');
    }
    if (!Array.isArray(colLabels) || colLabels.length !== cols) {
      throw new RangeError('colLabels length must equal the number of columns');
    }
    return { values: values, rowLabels: rowLabels, colLabels: colLabels, rows: values.length, cols: cols };
  }

  function resolveOptions(options) {
    var o = {};
    Object.keys(DEFAULTS).forEach(function (k) {
      o[k] = options[k] !== undefined ? options[k] : DEFAULTS[k];
    });
    o.stops = validateColors(o.colors);
    o.nullHex = toHex(parseColor(o.nullColor));
    if (!Number.isInteger(o.ticks) || o.ticks < 2) {
      throw new RangeError('ticks must be an integer >= 2');
    }
    if (o.domain !== null) {
      if (!Array.isArray(o.domain) || o.domain.length !== 2 ||
          !isDataValue(o.domain[0]) || !isDataValue(o.domain[1])) {
        throw new TypeError('domain must be [min, max]');
      }
      if (o.domain[0] > o.domain[1]) {
        throw new RangeError('domain min must not exceed max');
      }
    }
    return o;
  }

  function computeDomain(model, opts) {
    if (opts.domain) return [opts.domain[0], opts.domain[1]];
    var min = Infinity;
    var max = -Infinity;
    model.values.forEach(function (row) {
      row.forEach(function (v) {
        if (isDataValue(v)) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      });
    });
    return min === Infinity ? [0, 1] : [min, max];
  }

  function normalize(v, domain) {
    if (domain[0] === domain[1]) return 0.5;
    return (v - domain[0]) / (domain[1] - domain[0]);
  }

  var registry = new WeakMap();

  function render(container, data, options) {
    if (!container || typeof container.appendChild !== 'function') {
      throw new TypeError('container must be an element');
    }
    // Validate first: invalid input must leave the container (and any heatmap in it) untouched.
    validateData(data);
    resolveOptions(Object.assign({}, options || {}));
    var previous = registry.get(container);
    if (previous) previous.destroy();

    var doc = container.ownerDocument;
    var state = {
      data: null,
      options: Object.assign({}, options || {}),
      resolved: null,
      domain: null,
      active: { row: 0, col: 0 },
      destroyed: false,
    };

    function cellAt(row, col) {
      return container.querySelector('td[role="gridcell"][data-row="' + row + '"][data-col="' + col + '"]');
    }

    function cellValue(row, col) {
      var v = state.data.values[row][col];
      return isDataValue(v) ? v : null;
    }

    function setActive(row, col, focus) {
      var oldCell = cellAt(state.active.row, state.active.col);
      if (oldCell) oldCell.setAttribute('tabindex', '-1');
      state.active = { row: row, col: col };
      var cell = cellAt(row, col);
      if (cell) {
        cell.setAttribute('tabindex', '0');
        if (focus) cell.focus();
      }
    }

    function build() {
      var model = state.data;
      var opts = state.resolved;
      var domain = state.domain;

      var table = doc.createElement('table');
      table.className = 'heatmap';
      table.setAttribute('role', 'grid');
      table.setAttribute('aria-label', opts.label);

      var thead = doc.createElement('thead');
      var headRow = doc.createElement('tr');
      var corner = doc.createElement('td');
      corner.className = 'heatmap-corner';
      headRow.appendChild(corner);
      model.colLabels.forEach(function (label) {
        var th = doc.createElement('th');
        th.setAttribute('scope', 'col');
        th.textContent = String(label);
        headRow.appendChild(th);
      });
      thead.appendChild(headRow);
      table.appendChild(thead);

      var tbody = doc.createElement('tbody');
      model.values.forEach(function (row, r) {
        var tr = doc.createElement('tr');
        var th = doc.createElement('th');
        th.setAttribute('scope', 'row');
        th.textContent = String(model.rowLabels[r]);
        tr.appendChild(th);
        row.forEach(function (v, c) {
          var td = doc.createElement('td');
          td.setAttribute('role', 'gridcell');
          td.setAttribute('data-row', String(r));
          td.setAttribute('data-col', String(c));
          var active = r === state.active.row && c === state.active.col;
          td.setAttribute('tabindex', active ? '0' : '-1');
          var prefix = String(model.rowLabels[r]) + ', ' + String(model.colLabels[c]) + ': ';
          var color;
          var text;
          if (isDataValue(v)) {
            color = interpolateParsed(opts.stops, normalize(v, domain));
            text = prefix + opts.format(v);
            td.setAttribute('data-value', String(v));
          } else {
            color = opts.nullHex;
            text = prefix + 'no data';
            td.className = 'heatmap-null';
          }
          td.setAttribute('data-color', color);
          td.style.backgroundColor = color;
          td.setAttribute('title', text);
          td.setAttribute('aria-label', text);
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);

      var legend = doc.createElement('div');
      legend.className = 'heatmap-legend';
      legend.setAttribute('aria-hidden', 'true');
      var ticks = domain[0] === domain[1] ? [[domain[0], 0.5]] : [];
      if (!ticks.length) {
        for (var k = 0; k < opts.ticks; k++) {
          var frac = k / (opts.ticks - 1);
          ticks.push([domain[0] + (domain[1] - domain[0]) * k / (opts.ticks - 1), frac]);
        }
      }
      ticks.forEach(function (tick) {
        var span = doc.createElement('span');
        span.className = 'heatmap-tick';
        span.setAttribute('data-value', String(tick[0]));
        var color = interpolateParsed(opts.stops, tick[1]);
        span.setAttribute('data-color', color);
        span.style.backgroundColor = color;
        span.textContent = opts.format(tick[0]);
        legend.appendChild(span);
      });

      container.textContent = '';
      container.appendChild(table);
      container.appendChild(legend);
    }

    function apply(data, options) {
      var model = validateData(data);
      var merged = Object.assign({}, state.options, options || {});
      var resolved = resolveOptions(merged);
      var hadFocus = state.data !== null && container.contains(doc.activeElement) &&
        doc.activeElement.getAttribute('role') === 'gridcell';
      state.data = model;
      state.options = merged;
      state.resolved = resolved;
      state.domain = computeDomain(model, resolved);
      state.active = {
        row: Math.max(0, Math.min(state.active.row, model.rows - 1)),
        col: Math.max(0, Math.min(state.active.col, model.cols - 1)),
      };
      build();
      if (hadFocus) {
        var cell = cellAt(state.active.row, state.active.col);
        if (cell) cell.focus();
      }
    }

    function targetCell(event) {
      var el = event.target;
      if (!el || typeof el.closest !== 'function') return null;
      var cell = el.closest('td[role="gridcell"]');
      return cell && container.contains(cell) ? cell : null;
    }

    function onKeyDown(event) {
      var cell = targetCell(event);
      if (!cell) return;
      var row = Number(cell.getAttribute('data-row'));
      var col = Number(cell.getAttribute('data-col'));
      var lastRow = state.data.rows - 1;
      var lastCol = state.data.cols - 1;
      var next = null;
      switch (event.key) {
        case 'ArrowRight': next = [row, Math.min(col + 1, lastCol)]; break;
        case 'ArrowLeft': next = [row, Math.max(col - 1, 0)]; break;
        case 'ArrowDown': next = [Math.min(row + 1, lastRow), col]; break;
        case 'ArrowUp': next = [Math.max(row - 1, 0), col]; break;
        case 'Home': next = event.ctrlKey ? [0, 0] : [row, 0]; break;
        case 'End': next = event.ctrlKey ? [lastRow, lastCol] : [row, lastCol]; break;
        case 'Enter':
        case ' ':
          event.preventDefault();
          if (typeof state.resolved.onActivate === 'function') {
            state.resolved.onActivate({ row: row, col: col, value: cellValue(row, col) });
          }
          return;
        default:
          return;
      }
      event.preventDefault();
      setActive(next[0], next[1], true);
    }

    function onClick(event) {
      var cell = targetCell(event);
      if (!cell) return;
      setActive(Number(cell.getAttribute('data-row')), Number(cell.getAttribute('data-col')), true);
    }

    apply(data, options);
    container.addEventListener('keydown', onKeyDown);
    container.addEventListener('click', onClick);

    var handle = {
      update: function (newData, newOptions) {
        if (state.destroyed) throw new Error('Heatmap has been destroyed');
        apply(newData, newOptions);
      },
      getActiveCell: function () {
        return { row: state.active.row, col: state.active.col };
      },
      destroy: function () {
        if (state.destroyed) return;
        state.destroyed = true;
        container.removeEventListener('keydown', onKeyDown);
        container.removeEventListener('click', onClick);
        container.textContent = '';
        if (registry.get(container) === handle) registry.delete(container);
      },
    };
    registry.set(container, handle);
    return handle;
  }

  global.Heatmap = {
    interpolateColor: interpolateColor,
    render: render,
  };
})(typeof window !== 'undefined' ? window : globalThis);
