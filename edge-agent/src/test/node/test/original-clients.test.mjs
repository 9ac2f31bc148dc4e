// Shapes that clients written for the original read (issue 13, points 2-4): create and get answer the
// playlist as `data` (our page) and again as `data.playlist` (docs/protocol.md, "Differences from the
// original"); health has the original's `services` booleans; upload sessions say pending, uploading,
// completed and error as the original's session list does, with `finalized` telling a finalized session apart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, api, createPlaylist, joinPlaylists, nextEvent, brief, PARENT_TOKEN,
} from '../lib/agent.mjs';
import { assertErrorEnvelope } from '../lib/protocol.mjs';
import { wavBytes } from '../lib/audio.mjs';

let agent;

before(async () => {
  agent = await startAgent({
    env: { OMB_AUDIO_OUTPUT: 'silent', OMB_NFC_READER: 'simulated', OMB_CONTROLS_ENABLED: 'false' },
  });
});
after(async () => { disconnectAll(); await agent?.stop(); });

const SERVICES = ['api', 'audio', 'nfc', 'gpio', 'led_hat', 'websocket'];
const uploads = (playlistId) => `/api/playlists/${encodeURIComponent(playlistId)}/uploads`;

/** `data` without `data.playlist`: what our page reads. */
function ownFields(data) {
  const { playlist, ...rest } = data;
  return rest;
}

async function putChunk(playlistId, sessionId, index, bytes) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'blob');
  const res = await fetch(`${agent.http}${uploads(playlistId)}/${encodeURIComponent(sessionId)}/chunks/${index}`, {
    method: 'PUT', body: form, headers: { authorization: `Bearer ${PARENT_TOKEN}` }, signal: AbortSignal.timeout(30_000),
  });
  const body = await res.json();
  assert.equal(res.status, 200, `PUT chunk ${index}: ${brief(body, 400)}`);
  return body.data;
}

async function session(playlistId, sessionId) {
  const res = await api(agent, 'GET', `${uploads(playlistId)}/${encodeURIComponent(sessionId)}`);
  assert.equal(res.status, 200, `GET session: ${brief(res.body, 400)}`);
  return res.body.data;
}

/** The sessions `GET /api/uploads/sessions?status=` lists, each checked to carry that status. */
async function listed(status) {
  const res = await api(agent, 'GET', `/api/uploads/sessions?status=${status}&limit=100`);
  assert.equal(res.status, 200, `GET /api/uploads/sessions?status=${status}: ${brief(res.body, 400)}`);
  for (const s of res.body.data.sessions) assert.equal(s.status, status, `listed as ${status}: ${brief(s, 300)}`);
  return res.body.data.sessions.map((s) => s.session_id);
}

test('POST /api/playlists answers the playlist as data and again as data.playlist', async () => {
  const res = await api(agent, 'POST', '/api/playlists', { title: 'Bedtime', description: 'Soft songs', client_op_id: 'create-1' });
  assert.equal(res.status, 201, brief(res.body, 400));
  const { data } = res.body;
  // Our page reads the playlist's fields in data.
  assert.equal(typeof data.id, 'string');
  assert.equal(data.title, 'Bedtime');
  assert.equal(data.description, 'Soft songs');
  assert.deepEqual(data.tracks, []);
  assert.equal(data.track_count, 0);
  // The original's app reads data.playlist.id.
  assert.equal(typeof data.playlist, 'object', `data.playlist in ${brief(data, 400)}`);
  assert.equal(data.playlist.id, data.id);
  assert.deepEqual(data.playlist, ownFields(data), 'data.playlist is the same playlist');
  assert.equal(res.body.client_op_id, 'create-1', 'client_op_id echoed at the top, as the original does for create');
});

test('ack:op for a create keeps the plain playlist: data.playlist is for HTTP clients only', async () => {
  const socket = await connect(agent);
  await joinPlaylists(socket);
  const ack = nextEvent(socket, 'ack:op', { filter: (a) => a.client_op_id === 'create-ack' });
  const res = await api(agent, 'POST', '/api/playlists', { title: 'Acked', client_op_id: 'create-ack' });
  assert.equal(res.status, 201, brief(res.body, 400));
  const acked = await ack;
  assert.equal(acked.data.id, res.body.data.id);
  assert.equal(acked.data.playlist, undefined, `ack:op data: ${brief(acked.data, 400)}`);
  socket.disconnect();
});

