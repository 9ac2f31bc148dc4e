// Linking a tag: the box listens for 60 s; the dialog counts down, offers to move a tag that already
// starts another playlist, and closes on the parent's word. While it waits there is one way out for a
// parent, "Stop waiting" (which also stops the box listening); Close appears only once it is over. A
// page without the parent login cannot stop the box, so it gets Close to hide the dialog. Any open page shows the dialog when the
// box announces a linking session, so a second phone sees what the first one started.
import { t, onLanguage } from './i18n.js';
import { $, test } from './dom.js';
import { live, on, emit } from './live.js';
import { refusalText } from './api.js';

const TIMEOUT_S = 60;
let dialog;
let session = null; // {state, assoc_id, playlist_id, tag_id, expires_at, existing_playlist, error_type}
let opId = null;
let ticker = 0;
const dismissed = new Set(); // sessions the parent closed: their later events do not reopen the dialog

function newOpId() {
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function message() {
  const s = session;
  const title = live.playlists.get(s.playlist_id)?.title;
  switch (s.state) {
    case 'listening': return t('nfc.listening');
    case 'duplicate': return s.existing_playlist?.title ? t('nfc.duplicate', { title: s.existing_playlist.title }) : t('nfc.duplicateUnknown');
    case 'success': return title ? t('nfc.success', { title }) : t('nfc.successPlain');
    case 'timeout': return t('nfc.timeout');
    case 'stopped': return t('nfc.stopped');
    default: return t('nfc.failed', { reason: refusalText(s.error_type || 'network') });
  }
}

function secondsLeft() {
  const ends = Date.parse(session?.expires_at || '');
  if (!Number.isFinite(ends)) return null;
  return Math.max(0, Math.ceil((ends - (Date.now() + live.serverOffsetMs)) / 1000));
}

function render() {
  if (!session) return;
  const open = session.state === 'listening' || session.state === 'duplicate';
  dialog.dataset.state = session.state;
  test('nfc-message', dialog).textContent = message();
  test('nfc-move-tag', dialog).hidden = session.state !== 'duplicate';
  const parent = document.body.dataset.parent === 'true';
  test('nfc-cancel', dialog).hidden = !open;
  test('nfc-close', dialog).hidden = open && parent;
  const countdown = test('nfc-countdown', dialog);
  const left = open ? secondsLeft() : null;
  countdown.textContent = left == null ? '' : t('nfc.secondsLeft', { s: left });
  countdown.dataset.seconds = left == null ? '' : String(left);
  clearTimeout(ticker);
  if (open && left != null && left > 0) ticker = setTimeout(render, 250);
}

function showDialog() {
  render();
  if (!dialog.open) dialog.showModal();
}

/** Starts listening for a tag for this playlist. */
export function start(playlistId) {
  opId = newOpId();
  dismissed.clear();
  session = {
    state: 'listening', playlist_id: playlistId, assoc_id: null,
    expires_at: new Date(Date.now() + live.serverOffsetMs + TIMEOUT_S * 1000).toISOString(),
  };
  showDialog();
  if (!emit('start_nfc_link', { playlist_id: playlistId, timeout_s: TIMEOUT_S, client_op_id: opId })) {
    session = { ...session, state: 'error', error_type: 'network' };
    render();
  }
}

function stop() {
  if (!session) return;
  const body = session.assoc_id ? { assoc_id: session.assoc_id } : { playlist_id: session.playlist_id };
  emit('stop_nfc_link', { ...body, client_op_id: newOpId() });
}

function close() {
  if (session && (session.state === 'listening' || session.state === 'duplicate')) stop();
  if (session?.assoc_id) dismissed.add(session.assoc_id);
  clearTimeout(ticker);
  if (dialog.open) dialog.close();
}

function onState(s) {
  if (!s?.state) return;
  if (s.assoc_id && dismissed.has(s.assoc_id)) return;
  // A session started by another phone replaces ours only when it is a new one. The box says
  // 'cancelled' (the original's word) for a session someone stopped; the dialog calls it 'stopped'.
  session = { ...session, ...s, state: s.state === 'cancelled' ? 'stopped' : s.state };
  if (!s.existing_playlist && s.state !== 'duplicate') delete session.existing_playlist;
  showDialog();
}

function onOp({ name, data }) {
  if (!opId || data?.client_op_id !== opId) return;
  if (name === 'ack:op' && data.data?.assoc_id && session) {
    session.assoc_id = data.data.assoc_id;
    if (data.data.timeout_at) session.expires_at = data.data.timeout_at;
    render();
  } else if (name === 'err:op' && session && data.error_type === 'conflict') {
    // Another phone already opened a session for this playlist: the box is listening, so is the dialog.
    render();
  } else if (name === 'err:op' && session) {
    session = { ...session, state: 'error', error_type: data.error_type || 'unknown' };
    showDialog();
  }
}

export function setup() {
  dialog = $('.nfc-dialog');
  test('nfc-move-tag', dialog).addEventListener('click', () => {
    if (!session) return;
    emit('override_nfc_tag', { playlist_id: session.playlist_id, force: true, client_op_id: opId = newOpId() });
  });
  test('nfc-cancel', dialog).addEventListener('click', () => {
    stop();
    if (session) session = { ...session, state: 'stopped' };
    render();
  });
  test('nfc-close', dialog).addEventListener('click', close);
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault(); // Escape behaves like the close button, which also stops listening
    close();
  });
  on('nfc', onState);
  on('op', onOp);
  onLanguage(render);
}
