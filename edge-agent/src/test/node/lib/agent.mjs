// Harness for the black-box protocol tests: starts the real edge agent jar, connects real
// socket.io-client 4.x sockets to it and waits for events without sleeping.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as nodeTest } from 'node:test';
import { io } from 'socket.io-client';
// The one starter of the agent jar, shared with the benchmarks (plain Node, no dependency).
import { startAgent as startJar } from '../../../../../bench/agent.mjs';

export { freePort } from '../../../../../bench/agent.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// lib/ -> node/ -> test/ -> src/ -> edge-agent/
export const AGENT_JAR = process.env.OMB_AGENT_JAR ?? resolve(here, '../../../../target/edge-agent.jar');

/** The parent access token every agent of the suite starts with (OMB_AUTH_TOKEN); api() and connect() send it. */
export const PARENT_TOKEN = 'parent-test-token';

// -Xmx128m and nothing else: the suite checks the protocol, not the footprint (the benchmarks run
// the design's small-footprint flags), and some tests send 1 MB payloads.
const JAVA_OPTS = ['-Xmx128m'];
const START_DEADLINE_MS = 20_000;
const STOP_DEADLINE_MS = 15_000;
const LOG_TAIL_CHARS = 64 * 1024;
const DEFAULT_TEST_TIMEOUT_MS = 90_000;

const allAgents = [];
const createdDirs = [];
const openSockets = new Set();

process.on('exit', () => {
  if (!process.env.OMB_KEEP_DATA) {
    for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Starts the edge agent and resolves once GET /api/health answers 200. Its output is kept in
 * `agent.log`, shown when a test fails.
 * @param {{dataDir?: string, env?: Record<string,string>}} [options]
 */
export async function startAgent({ dataDir, env = {} } = {}) {
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), 'omb-protocol-'));
    createdDirs.push(dataDir);
  }
  let agent;
  try {
    agent = await startJar({
      jar: AGENT_JAR, dataDir, javaOpts: JAVA_OPTS, startTimeoutMs: START_DEADLINE_MS,
      env: { OMB_AUTH_TOKEN: PARENT_TOKEN, ...env },
    });
  } catch (err) {
    if (err.agent) throw new Error(`${err.headline}\n${logTail(err.agent)}`);
    throw err;
  }
  allAgents.push(agent);
  // A test that stops the agent wants it gone: a SIGTERM the agent does not honour in time fails it.
  const stopJar = agent.stop;
  agent.stop = async (signal = 'SIGTERM') => {
    const exit = await stopJar({ signal, timeoutMs: STOP_DEADLINE_MS });
    if (exit.forced) {
      throw new Error(`edge agent did not exit within ${STOP_DEADLINE_MS} ms of ${signal}; killed with SIGKILL\n${logTail(agent)}`);
    }
    return exit;
  };
  return agent;
}

function logTail(agent, from = 0) {
  const text = agent.log.slice(from);
  const tail = text.length > LOG_TAIL_CHARS ? `[... ${text.length - LOG_TAIL_CHARS} chars cut ...]\n${text.slice(-LOG_TAIL_CHARS)}` : text;
  return `----- edge agent output (${agent.http}, data ${agent.dataDir}) -----\n${tail}\n----- end of agent output -----`;
}

/**
 * node:test's test() with a deadline of its own; when the body fails, the output of every agent
 * that ran during the test is printed.
 */
export function test(name, options, fn) {
  if (typeof options === 'function') { fn = options; options = {}; }
  const { timeout = DEFAULT_TEST_TIMEOUT_MS, ...rest } = options;
  return nodeTest(name, { ...rest, timeout: timeout + 10_000 }, async (t) => {
    const marks = new Map(allAgents.map((a) => [a, a.log.length]));
    let timer;
    try {
      await Promise.race([
        fn(t),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`test did not finish within ${timeout} ms`)), timeout);
        }),
      ]);
    } catch (err) {
      for (const agent of allAgents) {
        const from = marks.get(agent) ?? 0;
        if (agent.log.length > from) process.stderr.write(`\n[${name}] failed; ${logTail(agent, from)}\n`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  });
}

/**
 * Opens a Socket.IO connection to the agent and resolves once `connection_status` and then `state:setup`
 * have arrived. The socket carries them as `socket.connectionStatus` and `socket.setupState`. No automatic
 * reconnection.
 */
export function connect(agent, { transports = ['websocket'], timeoutMs = 5_000, auth = { token: PARENT_TOKEN } } = {}) {
  const socket = io(agent.io, {
    path: '/socket.io',
    transports,
    forceNew: true,
    reconnection: false,
    autoConnect: false,
    timeout: timeoutMs,
    ...(auth ? { auth } : {}),
  });
  openSockets.add(socket);
  return openSocket(socket, timeoutMs);
}

