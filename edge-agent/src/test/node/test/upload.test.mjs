// Chunked uploads (the original's upload API; differences in docs/protocol.md): generated WAV and MP3 files sent in
// several chunks with real sockets listening, every bad input refused with a 4xx that changes nothing,
// and an upload interrupted by kill -9 then resumed to an identical file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, api, createPlaylist, collect, joinPlaylist, joinPlaylists, brief, PARENT_TOKEN
} from '../lib/agent.mjs';
import { assertEnvelope, assertErrorEnvelope, isObject } from '../lib/protocol.mjs';
import { wavBytes, mp3Bytes, hasFfmpeg, sha256 } from '../lib/audio.mjs';

const KIB = 1024;
const MIB = 1024 * KIB;
const NO_FFMPEG = hasFfmpeg() ? false : 'ffmpeg is not installed: the MP3 cases need it to encode test files';

let agent;

before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

// ---------------------------------------------------------------------------------------------
// HTTP helpers

const base = (playlistId) => `/api/playlists/${encodeURIComponent(playlistId)}/uploads`;

/** POST .../uploads/session; returns the raw response. */
function openSession(target, playlistId, body) {
  return api(target, 'POST', `${base(playlistId)}/session`, body);
}

/** POST .../uploads/session, asserting 201 and the answer's shape; returns data. */
async function newSession(target, playlistId, { filename, fileSize, chunkSize, fileHash }) {
  const body = { filename, file_size: fileSize };
  if (chunkSize !== undefined) body.chunk_size = chunkSize;
  if (fileHash !== undefined) body.file_hash = fileHash;
  const res = await openSession(target, playlistId, body);
  assert.equal(res.status, 201, `POST ${base(playlistId)}/session ${brief(body)}: ${brief(res.body, 400)}`);
  assert.equal(res.body.status, 'success');
  const data = res.body.data;
  assert.equal(typeof data.session_id, 'string', `session_id in ${brief(data, 400)}`);
  assert.ok(data.session_id.length > 0);
  const expectedChunk = chunkSize ?? MIB;
  assert.equal(data.chunk_size, expectedChunk, 'chunk_size');
  assert.equal(data.total_chunks, Math.ceil(fileSize / expectedChunk), 'total_chunks');
  assert.ok(isObject(data.session), `data.session must be an object: ${brief(data, 400)}`);
  return data;
}

/** PUT .../chunks/{index} as multipart/form-data with field `file`; returns {status, body}. */
async function putChunk(target, playlistId, sessionId, index, bytes, { field = 'file', filename = 'blob' } = {}) {
  const form = new FormData();
  if (bytes !== null) form.append(field, new Blob([bytes]), filename);
  const res = await fetch(`${target.http}${base(playlistId)}/${encodeURIComponent(sessionId)}/chunks/${index}`, {
    method: 'PUT', body: form, headers: { authorization: `Bearer ${PARENT_TOKEN}` }, signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body = null;
  if (text.length > 0) { try { body = JSON.parse(text); } catch { body = text; } }
  return { status: res.status, body };
}

function finalize(target, playlistId, sessionId, body = {}) {
  return api(target, 'POST', `${base(playlistId)}/${encodeURIComponent(sessionId)}/finalize`, body);
}

function sessionStatus(target, playlistId, sessionId) {
  return api(target, 'GET', `${base(playlistId)}/${encodeURIComponent(sessionId)}`);
}

const chunkOf = (bytes, chunkSize, index) => bytes.subarray(index * chunkSize, Math.min(bytes.length, (index + 1) * chunkSize));

/** Sends the given chunk indexes in order, asserting 200 for each; returns the answers' data. */
async function sendChunks(target, playlistId, session, bytes, indexes) {
  const answers = [];
  for (const index of indexes) {
    const res = await putChunk(target, playlistId, session.session_id, index, chunkOf(bytes, session.chunk_size, index));
    assert.equal(res.status, 200, `PUT chunk ${index}/${session.total_chunks}: ${brief(res.body, 400)}`);
    assert.equal(res.body.status, 'success', `PUT chunk ${index}: ${brief(res.body, 400)}`);
    assert.equal(res.body.data.chunk_index, index, 'data.chunk_index');
    assert.equal(typeof res.body.data.progress, 'number', `data.progress: ${brief(res.body.data)}`);
    assert.ok(isObject(res.body.data.session), 'data.session');
    answers.push(res.body.data);
  }
  return answers;
}

const range = (n) => Array.from({ length: n }, (_, i) => i);

/** A whole upload: session, every chunk, finalize (asserting 200); returns {session, chunks, final}. */
async function uploadFile(target, playlistId, bytes, filename, { chunkSize = 64 * KIB, finalizeBody = {} } = {}) {
  const session = await newSession(target, playlistId, { filename, fileSize: bytes.length, chunkSize });
  const chunks = await sendChunks(target, playlistId, session, bytes, range(session.total_chunks));
  const final = await finalize(target, playlistId, session.session_id, finalizeBody);
  assert.equal(final.status, 200, `finalize ${filename}: ${brief(final.body, 600)}`);
  assert.equal(final.body.status, 'success');
  return { session, chunks, final: final.body.data };
}

/** The playlist's tracks from GET /api/playlists/{id}. */
async function tracksOf(target, playlistId) {
  const res = await api(target, 'GET', `/api/playlists/${encodeURIComponent(playlistId)}`);
  assert.equal(res.status, 200, `GET playlist ${playlistId}: ${brief(res.body)}`);
  const playlist = res.body.data.playlist ?? res.body.data;
  assert.ok(Array.isArray(playlist.tracks), `tracks of ${brief(playlist)}`);
  return playlist.tracks;
}

/** Every file under <dataDir>/media (relative names), to show that a refused upload stored nothing. */
function mediaFiles(target) {
  const root = join(target.dataDir, 'media');
  const out = [];
  const walk = (dir, prefix) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else out.push(`${prefix}${name}`);
    }
  };
  walk(root, '');
  return out.sort();
}

