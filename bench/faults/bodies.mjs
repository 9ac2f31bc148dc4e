#!/usr/bin/env node
// Oversized bodies: rounds of 100 concurrent Engine.IO polling POSTs of about 1.9 MB each, first without
// a session id, then naming a live session, while three parent sockets watch a playlist being renamed
// every 200 ms and a new client connects in every round. Run with the design's JVM flags (lib.mjs:
// -Xmx64m, -XX:MaxDirectMemorySize=32m, unpooled buffers), where reading such bodies whole ran out of
// direct memory.
//
// Usage: node bodies.mjs [--quick] [--rounds 5] [--concurrent 100] [--bytes 1900000] [--addresses 4] [--keep]
//   --addresses A: the POSTs come from 127.0.0.2 .. 127.0.0.(1+A); the parents from 127.0.0.1
//   --quick: 2 rounds of each kind
// Env: OMB_AGENT_JAR, OMB_JAVA_OPTS. Exit: 0 no OutOfMemoryError, agent up, every new client connected,
// no parent socket dropped, no rename lost and health answered; 1 otherwise; 2 could not run.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as L from './lib.mjs';

const opt = L.args({ rounds: 5, concurrent: 100, bytes: 1_900_000, addresses: 4 }, { rounds: 2 });
const work = L.makeWorkDir('bodies');
let agent;
try { agent = await L.startAgent({ workDir: work, dataDir: path.join(work, 'data') }); } catch (e) { console.error(e.message); process.exit(2); }
const ioPort = Number(new URL(agent.io).port);

/** One raw POST; resolves with the status the agent answered, or how the connection ended without one. */
function post(query, body, localAddress) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port: ioPort, localAddress });
    let head = ''; let done = false;
    const finish = (what) => { if (!done) { done = true; sock.destroy(); resolve(what); } };
    sock.setTimeout(30_000, () => finish('timeout'));
    sock.on('connect', () => {
      sock.write(`POST /socket.io/?${query} HTTP/1.1\r\nHost: 127.0.0.1:${ioPort}\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ${body.length}\r\n\r\n`);
      sock.write(body);
    });
    sock.on('data', (d) => { head += d.toString('latin1'); const m = /^HTTP\/1\.1 (\d{3})/.exec(head); if (m) finish(Number(m[1])); });
    sock.on('error', (e) => finish(e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'reset' : e.code ?? e.message));
    sock.on('close', () => finish('closed'));
  });
}

async function handshakeSid() {
  const r = await fetch(`${agent.io}/socket.io/?EIO=4&transport=polling`);
  const text = await r.text();
  return JSON.parse(text.slice(1)).sid;
}

// Three parents watching renames, as in soak.mjs.
const target = (await L.call(agent, 'POST', '/api/playlists', { body: { title: 'Bodies t0' } })).json?.data?.id;
const watchers = [];
for (let i = 0; i < 3; i++) {
  const s = await L.connectSocket(agent);
  const w = { s, seen: new Set(), dropped: false };
  s.on('state:playlist_updated', (p) => w.seen.add(p.event_id));
  s.on('disconnect', () => { if (!w.closing) w.dropped = true; });
  await new Promise((resolve) => { s.once('ack:join', resolve); s.emit('join:playlists', {}); });
  watchers.push(w);
}
let renames = 0; let renameFailures = 0; let renaming = true;
const renameLoop = (async () => {
  while (renaming) {
    const r = await L.call(agent, 'PUT', `/api/playlists/${target}`, { body: { title: `Bodies t${renames + 1}` }, timeoutMs: 10_000 });
    if (r.status === 200) renames++; else renameFailures++;
    await L.sleep(200);
  }
})();
const health = { asked: 0, ok: 0, bad: [] };
const healthLoop = (async () => {
  while (renaming) {
    const r = await L.call(agent, 'GET', '/api/health', { token: null, timeoutMs: 2000 });
    health.asked++;
    if (r.status === 200) health.ok++; else if (health.bad.length < 10) health.bad.push(r.status ?? r.error);
    await L.sleep(250);
  }
})();

