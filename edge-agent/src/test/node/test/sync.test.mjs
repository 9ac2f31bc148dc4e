// Scenario 1, part 3: sync:request semantics (rooms, filters, defaults), over WebSocket.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, nextEvent, collect, probe,
  createPlaylist, renamePlaylist, joinPlaylists, joinPlaylist, syncRequest,
} from '../lib/agent.mjs';
import { assertSeq } from '../lib/protocol.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

function assertComplete(end, rooms, currentSeq) {
  assert.equal(end.name, 'sync:complete', `expected sync:complete, got ${end.name} ${JSON.stringify(end.payload)}`);
  assert.deepEqual([...end.payload.synced_rooms].sort(), [...rooms].sort(), 'sync:complete.synced_rooms');
  assert.equal(end.payload.current_global_seq, currentSeq, 'sync:complete.current_global_seq');
  assertSeq(end.payload.server_seq, 'sync:complete.server_seq');
  assert.equal(end.payload.server_seq, currentSeq, 'sync:complete.server_seq');
}

test('sync:request replays the missed events of room playlists with their original envelopes', async () => {
  const watcher = await connect(agent);
  const { ack } = await joinPlaylists(watcher);
  const since = ack.server_seq;
  const live = collect(watcher, ['state:playlist_created']);
  await createPlaylist(agent, 'Missed one');
  await createPlaylist(agent, 'Missed two');
  await live.waitFor((ev) => ev.length === 2, { what: 'two state:playlist_created' });
  const current = live.events[1].payload.server_seq;

  const late = await connect(agent);
  assert.equal(late.connectionStatus.server_seq, current, 'connection_status reports the current seq');
  const { replayed, end } = await syncRequest(late, { last_global_seq: since, requested_rooms: ['playlists'] });
  assert.deepEqual(replayed, live.events, 'replay = the two live events, same envelopes, same order');
  assertComplete(end, ['playlists'], current);

  const upToDate = await syncRequest(late, { last_global_seq: current, requested_rooms: ['playlists'] });
  assert.deepEqual(upToDate.replayed, [], 'nothing to replay when up to date');
  assertComplete(upToDate.end, ['playlists'], current);

  const next = nextEvent(late, 'state:playlist_created');
  const { id } = await createPlaylist(agent, 'After sync');
  assert.equal((await next).data.playlist_id, id, 'sync:request joined the socket to room playlists');
  live.stop();
  watcher.disconnect();
  late.disconnect();
});

test('sync:request on a playlist room honours last_playlist_seqs and merges rooms in server_seq order', async () => {
  const { id } = await createPlaylist(agent, 'Seq filter');
  const room = `playlist:${id}`;
  const watcher = await connect(agent);
  await joinPlaylists(watcher);
  const { ack } = await joinPlaylist(watcher, id);
  const since = ack.server_seq;
  const live = collect(watcher, ['state:playlist', 'state:playlist_updated']);
  await renamePlaylist(agent, id, 'Seq filter v1');
  await renamePlaylist(agent, id, 'Seq filter v2');
  await live.waitFor((ev) => ev.length === 4, { what: 'two state:playlist and two state:playlist_updated' });
  const roomEvents = live.of('state:playlist');
  assert.ok(roomEvents[1].playlist_seq > roomEvents[0].playlist_seq, 'playlist_seq increases');
  const bySeq = [...live.events].sort((a, b) => a.payload.server_seq - b.payload.server_seq);
  const current = bySeq[3].payload.server_seq;

  const a = await connect(agent);
  const filtered = await syncRequest(a, {
    last_global_seq: since, last_playlist_seqs: { [id]: roomEvents[0].playlist_seq }, requested_rooms: [room],
  });
  assert.deepEqual(filtered.replayed, [{ name: 'state:playlist', payload: roomEvents[1] }],
    'only the state:playlist after the given playlist_seq');
  assertComplete(filtered.end, [room], current);

  const b = await connect(agent);
  const whole = await syncRequest(b, { last_global_seq: since, requested_rooms: [room] });
  assert.deepEqual(whole.replayed, roomEvents.map((payload) => ({ name: 'state:playlist', payload })),
    'without last_playlist_seqs, last_global_seq decides');

  const c = await connect(agent);
  const both = await syncRequest(c, { last_global_seq: since, requested_rooms: ['playlists', room] });
  assert.deepEqual(both.replayed, bySeq, 'events of both rooms, in server_seq order');
  assertComplete(both.end, ['playlists', room], current);

  live.stop();
  for (const s of [watcher, a, b, c]) s.disconnect();
});

test('sync:request without requested_rooms uses the rooms the socket is in, else playlists', async () => {
  const { id } = await createPlaylist(agent, 'Default rooms');
  const inRooms = await connect(agent);
  await joinPlaylists(inRooms);
  await joinPlaylist(inRooms, id);
  const { server_seq: current } = await probe(inRooms);
  const mine = await syncRequest(inRooms, { last_global_seq: current });
  assertComplete(mine.end, ['playlists', `playlist:${id}`], current);
  assert.deepEqual(mine.replayed, []);

  const bare = await connect(agent);
  const defaulted = await syncRequest(bare, { last_global_seq: current });
  assertComplete(defaulted.end, ['playlists'], current);
  const next = nextEvent(bare, 'state:playlist_created');
  const { id: newId } = await createPlaylist(agent, 'Default rooms 2');
  assert.equal((await next).data.playlist_id, newId, 'the socket was joined to room playlists');
  inRooms.disconnect();
  bare.disconnect();
});