/** Connects a disconnected socket again (same client object) and waits for `connection_status`. */
export function reconnect(socket, { timeoutMs = 5_000 } = {}) {
  return openSocket(socket, timeoutMs);
}

function openSocket(socket, timeoutMs) {
  return new Promise((resolveSocket, reject) => {
    let timer;
    let status = null;
    const done = () => {
      clearTimeout(timer);
      socket.off('connection_status', onStatus);
      socket.off('state:setup', onSetup);
      socket.off('connect_error', onError);
    };
    const onStatus = (payload) => {
      status = payload;
    };
    // The box sends state:setup right after connection_status: waiting for it too keeps it out of what a
    // test collects after connecting.
    const onSetup = (payload) => {
      if (!status) return;
      done();
      socket.connectionStatus = status;
      socket.setupState = payload;
      resolveSocket(socket);
    };
    const onError = (err) => {
      done();
      reject(new Error(`Socket.IO connect to ${socket.io.uri} failed: ${err.message}${err.description ? ` (${err.description})` : ''}`));
    };
    timer = setTimeout(() => {
      done();
      reject(new Error(`no connection_status and state:setup within ${timeoutMs} ms of connecting to ${socket.io.uri} (connected: ${socket.connected})`));
    }, timeoutMs);
    socket.on('connection_status', onStatus);
    socket.on('state:setup', onSetup);
    socket.on('connect_error', onError);
    socket.connect();
  });
}

/** Disconnects every socket the harness opened. */
export function disconnectAll() {
  for (const socket of openSockets) socket.disconnect();
  openSockets.clear();
}

/**
 * Resolves with the payload of the next `name` event (that passes `filter`). Rejects with a clear
 * message on the deadline or when the socket disconnects first. Register it before triggering.
 */
export function nextEvent(socket, name, { timeoutMs = 5_000, filter } = {}) {
  return new Promise((resolveEvent, reject) => {
    let timer;
    const cleanup = () => {
      clearTimeout(timer);
      socket.off(name, onEvent);
      socket.off('disconnect', onDisconnect);
    };
    const onEvent = (payload, ...more) => {
      if (filter && !filter(payload, ...more)) return;
      cleanup();
      resolveEvent(payload);
    };
    const onDisconnect = (reason) => {
      cleanup();
      reject(new Error(`socket ${socket.id ?? '(no id)'} disconnected (${reason}) while waiting for '${name}'`));
    };
    timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no '${name}' event${filter ? ' matching the filter' : ''} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(name, onEvent);
    socket.on('disconnect', onDisconnect);
  });
}

/**
 * Records incoming events in arrival order: `names` limits it to those events (all when omitted).
 * Returns {events: [{name, payload}], of(name), waitFor(predicate, {timeoutMs, what}), stop()}.
 */
