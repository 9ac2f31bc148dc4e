// Scenario 5: malformed payloads on every client event get a failed ack or sync:error, change
// nothing, and leave the socket and the agent serving.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, nextEvent, collect, probe, api, brief,
  createPlaylist, renamePlaylist, joinPlaylists, joinPlaylist, listPlaylists,
} from '../lib/agent.mjs';

const MB = 'x'.repeat(1024 * 1024);

let agent;
let playlistId;
let watcher;
before(async () => {
  agent = await startAgent();
  ({ id: playlistId } = await createPlaylist(agent, 'Malformed target', { description: 'must not change' }));
  watcher = await connect(agent);
  await joinPlaylists(watcher);
  await joinPlaylist(watcher, playlistId);
});
after(async () => { disconnectAll(); await agent?.stop(); });

/** Non-object payloads: strings, numbers, arrays, booleans, a 1 MB string. */
const NOT_OBJECTS = ['playlists', 42, [], [{}], true, MB];

/**
 * Runs every case on one socket (a fresh one after a disconnect) and checks the answer of each.
 * `answer`: the one event that must come back (checked by `check`), or null when no particular answer
 * is required; `allowed`: other events that may come back. Every case is followed by a client_ping
 * that must be answered. Reports all failing cases together. Asserts afterwards that the playlists,
 * the global server_seq and the watcher's rooms saw no change. Resolves with the (still open) socket.
 */
