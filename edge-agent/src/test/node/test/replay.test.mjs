// Scenario 2: a client that was away catches up with sync:request; a bounded history answers
// sync:error when it no longer holds everything the client missed.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, reconnect, disconnectAll, nextEvent, collect, probe, syncRequest,
  createPlaylist, renamePlaylist, joinPlaylists, listPlaylists,
} from '../lib/agent.mjs';
import { assertStrictlyIncreasing } from '../lib/protocol.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

/**
 * Client A joins room playlists and B stays there; A goes away while `happen()` runs, then comes back.
 * Resolves with {lastSeenByA, missed}: `missed` is every event B received while A was away.
 */
async function missWhileAway(a, b, expectedCount, happen) {
  const aSeen = collect(a);
  await probe(a);
  aSeen.stop();
  const seqs = aSeen.events.map((e) => e.payload?.server_seq).filter(Number.isInteger);
  const lastSeenByA = Math.max(a.connectionStatus.server_seq, ...seqs);

  a.disconnect();
  const live = collect(b);
  await happen();
  await live.waitFor((ev) => ev.length >= expectedCount, { timeoutMs: 15_000, what: `${expectedCount} events on client B` });
  await probe(b);
  live.stop();
  const missed = live.events.filter((e) => e.name !== 'client_pong');
  assert.equal(missed.length, expectedCount, `client B received ${missed.length} events, expected ${expectedCount}`);
  await reconnect(a);
  return { lastSeenByA, missed };
}

test('a reconnecting client gets exactly the 50 events it missed, in order, then sync:complete', async () => {
  const a = await connect(agent);
  const b = await connect(agent);
  await joinPlaylists(a);
  await joinPlaylists(b);
  const seenBefore = [a, b].map((s) => nextEvent(s, 'state:playlist_created'));
  await createPlaylist(agent, 'Seen by A before leaving');
  await Promise.all(seenBefore);

  const { lastSeenByA, missed } = await missWhileAway(a, b, 50, async () => {
    for (let i = 0; i < 25; i++) {
      const { id } = await createPlaylist(agent, `Away ${i}`);
      await renamePlaylist(agent, id, `Away ${i} renamed`);
    }
  });
  assert.deepEqual(missed.map((e) => e.name),
    Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 'state:playlist_created' : 'state:playlist_updated')));
  assertStrictlyIncreasing(missed.map((e) => e.payload), 'live events on B');
  assert.ok(missed[0].payload.server_seq > lastSeenByA, 'B saw only events after the last one A saw');
  // The global seq also counted the state:playlist events of the playlist:<id> rooms nobody joined.
  const { server_seq: current } = await probe(b);
  assert.ok(current >= missed[49].payload.server_seq);
  assert.equal(a.connectionStatus.server_seq, current, 'connection_status on reconnect reports the current seq');

  const { replayed, end } = await syncRequest(a, { last_global_seq: lastSeenByA, requested_rooms: ['playlists'] });
  assert.equal(replayed.length, 50, `replayed ${replayed.length} events: ${replayed.map((e) => e.name).join(', ')}`);
  assert.deepEqual(replayed.map((e) => e.payload.event_id), missed.map((e) => e.payload.event_id), 'same event_ids, same order');
  assert.deepEqual(replayed, missed, 'replayed envelopes are the original envelopes');
  assert.equal(end.name, 'sync:complete', `ended with ${end.name}: ${JSON.stringify(end.payload)}`);
  assert.deepEqual(end.payload.synced_rooms, ['playlists']);
  assert.equal(end.payload.current_global_seq, current);
  assert.equal(end.payload.server_seq, current);
  a.disconnect();
  b.disconnect();
});

test('with OMB_SYNC_HISTORY_SIZE=10, 10 missed events replay and 20 get sync:error', async () => {
  const small = await startAgent({ env: { OMB_SYNC_HISTORY_SIZE: '10' } });
  try {
    const a = await connect(small);
    const b = await connect(small);
    await joinPlaylists(a);
    await joinPlaylists(b);

    const ten = await missWhileAway(a, b, 10, async () => {
      for (let i = 0; i < 10; i++) await createPlaylist(small, `Ten ${i}`);
    });
    const held = await syncRequest(a, { last_global_seq: ten.lastSeenByA, requested_rooms: ['playlists'] });
    assert.equal(held.end.name, 'sync:complete', `10 missed events fit a history of 10: got ${held.end.name} ${JSON.stringify(held.end.payload)}`);
    assert.deepEqual(held.replayed, ten.missed);

    const twenty = await missWhileAway(a, b, 20, async () => {
      for (let i = 0; i < 20; i++) await createPlaylist(small, `Twenty ${i}`);
    });
    const seen = collect(a);
    const tooOld = await syncRequest(a, { last_global_seq: twenty.lastSeenByA, requested_rooms: ['playlists'] });
    assert.equal(tooOld.end.name, 'sync:error', `expected sync:error, got ${tooOld.end.name} ${JSON.stringify(tooOld.end.payload)}`);
    assert.equal(tooOld.end.payload.error, 'Sequence too old, full refresh required');
    assert.deepEqual(tooOld.end.payload.requested_rooms, ['playlists']);
    assert.deepEqual(tooOld.replayed, [], 'nothing replayed before sync:error');
    await probe(a);
    seen.stop();
    assert.deepEqual(seen.names(), ['sync:error', 'client_pong'], 'nothing replayed after sync:error either');

    // The full refresh the error asks for works.
    const refreshed = await joinPlaylists(a);
    assert.equal(refreshed.playlists.data.playlists.length, (await listPlaylists(small)).length);
    assert.equal(refreshed.ack.server_seq, (await probe(b)).server_seq);
    a.disconnect();
    b.disconnect();
  } finally {
    await small.stop();
  }
});