test('GET /api/playlists/{id} answers data and data.playlist, both with tracks added since', async () => {
  const { id } = await createPlaylist(agent, 'Morning');
  const empty = await api(agent, 'GET', `/api/playlists/${id}`);
  assert.equal(empty.status, 200, brief(empty.body, 400));
  assert.equal(empty.body.data.playlist.id, id);
  assert.deepEqual(empty.body.data.playlist, ownFields(empty.body.data));

  const wav = wavBytes({ seconds: 0.5, channels: 1 });
  const created = await api(agent, 'POST', `${uploads(id)}/session`, { filename: 'Tune.wav', file_size: wav.length });
  assert.equal(created.status, 201, brief(created.body, 400));
  const sid = created.body.data.session_id;
  await putChunk(id, sid, 0, wav);
  const fin = await api(agent, 'POST', `${uploads(id)}/${sid}/finalize`, {});
  assert.equal(fin.status, 200, brief(fin.body, 400));

  const res = await api(agent, 'GET', `/api/playlists/${id}`);
  assert.equal(res.status, 200);
  assert.equal(res.body.data.tracks.length, 1, 'our page: data.tracks');
  assert.equal(res.body.data.playlist.tracks.length, 1, "the original's app: data.playlist.tracks");
  assert.equal(res.body.data.playlist.tracks[0].id, fin.body.data.track.id);
  assert.deepEqual(res.body.data.playlist, ownFields(res.body.data));
  assertErrorEnvelope(await api(agent, 'GET', '/api/playlists/no-such-playlist'), 404);
});

test('health has data.services beside components and details, each true only for what works', async () => {
  const socket = await connect(agent); // the Socket.IO server answers: websocket is true for a reason
  const res = await api(agent, 'GET', '/api/health');
  assert.equal(res.status, 200, brief(res.body, 600));
  const { data } = res.body;
  assert.equal(typeof data.components, 'object');
  assert.equal(typeof data.details, 'object');
  assert.deepEqual(Object.keys(data.services), SERVICES, `services: ${brief(data.services)}`);
  assert.deepEqual(data.services, {
    api: true, // the library answers
    audio: false, // omb.audio.output=silent: no sound comes out
    nfc: false, // the simulated reader, no PN532
    gpio: false, // buttons turned off
    led_hat: false, // the box has no LED hat support
    websocket: true,
  });
  assert.equal(data.components.audio, 'silent');
  assert.equal(data.components.nfc, 'simulated');
  assert.equal(data.components.controls, 'disabled');
  assert.equal(data.components.database, 'connected');
  socket.disconnect();
});

test('health says audio is a service when a real output plays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'omb-audio-'));
  const other = await startAgent({ env: { OMB_AUDIO_OUTPUT: `file:${join(dir, 'out.pcm')}`, OMB_CONTROLS_ENABLED: 'false' } });
  try {
    const res = await api(other, 'GET', '/api/health');
    assert.equal(res.status, 200, brief(res.body, 600));
    assert.equal(res.body.data.components.audio, 'available', brief(res.body.data.details));
    assert.equal(res.body.data.services.audio, true);
    assert.equal(res.body.data.services.gpio, false);
    assert.equal(res.body.data.services.led_hat, false);
  } finally {
    await other.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an upload session goes pending, uploading, completed, then finalized, and is listed under each', async () => {
  const { id } = await createPlaylist(agent, 'States');
  const wav = wavBytes({ seconds: 1, channels: 1 });
  const chunkSize = 32 * 1024;
  const created = await api(agent, 'POST', `${uploads(id)}/session`, { filename: 'Song.wav', file_size: wav.length, chunk_size: chunkSize });
  assert.equal(created.status, 201, brief(created.body, 400));
  const { session_id: sid, total_chunks: total } = created.body.data;
  assert.ok(total >= 2, `${total} chunks: the walk needs an uploading step`);

  assert.equal((await session(id, sid)).status, 'pending');
  assert.ok((await listed('pending')).includes(sid), 'listed as pending');

  for (let i = 0; i < total; i++) {
    const answer = await putChunk(id, sid, i, wav.subarray(i * chunkSize, Math.min(wav.length, (i + 1) * chunkSize)));
    assert.equal(answer.session.status, i < total - 1 ? 'uploading' : 'completed', `after chunk ${i}`);
    if (i === 0) {
      assert.equal((await session(id, sid)).status, 'uploading');
      assert.ok((await listed('uploading')).includes(sid), 'listed as uploading');
    }
  }
  const completed = await session(id, sid);
  assert.equal(completed.status, 'completed', 'every chunk arrived');
  assert.equal(completed.finalized, false);
  assert.equal(completed.chunks_uploaded, total);
  assert.equal(completed.chunks_total, total);
  assert.equal(completed.progress_percent, 100);
  assert.ok((await listed('completed')).includes(sid), 'listed as completed');
  assert.ok(!(await listed('uploading')).includes(sid), 'no longer listed as uploading');

  const fin = await api(agent, 'POST', `${uploads(id)}/${sid}/finalize`, {});
  assert.equal(fin.status, 200, `a completed session can be finalized: ${brief(fin.body, 400)}`);
  const finalized = await session(id, sid);
  assert.equal(finalized.status, 'completed');
  assert.equal(finalized.finalized, true);
  assert.equal(finalized.track_id, fin.body.data.track.id);
  assert.equal(typeof finalized.finalized_at, 'string');
  assert.ok((await listed('completed')).includes(sid), 'a finalized session is still listed as completed');

  const again = await api(agent, 'POST', `${uploads(id)}/${sid}/finalize`, {});
  assert.equal(again.status, 200, 'finalize again answers with the same track');
  assert.equal(again.body.data.track.id, fin.body.data.track.id);
  assertErrorEnvelope(await api(agent, 'GET', '/api/uploads/sessions?status=complete'), 400);
});

