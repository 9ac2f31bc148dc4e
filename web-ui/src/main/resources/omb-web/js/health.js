// The box's health, shown under Settings as a short "Box status" in plain words (everything fine, or one
// line per part that needs attention), with the technical detail (each part, its status and the box's own
// sentence, and free space) behind a toggle for whoever helps the parent. Read over HTTP while Settings
// is open (health has no event of its own), and on demand for the YouTube card.
import { t, word, size, onLanguage } from './i18n.js';
import { h, test, $ } from './dom.js';
import { get } from './api.js';

const ORDER = ['database', 'audio', 'nfc', 'controls', 'storage', 'cloud'];
const GOOD = new Set(['connected', 'available', 'ok', 'healthy', 'running']);
// Not a fault: turned off, or a stand-in chosen on purpose (simulated reader, no sound device).
const OFF = new Set(['disabled', 'unknown', 'not_configured', 'simulated', 'silent']);
const BAD = new Set(['error', 'failed', 'unavailable', 'unhealthy', 'disconnected', 'missing', 'full', 'offline']);
const REFRESH_MS = 5000;
const listeners = new Set();
let latest = null;
let answered = false;
let view;
let timer = 0;
let visible = false;

export function onHealth(fn) {
  listeners.add(fn);
}

export function lastHealth() {
  return latest;
}

export async function refresh() {
  try {
    latest = await get('/api/health');
    answered = true;
  } catch (e) {
    // 503 still carries the health in its body: an unhealthy box should say why.
    latest = e.body?.data ?? latest;
    answered = !!e.body?.data;
  }
  for (const fn of listeners) fn(latest);
  return latest;
}

function tone(status) {
  if (GOOD.has(status)) return 'good';
  if (OFF.has(status)) return 'off';
  return BAD.has(status) ? 'bad' : 'warn';
}

function names(components) {
  return [...ORDER, ...Object.keys(components).filter((n) => !ORDER.includes(n))];
}

/** One plain sentence per part that is not fine; parts the box did not report are left out. */
function problems(components) {
  return names(components)
    .filter((name) => name in components && ['bad', 'warn'].includes(tone(components[name])))
    .map((name) => ({ name, text: t(`problem.${name}`) === `problem.${name}` ? t('problem.other', { name }) : t(`problem.${name}`) }));
}

function renderSummary() {
  const summary = test('status-summary', view);
  const list = test('status-problems', view);
  if (!latest) {
    summary.textContent = answered ? t('boxStatus.unreachable') : t('boxStatus.checking');
    summary.dataset.state = 'unknown';
    list.replaceChildren();
    return;
  }
  const found = problems(latest.components || {});
  summary.dataset.state = found.length ? 'attention' : 'fine';
  summary.textContent = found.length ? t('boxStatus.attention') : t('boxStatus.fine');
  list.replaceChildren(...found.map((p) => h('li', { class: 'status-problem', 'data-test': 'status-problem', 'data-component': p.name, text: p.text })));
}

function renderDetails() {
  const components = latest.components || {};
  const details = latest.details || {};
  $('.health-list', view).replaceChildren(...names(components).map((name) => {
    const status = components[name] ?? 'unknown';
    return h('li', { class: `health-item ${tone(status)}`, 'data-test': 'health-component', 'data-component': name, 'data-status': status },
      h('span', { class: 'health-dot', 'aria-hidden': 'true' }),
      h('span', { class: 'health-text' },
        h('span', { class: 'health-name' }, `${t(`component.${name}`)} `, h('span', { class: 'health-status', text: word('status', status) })),
        h('span', { class: 'health-detail hint', text: details[name] || '' })));
  }));
  const space = latest.storage_space;
  const free = test('free-space', view);
  if (space && Number.isFinite(space.free_bytes)) {
    free.textContent = Number.isFinite(space.total_bytes) && space.total_bytes > 0
      ? t('health.freeOf', { size: size(space.free_bytes), total: size(space.total_bytes) })
      : t('health.free', { size: size(space.free_bytes) });
    free.dataset.freeBytes = String(space.free_bytes);
  } else {
    free.textContent = t('health.unknownSpace');
  }
}

function render() {
  if (!view) return;
  renderSummary();
  if (latest) renderDetails();
}

async function tick() {
  await refresh();
  if (visible) timer = setTimeout(tick, REFRESH_MS);
}

function toggleDetails() {
  const toggle = test('status-details', view);
  const open = toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', String(open));
  $('.status-detail', view).hidden = !open;
}

/** container: the element holding the status card (the Settings view). */
export function setup(container) {
  view = container;
  test('status-details', view).addEventListener('click', toggleDetails);
  onHealth(render);
  onLanguage(render);
}

export function show() {
  visible = true;
  clearTimeout(timer);
  render();
  tick();
}

export function hide() {
  visible = false;
  clearTimeout(timer);
}
