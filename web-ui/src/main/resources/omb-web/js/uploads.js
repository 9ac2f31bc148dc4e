// Sending audio files to a playlist in chunks: session, chunks (multipart field "file"), finalize.
// Files go one at a time, so a phone on weak Wi-Fi does not split its bandwidth. A lost connection
// costs one chunk: the upload waits for the box and then sends only the chunks it reports missing.
// A finished file leaves the list shortly after "Added" (its track is in the track list by then); a
// refused one stays, with its reason, until the parent removes it or tries again.
// Through the cloud relay, files go straight to the cloud's store instead (away-uploads.js), with the same
// list, words and retries.
import { t, onLanguage } from './i18n.js';
import { h, test, $ } from './dom.js';
import { request, get, post, problemText } from './api.js';
import { live, on, watchPlaylist, unwatchPlaylist } from './live.js';
import { behindRelay, sendAway } from './away-uploads.js';

const RETRY_MS = 3000;
const DONE_SHOWN_MS = 1500;
const items = []; // every file of this page's visit, all playlists
const queue = [];
let running = false;
let root;
let shownId = null;

const base = (item) => `/api/playlists/${encodeURIComponent(item.playlistId)}/uploads`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percent(item) {
  const bytes = item.size > 0 ? (item.sentBytes / item.size) * 100 : 0;
  return Math.max(0, Math.min(100, Math.max(item.eventPercent, bytes)));
}

function stateText(item) {
  switch (item.state) {
    case 'waiting': return t('upload.waiting');
    case 'uploading':
      if (item.offline) return behindRelay() ? t('upload.retryingAway') : t('upload.retrying');
      return t('upload.uploading', { percent: Math.floor(percent(item)) });
    case 'processing': return t('upload.processing');
    case 'done': return t('upload.done');
    default: return item.error ? problemText(item.error) : item.errorKey ? t(item.errorKey) : '';
  }
}

function update(item) {
  if (!item.el) return;
  const bar = test('upload-bar', item.el);
  bar.value = item.state === 'done' ? 100 : percent(item);
  const state = test('upload-state', item.el);
  // "waiting" is an upload that has not started yet; the contract knows it as uploading.
  state.dataset.state = item.state === 'waiting' ? 'uploading' : item.state;
  state.textContent = stateText(item);
  item.el.classList.toggle('failed', item.state === 'error');
  item.el.classList.toggle('offline', !!item.offline);
  $('.upload-retry', item.el).hidden = item.state !== 'error' || item.final;
  $('.upload-dismiss', item.el).hidden = item.state !== 'error';
}

/** Takes a file off the list (finished, or a refusal the parent has read). */
function forget(item) {
  const at = items.indexOf(item);
  if (at >= 0) items.splice(at, 1);
  item.el?.remove();
  item.el = null;
}

function finished(item) {
  item.state = 'done';
  update(item);
  release(item);
  if (!item.leaving) item.leaving = setTimeout(() => forget(item), DONE_SHOWN_MS);
}

function itemElement(item) {
  item.el = h('li', { class: 'upload-item', 'data-test': 'upload-item', 'data-filename': item.name },
    h('div', { class: 'upload-line' },
      h('span', { class: 'upload-name', text: item.name }),
      h('button', { type: 'button', class: 'btn small upload-retry', 'data-test': 'upload-retry', hidden: true,
        text: t('upload.retry'), onclick: () => enqueue(item) }),
      h('button', { type: 'button', class: 'btn small ghost upload-dismiss', 'data-test': 'upload-dismiss', hidden: true,
        text: t('upload.dismiss'), onclick: () => forget(item) })),
    h('progress', { 'data-test': 'upload-bar', max: '100', value: '0' }),
    h('span', { class: 'upload-state hint', 'data-test': 'upload-state', 'data-state': 'uploading' }));
  update(item);
  return item.el;
}

function renderList() {
  const list = $('.upload-list', root);
  list.replaceChildren(...items.filter((i) => i.playlistId === shownId).map(itemElement));
}

function enqueue(item) {
  item.state = 'waiting';
  item.error = null;
  item.errorKey = null;
  item.final = false;
  if (!item.watching) {
    item.watching = true;
    watchPlaylist(item.playlistId); // upload:progress comes to the playlist's room
  }
  queue.push(item);
  update(item);
  pump();
}

function release(item) {
  if (item.watching) {
    item.watching = false;
    unwatchPlaylist(item.playlistId);
  }
}

async function pump() {
  if (running) return;
  running = true;
  while (queue.length) {
    const item = queue.shift();
    await send(item);
  }
  running = false;
}