export function collect(socket, names) {
  const wanted = names ? new Set(names) : null;
  const events = [];
  const waiters = new Set();
  const listener = (name, payload) => {
    if (wanted && !wanted.has(name)) return;
    events.push({ name, payload });
    for (const w of [...waiters]) w.check();
  };
  socket.onAny(listener);
  return {
    events,
    of: (name) => events.filter((e) => e.name === name).map((e) => e.payload),
    names: () => events.map((e) => e.name),
    /** Resolves with `events` once predicate(events) is true. */
    waitFor(predicate, { timeoutMs = 5_000, what = 'the expected events' } = {}) {
      return new Promise((resolveWait, reject) => {
        const waiter = {
          check() {
            let ok;
            try { ok = predicate(events); } catch (err) { finish(); reject(err); return; }
            if (ok) { finish(); resolveWait(events); }
          },
        };
        const onDisconnect = (reason) => {
          finish();
          reject(new Error(`socket disconnected (${reason}) while waiting for ${what}; got: ${summarize(events)}`));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${events.length} events: ${summarize(events)}`));
        }, timeoutMs);
        function finish() {
          clearTimeout(timer);
          waiters.delete(waiter);
          socket.off('disconnect', onDisconnect);
        }
        waiters.add(waiter);
        socket.on('disconnect', onDisconnect);
        waiter.check();
      });
    },
    stop() { socket.offAny(listener); },
  };
}

/** JSON of a value, cut to a readable length (payloads can be 1 MB). */
export function brief(value, max = 160) {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text;
}

function summarize(events) {
  const names = events.map((e) => e.name);
  return names.length > 40 ? `${names.slice(0, 20).join(', ')}, ... ${names.slice(-20).join(', ')}` : names.join(', ');
}

/**
 * Emits a client_ping with a unique timestamp and resolves with the matching client_pong.
 * Everything the server sent to this socket before answering the ping has arrived by then,
 * which is how tests assert that an event did NOT come.
 */
let lastProbeStamp = 0;
export async function probe(socket, { timeoutMs = 5_000 } = {}) {
  const stamp = lastProbeStamp = Math.max(Date.now(), lastProbeStamp + 1);
  const pong = nextEvent(socket, 'client_pong', { timeoutMs, filter: (p) => p && p.timestamp === stamp });
  socket.emit('client_ping', { timestamp: stamp });
  return pong;
}

/** Emits `name` with `args` and resolves with the next `answer` event. */
export function request(socket, name, args, answer, options) {
  const reply = nextEvent(socket, answer, options);
  socket.emit(name, ...args);
  return reply;
}

/** HTTP call with a JSON body; resolves with {status, body, headers}. */
/** @param {string|null} [token] the parent access token to send; null sends none */
export async function api(agent, method, path, body, { token = PARENT_TOKEN } = {}) {
  const init = { method, headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(agent.http + path, init);
  const text = await res.text();
  let parsed = null;
  if (text.length > 0) {
    try { parsed = JSON.parse(text); } catch { parsed = text; }
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Every playlist from GET /api/playlists, following pages. */
export async function listPlaylists(agent) {
  const limit = 50;
  const all = [];
  for (let page = 1; page <= 200; page++) {
    const res = await api(agent, 'GET', `/api/playlists?page=${page}&limit=${limit}`);
    if (res.status !== 200) throw new Error(`GET /api/playlists answered ${res.status}: ${JSON.stringify(res.body)}`);
    const items = res.body?.data?.playlists;
    if (!Array.isArray(items)) throw new Error(`GET /api/playlists: data.playlists is not an array: ${JSON.stringify(res.body)}`);
    all.push(...items);
    if (items.length < limit) return all;
  }
  throw new Error('GET /api/playlists did not end after 200 pages');
}

/** POST /api/playlists; asserts 201 and resolves with {id, res}. */
export async function createPlaylist(agent, title, extra = {}) {
  const res = await api(agent, 'POST', '/api/playlists', { title, ...extra });
  if (res.status !== 201) throw new Error(`POST /api/playlists {title:${JSON.stringify(title)}} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const id = res.body?.data?.id ?? res.body?.data?.playlist?.id;
  if (typeof id !== 'string' || id.length === 0) throw new Error(`POST /api/playlists: no playlist id in ${JSON.stringify(res.body)}`);
  return { id, res };
}

/** PUT /api/playlists/{id}; asserts 200. */
export async function renamePlaylist(agent, id, title, extra = {}) {
  const res = await api(agent, 'PUT', `/api/playlists/${encodeURIComponent(id)}`, { title, ...extra });
  if (res.status !== 200) throw new Error(`PUT /api/playlists/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** Joins room `playlists` and resolves with {playlists, player, ack} (in arrival order checked by the caller). */
export async function joinPlaylists(socket) {
  const seen = collect(socket, ['state:playlists', 'state:player', 'ack:join']);
  try {
    socket.emit('join:playlists', {});
    await seen.waitFor((ev) => ev.some((e) => e.name === 'ack:join'), { what: 'ack:join after join:playlists' });
  } finally {
    seen.stop();
  }
  return {
    order: seen.names(),
    playlists: seen.of('state:playlists')[0],
    player: seen.of('state:player')[0],
    ack: seen.of('ack:join')[0],
  };
}

/** Joins room playlist:<id> and resolves with {order, playlist, ack}. */
export async function joinPlaylist(socket, playlistId) {
  const seen = collect(socket, ['state:playlist', 'ack:join']);
  try {
    socket.emit('join:playlist', { playlist_id: playlistId });
    await seen.waitFor((ev) => ev.some((e) => e.name === 'ack:join'), { what: `ack:join after join:playlist ${playlistId}` });
  } finally {
    seen.stop();
  }
  return { order: seen.names(), playlist: seen.of('state:playlist')[0], ack: seen.of('ack:join')[0] };
}

/**
 * Sends sync:request and resolves with {replayed: [{name, payload}], end: {name, payload}}: every event
 * that arrived before sync:complete (or sync:error), and that final event.
 */
export async function syncRequest(socket, payload, { timeoutMs = 5_000 } = {}) {
  const seen = collect(socket);
  try {
    socket.emit('sync:request', payload);
    await seen.waitFor((ev) => ev.some((e) => e.name === 'sync:complete' || e.name === 'sync:error'),
      { timeoutMs, what: `sync:complete or sync:error after sync:request ${brief(payload)}` });
  } finally {
    seen.stop();
  }
  const end = seen.events.findIndex((e) => e.name === 'sync:complete' || e.name === 'sync:error');
  return { replayed: seen.events.slice(0, end), end: seen.events[end] };
}
