// Sending a file from away, through the cloud relay: the file goes from this phone straight to the
// cloud's file store by the addresses the relay hands out (never through the relay or the box), in parts
// for a large file, and the cloud adds the song to the playlist; the box fetches it when it is online.
// A part that fails is sent again; after a lost connection or a reload of the page the upload goes on
// with the parts the store does not have yet (kept per file in localStorage under this box's prefix).
import { ApiError, post } from './api.js';
import { basePath, storageKey } from './base.js';

const AWAY = '/api/away/uploads';
const PART_TRIES = 3;
const PART_RETRY_MS = 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when this page was served by the cloud relay, under /boxes/{id}/. */
export function behindRelay() {
  return basePath !== '/';
}

/** The part numbers of a file of `size` bytes in parts of `partSize`, without those `stored` lists. */
export function missingParts(size, partSize, stored = []) {
  const count = Math.ceil(size / partSize);
  const held = new Set(stored.map((p) => p.part_number));
  return Array.from({ length: count }, (_, i) => i + 1).filter((n) => !held.has(n));
}

/** The bytes of part `n` (1-based) as [start, end). */
export function partRange(n, size, partSize) {
  const start = (n - 1) * partSize;
  return [start, Math.min(size, start + partSize)];
}

function savedKey(item) {
  return storageKey(`omb.away-upload.${item.playlistId}.${item.size}.${item.file.lastModified || 0}.${item.name}`);
}

function saved(item) {
  try {
    return JSON.parse(localStorage.getItem(savedKey(item)) || 'null');
  } catch {
    return null;
  }
}

function save(item, upload) {
  try {
    localStorage.setItem(savedKey(item), JSON.stringify(upload));
  } catch {
    // a full or blocked storage only loses the resume after a reload
  }
}

function forgetSaved(item) {
  try {
    localStorage.removeItem(savedKey(item));
  } catch {
    // nothing kept
  }
}

/** PUTs bytes to a presigned address, again after a failure; answers the ETag the store gave. */
async function putBytes(url, body, contentType) {
  let last;
  for (let attempt = 1; attempt <= PART_TRIES; attempt++) {
    try {
      const headers = contentType ? { 'Content-Type': contentType } : {};
      const response = await fetch(url, { method: 'PUT', body, headers });
      if (response.ok) return response.headers.get('ETag');
      // 403: the address expired; the caller asks for fresh ones (a lost connection's retry does)
      last = new ApiError(response.status === 403 ? 0 : 503, 'service_unavailable', `store answered ${response.status}`);
      if (response.status === 403) break;
    } catch (e) {
      last = new ApiError(0, 'network', e.message);
    }
    await sleep(PART_RETRY_MS * attempt);
  }
  throw last;
}

/** Where the upload stands: a new one, or the parts still to send of one started before. */
async function begin(item) {
  const kept = saved(item);
  if (kept) {
    try {
      const left = await post(`${AWAY}/resume`, {
        object_key: kept.object_key, upload_id: kept.upload_id, file_size: item.size,
      });
      return { ...kept, part_size: left.part_size, stored: left.stored_parts || [], parts: left.parts || [] };
    } catch (e) {
      if (e.status === 0 || e.status >= 500) throw e;
      forgetSaved(item); // gone or finished: start again
    }
  }
  const started = await post(AWAY, {
    filename: item.name, file_size: item.size, playlist_id: item.playlistId, content_type: item.file.type || undefined,
  });
  if (started.upload_id) {
    save(item, { object_key: started.object_key, upload_id: started.upload_id });
  }
  return { ...started, stored: [] };
}

/**
 * Sends item.file to playlist item.playlistId through the relay. progress() is called as bytes
 * arrive (item.sentBytes) and with 'processing' when the cloud checks the file.
 */
export async function sendAway(item, progress) {
  const upload = await begin(item);
  if (upload.url) {
    await putBytes(upload.url, item.file, upload.content_type);
    item.sentBytes = item.size;
    progress();
  } else {
    const etags = new Map(upload.stored.map((p) => [p.part_number, p.etag]));
    const urls = new Map(upload.parts.map((p) => [p.part_number, p.url]));
    const todo = missingParts(item.size, upload.part_size, upload.stored);
    item.sentBytes = item.size - todo.reduce((sum, n) => {
      const [start, end] = partRange(n, item.size, upload.part_size);
      return sum + (end - start);
    }, 0);
    progress();
    for (const n of todo) {
      const [start, end] = partRange(n, item.size, upload.part_size);
      etags.set(n, await putBytes(urls.get(n), item.file.slice(start, end)));
      item.sentBytes += end - start;
      progress();
    }
    await post(`${AWAY}/complete`, {
      object_key: upload.object_key,
      upload_id: upload.upload_id,
      parts: [...etags].sort((a, b) => a[0] - b[0]).map(([part_number, etag]) => ({ part_number, etag })),
    });
  }
  progress('processing');
  const done = await post(`${AWAY}/finish`, {
    object_key: upload.object_key, filename: item.name, file_size: item.size, playlist_id: item.playlistId,
  });
  forgetSaved(item);
  return done;
}
