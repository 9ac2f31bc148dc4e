// Adding a track from YouTube. The download runs in the cloud service, so the card is there only on a
// box that has a cloud link (health's cloud component is not "disabled"); a box without one shows
// nothing about it rather than a form that cannot work. A link that is down for a while refuses in words.
import { t, onLanguage } from './i18n.js';
import { test, $ } from './dom.js';
import { post, problemText } from './api.js';
import { on } from './live.js';
import { refresh, onHealth, lastHealth } from './health.js';

let root;
let playlistId = null;
let taskId = null;
let status = null; // {key, vars} or {error}, turned into words at each render (the language may change)

function linked() {
  const cloud = lastHealth()?.components?.cloud;
  return !!cloud && cloud !== 'disabled';
}

function render() {
  if (!root) return;
  test('youtube-card', root).hidden = !linked();
  const line = test('youtube-status', root);
  line.hidden = !status;
  line.textContent = !status ? '' : status.error ? problemText(status.error) : t(status.key, status.vars);
}

function onEvent({ name, data }) {
  if (!data || (taskId && data.task_id && data.task_id !== taskId)) return;
  if (name === 'youtube:progress') {
    status = { key: 'youtube.progress', vars: { percent: Math.floor(data.progress_percent || 0) } };
  } else if (name === 'youtube:complete') {
    status = { key: 'youtube.done' };
    taskId = null;
  } else {
    // The cloud's reason is English for developers; the parent gets the plain sentence.
    status = { key: 'youtube.failedPlain' };
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
      status = { error: err };
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
