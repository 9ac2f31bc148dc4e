#!/usr/bin/env node
// Fuzz every Socket.IO client event and HTTP endpoint of the edge agent with malformed and random input.
//
// Starts the agent (fresh data dir, OMB_AUTH_TOKEN set, design JVM flags), creates three playlists (one
// with an uploaded WAV track), then sends N random cases, about a third over Socket.IO and two thirds over
// HTTP: random JSON values (wrong types, 1 MB strings, deep nesting, arrays, nulls, numbers at the limits,
// unicode), invalid JSON, wrong content types, over-sized bodies, random paths, ids and query values,
// with the token, without it, and with a wrong one (sent from other loopback addresses 127.0.0.x so the
// wrong-token lock-out of 127.0.0.1 does not hide the token cases).
//
// Counted as a crash: an HTTP 5xx, a connection dropped without an answer, a socket the agent
// disconnected, the process gone, or /api/health not 200 at the end. A socket that sent a message larger
// than omb.socketio.max-payload-bytes is closed by design (the WebSocket frame limit): that close is
// counted apart (sockets_closed_over_limit), not as a crash.
// Library check: cases run in batches of 25; after each batch the library (GET /api/playlists and every
// GET /api/playlists/{id}) is compared with the one before. A batch in which some case was accepted
// (a 2xx answer to a non-GET HTTP call, an `ack:op` on a socket) may change it legitimately: the change is
// counted as accounted for and those cases are listed. A change in a batch where nothing was accepted is
// unexpected. A write without the token or with a wrong one that is accepted is a failure too.
//
// Usage: node fuzz.mjs [--quick] [--cases 3000] [--seed 1] [--max-depth 2000] [--keep]
//   --quick  300 cases
//   --max-depth D  nest random values at most D deep (the agent drops a Socket.IO client whose message
//                  nests deeper than 1000: --max-depth 990 leaves that known fault out)
// Env: OMB_AGENT_JAR (default edge-agent/target/edge-agent.jar), OMB_JAVA_OPTS
// Exit: 0 when nothing crashed and nothing changed unexpectedly, 1 otherwise, 2 when it could not run.
import fs from 'node:fs';
import path from 'node:path';
import * as L from './lib.mjs';

const opt = L.args({ cases: 3000, seed: Date.now() % 100000, 'max-depth': 2000 }, { cases: 300 });
let seed = opt.seed >>> 0 || 1;
const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296; };
const ri = (n) => Math.floor(rnd() * n);
const pick = (a) => a[ri(a.length)];

const FIELDS = ['title', 'description', 'client_op_id', 'track_order', 'track_numbers', 'source_playlist_id', 'target_playlist_id',
  'track_number', 'target_position', 'from_beginning', 'position_ms', 'volume', 'mode', 'enabled', 'minutes', 'max_volume',
  'resume', 'pause_on_lift', 'filename', 'file_size', 'tag_id', 'playlist_id', 'timeout_s', 'force', 'assoc_id',
  'last_global_seq', 'last_playlist_seqs', 'requested_rooms', 'timestamp', 'page', 'limit', '__proto__', 'constructor', ''];
const NUMS = [0, -0, 1, -1, 0.5, -0.5, 2147483647, 2147483648, -2147483649, 9007199254740991, 9007199254740993, -9223372036854775808,
  1e308, -1e308, 5e-324, 1e21, 720, 721, 600, 601, 100, 101];
const STRINGS = ['', ' ', 'a', '0', '-1', 'null', 'true', '../../../../etc/passwd', '..\\..\\boot.ini', 'C:\\x', 'CON', 'a/b', '%00', '\u0000',
  '\u202e\u200b\ufeff', '💥🎵👶', '\ud800', '\udfff', 'ü'.repeat(300), '<script>alert(1)</script>', "'; DROP TABLE playlists; --",
  'playlists', 'playlist:', 'playlist:nope', 'nfc', '${jndi:ldap://x/a}', '%s%n%x', '\n\r\t', 'none', 'one', 'all', 'x'.repeat(256)];

