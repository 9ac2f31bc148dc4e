// Linking a tag to a playlist over Socket.IO (docs/protocol.md), with the simulated reader:
// start_nfc_link, a tag placed, a duplicate answered by override_nfc_tag, stop_nfc_link, a timeout,
// and malformed link requests.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, nextEvent, collect, probe, request, api, createPlaylist, listPlaylists,
} from '../lib/agent.mjs';
import { assertSeq } from '../lib/protocol.mjs';

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

const placeTag = (tag) => api(agent, 'POST', `/api/nfc/simulator/tags/${tag}`);
const liftTag = (tag) => api(agent, 'DELETE', `/api/nfc/simulator/tags/${tag}`);

/**
 * Waits for the nfc_status and nfc_association_state of one transition of a session; a stopped
 * session is 'cancelled' in nfc_association_state, the original's word.
 */
function transition(state, assocId) {
  const match = (word) => (p) => p.state === word && (!assocId || p.assoc_id === assocId);
  return Promise.all([
    nextEvent(parent, 'nfc_status', { filter: match(state) }),
    nextEvent(parent, 'nfc_association_state', { filter: match(state === 'stopped' ? 'cancelled' : state) }),
  ]);
}

async function tagOf(id) {
  const res = await api(agent, 'GET', `/api/playlists/${id}`);
  assert.equal(res.status, 200);
  return res.body.data.nfc_tag_id;
}

test('start link, place a tag: success, and the tag is linked without starting playback', async () => {
  const listening = transition('listening');
  const ack = request(parent, 'start_nfc_link', [{ playlist_id: songs, timeout_s: 30, client_op_id: 'link-1' }], 'ack:op');
  const [[status, assoc], answer] = await Promise.all([listening, ack]);
  assert.equal(answer.client_op_id, 'link-1');
  assert.equal(answer.success, true);
  assert.equal(answer.data.assoc_id, status.assoc_id, 'ack:op names the session');
  assert.equal(status.playlist_id, songs);
  assertSeq(status.server_seq, 'nfc_status.server_seq');
  assert.ok(Date.parse(status.timeout_at) - Date.parse(status.started_at) === 30_000, 'timeout_at is 30 s after started_at');
  assert.equal(assoc.playlist_id, songs);
  assert.equal(typeof assoc.message, 'string');
  assert.ok(!Number.isNaN(Date.parse(assoc.expires_at)), 'expires_at is an ISO-8601 time');

  const player = collect(parent, ['state:player']);
  const success = transition('success', status.assoc_id);
  await placeTag('04a22b1c');
  const [done, doneAssoc] = await success;
  assert.equal(done.tag_id, '04a22b1c');
  assert.ok(done.server_seq > status.server_seq, 'server_seq rises');
  assert.match(doneAssoc.message, /Songs/);
  assert.equal(await tagOf(songs), '04a22b1c');
  await probe(parent);
  player.stop();
  assert.deepEqual(player.names(), [], 'a tag used for linking starts no playback');
  await liftTag('04a22b1c');
});

test('the same tag for another playlist is a duplicate naming the owner; override moves it', async () => {
  const [[status]] = await Promise.all([
    transition('listening'),
    request(parent, 'start_nfc_link', [{ playlist_id: stories }], 'ack:op'),
  ]);
  const duplicate = transition('duplicate', status.assoc_id);
  await placeTag('04a22b1c');
  const [dupStatus, dupAssoc] = await duplicate;
  assert.equal(dupStatus.conflict_playlist_id, songs);
  assert.deepEqual(dupAssoc.existing_playlist, { id: songs, title: 'Songs' });
  assert.equal(dupAssoc.tag_id, '04a22b1c');
  assert.equal(await tagOf(songs), '04a22b1c', 'a duplicate moves nothing by itself');

  const success = transition('success', status.assoc_id);
  const ack = request(parent, 'override_nfc_tag', [{ playlist_id: stories, client_op_id: 'override-1' }], 'ack:op');
  await Promise.all([success, ack]);
  assert.equal(await tagOf(stories), '04a22b1c');
  assert.equal(await tagOf(songs), null, 'one tag, one playlist');
  await liftTag('04a22b1c');
});

test('override_nfc_tag with a tag id links it at once', async () => {
  const ack = request(parent, 'override_nfc_tag', [{ playlist_id: songs, tag_id: '04:A2:2B:1C', force: true }], 'ack:op');
  const [success] = await Promise.all([transition('success'), ack]);
  assert.equal(success[0].tag_id, '04a22b1c');
  assert.equal(await tagOf(songs), '04a22b1c');
});