test('a refused upload says error and is listed under error', async () => {
  const { id } = await createPlaylist(agent, 'Refused');
  const text = Buffer.from('not a song at all, just words\n'.repeat(40));
  const created = await api(agent, 'POST', `${uploads(id)}/session`, { filename: 'words.mp3', file_size: text.length });
  assert.equal(created.status, 201, brief(created.body, 400));
  const sid = created.body.data.session_id;
  assert.equal((await putChunk(id, sid, 0, text)).session.status, 'completed');
  assertErrorEnvelope(await api(agent, 'POST', `${uploads(id)}/${sid}/finalize`, {}), 415);
  const refused = await session(id, sid);
  assert.equal(refused.status, 'error');
  assert.equal(refused.finalized, false);
  assert.match(refused.error_message, /not MP3/);
  assert.ok((await listed('error')).includes(sid), 'listed as error');
  assert.ok(!(await listed('completed')).includes(sid), 'not listed as completed');
});

/** One WAV sent in a single chunk and finalized; returns the track. */
async function addTrack(playlistId, name, frequency) {
  const wav = wavBytes({ seconds: 0.3, channels: 1, frequency });
  const created = await api(agent, 'POST', `${uploads(playlistId)}/session`, { filename: name, file_size: wav.length });
  assert.equal(created.status, 201, brief(created.body, 400));
  const sid = created.body.data.session_id;
  await putChunk(playlistId, sid, 0, wav);
  const fin = await api(agent, 'POST', `${uploads(playlistId)}/${sid}/finalize`, {});
  assert.equal(fin.status, 200, brief(fin.body, 400));
  return fin.body.data.track;
}

test('update, reorder, delete-tracks and delete carry client_op_id in data as the original does', async () => {
  const { id } = await createPlaylist(agent, 'Echoes');
  const first = await addTrack(id, 'One.wav', 440);
  const second = await addTrack(id, 'Two.wav', 660);

  const renamed = await api(agent, 'PUT', `/api/playlists/${id}`, { title: 'Echoes 2', client_op_id: 'put-1' });
  assert.equal(renamed.status, 200, brief(renamed.body, 400));
  assert.equal(renamed.body.data.client_op_id, 'put-1', `PUT data: ${brief(renamed.body.data, 400)}`);
  assert.equal(renamed.body.client_op_id, 'put-1', 'still at the top as well');
  assert.equal(renamed.body.data.title, 'Echoes 2', 'the playlist our page reads is kept');
  const quiet = await api(agent, 'PUT', `/api/playlists/${id}`, { title: 'Echoes 3' });
  assert.equal(quiet.status, 200);
  assert.ok(!('client_op_id' in quiet.body.data), `no client_op_id given, none answered: ${brief(quiet.body.data, 300)}`);

  const reordered = await api(agent, 'POST', `/api/playlists/${id}/reorder`,
    { track_order: [second.id, first.id], client_op_id: 'reorder-1' });
  assert.equal(reordered.status, 200, brief(reordered.body, 400));
  assert.equal(reordered.body.data.playlist_id, id, 'the original answers {playlist_id, client_op_id}');
  assert.equal(reordered.body.data.client_op_id, 'reorder-1');
  assert.deepEqual(reordered.body.data.tracks.map((t) => t.id), [second.id, first.id]);

  const removed = await api(agent, 'DELETE', `/api/playlists/${id}/tracks`, { track_numbers: [2], client_op_id: 'tracks-1' });
  assert.equal(removed.status, 200, brief(removed.body, 400));
  assert.equal(removed.body.data.client_op_id, 'tracks-1');
  assert.deepEqual(removed.body.data.tracks.map((t) => t.id), [second.id]);

  const gone = await api(agent, 'DELETE', `/api/playlists/${id}`, { client_op_id: 'delete-1' });
  assert.equal(gone.status, 200, brief(gone.body, 400));
  assert.equal(gone.body.data.client_op_id, 'delete-1');
  assert.equal(gone.body.data.playlist_id, id);
});
