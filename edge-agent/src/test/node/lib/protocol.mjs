// Shape checks for the payloads of docs/protocol.md, shared by the test files.
import assert from 'node:assert/strict';

const CLOCK_SLACK_MS = 5 * 60_000;

export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An integer epoch-milliseconds value close to this machine's clock. */
export function assertEpochMs(value, what) {
  assert.ok(Number.isInteger(value), `${what} must be an integer epoch-ms value, got ${JSON.stringify(value)}`);
  assert.ok(Math.abs(value - Date.now()) < CLOCK_SLACK_MS, `${what} = ${value} is not epoch milliseconds near now (${Date.now()})`);
}

export function assertSeq(value, what) {
  assert.ok(Number.isInteger(value) && value >= 0, `${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
}

/** The standard state envelope: {event_type, server_seq, data, timestamp, event_id}. */
export function assertEnvelope(envelope, eventType) {
  assert.ok(isObject(envelope), `${eventType}: payload must be an object, got ${JSON.stringify(envelope)}`);
  assert.equal(envelope.event_type, eventType, `${eventType}: event_type`);
  assertSeq(envelope.server_seq, `${eventType}.server_seq`);
  assert.ok(isObject(envelope.data), `${eventType}.data must be an object, got ${JSON.stringify(envelope.data)}`);
  assertEpochMs(envelope.timestamp, `${eventType}.timestamp`);
  assert.equal(typeof envelope.event_id, 'string', `${eventType}.event_id must be a string`);
  assert.ok(envelope.event_id.length > 0, `${eventType}.event_id must not be empty`);
}

/** A playlist-scoped envelope also carries playlist_id and playlist_seq. */
export function assertPlaylistEnvelope(envelope, eventType, playlistId) {
  assertEnvelope(envelope, eventType);
  assert.equal(envelope.playlist_id, playlistId, `${eventType}.playlist_id`);
  assertSeq(envelope.playlist_seq, `${eventType}.playlist_seq`);
}

const PLAYER_STATES = ['playing', 'paused', 'stopped', 'loading', 'error'];

/** A complete PlayerState. */
export function assertPlayerState(state, what = 'PlayerState') {
  assert.ok(isObject(state), `${what} must be an object`);
  assert.ok(PLAYER_STATES.includes(state.state), `${what}.state must be one of ${PLAYER_STATES}, got ${JSON.stringify(state.state)}`);
  for (const key of ['is_playing', 'can_prev', 'can_next', 'muted', 'shuffle_enabled']) {
    assert.equal(typeof state[key], 'boolean', `${what}.${key} must be a boolean, got ${JSON.stringify(state[key])}`);
  }
  for (const key of ['position_ms', 'duration_ms', 'track_index', 'track_count', 'volume', 'server_seq']) {
    assert.ok(Number.isInteger(state[key]), `${what}.${key} must be an integer, got ${JSON.stringify(state[key])}`);
  }
  for (const key of ['active_playlist_id', 'active_playlist_title', 'active_track_id']) {
    assert.ok(key in state, `${what}.${key} must be present`);
    assert.ok(state[key] === null || typeof state[key] === 'string', `${what}.${key} must be a string or null`);
  }
  assert.ok('active_track' in state, `${what}.active_track must be present`);
  assert.ok(state.active_track === null || isObject(state.active_track), `${what}.active_track must be an object or null`);
  assert.equal(typeof state.repeat_mode, 'string', `${what}.repeat_mode must be a string`);
  assert.ok(state.volume >= 0 && state.volume <= 100, `${what}.volume out of 0..100: ${state.volume}`);
}

/** The PlayerState of a box that has never played anything. */
export function assertFreshPlayerState(state) {
  assertPlayerState(state);
  assert.equal(state.state, 'stopped', 'fresh box: state');
  assert.equal(state.is_playing, false, 'fresh box: is_playing');
  assert.equal(state.active_playlist_id, null, 'fresh box: active_playlist_id');
  assert.equal(state.active_track, null, 'fresh box: active_track');
  assert.equal(state.volume, 50, 'fresh box: volume');
  assert.equal(state.muted, false, 'fresh box: muted');
}

const LITE_KEYS = ['id', 'title', 'description', 'nfc_tag_id', 'track_count', 'created_at', 'updated_at'];
const FULL_KEYS = ['id', 'title', 'description', 'nfc_tag_id', 'tracks', 'track_count', 'total_duration_ms', 'created_at', 'updated_at'];

/** An item of state:playlists: {id,title,description,nfc_tag_id,track_count,created_at,updated_at}. */
export function assertPlaylistLite(item) {
  assert.ok(isObject(item), 'playlist item must be an object');
  for (const key of LITE_KEYS) assert.ok(key in item, `playlist item lacks '${key}': ${JSON.stringify(item)}`);
  assert.equal(typeof item.id, 'string');
  assert.equal(typeof item.title, 'string');
  assert.ok(Number.isInteger(item.track_count), 'track_count must be an integer');
}

/** A full playlist: {id,title,description,nfc_tag_id,tracks,track_count,total_duration_ms,created_at,updated_at}. */
export function assertFullPlaylist(playlist, id) {
  assert.ok(isObject(playlist), 'playlist must be an object');
  for (const key of FULL_KEYS) assert.ok(key in playlist, `full playlist lacks '${key}': ${JSON.stringify(playlist)}`);
  assert.equal(playlist.id, id, 'playlist.id');
  assert.ok(Array.isArray(playlist.tracks), 'playlist.tracks must be an array');
  assert.ok(Number.isInteger(playlist.track_count), 'playlist.track_count must be an integer');
  assert.ok(Number.isInteger(playlist.total_duration_ms), 'playlist.total_duration_ms must be an integer');
}

/** Broadcast events: unique event_id and strictly increasing server_seq, in arrival order. */
export function assertStrictlyIncreasing(envelopes, what = 'events') {
  const ids = new Set();
  let previous = -1;
  for (const env of envelopes) {
    assert.ok(!ids.has(env.event_id), `${what}: event_id ${env.event_id} (${env.event_type}) arrived twice`);
    ids.add(env.event_id);
    assert.ok(env.server_seq > previous,
      `${what}: server_seq must increase strictly: ${env.event_type} has ${env.server_seq} after ${previous}`);
    previous = env.server_seq;
  }
}

/** The HTTP error envelope: {status:"error", error_type, message, timestamp}. */
export function assertErrorEnvelope(res, expectedStatus) {
  assert.equal(res.status, expectedStatus, `HTTP status, body ${JSON.stringify(res.body)}`);
  assert.ok(isObject(res.body), `error body must be a JSON object, got ${JSON.stringify(res.body)}`);
  assert.equal(res.body.status, 'error', 'error envelope status');
  assert.equal(typeof res.body.error_type, 'string', 'error envelope error_type');
  assert.equal(typeof res.body.message, 'string', 'error envelope message');
  assert.equal(typeof res.body.timestamp, 'number', 'error envelope timestamp');
}

/** A unique client_op_id in the frontend's format. */
let opCounter = 0;
export function opId(operation) {
  return `${operation}_${Date.now()}_${(opCounter++).toString(36).padStart(9, '0')}`;
}