/** The absolute path of a track's stored file (file_path is relative to <dataDir>/media, or absolute). */
function storedFile(target, track) {
  assert.equal(typeof track.file_path, 'string', `track.file_path: ${brief(track)}`);
  const path = isAbsolute(track.file_path) ? track.file_path : join(target.dataDir, 'media', track.file_path);
  assert.ok(path.startsWith(join(target.dataDir, 'media')), `stored file ${path} is not under the media directory`);
  assert.ok(existsSync(path), `the stored file ${path} exists`);
  return path;
}

/**
 * received_chunks: the original answers a count; this agent answers the list of received
 * indexes (the mirror of missing_chunks). Either is checked against the chunks sent.
 */
function assertReceived(received, indexes) {
  if (Array.isArray(received)) assert.deepEqual(received, indexes, 'received_chunks (list of indexes)');
  else assert.equal(received, indexes.length, 'received_chunks (count)');
}

function assertTrack(track, what) {
  assert.ok(isObject(track), `${what} must be an object: ${brief(track)}`);
  assert.equal(typeof track.id, 'string', `${what}.id`);
  assert.ok(Number.isInteger(track.track_number), `${what}.track_number: ${brief(track)}`);
  assert.equal(typeof track.title, 'string', `${what}.title`);
  assert.ok(Number.isInteger(track.duration_ms), `${what}.duration_ms must be an integer: ${brief(track)}`);
}

/** Socket in room playlist:<id> and another in room playlists, each recording the upload events. */
async function listeners(target, playlistId) {
  const inPlaylist = await connect(target);
  await joinPlaylist(inPlaylist, playlistId);
  const inPlaylists = await connect(target);
  await joinPlaylists(inPlaylists);
  return {
    room: collect(inPlaylist, ['upload:progress', 'upload:complete', 'upload:error', 'state:track_added']),
    lobby: collect(inPlaylists, ['state:playlist_updated', 'upload:progress', 'upload:complete']),
  };
}

/** Checks the upload:progress events of one session: increasing, the last one complete at 100 %. */
function assertProgressEvents(events, { playlistId, sessionId, totalChunks, filename }) {
  const mine = events.filter((e) => e.session_id === sessionId);
  assert.ok(mine.length >= 1, `at least one upload:progress for ${sessionId}`);
  assert.ok(mine.length <= totalChunks, `${mine.length} upload:progress events for ${totalChunks} chunks`);
  let previous = -1;
  for (const e of mine) {
    assert.equal(e.playlist_id, playlistId, `upload:progress.playlist_id: ${brief(e)}`);
    assert.equal(typeof e.progress, 'number', `upload:progress.progress: ${brief(e)}`);
    assert.ok(e.progress > previous, `progress must increase: ${e.progress} after ${previous}`);
    assert.ok(e.progress >= 0 && e.progress <= 100, `progress in 0..100: ${e.progress}`);
    assert.ok(Number.isInteger(e.chunk_index) && e.chunk_index >= 0 && e.chunk_index < totalChunks, `chunk_index: ${brief(e)}`);
    assert.equal(typeof e.complete, 'boolean', `upload:progress.complete: ${brief(e)}`);
    if (filename !== undefined) assert.equal(e.file_name, filename, `upload:progress.file_name: ${brief(e)}`);
    previous = e.progress;
  }
  const last = mine.at(-1);
  assert.equal(last.complete, true, `the last upload:progress is complete: ${brief(last)}`);
  assert.equal(last.progress, 100, `the last upload:progress is at 100: ${brief(last)}`);
  for (const e of mine.slice(0, -1)) assert.equal(e.complete, false, `only the last is complete: ${brief(e)}`);
  return mine;
}

// ---------------------------------------------------------------------------------------------

