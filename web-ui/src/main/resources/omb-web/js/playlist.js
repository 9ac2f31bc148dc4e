// One playlist: its tracks (reorder; play, move, delete behind each track's "More" menu), its tag and its name, and the
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
import * as tagNames from './tag-names.js';
import { tagName, tagLabel, onTagNames, saveName } from './tag-names.js';
import { cover, trackCoverUrl } from './cover.js';

let view;
let body;
let openId = null;
let deleting = null; // our own deletion is announced too; it needs no second message
const movesOpen = new Set(); // tracks whose "move to" line is open survive a redraw
const menusOpen = new Set(); // and so do the tracks whose menu is open

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
  const title = track.title || track.filename || '';
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
      const name = live.playlists.get(targetId)?.title || '';
      await act(() => post('/api/playlists/move-track', {
        // By id: another parent's change may have renumbered the playlist since this row was drawn.
        source_playlist_id: playlist.id, target_playlist_id: targetId, track_id: track.id,
      }), t('track.moved', { title: name }));
    } });
  const moveLine = h('div', { class: 'track-move', hidden: !movesOpen.has(track.id) }, target, moveButton);
  const menuId = `track-menu-${track.id}`;
  const menu = h('div', { class: 'track-menu-panel', id: menuId, 'data-parent-only': true, hidden: !menusOpen.has(track.id) },
    h('button', { type: 'button', class: 'menu-item', 'data-test': 'play-track',
      onclick: () => act(() => post(`/api/playlists/${enc(playlist.id)}/play/${track.track_number}`, {})) },
    icon('play'), h('span', { text: t('track.play') })),
    h('button', { type: 'button', class: 'menu-item', 'data-test': 'move-track', 'aria-expanded': String(movesOpen.has(track.id)),
      onclick: (e) => {
        const open = moveLine.hidden;
        moveLine.hidden = !open;
        if (open) movesOpen.add(track.id);
        else movesOpen.delete(track.id);
        e.currentTarget.setAttribute('aria-expanded', String(open));
        if (open) target.focus();
      } }, icon('move'), h('span', { text: t('track.menuMove') })),
    moveLine,
    h('button', { type: 'button', class: 'menu-item danger', 'data-test': 'delete-track',
      onclick: async () => {
        if (!await confirmAsk(t('track.deleteAsk', { title }))) return;
        await act(() => del(`/api/playlists/${enc(playlist.id)}/tracks`, { track_ids: [track.id] }));
      } }, icon('trash'), h('span', { text: t('track.menuDelete') })));
  const more = h('button', { type: 'button', class: 'btn small ghost more', 'data-test': 'track-menu', 'data-parent-only': true,
    'aria-expanded': String(menusOpen.has(track.id)), 'aria-controls': menuId, 'aria-label': t('track.more', { title }),
    text: t('track.moreShort'),
    onclick: (e) => {
      const open = menu.hidden;
      menu.hidden = !open;
      if (open) menusOpen.add(track.id);
      else menusOpen.delete(track.id);
      e.currentTarget.setAttribute('aria-expanded', String(open));
    } });
  menu.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    menu.hidden = true;
    menusOpen.delete(track.id);
    more.setAttribute('aria-expanded', 'false');
    more.focus();
  });
  return h('li', { class: 'track-row', 'data-test': 'track-row', 'data-track-id': track.id, 'data-number': String(track.track_number) },
    h('div', { class: 'track-main' },
      h('button', { type: 'button', class: 'drag-handle', 'data-test': 'drag-handle', 'data-parent-only': true,
        'aria-label': t('track.drag'), title: t('track.drag') }, icon('drag')),
      cover(track.has_cover ? trackCoverUrl(track.id) : null, t('cover.of', { title }), 'small'),
      h('span', { class: 'track-text' },
        h('span', { class: 'track-title', 'data-test': 'track-title', text: title }),
        h('span', { class: 'track-duration hint', 'data-test': 'track-duration',
          text: `${track.track_number} · ${clock(track.duration_ms)}` })),
      more),
    menu);
}

/** The tag card: the tag's name (or its id until it has one), and the parent's way to name it. */
function renderTag(p) {
  const tag = p.nfc_tag_id;
  const tagText = test('playlist-tag', body);
  tagText.dataset.tag = tag || '';
  const name = tagName(tag);
  if (!tag) tagText.replaceChildren(t('tag.none'));
  else if (name) tagText.replaceChildren(h('span', { class: 'tag-name', 'data-test': 'tag-name', text: name }));
  else tagText.replaceChildren(tagLabel(tag));
  test('unlink-tag', body).hidden = !tag;
  test('tag-rename', body).hidden = !tag;
  if (!tag) $('.tag-name-form', body).hidden = true;
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
  renderTag(p);
  const empty = p.tracks.length === 0;
  test('start-playlist', body).disabled = empty;
  test('start-hint', body).hidden = !empty;

  const list = $('.tracks', body);
  if (list.dataset.dragging === 'true') return; // redrawn when the finger lifts
  const tracks = [...p.tracks].sort((a, b) => a.track_number - b.track_number);
  list.replaceChildren(...tracks.map((track) => trackRow(track, p)));
  $('.tracks-empty', body).hidden = tracks.length > 0;
  applyParent(list);
}

function setupTagName() {
  const form = $('.tag-name-form', body);
  const input = test('tag-name-input', body);
  test('tag-rename', body).addEventListener('click', () => {
    input.value = tagName(live.full.get(openId)?.nfc_tag_id) || '';
    form.hidden = false;
    input.focus();
  });
  $('.tag-name-cancel', body).addEventListener('click', () => {
    form.hidden = true;
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const tag = live.full.get(openId)?.nfc_tag_id;
    if (tag && await saveName(tag, input.value)) form.hidden = true;
  });
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

  setupTagName();
  tagNames.setup();
  onTagNames(() => {
    if (openId && live.full.has(openId)) renderTag(live.full.get(openId));
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
  $('.tag-name-form', body).hidden = true;
  test('start-hint', body).hidden = true;
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
  menusOpen.clear();
  uploads.hide();
  openId = null;
}
