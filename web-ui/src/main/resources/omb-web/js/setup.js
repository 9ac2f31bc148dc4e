// The first run: on a new box the page asks for a name and a parent code, then for a hand at the box (any
// button, any tag) within the box's minute; once claimed it logs in with that code itself and keeps only the
// session the box gives (never the code). A reset at the box brings this screen back.
import { request, ApiError, problemText } from './api.js';
import { t, onLanguage } from './i18n.js';
import { test } from './dom.js';
import { rememberSession, logout, setClaimed } from './login.js';

let state = { state: 'claimed', box_name: '' };
/** This page's own claim while it waits: the chosen code, kept in memory only until the login. */
let mine = null;
let deadline = 0;
let ticker = null;
let done = false;

export function boxName() {
  return state.box_name || '';
}

/** Takes what GET /api/setup or state:setup says and shows the matching screen. */
export function showSetup(next) {
  if (!next || !next.state) return;
  const before = state.state;
  state = next;
  showName();
  if (next.state === 'waiting') {
    deadline = Date.now() + (Number(next.expires_in_ms) || 0);
  }
  if (next.state === 'unclaimed' && before === 'claimed') logout();
  if (next.state === 'unclaimed' && mine) {
    mine = null;
    problem(t('setup.timeout'));
  }
  if (next.state === 'claimed' && mine) {
    finish(mine);
    mine = null;
  }
  setClaimed(next.state === 'claimed');
  render();
}

function showName() {
  const el = test('box-name');
  el.textContent = state.box_name || '';
  el.hidden = !state.box_name;
  document.querySelector('.brand-name').hidden = !!state.box_name;
}

function render() {
  const inSetup = state.state !== 'claimed' || done;
  document.body.dataset.setup = String(inSetup);
  test('setup-view').hidden = !inSetup;
  const waiting = state.state === 'waiting';
  test('setup-form').hidden = waiting || done;
  test('setup-waiting').hidden = !waiting;
  test('setup-done').hidden = !done;
  test('setup-submit').disabled = waiting;
  test('setup-waiting-text').textContent = mine ? t('setup.press') : t('setup.other');
  clearInterval(ticker);
  ticker = null;
  if (waiting) {
    tick();
    ticker = setInterval(tick, 500);
  }
}

function tick() {
  const seconds = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  test('setup-countdown').textContent = t('setup.seconds', { seconds });
}

function problem(text) {
  const el = test('setup-error');
  el.textContent = text || '';
  el.hidden = !text;
}

/** The page's own rules, the box's too: 1 to 40 characters; 6 digits or more, or 8 characters or more. */
function check(name, code, again) {
  if (!name || name.length > 40) return t('setup.nameNeeded');
  if (/^[0-9]*$/.test(code) ? code.length < 6 : code.length < 8) return t('setup.codeShort');
  if (code !== again) return t('setup.codeDiffers');
  return null;
}

async function finish(chosen) {
  try {
    const answer = await request('POST', '/api/access/login', { parent_code: chosen.code }, { token: '' });
    rememberSession(answer.token);
    done = true;
    render();
  } catch {
    problem(t('setup.loginFailed'));
  }
}

async function submit(e) {
  e.preventDefault();
  const name = test('setup-name').value.trim();
  const code = test('setup-code').value;
  const wrong = check(name, code, test('setup-code-again').value);
  problem(wrong);
  if (wrong) return;
  test('setup-submit').disabled = true;
  mine = { code };
  try {
    showSetup(await request('POST', '/api/setup/claim', { box_name: name, parent_code: code }, { token: '' }));
    test('setup-code').value = '';
    test('setup-code-again').value = '';
  } catch (err) {
    mine = null;
    const type = err instanceof ApiError ? err.type : null;
    problem(type === 'setup_in_progress' ? t('setup.other')
      : type === 'already_claimed' ? t('setup.already')
        : type === 'validation_error' && err.body?.errors?.some((e) => e?.field === 'parent_code') ? t('setup.codeShort')
          : problemText(err));
    test('setup-submit').disabled = false;
  }
}

export function setupFirstRun() {
  test('setup-form').addEventListener('submit', submit);
  test('setup-continue').addEventListener('click', () => {
    done = false;
    render();
  });
  onLanguage(() => {
    if (state.state === 'waiting') render();
  });
}