test('a WAV sent in 64 KiB chunks: progress, upload:complete, state:track_added and the stored track with its real duration', async () => {
  const playlist = (await createPlaylist(agent, 'Upload WAV')).id;
  const { room, lobby } = await listeners(agent, playlist);
  const wav = wavBytes({ seconds: 3 });

  const session = await newSession(agent, playlist, { filename: 'Sine 440.wav', fileSize: wav.length, chunkSize: 64 * KIB });
  assert.ok(session.total_chunks >= 5, `several chunks: ${session.total_chunks}`);
  const answers = await sendChunks(agent, playlist, session, wav, range(session.total_chunks));
  assert.equal(answers.at(-1).progress, 100, 'the answer to the last chunk says 100');
  for (let i = 1; i < answers.length; i++) assert.ok(answers[i].progress > answers[i - 1].progress, 'answers progress increases');

  const status = await sessionStatus(agent, playlist, session.session_id);
  assert.equal(status.status, 200, brief(status.body));
  assert.deepEqual(status.body.data.missing_chunks, [], 'nothing missing before finalize');
  assert.equal(status.body.data.progress_percentage, 100);

  const final = await finalize(agent, playlist, session.session_id, { client_op_id: 'up-wav-1' });
  assert.equal(final.status, 200, brief(final.body, 600));
  const { track, metadata } = final.body.data;
  assertTrack(track, 'finalize data.track');
  assert.ok(isObject(metadata), `finalize data.metadata: ${brief(final.body.data, 600)}`);
  assert.equal(track.title, 'Sine 440', 'title falls back to the file name without extension');
  assert.equal(track.track_number, 1, 'first track of the playlist');
  assert.ok(Math.abs(track.duration_ms - 3000) <= 50, `duration_ms ${track.duration_ms}, expected 3000 ± 50`);

  await room.waitFor((ev) => ev.some((e) => e.name === 'upload:complete') && ev.some((e) => e.name === 'state:track_added'),
    { what: 'upload:complete and state:track_added in room playlist:<id>' });
  await lobby.waitFor((ev) => ev.some((e) => e.name === 'state:playlist_updated'), { what: 'state:playlist_updated in room playlists' });
  assertProgressEvents(room.of('upload:progress'), {
    playlistId: playlist, sessionId: session.session_id, totalChunks: session.total_chunks, filename: 'Sine 440.wav',
  });

  const complete = room.of('upload:complete')[0];
  assert.equal(complete.playlist_id, playlist, `upload:complete: ${brief(complete, 400)}`);
  assert.equal(complete.session_id, session.session_id);
  assert.equal(complete.filename, 'Sine 440.wav');
  assert.ok(isObject(complete.metadata), 'upload:complete.metadata');
  assert.equal(complete.track?.id, track.id, 'upload:complete.track is the new track');

  const added = room.of('state:track_added')[0];
  assertEnvelope(added, 'state:track_added');
  assert.equal(added.data.playlist_id, playlist, `state:track_added.data.playlist_id: ${brief(added, 400)}`);
  assert.equal(added.data.track?.id, track.id, 'state:track_added.data.track');
  const updated = lobby.of('state:playlist_updated');
  assertEnvelope(updated[0], 'state:playlist_updated');
  assert.ok(lobby.of('upload:progress').length === 0, 'upload:progress goes to the playlist room only');

  const tracks = await tracksOf(agent, playlist);
  assert.equal(tracks.length, 1);
  assert.equal(tracks[0].id, track.id);
  assert.equal(tracks[0].title, 'Sine 440');
  assert.ok(Math.abs(tracks[0].duration_ms - 3000) <= 50, `stored duration_ms ${tracks[0].duration_ms}`);
  assert.equal(sha256(readFileSync(storedFile(agent, tracks[0]))), sha256(wav), 'the stored file is the uploaded one');
  room.stop(); lobby.stop();
});

test('MP3s: the title comes from the tags, metadata_override wins, track numbers follow on', { skip: NO_FFMPEG }, async () => {
  const playlist = (await createPlaylist(agent, 'Upload MP3')).id;
  const { room } = await listeners(agent, playlist);
  const tagged = mp3Bytes({ seconds: 8, tags: { title: 'Tagged Song', artist: 'The Sines', album: 'Tones' } });

  const first = await uploadFile(agent, playlist, tagged, 'track01.mp3', { chunkSize: 16 * KIB });
  assert.ok(first.session.total_chunks >= 5, `several chunks: ${first.session.total_chunks}`);
  assertTrack(first.final.track, 'MP3 track');
  assert.equal(first.final.track.title, 'Tagged Song', 'title from the ID3 tag');
  assert.equal(first.final.track.artist, 'The Sines', 'artist from the ID3 tag');
  assert.equal(first.final.track.album, 'Tones', 'album from the ID3 tag');
  assert.equal(first.final.track.track_number, 1);
  assert.ok(Math.abs(first.final.track.duration_ms - 8000) <= 100, `MP3 duration_ms ${first.final.track.duration_ms}, expected 8000 ± 100`);
  await room.waitFor((ev) => ev.filter((e) => e.name === 'state:track_added').length >= 1, { what: 'state:track_added' });
  assertProgressEvents(room.of('upload:progress'), {
    playlistId: playlist, sessionId: first.session.session_id, totalChunks: first.session.total_chunks, filename: 'track01.mp3',
  });

  const untagged = mp3Bytes({ seconds: 3, frequency: 660 });
  const second = await uploadFile(agent, playlist, untagged, 'Bedtime story.mp3', {
    chunkSize: 16 * KIB, finalizeBody: { metadata_override: { title: 'Chosen title', artist: 'Grandma' } },
  });
  assert.equal(second.final.track.title, 'Chosen title', 'metadata_override.title');
  assert.equal(second.final.track.artist, 'Grandma', 'metadata_override.artist');
  assert.equal(second.final.track.track_number, 2, 'next dense track number');
  assert.ok(Math.abs(second.final.track.duration_ms - 3000) <= 100, `MP3 duration_ms ${second.final.track.duration_ms}, expected 3000 ± 100`);

  const third = await uploadFile(agent, playlist, untagged, 'No tags here.mp3', { chunkSize: 16 * KIB });
  assert.equal(third.final.track.title, 'No tags here', 'without a title tag: the file name without extension');
  assert.equal(third.final.track.track_number, 3);

  const tracks = await tracksOf(agent, playlist);
  assert.deepEqual(tracks.map((t) => [t.track_number, t.title]),
    [[1, 'Tagged Song'], [2, 'Chosen title'], [3, 'No tags here']]);
  assert.equal(sha256(readFileSync(storedFile(agent, tracks[0]))), sha256(tagged));
  room.stop();
});

