// One playlist: its tracks (reorder, play, delete, move to another playlist), its tag, and the
// places to add music. Drawn from the state:playlist events of its room, so other phones' changes show.
import { t, clock, trackCount, onLanguage } from './i18n.js';
import { h, test, $ } from './dom.js';
import { icon } from './icons.js';
import { get, post, put, del, problemText } from './api.js';
import { toast, confirmAsk } from './notice.js';
import { live, on, watchPlaylist, unwatchPlaylist } from './live.js';
import { applyParent, onParentChange } from './login.js';
import { makeReorderable } from './tracks-reorder.js';
import * as uploads from './uploads.js';
import * as youtube from './youtube.js';
import * as nfcLink from './nfc-link.js';

let view;
let body;
let openId = null;
let deleting = null; // our own deletion is announced too; it needs no second message
const movesOpen = new Set(); // tracks whose "move to" line is open survive a redraw

const enc = encodeURIComponent;

async function act(work, done) {
  try {
    const result = await work();
    if (done) toast(done);
    return result ?? true;
  } catch (e) {
    toast(problemText(e), 'error');
    return null;
  }
}

function trackRow(track, playlist) {
  const others = [...live.playlists.values()].filter((p) => p.id !== playlist.id)
    .sort((a, b) => (a.title || '').localeCompare(b.title || ''));
  const target = h('select', { 'data-test': 'move-target', 'aria-label': t('track.moveTo'), 'data-parent-control': true },
    h('option', { value: '', text: others.length ? t('track.moveTo') : t('track.noOther') }),
    others.map((p) => h('option', { value: p.id, text: p.title })));
  const moveButton = h('button', { type: 'button', class: 'btn small', 'data-test': 'move-confirm', 'data-parent-control': true,
    text: t('track.move'),
    onclick: async () => {
      const targetId = target.value;
      if (!targetId) {
        target.focus();
        return;
      }
      const title = live.playlists.get(targetId)?.title || '';
      await act(() => post('/api/playlists/move-track', {
        source_playlist_id: playlist.id, target_playlist_id: targetId, track_number: track.track_number,
      }), t('track.moved', { title }));
    } });

  const moveLine = h('div', { class: 'track-move', 'data-parent-only': true, hidden: !movesOpen.has(track.id) }, target, moveButton);
  return h('li', { class: 'track-row', 'data-test': 'track-row', 'data-track-id': track.id, 'data-number': String(track.track_number) },
    h('div', { class: 'track-main' },
      h('button', { type: 'button', class: 'drag-handle', 'data-test': 'drag-handle', 'data-parent-only': true,
        'aria-label': t('track.drag'), title: t('track.drag') }, icon('drag')),
      h('span', { class: 'track-number', text: String(track.track_number) }),
      h('span', { class: 'track-text' },
        h('span', { class: 'track-title', 'data-test': 'track-title', text: track.title || track.filename || '' }),
        h('span', { class: 'track-duration hint', 'data-test': 'track-duration', text: clock(track.duration_ms) })),
      h('button', { type: 'button', class: 'round small', 'data-test': 'play-track', 'data-parent-only': true,
        'aria-label': t('track.play'), title: t('track.play'),
        onclick: () => act(() => post(`/api/playlists/${enc(playlist.id)}/play/${track.track_number}`, {})) }, icon('play')),
      h('button', { type: 'button', class: 'round small', 'data-test': 'move-track', 'data-parent-only': true,
        'aria-label': t('track.moveTo'), title: t('track.moveTo'), 'aria-expanded': String(movesOpen.has(track.id)),
        onclick: (e) => {
          const open = moveLine.hidden;
          moveLine.hidden = !open;
          if (open) movesOpen.add(track.id);
          else movesOpen.delete(track.id);
          e.currentTarget.setAttribute('aria-expanded', String(open));
          if (open) target.focus();
        } }, icon('move')),
      h('button', { type: 'button', class: 'round small danger', 'data-test': 'delete-track', 'data-parent-only': true,
        'aria-label': t('track.delete'), title: t('track.delete'),
        onclick: async () => {
          if (!await confirmAsk(t('track.deleteAsk', { title: track.title || '' }))) return;
          await act(() => del(`/api/playlists/${enc(playlist.id)}/tracks`, { track_numbers: [track.track_number] }));
        } }, icon('trash'))),
    moveLine);
}

