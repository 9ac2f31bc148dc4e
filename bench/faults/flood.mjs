#!/usr/bin/env node
// Flood: S unauthenticated Socket.IO clients send events as fast as the connection takes them (in worker
// threads, so that the measuring thread is not slowed by the flood), while a linked tag is placed on the
// simulated reader and lifted again, T times. Measures the time from placing the tag to `state:player`
// playing on a parent's socket, and asks `/api/health` every 250 ms throughout.
//
// Usage: node flood.mjs [--quick] [--sockets 20] [--trials 40] [--workers 2] [--keep]
//   --quick: 20 trials (so that one slow trial on a busy machine is not the p95 by itself)
// Env: OMB_AGENT_JAR, OMB_JAVA_OPTS. Exit: 0 p95 <= 300 ms and every health answer 200 within 2 s,
// 1 otherwise, 2 could not run.
import fs from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as L from './lib.mjs';

const P95_LIMIT_MS = 300;
const HEALTH_DEADLINE_MS = 2000;
// The event kinds a stranger may send: replies for everyone, a room join, and a parent-only operation.
const KINDS = [
  ['client_ping', () => ({ timestamp: Date.now() })],
  ['health_check', () => ({})],
  ['client_request_current_state', () => ({})],
  ['sync_request', () => ({ last_global_seq: 0 })],
  ['join:playlists', () => ({})],
  ['player:sleep_timer', () => ({ minutes: 5, client_op_id: 'flood' })],
];

