// Scenario 1, part 1: connection, ping, rooms, current state and health, over WebSocket;
// then the connect/join flow again over polling only.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, nextEvent, collect, probe, request, api,
  createPlaylist, renamePlaylist, joinPlaylists, joinPlaylist, listPlaylists,
} from '../lib/agent.mjs';
import {
  assertEnvelope, assertPlaylistEnvelope, assertEpochMs, assertSeq, assertFreshPlayerState,
  assertPlaylistLite, assertFullPlaylist,
} from '../lib/protocol.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

/** Asserts the join:playlists answer: state:playlists, state:player, ack:join, all at the current seq. */
function assertJoinPlaylistsAnswer(joined, currentSeq) {
  assert.deepEqual(joined.order, ['state:playlists', 'state:player', 'ack:join'], 'answer order of join:playlists');
  assertEnvelope(joined.playlists, 'state:playlists');
  assert.ok(Array.isArray(joined.playlists.data.playlists), 'state:playlists data.playlists must be an array');
  joined.playlists.data.playlists.forEach(assertPlaylistLite);
  assertEnvelope(joined.player, 'state:player');
  assertFreshPlayerState(joined.player.data);
  assert.equal(joined.ack.room, 'playlists', 'ack:join.room');
  assert.equal(joined.ack.success, true, 'ack:join.success');
  assert.equal(joined.ack.server_seq, currentSeq, 'ack:join.server_seq is the current seq');
  assert.equal(joined.playlists.server_seq, currentSeq, 'snapshot state:playlists carries the current server_seq');
  assert.equal(joined.player.server_seq, currentSeq, 'snapshot state:player carries the current server_seq');
  assert.notEqual(joined.playlists.event_id, joined.player.event_id, 'snapshots have distinct event_ids');
}

test('connection_status on connect over WebSocket', async () => {
  const socket = await connect(agent);
  assert.equal(socket.io.engine.transport.name, 'websocket');
  const status = socket.connectionStatus;
  assert.equal(status.status, 'connected');
  assert.equal(typeof status.sid, 'string');
  assert.equal(status.sid, socket.id, 'connection_status.sid is the Socket.IO socket id the client sees');
  assertSeq(status.server_seq, 'connection_status.server_seq');
  assertEpochMs(status.server_time, 'connection_status.server_time');
  socket.disconnect();
});

test('client_ping is answered with client_pong', async () => {
  const socket = await connect(agent);
  const stamp = Date.now() - 1234;
  const pong = await request(socket, 'client_ping', [{ timestamp: stamp }], 'client_pong');
  assert.equal(pong.timestamp, stamp, 'client_pong echoes the timestamp');
  assertEpochMs(pong.server_time, 'client_pong.server_time');
  assert.equal(pong.server_seq, socket.connectionStatus.server_seq, 'nothing happened since connect: same server_seq');

  const bare = await request(socket, 'client_ping', [{}], 'client_pong');
  assertEpochMs(bare.server_time, 'client_pong.server_time (no timestamp sent)');
  assertSeq(bare.server_seq, 'client_pong.server_seq');
  socket.disconnect();
});

test('join:playlists answers state:playlists, state:player, ack:join in that order', async () => {
  const first = await connect(agent);
  const fresh = await joinPlaylists(first);
  assertJoinPlaylistsAnswer(fresh, first.connectionStatus.server_seq);
  assert.deepEqual(fresh.playlists.data.playlists, [], 'a fresh box has no playlists');

  const { id } = await createPlaylist(agent, 'Join snapshot', { description: 'seen in the snapshot' });
  const second = await connect(agent);
  const joined = await joinPlaylists(second);
  assertJoinPlaylistsAnswer(joined, second.connectionStatus.server_seq);
  const item = joined.playlists.data.playlists.find((p) => p.id === id);
  assert.ok(item, `snapshot lists the new playlist ${id}`);
  assert.equal(item.title, 'Join snapshot');
  assert.equal(item.description, 'seen in the snapshot');
  assert.equal(item.nfc_tag_id, null);
  assert.equal(item.track_count, 0);
  assert.deepEqual(joined.playlists.data.playlists.map((p) => p.id).sort(), (await listPlaylists(agent)).map((p) => p.id).sort(),
    'snapshot holds the same playlists as GET /api/playlists');
  assert.ok(joined.ack.server_seq > fresh.ack.server_seq, 'creating a playlist advanced server_seq');
  first.disconnect();
  second.disconnect();
});

