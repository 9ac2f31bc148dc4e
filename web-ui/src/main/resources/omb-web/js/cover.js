// A cover picture, or a calm placeholder (a note) where there is none. The picture is asked for only when
// the box said there is one (has_cover, cover_track_id), so no broken-image icon and no 404 in the console;
// it is shown only once it has loaded, and a picture that fails to load leaves the placeholder.
import { h } from './dom.js';
import { icon } from './icons.js';
import { currentToken } from './login.js';
import { boxPath } from './base.js';

const enc = encodeURIComponent;

export const trackCoverUrl = (trackId) => boxPath(`/api/tracks/${enc(trackId)}/cover`);
// The playlist's picture is that of its first track with one: naming that track makes a new first one a new URL.
export const playlistCoverUrl = (playlistId, trackId) =>
  boxPath(`/api/playlists/${enc(playlistId)}/cover?track=${enc(trackId)}`);

/**
 * A box whose reading is closed to guests answers pictures only with the parent's token, which an <img> cannot
 * send: with a token the picture is fetched and shown from a blob URL (the page's policy allows blob: images).
 */
async function load(img, url) {
  const token = currentToken();
  if (!token) {
    img.src = url;
    return;
  }
  try {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) return; // the placeholder stays
    const blobUrl = URL.createObjectURL(await response.blob());
    img.addEventListener('load', () => URL.revokeObjectURL(blobUrl), { once: true });
    img.src = blobUrl;
  } catch {
    // Offline for a moment: the placeholder stays until the next redraw.
  }
}

/** url: null for none; alt: what the picture shows, for screen readers (the placeholder is decoration). */
export function cover(url, alt, extraClass = '') {
  const box = h('span', { class: `cover ${extraClass}`.trim(), 'data-test': 'cover', 'data-has-cover': String(!!url) },
    h('span', { class: 'cover-placeholder', 'aria-hidden': 'true' }, icon('note')));
  if (url) {
    const img = h('img', { class: 'cover-img', alt, decoding: 'async', 'data-test': 'cover-img', hidden: true });
    img.addEventListener('load', () => {
      img.hidden = false;
      box.dataset.loaded = 'true';
    });
    box.append(img);
    load(img, url);
  }
  return box;
}

/** Puts a picture (or the placeholder) in a slot, keeping the element when the picture is the same. */
export function fillCover(slot, url, alt, extraClass) {
  const now = slot.firstElementChild;
  if (now && now.dataset.url === String(url || '')) {
    const img = now.querySelector('img');
    if (img) img.alt = alt;
    return;
  }
  const made = cover(url, alt, extraClass);
  made.dataset.url = String(url || '');
  slot.replaceChildren(made);
}
