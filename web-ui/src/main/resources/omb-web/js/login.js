// Parent access: the parent code is given to the box once (POST /api/access/login), which answers with a
// session credential; only that is kept in localStorage and sent on every change, never the code.
// Until then (in token mode) body[data-parent=false] hides or disables everything that changes the box,
// so a child tapping around cannot delete anything.
import { request, setToken, onUnauthorized, ApiError } from './api.js';
import { t } from './i18n.js';
import { $, test } from './dom.js';
import { toast } from './notice.js';
import { storageKey, basePath } from './base.js';

// Through the cloud relay there is no parent code to type: a phone away from home gets in once, with the
// pairing code the page at home shows, and keeps the credential the box gives it for that.
const away = basePath !== '/';

// One credential per box: through the relay, each box's prefix keeps its own.
const KEY = storageKey('omb.parentToken');
const listeners = new Set();
let mode = 'token';
let claimed = true;
let token = localStorage.getItem(KEY);

export function isParent() {
  return mode === 'off' || !!token;
}

export function currentToken() {
  return token;
}

/** fn(parent) runs when the parent logs in or out; the socket reconnects with the new token there. */
export function onParentChange(fn) {
  listeners.add(fn);
}

function show() {
  const parent = isParent();
  document.body.dataset.parent = String(parent);
  test('login-open').hidden = mode === 'off' || parent || !claimed;
  test('logout').hidden = mode === 'off' || !parent || !claimed;
  for (const el of document.querySelectorAll('[data-parent-control]')) el.disabled = !parent;
}

function changed() {
  setToken(mode === 'off' ? null : token);
  show();
  for (const fn of listeners) fn(isParent());
}

/** Keeps the session the box gave for the parent code (setup.js logs in by itself after a claim). */
export function rememberSession(session) {
  token = session;
  localStorage.setItem(KEY, session);
  changed();
}

/** A new box has no parent to log in yet; a reset ends every session. */
export function setClaimed(value) {
  claimed = !!value;
  show();
}

export function logout(message) {
  token = null;
  localStorage.removeItem(KEY);
  changed();
  if (message) toast(message, 'error');
}

/** Marks freshly rendered controls; views call it after building rows. */
export function applyParent(root) {
  const parent = isParent();
  for (const el of root.querySelectorAll('[data-parent-control]')) el.disabled = !parent;
}

/**
 * A kept token may have been changed on the box since; check it before the socket shows it, since
 * wrong tokens count towards the box's lock-out.
 */
export async function checkKeptToken() {
  if (mode === 'off' || !token) return;
  try {
    await request('POST', '/api/access/check', {}, { token });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) logout(t('login.expired'));
    // 403 setup_required: the box was reset at the box; the setup screen says what to do.
    if (e instanceof ApiError && e.status === 403) logout();
  }
}

export function setAccessMode(access) {
  mode = access?.mode === 'off' ? 'off' : 'token';
  claimed = access?.claimed !== false;
  setToken(mode === 'off' ? null : token);
  show();
}

export function setupLogin() {
  setToken(token);
  show();
  const dialog = $('.login-dialog');
  const input = test('login-token', dialog);
  const error = test('login-error', dialog);
  const submit = test('login-submit', dialog);

  const phoneName = test('login-phone-name', dialog);
  if (away) {
    // The words follow the language as every label does: by their keys, not by text set once.
    const relabel = (el, key) => { el.dataset.i18n = key; el.textContent = t(key); };
    relabel($('h2', dialog), 'away.heading');
    relabel($('.hint', dialog), 'away.explain');
    relabel(submit, 'away.submit');
    relabel(test('login-open'), 'away.open');
    input.type = 'text';
    input.autocomplete = 'one-time-code';
    input.dataset.i18nAria = 'away.code';
    input.setAttribute('aria-label', t('away.code'));
    phoneName.hidden = false;
  }

  test('login-open').addEventListener('click', () => {
    input.value = '';
    error.hidden = true;
    dialog.showModal();
    input.focus();
  });
  $('.login-cancel', dialog).addEventListener('click', () => dialog.close());
  test('logout').addEventListener('click', async () => {
    // Ends the session on the box too, so the credential is worth nothing if this phone is lost later.
    await request('POST', '/api/access/logout', {}).catch(() => {});
    logout();
    toast(t('login.out'));
  });

  $('.login-form', dialog).addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = input.value.trim();
    error.hidden = true;
    if (!value || (away && !phoneName.value.trim())) {
      error.textContent = t(away ? (value ? 'away.nameEmpty' : 'away.empty') : 'login.empty');
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    if (away) {
      await pairThisPhone(value, phoneName.value.trim(), { dialog, input, error, submit });
      return;
    }
    try {
      const answer = await request('POST', '/api/access/login', { parent_code: value }, { token: '' });
      input.value = '';
      dialog.close();
      rememberSession(answer.token);
      toast(t('login.done'));
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 429 ? t('login.locked')
        : err instanceof ApiError && err.status === 401 ? t('login.wrong') : t('error.network');
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });

  onUnauthorized(() => logout(t('login.expired')));
}

/** Redeems the pairing code shown at home; the credential the box gives is this phone's from now on. */
async function pairThisPhone(code, name, { dialog, input, error, submit }) {
  try {
    const answer = await request('POST', '/api/remote/pair', { code, phone_name: name }, { token: '' });
    input.value = '';
    dialog.close();
    rememberSession(answer.credential);
    toast(t('away.done'));
  } catch (err) {
    error.textContent = !(err instanceof ApiError) ? t('error.network')
      : err.status === 429 ? t('login.locked')
        : err.status === 401 ? t('away.wrong')
          : err.status === 503 || err.status === 504 ? t('refusal.box_offline') : err.message;
    error.hidden = false;
  } finally {
    submit.disabled = false;
  }
}