async function putChunk(item, index) {
  const start = index * item.chunkSize;
  const blob = item.file.slice(start, Math.min(item.size, start + item.chunkSize));
  const form = new FormData();
  form.append('file', blob, item.name);
  await request('PUT', `${base(item)}/${encodeURIComponent(item.sessionId)}/chunks/${index}`, form);
  item.sentBytes = Math.min(item.size, item.sentBytes + blob.size);
  update(item);
}

/** The chunks the box does not have yet; a new session has none. */
async function missingChunks(item) {
  if (!item.sessionId) {
    const session = await post(`${base(item)}/session`, { filename: item.name, file_size: item.size });
    item.sessionId = session.session_id;
    item.chunkSize = session.chunk_size;
    return Array.from({ length: session.total_chunks }, (_, i) => i);
  }
  const session = await get(`${base(item)}/${encodeURIComponent(item.sessionId)}`);
  item.chunkSize = session.chunk_size || item.chunkSize;
  const missing = session.missing_chunks || [];
  const total = session.total_chunks || 0;
  item.sentBytes = Math.max(0, item.size - missing.length * item.chunkSize);
  if (total > 0 && missing.length === 0) item.sentBytes = item.size;
  if (session.finalized === true) item.alreadyDone = true;
  return missing;
}

async function send(item) {
  for (;;) {
    try {
      item.state = 'uploading';
      update(item);
      if (behindRelay()) {
        await sendAway(item, (step) => {
          item.offline = false;
          if (step === 'processing') item.state = 'processing';
          update(item);
        });
        finished(item);
        return;
      }
      const missing = await missingChunks(item);
      item.offline = false;
      update(item);
      if (!item.alreadyDone) {
        for (const index of missing) await putChunk(item, index);
        item.state = 'processing';
        update(item);
        await post(`${base(item)}/${encodeURIComponent(item.sessionId)}/finalize`, {});
      }
      finished(item);
      return;
    } catch (e) {
      if (e.status === 0 || e.status === 503) {
        // The box is away (Wi-Fi, restart): wait and continue with what it is missing.
        item.offline = true;
        item.state = 'uploading';
        update(item);
        await sleep(RETRY_MS);
        continue;
      }
      if (e.status === 409 && item.sessionId && !item.conflictRetried) {
        item.conflictRetried = true; // a chunk went missing: send what the box lacks once more
        continue;
      }
      item.offline = false;
      item.state = 'error';
      // Too big, not audio, full, or gone will not get better by trying again.
      item.final = [404, 413, 415, 507].includes(e.status);
      if (e.status === 404 && !live.playlists.has(item.playlistId)) item.errorKey = 'upload.gone';
      else item.error = e;
      if (e.status === 404 || e.status === 410) item.sessionId = null;
      update(item);
      release(item);
      return;
    }
  }
}

function addFiles(files) {
  for (const file of files) {
    const item = {
      file, name: file.name, size: file.size, playlistId: shownId, sessionId: null, chunkSize: 1048576,
      sentBytes: 0, eventPercent: 0, state: 'waiting', el: null,
    };
    items.push(item);
    $('.upload-list', root).append(itemElement(item));
    enqueue(item);
  }
}

function onEvent({ name, data }) {
  const item = items.find((i) => i.sessionId && i.sessionId === data?.session_id);
  if (!item) return;
  if (name === 'upload:progress' && Number.isFinite(data.progress)) {
    item.eventPercent = Math.max(item.eventPercent, data.progress);
  } else if (name === 'upload:complete' && item.state !== 'error') {
    finished(item);
    return;
  } else if (name === 'upload:error' && item.state !== 'done' && !item.error) {
    // The HTTP answer usually follows with the precise reason (its error_type) and replaces this one.
    item.errorKey = 'upload.failedPlain';
  }
  update(item);
}

export function setup(container) {
  root = container;
  const input = test('upload-input', root);
  const drop = test('upload-drop', root);
  input.addEventListener('change', () => {
    addFiles([...input.files]);
    input.value = '';
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    addFiles([...(e.dataTransfer?.files || [])]);
  });
  on('upload', onEvent);
  onLanguage(() => items.forEach((item) => {
    update(item);
    if (item.el) {
      $('.upload-retry', item.el).textContent = t('upload.retry');
      $('.upload-dismiss', item.el).textContent = t('upload.dismiss');
    }
  }));
  on('connection', (state) => {
    if (state === 'connected') items.filter((i) => i.offline).forEach(update);
  });
}

export function show(playlistId) {
  shownId = playlistId;
  renderList();
}

export function hide() {
  shownId = null;
}