if (!isMainThread) {
  // Flood worker: its share of the sockets, each keeping up to 500 events queued in its client.
  const { url, count } = workerData;
  let sent = 0; let received = 0; let running = true; let connected = 0; let dropped = 0;
  const sockets = [];
  for (let i = 0; i < count; i++) {
    const s = L.io(url, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
    s.onAny(() => { received++; });
    s.on('connect', () => { connected++; });
    s.on('disconnect', () => { if (running) dropped++; });
    sockets.push(s);
  }
  const pump = () => {
    if (!running) return;
    for (const s of sockets) {
      if (!s.connected) continue;
      const queued = s.io.engine?.writeBuffer?.length ?? 0;
      for (let k = queued; k < 500; k++) {
        const [name, payload] = KINDS[(sent + k) % KINDS.length];
        s.emit(name, payload());
        sent++;
      }
    }
    setImmediate(pump);
  };
  pump();
  parentPort.on('message', (m) => {
    if (m === 'stop') {
      running = false;
      for (const s of sockets) s.close();
      parentPort.postMessage({ sent, received, connected, dropped });
    }
  });
  setInterval(() => parentPort.postMessage({ progress: true, sent, connected }), 1000).unref();
} else {
  await main();
}

async function main() {
  const opt = L.args({ sockets: 20, trials: 40, workers: 2 }, { trials: 20 });
  const work = L.makeWorkDir('flood');
  let agent;
  try { agent = await L.startAgent({ workDir: work, dataDir: path.join(work, 'data') }); } catch (e) { console.error(e.message); process.exit(2); }
  const fail = async (msg) => { console.error(msg); console.error(L.tail(agent.logPath)); await agent.stop(); process.exit(2); };

  // A playlist with one 30 s track, linked to a tag.
  const TAG = '04a1b2c3';
  const playlist = (await L.call(agent, 'POST', '/api/playlists', { body: { title: 'Flood tag' } })).json?.data?.id;
  if (!playlist) await fail('setup: could not create the playlist');
  const wav = L.makeWav(30);
  const s = await L.call(agent, 'POST', `/api/playlists/${playlist}/uploads/session`, { body: { filename: 'flood.wav', file_size: wav.length } });
  const m = L.multipart('file', 'chunk', wav);
  await L.call(agent, 'PUT', `/api/playlists/${playlist}/uploads/${s.json?.data?.session_id}/chunks/0`, { body: m.body, headers: { 'content-type': m.contentType } });
  const f = await L.call(agent, 'POST', `/api/playlists/${playlist}/uploads/${s.json?.data?.session_id}/finalize`, { body: {} });
  if (f.status !== 200) await fail(`setup upload: ${f.status} ${f.text}`);
  const linked = await L.call(agent, 'POST', '/api/nfc/associate', { body: { playlist_id: playlist, tag_id: TAG } });
  if (linked.status !== 200) await fail(`setup link: ${linked.status} ${linked.text}`);

  // The parent's socket, in room playlists, sees every state:player.
  const parent = await L.connectSocket(agent);
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no ack:join')), 10_000);
    parent.once('ack:join', () => { clearTimeout(t); resolve(); });
    parent.emit('join:playlists', {});
  }).catch((e) => fail(`parent socket: ${e.message}`));
  let waiter = null;
  parent.on('state:player', (e) => { if (waiter && waiter.want(e?.data?.state)) { const w = waiter; waiter = null; w.resolve(performance.now()); } });
  const nextState = (want, timeoutMs) => new Promise((resolve) => {
    const t = setTimeout(() => { waiter = null; resolve(null); }, timeoutMs);
    waiter = { want: (st) => want.includes(st), resolve: (at) => { clearTimeout(t); resolve(at); } };
  });

  // Health from the measuring thread, every 250 ms, for the whole run.
  const health = { asked: 0, ok: 0, bad: [], worstMs: 0 };
  let healthRunning = true;
  const healthLoop = (async () => {
    while (healthRunning) {
      const t0 = performance.now();
      const r = await L.call(agent, 'GET', '/api/health', { token: null, timeoutMs: HEALTH_DEADLINE_MS });
      const ms = performance.now() - t0;
      health.asked++;
      health.worstMs = Math.max(health.worstMs, Math.round(ms));
      if (r.status === 200 && ms <= HEALTH_DEADLINE_MS) health.ok++; else if (health.bad.length < 20) health.bad.push(r.status ?? r.error);
      await L.sleep(250);
    }
  })();

  // The flood.
  const workers = [];
  const perWorker = Math.ceil(opt.sockets / opt.workers);
  for (let w = 0, left = opt.sockets; w < opt.workers && left > 0; w++, left -= perWorker) {
    workers.push(new Worker(fileURLToPath(import.meta.url), { workerData: { url: agent.io, count: Math.min(perWorker, left) } }));
  }
  const progress = new Map();
  workers.forEach((w, i) => w.on('message', (msg) => { if (msg.progress) progress.set(i, msg); }));
  const floodStart = Date.now();
  for (let d = Date.now(); Date.now() - d < 15_000; await L.sleep(100)) {
    const up = [...progress.values()].reduce((n, p) => n + p.connected, 0);
    const sent = [...progress.values()].reduce((n, p) => n + p.sent, 0);
    if (up >= opt.sockets && (opt.sockets === 0 || sent > 5000)) break;
  }

  // The trials: place the tag, wait for playing; lift it, wait for paused.
  const latencies = []; const httpMs = []; const missed = [];
  for (let i = 0; i < opt.trials; i++) {
    const playing = nextState(['playing'], 5000);
    const t0 = performance.now();
    const placed = await L.call(agent, 'POST', `/api/nfc/simulator/tags/${TAG}`, { timeoutMs: 5000 });
    httpMs.push(Math.round(performance.now() - t0));
    const at = await playing;
    if (at === null) { missed.push({ trial: i, http: placed.status ?? placed.error }); latencies.push(5000); } else latencies.push(Math.round(at - t0));
    const paused = nextState(['paused', 'stopped'], 5000);
    await L.call(agent, 'DELETE', `/api/nfc/simulator/tags/${TAG}`, { timeoutMs: 5000 });
    await paused;
    await L.sleep(100);
  }
  const floodSeconds = (Date.now() - floodStart) / 1000;

  const totals = await Promise.all(workers.map((w) => new Promise((resolve) => {
    w.on('message', (msg) => { if (!msg.progress) resolve(msg); });
    w.postMessage('stop');
  })));
  await Promise.all(workers.map((w) => w.terminate()));
  healthRunning = false;
  await healthLoop;
  parent.close();
  const alive = agent.exit === null;
  const rss = L.rssMiB(agent.pid);
  await agent.stop();

  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const sent = totals.reduce((n, t) => n + t.sent, 0);
  const result = {
    machine: L.machine(), date: new Date().toISOString(), sockets: opt.sockets, trials: opt.trials,
    flood_events_sent: sent, flood_events_per_s: Math.round(sent / floodSeconds), flood_replies_received: totals.reduce((n, t) => n + t.received, 0),
    flood_sockets_dropped: totals.reduce((n, t) => n + t.dropped, 0),
    tag_to_playing_ms: { p50: pct(50), p95: pct(95), max: sorted[sorted.length - 1], all: latencies },
    tag_http_answer_ms: { p50: [...httpMs].sort((a, b) => a - b)[Math.floor(httpMs.length / 2)], max: Math.max(...httpMs) },
    missed_trials: missed, health, agent_alive: alive, rss_after_mib: rss,
  };
  console.log(JSON.stringify(result, null, 1));
  const ok = alive && pct(95) <= P95_LIMIT_MS && health.ok === health.asked && health.asked > 0;
  console.log(`flood ${opt.sockets} sockets, ${result.flood_events_per_s} events/s sent; tag to playing p50 ${pct(50)} ms, `
    + `p95 ${pct(95)} ms (limit ${P95_LIMIT_MS}), max ${result.tag_to_playing_ms.max} ms, missed ${missed.length}; `
    + `health ${health.ok}/${health.asked} answered 200 within ${HEALTH_DEADLINE_MS} ms (worst ${health.worstMs} ms); ${ok ? 'PASS' : 'FAIL'}`);
  if (opt.keep) console.log(`kept ${work}`); else fs.rmSync(work, { recursive: true, force: true });
  process.exit(ok ? 0 : 1);
}
