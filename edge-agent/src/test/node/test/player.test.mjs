// The player over the protocol without audio files: the sleep timer over Socket.IO, state:player
// broadcasts for player changes, refusals of bad player requests over HTTP, and the per-address limit
// on player controls.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, nextEvent, request, api, joinPlaylists, createPlaylist, PARENT_TOKEN,
} from '../lib/agent.mjs';
import { assertEnvelope, assertErrorEnvelope, assertPlayerState } from '../lib/protocol.mjs';

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

/** An HTTP call sent from another loopback address (the agent listens on 127.0.0.1), as another device would. */
function fromAddress(address, method, path, body, { token = PARENT_TOKEN } = {}) {
  const url = new URL(agent.http + path);
  const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname, port: url.port, path: url.pathname, method, localAddress: address, timeout: 10_000,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
      },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => {
        let parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
        resolve({ status: res.statusCode, body: parsed, headers: res.headers });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} from ${address}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

test('the 31st player control in a minute from one address is 429 rate_limit_error; other addresses and tags are served', async () => {
  const child = '127.0.0.3';
  const controls = ['play', 'pause', 'stop', 'toggle', 'next', 'previous'];
  for (let i = 0; i < 30; i++) {
    const res = await fromAddress(child, 'POST', `/api/player/${controls[i % controls.length]}`, {});
    assert.ok(res.status !== 429 && res.status < 500, `control ${i + 1}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const refused = await fromAddress(child, 'POST', '/api/player/toggle', { client_op_id: 'hammer-31' });
  assertErrorEnvelope(refused, 429);
  assert.equal(refused.body.error_type, 'rate_limit_error');
  assert.equal(refused.body.message, 'Too many player control requests. Please slow down.');
  const retryAfter = Number(refused.headers['retry-after']);
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);

  const volume = await fromAddress(child, 'POST', '/api/player/volume', { volume: 10 });
  assert.equal(volume.status, 200, 'volume is not counted');
  const other = await fromAddress('127.0.0.4', 'POST', '/api/player/stop', {});
  assert.notEqual(other.status, 429, `another address is served: ${JSON.stringify(other.body)}`);

  // The reader is not a control the limit counts: a tag placed from the limited address is used.
  const target = (await createPlaylist(agent, 'Tagged while limited')).id;
  const scan = await api(agent, 'POST', '/api/nfc/scan', { playlist_id: target });
  assert.equal(scan.status, 200, JSON.stringify(scan.body));
  const linked = nextEvent(watcher, 'nfc_association_state', { filter: (e) => e.state === 'success' && e.playlist_id === target });
  assert.equal((await fromAddress(child, 'POST', '/api/nfc/simulator/tags/0badcafe', undefined, { token: null })).status, 200);
  await linked;
  assert.equal((await fromAddress(child, 'DELETE', '/api/nfc/simulator/tags/0badcafe', undefined, { token: null })).status, 200);
  assert.equal((await api(agent, 'GET', `/api/playlists/${target}`)).body.data.nfc_tag_id, '0badcafe');
});