function render() {
  if (!openId) return;
  const p = live.full.get(openId);
  body.dataset.id = openId;
  if (!p) return; // the snapshot is on its way
  test('playlist-heading', body).textContent = p.title || '';
  $('.playlist-summary', body).textContent = t('playlist.summary', {
    count: trackCount(p.tracks.length), duration: clock(p.tracks.reduce((sum, x) => sum + (x.duration_ms || 0), 0)),
  });
  const tag = p.nfc_tag_id;
  const tagText = test('playlist-tag', body);
  tagText.textContent = tag ? t('tag.linked', { tag }) : t('tag.none');
  tagText.dataset.tag = tag || '';
  test('unlink-tag', body).hidden = !tag;

  const list = $('.tracks', body);
  if (list.dataset.dragging === 'true') return; // redrawn when the finger lifts
  const tracks = [...p.tracks].sort((a, b) => a.track_number - b.track_number);
  list.replaceChildren(...tracks.map((track) => trackRow(track, p)));
  $('.tracks-empty', body).hidden = tracks.length > 0;
  applyParent(list);
}

async function reorder(order) {
  const ok = await act(() => post(`/api/playlists/${enc(openId)}/reorder`, { track_order: order }));
  if (!ok) render();
}

export function setup() {
  view = document.querySelector('[data-view="playlist"]');
  body = test('playlist-view', view);
  const renameForm = $('.rename-form', body);
  const renameInput = test('rename-input', body);
  const heading = $('.heading-row', body);

  test('rename-playlist', body).addEventListener('click', () => {
    renameInput.value = live.full.get(openId)?.title || '';
    renameForm.hidden = false;
    heading.hidden = true;
    renameInput.focus();
    renameInput.select();
  });
  const closeRename = () => {
    renameForm.hidden = true;
    heading.hidden = false;
  };
  $('.rename-cancel', body).addEventListener('click', closeRename);
  renameForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const title = renameInput.value.trim();
    if (!title) {
      toast(t('playlists.needTitle'), 'error');
      return;
    }
    if (await act(() => put(`/api/playlists/${enc(openId)}`, { title }))) closeRename();
  });

  test('delete-playlist', body).addEventListener('click', async () => {
    const title = live.full.get(openId)?.title || '';
    if (!await confirmAsk(t('playlist.deleteAsk', { title }))) return;
    const id = openId;
    deleting = id;
    if (await act(() => del(`/api/playlists/${enc(id)}`), t('playlist.deleted'))) {
      live.playlists.delete(id);
      location.hash = '#playlists';
    }
  });

  test('start-playlist', body).addEventListener('click', () => act(async () => {
    await post(`/api/playlists/${enc(openId)}/start`, {});
    location.hash = '#now';
  }));

  test('link-tag', body).addEventListener('click', () => nfcLink.start(openId));
  test('unlink-tag', body).addEventListener('click', async () => {
    const tag = live.full.get(openId)?.nfc_tag_id;
    if (!tag || !await confirmAsk(t('tag.unlinkAsk'))) return;
    await act(() => del(`/api/nfc/associate/${enc(tag)}`), t('tag.unlinked'));
  });

  makeReorderable($('.tracks', body), reorder);
  uploads.setup(body);
  youtube.setup(body);

  on('playlist', (p) => {
    if (p.id === openId) render();
  });
  on('playlists', () => {
    // Titles of the other playlists feed the move menus.
    if (openId && live.full.has(openId)) render();
  });
  const gone = (id) => {
    if (id !== openId || id === deleting) return;
    toast(t('playlist.goneElsewhere'), 'error');
    location.hash = '#playlists';
  };
  on('playlist-deleted', gone);
  on('playlist-missing', gone);
  onLanguage(render);
  onParentChange(render);
}

export async function show(id) {
  openId = id;
  body.dataset.id = id;
  $('.rename-form', body).hidden = true;
  $('.heading-row', body).hidden = false;
  const lite = live.playlists.get(id);
  test('playlist-heading', body).textContent = lite?.title || '';
  $('.playlist-summary', body).textContent = '';
  test('playlist-tag', body).textContent = '';
  $('.tracks', body).replaceChildren();
  $('.tracks-empty', body).hidden = true;
  watchPlaylist(id);
  uploads.show(id);
  youtube.show(id);
  if (live.full.has(id)) {
    render();
  } else if (!live.connection || live.connection !== 'connected') {
    // Without the socket yet, read it over HTTP so the page is not empty.
    try {
      const p = await get(`/api/playlists/${enc(id)}`);
      if (openId === id && p && !live.full.has(id)) {
        live.full.set(id, p);
        render();
      }
    } catch (e) {
      if (openId === id) toast(problemText(e), 'error');
    }
  }
}

export function hide() {
  if (openId) unwatchPlaylist(openId);
  movesOpen.clear();
  uploads.hide();
  openId = null;
}
