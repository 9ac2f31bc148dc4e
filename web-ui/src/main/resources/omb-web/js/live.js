// What the box told us, kept from its events: playlists, open playlists, the player, and the sequence
// numbers that let a reconnecting page ask only for what it missed (sync:request) instead of reloading.
import { socket } from './socket.js';

export const live = {
  connection: 'connecting',
  player: null,
  playlists: new Map(), // id -> {id, title, nfc_tag_id, track_count, ...}
  playlistsLoaded: false,
  full: new Map(), // id -> full playlist with tracks, for the rooms this page watches
  serverOffsetMs: 0, // server clock minus ours, for countdowns to a server time
};

const bus = new EventTarget();
export function on(name, fn) {
  bus.addEventListener(name, (e) => fn(e.detail));
}
function fire(name, detail) {
  bus.dispatchEvent(new CustomEvent(name, { detail }));
}

// --- position between events ------------------------------------------------------------------

const position = { ms: 0, at: 0, playing: false, duration: 0, trackId: null };

function setPosition(ms, playing, duration, trackId) {
  position.ms = ms || 0;
  position.at = performance.now();
  position.playing = !!playing;
  if (duration != null) position.duration = duration;
  if (trackId !== undefined) position.trackId = trackId;
}

/** The position now, moved on by the time since the last event while playing. */
export function positionNow() {
  const moved = position.playing ? performance.now() - position.at : 0;
  const ms = position.ms + moved;
  return position.duration > 0 ? Math.min(ms, position.duration) : ms;
}

export function isPlaying() {
  return position.playing;
}

// --- sequence numbers and rooms ---------------------------------------------------------------

let lastGlobalSeq = null;
const playlistSeqs = {};
const watchers = new Map(); // playlist id -> how many parts of the page watch its room
let everConnected = false;
let waitingForSnapshots = false;
const seenIds = new Set();
const seenOrder = [];

function setConnection(state) {
  if (live.connection === state) return;
  live.connection = state;
  fire('connection', state);
}

function noteSeq(serverSeq, playlistId, playlistSeq) {
  if (Number.isInteger(serverSeq) && (lastGlobalSeq == null || serverSeq > lastGlobalSeq)) lastGlobalSeq = serverSeq;
  if (playlistId && Number.isInteger(playlistSeq)) {
    if (!(playlistSeqs[playlistId] >= playlistSeq)) playlistSeqs[playlistId] = playlistSeq;
  }
}

/** A replay can repeat an event that arrived just before the link dropped; event_id tells. */
function alreadySeen(eventId) {
  if (!eventId) return false;
  if (seenIds.has(eventId)) return true;
  seenIds.add(eventId);
  seenOrder.push(eventId);
  if (seenOrder.length > 2000) seenIds.delete(seenOrder.shift());
  return false;
}

function rooms() {
  return ['playlists', ...[...watchers.keys()].map((id) => `playlist:${id}`)];
}

function joinAll() {
  socket.emit('join:playlists', {});
  for (const id of watchers.keys()) socket.emit('join:playlist', { playlist_id: id });
}

/** Starts receiving a playlist's room; several parts of the page may watch the same one. */
export function watchPlaylist(id) {
  const count = watchers.get(id) || 0;
  watchers.set(id, count + 1);
  if (count === 0 && socket.connected) socket.emit('join:playlist', { playlist_id: id });
}

export function unwatchPlaylist(id) {
  const count = watchers.get(id) || 0;
  if (count > 1) {
    watchers.set(id, count - 1);
    return;
  }
  watchers.delete(id);
  delete playlistSeqs[id];
  live.full.delete(id);
  if (socket.connected) socket.emit('leave:playlist', { playlist_id: id });
}

// --- applying events --------------------------------------------------------------------------

function envelope(name, apply) {
  socket.on(name, (e) => {
    if (!e || typeof e !== 'object' || alreadySeen(e.event_id)) return;
    noteSeq(e.server_seq, e.playlist_id, e.playlist_seq);
    apply(e.data || {}, e);
  });
}

function keepLite(p) {
  if (!p?.id) return;
  const lite = { ...live.playlists.get(p.id), ...p };
  if (Array.isArray(p.tracks)) {
    lite.track_count = p.tracks.length;
    // The playlist's picture is its first track's that has one, as cover_track_id says in the snapshot.
    lite.cover_track_id = p.tracks.find((tr) => tr.has_cover)?.id || null;
  }
  delete lite.tracks;
  live.playlists.set(p.id, lite);
}

function keepFull(p) {
  if (p?.id && Array.isArray(p.tracks) && watchers.has(p.id)) {
    live.full.set(p.id, p);
    fire('playlist', p);
  }
}