async function runCases(cases, { transports = ['websocket'] } = {}) {
  const playlistsBefore = await listPlaylists(agent);
  const seqBefore = (await probe(watcher)).server_seq;
  const watched = collect(watcher);
  const failures = [];
  let socket = await connect(agent, { transports });
  for (const { event, args, answer, check, allowed = [] } of cases) {
    const label = `${event} ${args.map((a) => brief(a, 80)).join(', ')}`;
    const seen = collect(socket);
    try {
      socket.emit(event, ...args);
      if (answer) await seen.waitFor((ev) => ev.some((e) => e.name === answer), { what: `${answer} after ${label}` });
      await probe(socket);
      const names = seen.names().filter((n) => n !== 'client_pong');
      const unexpected = names.filter((n) => n !== answer && !allowed.includes(n));
      assert.deepEqual(unexpected, [], `unexpected events: ${unexpected.join(', ')}`);
      if (answer) {
        assert.equal(names.filter((n) => n === answer).length, 1, `one ${answer}`);
        check(seen.of(answer)[0]);
      }
    } catch (err) {
      const last = seen.events.find((e) => e.name === answer);
      failures.push(`${label}: ${err.message.split('\n')[0]}${last ? ` (got ${brief(last.payload, 200)})` : ''}`);
      if (!socket.connected) socket = await connect(agent, { transports });
    } finally {
      seen.stop();
    }
  }
  const pong = await probe(watcher);
  watched.stop();
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} malformed payloads were mishandled:\n  ${failures.join('\n  ')}`);
  assert.deepEqual(watched.names(), ['client_pong'], 'no broadcast reached the rooms');
  assert.equal(pong.server_seq, seqBefore, 'server_seq did not move');
  assert.deepEqual(await listPlaylists(agent), playlistsBefore, 'playlists unchanged');
  assert.equal((await api(agent, 'GET', '/api/health')).status, 200, 'agent still healthy');
  return socket;
}

const failedAck = (room) => (ack) => {
  assert.equal(ack.success, false, `success must be false: ${brief(ack, 200)}`);
  assert.equal(typeof ack.message, 'string', 'a failed ack carries a message');
  if (room && 'room' in ack) assert.equal(ack.room, room);
};

const syncError = (payload) => {
  assert.equal(typeof payload.error, 'string', `sync:error.error must be a string: ${brief(payload, 200)}`);
  assert.ok(payload.error.length > 0);
};

function badPlaylistCases(event, answer) {
  const badIds = [undefined, 42, null, [playlistId], { id: playlistId }, '', MB];
  return [
    ...badIds.map((value) => ({
      event, args: [value === undefined ? {} : { playlist_id: value }], answer, check: failedAck(),
    })),
    ...[...NOT_OBJECTS, null].map((value) => ({ event, args: [value], answer, check: failedAck() })),
    { event, args: [], answer, check: failedAck() },
  ];
}

test('join:playlist and leave:playlist with a missing, mistyped, empty or 1 MB playlist_id get a failed ack', async () => {
  await runCases([
    ...badPlaylistCases('join:playlist', 'ack:join'),
    // the real id, but not inside an object
    { event: 'join:playlist', args: [playlistId], answer: 'ack:join', check: failedAck() },
    ...badPlaylistCases('leave:playlist', 'ack:leave'),
  ]);
});

test('leave:playlist with an id that is no playlist gets a failed ack that names it', async () => {
  const unknown = 'no-such-playlist';
  await runCases([
    {
      event: 'leave:playlist', args: [{ playlist_id: unknown }], answer: 'ack:leave',
      check: (ack) => {
        failedAck(`playlist:${unknown}`)(ack);
        assert.match(ack.message, /not found/i);
        assert.equal(ack.playlist_id, unknown);
      },
    },
  ]);
});

test('join:playlists, leave:playlists and join:nfc with non-object payloads get a failed ack', async () => {
  await runCases([
    ...NOT_OBJECTS.map((value) => ({ event: 'join:playlists', args: [value], answer: 'ack:join', check: failedAck('playlists') })),
    ...NOT_OBJECTS.map((value) => ({ event: 'leave:playlists', args: [value], answer: 'ack:leave', check: failedAck('playlists') })),
    ...NOT_OBJECTS.map((value) => ({ event: 'join:nfc', args: [value], answer: 'ack:join', check: failedAck('nfc') })),
  ]);
});

test('malformed sync:request gets sync:error, replays nothing and joins no room', async () => {
  const rooms = ['playlists', `playlist:${playlistId}`];
  const socket = await runCases([
    ...[ 'abc', '5', -1, MB, [0], { n: 0 }].map((seq) => ({
      event: 'sync:request', args: [{ last_global_seq: seq, requested_rooms: rooms }], answer: 'sync:error', check: syncError,
    })),
    ...['playlists', [1], [null], [['playlists']], { 0: 'playlists' }, ['bogus-room'], ['playlists', 'bogus-room'], [MB]].map((requested) => ({
      event: 'sync:request', args: [{ last_global_seq: 0, requested_rooms: requested }], answer: 'sync:error', check: syncError,
    })),
    ...NOT_OBJECTS.map((value) => ({ event: 'sync:request', args: [value], answer: 'sync:error', check: syncError })),
  ]);

  // None of the rejected requests joined the socket to a room: room events pass it by.
  const seen = collect(socket);
  const roomEvent = nextEvent(watcher, 'state:playlist', { filter: (e) => e.playlist_id === playlistId });
  const created = nextEvent(watcher, 'state:playlist_created');
  await renamePlaylist(agent, playlistId, 'Malformed target renamed');
  await createPlaylist(agent, 'Malformed sync barrier');
  await Promise.all([roomEvent, created]);
  await probe(socket);
  seen.stop();
  assert.deepEqual(seen.names(), ['client_pong'], 'the socket is in no room after rejected sync:requests');
});

test('junk on client_ping, health_check, client:request_current_state and unknown events keeps the socket serving', async () => {
  const junk = [...NOT_OBJECTS, null, { timestamp: MB }, { timestamp: 'now' }];
  await runCases([
    ...junk.map((value) => ({ event: 'client_ping', args: [value], answer: null, allowed: [] })),
    ...junk.map((value) => ({ event: 'health_check', args: [value], answer: null, allowed: ['health_status'] })),
    // a reply, if any, goes to this socket only (the watcher must see nothing)
    ...junk.map((value) => ({ event: 'client:request_current_state', args: [value], answer: null, allowed: ['state:player'] })),
    { event: 'no_such_event', args: [{ x: 1 }], answer: null },
    { event: 'no_such_event', args: [MB], answer: null },
    { event: 'join:playlists', args: [{}, 'extra', MB], answer: null, allowed: ['state:playlists', 'state:player', 'ack:join'] },
  ]);
});

test('malformed payloads over polling, including 1 MB strings, get their failed answers', async () => {
  await runCases([
    { event: 'join:playlist', args: [{ playlist_id: 42 }], answer: 'ack:join', check: failedAck() },
    { event: 'join:playlist', args: [{ playlist_id: MB }], answer: 'ack:join', check: failedAck() },
    { event: 'join:playlists', args: [MB], answer: 'ack:join', check: failedAck('playlists') },
    { event: 'sync:request', args: [{ last_global_seq: 'abc' }], answer: 'sync:error', check: syncError },
    { event: 'sync:request', args: [MB], answer: 'sync:error', check: syncError },
  ], { transports: ['polling'] });
});
