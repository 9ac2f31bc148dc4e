// Remote access, under Settings, for a parent only: the switch, a pairing code for the next phone (shown big,
// with the time it has left), and the paired phones, each removable. Read over HTTP while Settings is open
// (remote access has no event: the list and the switch are the parent's alone), so a second screen and a
// phone that just paired show up within a few seconds.
import { t, language, onLanguage } from './i18n.js';
import { h, test } from './dom.js';
import { get, put, post, del, problemText } from './api.js';
import { toast, confirmAsk } from './notice.js';
import { isParent, onParentChange } from './login.js';

const REFRESH_MS = 3000;
let card;
let state = null;
/** The code this page asked for, until it is used, replaced, closed or runs out: {code, expiresAt, deadline}. */
let mine = null;
let visible = false;
let poller = 0;
let ticker = 0;

function when(ms) {
  return new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

function phoneRow(phone) {
  const seen = phone.last_seen_at ? t('remote.lastSeen', { when: when(phone.last_seen_at) }) : t('remote.neverSeen');
  return h('li', { class: 'remote-phone', 'data-test': 'remote-phone', 'data-phone-id': phone.phone_id },
    h('span', { class: 'remote-phone-text' },
      h('span', { class: 'remote-phone-name', 'data-test': 'remote-phone-name', text: phone.phone_name }),
      h('span', { class: 'hint', text: `${t('remote.pairedAt', { when: when(phone.paired_at) })} · ${seen}` })),
    h('button', {
      type: 'button',
      class: 'btn small danger',
      'data-test': 'remote-phone-remove',
      'aria-label': t('remote.removeNamed', { name: phone.phone_name }),
      text: t('remote.remove'),
      onclick: () => remove(phone),
    }));
}

function render() {
  if (!card) return;
  const on = !!state?.enabled;
  const toggle = test('remote-enabled', card);
  toggle.checked = on;
  toggle.disabled = !state;
  test('remote-off-hint', card).hidden = on;
  test('remote-pair', card).disabled = !on;
  const phones = state?.phones ?? [];
  test('remote-phones', card).replaceChildren(...phones.map(phoneRow));
  test('remote-no-phones', card).hidden = phones.length > 0;
  test('remote-code-box', card).hidden = !mine;
  test('remote-code', card).textContent = mine?.code ?? '';
  clearInterval(ticker);
  ticker = 0;
  if (mine) {
    tick();
    ticker = setInterval(tick, 500);
  }
}

function tick() {
  const left = Math.max(0, mine.deadline - Date.now());
  const minutes = Math.floor(left / 60000);
  const seconds = String(Math.floor((left % 60000) / 1000)).padStart(2, '0');
  test('remote-code-countdown', card).textContent = left > 0
    ? t('remote.codeLeft', { time: `${minutes}:${seconds}` })
    : t('remote.codeExpired');
}

/** What the box says now; the code shown here goes once the box no longer holds it open. */
async function load() {
  if (!isParent()) return;
  try {
    const next = await get('/api/remote');
    const before = new Set((state?.phones ?? []).map((p) => p.phone_id));
    if (mine && next.pairing?.expires_at !== mine.expiresAt) {
      const paired = next.phones.find((p) => !before.has(p.phone_id));
      if (paired) toast(t('remote.paired', { name: paired.phone_name }));
      if (paired || next.pairing || !next.enabled) mine = null;
    }
    state = next;
    render();
  } catch (e) {
    toast(problemText(e), 'error');
  }
}

async function turn(on) {
  const toggle = test('remote-enabled', card);
  toggle.disabled = true;
  try {
    state = await put('/api/remote', { enabled: on });
    if (!on) mine = null;
  } catch (e) {
    toast(problemText(e), 'error');
  }
  render();
}

async function pair() {
  const button = test('remote-pair', card);
  button.disabled = true;
  try {
    const code = await post('/api/remote/pairing', {});
    mine = { code: code.code, expiresAt: code.expires_at, deadline: Date.now() + Number(code.expires_in_ms || 0) };
  } catch (e) {
    toast(problemText(e), 'error');
  }
  await load();
  // On a small phone the code appears below the button, out of sight: bring it in.
  if (mine) test('remote-code-box', card).scrollIntoView({ block: 'center' });
}

async function remove(phone) {
  if (!await confirmAsk(t('remote.removeAsk', { name: phone.phone_name }))) return;
  try {
    await del(`/api/remote/phones/${encodeURIComponent(phone.phone_id)}`);
    toast(t('remote.removed', { name: phone.phone_name }));
  } catch (e) {
    toast(problemText(e), 'error');
  }
  await load();
}

function watch() {
  clearInterval(poller);
  poller = 0;
  if (visible && isParent()) {
    load();
    poller = setInterval(load, REFRESH_MS);
  } else {
    state = null;
    mine = null;
    render();
  }
}

export function setup(view) {
  card = test('remote-card', view);
  test('remote-enabled', card).addEventListener('change', (e) => turn(e.target.checked));
  test('remote-pair', card).addEventListener('click', pair);
  onParentChange(watch);
  onLanguage(render);
  render();
}

export function show() {
  visible = true;
  watch();
}

export function hide() {
  visible = false;
  clearInterval(poller);
  poller = 0;
  clearInterval(ticker);
  ticker = 0;
}
