// Issue 13: Socket.IO at /socket.io on the HTTP port as well (as the original serves it), with the same
// events, rooms, access checks, origins and caps as on the Socket.IO port, one set of clients for both,
// and the API still answering on the HTTP port's kept-alive connections around Engine.IO requests.
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { before, after } from 'node:test';
import WebSocket from 'ws';
import {
  test, startAgent, connect, disconnectAll, collect, request, api, createPlaylist, joinPlaylists, syncRequest,
  PARENT_TOKEN,
} from '../lib/agent.mjs';

const HANDSHAKE = '/socket.io/?EIO=4&transport=polling';

let agent;
let shared;
before(async () => {
  agent = await startAgent();
  shared = onHttpPort(agent);
});
after(async () => { disconnectAll(); await agent?.stop(); });

/** The same agent, with its Socket.IO clients pointed at the HTTP port. */
function onHttpPort(a) {
  return { ...a, io: a.http };
}

function hostPort(url) {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
}

/** Resolves once the engine of a polling socket has upgraded to WebSocket. */
function upgraded(socket, timeoutMs = 5_000) {
  const engine = socket.io.engine;
  if (engine.transport.name === 'websocket') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no upgrade to websocket within ${timeoutMs} ms`)), timeoutMs);
    engine.once('upgrade', () => { clearTimeout(timer); resolve(); });
  });
}

/**
 * A raw TCP connection that reads HTTP/1.1 responses one at a time (Content-Length or chunked
 * bodies), for what fetch hides: which connection a request went on and when the box closed it.
 */
async function rawHttp(url) {
  const socket = tcpConnect(hostPort(url));
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  let buffer = Buffer.alloc(0);
  let closed = false;
  const waiters = new Set();
  const wake = () => { for (const w of [...waiters]) w(); };
  socket.on('data', (chunk) => { buffer = Buffer.concat([buffer, chunk]); wake(); });
  socket.on('close', () => { closed = true; wake(); });
  socket.on('error', () => {});
  const until = (ready, what, timeoutMs = 5_000) => new Promise((resolve, reject) => {
    const check = () => {
      let value;
      try { value = ready(); } catch (err) { done(); reject(err); return; }
      if (value !== undefined) { done(); resolve(value); } else if (closed) { done(); reject(new Error(`connection closed before ${what}`)); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`no ${what} within ${timeoutMs} ms`)); }, timeoutMs);
    const done = () => { clearTimeout(timer); waiters.delete(check); };
    waiters.add(check);
    check();
  });
  const parse = () => {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const head = buffer.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(head[0].split(' ')[1]);
    const headers = Object.fromEntries(head.slice(1).map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
    }));
    let rest = buffer.subarray(end + 4);
    let body;
    if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      const parts = [];
      for (;;) {
        const line = rest.indexOf('\r\n');
        if (line < 0) return undefined;
        const size = parseInt(rest.subarray(0, line).toString('latin1'), 16);
        if (rest.length < line + 2 + size + 2) return undefined;
        parts.push(rest.subarray(line + 2, line + 2 + size));
        rest = rest.subarray(line + 2 + size + 2);
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (rest.length < length) return undefined;
      body = rest.subarray(0, length);
      rest = rest.subarray(length);
    }
    buffer = rest;
    return { status, headers, body: body.toString('utf8') };
  };
  return {
    send(method, path, headers = {}) {
      const lines = [`${method} ${path} HTTP/1.1`, `Host: ${new URL(url).host}`, 'Connection: keep-alive',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    },
    write(text) { socket.write(text); },
    response(what = 'a response') { return until(parse, what); },
    closedByBox(what = 'the box to close the connection') { return until(() => (closed ? true : undefined), what); },
    get open() { return !closed; },
    /** Bytes received and not yet read as a response. */
    get unread() { return buffer.length; },
    destroy() { socket.destroy(); },
  };
}

test('socket.io-client reaches the HTTP port over WebSocket, polling and polling upgraded; one change reaches clients of both ports alike', async () => {
  const clients = {
    'port 8001 (websocket)': await connect(agent, { transports: ['websocket'] }),
    'HTTP port, websocket': await connect(shared, { transports: ['websocket'] }),
    'HTTP port, polling': await connect(shared, { transports: ['polling'] }),
    'HTTP port, polling then upgrade': await connect(shared, { transports: ['polling', 'websocket'] }),
  };
  await upgraded(clients['HTTP port, polling then upgrade']);
  assert.equal(clients['HTTP port, polling'].io.engine.transport.name, 'polling');
  assert.equal(clients['HTTP port, websocket'].io.engine.transport.name, 'websocket');
  for (const [label, s] of Object.entries(clients)) {
    assert.equal(typeof s.connectionStatus.server_seq, 'number', `${label}: connection_status carries server_seq`);
    await joinPlaylists(s);
  }
  const seen = Object.fromEntries(Object.entries(clients).map(([label, s]) => [label, collect(s, ['state:playlist_created'])]));
  const { id } = await createPlaylist(agent, 'Heard on both ports');
  for (const [label, c] of Object.entries(seen)) {
    await c.waitFor((ev) => ev.some((e) => e.payload.data?.playlist_id === id), { what: `${label}: state:playlist_created` });
    c.stop();
  }
  const envelopes = Object.values(seen).map((c) => c.of('state:playlist_created'));
  for (const e of envelopes) assert.deepEqual(e, envelopes[0], 'every client got the same one envelope');
  assert.equal(envelopes[0].length, 1);
  for (const s of Object.values(clients)) s.disconnect();
});

test('join and sync:request replay work on the HTTP port', async () => {
  const watcher = await connect(shared, { transports: ['websocket'] });
  const { ack } = await joinPlaylists(watcher);
  const live = collect(watcher, ['state:playlist_created']);
  await createPlaylist(agent, 'Missed one');
  await createPlaylist(agent, 'Missed two');
  await live.waitFor((ev) => ev.length === 2, { what: 'two state:playlist_created' });
  const late = await connect(shared, { transports: ['polling'] });
  const { replayed, end } = await syncRequest(late, { last_global_seq: ack.server_seq, requested_rooms: ['playlists'] });
  assert.deepEqual(replayed, live.events, 'the two missed events, same envelopes, same order');
  assert.equal(end.name, 'sync:complete');
  live.stop();
  watcher.disconnect();
  late.disconnect();
});

test('on the HTTP port a change without the parent token gets err:op and the token works', async () => {
  for (const transports of [['websocket'], ['polling']]) {
    const guest = await connect(shared, { transports, auth: null });
    const refused = await request(guest, 'player:sleep_timer', [{ minutes: 30, client_op_id: 'g-sleep' }], 'err:op');
    assert.equal(refused.error_type, 'unauthorized', JSON.stringify(refused));
    assert.equal(refused.client_op_id, 'g-sleep');
    assert.equal((await api(agent, 'GET', '/api/player/status')).body.data.sleep_timer_ends_at ?? null, null,
      'the guest changed nothing');
    guest.disconnect();
  }
  const parent = await connect(shared, { transports: ['websocket'], auth: { token: PARENT_TOKEN } });
  const ack = await request(parent, 'player:sleep_timer', [{ minutes: 30, client_op_id: 'p-sleep' }], 'ack:op');
  assert.notEqual(ack.data.sleep_timer_ends_at, null);
  await request(parent, 'player:sleep_timer', [{ minutes: 0 }], 'ack:op');
  parent.disconnect();
});

test('on the HTTP port a foreign Origin is refused, the page\'s own origin is let in', async () => {
  const own = agent.http;
  const polling = async (origin) => {
    const res = await fetch(`${agent.http}${HANDSHAKE}`, { headers: { origin }, signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text() };
  };
  const foreign = await polling('http://evil.example');
  assert.equal(foreign.status, 403, foreign.body);
  assert.equal(JSON.parse(foreign.body).code, 4);
  const mine = await polling(own);
  assert.equal(mine.status, 200, mine.body);
  assert.match(mine.body, /^0\{"sid":/);

  const websocket = (origin) => new Promise((resolve) => {
    const ws = new WebSocket(`${agent.http.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { origin });
    ws.once('open', () => { ws.close(); resolve('open'); });
    ws.once('unexpected-response', (req, res) => { res.resume(); resolve(res.statusCode); });
    ws.once('error', (err) => resolve(`error ${err.message}`));
  });
  assert.equal(await websocket('http://evil.example'), 403);
  assert.equal(await websocket(own), 'open');
});