test('upload:progress is batched: a fast upload of many chunks sends at most ~10 events a second, the last included', async () => {
  const playlist = (await createPlaylist(agent, 'Upload many chunks')).id;
  const { room } = await listeners(agent, playlist);
  const wav = wavBytes({ seconds: 6 }); // ~1 MB
  const started = Date.now();
  const { session } = await uploadFile(agent, playlist, wav, 'many.wav', { chunkSize: 8 * KIB });
  const seconds = (Date.now() - started) / 1000;
  await room.waitFor((ev) => ev.some((e) => e.name === 'upload:complete'), { what: 'upload:complete' });
  const mine = assertProgressEvents(room.of('upload:progress'), {
    playlistId: playlist, sessionId: session.session_id, totalChunks: session.total_chunks, filename: 'many.wav',
  });
  const allowed = Math.ceil(seconds * 10) + 2;
  assert.ok(mine.length <= allowed,
    `${mine.length} upload:progress events for ${session.total_chunks} chunks sent in ${seconds.toFixed(2)} s (at most ${allowed})`);
  room.stop();
});

test('bad sessions are refused with 4xx error envelopes and change nothing', async () => {
  const playlist = (await createPlaylist(agent, 'Refused sessions')).id;
  const sessionsBefore = await api(agent, 'GET', '/api/uploads/sessions');
  assert.equal(sessionsBefore.status, 200, brief(sessionsBefore.body));
  const mediaBefore = mediaFiles(agent);
  const cases = [
    [playlist, { filename: '../x.mp3', file_size: 1000 }, 400],
    [playlist, { filename: '../../etc/x.mp3', file_size: 1000 }, 400],
    [playlist, { filename: '/etc/x.mp3', file_size: 1000 }, 400],
    [playlist, { filename: 'a\\b.mp3', file_size: 1000 }, 400],
    [playlist, { filename: 'CON.mp3', file_size: 1000 }, 400],
    [playlist, { filename: 'nul.wav', file_size: 1000 }, 400],
    [playlist, { filename: 'a\u0000b.mp3', file_size: 1000 }, 400],
    [playlist, { filename: `${'x'.repeat(300)}.mp3`, file_size: 1000 }, 400],
    [playlist, { filename: '', file_size: 1000 }, 400],
    [playlist, { file_size: 1000 }, 400],
    [playlist, { filename: 'song.mp3' }, 400],
    [playlist, { filename: 'song.mp3', file_size: 'big' }, 400],
    [playlist, { filename: 'song.mp3', file_size: -5 }, 400],
    [playlist, { filename: 'notes.txt', file_size: 1000 }, 415],
    [playlist, { filename: 'setup.exe', file_size: 1000 }, 415],
    [playlist, { filename: 'no-extension', file_size: 1000 }, 415],
    [playlist, { filename: 'empty.mp3', file_size: 0 }, 413],
    [playlist, { filename: 'huge.wav', file_size: 200 * 1024 * 1024 + 1 }, 413],
    [playlist, { filename: 'huge.wav', file_size: 10 * 1024 * 1024 * 1024 }, 413],
    [playlist, { filename: 'song.mp3', file_size: 1000, chunk_size: MIB + 1 }, 400],
    [playlist, { filename: 'song.mp3', file_size: 1000, chunk_size: 0 }, 400],
    ['no-such-playlist', { filename: 'song.mp3', file_size: 1000 }, 404],
  ];
  const wrong = [];
  for (const [id, body, expected] of cases) {
    const res = await openSession(agent, id, body);
    try { assertErrorEnvelope(res, expected); } catch (err) { wrong.push(`${brief(body, 80)} -> ${res.status} ${brief(res.body, 200)} (expected ${expected})`); }
  }
  assert.deepEqual(wrong, [], `refusals that differ from the spec:\n${wrong.join('\n')}`);
  assert.deepEqual(await tracksOf(agent, playlist), [], 'no track');
  const sessionsAfter = await api(agent, 'GET', '/api/uploads/sessions');
  assert.deepEqual(sessionsAfter.body.data.sessions.map((s) => s.session_id), sessionsBefore.body.data.sessions.map((s) => s.session_id), 'no new session');
  assert.deepEqual(mediaFiles(agent), mediaBefore, 'no file stored');
});

