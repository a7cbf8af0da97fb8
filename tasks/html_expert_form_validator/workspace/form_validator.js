/* Sign-up form validator. Classic browser script: defines window.FormValidator.
 * See instructions.md for the full contract. */
(function (global) {
  'use strict';

  function attach(form, options) {
    throw new Error('not implemented');
  }

  global.FormValidator = { attach: attach };
})(typeof window !== 'undefined' ? window : globalThis);