test('join:playlists without a payload, as the protocol document emits it, is accepted', async () => {
  const socket = await connect(agent);
  const ack = nextEvent(socket, 'ack:join');
  socket.emit('join:playlists');
  assert.equal((await ack).success, true);
  socket.disconnect();
});

test('join:playlist answers state:playlist then ack:join; unknown id gets a failed ack only', async () => {
  const { id } = await createPlaylist(agent, 'Join one', { description: 'room test' });
  const socket = await connect(agent);
  const joined = await joinPlaylist(socket, id);
  assert.deepEqual(joined.order, ['state:playlist', 'ack:join'], 'answer order of join:playlist');
  assertPlaylistEnvelope(joined.playlist, 'state:playlist', id);
  assertFullPlaylist(joined.playlist.data, id);
  assert.equal(joined.playlist.data.title, 'Join one');
  assert.deepEqual(joined.playlist.data.tracks, []);
  assert.equal(joined.playlist.server_seq, socket.connectionStatus.server_seq, 'snapshot carries the current server_seq');
  assert.equal(joined.ack.room, `playlist:${id}`, 'ack:join.room');
  assert.equal(joined.ack.playlist_id, id, 'ack:join.playlist_id');
  assert.equal(joined.ack.success, true, 'ack:join.success');
  assert.equal(joined.ack.server_seq, socket.connectionStatus.server_seq, 'ack:join.server_seq');
  assert.equal(joined.ack.playlist_seq, joined.playlist.playlist_seq, 'ack:join.playlist_seq equals the snapshot playlist_seq');

  const seen = collect(socket);
  const unknown = await request(socket, 'join:playlist', [{ playlist_id: 'no-such-playlist' }], 'ack:join');
  assert.equal(unknown.success, false, `unknown playlist: ${JSON.stringify(unknown)}`);
  assert.equal(typeof unknown.message, 'string');
  await probe(socket);
  assert.deepEqual(seen.of('state:playlist'), [], 'no state:playlist for an unknown playlist');
  seen.stop();
  socket.disconnect();
});

test('join:nfc, leave:playlists and leave:playlist; a socket that left gets no more room events', async () => {
  const { id } = await createPlaylist(agent, 'Leave test');
  const leaver = await connect(agent);
  const stayer = await connect(agent);

  const nfc = await request(leaver, 'join:nfc', [{}], 'ack:join');
  assert.equal(nfc.room, 'nfc');
  assert.equal(nfc.success, true);

  await joinPlaylists(leaver);
  await joinPlaylists(stayer);
  await joinPlaylist(leaver, id);
  await joinPlaylist(stayer, id);

  const leftAll = await request(leaver, 'leave:playlists', [{}], 'ack:leave');
  assert.equal(leftAll.room, 'playlists');
  assert.equal(leftAll.success, true);
  const leftOne = await request(leaver, 'leave:playlist', [{ playlist_id: id }], 'ack:leave');
  assert.equal(leftOne.room, `playlist:${id}`);
  assert.equal(leftOne.playlist_id, id);
  assert.equal(leftOne.success, true);

  const leaverSeen = collect(leaver);
  const created = nextEvent(stayer, 'state:playlist_created');
  const updated = nextEvent(stayer, 'state:playlist_updated', { filter: (e) => e.data?.playlist_id === id });
  const roomEvent = nextEvent(stayer, 'state:playlist', { filter: (e) => e.playlist_id === id });
  await createPlaylist(agent, 'After leaving');
  await renamePlaylist(agent, id, 'Leave test renamed');
  await Promise.all([created, updated, roomEvent]);
  await probe(leaver);
  assert.deepEqual(leaverSeen.names(), ['client_pong'], 'the socket that left received no room events');
  leaverSeen.stop();
  leaver.disconnect();
  stayer.disconnect();
});