test('chunks: the same chunk twice is idempotent, different bytes 409, out of range or too big 400, unknown session 404; finalize needs every chunk and runs once', async () => {
  const playlist = (await createPlaylist(agent, 'Chunk rules')).id;
  const wav = wavBytes({ seconds: 1 }); // 176 444 bytes: 3 chunks of 64 KiB, the last 45 372 bytes
  const session = await newSession(agent, playlist, { filename: 'rules.wav', fileSize: wav.length, chunkSize: 64 * KIB });
  assert.equal(session.total_chunks, 3);
  const sid = session.session_id;
  const chunk0 = chunkOf(wav, session.chunk_size, 0);

  const once = await putChunk(agent, playlist, sid, 0, chunk0);
  assert.equal(once.status, 200, brief(once.body));
  const twice = await putChunk(agent, playlist, sid, 0, chunk0);
  assert.equal(twice.status, 200, `the same chunk again: ${brief(twice.body)}`);
  assert.equal(twice.body.data.progress, once.body.data.progress, 'the repeat does not count twice');

  const altered = Buffer.from(chunk0); altered[100] ^= 0xff;
  const bad = [
    ['different bytes for a received chunk', 0, altered, 409],
    ['index = total_chunks', 3, chunkOf(wav, session.chunk_size, 2), 400],
    ['index far out', 999, chunkOf(wav, session.chunk_size, 2), 400],
    ['negative index', -1, chunk0, 400],
    ['index not a number', 'abc', chunk0, 400],
    ['chunk larger than chunk_size', 1, Buffer.alloc(64 * KIB + 1, 7), 400],
    ['last chunk beyond file_size', 2, Buffer.alloc(chunkOf(wav, session.chunk_size, 2).length + 10, 7), 400],
  ];
  const wrong = [];
  for (const [what, index, bytes, expected] of bad) {
    const res = await putChunk(agent, playlist, sid, index, bytes);
    try { assertErrorEnvelope(res, expected); } catch { wrong.push(`${what}: PUT chunks/${index} (${bytes.length} bytes) -> ${res.status} ${brief(res.body, 200)} (expected ${expected})`); }
  }
  const noField = await putChunk(agent, playlist, sid, 1, chunkOf(wav, session.chunk_size, 1), { field: 'other' });
  if (noField.status < 400 || noField.status >= 500) wrong.push(`multipart without field 'file' -> ${noField.status} ${brief(noField.body, 200)} (expected a 4xx)`);
  const unknown = await putChunk(agent, playlist, 'no-such-session', 0, chunk0);
  try { assertErrorEnvelope(unknown, 404); } catch { wrong.push(`unknown session -> ${unknown.status} ${brief(unknown.body, 200)} (expected 404)`); }
  assert.deepEqual(wrong, [], `chunk refusals that differ from the spec:\n${wrong.join('\n')}`);

  const status = await sessionStatus(agent, playlist, sid);
  assert.equal(status.status, 200);
  assert.deepEqual(status.body.data.missing_chunks, [1, 2], `only chunk 0 arrived: ${brief(status.body.data, 400)}`);
  assertReceived(status.body.data.received_chunks, [0]);
  const early = await finalize(agent, playlist, sid, {});
  assertErrorEnvelope(early, 409);
  assert.deepEqual(await tracksOf(agent, playlist), [], 'no track while chunks are missing');

  await sendChunks(agent, playlist, session, wav, [2, 1]); // out of order is fine
  const first = await finalize(agent, playlist, sid, { client_op_id: 'fin-1' });
  assert.equal(first.status, 200, brief(first.body, 400));
  const again = await finalize(agent, playlist, sid, { client_op_id: 'fin-2' });
  assert.equal(again.status, 200, `finalize twice: ${brief(again.body, 400)}`);
  assert.equal(again.body.data.track.id, first.body.data.track.id, 'the second finalize answers the same track');
  const tracks = await tracksOf(agent, playlist);
  assert.equal(tracks.length, 1, 'one track after two finalizes');
  assert.equal(sha256(readFileSync(storedFile(agent, tracks[0]))), sha256(wav), 'assembled in index order');
  const afterDone = await putChunk(agent, playlist, sid, 0, chunk0);
  assert.ok(afterDone.status === 200 || (afterDone.status >= 400 && afterDone.status < 500), `a chunk after finalize: ${afterDone.status}`);
  assert.equal((await tracksOf(agent, playlist)).length, 1, 'still one track');
});

test('a text file renamed .mp3 (and other non-audio bytes) is refused at finalize with 415 and stores nothing', async () => {
  const playlist = (await createPlaylist(agent, 'Not audio')).id;
  const { room } = await listeners(agent, playlist);
  const mediaBefore = mediaFiles(agent);
  const text = Buffer.from('Dear diary,\nthis is not a song at all. '.repeat(200), 'utf8');
  const zeros = Buffer.alloc(50_000);
  const wrong = [];
  for (const [name, bytes] of [['diary.mp3', text], ['diary.wav', text], ['zeros.mp3', zeros], ['half.wav', wavBytes({ seconds: 1 }).subarray(0, 30)]]) {
    const session = await newSession(agent, playlist, { filename: name, fileSize: bytes.length, chunkSize: 16 * KIB });
    await sendChunks(agent, playlist, session, bytes, range(session.total_chunks));
    const res = await finalize(agent, playlist, session.session_id, {});
    try { assertErrorEnvelope(res, 415); } catch { wrong.push(`${name} (${bytes.length} bytes) -> ${res.status} ${brief(res.body, 300)} (expected 415)`); }
  }
  assert.deepEqual(wrong, [], wrong.join('\n'));
  assert.deepEqual(await tracksOf(agent, playlist), [], 'no track');
  assert.deepEqual(mediaFiles(agent), mediaBefore, 'no file stored in the media directory');
  assert.equal(room.of('upload:complete').length, 0, 'no upload:complete');
  assert.equal(room.of('state:track_added').length, 0, 'no state:track_added');
  room.stop();
});