test('other spellings of /socket.io stay HTTP\'s and answer 404; they never reach Engine.IO', async () => {
  for (const path of ['/socket.io?EIO=4&transport=polling', '/socket%2Eio/?EIO=4&transport=polling',
    '/Socket.io/?EIO=4&transport=polling', '//socket.io/?EIO=4&transport=polling', '/socket.io/;x?EIO=4&transport=polling',
    '/socket.io/x?EIO=4&transport=polling', '/./socket.io/?EIO=4&transport=polling', '/socket.io/%3F?EIO=4&transport=polling']) {
    const raw = await rawHttp(agent.http);
    raw.send('GET', path);
    const res = await raw.response(`an answer to ${path}`);
    assert.equal(res.status, 404, `${path}: ${res.body}`);
    const body = JSON.parse(res.body);
    assert.equal(body.status, 'error', `${path} is answered by the API's router, with its envelope: ${res.body}`);
    raw.destroy();
  }
});

test('the API keeps answering on a kept-alive connection before an Engine.IO request, and after it on the next connection', async () => {
  const raw = await rawHttp(agent.http);
  for (let i = 0; i < 2; i++) {
    raw.send('GET', '/api/health');
    const health = await raw.response('the health answer');
    assert.equal(health.status, 200);
    assert.equal(JSON.parse(health.body).status, 'success');
  }
  assert.ok(raw.open, 'two API requests went on one kept-alive connection');
  raw.send('GET', HANDSHAKE);
  const open = await raw.response('the Engine.IO open packet');
  assert.equal(open.status, 200, open.body);
  const sid = JSON.parse(open.body.slice(1)).sid;
  assert.ok(sid, open.body);
  // As on the Socket.IO port, netty-socketio closes a polling connection after each answer.
  await raw.closedByBox();
  assert.equal(raw.unread, 0, 'nothing followed the answer');

  // The session lives on: its next poll goes on another connection, and so does the API.
  const next = await rawHttp(agent.http);
  next.send('POST', `${HANDSHAKE}&sid=${sid}`, { 'Content-Type': 'text/plain', 'Content-Length': '2' });
  next.write('40');
  const posted = await next.response('the answer to the CONNECT post');
  assert.equal(posted.status, 200, posted.body);
  const again = await rawHttp(agent.http);
  again.send('GET', '/api/health');
  assert.equal((await again.response('the health answer')).status, 200);
  again.send('GET', '/api/system/info');
  const info = await again.response('the system info');
  assert.equal(info.status, 200);
  assert.equal(JSON.parse(info.body).data.endpoints.socketio_path, '/socket.io');
  assert.ok(again.open);
  again.destroy();
  next.destroy();

  // fetch keeps its connections alive too: the API, Engine.IO and the API again all answer.
  assert.equal((await api(agent, 'GET', '/api/health')).status, 200);
  const handshake = await fetch(`${agent.http}${HANDSHAKE}`, { signal: AbortSignal.timeout(5_000) });
  assert.equal(handshake.status, 200);
  await handshake.text();
  assert.equal((await api(agent, 'GET', '/api/health')).status, 200);
});

