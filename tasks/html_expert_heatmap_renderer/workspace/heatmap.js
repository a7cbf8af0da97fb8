/* Accessible heatmap renderer. Classic browser script: defines window.Heatmap.
 * See instructions.md for the full contract. */
(function (global) {
  'use strict';

  function notImplemented() {
    throw new Error('not implemented');
  }

  global.Heatmap = {
    interpolateColor: function (colors, t) {
      notImplemented();
    },
    render: function (container, data, options) {
      notImplemented();
    },
  };
})(typeof window !== 'undefined' ? window : globalThis);