test('finalize of an unknown session is 404, and a session of another playlist is not reachable through this one', async () => {
  const playlist = (await createPlaylist(agent, 'Finalize errors')).id;
  const other = (await createPlaylist(agent, 'Other playlist')).id;
  assertErrorEnvelope(await finalize(agent, playlist, 'no-such-session', {}), 404);
  assertErrorEnvelope(await sessionStatus(agent, playlist, 'no-such-session'), 404);
  const wav = wavBytes({ seconds: 0.5 });
  const session = await newSession(agent, other, { filename: 'x.wav', fileSize: wav.length, chunkSize: 64 * KIB });
  await sendChunks(agent, other, session, wav, range(session.total_chunks));
  const cross = await finalize(agent, playlist, session.session_id, {});
  assertErrorEnvelope(cross, 404);
  assert.deepEqual(await tracksOf(agent, playlist), []);
  assert.deepEqual(await tracksOf(agent, other), []);
});

test('sessions are listed, deleted (404 when unknown) and cleaned by age', async () => {
  const playlist = (await createPlaylist(agent, 'Session admin')).id;
  const wav = wavBytes({ seconds: 1 });
  const session = await newSession(agent, playlist, { filename: 'listed.wav', fileSize: wav.length, chunkSize: 64 * KIB });
  await sendChunks(agent, playlist, session, wav, [0]);

  const list = await api(agent, 'GET', '/api/uploads/sessions');
  assert.equal(list.status, 200, brief(list.body));
  const mine = list.body.data.sessions.find((s) => s.session_id === session.session_id);
  assert.ok(mine, `the session is listed: ${brief(list.body.data, 600)}`);
  assert.equal(mine.filename, 'listed.wav');
  assert.equal(mine.playlist_id, playlist);
  assert.equal(mine.file_size, wav.length);

  const cleaned = await api(agent, 'POST', '/api/uploads/cleanup?max_age_hours=1');
  assert.equal(cleaned.status, 200, brief(cleaned.body));
  assert.ok(Array.isArray(cleaned.body.data.cleaned_sessions), `cleaned_sessions: ${brief(cleaned.body)}`);
  assert.ok(!cleaned.body.data.cleaned_sessions.some((s) => s.session_id === session.session_id), 'a fresh session is kept');
  assert.equal((await sessionStatus(agent, playlist, session.session_id)).status, 200, 'still there after cleanup');

  const removed = await api(agent, 'DELETE', `/api/uploads/sessions/${session.session_id}`);
  assert.equal(removed.status, 200, brief(removed.body));
  // A deleted session may be forgotten (404) or kept as a tombstone with status "cancelled"; either
  // way it takes no more chunks, cannot be finalized and its chunk data is gone.
  const gone = await sessionStatus(agent, playlist, session.session_id);
  if (gone.status !== 404) {
    assert.equal(gone.status, 200, brief(gone.body));
    assert.equal(gone.body.data.status, 'cancelled', `a deleted session: ${brief(gone.body.data, 400)}`);
  }
  const late = await putChunk(agent, playlist, session.session_id, 1, chunkOf(wav, 64 * KIB, 1));
  assert.ok([404, 409, 410].includes(late.status), `a chunk for a deleted session: ${late.status} ${brief(late.body)}`);
  const lateFinal = await finalize(agent, playlist, session.session_id, {});
  assert.ok([404, 409, 410].includes(lateFinal.status), `finalize of a deleted session: ${lateFinal.status} ${brief(lateFinal.body)}`);
  assert.deepEqual(await tracksOf(agent, playlist), []);
  assertErrorEnvelope(await api(agent, 'DELETE', '/api/uploads/sessions/never-existed'), 404);
  assert.ok(!existsSync(join(agent.dataDir, 'uploads', session.session_id)), 'its chunk directory is gone');
});

test('an upload interrupted by kill -9 resumes on the next start: missing_chunks lists exactly the unsent ones and the file is identical', async () => {
  const first = await startAgent();
  const playlist = (await createPlaylist(first, 'Resumed')).id;
  const wav = wavBytes({ seconds: 5, frequency: 523 }); // ~860 KiB: 14 chunks of 64 KiB
  const session = await newSession(first, playlist, { filename: 'resumed.wav', fileSize: wav.length, chunkSize: 64 * KIB });
  const all = range(session.total_chunks);
  const sentBefore = all.filter((i) => i % 2 === 0); // every other chunk: the gaps must be remembered exactly
  await sendChunks(first, playlist, session, wav, sentBefore);
  const exit = await first.kill9();
  assert.equal(exit.signal, 'SIGKILL');

  const second = await startAgent({ dataDir: first.dataDir });
  try {
    const status = await sessionStatus(second, playlist, session.session_id);
    assert.equal(status.status, 200, `the session survives kill -9: ${brief(status.body)}`);
    const missing = all.filter((i) => !sentBefore.includes(i));
    assert.deepEqual(status.body.data.missing_chunks, missing, 'missing_chunks after the restart');
    assertReceived(status.body.data.received_chunks, sentBefore);
    assert.ok(status.body.data.progress_percentage > 0 && status.body.data.progress_percentage < 100, `progress_percentage ${status.body.data.progress_percentage}`);

    const early = await finalize(second, playlist, session.session_id, {});
    assertErrorEnvelope(early, 409);
    await sendChunks(second, playlist, session, wav, missing);
    const final = await finalize(second, playlist, session.session_id, {});
    assert.equal(final.status, 200, brief(final.body, 600));
    const tracks = await tracksOf(second, playlist);
    assert.equal(tracks.length, 1);
    assert.ok(Math.abs(tracks[0].duration_ms - 5000) <= 50, `duration_ms ${tracks[0].duration_ms}`);
    assert.equal(sha256(readFileSync(storedFile(second, tracks[0]))), sha256(wav), 'sha256 of the stored file = the source');
  } finally {
    await second.stop();
  }
});

