// Adding a track from YouTube. The download runs in the cloud service, so the form is offered only
// while health says the cloud link is connected; otherwise it says why it is not available.
import { t, onLanguage } from './i18n.js';
import { test, $ } from './dom.js';
import { post, problemText } from './api.js';
import { on } from './live.js';
import { refresh, onHealth, lastHealth } from './health.js';

let root;
let playlistId = null;
let taskId = null;
let status = null; // {key, vars}

function available() {
  return lastHealth()?.components?.cloud === 'connected';
}

function render() {
  if (!root) return;
  const ok = available();
  const form = test('youtube-form', root);
  for (const el of form.elements) el.disabled = !ok;
  form.dataset.available = String(ok);
  const why = test('youtube-unavailable', root);
  why.hidden = ok;
  const detail = lastHealth()?.details?.cloud;
  why.textContent = ok ? '' : t('youtube.unavailable') + (detail ? ` (${detail})` : '');
  const line = test('youtube-status', root);
  line.hidden = !status;
  line.textContent = status ? t(status.key, status.vars) : '';
}

function onEvent({ name, data }) {
  if (!data || (taskId && data.task_id && data.task_id !== taskId)) return;
  if (name === 'youtube:progress') {
    status = { key: 'youtube.progress', vars: { percent: Math.floor(data.progress_percent || 0) } };
  } else if (name === 'youtube:complete') {
    status = { key: 'youtube.done' };
    taskId = null;
  } else {
    status = { key: 'youtube.failed', vars: { message: data.message || '' } };
    taskId = null;
  }
  render();
}

export function setup(container) {
  root = container;
  const form = test('youtube-form', root);
  const url = test('youtube-url', root);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const link = url.value.trim();
    if (!/^https?:\/\/(www\.|m\.|music\.)?(youtube\.com|youtu\.be)\//i.test(link)) {
      status = { key: 'youtube.badUrl' };
      render();
      return;
    }
    try {
      const answer = await post('/api/youtube/download', { url: link, playlist_id: playlistId });
      taskId = answer?.task_id || null;
      status = { key: 'youtube.started' };
      url.value = '';
    } catch (err) {
      status = { key: 'youtube.failed', vars: { message: problemText(err) } };
    }
    render();
  });
  on('youtube', onEvent);
  onHealth(render);
  onLanguage(render);
}

export function show(id) {
  playlistId = id;
  status = null;
  render();
  refresh();
}
