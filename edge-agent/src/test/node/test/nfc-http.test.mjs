// The NFC HTTP API of the original (differences in docs/protocol.md) against the same links and
// sessions as Socket.IO.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, nextEvent, collect, probe, request, api, createPlaylist, joinPlaylists,
} from '../lib/agent.mjs';
import { assertErrorEnvelope } from '../lib/protocol.mjs';

let agent;
let parent;
let songs;
let stories;

before(async () => {
  agent = await startAgent();
  songs = (await createPlaylist(agent, 'Songs')).id;
  stories = (await createPlaylist(agent, 'Stories')).id;
  parent = await connect(agent);
  await request(parent, 'join:nfc', [{}], 'ack:join');
});
after(async () => { disconnectAll(); await agent?.stop(); });

test('associate, find the playlist by tag, refuse a second playlist without force, move with force, unlink', async () => {
  const linked = await api(agent, 'POST', '/api/nfc/associate', { playlist_id: songs, tag_id: '04:a2:2b:1c', client_op_id: 'a1' });
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  assert.equal(linked.body.client_op_id, 'a1');
  assert.deepEqual(
    { tag: linked.body.data.association.tag_id, playlist: linked.body.data.association.playlist_id, title: linked.body.data.association.playlist_title },
    { tag: '04a22b1c', playlist: songs, title: 'Songs' });

  const found = await api(agent, 'GET', '/api/playlists/nfc/04a22b1c');
  assert.equal(found.status, 200);
  assert.equal(found.body.data.playlist.id, songs);

  const conflict = await api(agent, 'POST', '/api/nfc/associate', { playlist_id: stories, tag_id: '04a22b1c' });
  assertErrorEnvelope(conflict, 409);
  assert.equal(conflict.body.details.existing_playlist.id, songs);
  assert.equal((await api(agent, 'GET', '/api/playlists/nfc/04a22b1c')).body.data.playlist.id, songs, 'nothing moved');

  const moved = await api(agent, 'POST', '/api/nfc/associate', { playlist_id: stories, tag_id: '04a22b1c', force: true });
  assert.equal(moved.status, 200);
  assert.equal((await api(agent, 'GET', `/api/playlists/${songs}`)).body.data.nfc_tag_id, null, 'one tag, one playlist');

  const removed = await api(agent, 'DELETE', '/api/nfc/associate/04a22b1c', {});
  assert.equal(removed.status, 200);
  assertErrorEnvelope(await api(agent, 'GET', '/api/playlists/nfc/04a22b1c'), 404);
  assertErrorEnvelope(await api(agent, 'DELETE', '/api/nfc/associate/04a22b1c'), 404);
});

test('the original paths for linking and unlinking a playlist work too', async () => {
  assert.equal((await api(agent, 'POST', `/api/playlists/nfc/cafe1234/associate/${songs}`)).status, 200);
  assert.equal((await api(agent, 'GET', `/api/playlists/${songs}`)).body.data.nfc_tag_id, 'cafe1234');
  assert.equal((await api(agent, 'DELETE', `/api/playlists/nfc/${songs}`)).status, 200);
  assert.equal((await api(agent, 'GET', `/api/playlists/${songs}`)).body.data.nfc_tag_id, null);
  assertErrorEnvelope(await api(agent, 'DELETE', `/api/playlists/nfc/${songs}`), 404);
});

