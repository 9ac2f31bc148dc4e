#!/usr/bin/env node
// Idle connections: N partial HTTP requests (headers started, never finished) from A loopback addresses
// (127.0.0.2 and up), held open, while `/api/health` is asked every 250 ms from 127.0.0.1. Counts how the
// agent ended each connection, seen from the client: closed early (refused by a connection cap, or closed
// to make room for a newer one: the client cannot tell which), closed by the header-read timeout, or
// still open when the run ends.
//
// Usage: node idle.mjs [--quick] [--connections 20000] [--addresses 100] [--hold 12] [--keep]
//   --quick: 2000 connections from 20 addresses
//   --hold S: seconds to keep holding after the last connection opened (longer than the agent's
//             header-read timeout, 10 s by default, to see it at work)
// This process can open only as many connections at once as its open-file limit allows (it cannot
// raise it); it never has more than that minus 300 open, and says so.
// Env: OMB_AGENT_JAR, OMB_JAVA_OPTS. Exit: 0 every health answer 200 within 2 s and the agent up with
// no "Too many open files"; 1 otherwise; 2 could not run.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as L from './lib.mjs';

const HEALTH_DEADLINE_MS = 2000;
const HEADER_TIMEOUT_MS = 10_000;
const opt = L.args({ connections: 20000, addresses: 100, hold: 12 }, { connections: 2000, addresses: 20 });

const limits = fs.readFileSync('/proc/self/limits', 'utf8');
const fileLimit = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 1024);
const maxOpen = Math.max(100, fileLimit - 300);

const work = L.makeWorkDir('idle');
let agent;
try { agent = await L.startAgent({ workDir: work, dataDir: path.join(work, 'data') }); } catch (e) { console.error(e.message); process.exit(2); }

const health = { asked: 0, ok: 0, bad: [], worstMs: 0 };
let running = true;
const healthLoop = (async () => {
  while (running) {
    const t0 = performance.now();
    const r = await L.call(agent, 'GET', '/api/health', { token: null, timeoutMs: HEALTH_DEADLINE_MS, localAddress: '127.0.0.1' });
    const ms = Math.round(performance.now() - t0);
    health.asked++;
    health.worstMs = Math.max(health.worstMs, ms);
    if (r.status === 200) health.ok++; else if (health.bad.length < 20) health.bad.push({ at_s: Math.round((Date.now() - start) / 1000), what: r.status ?? r.error });
    await L.sleep(250);
  }
})();

const counts = { opened: 0, connect_failed: 0, closed_early: 0, closed_by_header_timeout: 0, still_open: 0 };
let open = 0; let maxHeld = 0; let waitsForFiles = 0;
const live = new Set();
const start = Date.now();
function one(i) {
  return new Promise((resolve) => {
    const localAddress = `127.0.0.${2 + (i % opt.addresses)}`;
    const sock = net.connect({ host: '127.0.0.1', port: agent.httpPort, localAddress });
    let connectedAt = 0;
    open++;
    live.add(sock);
    sock.on('connect', () => {
      connectedAt = Date.now();
      counts.opened++;
      maxHeld = Math.max(maxHeld, live.size);
      sock.write('GET /api/health HTTP/1.1\r\nHost: box\r\nX-Never-Finished: ');
      resolve();
    });
    sock.on('error', () => { /* the close below counts it */ });
    sock.on('close', () => {
      open--; live.delete(sock);
      if (!connectedAt) { counts.connect_failed++; resolve(); return; }
      if (sock.endedByUs) return;
      const held = Date.now() - connectedAt;
      if (held >= HEADER_TIMEOUT_MS - 500) counts.closed_by_header_timeout++;
      else counts.closed_early++;
    });
  });
}
for (let i = 0; i < opt.connections; ) {
  if (open >= maxOpen) { waitsForFiles++; await L.sleep(20); continue; }
  const batch = Math.min(200, opt.connections - i, maxOpen - open);
  await Promise.all(Array.from({ length: batch }, (_, k) => one(i + k)));
  i += batch;
}
const openedIn = (Date.now() - start) / 1000;
const heldAfterOpening = live.size;
await L.sleep(opt.hold * 1000);
running = false;
await healthLoop;
counts.still_open = live.size;
for (const s of live) { s.endedByUs = true; s.destroy(); }
const alive = agent.exit === null;
const healthAfter = (await L.call(agent, 'GET', '/api/health', { token: null, localAddress: '127.0.0.1' })).status;
const rss = L.rssMiB(agent.pid);
await agent.stop();
const log = fs.readFileSync(agent.logPath, 'utf8');
const tooMany = (log.match(/Too many open files/g) ?? []).length;
const logLines = log.split('\n').filter((l) => /HTTP connection from/.test(l)).length;

const result = {
  machine: L.machine(), date: new Date().toISOString(), connections: opt.connections, addresses: opt.addresses,
  bench_file_limit: fileLimit, bench_max_open: maxOpen, waits_for_files: waitsForFiles,
  opened_in_s: Math.round(openedIn * 10) / 10, max_held_at_once: maxHeld, held_after_opening: heldAfterOpening, ...counts,
  health, health_after: healthAfter, agent_alive: alive, too_many_open_files: tooMany, refusal_log_lines: logLines, rss_after_mib: rss,
};
console.log(JSON.stringify(result, null, 1));
const ok = alive && tooMany === 0 && healthAfter === 200 && health.asked > 0 && health.ok === health.asked && health.worstMs <= HEALTH_DEADLINE_MS;
console.log(`${opt.connections} partial requests from ${opt.addresses} addresses in ${result.opened_in_s} s: closed early (refused or made room) ${counts.closed_early}, `
  + `closed by header timeout ${counts.closed_by_header_timeout}, still open ${counts.still_open}, `
  + `connect failed ${counts.connect_failed}; most held at once ${maxHeld}; health ${health.ok}/${health.asked} within ${HEALTH_DEADLINE_MS} ms `
  + `(worst ${health.worstMs} ms); ${ok ? 'PASS' : 'FAIL'}`);
if (opt.keep) console.log(`kept ${work}`); else fs.rmSync(work, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
