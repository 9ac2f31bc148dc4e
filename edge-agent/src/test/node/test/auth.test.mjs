// Parent access control: changes need the parent access token over HTTP (Authorization: Bearer) and
// Socket.IO (auth: {token}); looking does not; wrong tokens are rate limited per device.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  test, startAgent, connect, disconnectAll, request, api, createPlaylist, listPlaylists, PARENT_TOKEN,
} from '../lib/agent.mjs';
import { assertErrorEnvelope } from '../lib/protocol.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

test('HTTP changes without the token are refused with 401 and change nothing; with it they work', async () => {
  const refused = await api(agent, 'POST', '/api/playlists', { title: 'Child was here' }, { token: null });
  assertErrorEnvelope(refused, 401);
  assert.equal(refused.body.error_type, 'unauthorized');
  assertErrorEnvelope(await api(agent, 'POST', '/api/playlists', { title: 'Guess' }, { token: 'not-the-token' }), 401);
  assert.deepEqual((await listPlaylists(agent)).map((p) => p.title), [], 'nothing was created');

  const id = (await createPlaylist(agent, 'Bedtime')).id;
  assertErrorEnvelope(await api(agent, 'DELETE', `/api/playlists/${id}`, {}, { token: null }), 401);
  assertErrorEnvelope(await api(agent, 'POST', '/api/player/volume', { volume: 90 }, { token: null }), 401);
  assert.equal((await api(agent, 'GET', `/api/playlists/${id}`, undefined, { token: null })).status, 200, 'looking is open');
  assert.equal((await api(agent, 'GET', '/api/health', undefined, { token: null })).status, 200);
  assert.equal((await api(agent, 'POST', '/api/nfc/simulator/tags/04a22b1c', undefined, { token: null })).status, 200,
    'the simulated reader stands in for a child\'s hand and needs no token');
  assert.equal((await api(agent, 'DELETE', `/api/playlists/${id}`, {})).status, 200, 'with the token');
});

test('Socket.IO changes without the token get err:op; with it ack:op; watching works either way', async () => {
  const id = (await createPlaylist(agent, 'Songs')).id;
  const child = await connect(agent, { auth: null });
  const refused = await request(child, 'start_nfc_link', [{ playlist_id: id, client_op_id: 'child-1' }], 'err:op');
  assert.equal(refused.error_type, 'unauthorized');
  assert.equal(refused.client_op_id, 'child-1');
  const joined = await request(child, 'join:playlists', [{}], 'ack:join');
  assert.equal(joined.success, true, 'a child\'s page can still watch');

  const wrong = await connect(agent, { auth: { token: 'wrong-token' } });
  assert.equal((await request(wrong, 'player:sleep_timer', [{ minutes: 5 }], 'err:op')).error_type, 'unauthorized');

  const parent = await connect(agent);
  const ok = await request(parent, 'start_nfc_link', [{ playlist_id: id, client_op_id: 'parent-1' }], 'ack:op');
  assert.equal(ok.client_op_id, 'parent-1');
  await request(parent, 'stop_nfc_link', [{ playlist_id: id }], 'ack:op');
});

test('ten wrong tokens lock the device out for a while, even with the right token', async () => {
  const locked = await startAgent();
  try {
    for (let i = 0; i < 10; i++) {
      assertErrorEnvelope(await api(locked, 'POST', '/api/playlists', { title: 'x' }, { token: `guess-${i}` }), 401);
    }
    const after = await api(locked, 'POST', '/api/playlists', { title: 'x' });
    assertErrorEnvelope(after, 429);
    assert.equal(after.body.error_type, 'rate_limit_error');
  } finally {
    await locked.stop();
  }
});

test('a box started without OMB_AUTH_TOKEN makes no token: it says in one line that it is new, and refuses changes until set up', async () => {
  const fresh = await startAgent({ env: { OMB_AUTH_TOKEN: '' } });
  try {
    assert.match(fresh.log, /This box is new: open http:\/\/\S+:\d+\/ on a phone on the same network/);
    assert.doesNotMatch(fresh.log, /access token \(shown once/);
    const refused = await api(fresh, 'POST', '/api/playlists', { title: 'x' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error_type, 'setup_required');
    const stored = execFileSync('sqlite3', [join(fresh.dataDir, 'library.db'),
      "SELECT COUNT(*) FROM box_meta WHERE key LIKE 'auth.%'"]).toString().trim();
    assert.equal(stored, '0', 'nothing of a token is stored');
  } finally {
    await fresh.stop();
  }
});