const filler = (n, prefix) => { const b = Buffer.alloc(n, 0x61); b.write(prefix, 0, 'latin1'); b.write('"]', n - 2, 'latin1'); return b; };
const phases = [];
const newClients = { tried: 0, connected: 0, errors: [] };
let rssMax = L.rssMiB(agent.pid);
for (const kind of ['no session', 'live session']) {
  const outcomes = {}; let ms = 0;
  for (let round = 0; round < opt.rounds; round++) {
    const sid = kind === 'live session' ? await handshakeSid() : null;
    const query = sid ? `EIO=4&transport=polling&sid=${sid}` : 'EIO=4&transport=polling';
    // With a session: one socket.io event the agent does not know, a valid packet of the full size.
    const body = filler(opt.bytes, '42["unknown_event","');
    const t0 = Date.now();
    const joining = L.connectSocket(agent).then((s) => { newClients.connected++; s.close(); }, (e) => { newClients.errors.push(e.message); });
    newClients.tried++;
    // From other addresses than the parents' (127.0.0.1), spread so that every POST gets past the
    // per-address connection cap and reaches the body checks.
    const results = await Promise.all(Array.from({ length: opt.concurrent }, (_, i) => post(query, body, `127.0.0.${2 + (i % opt.addresses)}`)));
    await joining;
    ms += Date.now() - t0;
    for (const r of results) outcomes[r] = (outcomes[r] ?? 0) + 1;
    rssMax = Math.max(rssMax, L.rssMiB(agent.pid) ?? 0);
  }
  phases.push({ kind, rounds: opt.rounds, posts: opt.rounds * opt.concurrent, outcomes, ms_per_round: Math.round(ms / opt.rounds) });
}

renaming = false;
await renameLoop; await healthLoop;
for (let d = Date.now(); Date.now() - d < 10_000 && watchers.some((w) => w.seen.size < renames); ) await L.sleep(100);
const lost = watchers.reduce((n, w) => n + Math.max(0, renames - w.seen.size), 0);
let after = null;
try { const s = await L.connectSocket(agent); after = 'connected'; s.close(); } catch (e) { after = e.message; }
for (const w of watchers) { w.closing = true; w.s.close(); }
const alive = agent.exit === null;
const healthAfter = (await L.call(agent, 'GET', '/api/health', { token: null })).status;
await agent.stop();
const log = fs.readFileSync(agent.logPath, 'utf8');
const oom = (log.match(/OutOfMemoryError/g) ?? []).length;
const refusalLines = (log.match(/Socket\.IO request from .* refused/g) ?? []).length;

const result = {
  machine: L.machine(), date: new Date().toISOString(), body_bytes: opt.bytes, concurrent: opt.concurrent, phases,
  out_of_memory_lines: oom, agent_alive: alive, health_after: healthAfter, health,
  new_clients: newClients, client_after: after, renames, rename_failures: renameFailures, renames_lost: lost,
  watchers_dropped: watchers.filter((w) => w.dropped).length, rss_max_mib: rssMax, refusal_log_lines: refusalLines,
};
console.log(JSON.stringify(result, null, 1));
const ok = oom === 0 && alive && healthAfter === 200 && newClients.connected === newClients.tried && after === 'connected'
  && lost === 0 && renameFailures === 0 && health.ok === health.asked && watchers.every((w) => !w.dropped);
console.log(`${phases.map((p) => `${p.kind}: ${p.posts} posts of ${opt.bytes} B -> ${JSON.stringify(p.outcomes)}`).join('; ')}; `
  + `OutOfMemoryError ${oom}; new clients ${newClients.connected}/${newClients.tried}; renames lost ${lost} of ${renames}; `
  + `health ${health.ok}/${health.asked}; RSS max ${rssMax} MiB; ${ok ? 'PASS' : 'FAIL'}`);
if (opt.keep) console.log(`kept ${work}`); else fs.rmSync(work, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