test('leave:playlist still leaves the room of a playlist deleted meanwhile', async () => {
  const { id } = await createPlaylist(agent, 'Deleted while watched');
  const socket = await connect(agent);
  await joinPlaylist(socket, id);
  const deleted = await api(agent, 'DELETE', `/api/playlists/${id}`, {});
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  const left = await request(socket, 'leave:playlist', [{ playlist_id: id }], 'ack:leave');
  assert.equal(left.success, true, JSON.stringify(left));
  assert.equal(left.room, `playlist:${id}`);
  const again = await request(socket, 'leave:playlist', [{ playlist_id: id }], 'ack:leave');
  assert.equal(again.success, false, 'out of the room and no such playlist: a failed ack');
  assert.equal(typeof again.message, 'string');
  socket.disconnect();
});

test('client:request_current_state answers state:player to that socket only', async () => {
  const asker = await connect(agent);
  const other = await connect(agent);
  await joinPlaylists(asker);
  await joinPlaylists(other);
  const otherSeen = collect(other, ['state:player']);

  const { server_seq: current } = await probe(asker);
  const reply = await request(asker, 'client:request_current_state', [{}], 'state:player');
  assertEnvelope(reply, 'state:player');
  assertFreshPlayerState(reply.data);
  assert.equal(reply.server_seq, current, 'current-state reply carries the current server_seq');

  const bare = await request(asker, 'client:request_current_state', [], 'state:player');
  assertEnvelope(bare, 'state:player');
  assert.notEqual(bare.event_id, reply.event_id);

  await probe(other);
  assert.deepEqual(otherSeen.events, [], 'the other socket in room playlists got no state:player');
  otherSeen.stop();
  asker.disconnect();
  other.disconnect();
});

test('health_check is answered with health_status', async () => {
  const socket = await connect(agent);
  const health = await request(socket, 'health_check', [{}], 'health_status');
  assert.ok(['healthy', 'degraded', 'unhealthy'].includes(health.status), `health_status.status: ${JSON.stringify(health.status)}`);
  assert.equal(health.components?.database, 'connected', `components.database: ${JSON.stringify(health.components)}`);
  assert.equal(typeof health.components.audio, 'string', 'components.audio');
  assert.equal(typeof health.components.nfc, 'string', 'components.nfc');
  assertEpochMs(health.timestamp, 'health_status.timestamp');
  socket.disconnect();
});

test('connect, join and room events over polling only', async () => {
  const { id } = await createPlaylist(agent, 'Polling room');
  const socket = await connect(agent, { transports: ['polling'] });
  assert.equal(socket.io.engine.transport.name, 'polling');
  assert.equal(socket.connectionStatus.status, 'connected');
  assert.equal(socket.connectionStatus.sid, socket.id);
  assertSeq(socket.connectionStatus.server_seq, 'connection_status.server_seq');
  assertEpochMs(socket.connectionStatus.server_time, 'connection_status.server_time');

  const pong = await request(socket, 'client_ping', [{ timestamp: 42 }], 'client_pong');
  assert.equal(pong.timestamp, 42);

  const joined = await joinPlaylists(socket);
  assertJoinPlaylistsAnswer(joined, socket.connectionStatus.server_seq);
  assert.ok(joined.playlists.data.playlists.some((p) => p.id === id));

  const room = await joinPlaylist(socket, id);
  assert.deepEqual(room.order, ['state:playlist', 'ack:join']);
  assertFullPlaylist(room.playlist.data, id);

  const created = nextEvent(socket, 'state:playlist_created');
  const roomEvent = nextEvent(socket, 'state:playlist', { filter: (e) => e.playlist_id === id });
  const { id: newId } = await createPlaylist(agent, 'Created while polling');
  await renamePlaylist(agent, id, 'Polling room renamed');
  assert.equal((await created).data.playlist_id, newId);
  assert.equal((await roomEvent).data.title, 'Polling room renamed');

  const health = await request(socket, 'health_check', [{}], 'health_status');
  assert.equal(typeof health.status, 'string');
  assert.equal(socket.io.engine.transport.name, 'polling', 'still on polling');
  socket.disconnect();
});