test('GET /api/uploads/sessions items carry the fields of the original session list', async () => {
  const playlist = (await createPlaylist(agent, 'Session list fields')).id;
  const wav = wavBytes({ seconds: 1 });
  const session = await newSession(agent, playlist, { filename: 'fields.wav', fileSize: wav.length, chunkSize: 64 * KIB });
  await sendChunks(agent, playlist, session, wav, [0]);
  const list = await api(agent, 'GET', '/api/uploads/sessions');
  assert.equal(list.status, 200, brief(list.body));
  const mine = list.body.data.sessions.find((s) => s.session_id === session.session_id);
  assert.ok(mine, 'listed');
  // U1: {session_id, filename, file_size, chunks_uploaded, chunks_total, progress_percent, playlist_id, created_at, status}
  const expected = { session_id: session.session_id, filename: 'fields.wav', file_size: wav.length, chunks_uploaded: 1, chunks_total: 3, playlist_id: playlist };
  const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, mine[k]]));
  assert.deepEqual(actual, expected, `U1 item: ${brief(mine, 600)}`);
  assert.equal(typeof mine.progress_percent, 'number', `U1 item progress_percent: ${brief(mine, 600)}`);
  assert.equal(typeof mine.created_at, 'string');
  assert.equal(typeof mine.status, 'string');
  await api(agent, 'DELETE', `/api/uploads/sessions/${session.session_id}`);
});

test('chunks sent all at once (as a phone may) and two finalizes at the same time give one identical track', async () => {
  const playlist = (await createPlaylist(agent, 'Parallel chunks')).id;
  const wav = wavBytes({ seconds: 4, frequency: 330 });
  const session = await newSession(agent, playlist, { filename: 'Chanson d’été – 1.wav', fileSize: wav.length, chunkSize: 32 * KIB });
  const answers = await Promise.all(range(session.total_chunks).map((i) => putChunk(agent, playlist, session.session_id, i, chunkOf(wav, session.chunk_size, i))));
  const failed = answers.map((r, i) => [i, r]).filter(([, r]) => r.status !== 200).map(([i, r]) => `chunk ${i}: ${r.status} ${brief(r.body, 200)}`);
  assert.deepEqual(failed, [], 'every chunk sent in parallel is accepted');
  const status = await sessionStatus(agent, playlist, session.session_id);
  assert.deepEqual(status.body.data.missing_chunks, [], `nothing missing: ${brief(status.body.data, 400)}`);

  const [a, b] = await Promise.all([finalize(agent, playlist, session.session_id, {}), finalize(agent, playlist, session.session_id, {})]);
  assert.equal(a.status, 200, `first of two concurrent finalizes: ${brief(a.body, 400)}`);
  assert.equal(b.status, 200, `second of two concurrent finalizes: ${brief(b.body, 400)}`);
  assert.equal(a.body.data.track.id, b.body.data.track.id, 'both answer the same track');
  const tracks = await tracksOf(agent, playlist);
  assert.equal(tracks.length, 1, 'one track');
  assert.equal(tracks[0].title, 'Chanson d’été – 1', 'a non-ASCII file name is kept as the title');
  assert.equal(sha256(readFileSync(storedFile(agent, tracks[0]))), sha256(wav), 'assembled in index order');
});

test('an upload after a deletion gets the next dense track number', async () => {
  const playlist = (await createPlaylist(agent, 'Dense numbers')).id;
  const wav = wavBytes({ seconds: 0.5 });
  for (const name of ['one.wav', 'two.wav', 'three.wav']) await uploadFile(agent, playlist, wav, name);
  const removed = await api(agent, 'DELETE', `/api/playlists/${playlist}/tracks`, { track_numbers: [2] });
  assert.equal(removed.status, 200, brief(removed.body));
  assert.deepEqual((await tracksOf(agent, playlist)).map((t) => [t.track_number, t.title]), [[1, 'one'], [2, 'three']]);
  const { final } = await uploadFile(agent, playlist, wav, 'four.wav');
  assert.equal(final.track.track_number, 3, 'next after 1..2');
  assert.deepEqual((await tracksOf(agent, playlist)).map((t) => [t.track_number, t.title]), [[1, 'one'], [2, 'three'], [3, 'four']]);
});

test('a refused finalize is announced as upload:error to the playlist room', async () => {
  const playlist = (await createPlaylist(agent, 'Upload error event')).id;
  const { room } = await listeners(agent, playlist);
  const text = Buffer.from('not audio at all\n'.repeat(100));
  const session = await newSession(agent, playlist, { filename: 'fake.mp3', fileSize: text.length, chunkSize: 64 * KIB });
  await sendChunks(agent, playlist, session, text, range(session.total_chunks));
  assertErrorEnvelope(await finalize(agent, playlist, session.session_id, {}), 415);
  await room.waitFor((ev) => ev.some((e) => e.name === 'upload:error'), { what: 'upload:error after a 415 finalize' });
  const error = room.of('upload:error')[0];
  assert.equal(error.playlist_id, playlist, `upload:error: ${brief(error, 400)}`);
  assert.equal(error.session_id, session.session_id, `upload:error: ${brief(error, 400)}`);
  room.stop();
});

