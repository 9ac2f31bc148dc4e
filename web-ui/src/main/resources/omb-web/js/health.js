// The box's health: each part, its status and the reason, and free space. Read over HTTP while the
// view is open (health has no event of its own), and on demand for the YouTube form.
import { t, word, size, onLanguage } from './i18n.js';
import { h, test, $ } from './dom.js';
import { get } from './api.js';

const ORDER = ['database', 'audio', 'nfc', 'controls', 'storage', 'cloud'];
const GOOD = new Set(['connected', 'available', 'ok', 'healthy', 'simulated', 'running']);
const OFF = new Set(['disabled', 'unknown', 'not_configured']);
const BAD = new Set(['error', 'failed', 'unavailable', 'unhealthy', 'disconnected', 'missing', 'full']);
const REFRESH_MS = 5000;
const listeners = new Set();
let latest = null;
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
  } catch (e) {
    // 503 still carries the health in its body: an unhealthy box should say why.
    latest = e.body?.data ?? latest;
  }
  for (const fn of listeners) fn(latest);
  return latest;
}

function tone(status) {
  if (GOOD.has(status)) return 'good';
  if (OFF.has(status)) return 'off';
  return BAD.has(status) ? 'bad' : 'warn';
}

function render() {
  if (!view || !latest) return;
  const components = latest.components || {};
  const details = latest.details || {};
  const names = [...ORDER, ...Object.keys(components).filter((n) => !ORDER.includes(n))];
  $('.health-list', view).replaceChildren(...names.map((name) => {
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

async function tick() {
  await refresh();
  if (visible) timer = setTimeout(tick, REFRESH_MS);
}

export function setup() {
  view = document.querySelector('[data-view="health"]');
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
