/* Sign-up form validator. Classic browser script: defines window.FormValidator.
 * See instructions.md for the full contract. */
(function (global) {
  'use strict';

  var FIELDS = ['username', 'email', 'password', 'confirm', 'birthdate', 'terms'];

  var MSG = {
    usernameRequired: 'Username is required.',
    usernameLength: 'Username must be between 3 and 20 characters.',
    usernameStart: 'Username must start with a lowercase letter.',
    usernameChars: 'Username may contain only lowercase letters, digits and underscores.',
    usernameTaken: 'This username is already taken.',
    usernameCheckFailed: 'Could not check username availability. Try again.',
    emailRequired: 'Email is required.',
    emailInvalid: 'Enter a valid email address.',
    passwordRequired: 'Password is required.',
    passwordLength: 'Password must be at least 8 characters.',
    passwordClasses: 'Password must include an uppercase letter, a lowercase letter, a digit and a symbol.',
    passwordUsername: 'Password must not contain your username.',
    confirmRequired: 'Please confirm your password.',
    confirmMismatch: 'Passwords do not match.',
    birthdateRequired: 'Date of birth is required.',
    birthdateInvalid: 'Enter a valid date in the format YYYY-MM-DD.',
    birthdateTooOld: 'Date of birth must be on or after 1900-01-01.',
    birthdateFuture: 'Date of birth cannot be in the future.',
    birthdateTooYoung: 'You must be at least 13 years old.',
    termsRequired: 'You must accept the terms.',
  };

  // ---- pure rules -------------------------------------------------------------------

  function codePoints(s) {
    return Array.from(s).length;
  }

  var LOCAL_CHARS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
  var LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

  function isValidEmail(s) {
    if (s.length > 254) return false;
    var parts = s.split('@');
    if (parts.length !== 2) return false;
    var local = parts[0];
    var domain = parts[1];
    if (local.length < 1 || local.length > 64 || !LOCAL_CHARS.test(local)) return false;
    if (local[0] === '.' || local[local.length - 1] === '.' || local.indexOf('..') !== -1) return false;
    var labels = domain.split('.');
    if (labels.length < 2) return false;
    for (var i = 0; i < labels.length; i++) {
      if (labels[i].length > 63 || !LABEL.test(labels[i])) return false;
    }
    return /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]);
  }

  function isLeap(y) {
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  }

  function daysInMonth(y, m) {
    return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  }

  // 'YYYY-MM-DD' -> [y, m, d] for real calendar dates, else null.
  function parseDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return null;
    var y = Number(m[1]);
    var mo = Number(m[2]);
    var d = Number(m[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
    return [y, mo, d];
  }

  function compareDates(a, b) {
    for (var i = 0; i < 3; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return 0;
  }

  function thirteenthBirthday(date) {
    var y = date[0] + 13;
    if (date[1] === 2 && date[2] === 29 && !isLeap(y)) return [y, 3, 1];
    return [y, date[1], date[2]];
  }

  function localToday() {
    var now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()];
  }

  // ---- controller -------------------------------------------------------------------

  function attach(form, options) {
    options = options || {};
    var doc = form.ownerDocument;
    var today = options.today === undefined ? null : parseDate(String(options.today));
    if (options.today !== undefined && !today) {
      throw new TypeError('options.today must be a YYYY-MM-DD date');
    }

    var inputs = {};
    FIELDS.forEach(function (name) {
      var el = form.querySelector('[name="' + name + '"]');
      if (!el) throw new Error('Missing field: ' + name);
      inputs[name] = el;
    });

    var touched = {};
    var errors = {};
    var latest = {};
    var usernameGeneration = 0;
    var availabilityCache = new Map();
    var submitting = false;
    var destroyed = false;

    function raw(name) {
      return inputs[name].value;
    }

    function trimmed(name) {
      return raw(name).trim();
    }

    function usernameSyncError() {
      var u = trimmed('username');
      if (u === '') return MSG.usernameRequired;
      var n = codePoints(u);
      if (n < 3 || n > 20) return MSG.usernameLength;
      if (!/^[a-z]/.test(u)) return MSG.usernameStart;
      if (!/^[a-z0-9_]+$/.test(u)) return MSG.usernameChars;
      return null;
    }

    function syncError(name) {
      switch (name) {
        case 'username':
          return usernameSyncError();
        case 'email': {
          var e = trimmed('email');
          if (e === '') return MSG.emailRequired;
          return isValidEmail(e) ? null : MSG.emailInvalid;
        }
        case 'password': {
          var p = raw('password');
          if (p === '') return MSG.passwordRequired;
          if (codePoints(p) < 8) return MSG.passwordLength;
          var hasSymbol = Array.from(p).some(function (ch) {
            return !/[A-Za-z0-9]/.test(ch) && !/\s/.test(ch);
          });
          if (!/[A-Z]/.test(p) || !/[a-z]/.test(p) || !/[0-9]/.test(p) || !hasSymbol) {
            return MSG.passwordClasses;
          }
          var u = trimmed('username');
          if (codePoints(u) >= 3 && p.toLowerCase().indexOf(u.toLowerCase()) !== -1) {
            return MSG.passwordUsername;
          }
          return null;
        }
        case 'confirm': {
          var c = raw('confirm');
          if (c === '') return MSG.confirmRequired;
          return c === raw('password') ? null : MSG.confirmMismatch;
        }
        case 'birthdate': {
          var b = trimmed('birthdate');
          if (b === '') return MSG.birthdateRequired;
          var date = parseDate(b);
          if (!date) return MSG.birthdateInvalid;
          if (compareDates(date, [1900, 1, 1]) < 0) return MSG.birthdateTooOld;
          var now = today || localToday();
          if (compareDates(date, now) > 0) return MSG.birthdateFuture;
          if (compareDates(thirteenthBirthday(date), now) > 0) return MSG.birthdateTooYoung;
          return null;
        }
        case 'terms':
          return inputs.terms.checked ? null : MSG.termsRequired;
        default:
          return null;
      }
    }

    function display(name, message) {
      var input = inputs[name];
      var errorId = input.id + '-error';
      var errorEl = doc.getElementById(errorId);
      var tokens = (input.getAttribute('aria-describedby') || '')
        .split(/\s+/)
        .filter(function (t) {
          return t !== '' && t !== errorId;
        });
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        tokens.push(errorId);
        if (errorEl) {
          errorEl.textContent = message;
          errorEl.hidden = false;
        }
        errors[name] = message;
      } else {
        input.removeAttribute('aria-invalid');
        if (errorEl) {
          errorEl.textContent = '';
          errorEl.hidden = true;
        }
        delete errors[name];
      }
      if (tokens.length) input.setAttribute('aria-describedby', tokens.join(' '));
      else input.removeAttribute('aria-describedby');
    }

    function setBusy(busy) {
      if (busy) inputs.username.setAttribute('aria-busy', 'true');
      else inputs.username.removeAttribute('aria-busy');
    }

    // Resolves to 'available' | 'taken' | 'error'. Pending and fulfilled checks are shared
    // per username; a rejected check is forgotten so that the next validation retries.
    function availability(username) {
      var cached = availabilityCache.get(username);
      if (cached) return cached;
      var call;
      try {
        call = Promise.resolve(options.checkUsername(username));
      } catch (err) {
        call = Promise.reject(err);
      }
      var outcome = call.then(
        function (available) {
          return available === true ? 'available' : 'taken';
        },
        function () {
          availabilityCache.delete(username);
          return 'error';
        }
      );
      availabilityCache.set(username, outcome);
      return outcome;
    }

    function validateUsername() {
      var generation = ++usernameGeneration;
      var message = usernameSyncError();
      if (message !== null || typeof options.checkUsername !== 'function') {
        setBusy(false);
        display('username', message);
        latest.username = Promise.resolve(message === null);
        return latest.username;
      }
      display('username', null);
      setBusy(true);
      var result = availability(trimmed('username')).then(function (outcome) {
        if (destroyed) return false;
        if (generation !== usernameGeneration) return latest.username; // superseded
        setBusy(false);
        var msg = outcome === 'available' ? null : outcome === 'taken' ? MSG.usernameTaken : MSG.usernameCheckFailed;
        display('username', msg);
        return msg === null;
      });
      latest.username = result;
      return result;
    }

    function validate(name) {
      if (name === 'username') return validateUsername();
      var message = syncError(name);
      display(name, message);
      latest[name] = Promise.resolve(message === null);
      return latest[name];
    }

    function validateWithDependents(name) {
      validate(name);
      revalidateDependents(name);
    }

    function revalidateDependents(name) {
      if (name === 'username' && touched.password) validate('password');
      if (name === 'password' && touched.confirm) validate('confirm');
    }

    function fieldOf(target) {
      for (var i = 0; i < FIELDS.length; i++) {
        if (inputs[FIELDS[i]] === target) return FIELDS[i];
      }
      return null;
    }

    function onFocusOut(event) {
      var name = fieldOf(event.target);
      if (!name) return;
      touched[name] = true;
      validateWithDependents(name);
    }

    function onInput(event) {
      var name = fieldOf(event.target);
      if (!name) return;
      if (touched[name]) validate(name);
      revalidateDependents(name);
    }

    function onChange(event) {
      if (event.target !== inputs.terms) return;
      touched.terms = true;
      validate('terms');
    }

    function validateAll() {
      FIELDS.forEach(function (name) {
        touched[name] = true;
      });
      var results = FIELDS.map(validate);
      return Promise.all(results).then(function (list) {
        return list.every(Boolean);
      });
    }

    function values() {
      return {
        username: trimmed('username'),
        email: trimmed('email'),
        password: raw('password'),
        birthdate: trimmed('birthdate'),
        terms: inputs.terms.checked,
      };
    }

    function onSubmit(event) {
      event.preventDefault();
      if (submitting) return;
      submitting = true;
      validateAll().then(function (ok) {
        submitting = false;
        if (destroyed) return;
        var status = doc.getElementById('form-status');
        if (ok) {
          if (status) status.textContent = '';
          if (typeof options.onSubmit === 'function') options.onSubmit(values());
          return;
        }
        var invalid = FIELDS.filter(function (name) {
          return errors[name];
        });
        if (status) {
          status.textContent =
            'Please fix ' + invalid.length + (invalid.length === 1 ? ' error' : ' errors') + ' before submitting.';
        }
        if (invalid.length) inputs[invalid[0]].focus();
      });
    }

    form.addEventListener('focusout', onFocusOut);
    form.addEventListener('input', onInput);
    form.addEventListener('change', onChange);
    form.addEventListener('submit', onSubmit);

    return {
      validateField: function (name) {
        if (FIELDS.indexOf(name) === -1) throw new Error('Unknown field: ' + name);
        touched[name] = true;
        return validate(name);
      },
      validateAll: validateAll,
      getErrors: function () {
        var out = {};
        FIELDS.forEach(function (name) {
          if (errors[name]) out[name] = errors[name];
        });
        return out;
      },
      destroy: function () {
        if (destroyed) return;
        destroyed = true;
        form.removeEventListener('focusout', onFocusOut);
        form.removeEventListener('input', onInput);
        form.removeEventListener('change', onChange);
        form.removeEventListener('submit', onSubmit);
      },
    };
  }

  global.FormValidator = { attach: attach };
})(typeof window !== 'undefined' ? window : globalThis);
