// The player over the protocol without audio files: the sleep timer over Socket.IO, state:player
// broadcasts for player changes, and refusals of bad player requests over HTTP.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, nextEvent, request, api, joinPlaylists, createPlaylist,
} from '../lib/agent.mjs';
import { assertEnvelope, assertPlayerState } from '../lib/protocol.mjs';

let agent;
let parent;
let watcher;

before(async () => {
  agent = await startAgent();
  parent = await connect(agent);
  watcher = await connect(agent);
  await joinPlaylists(watcher);
});
after(async () => { disconnectAll(); await agent?.stop(); });

test('player:sleep_timer sets and cancels the timer, answered with ack:op and announced as state:player', async () => {
  const announced = nextEvent(watcher, 'state:player', { filter: (e) => e.data.sleep_timer_ends_at !== null });
  const before = Date.now();
  const ack = await request(parent, 'player:sleep_timer', [{ minutes: 20, client_op_id: 'sleep-1' }], 'ack:op');
  assert.equal(ack.client_op_id, 'sleep-1');
  assertPlayerState(ack.data, 'ack:op data');
  const endsAt = Date.parse(ack.data.sleep_timer_ends_at);
  assert.ok(Math.abs(endsAt - (before + 20 * 60_000)) < 5_000, `ends at ${ack.data.sleep_timer_ends_at}`);
  const envelope = await announced;
  assertEnvelope(envelope, 'state:player');
  assert.equal(envelope.data.server_seq, envelope.server_seq, 'the state carries its own event number');

  const cancelled = nextEvent(watcher, 'state:player', { filter: (e) => e.data.sleep_timer_ends_at === null });
  const off = await request(parent, 'player:sleep_timer', [{ minutes: 0 }], 'ack:op');
  assert.equal(off.data.sleep_timer_ends_at, null);
  await cancelled;
});

test('bad sleep timers get err:op', async () => {
  for (const payload of [{}, { minutes: -1 }, { minutes: 100000 }, { minutes: '5' }, 'soon', { minutes: 'x'.repeat(1_000_000) }]) {
    const error = await request(parent, 'player:sleep_timer', [payload], 'err:op');
    assert.equal(error.success, false);
    assert.equal(error.error_type, 'validation_error', JSON.stringify(error).slice(0, 200));
  }
});

test('player requests that cannot be served get honest 4xx answers and change nothing', async () => {
  const empty = (await createPlaylist(agent, 'Nothing in it')).id;
  const cases = [
    ['POST', '/api/player/play', {}, 409],
    ['POST', '/api/player/next', {}, 409],
    ['POST', '/api/player/seek', { position_ms: 10 }, 409],
    ['POST', '/api/player/seek', { position_ms: -5 }, 400],
    ['POST', '/api/player/volume', { volume: 101 }, 400],
    ['POST', '/api/player/volume', { volume: 'loud' }, 400],
    ['POST', '/api/player/repeat', { mode: 'twice' }, 400],
    ['POST', '/api/player/shuffle', { enabled: 'yes' }, 400],
    ['POST', `/api/playlists/${empty}/start`, {}, 409],
    ['POST', '/api/playlists/no-such-playlist/start', {}, 404],
    ['POST', `/api/playlists/${empty}/play/0`, {}, 400],
    ['PUT', '/api/player/settings', { max_volume: 101 }, 400],
  ];
  const stateBefore = (await api(agent, 'GET', '/api/player/status')).body.data;
  for (const [method, path, body, status] of cases) {
    const res = await api(agent, method, path, body);
    assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.status, 'error');
    assert.equal(typeof res.body.message, 'string');
  }
  const stateAfter = (await api(agent, 'GET', '/api/player/status')).body.data;
  assert.equal(stateAfter.volume, stateBefore.volume);
  assert.equal(stateAfter.state, 'stopped');
});

test('volume and the maximum volume are announced and kept under the maximum', async () => {
  const volumeEvent = nextEvent(watcher, 'state:volume_changed', { filter: (e) => e.data.volume === 35 });
  const res = await api(agent, 'POST', '/api/player/volume', { volume: 35, client_op_id: 'vol-1' });
  assert.equal(res.status, 200);
  assert.equal(res.body.client_op_id, 'vol-1');
  assert.equal(res.body.data.volume, 35);
  await volumeEvent;
  const capped = nextEvent(watcher, 'state:volume_changed', { filter: (e) => e.data.volume === 20 });
  const settings = await api(agent, 'PUT', '/api/player/settings', { max_volume: 20 });
  assert.equal(settings.status, 200);
  assert.equal(settings.body.data.max_volume, 20);
  await capped;
  const louder = await api(agent, 'POST', '/api/player/volume', { volume: 90 });
  assert.equal(louder.body.data.volume, 20, 'never above the maximum');
  const read = await api(agent, 'GET', '/api/player/volume');
  assert.deepEqual(read.body.data, { volume: 20, max_volume: 20 });
});