test('a polling answer says Connection: close on both ports, since the box then closes the connection', async () => {
  // netty-socketio closes a polling connection after each answer; an answer that said keep-alive made
  // clients reuse a connection that was being closed and lose their next request ("other side closed").
  for (const url of [agent.io, agent.http]) {
    const conn = await rawHttp(url);
    conn.send('GET', HANDSHAKE);
    const open = await conn.response('the handshake answer');
    assert.equal(open.status, 200, open.body);
    assert.equal(open.headers.connection?.toLowerCase(), 'close', `${url}: ${JSON.stringify(open.headers)}`);
    await conn.closedByBox();
  }
});

test('an Engine.IO request pipelined behind an unanswered API request is dropped, after that answer', async () => {
  const raw = await rawHttp(agent.http);
  const host = new URL(agent.http).host;
  // A create is answered from the box thread, so its answer cannot be out before the next request is read.
  const body = JSON.stringify({ title: 'Pipelined' });
  raw.write(`POST /api/playlists HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${PARENT_TOKEN}\r\n`
    + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
    + `GET ${HANDSHAKE} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  const created = await raw.response('the create answer');
  assert.equal(created.status, 201, created.body);
  await raw.closedByBox('the connection to close after the create answer');
  assert.equal(raw.unread, 0, 'the Engine.IO request got no answer out of order');
});

test('a connection handed to Socket.IO counts under the Socket.IO caps, whichever port it came in by', async () => {
  const capped = await startAgent({
    env: { OMB_HTTP_MAX_CONNECTIONS_PER_ADDRESS: '3', OMB_SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS: '4' },
  });
  try {
    const onHttp = onHttpPort(capped);
    // Four WebSockets, three of them by the HTTP port whose own cap is 3: they count as Socket.IO's.
    const sockets = [await connect(capped)];
    for (let i = 0; i < 3; i++) sockets.push(await connect(onHttp));
    assert.equal((await api(capped, 'GET', '/api/health')).status, 200, 'the HTTP port still has room for the API');
    // Every Socket.IO connection is busy, so a fifth is refused, by either port.
    await assert.rejects(connect(onHttp, { timeoutMs: 3_000 }), /connect|connection_status/);
    await assert.rejects(connect(capped, { timeoutMs: 3_000 }), /connect|connection_status/);
    // The agent writes its log line while closing the connection; the pipe may bring it a moment later.
    const refusal = /Socket\.IO connection from 127\.0\.0\.1 refused: 4 connections from that address/;
    for (const deadline = Date.now() + 5_000; !refusal.test(capped.log) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.match(capped.log, refusal);
    sockets[1].disconnect();
    // The freed place is taken again through the HTTP port.
    const again = await connectWhenFreed(onHttp);
    again.disconnect();
  } finally {
    disconnectAll();
    await capped.stop();
  }
});

/** Connects once the box has seen a closed connection go (its close is asynchronous to the client's). */
async function connectWhenFreed(target, deadlineMs = 5_000) {
  const started = Date.now();
  for (;;) {
    try {
      return await connect(target, { timeoutMs: 2_000 });
    } catch (err) {
      if (Date.now() - started > deadlineMs) throw err;
    }
  }
}

test('the HTTP port\'s header and idle deadlines do not close a Socket.IO connection handed over from it', async () => {
  const strict = await startAgent({ env: { OMB_HTTP_HEADER_READ_TIMEOUT_MS: '200', OMB_HTTP_IDLE_TIMEOUT_MS: '200' } });
  try {
    const onHttp = onHttpPort(strict);
    const ws = await connect(onHttp, { transports: ['websocket'] });
    const upgradedSocket = await connect(onHttp, { transports: ['polling', 'websocket'] });
    await upgraded(upgradedSocket);
    // Two server pings (10 s apart) answered: far past both HTTP deadlines, the connections live on.
    const pings = (s) => new Promise((resolve, reject) => {
      let n = 0;
      const onPing = () => { if (++n === 2) { done(); resolve(); } };
      const onClose = (reason) => { done(); reject(new Error(`closed (${reason}) after ${n} pings`)); };
      const done = () => { s.io.engine.off('ping', onPing); s.off('disconnect', onClose); };
      s.io.engine.on('ping', onPing);
      s.on('disconnect', onClose);
    });
    await Promise.all([pings(ws), pings(upgradedSocket)]);
    const seen = collect(ws, ['state:playlist_created']);
    await joinPlaylists(ws);
    const { id } = await createPlaylist(strict, 'Still connected');
    await seen.waitFor((ev) => ev.some((e) => e.payload.data?.playlist_id === id), { what: 'the create event' });
    seen.stop();
    // The same deadlines still close an HTTP connection that sends no request.
    const idle = await rawHttp(strict.http);
    await idle.closedByBox('the header-read deadline to close a silent HTTP connection');
  } finally {
    disconnectAll();
    await strict.stop();
  }
});
