// Scenario 4: changes reach every client in the room exactly once.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, collect, probe, api,
  createPlaylist, renamePlaylist, joinPlaylists, joinPlaylist,
} from '../lib/agent.mjs';
import { assertStrictlyIncreasing, opId } from '../lib/protocol.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

function countBy(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

test('an HTTP change reaches the other client once (WebSocket and polling clients)', async () => {
  const { id: kept } = await createPlaylist(agent, 'Shared');
  const a = await connect(agent, { transports: ['websocket'] });
  const b = await connect(agent, { transports: ['polling'] });
  for (const s of [a, b]) {
    await joinPlaylists(s);
    await joinPlaylist(s, kept);
  }
  const seenA = collect(a);
  const seenB = collect(b);

  const ops = { create: opId('create'), rename: opId('update'), remove: opId('delete') };
  const { id: temp } = await createPlaylist(agent, 'Two clients', { client_op_id: ops.create });
  await renamePlaylist(agent, kept, 'Shared renamed', { client_op_id: ops.rename });
  assert.equal((await api(agent, 'POST', '/api/playlists/sync', {})).status, 200);
  const del = await api(agent, 'DELETE', `/api/playlists/${temp}`, { client_op_id: ops.remove });
  assert.ok([200, 204].includes(del.status), `DELETE answered ${del.status}`);
  const { id: marker } = await createPlaylist(agent, 'Marker');

  const expected = ['state:playlist_created', 'state:playlist_updated', 'state:playlist', 'state:playlists',
    'state:playlist_deleted', 'state:playlist_created'];
  const isMarker = (e) => e.name === 'state:playlist_created' && e.payload.data?.playlist_id === marker;
  await Promise.all([seenA, seenB].map((seen) => seen.waitFor((ev) => ev.some(isMarker), { what: 'the marker event' })));
  await Promise.all([probe(a), probe(b)]);
  seenA.stop();
  seenB.stop();

  const stateEvents = (seen) => seen.events.filter((e) => e.name.startsWith('state:'));
  for (const [label, seen] of [['A (websocket)', seenA], ['B (polling)', seenB]]) {
    const events = stateEvents(seen);
    const dupes = [...countBy(events.map((e) => e.payload.event_id))].filter(([, n]) => n > 1);
    assert.deepEqual(dupes, [], `${label}: event_ids received more than once`);
    assert.deepEqual(events.map((e) => e.name).sort(), [...expected].sort(), `${label}: one event per change`);
    assertStrictlyIncreasing(events.map((e) => e.payload), label);
    const acks = countBy(seen.of('ack:op').map((x) => x.client_op_id));
    assert.deepEqual(Object.fromEntries(acks), { [ops.create]: 1, [ops.rename]: 1, [ops.remove]: 1 }, `${label}: ack:op once per operation`);
  }
  assert.deepEqual(stateEvents(seenA), stateEvents(seenB), 'both clients got the same envelopes in the same order');
  a.disconnect();
  b.disconnect();
});