test('stop_nfc_link ends the session; a later tag is not linked', async () => {
  const [[status]] = await Promise.all([
    transition('listening'),
    request(parent, 'start_nfc_link', [{ playlist_id: stories }], 'ack:op'),
  ]);
  const [[, cancelled]] = await Promise.all([
    transition('stopped', status.assoc_id),
    request(parent, 'stop_nfc_link', [{ assoc_id: status.assoc_id }], 'ack:op'),
  ]);
  assert.equal(cancelled.playlist_id, stories);
  const again = await request(parent, 'stop_nfc_link', [{ assoc_id: status.assoc_id, client_op_id: 'stop-2' }], 'err:op');
  assert.equal(again.client_op_id, 'stop-2');
  assert.equal(again.error_type, 'not_found');
  await placeTag('cafe1234');
  await probe(parent);
  const playlists = await listPlaylists(agent);
  assert.ok(playlists.every((p) => p.nfc_tag_id !== 'cafe1234'), 'no playlist got the tag');
  await liftTag('cafe1234');
});

test('start_nfc_link for a playlist whose session is open is err:op conflict and changes nothing', async () => {
  const [[status], ack] = await Promise.all([
    transition('listening'),
    request(parent, 'start_nfc_link', [{ playlist_id: songs, timeout_s: 30 }], 'ack:op'),
  ]);
  const heard = collect(parent, ['nfc_status', 'nfc_association_state']);
  const refused = await request(parent, 'start_nfc_link', [{ playlist_id: songs, timeout_s: 300, client_op_id: 'link-again' }], 'err:op');
  assert.equal(refused.client_op_id, 'link-again');
  assert.equal(refused.error_type, 'conflict');
  await probe(parent);
  heard.stop();
  assert.deepEqual(heard.names(), [], 'nothing announced');
  const open = (await api(agent, 'GET', '/api/nfc/status')).body.data.active_sessions;
  assert.equal(open.length, 1);
  assert.equal(open[0].assoc_id, status.assoc_id, 'same session');
  assert.equal(open[0].timeout_at, ack.data.timeout_at, 'same deadline');
  await Promise.all([
    transition('stopped', status.assoc_id),
    request(parent, 'stop_nfc_link', [{ playlist_id: songs }], 'ack:op'),
  ]);
});

test('a session left alone times out on time', async () => {
  const started = Date.now();
  const [[status]] = await Promise.all([
    transition('listening'),
    request(parent, 'start_nfc_link', [{ playlist_id: songs, timeout_s: 1 }], 'ack:op'),
  ]);
  const [timedOut] = await transition('timeout', status.assoc_id);
  const took = Date.now() - started;
  assert.ok(took >= 900 && took < 4_000, `timeout after ${took} ms for a 1 s session`);
  assert.equal(timedOut.playlist_id, songs);
});

test('malformed link requests get err:op and change nothing', async () => {
  const before = await listPlaylists(agent);
  const cases = [
    ['start_nfc_link', [{}]],
    ['start_nfc_link', [{ playlist_id: 42 }]],
    ['start_nfc_link', [{ playlist_id: 'x'.repeat(1_000_000) }]],
    ['start_nfc_link', [{ playlist_id: songs, timeout_s: 'soon' }]],
    ['start_nfc_link', [{ playlist_id: songs, timeout_s: 100000 }]],
    ['start_nfc_link', [{ playlist_id: 'no-such-playlist' }]],
    ['start_nfc_link', ['not an object']],
    ['stop_nfc_link', [{}]],
    ['stop_nfc_link', [[1, 2]]],
    ['override_nfc_tag', [{ tag_id: '04a22b1c' }]],
    ['override_nfc_tag', [{ playlist_id: songs, tag_id: 'zz' }]],
    ['override_nfc_tag', [{ playlist_id: songs, tag_id: 7 }]],
  ];
  for (const [event, args] of cases) {
    const error = await request(parent, event, args, 'err:op');
    assert.equal(error.success, false, `${event} ${JSON.stringify(args).slice(0, 80)}`);
    assert.equal(typeof error.message, 'string');
    assert.ok(error.message.length > 0 && error.message.length < 500, 'a short message, not the payload echoed');
    assert.equal(typeof error.error_type, 'string');
  }
  await probe(parent);
  assert.deepEqual(await listPlaylists(agent), before, 'playlists unchanged');
});
