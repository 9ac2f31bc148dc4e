// Issue 12, Socket.IO half of the acceptance matrix: every event that changes the box, sent without
// the parent token, with a wrong one and with malformed auth, over WebSocket and polling, gets err:op
// (or its CONNECT is refused) and changes nothing. With reading closed (omb.auth.read-open=false),
// every read event gives nothing to such a client, even when it sends no auth object at all, ignores
// the refusal of its CONNECT or never sends one. The right token still works in the same tests.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, request, probe, api, createPlaylist, listPlaylists, joinPlaylists,
  collect, PARENT_TOKEN,
} from '../lib/agent.mjs';
import { openRaw } from '../lib/raw.mjs';

const TRANSPORTS = ['websocket', 'polling'];
// Generous budgets: these tests are about access, and must not be passed by the flood limits instead.
const NO_BUDGET_LIMITS = {
  OMB_SOCKETIO_BUDGET_GUEST_PER_SECOND: '100000',
  OMB_SOCKETIO_BUDGET_GUEST_ADDRESS_PER_SECOND: '100000',
  OMB_SOCKETIO_BUDGET_FLOOD_DROPS: '1000000',
};

/** auth values that are not an object holding a string token (sent raw: `40<json>`). */
const MALFORMED_AUTH = {
  'a string': '"x"',
  'an array': '[1,2]',
  'a number': '5',
  'a token that is a number': '{"token":5}',
  'JSON nested 3,000 levels deep': `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
  'broken JSON': '{"token":',
};

let open;
let closed;
let songs;
let stories;
let closedSongs;

before(async () => {
  [open, closed] = await Promise.all([
    startAgent({ env: NO_BUDGET_LIMITS }),
    startAgent({ env: { ...NO_BUDGET_LIMITS, OMB_AUTH_READ_OPEN: 'false' } }),
  ]);
  songs = (await createPlaylist(open, 'Songs')).id;
  stories = (await createPlaylist(open, 'Stories')).id;
  closedSongs = (await createPlaylist(closed, 'Closed songs')).id;
});
after(async () => { disconnectAll(); await Promise.all([open?.stop(), closed?.stop()]); });

/** Every client event that changes the box, with a payload that would change it if it were let through. */
function changes(playlistId) {
  return [
    ['start_nfc_link', { playlist_id: playlistId, timeout_s: 60, client_op_id: 'm-start' }],
    ['stop_nfc_link', { playlist_id: stories, client_op_id: 'm-stop' }],
    ['override_nfc_tag', { playlist_id: playlistId, tag_id: 'cafe0001', client_op_id: 'm-override' }],
    ['player:sleep_timer', { minutes: 30, client_op_id: 'm-sleep' }],
  ];
}

/** Every client event that reads the box. */
function reads(playlistId) {
  return [
    ['join:playlists', {}],
    ['join:playlist', { playlist_id: playlistId }],
    ['join:nfc', {}],
    ['sync:request', { last_global_seq: 0 }],
    ['client:request_current_state', {}],
    ['health_check', {}],
    ['client_ping', { timestamp: 42 }],
  ];
}

/** What a parent sees of the box: the library, the player, the linking session and server_seq. */
async function boxState(agent, parent) {
  const player = (await api(agent, 'GET', '/api/player/status')).body.data;
  const nfc = (await api(agent, 'GET', '/api/nfc/status')).body.data;
  return {
    playlists: (await listPlaylists(agent)).map((p) => ({ id: p.id, title: p.title, tag: p.nfc_tag_id, updated: p.updated_at })),
    player: { state: player.state, volume: player.volume, sleep: player.sleep_timer_ends_at ?? null },
    nfc: { scanning: nfc.scanning, session: nfc.current_session_id ?? null },
    seq: (await probe(parent)).server_seq,
  };
}

/**
 * Everything the server sent the raw session in answer to what it sent before this call: the
 * session shows the right token on the same connection (a second CONNECT), the guest lane of the
 * box is passed once (an HTTP read waits there), and a client_ping is answered; whatever the box
 * wrote to this connection before that pong has arrived by then. Returns the events that arrived
 * before the accepted CONNECT's answer, and the whole packet list.
 */
async function drain(agent, raw) {
  const from = raw.packets.length;
  raw.send(`40${JSON.stringify({ token: PARENT_TOKEN })}`);
  await raw.waitFor((ps) => ps.slice(from).some((p) => p.startsWith('40{')), 'the answer to the CONNECT with the right token');
  assert.equal((await api(agent, 'GET', '/api/player/status')).status, 200);
  const stamp = Date.now();
  raw.emit('client_ping', { timestamp: stamp });
  await raw.waitFor((ps) => ps.some((p) => p.startsWith('42["client_pong"') && JSON.parse(p.slice(2))[1].timestamp === stamp),
    'client_pong after the CONNECT with the right token');
  const accepted = raw.packets.findIndex((p, i) => i >= from && p.startsWith('40{'));
  return { packets: raw.packets.slice(), accepted };
}

/** Socket.IO events among `packets`, with their position. */
function eventsOf(packets) {
  return packets.map((p, i) => ({ p, i })).filter(({ p }) => p.startsWith('42'))
    .map(({ p, i }) => ({ i, name: JSON.parse(p.slice(2))[0], payload: JSON.parse(p.slice(2))[1] }));
}

/**
 * Asserts that a refused (or never admitted) session got nothing but unauthorized err:op answers
 * before it showed the right token, and after it only connection_status, state:setup and the drain's pong.
 */
function assertGotNothing(label, { packets, accepted }) {
  const problems = [];
  for (const { i, name, payload } of eventsOf(packets)) {
    if (name === 'err:op' && payload.error_type === 'unauthorized') continue;
    // state:setup says only whether the box is set up and its name, as the open GET /api/setup does.
    if (i > accepted && (name === 'connection_status' || name === 'client_pong' || name === 'state:setup')) continue;
    problems.push(`${name} ${JSON.stringify(payload).slice(0, 120)}`);
  }
  assert.deepEqual(problems, [], `${label}: a client without the token got data`);
  assert.equal(packets.slice(0, accepted).filter((p) => p.startsWith('40')).length, 0,
    `${label}: no CONNECT was accepted before the right token was shown`);
}

test('open reading: every change without the token, with a wrong one or an empty auth gets err:op and changes nothing (WebSocket and polling)', async () => {
  const parent = await connect(open);
  await request(parent, 'start_nfc_link', [{ playlist_id: stories, timeout_s: 120 }], 'ack:op');
  const watcher = await connect(open);
  await joinPlaylists(watcher);
  await request(watcher, 'join:nfc', [{}], 'ack:join');
  const heard = collect(watcher);
  const before = await boxState(open, parent);
  assert.equal(before.nfc.scanning, true, 'a parent\'s linking session is open, for stop_nfc_link to try to end');

  for (const transport of TRANSPORTS) {
    for (const [label, auth] of [['no auth object', null], ['an empty auth', {}], ['a wrong token', { token: 'wrong-token' }]]) {
      const socket = await connect(open, { transports: [transport], auth });
      for (const [event, payload] of changes(songs)) {
        const error = await request(socket, event, [payload], 'err:op');
        assert.equal(error.error_type, 'unauthorized', `${event} with ${label} over ${transport}: ${JSON.stringify(error)}`);
        assert.equal(error.client_op_id, payload.client_op_id, 'the client_op_id is echoed');
        assert.equal(error.success, false);
      }
      socket.disconnect();
    }
  }
  assert.deepEqual(await boxState(open, parent), before, 'nothing changed');
  assert.deepEqual(heard.names().filter((n) => n !== 'client_pong'), [], 'nothing was announced');

  // The same changes with the right token go through: the refusals above were the access check.
  const ack = await request(parent, 'player:sleep_timer', [{ minutes: 30, client_op_id: 'p-sleep' }], 'ack:op');
  assert.notEqual(ack.data.sleep_timer_ends_at, null);
  await request(parent, 'player:sleep_timer', [{ minutes: 0 }], 'ack:op');
  await request(parent, 'stop_nfc_link', [{ playlist_id: stories }], 'ack:op');
  heard.stop();
});

test('open reading: malformed auth is refused at CONNECT with a message, and events sent anyway change nothing', async () => {
  const parent = await connect(open);
  const before = await boxState(open, parent);
  const logFrom = open.log.length;
  for (const transport of TRANSPORTS) {
    for (const [label, auth] of Object.entries(MALFORMED_AUTH)) {
      const raw = await openRaw(open, transport);
      raw.send(`40${auth}`);
      await raw.waitFor((ps) => ps.some((p) => p.startsWith('44')), `the refusal of auth ${label} over ${transport}`);
      const refusal = JSON.parse(raw.packets.find((p) => p.startsWith('44')).slice(2));
      assert.equal(typeof refusal.message, 'string', `${label}: the refusal says why`);
      for (const [event, payload] of changes(songs)) raw.emit(event, payload);
      assertGotNothing(`auth ${label} over ${transport}`, await drain(open, raw));
      raw.close();
    }
  }
  assert.deepEqual(await boxState(open, parent), before, 'nothing changed');
  const logged = open.log.slice(logFrom);
  assert.doesNotMatch(logged, /\tat |Exception/, 'no stack trace in the log');
  assert.match(logged, /Socket\.IO connection from 127\.0\.0\.1 refused: auth must be an object/);
});

test('closed reading: socket.io-client without the right token gets connect_error, with it connection_status and the playlists', async () => {
  for (const transport of TRANSPORTS) {
    for (const [label, auth, why] of [
      ['no auth object', null, /needs the parent access token/],
      ['an empty auth', {}, /needs the parent access token/],
      ['a wrong token', { token: 'wrong-token' }, /Wrong parent access token/],
      ['a string auth', 'x', /auth must be an object/],
    ]) {
      await assert.rejects(connect(closed, { transports: [transport], auth }), why, `${label} over ${transport}`);
    }
    const parent = await connect(closed, { transports: [transport] });
    assert.equal(parent.connectionStatus.status, 'connected');
    const joined = await joinPlaylists(parent);
    assert.deepEqual(joined.playlists.data.playlists.map((p) => p.id), [closedSongs], 'the parent sees the playlists');
  }
});

test('closed reading: no read event gives anything to a client that was refused, sent no auth or never connected', async () => {
  const parent = await connect(closed);
  const before = await boxState(closed, parent);
  const ways = {
    'never sends a CONNECT': null,
    'sends a CONNECT without auth': '40',
    'sends auth null': '40null',
    'sends an empty auth': '40{}',
    'sends a wrong token': '40{"token":"wrong-token"}',
    'sends a large object without a token': `40${JSON.stringify({ junk: 'x'.repeat(200_000) })}`,
    ...Object.fromEntries(Object.entries(MALFORMED_AUTH).map(([label, auth]) => [`sends ${label} as auth`, `40${auth}`])),
  };
  for (const transport of TRANSPORTS) {
    for (const [label, connectPacket] of Object.entries(ways)) {
      const raw = await openRaw(closed, transport);
      if (connectPacket) {
        raw.send(connectPacket);
        await raw.waitFor((ps) => ps.some((p) => p.startsWith('44') || p.startsWith('40')), `the answer to the CONNECT (${label})`);
        const answer = raw.packets.find((p) => p.startsWith('44') || p.startsWith('40'));
        assert.ok(answer.startsWith('44'), `${label} over ${transport}: refused, got ${answer.slice(0, 80)}`);
      }
      for (const [event, payload] of [...reads(closedSongs), ...changes(closedSongs)]) raw.emit(event, payload);
      // A change after the reads: a client that had joined a room would hear about it.
      await createPlaylist(closed, `Made while ${label} over ${transport}`);
      assertGotNothing(`${label} over ${transport}`, await drain(closed, raw));
      raw.close();
    }
  }
  const after = await boxState(closed, parent);
  assert.deepEqual({ ...after, playlists: after.playlists.filter((p) => !p.title.startsWith('Made while')), seq: null },
    { ...before, seq: null }, 'nothing changed but the playlists the parent made');
});

test('closed reading: the right token connects over a raw session, and connection_status follows the CONNECT answer', async () => {
  for (const transport of TRANSPORTS) {
    const raw = await openRaw(closed, transport);
    raw.send(`40${JSON.stringify({ token: PARENT_TOKEN })}`);
    await raw.waitFor((ps) => ps.some((p) => p.startsWith('42["connection_status"')), `connection_status over ${transport}`);
    const connectAnswer = raw.packets.findIndex((p) => p.startsWith('40{'));
    const status = raw.packets.findIndex((p) => p.startsWith('42["connection_status"'));
    assert.ok(connectAnswer >= 0 && connectAnswer < status,
      `40{sid} (at ${connectAnswer}) comes before connection_status (at ${status}): ${raw.packets.join(' | ').slice(0, 300)}`);
    raw.emit('join:playlists', {});
    await raw.waitFor((ps) => ps.some((p) => p.startsWith('42["state:playlists"')), `state:playlists over ${transport}`);
    raw.close();
  }
});
