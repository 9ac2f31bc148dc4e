// The parent's settings: the loudest volume the child can reach, pausing when the tag is lifted,
// continuing where a playlist stopped, remote access (remote.js), the page's language, and the box status
// (health.js).
import { t } from './i18n.js';
import { test, $ } from './dom.js';
import { get, put, problemText } from './api.js';
import { toast } from './notice.js';
import { isParent, onParentChange } from './login.js';
import * as boxStatus from './health.js';
import * as remote from './remote.js';

let view;

function fill(s) {
  if (!s) return;
  test('setting-max-volume', view).value = String(s.max_volume);
  $('.max-volume-value', view).textContent = String(s.max_volume);
  test('setting-pause-on-lift', view).checked = !!s.pause_on_lift;
  test('setting-resume', view).checked = !!s.resume;
}

function lock() {
  const parent = isParent();
  for (const name of ['setting-max-volume', 'setting-pause-on-lift', 'setting-resume']) test(name, view).disabled = !parent;
}

async function load() {
  try {
    fill(await get('/api/player/settings'));
  } catch (e) {
    toast(problemText(e), 'error');
  }
}

export function setup() {
  view = document.querySelector('[data-view="settings"]');
  const max = test('setting-max-volume', view);
  max.addEventListener('input', () => {
    $('.max-volume-value', view).textContent = max.value;
  });
  $('form', view).addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = test('settings-save', view);
    button.disabled = true;
    try {
      fill(await put('/api/player/settings', {
        max_volume: Number(max.value),
        pause_on_lift: test('setting-pause-on-lift', view).checked,
        resume: test('setting-resume', view).checked,
      }));
      toast(t('settings.saved'));
    } catch (err) {
      toast(problemText(err), 'error');
    } finally {
      button.disabled = false;
    }
  });
  onParentChange(lock);
  remote.setup(view);
  boxStatus.setup(view);
}

export function show() {
  lock();
  load();
  remote.show();
  boxStatus.show();
}

export function hide() {
  remote.hide();
  boxStatus.hide();
}