function applyPlayer(state) {
  live.player = state;
  setPosition(state.position_ms, state.is_playing, state.duration_ms, state.active_track_id);
  fire('player', state);
}

envelope('state:playlists', (data) => {
  live.playlists.clear();
  for (const p of data.playlists || []) keepLite(p);
  live.playlistsLoaded = true;
  fire('playlists');
});

envelope('state:playlist_created', (data) => {
  keepLite(data.playlist || { id: data.playlist_id });
  fire('playlists');
});

envelope('state:playlist_updated', (data) => {
  if (data.playlist) {
    keepLite(data.playlist);
    keepFull(data.playlist);
  }
  fire('playlists');
});

envelope('state:playlist_deleted', (data) => {
  live.playlists.delete(data.playlist_id);
  live.full.delete(data.playlist_id);
  fire('playlists');
  fire('playlist-deleted', data.playlist_id);
});

envelope('state:playlist', (data) => {
  keepLite(data);
  keepFull(data);
  fire('playlists');
});

envelope('state:track_added', (data) => {
  const p = live.full.get(data.playlist_id);
  if (p && data.track && !p.tracks.some((tr) => tr.id === data.track.id)) {
    keepFull({ ...p, tracks: [...p.tracks, data.track], track_count: p.tracks.length + 1 });
  }
});

envelope('state:player', applyPlayer);

envelope('state:track_position', (data) => {
  setPosition(data.position_ms, data.is_playing, data.duration_ms ?? position.duration, data.track_id);
  if (live.player) {
    live.player.position_ms = data.position_ms;
    live.player.is_playing = !!data.is_playing;
  }
  fire('position');
});

envelope('state:volume_changed', (data) => {
  if (live.player) {
    live.player.volume = data.volume;
    live.player.muted = data.muted;
    fire('player', live.player);
  }
});

envelope('state:tag_named', (data) => fire('tag-named', data));

socket.on('nfc_association_state', (data) => {
  noteSeq(data?.server_seq);
  fire('nfc', data);
});

for (const name of ['upload:progress', 'upload:complete', 'upload:error']) {
  socket.on(name, (data) => fire('upload', { name, data }));
}
for (const name of ['youtube:progress', 'youtube:complete', 'youtube:error']) {
  socket.on(name, (data) => fire('youtube', { name, data }));
}
for (const name of ['ack:op', 'err:op']) {
  socket.on(name, (data) => fire('op', { name, data }));
}

// --- connecting and catching up ---------------------------------------------------------------

socket.on('attempt', () => setConnection(everConnected ? 'reconnecting' : 'connecting'));
socket.on('disconnect', () => setConnection('reconnecting'));

socket.on('connection_status', (status) => {
  if (Number.isFinite(status.server_time)) live.serverOffsetMs = status.server_time - Date.now();
  if (everConnected && lastGlobalSeq != null) {
    setConnection('reconnecting');
    const lastPlaylistSeqs = {};
    for (const id of watchers.keys()) if (id in playlistSeqs) lastPlaylistSeqs[id] = playlistSeqs[id];
    socket.emit('sync:request', {
      last_global_seq: lastGlobalSeq,
      last_playlist_seqs: lastPlaylistSeqs,
      requested_rooms: rooms(),
    });
  } else {
    everConnected = true;
    joinAll();
    setConnection('connected');
  }
});

socket.on('sync:complete', (data) => {
  noteSeq(data.current_global_seq ?? data.server_seq);
  // Positions are not replayed: ask for the player once so the progress bar starts from now.
  socket.emit('client:request_current_state', {});
  setConnection('connected');
});

socket.on('sync:error', () => {
  // The box may have been wiped or replaced: start counting again from its snapshots.
  lastGlobalSeq = null;
  for (const id of Object.keys(playlistSeqs)) delete playlistSeqs[id];
  waitingForSnapshots = true;
  joinAll();
});

socket.on('ack:join', (ack) => {
  noteSeq(ack.server_seq, ack.playlist_id, ack.playlist_seq);
  if (ack.room === 'playlists' && waitingForSnapshots) {
    waitingForSnapshots = false;
    setConnection('connected');
  }
  if (ack.success === false && ack.playlist_id) fire('playlist-missing', ack.playlist_id);
});

/** A lost event for the open playlist cannot be told apart from a quiet room; this asks again. */
export function refreshPlaylist(id) {
  if (socket.connected) socket.emit('join:playlist', { playlist_id: id });
}

export function emit(name, data) {
  return socket.emit(name, data);
}
