#!/usr/bin/env node
// Soak: M Socket.IO clients in room `playlists` for D seconds while a playlist plays (positions at 5 Hz)
// and the script renames a playlist once a second. Counts, per client, the `state:playlist_updated`
// envelopes received (deduped by event_id) against the renames the agent acknowledged, and samples the
// agent's RSS every 10 s (every 2 s with --quick).
//
// Usage: node soak.mjs [--quick] [--clients 500] [--seconds 600] [--seed N] [--keep]
//   --quick: 50 clients, 20 s
// Env: OMB_AGENT_JAR, OMB_JAVA_OPTS. Exit: 0 nothing lost, 1 something lost (or a client dropped), 2 could not run.
import fs from 'node:fs';
import path from 'node:path';
import * as L from './lib.mjs';

const opt = L.args({ clients: 500, seconds: 600, sample: 10, seed: 0 }, { clients: 50, seconds: 20, sample: 2 });
const work = L.makeWorkDir('soak');
let agent;
// Every client comes from 127.0.0.1 here; on a box they would be many devices, each far below the per-address cap.
const caps = { OMB_SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS: String(opt.clients + 64), OMB_SOCKETIO_MAX_CONNECTIONS: String(Math.max(1024, opt.clients + 64)) };
try { agent = await L.startAgent({ workDir: work, dataDir: path.join(work, 'data'), env: caps }); } catch (e) { console.error(e.message); process.exit(2); }
const t0 = Date.now();
const rssAt = (label) => ({ t_s: Math.round((Date.now() - t0) / 1000), label, rss_mib: L.rssMiB(agent.pid) });
const samples = [rssAt('started')];

// A playlist with one 60 s track, played on repeat, and a playlist to rename.
const play = (await L.call(agent, 'POST', '/api/playlists', { body: { title: 'Soak play' } })).json.data.id;
const target = (await L.call(agent, 'POST', '/api/playlists', { body: { title: 'Soak t0' } })).json.data.id;
{
  const wav = L.makeWav(60);
  const s = await L.call(agent, 'POST', `/api/playlists/${play}/uploads/session`, { body: { filename: 'soak.wav', file_size: wav.length } });
  const m = L.multipart('file', 'chunk', wav);
  await L.call(agent, 'PUT', `/api/playlists/${play}/uploads/${s.json.data.session_id}/chunks/0`, { body: m.body, headers: { 'content-type': m.contentType } });
  const f = await L.call(agent, 'POST', `/api/playlists/${play}/uploads/${s.json.data.session_id}/finalize`, { body: {} });
  if (f.status !== 200) { console.error(`setup upload: ${f.status} ${f.text}`); process.exit(2); }
}

const clients = [];
let dropped = 0;
const dropReasons = {};
function client(i) {
  return new Promise((resolve, reject) => {
    const s = L.io(agent.io, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
    const c = { s, seen: new Set(), dup: 0, positions: 0, lastSeq: -1, outOfOrder: 0 };
    s.on('state:playlist_updated', (p) => {
      if (c.seen.has(p.event_id)) c.dup++; else c.seen.add(p.event_id);
      if (p.server_seq <= c.lastSeq) c.outOfOrder++;
      c.lastSeq = p.server_seq;
    });
    s.on('state:track_position', () => { c.positions++; });
    s.on('disconnect', (r) => { if (!c.closing) { dropped++; dropReasons[r] = (dropReasons[r] ?? 0) + 1; } });
    s.once('ack:join', () => resolve(c));
    s.once('connect_error', reject);
    s.once('connection_status', () => s.emit('join:playlists', {}));
  });
}
try {
  for (let i = 0; i < opt.clients; i += 50) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(50, opt.clients - i) }, (_, k) => client(i + k))));
  }
} catch (e) { console.error(`clients could not join: ${e.message}`); await agent.stop(); process.exit(2); }
samples.push(rssAt(`${clients.length} clients joined`));
await L.call(agent, 'POST', '/api/player/repeat', { body: { mode: 'one' } });
const st = await L.call(agent, 'POST', `/api/playlists/${play}/start`, { body: { from_beginning: true } });
if (st.status !== 200) console.error(`start answered ${st.status}`);

const acked = [];
let failedPuts = 0;
const loadStart = Date.now();
let nextSample = loadStart + opt.sample * 1000;
for (let i = 1; Date.now() - loadStart < opt.seconds * 1000; i++) {
  const due = loadStart + i * 1000;
  const r = await L.call(agent, 'PUT', `/api/playlists/${target}`, { body: { title: `Soak t${i}` } });
  if (r.status === 200) acked.push(i); else failedPuts++;
  if (Date.now() >= nextSample) { samples.push(rssAt('load')); nextSample += opt.sample * 1000; }
  const wait = due - Date.now();
  if (wait > 0) await L.sleep(wait);
}
const loadSeconds = (Date.now() - loadStart) / 1000;
// drain: wait until every client has them all, at most 10 s
const expected = acked.length;
for (let d = Date.now(); Date.now() - d < 10_000 && clients.some((c) => c.seen.size < expected); ) await L.sleep(100);
samples.push(rssAt('end'));
const lost = clients.reduce((n, c) => n + Math.max(0, expected - c.seen.size), 0);
const dups = clients.reduce((n, c) => n + c.dup, 0);
const ooo = clients.reduce((n, c) => n + c.outOfOrder, 0);
const pos = clients.map((c) => c.positions).sort((a, b) => a - b);
for (const c of clients) { c.closing = true; c.s.close(); }
await L.sleep(1000);
samples.push(rssAt('clients closed'));
const alive = !agent.exit;
await agent.stop();

const load = samples.filter((s) => s.label === 'load').map((s) => s.rss_mib);
const result = {
  machine: L.machine(), date: new Date().toISOString(), clients: clients.length, seconds: Math.round(loadSeconds),
  renames_acked: expected, renames_failed: failedPuts, expected_deliveries: expected * clients.length,
  delivered: clients.reduce((n, c) => n + c.seen.size, 0), lost, duplicates: dups, out_of_order: ooo,
  clients_dropped: dropped, drop_reasons: dropReasons, agent_alive: alive,
  positions_per_client: { min: pos[0], median: pos[Math.floor(pos.length / 2)], max: pos[pos.length - 1], expected_about: Math.round(loadSeconds * 5) },
  rss_mib_under_load: load.length ? { first: load[0], min: Math.min(...load), max: Math.max(...load), last: load[load.length - 1] } : null,
  rss_samples: samples,
};
console.log(JSON.stringify(result, null, 1));
console.log(`clients ${clients.length}, ${Math.round(loadSeconds)} s, renames ${expected} (failed ${failedPuts}); delivered ${result.delivered}/${result.expected_deliveries}, lost ${lost}, duplicates ${dups}, dropped clients ${dropped}; `
  + `RSS MiB over time: ${samples.map((s) => `${s.t_s}s ${s.rss_mib}`).join(', ')}`);
if (opt.keep) console.log(`kept ${work}`); else fs.rmSync(work, { recursive: true, force: true });
process.exit(lost || dups || dropped || failedPuts || !alive ? 1 : 0);
