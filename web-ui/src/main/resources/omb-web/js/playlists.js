// The list of playlists: kept live from state:playlists and its created/updated/deleted events.
import { t, trackCount, onLanguage } from './i18n.js';
import { h, test, $ } from './dom.js';
import { icon } from './icons.js';
import { post, problemText } from './api.js';
import { toast } from './notice.js';
import { live, on } from './live.js';
import { cover, playlistCoverUrl } from './cover.js';
import { tagName, onTagNames } from './tag-names.js';

let view;

function byTitle(a, b) {
  return (a.title || '').localeCompare(b.title || '', undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);
}

/** The tag mark: an icon with words for screen readers, and the tag's name when it has one. */
function hasTag(tagId) {
  const name = tagName(tagId);
  const words = name ? `${t('playlists.hasTag')}: ${name}` : t('playlists.hasTag');
  return h('span', { class: 'has-tag', 'data-test': 'playlist-has-tag', 'data-tag': tagId, role: 'img', title: words, 'aria-label': words },
    icon('tag'));
}

function item(p) {
  const open = () => {
    location.hash = `#playlist/${encodeURIComponent(p.id)}`;
  };
  return h('li', {
    class: 'playlist-item', 'data-test': 'playlist-item', 'data-id': p.id, tabindex: '0', role: 'link',
    onclick: open,
    onkeydown: (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    },
  },
  cover(p.cover_track_id ? playlistCoverUrl(p.id, p.cover_track_id) : null, t('cover.of', { title: p.title || '' })),
  h('span', { class: 'playlist-text' },
    h('span', { class: 'playlist-title', 'data-test': 'playlist-title', text: p.title || '' }),
    h('span', { class: 'playlist-count hint', 'data-test': 'playlist-count', 'data-count': String(p.track_count ?? 0),
      text: trackCount(p.track_count ?? 0) })),
  p.nfc_tag_id ? hasTag(p.nfc_tag_id) : null,
  h('span', { class: 'chevron', 'aria-hidden': 'true', text: '›' }));
}

function render() {
  const list = $('.playlist-list', view);
  const playlists = [...live.playlists.values()].sort(byTitle);
  list.replaceChildren(...playlists.map(item));
  $('.empty', view).hidden = !live.playlistsLoaded || playlists.length > 0;
}

export function setup() {
  view = document.querySelector('[data-view="playlists"]');
  const input = test('new-playlist-title', view);
  const button = test('create-playlist', view);
  $('form', view).addEventListener('submit', async (e) => {
    e.preventDefault();
    const title = input.value.trim();
    if (!title) {
      toast(t('playlists.needTitle'), 'error');
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      const created = await post('/api/playlists', { title });
      input.value = '';
      // The event may come after the answer; show the new playlist at once either way.
      if (created?.id && !live.playlists.has(created.id)) {
        live.playlists.set(created.id, { ...created, track_count: created.track_count ?? 0 });
        render();
      }
      toast(t('playlists.created', { title }));
    } catch (err) {
      toast(problemText(err), 'error');
    } finally {
      button.disabled = false;
    }
  });
  on('playlists', render);
  onTagNames(render);
  onLanguage(render);
}

export function show() {
  render();
}
