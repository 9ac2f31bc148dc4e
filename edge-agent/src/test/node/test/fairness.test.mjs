// Issue 12, finding 3: a flood of events from sockets without the parent token must not take the
// capacity the tag reader and the parent need. Two boxes: one with the event budgets switched off, so
// that the flood reaches the box thread and fills the guests' lane of its inbox (the lanes alone must
// keep a parent's change and a placed tag going), and one with the default budgets (the flood is
// dropped as it arrives, the flooders are told once and then disconnected). How fast the tag starts
// under a flood is measured by bench/faults, not here; here each step only has to happen, with a deadline.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { io } from 'socket.io-client';
import {
  test, startAgent, connect, disconnectAll, nextEvent, request, api, createPlaylist, joinPlaylists, PARENT_TOKEN,
} from '../lib/agent.mjs';
import { wavBytes } from '../lib/audio.mjs';

const FLOODERS = 20;
const TAG = 'f100d001';
const agents = [];
after(async () => { disconnectAll(); await Promise.all(agents.map((a) => a.stop())); });

/** A playlist with one track, linked to TAG. */
async function tagPlaylist(agent) {
  const { id } = await createPlaylist(agent, 'Tag songs');
  const wav = wavBytes({ seconds: 5 });
  const base = `/api/playlists/${id}/uploads`;
  const session = await api(agent, 'POST', `${base}/session`, { filename: 'song.wav', file_size: wav.length, chunk_size: wav.length });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  const sid = session.body.data.session_id;
  const form = new FormData();
  form.append('file', new Blob([wav]), 'blob');
  const chunk = await fetch(`${agent.http}${base}/${sid}/chunks/0`, { method: 'PUT', body: form, headers: { authorization: `Bearer ${PARENT_TOKEN}` } });
  assert.equal(chunk.status, 200, await chunk.text());
  const final = await api(agent, 'POST', `${base}/${sid}/finalize`, {});
  assert.equal(final.status, 200, JSON.stringify(final.body));
  const linked = await api(agent, 'POST', '/api/nfc/associate', { playlist_id: id, tag_id: TAG });
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  return id;
}

/**
 * FLOODERS sockets without the token, each sending `event` as fast as the client library lets it,
 * reconnecting when the box closes them. Returns {stop(), told, disconnects}.
 */
function flood(agent, event, payload) {
  let running = true;
  const stats = { told: 0, disconnects: 0 };
  const sockets = [];
  for (let i = 0; i < FLOODERS; i++) {
    const socket = io(agent.io, {
      path: '/socket.io', transports: ['websocket'], forceNew: true,
      reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 200,
    });
    socket.on('err:op', (e) => { if (e.error_type === 'rate_limit_error') stats.told++; });
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') { stats.disconnects++; if (running) socket.connect(); }
    });
    sockets.push(socket);
    (async () => {
      while (running) {
        // Only while connected: socket.io-client would otherwise buffer every emit in this process.
        if (socket.connected) for (let n = 0; n < 200; n++) socket.emit(event, payload);
        await new Promise((r) => setImmediate(r));
      }
    })();
  }
  return {
    stats,
    stop() { running = false; for (const s of sockets) s.close(); },
  };
}

/** Resolves once `pattern` shows up in the agent's log, or rejects at the deadline. */
async function logShows(agent, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(agent.log)) {
    if (Date.now() > deadline) throw new Error(`the agent's log never showed ${pattern} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A parent's change (HTTP and Socket.IO), health and a placed tag all get through. */
async function parentAndTagGetThrough(agent, tagPlaylistId, parent, watcher) {
  const health = await api(agent, 'GET', '/api/health', undefined, { token: null });
  assert.equal(health.status, 200, `health under the flood: ${JSON.stringify(health.body).slice(0, 300)}`);
  const created = await api(agent, 'POST', '/api/playlists', { title: 'Made during the flood' });
  assert.equal(created.status, 201, `a parent's create under the flood: ${JSON.stringify(created.body).slice(0, 300)}`);
  const sleep = await request(parent, 'player:sleep_timer', [{ minutes: 10 }], 'ack:op', { timeoutMs: 30_000 });
  assert.notEqual(sleep.data.sleep_timer_ends_at, null);

  const playing = nextEvent(watcher, 'state:player', {
    timeoutMs: 30_000, filter: (e) => e.data.is_playing && e.data.active_playlist_id === tagPlaylistId,
  });
  assert.equal((await api(agent, 'POST', `/api/nfc/simulator/tags/${TAG}`, undefined, { token: null })).status, 200);
  await playing;
  const paused = nextEvent(watcher, 'state:player', { timeoutMs: 30_000, filter: (e) => !e.data.is_playing });
  assert.equal((await api(agent, 'DELETE', `/api/nfc/simulator/tags/${TAG}`, undefined, { token: null })).status, 200);
  await paused;
}

test('with the budgets off, a flood fills the guests\' lane and a parent\'s change and a placed tag still get through', { timeout: 120_000 }, async () => {
  const agent = await startAgent({ env: {
    OMB_SOCKETIO_BUDGET_GUEST_PER_SECOND: '100000',
    OMB_SOCKETIO_BUDGET_GUEST_ADDRESS_PER_SECOND: '100000',
    OMB_SOCKETIO_BUDGET_FLOOD_DROPS: '100000000',
  } });
  agents.push(agent);
  const tagPlaylistId = await tagPlaylist(agent);
  const parent = await connect(agent);
  const watcher = await connect(agent);
  await joinPlaylists(watcher);

  // Small answers (a failed ack each), so that the flood loads the box thread rather than the
  // sockets' output; the budgets are what keep a flood's answers from queueing on the Netty threads.
  const flooding = flood(agent, 'join:playlist', { playlist_id: 'no-such-playlist' });
  try {
    // The flood has to reach the box for this to test the lanes: wait until the guests' lane is full.
    await logShows(agent, /The box's guest lane is full/, 60_000);
    await parentAndTagGetThrough(agent, tagPlaylistId, parent, watcher);
  } finally {
    flooding.stop();
  }
});

test('with the default budgets, flooders are told once a window, then disconnected, and the box serves the parent and the tag', { timeout: 120_000 }, async () => {
  const agent = await startAgent();
  agents.push(agent);
  const tagPlaylistId = await tagPlaylist(agent);
  const parent = await connect(agent);
  const watcher = await connect(agent);
  await joinPlaylists(watcher);

  const flooding = flood(agent, 'join:playlists', {});
  try {
    await logShows(agent, /Socket\.IO connection from 127\.0\.0\.1 closed: \d+ events over its budget/, 60_000);
    await parentAndTagGetThrough(agent, tagPlaylistId, parent, watcher);
    assert.ok(flooding.stats.told > 0, 'the flooders were told they are over budget');
    assert.ok(flooding.stats.disconnects > 0, 'flooders were disconnected');
    // The parent's own connection was never budgeted out.
    assert.equal(parent.connected, true);
  } finally {
    flooding.stop();
  }
  assert.doesNotMatch(agent.log, /guest lane is full/, 'the budgets kept the flood off the box thread');
});
