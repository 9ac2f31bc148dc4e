// The names parents give their tags ("Lion card"): read once from GET /api/nfc/tags, kept live from
// state:tag_named, so every screen shows the name instead of the tag's id. Also the optional question for a
// name right after a tag was linked, in the linking dialog.
import { t } from './i18n.js';
import { test, $ } from './dom.js';
import { get, put, problemText } from './api.js';
import { toast } from './notice.js';
import { on } from './live.js';
import { isParent } from './login.js';

const names = new Map(); // tag id -> name
const listeners = new Set();
const MAX = 40;

function changed() {
  for (const fn of listeners) fn();
}

export function onTagNames(fn) {
  listeners.add(fn);
}

export function tagName(tagId) {
  return tagId ? names.get(tagId) || null : null;
}

/** What the page calls a tag: its name, else "Tag 04a22b1c". */
export function tagLabel(tagId) {
  const name = tagName(tagId);
  return name ? t('tag.named', { name }) : t('tag.linked', { tag: tagId });
}

async function load() {
  try {
    const data = await get('/api/nfc/tags');
    for (const tag of data?.tags || []) if (tag.name) names.set(tag.tag_id, tag.name);
    changed();
  } catch {
    // Names are a comfort: without them the page shows the ids, as before.
  }
}

/** Saves a name; true when the box took it. */
export async function saveName(tagId, raw) {
  const name = (raw || '').trim();
  if (!name || [...name].length > MAX) {
    toast(t('tag.nameNeeded'), 'error');
    return false;
  }
  try {
    await put(`/api/nfc/tags/${encodeURIComponent(tagId)}/name`, { name });
    names.set(tagId, name);
    changed();
    toast(t('tag.nameSaved', { name }));
    return true;
  } catch (e) {
    toast(problemText(e), 'error');
    return false;
  }
}

function setupDialogQuestion() {
  const dialog = $('.nfc-dialog');
  const form = $('.nfc-name-form', dialog);
  const input = test('nfc-tag-name', dialog);
  let tagId = null;
  on('nfc', (s) => {
    if (s?.state === 'success' && s.tag_id && isParent()) {
      const first = form.hidden || tagId !== s.tag_id;
      tagId = s.tag_id;
      form.hidden = false;
      if (first) input.value = tagName(tagId) || '';
    } else if (s?.state && s.state !== 'success') {
      form.hidden = true;
    }
  });
  dialog.addEventListener('close', () => {
    form.hidden = true;
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (tagId && await saveName(tagId, input.value)) {
      form.hidden = true;
      if (dialog.open) dialog.close();
    }
  });
}

export function setup() {
  on('tag-named', (data) => {
    if (!data?.tag_id) return;
    if (data.name) names.set(data.tag_id, data.name);
    else names.delete(data.tag_id);
    changed();
  });
  // Read on every (re)connection, as the playlists' snapshot is: names given meanwhile are then known.
  on('connection', (state) => {
    if (state === 'connected') load();
  });
  setupDialogQuestion();
}
