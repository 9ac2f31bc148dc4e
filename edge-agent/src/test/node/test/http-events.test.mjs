// Scenario 1, part 2: HTTP changes and the events, ack:op and err:op they cause.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, nextEvent, collect, probe, api,
  createPlaylist, renamePlaylist, joinPlaylists, joinPlaylist, listPlaylists,
} from '../lib/agent.mjs';
import {
  assertEnvelope, assertPlaylistEnvelope, assertFullPlaylist, assertSeq, assertStrictlyIncreasing,
  assertErrorEnvelope, opId,
} from '../lib/protocol.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

const hasEvent = (name, pred = () => true) => (events) => events.some((e) => e.name === name && pred(e.payload));
const allOf = (...preds) => (events) => preds.every((p) => p(events));

function assertAckOp(ack, clientOpId) {
  assert.equal(ack.client_op_id, clientOpId, 'ack:op.client_op_id');
  assert.equal(ack.success, true, 'ack:op.success');
  assertSeq(ack.server_seq, 'ack:op.server_seq');
}

function assertErrOp(err, clientOpId) {
  assert.equal(err.client_op_id, clientOpId, 'err:op.client_op_id');
  assert.equal(err.success, false, 'err:op.success');
  assert.equal(typeof err.message, 'string', 'err:op.message');
  assert.equal(typeof err.error_type, 'string', 'err:op.error_type');
  assertSeq(err.server_seq, 'err:op.server_seq');
}

