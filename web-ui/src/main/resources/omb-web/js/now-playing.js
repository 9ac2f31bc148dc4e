// The player: what plays, where in the track (moved on every animation frame between the box's
// position events), and the buttons a parent uses from the sofa.
import { t, clock, onLanguage } from './i18n.js';
import { test, $ } from './dom.js';
import { setIcon } from './icons.js';
import { fillCover, trackCoverUrl } from './cover.js';
import { post, problemText } from './api.js';
import { toast } from './notice.js';
import { live, on, positionNow, isPlaying } from './live.js';
import { isParent, onParentChange } from './login.js';

let view;
let seeking = false;
let volumeMoving = false;
let frame = 0;
let sleepTimer = 0;

async function send(path, body) {
  try {
    const state = await post(path, body);
    return state;
  } catch (e) {
    toast(problemText(e), 'error');
    render(); // put the controls back to what the box says
    return null;
  }
}

function render() {
  const p = live.player;
  const title = test('now-title', view);
  const playlist = test('now-playlist', view);
  const playPause = test('play-pause', view);
  const progress = test('progress', view);
  const volume = test('volume', view);
  const slot = test('now-cover', view);
  if (!p || !p.active_track) {
    title.textContent = t('now.nothing');
    playlist.textContent = t('now.noPlaylist');
    fillCover(slot, null, '', 'big');
  } else {
    const name = p.active_track.title || p.active_track.filename || '';
    fillCover(slot, p.active_track.has_cover ? trackCoverUrl(p.active_track.id) : null, t('cover.of', { title: name }), 'big');
    title.textContent = p.active_track.title || p.active_track.filename || '';
    const where = p.track_count > 0 ? ` · ${t('now.trackOf', { n: p.track_index + 1, count: p.track_count })}` : '';
    playlist.textContent = `${p.active_playlist_title || ''}${where}`;
  }
  const playing = !!p?.is_playing;
  playPause.dataset.playing = String(playing);
  playPause.setAttribute('aria-label', t(playing ? 'now.pause' : 'now.play'));
  setIcon(playPause, playing ? 'pause' : 'play');
  const parent = isParent();
  playPause.disabled = !parent;
  test('prev', view).disabled = !parent || (p ? !p.can_prev && !p.active_track : true);
  test('next', view).disabled = !parent || !p?.can_next;
  const duration = Math.max(0, p?.duration_ms || 0);
  progress.max = String(duration);
  progress.disabled = !parent || !p?.active_track;
  $('.time-total', view).textContent = clock(duration);
  if (!seeking) showPosition(positionNow());

  const max = p?.max_volume ?? 100;
  volume.max = String(max);
  volume.disabled = !parent;
  if (!volumeMoving && p) {
    volume.value = String(Math.min(p.volume, max));
    $('.volume-value', view).textContent = String(p.volume);
  }
  const repeat = test('repeat', view);
  repeat.value = p?.repeat_mode || 'none';
  repeat.disabled = !parent;
  const shuffle = test('shuffle', view);
  shuffle.checked = !!p?.shuffle_enabled;
  shuffle.disabled = !parent;
  test('sleep-timer', view).disabled = !parent;
  showSleep();
  animate();
}

function showPosition(ms) {
  const progress = test('progress', view);
  const rounded = Math.round(ms);
  progress.value = String(rounded);
  progress.dataset.positionMs = String(rounded);
  $('.time-now', view).textContent = clock(rounded);
}

/** While playing, the bar moves every frame from the last position and the time it arrived. */
function animate() {
  if (frame || !isPlaying()) return;
  const step = () => {
    frame = 0;
    if (!seeking) showPosition(positionNow());
    if (isPlaying()) frame = requestAnimationFrame(step);
  };
  frame = requestAnimationFrame(step);
}

function showSleep() {
  const left = test('sleep-timer-left', view);
  const select = test('sleep-timer', view);
  const ends = live.player?.sleep_timer_ends_at ? Date.parse(live.player.sleep_timer_ends_at) : NaN;
  clearTimeout(sleepTimer);
  if (!Number.isFinite(ends)) {
    left.textContent = '';
    if (document.activeElement !== select) select.value = '0';
    return;
  }
  const ms = ends - (Date.now() + live.serverOffsetMs);
  if (ms <= 0) {
    left.textContent = '';
    return;
  }
  left.textContent = t('sleep.left', { time: clock(ms) });
  sleepTimer = setTimeout(showSleep, 1000 - (ms % 1000) + 20);
}

export function setup() {
  view = document.querySelector('[data-view="now"]');
  const progress = test('progress', view);
  const volume = test('volume', view);

  test('play-pause', view).addEventListener('click', () => send('/api/player/toggle'));
  test('prev', view).addEventListener('click', () => send('/api/player/previous'));
  test('next', view).addEventListener('click', () => send('/api/player/next'));

  // Dragging shows the time under the finger; the box seeks once, on release.
  progress.addEventListener('input', () => {
    seeking = true;
    progress.dataset.positionMs = progress.value;
    $('.time-now', view).textContent = clock(Number(progress.value));
  });
  progress.addEventListener('change', async () => {
    const ms = Number(progress.value);
    await send('/api/player/seek', { position_ms: ms });
    seeking = false;
  });

  volume.addEventListener('input', () => {
    volumeMoving = true;
    $('.volume-value', view).textContent = volume.value;
  });
  volume.addEventListener('change', async () => {
    await send('/api/player/volume', { volume: Number(volume.value) });
    volumeMoving = false;
  });

  test('repeat', view).addEventListener('change', (e) => send('/api/player/repeat', { mode: e.target.value }));
  test('shuffle', view).addEventListener('change', (e) => send('/api/player/shuffle', { enabled: e.target.checked }));
  test('sleep-timer', view).addEventListener('change', async (e) => {
    const state = await send('/api/player/sleep-timer', { minutes: Number(e.target.value) });
    if (state) {
      live.player = { ...live.player, ...state };
      showSleep();
    }
  });

  on('player', render);
  on('position', () => {
    if (!seeking) showPosition(positionNow());
    animate();
  });
  on('connection', render);
  onParentChange(render);
  onLanguage(render);
  render();
}

export function show() {
  render();
}