let ids = [];
let trackIds = [];
function randString() {
  switch (ri(10)) {
    case 0: return 'x'.repeat(pick([1024, 65536, 262145, 1048576])); // up to 1 MB
    case 1: return pick(ids) ?? 'none';
    case 2: return pick(trackIds) ?? 'none';
    case 3: return crypto.randomUUID();
    case 4: return Array.from({ length: 1 + ri(40) }, () => String.fromCodePoint(ri(0x10ffff) & 0xffff || 32)).join('');
    default: return pick(STRINGS);
  }
}
function deep(depth, arr) {
  let v = arr ? [] : {};
  for (let i = 0; i < depth; i++) v = arr ? [v] : { a: v };
  return v;
}
function randValue(depth = 0) {
  switch (ri(depth > 2 ? 5 : 9)) {
    case 0: return null;
    case 1: return rnd() < 0.5;
    case 2: return pick(NUMS);
    case 3: case 4: return randString();
    case 5: return Array.from({ length: ri(5) }, () => randValue(depth + 1));
    case 6: return deep(Math.min(opt['max-depth'], pick([10, 100, 500, 2000])), rnd() < 0.5);
    case 7: return Array.from({ length: pick([100, 10000]) }, () => pick(NUMS));
    default: return randObject(depth + 1);
  }
}
function randObject(depth = 0) {
  const o = {};
  for (let i = 0, n = ri(5); i < n; i++) o[pick(FIELDS)] = randValue(depth);
  return o;
}

// ---------------------------------------------------------------- HTTP cases
const IDS = () => pick([
  () => pick(ids) ?? 'x', () => crypto.randomUUID(), () => '..%2F..%2Fetc%2Fpasswd', () => '%00', () => '%zz', () => '%',
  () => 'x'.repeat(pick([300, 5000, 20000])), () => encodeURIComponent('💥'), () => '-1', () => '0', () => '99999999999999999999',
  () => '1e3', () => '..', () => '.', () => '%2e%2e', () => 'a%2Fb', () => encodeURIComponent(randString().slice(0, 2000).toWellFormed()),
])();
const Q = () => pick(['', '?page=-1', '?limit=0', '?limit=1000000000', '?page=abc&limit=xyz', '?page=1&page=2', '?limit=%zz',
  '?max_age_hours=-5', '?max_age_hours=1e400', '?max_age_hours=abc', `?page=${'9'.repeat(40)}`, '?=&&=', '?x=' + 'y'.repeat(10000)]);
