// A tag's name (PUT /api/nfc/tags/{tag_id}/name) reaches every page in room playlists as state:tag_named, numbered
// like a playlist's change, so a page that was away gets it back with sync:request; a refused name sends nothing.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, reconnect, disconnectAll, nextEvent, collect, probe, syncRequest, api, createPlaylist,
  joinPlaylists,
} from '../lib/agent.mjs';
import { assertErrorEnvelope } from '../lib/protocol.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

test('naming a tag sends state:tag_named to room playlists, and a page that was away gets it replayed', async () => {
  const { id } = await createPlaylist(agent, 'Animals');
  assert.equal((await api(agent, 'POST', '/api/nfc/associate', { playlist_id: id, tag_id: '04a22b1c' })).status, 200);
  const a = await connect(agent);
  const b = await connect(agent);
  await joinPlaylists(a);
  await joinPlaylists(b);

  const heard = nextEvent(b, 'state:tag_named');
  const named = await api(agent, 'PUT', '/api/nfc/tags/04a22b1c/name', { name: 'Lion card' });
  assert.equal(named.status, 200, JSON.stringify(named.body));
  const event = await heard;
  assert.deepEqual(event.data, { tag_id: '04a22b1c', name: 'Lion card', playlist_id: id });
  assert.equal(event.event_type, 'state:tag_named');
  assert.ok(Number.isInteger(event.server_seq), 'numbered');

  // Refused names send nothing.
  const quiet = collect(b, ['state:tag_named']);
  assertErrorEnvelope(await api(agent, 'PUT', '/api/nfc/tags/04a22b1c/name', { name: '' }), 400);
  assertErrorEnvelope(await api(agent, 'PUT', '/api/nfc/tags/04a22b1c/name', { name: 'x'.repeat(41) }), 400);
  assertErrorEnvelope(await api(agent, 'PUT', '/api/nfc/tags/04a22b1c/name', { name: 'Lion' }, { token: 'wrong' }), 401);
  await probe(b);
  quiet.stop();
  assert.deepEqual(quiet.events, [], 'no event for a refused name');

  const lastSeen = (await probe(a)).server_seq;
  a.disconnect();
  const again = nextEvent(b, 'state:tag_named');
  assert.equal((await api(agent, 'PUT', '/api/nfc/tags/04a22b1c/name', { name: 'Big lion' })).status, 200);
  const missed = await again;
  await reconnect(a);
  const { replayed, end } = await syncRequest(a, { last_global_seq: lastSeen, requested_rooms: ['playlists'] });
  assert.equal(end.name, 'sync:complete');
  const names = replayed.filter((e) => e.name === 'state:tag_named');
  assert.equal(names.length, 1, replayed.map((e) => e.name).join(', '));
  assert.deepEqual(names[0].payload, missed, 'the very envelope B heard');
  assert.equal(names[0].payload.data.name, 'Big lion');
});