test('create, update, delete and sync over HTTP emit their events to the right rooms', async () => {
  const socket = await connect(agent);
  await joinPlaylists(socket);
  const seen = collect(socket);

  // create
  const createOp = opId('create');
  const { id, res: createRes } = await createPlaylist(agent, 'HTTP events', { description: 'one', client_op_id: createOp });
  assert.equal(createRes.body.status, 'success');
  assert.equal(createRes.body.client_op_id, createOp, 'HTTP response echoes client_op_id');
  await seen.waitFor(allOf(
    hasEvent('state:playlist_created', (e) => e.data?.playlist_id === id),
    hasEvent('ack:op', (a) => a.client_op_id === createOp)), { what: 'state:playlist_created and ack:op' });
  const created = seen.of('state:playlist_created').find((e) => e.data.playlist_id === id);
  assertEnvelope(created, 'state:playlist_created');
  assert.equal(created.data.operation, 'create');
  assert.equal(created.data.playlist?.id, id, 'data.playlist.id');
  assert.equal(created.data.playlist.title, 'HTTP events');
  assert.equal(created.data.playlist.description, 'one');
  assertAckOp(seen.of('ack:op').find((a) => a.client_op_id === createOp), createOp);

  // join the playlist room; its snapshot is the baseline for playlist_seq
  const room = await joinPlaylist(socket, id);
  const snapshotId = room.playlist.event_id;
  let lastPlaylistSeq = room.playlist.playlist_seq;

  // two updates: state:playlist_updated to playlists, state:playlist to playlist:<id>
  for (const [n, body] of [[1, { title: 'HTTP events renamed' }], [2, { description: 'two' }]]) {
    const updateOp = opId(`update${n}`);
    const res = await api(agent, 'PUT', `/api/playlists/${id}`, { ...body, client_op_id: updateOp });
    assert.equal(res.status, 200, `PUT ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.client_op_id, updateOp, 'PUT response echoes client_op_id');
    await seen.waitFor(allOf(
      hasEvent('ack:op', (a) => a.client_op_id === updateOp),
      (ev) => ev.filter((e) => e.name === 'state:playlist_updated').length === n,
      (ev) => ev.filter((e) => e.name === 'state:playlist' && e.payload.event_id !== snapshotId).length === n,
    ), { what: `update ${n} events` });
    const updated = seen.of('state:playlist_updated')[n - 1];
    assertEnvelope(updated, 'state:playlist_updated');
    assert.equal(updated.data.playlist_id, id);
    assert.equal(updated.data.operation, 'update');
    assert.equal(updated.data.playlist?.title, 'HTTP events renamed');
    const roomEvent = seen.of('state:playlist').filter((e) => e.event_id !== snapshotId)[n - 1];
    assertPlaylistEnvelope(roomEvent, 'state:playlist', id);
    assertFullPlaylist(roomEvent.data, id);
    assert.equal(roomEvent.data.title, 'HTTP events renamed');
    assert.equal(roomEvent.data.description, n === 1 ? 'one' : 'two');
    assert.ok(roomEvent.playlist_seq > lastPlaylistSeq, `playlist_seq increases: ${roomEvent.playlist_seq} after ${lastPlaylistSeq}`);
    lastPlaylistSeq = roomEvent.playlist_seq;
    assertAckOp(seen.of('ack:op').find((a) => a.client_op_id === updateOp), updateOp);
  }

  // sync: full list to playlists
  const syncRes = await api(agent, 'POST', '/api/playlists/sync', {});
  assert.equal(syncRes.status, 200, JSON.stringify(syncRes.body));
  await seen.waitFor(hasEvent('state:playlists'), { what: 'state:playlists after POST /api/playlists/sync' });
  const synced = seen.of('state:playlists')[0];
  assertEnvelope(synced, 'state:playlists');
  assert.equal(synced.data.operation, 'sync');
  assert.deepEqual(synced.data.playlists.map((p) => p.id).sort(), (await listPlaylists(agent)).map((p) => p.id).sort(),
    'sync broadcasts every playlist');

  // delete
  const deleteOp = opId('delete');
  const delRes = await api(agent, 'DELETE', `/api/playlists/${id}`, { client_op_id: deleteOp });
  assert.ok([200, 204].includes(delRes.status), `DELETE answered ${delRes.status}: ${JSON.stringify(delRes.body)}`);
  await seen.waitFor(allOf(
    hasEvent('state:playlist_deleted', (e) => e.data?.playlist_id === id),
    hasEvent('ack:op', (a) => a.client_op_id === deleteOp)), { what: 'state:playlist_deleted and ack:op' });
  const deleted = seen.of('state:playlist_deleted')[0];
  assertEnvelope(deleted, 'state:playlist_deleted');
  assert.equal(deleted.data.operation, 'delete');
  assert.equal((await api(agent, 'GET', `/api/playlists/${id}`)).status, 404, 'deleted playlist is gone');

  await probe(socket);
  const changes = seen.events
    .filter((e) => e.name.startsWith('state:') && e.payload.event_id !== snapshotId)
    .map((e) => e.payload);
  assert.deepEqual(changes.map((e) => e.event_type).filter((t) => t !== 'state:playlist'),
    ['state:playlist_created', 'state:playlist_updated', 'state:playlist_updated', 'state:playlists', 'state:playlist_deleted'],
    'exactly one broadcast per change in room playlists');
  assertStrictlyIncreasing(changes, 'change events');
  seen.stop();
  socket.disconnect();
});

test('a failing HTTP operation answers a 4xx error envelope and err:op', async () => {
  const socket = await connect(agent);
  await joinPlaylists(socket);
  const before = await listPlaylists(agent);

  const updateOp = opId('update');
  const errUpdate = nextEvent(socket, 'err:op', { filter: (e) => e.client_op_id === updateOp });
  const res = await api(agent, 'PUT', '/api/playlists/no-such-playlist', { title: 'x', client_op_id: updateOp });
  assertErrorEnvelope(res, 404);
  assert.equal(res.body.error_type, 'not_found');
  assertErrOp(await errUpdate, updateOp);

  const createOp = opId('create');
  const errCreate = nextEvent(socket, 'err:op', { filter: (e) => e.client_op_id === createOp });
  const bad = await api(agent, 'POST', '/api/playlists', { description: 'no title', client_op_id: createOp });
  assertErrorEnvelope(bad, 400);
  assertErrOp(await errCreate, createOp);

  assert.deepEqual(await listPlaylists(agent), before, 'failed operations changed nothing');
  socket.disconnect();
});

test('repeating a POST with the same client_op_id creates one playlist', async () => {
  const socket = await connect(agent);
  await joinPlaylists(socket);
  const seen = collect(socket, ['state:playlist_created']);
  const op = opId('create');
  const body = { title: 'Once only', description: 'idempotent', client_op_id: op };

  const first = await api(agent, 'POST', '/api/playlists', body);
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const second = await api(agent, 'POST', '/api/playlists', body);
  assert.equal(second.status, first.status, `repeat answered ${second.status}: ${JSON.stringify(second.body)}`);
  assert.equal(second.body.client_op_id, op);
  assert.deepEqual(second.body.data, first.body.data, 'the repeat answers the same playlist');

  // A later change is a barrier: a duplicate state:playlist_created would have arrived before it.
  const { id: barrierId } = await createPlaylist(agent, 'Barrier');
  await seen.waitFor(hasEvent('state:playlist_created', (e) => e.data?.playlist_id === barrierId), { what: 'the barrier event' });
  const onceOnly = seen.of('state:playlist_created').filter((e) => e.data.playlist?.title === 'Once only');
  assert.equal(onceOnly.length, 1, `state:playlist_created for the repeated op: ${onceOnly.length}`);
  assert.equal((await listPlaylists(agent)).filter((p) => p.title === 'Once only').length, 1, 'one playlist stored');
  seen.stop();
  socket.disconnect();
});

test('PUT on a playlist reaches a socket that only joined its room', async () => {
  const { id } = await createPlaylist(agent, 'Room only');
  const socket = await connect(agent);
  await joinPlaylist(socket, id);
  const seen = collect(socket);
  await renamePlaylist(agent, id, 'Room only renamed');
  await seen.waitFor(hasEvent('state:playlist'), { what: 'state:playlist' });
  await probe(socket);
  assert.deepEqual(seen.names(), ['state:playlist', 'client_pong'], 'room playlist:<id> gets state:playlist only, not room playlists events');
  seen.stop();
  socket.disconnect();
});