const ENDPOINTS = [
  ['GET', '/api/playlists'], ['POST', '/api/playlists'], ['GET', '/api/playlists/{id}'], ['PUT', '/api/playlists/{id}'],
  ['DELETE', '/api/playlists/{id}'], ['POST', '/api/playlists/{id}/reorder'], ['DELETE', '/api/playlists/{id}/tracks'],
  ['POST', '/api/playlists/move-track'], ['POST', '/api/playlists/{id}/move-track'], ['POST', '/api/playlists/sync'],
  ['POST', '/api/playlists/{id}/start'], ['POST', '/api/playlists/{id}/play/{n}'], ['GET', '/api/playlists/nfc/{tag}'],
  ['POST', '/api/playlists/nfc/{tag}/associate/{id}'], ['DELETE', '/api/playlists/nfc/{id}'],
  ...['play', 'pause', 'toggle', 'stop', 'next', 'previous', 'seek', 'volume', 'repeat', 'shuffle', 'sleep-timer'].map((c) => ['POST', `/api/player/${c}`]),
  ['GET', '/api/player/status'], ['GET', '/api/player/volume'], ['GET', '/api/player/settings'], ['PUT', '/api/player/settings'],
  ['GET', '/api/health'], ['GET', '/api/system/info'], ['POST', '/api/nfc/associate'], ['DELETE', '/api/nfc/associate/{tag}'],
  ['GET', '/api/nfc/status'], ['POST', '/api/nfc/scan'], ['DELETE', '/api/nfc/session/{id}'],
  ['POST', '/api/nfc/simulator/tags/{tag}'], ['DELETE', '/api/nfc/simulator/tags/{tag}'],
  ['POST', '/api/playlists/{id}/uploads/session'], ['GET', '/api/playlists/{id}/uploads/{sid}'],
  ['PUT', '/api/playlists/{id}/uploads/{sid}/chunks/{n}'], ['POST', '/api/playlists/{id}/uploads/{sid}/finalize'],
  ['GET', '/api/uploads/sessions'], ['DELETE', '/api/uploads/sessions/{sid}'], ['POST', '/api/uploads/cleanup'],
  ['GET', '/api/nope'], ['PATCH', '/api/playlists'], ['OPTIONS', '/api/playlists'], ['GET', '/'], ['GET', '/../../etc/passwd'],
];
function httpCase() {
  let [method, tpl] = pick(ENDPOINTS);
  if (rnd() < 0.05) method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);
  const auth = rnd() < 0.6 ? 'token' : rnd() < 0.5 ? 'none' : 'wrong';
  let p = tpl.replace(/\{id\}/g, () => IDS()).replace(/\{tag\}|\{sid\}/g, () => IDS()).replace(/\{n\}/g, () => pick(['1', '0', '-1', 'x', '2147483648', '1.5', IDS()]));
  // A valid deletion of a real playlist is not fuzzing: with the token, DELETE /api/playlists/{id} gets a made-up id.
  if (auth === 'token' && method === 'DELETE' && tpl === '/api/playlists/{id}') p = `/api/playlists/${crypto.randomUUID()}`;
  p += Q();
  let body; const headers = {};
  switch (ri(12)) {
    case 0: body = undefined; break;
    case 1: body = pick(['{', '{"title":', '[1,2', 'nul', '1e999', '-' + '9'.repeat(400), '"\\ud800"', '{"a":1,"a":2}', '\u0000\u0001',
      '{"title":"x"}garbage', '['.repeat(100000) + ']'.repeat(100000), '{"a":'.repeat(20000) + '1' + '}'.repeat(20000)]); break;
    case 2: body = Buffer.from(Array.from({ length: 1 + ri(4096) }, () => ri(256))); headers['content-type'] = pick(['application/json', 'application/octet-stream', 'text/plain']); break;
    case 3: body = JSON.stringify({ title: 'x'.repeat(pick([262145, 1048576])) }); break; // over the body limit
    case 4: body = JSON.stringify(randValue()); headers['content-type'] = pick(['text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '']); break;
    case 5: { const m = L.multipart(pick(['file', 'chunk', '']), pick(['a.wav', '../x.wav', '']), Buffer.from(randString().slice(0, 100000))); body = m.body; headers['content-type'] = rnd() < 0.8 ? m.contentType : 'multipart/form-data; boundary=nope'; break; }
    default: body = JSON.stringify(rnd() < 0.7 ? randObject() : randValue());
  }
  return { method, path: p, body, headers, auth };
}

// ---------------------------------------------------------------- Socket.IO cases
const EVENTS = ['join:playlists', 'join:playlist', 'join:nfc', 'leave:playlists', 'leave:playlist', 'sync:request', 'client_ping',
  'health_check', 'client:request_current_state', 'start_nfc_link', 'stop_nfc_link', 'override_nfc_tag', 'player:sleep_timer'];
const UNKNOWN = ['nope', 'state:playlist', 'ack:op', 'join:', 'join:playlist:x', 'x'.repeat(10000), '💥', 'disconnect_me', 'leave:nfc'];
function ioCase() {
  const event = rnd() < 0.85 ? pick(EVENTS) : pick(UNKNOWN);
  const nargs = pick([0, 1, 1, 1, 1, 2, 3]);
  const a = Array.from({ length: nargs }, () => (rnd() < 0.6 ? randObject() : randValue()));
  return { event, args: a, sock: ri(3) };
}

// ---------------------------------------------------------------- run
const work = L.makeWorkDir('fuzz');
const dataDir = path.join(work, 'data');
let agent;
try { agent = await L.startAgent({ workDir: work, dataDir }); } catch (e) { console.error(e.message); process.exit(2); }
const fail = (m) => { console.error(`fuzz: ${m}`); };

// The deliberate valid calls: three playlists, one WAV track in the first.
for (const t of ['Fuzz A', 'Fuzz B', 'Fuzz C']) {
  const r = await L.call(agent, 'POST', '/api/playlists', { body: { title: t } });
  if (r.status !== 201) { fail(`setup: create answered ${r.status}`); process.exit(2); }
  ids.push(r.json.data.id);
}
{
  const wav = L.makeWav(5);
  const s = await L.call(agent, 'POST', `/api/playlists/${ids[0]}/uploads/session`, { body: { filename: 'fuzz.wav', file_size: wav.length } });
  const m = L.multipart('file', 'chunk', wav);
  const c = await L.call(agent, 'PUT', `/api/playlists/${ids[0]}/uploads/${s.json.data.session_id}/chunks/0`, { body: m.body, headers: { 'content-type': m.contentType } });
  const f = await L.call(agent, 'POST', `/api/playlists/${ids[0]}/uploads/${s.json.data.session_id}/finalize`, { body: {} });
  if (f.status !== 200) { fail(`setup: upload ${s.status}/${c.status}/${f.status}`); process.exit(2); }
  trackIds.push(f.json.data.track.id);
}
const initial = await L.librarySnapshot(agent);
let baseline = JSON.stringify(initial);

const sockNames = ['token', 'no-token', 'no-token-2'];
const dropped = [];
const closedOverLimit = [];
// The agent's largest Socket.IO message; a larger one closes the socket (WebSocket close 1009).
const MAX_PAYLOAD = Number(process.env.OMB_SOCKETIO_MAX_PAYLOAD_BYTES ?? 2097152);
let ackOps = 0;
let unauthAck = [];
async function openSock(i) {
  const s = await L.connectSocket(agent, { token: i === 0 ? L.TOKEN : null });
  s.recent = [];
  s.on('disconnect', (reason) => {
    if (s.closing) return;
    (s.overLimit ? closedOverLimit : dropped).push({ socket: sockNames[i], reason, recent_cases: s.recent.slice() });
  });
  s.on('ack:op', (p) => { if (i === 0) ackOps++; else unauthAck.push({ socket: sockNames[i], recent_cases: s.recent.slice(), ack: JSON.stringify(p).slice(0, 300) }); });
  return s;
}
const sockets = [await openSock(0), await openSock(1), await openSock(2)];
let reconnects = 0;

const statuses = {};
const fiveXX = [];
const httpDropped = [];
const unauthAccepted = [];
const accountedChanges = [];
const unexpectedChanges = [];
let httpCases = 0; let ioCases = 0; let acceptedInBatch = []; let batchCases = [];
const brief = (v, n = 200) => { const t = typeof v === 'string' ? v : Buffer.isBuffer(v) ? `<${v.length} bytes>` : JSON.stringify(v); return t === undefined ? 'undefined' : t.length > n ? `${t.slice(0, n)}... (${t.length} chars)` : t; };
let addr = 2;
const t0 = Date.now();

for (let i = 0; i < opt.cases; i++) {
  if (agent.exit) break;
  if (rnd() < 0.33) {
    const c = ioCase();
    let s = sockets[c.sock];
    // A socket the agent dropped was counted (dropped[]); open a new one and go on.
    if (!s.connected) { s.closing = true; s.close(); s = sockets[c.sock] = await openSock(c.sock); reconnects++; }
    s.lastCase = `${c.event} ${brief(c.args)}`;
    s.recent.push(s.lastCase); if (s.recent.length > 3) s.recent.shift();
    const before = ackOps;
    // The client sends an event as one text frame: "42" and the JSON array of name and arguments.
    if (Buffer.byteLength('42' + JSON.stringify([c.event, ...c.args])) > MAX_PAYLOAD) s.overLimit = true;
    s.emit(c.event, ...c.args);
    ioCases++;
    batchCases.push(`io[${sockNames[c.sock]}] ${s.lastCase}`);
    if (c.sock === 0 && ['start_nfc_link', 'stop_nfc_link', 'override_nfc_tag'].includes(c.event)) acceptedInBatch.push({ maybe: s.lastCase, before });
  } else {
    const c = httpCase();
    const token = c.auth === 'token' ? L.TOKEN : c.auth === 'wrong' ? 'wrong-token-' + ri(1e6) : null;
    const localAddress = c.auth === 'wrong' ? `127.0.0.${addr = addr >= 254 ? 2 : addr + 1}` : c.auth === 'none' ? `127.0.0.${2 + ri(250)}` : '127.0.0.1';
    const r = await L.call(agent, c.method, c.path, { body: c.body, token, headers: c.headers, localAddress });
    httpCases++;
    const desc = `${c.method} ${brief(c.path, 160)} auth=${c.auth} ct=${c.headers['content-type'] ?? 'application/json'} body=${brief(c.body)}`;
    batchCases.push(`http ${desc} -> ${r.status ?? 'dropped'}`);
    if (r.dropped) { httpDropped.push({ request: desc, error: r.error }); continue; }
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status >= 500) fiveXX.push({ request: desc, status: r.status, response: brief(r.text, 400) });
    const writes = c.method !== 'GET' && c.method !== 'HEAD' && c.method !== 'OPTIONS';
    if (writes && r.status >= 200 && r.status < 300) {
      if (c.auth !== 'token' && !c.path.startsWith('/api/nfc/simulator/')) unauthAccepted.push({ request: desc, status: r.status, response: brief(r.text, 300) });
      acceptedInBatch.push({ request: desc, status: r.status });
    }
  }
  if ((i + 1) % 25 === 0 || i === opt.cases - 1) {
    for (const s of sockets) if (s.connected) { try { await L.probe(s); } catch (e) { /* counted by disconnect */ } }
    const ackedSockets = acceptedInBatch.filter((a) => a.maybe && ackOps > a.before);
    const accepted = acceptedInBatch.filter((a) => a.request).concat(ackedSockets);
    let now;
    try { now = JSON.stringify(await L.librarySnapshot(agent)); } catch (e) { fail(`library snapshot failed: ${e.message}`); break; }
    if (now !== baseline) {
      if (accepted.length > 0) accountedChanges.push({ after_case: i + 1, accepted: accepted.map((a) => a.request ?? a.maybe) });
      else unexpectedChanges.push({ after_case: i + 1, cases: batchCases, before: baseline.slice(0, 2000), after: now.slice(0, 2000) });
      baseline = now;
    }
    acceptedInBatch = []; batchCases = [];
  }
}
const seconds = (Date.now() - t0) / 1000;