test('the size limit comes from config (OMB_UPLOADS_MAX_FILE_BYTES)', async () => {
  const small = await startAgent({ env: { OMB_UPLOADS_MAX_FILE_BYTES: '100000' } });
  try {
    const playlist = (await createPlaylist(small, 'Small limit')).id;
    assertErrorEnvelope(await openSession(small, playlist, { filename: 'big.wav', file_size: 100_001 }), 413);
    const wav = wavBytes({ seconds: 0.5 }); // 88 244 bytes
    const { final } = await uploadFile(small, playlist, wav, 'fits.wav', { chunkSize: 32 * KIB });
    assert.equal(final.track.title, 'fits');
  } finally {
    await small.stop();
  }
});

/** A 6 MiB tmpfs mounted on a new temp directory, or a reason why it cannot be (not root, no mount). */
function smallDisk() {
  if (process.getuid?.() !== 0) return { skip: 'needs root to mount a small tmpfs' };
  const dir = mkdtempSync(join(tmpdir(), 'omb-full-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) { rmdirSync(dir); return { skip: `cannot mount a tmpfs: ${(mounted.stderr || '').trim()}` }; }
  return { dir, unmount: () => { execFileSync('umount', [dir]); rmdirSync(dir); } };
}

function usedBytes(dir) {
  const out = execFileSync('df', ['-B1', '--output=used', dir], { encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}

test('a full disk answers 507 or 413 with a clear message, removes the partial data and the box keeps working', async (t) => {
  const disk = smallDisk();
  if (disk.skip) { t.skip(disk.skip); return; }
  let full;
  try {
    // No safety margin on a 6 MiB disk: the default keeps 50 MiB free, more than the whole disk.
    full = await startAgent({ dataDir: disk.dir, env: { OMB_UPLOADS_SPACE_MARGIN_BYTES: '0' } });
    const playlist = (await createPlaylist(full, 'Full disk')).id;
    const usedBefore = usedBytes(disk.dir);
    const clear = (res, what) => {
      assert.ok([507, 413].includes(res.status), `${what}: ${res.status} ${brief(res.body, 400)}`);
      assertErrorEnvelope(res, res.status);
      assert.match(res.body.message, /space|disk|full|storage/i, `${what}: a clear message: ${res.body.message}`);
    };

    // A file that cannot fit is refused when the session is opened.
    clear(await openSession(full, playlist, { filename: 'too-much.wav', file_size: 10_000_000, chunk_size: MIB }), 'a 10 MB session on a 6 MiB disk');

    // Two files that each fit (chunks + assembled file) but not together: the disk fills while the
    // chunks arrive or while finalize assembles the first (or the second session is refused up front
    // when the agent reserves space).
    const wav = wavBytes({ seconds: 17 }); // 3.0 MB: 6.0 MB of chunks on a disk with ~6.1 MB free
    const sessions = [];
    for (const name of ['first.wav', 'second.wav']) {
      const res = await openSession(full, playlist, { filename: name, file_size: wav.length, chunk_size: 256 * KIB });
      if (res.status === 201) sessions.push(res.body.data);
      else { clear(res, `session ${name} while the other holds its space`); t.diagnostic(`full disk: session ${name} refused up front: ${res.body.message}`); }
    }
    let refusal;
    // Both may be refused up front when the card's own files (the library, its journal) leave less room than
    // one file and its chunks; each refusal was checked above.
    for (let i = 0; !refusal && sessions.length > 0 && i < sessions[0].total_chunks; i++) {
      for (const session of sessions) {
        const res = await putChunk(full, playlist, session.session_id, i, chunkOf(wav, session.chunk_size, i));
        if (res.status !== 200) { refusal = { session, what: `chunk ${i}`, index: i, res }; break; }
      }
    }
    if (sessions.length === 2 && !refusal) {
      const res = await finalize(full, playlist, sessions[0].session_id, {});
      if (res.status !== 200) refusal = { session: sessions[0], what: 'finalize', res };
    }
    if (sessions.length === 2) {
      assert.ok(refusal, 'two 3 MB uploads and an assembled file do not fit on a 6 MiB disk');
      clear(refusal.res, `${refusal.what} on a full disk`);
      t.diagnostic(`full disk: ${refusal.what} refused with ${refusal.res.status}: ${refusal.res.body.message}`);
      if (refusal.index !== undefined) {
        const status = await sessionStatus(full, playlist, refusal.session.session_id);
        if (status.status === 200) {
          assert.ok(status.body.data.missing_chunks.includes(refusal.index), `the refused chunk is not counted as received: ${brief(status.body.data, 400)}`);
        }
      }
      const partial = mediaFiles(full);
      assert.deepEqual(partial, [], `no partial file in the media directory: ${partial}`);
    }
    for (const session of sessions) await api(full, 'DELETE', `/api/uploads/sessions/${session.session_id}`);
    const usedAfter = usedBytes(disk.dir);
    assert.ok(usedAfter - usedBefore < 256 * KIB, `no data left behind: ${usedBefore} bytes used before, ${usedAfter} after`);
    assert.equal((await api(full, 'GET', '/api/health')).status, 200, 'still healthy');
    assert.deepEqual(await tracksOf(full, playlist), []);
    const { final } = await uploadFile(full, playlist, wavBytes({ seconds: 2 }), 'fits after.wav');
    assert.equal(final.track.title, 'fits after', 'a file that fits is stored afterwards');
  } finally {
    await full?.stop();
    disk.unmount();
  }
});
