// Scenario 3: server_seq never goes backwards and playlists survive a SIGTERM and a kill -9.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, collect, probe,
  createPlaylist, renamePlaylist, joinPlaylists, listPlaylists,
} from '../lib/agent.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

const stored = []; // {id, title} of every playlist created in this file

/** Creates three playlists and renames one while a client watches; resolves with the highest seq seen. */
async function change(label) {
  const socket = await connect(agent);
  const { ack } = await joinPlaylists(socket);
  const seen = collect(socket);
  for (let i = 0; i < 3; i++) {
    const { id } = await createPlaylist(agent, `${label} ${i}`);
    stored.push({ id, title: `${label} ${i}` });
  }
  const renamed = stored[stored.length - 1];
  renamed.title = `${label} renamed`;
  await renamePlaylist(agent, renamed.id, renamed.title);
  await seen.waitFor((ev) => ev.filter((e) => e.name.startsWith('state:')).length === 4, { what: 'four change events' });
  const pong = await probe(socket);
  seen.stop();
  socket.disconnect();
  const seqs = seen.events.map((e) => e.payload?.server_seq).filter(Number.isInteger);
  return Math.max(ack.server_seq, pong.server_seq, ...seqs);
}

/** After a restart: seq not behind, next event ahead of everything seen, every playlist still there. */
async function assertSurvived(highestSeen) {
  const socket = await connect(agent);
  assert.ok(socket.connectionStatus.server_seq >= highestSeen,
    `connection_status.server_seq ${socket.connectionStatus.server_seq} went back below ${highestSeen}`);
  const joined = await joinPlaylists(socket);
  const snapshot = new Map(joined.playlists.data.playlists.map((p) => [p.id, p.title]));
  const listed = new Map((await listPlaylists(agent)).map((p) => [p.id, p.title]));
  for (const { id, title } of stored) {
    assert.equal(snapshot.get(id), title, `state:playlists after restart holds ${id} "${title}"`);
    assert.equal(listed.get(id), title, `GET /api/playlists after restart holds ${id} "${title}"`);
  }
  const next = collect(socket, ['state:playlist_created']);
  const { id } = await createPlaylist(agent, 'After restart probe');
  stored.push({ id, title: 'After restart probe' });
  await next.waitFor((ev) => ev.length === 1, { what: 'state:playlist_created after restart' });
  next.stop();
  const seq = next.events[0].payload.server_seq;
  assert.ok(seq > highestSeen, `first event after restart has server_seq ${seq}, not above ${highestSeen} seen before`);
  assert.ok(seq > socket.connectionStatus.server_seq, 'and above the seq reported on connect');
  socket.disconnect();
  return seq;
}

test('SIGTERM then restart on the same data directory', async () => {
  const highest = await change('Before SIGTERM');
  const exit = await agent.stop('SIGTERM');
  assert.ok(exit, 'agent exited on SIGTERM');
  agent = await startAgent({ dataDir: agent.dataDir });
  await assertSurvived(highest);
});

test('kill -9 then restart on the same data directory', async () => {
  const highest = await change('Before kill -9');
  await agent.kill9();
  agent = await startAgent({ dataDir: agent.dataDir });
  const seq = await assertSurvived(highest);

  // and once more straight after the restart, with nothing but one event since
  await agent.kill9();
  agent = await startAgent({ dataDir: agent.dataDir });
  await assertSurvived(seq);
});