const alive = !agent.exit;
let health = null;
if (alive) { const h = await L.call(agent, 'GET', '/api/health'); health = h.status ?? h.error; }
let finalLib = null;
try { finalLib = await L.librarySnapshot(agent); } catch (e) { fail(e.message); }
for (const s of sockets) { s.closing = true; s.close(); }
const rss = L.rssMiB(agent.pid);
await agent.stop();

const ioDropped = dropped.length;
const crashes = fiveXX.length + httpDropped.length + ioDropped + (alive ? 0 : 1) + (health === 200 ? 0 : 1);
const changed = JSON.stringify(finalLib) !== JSON.stringify(initial);
const result = {
  machine: L.machine(), date: new Date().toISOString(), seed: opt.seed, seconds,
  cases: httpCases + ioCases, http_cases: httpCases, socketio_cases: ioCases, http_statuses: statuses,
  http_5xx: fiveXX.length, http_dropped: httpDropped.length, sockets_dropped: ioDropped, sockets_closed_over_limit: closedOverLimit.length, socket_reconnects: reconnects, agent_alive: alive, health_after: health,
  crashes, library_changed: changed, accounted_changes: accountedChanges.length, unexpected_changes: unexpectedChanges.length,
  writes_accepted_without_token: unauthAccepted.length + unauthAck.length, rss_after_mib: rss,
};
console.log(JSON.stringify(result, null, 1));
console.log(`cases tried ${result.cases} (HTTP ${httpCases}, Socket.IO ${ioCases}) in ${seconds.toFixed(1)} s; 5xx ${fiveXX.length}; `
  + `crashes ${crashes > 0 ? 1 : 0} (5xx ${fiveXX.length}, dropped HTTP ${httpDropped.length}, dropped sockets ${ioDropped}, alive ${alive}, health ${health}); `
  + `sockets closed after a message over the limit ${closedOverLimit.length} (by design); data changed ${changed ? 'yes' : 'no'} (accounted ${accountedChanges.length}, unexpected ${unexpectedChanges.length}); `
  + `writes accepted without the token ${result.writes_accepted_without_token}`);
const details = { fiveXX, httpDropped, socketsDropped: dropped, closedOverLimit, unauthAccepted, unauthAck, accountedChanges, unexpectedChanges };
for (const [k, v] of Object.entries(details)) if (v.length) console.log(`--- ${k} (${v.length}):\n${v.slice(0, 10).map((x) => JSON.stringify(x).slice(0, 3000)).join('\n')}`);
if (opt.keep) console.log(`kept ${work}`); else fs.rmSync(work, { recursive: true, force: true });
const bad = crashes > 0 || unexpectedChanges.length > 0 || result.writes_accepted_without_token > 0;
process.exit(bad ? 1 : 0);