test('scan opens a linking session that status lists and a tag completes; cancel ends one', async () => {
  const listening = nextEvent(parent, 'nfc_status', { filter: (e) => e.state === 'listening' });
  const scan = await api(agent, 'POST', '/api/nfc/scan', { playlist_id: songs, timeout_ms: 30000 });
  assert.equal(scan.status, 200, JSON.stringify(scan.body));
  assert.equal(scan.body.data.timeout_ms, 30000);
  const started = await listening;
  assert.equal(started.assoc_id, scan.body.data.scan_id);

  const status = await api(agent, 'GET', '/api/nfc/status');
  assert.equal(status.body.data.scanning, true);
  assert.equal(status.body.data.current_session_id, scan.body.data.scan_id);
  assert.equal(status.body.data.reader, 'simulated');
  assert.equal(status.body.data.active_sessions.length, 1);

  const success = nextEvent(parent, 'nfc_status', { filter: (e) => e.state === 'success' });
  await api(agent, 'POST', '/api/nfc/simulator/tags/beef0001');
  await success;
  await api(agent, 'DELETE', '/api/nfc/simulator/tags/beef0001');
  assert.equal((await api(agent, 'GET', '/api/playlists/nfc/beef0001')).body.data.playlist.id, songs);
  assert.equal((await api(agent, 'GET', '/api/nfc/status')).body.data.scanning, false);

  const second = await api(agent, 'POST', '/api/nfc/scan', { playlist_id: stories });
  // nfc_association_state goes to every socket: one that joined no room hears the cancel too
  const bystander = await connect(agent);
  const stopped = nextEvent(parent, 'nfc_status', { filter: (e) => e.state === 'stopped' });
  const cancelled = nextEvent(bystander, 'nfc_association_state', { filter: (e) => e.state === 'cancelled' });
  const cancel = await api(agent, 'DELETE', `/api/nfc/session/${second.body.data.scan_id}`, {});
  assert.equal(cancel.status, 200);
  assert.equal(cancel.body.data.session_id, second.body.data.scan_id);
  await stopped;
  const word = await cancelled;
  assert.equal(word.playlist_id, stories, 'the original frontend filters on playlist_id');
  assert.equal(word.assoc_id, second.body.data.scan_id);
  assert.equal(typeof word.message, 'string');
  assertErrorEnvelope(await api(agent, 'DELETE', `/api/nfc/session/${second.body.data.scan_id}`), 404);
});

test('a second scan for a playlist whose session is open is 409 conflict and changes nothing', async () => {
  const watcher = await connect(agent);
  await joinPlaylists(watcher);
  const first = await api(agent, 'POST', '/api/nfc/scan', { playlist_id: songs, timeout_ms: 30000 });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const before = (await api(agent, 'GET', '/api/nfc/status')).body.data;

  const heard = collect(parent, ['nfc_status', 'nfc_association_state']);
  const errOp = nextEvent(watcher, 'err:op', { filter: (e) => e.client_op_id === 'scan-again' });
  const again = await api(agent, 'POST', '/api/nfc/scan', { playlist_id: songs, timeout_ms: 120000, client_op_id: 'scan-again' });
  assertErrorEnvelope(again, 409);
  assert.equal(again.body.error_type, 'conflict');
  assert.equal(again.body.client_op_id, 'scan-again');
  assert.equal(again.body.details?.assoc_id, first.body.data.scan_id, 'the refusal names the open session');
  const told = await errOp;
  assert.equal(told.error_type, 'conflict');
  await probe(parent);
  heard.stop();
  assert.deepEqual(heard.names(), [], 'nothing announced');
  const after = (await api(agent, 'GET', '/api/nfc/status')).body.data;
  assert.equal(after.current_session_id, first.body.data.scan_id, 'same session');
  assert.equal(after.active_sessions[0].timeout_at, before.active_sessions[0].timeout_at, 'same deadline');

  assert.equal((await api(agent, 'DELETE', `/api/nfc/session/${first.body.data.scan_id}`, {})).status, 200);
  assert.equal((await api(agent, 'POST', '/api/nfc/scan', { playlist_id: songs })).status, 200, 'once stopped, a scan opens again');
  assert.equal((await api(agent, 'POST', '/api/nfc/scan', { playlist_id: stories })).status, 200,
    'another playlist takes the one reader over');
  assert.equal((await api(agent, 'GET', '/api/nfc/status')).body.data.active_sessions[0].playlist_id, stories);
  const last = (await api(agent, 'GET', '/api/nfc/status')).body.data.current_session_id;
  assert.equal((await api(agent, 'DELETE', `/api/nfc/session/${last}`, {})).status, 200);
});

test('bad NFC requests get 4xx error envelopes', async () => {
  const cases = [
    ['POST', '/api/nfc/associate', { playlist_id: songs }, 400],
    ['POST', '/api/nfc/associate', { playlist_id: songs, tag_id: 'zz' }, 400],
    ['POST', '/api/nfc/associate', { playlist_id: 'nope', tag_id: 'abcd1234' }, 404],
    ['POST', '/api/nfc/associate', { playlist_id: songs, tag_id: 'x'.repeat(1_000_000) }, 413],
    ['DELETE', '/api/nfc/associate/not-hex', {}, 400],
    ['GET', '/api/playlists/nfc/zz', undefined, 400],
    ['POST', '/api/nfc/scan', {}, 400],
    ['POST', '/api/nfc/scan', { playlist_id: songs, timeout_ms: 5 }, 400],
    ['POST', '/api/nfc/scan', { playlist_id: 'nope' }, 404],
  ];
  for (const [method, path, body, status] of cases) {
    assertErrorEnvelope(await api(agent, method, path, body), status);
  }
});
