#!/usr/bin/env node
// Fan-out benchmark for the edge agent: N Socket.IO clients in room `playlists`, M events/s.
//
// Starts the agent jar itself (fresh temp data dir, free loopback ports, small-footprint JVM flags),
// connects N socket.io-client 4.x clients over WebSocket, each joins `playlists`, creates one
// playlist over HTTP, then for D seconds renames it M times a second (PUT /api/playlists/{id}) on a
// fixed wall-clock schedule. Every rename makes the agent emit one `state:playlist_updated` envelope
// to room `playlists`; every client counts what it gets and measures
//   delivery latency   = receive Date.now() - envelope.timestamp (agent epoch ms, same clock)
//   end-to-end latency = receive time - time the PUT that caused it was sent
// The agent's RSS is sampled every second from /proc/<pid>/status. Node's own event-loop delay and
// both processes' CPU use are recorded so a high latency can be blamed on the right side.
//
// Usage: node fanout.mjs [--clients 200] [--rate 5] [--seconds 60 | --updates N] [--drain 5] [--smoke]
//                        [--workers 1] [--jar path] [--out file] [--no-write] [--keep]
//   --smoke      20 clients, 5 events/s, 5 s (the size CI runs)
//   --updates N  N renames in all (at --rate a second) instead of --seconds; issue 19's run is
//                --clients 200 --updates 100
//   --workers K  spread the clients over K worker threads (K event loops) instead of one
//   --drain S    after the last send, wait at most S s for the last events
//   --keep       keep the temp dir with agent.log and the data dir
//   --no-deflate clients do not offer permessage-deflate (browsers and socket.io-client do by default)
//   --http-port  clients connect to /socket.io on the HTTP port (as the page does) instead of the Socket.IO port
//   --jar P      the agent jar (default $OMB_AGENT_JAR or edge-agent/target/edge-agent.jar; a private copy is run)
//   --out F      where to write the JSON (default results/<date>-<clients>x<rate>[-w<K>][-nodeflate][-httpport][-smoke].json)
//   --no-write   print the result block only
// Env:   OMB_JAVA_OPTS  replaces the default JVM flags; JAVA (default: java on PATH)
// Exit:  0 when every client got every event exactly once and every PUT succeeded, 1 otherwise,
//        2 when the benchmark could not run (agent did not start, clients could not join, ...).

import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';
import { AGENT_JAR, DESIGN_JAVA_OPTS, javaOptsFromEnv, startAgent as startJar } from '../agent.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

export const DEFAULT_JAVA_OPTS = DESIGN_JAVA_OPTS;

const EVENT = 'state:playlist_updated';

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const o = {
    clients: 200, rate: 5, seconds: 60, drain: 5, smoke: false,
    jar: AGENT_JAR,
    out: null, write: true, keep: false,
    startTimeout: 60, joinTimeout: 60, connectBatch: 20, workers: 1, deflate: true, httpPort: false,
  };
  const num = (name, v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) die(`--${name} needs a positive number, got ${v}`);
    return n;
  };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const val = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--clients': o.clients = Math.floor(num('clients', val())); break;
      case '--rate': o.rate = num('rate', val()); break;
      case '--seconds': o.seconds = num('seconds', val()); break;
      case '--updates': o.updates = Math.floor(num('updates', val())); break;
      case '--drain': o.drain = num('drain', val()); break;
      case '--workers': o.workers = Math.floor(num('workers', val())); break;
      case '--jar': o.jar = path.resolve(val()); break;
      case '--out': o.out = path.resolve(val()); break;
      case '--no-write': o.write = false; break;
      case '--no-deflate': o.deflate = false; break;
      case '--http-port': o.httpPort = true; break;
      case '--keep': o.keep = true; break;
      case '--smoke': o.smoke = true; break;
      case '-h': case '--help':
        {
          const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
          const end = lines.findIndex((l) => !l.startsWith('//'));
          console.log(lines.slice(0, end).map((l) => l.slice(3)).join('\n'));
        }
        process.exit(0);
        break;
      default: die(`unknown argument ${a} (try --help)`);
    }
  }
  if (o.smoke) { o.clients = 20; o.rate = 5; o.seconds = 5; }
  if (o.updates) o.seconds = o.updates / o.rate;
  return o;
}

function die(msg) {
  console.error(`fanout: ${msg}`);
  process.exit(2);
}

// ---------------------------------------------------------------- small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

function summarize(values) {
  const a = Float64Array.from(values).sort();
  if (a.length === 0) return { count: 0, min: null, p50: null, p95: null, p99: null, max: null, mean: null };
  let sum = 0;
  for (const v of a) sum += v;
  const r = (x) => Math.round(x * 100) / 100;
  return {
    count: a.length, min: r(a[0]), p50: r(percentile(a, 50)), p95: r(percentile(a, 95)),
    p99: r(percentile(a, 99)), max: r(a[a.length - 1]), mean: r(sum / a.length),
  };
}

const mib = (kb) => (kb == null ? null : Math.round((kb / 1024) * 10) / 10);

function readProcStatus(pid) {
  try {
    const txt = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(txt);
    const anon = /^RssAnon:\s+(\d+)\s+kB/m.exec(txt);
    const file = /^RssFile:\s+(\d+)\s+kB/m.exec(txt);
    const thr = /^Threads:\s+(\d+)/m.exec(txt);
    return {
      rssKb: rss ? Number(rss[1]) : null, anonKb: anon ? Number(anon[1]) : null, fileKb: file ? Number(file[1]) : null,
      threads: thr ? Number(thr[1]) : null,
    };
  } catch {
    return { rssKb: null, anonKb: null, fileKb: null, threads: null };
  }
}

let CLK_TCK = 100;
try { CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { /* default */ }

/** CPU seconds (user+system) the process has used so far, from /proc/<pid>/stat. */
function procCpuSeconds(pid) {
  try {
    const txt = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = txt.slice(txt.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

const nodeCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Output of a short command (stdout, else stderr: `java -version` prints there), or null. */
function tryExec(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
  if (r.error) return null;
  const out = (r.stdout || '').toString().trim();
  return out || (r.stderr || '').toString().trim() || null;
}

function machineInfo(javaBin) {
  const cpuinfo = (() => { try { return fs.readFileSync('/proc/cpuinfo', 'utf8'); } catch { return ''; } })();
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo);
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu_model: model ? model[1].trim() : (os.cpus()[0] || {}).model || null,
    mem_total_mib: Math.round(os.totalmem() / 1048576),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    java_version: tryExec(javaBin, ['-version']),
    node_version: process.version,
    socket_io_client: (() => {
      try {
        return JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', 'socket.io-client', 'package.json'), 'utf8')).version;
      } catch { return null; }
    })(),
    loadavg_at_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
    git_commit: tryExec('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']),
    git_dirty: (spawnSync('git', ['-C', REPO, 'status', '--porcelain', '--untracked-files=no']).stdout || '').toString().trim().length > 0,
  };
}

// ---------------------------------------------------------------- the agent

/**
 * Starts the agent with the design JVM flags on a private copy of the jar in dataDir (output in
 * dataDir/agent.log). Parent access is off: the benchmark measures fan-out, not parent access. All
 * the clients come from one address here; on a box they would be many devices, each far below the
 * per-address cap, so the caps are raised to fit the clients.
 */
async function startAgent(opts, dataDir) {
  let agent;
  try {
    agent = await startJar({
      jar: opts.jar, copyJarTo: dataDir, cwd: dataDir, dataDir: path.join(dataDir, 'data'),
      logFile: path.join(dataDir, 'agent.log'), javaOpts: javaOptsFromEnv(DEFAULT_JAVA_OPTS),
      unsetEnv: ['OMB_AUTH_TOKEN', 'JAVA_TOOL_OPTIONS'], startTimeoutMs: opts.startTimeout * 1000,
      env: {
        OMB_AUTH_MODE: 'off',
        OMB_SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS: String(opts.clients + 64),
        OMB_SOCKETIO_MAX_CONNECTIONS: String(Math.max(1024, opts.clients + 64)),
      },
    });
  } catch (e) {
    throw Object.assign(e, { code: 2 });
  }
  const jarStat = await fsp.stat(agent.jar);
  agent.jarInfo = {
    path: opts.jar, bytes: jarStat.size, modified: (await fsp.stat(opts.jar)).mtime.toISOString(),
    sha256: createHash('sha256').update(await fsp.readFile(agent.jar)).digest('hex').slice(0, 16),
  };
  agent.base = agent.http;
  agent.socketPort = agent.ioPort;
  return agent;
}

/** SIGTERM, then SIGKILL after 10 s; the exit (with `forced` when killed) goes into the result. */
async function stopAgent(agent) {
  if (!agent) return undefined;
  return agent.stop({ signal: 'SIGTERM', timeoutMs: 10_000 });
}

// ---------------------------------------------------------------- clients
//
// A ClientGroup holds some of the clients and runs either in this thread (--workers 1, the default)
// or in a worker thread of its own (--workers K splits the clients over K event loops, to show how
// much of the latency is the client process itself). Times that cross threads are absolute
// (performance.timeOrigin + performance.now()).

const absNow = () => performance.timeOrigin + performance.now();
const ns2ms = (ns) => Math.round((ns / 1e6) * 100) / 100;

class ClientGroup {
  constructor({ url, first, count, batch, joinTimeout, deflate }) {
    Object.assign(this, { url, first, count, batch, joinTimeout, deflate });
    this.clients = [];
    this.loadStarted = false;
    this.closing = false;
    this.joined = 0;
    this.malformed = 0;
    this.disconnects = 0;
    this.disconnectReasons = {};
    this.delivery = []; // receive Date.now() - envelope.timestamp, one per reception
    this.recv = []; // [title index, absolute receive time], one per reception
    this.perEvent = new Map(); // event_id -> { ts, firstWall, first, last, n }
    this.eld = monitorEventLoopDelay({ resolution: 2 });
  }

  makeClient(idx) {
    const c = { idx, joined: false, received: 0, duplicates: 0, outOfOrder: 0, lastSeq: -1, seen: new Set(), disconnects: 0 };
    const socket = io(this.url, {
      path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000,
      // socket.io-client on Node offers permessage-deflate like browsers do; --no-deflate turns the offer off.
      ...(this.deflate ? {} : { perMessageDeflate: false }),
    });
    c.socket = socket;
    socket.on(EVENT, (env) => {
      const now = Date.now();
      const at = absNow();
      if (!env || typeof env !== 'object' || typeof env.event_id !== 'string') { this.malformed++; return; }
      if (!this.loadStarted) return;
      if (this.payloadBytes === undefined) this.payloadBytes = Buffer.byteLength(JSON.stringify(env));
      if (c.seen.has(env.event_id)) { c.duplicates++; return; }
      c.seen.add(env.event_id);
      c.received++;
      if (typeof env.server_seq === 'number') {
        if (env.server_seq <= c.lastSeq) c.outOfOrder++;
        c.lastSeq = env.server_seq;
      }
      if (typeof env.timestamp === 'number') this.delivery.push(now - env.timestamp);
      let ev = this.perEvent.get(env.event_id);
      if (!ev) {
        ev = { ts: env.timestamp, firstWall: now, first: at, last: at, n: 0 };
        this.perEvent.set(env.event_id, ev);
      }
      ev.last = at;
      ev.n++;
      const d = env.data;
      const title = d && ((d.updates && d.updates.title) || (d.playlist && d.playlist.title));
      const m = typeof title === 'string' ? /^t(\d+)$/.exec(title) : null;
      if (m) this.recv.push([Number(m[1]), at]);
    });
    socket.on('ack:join', (ack) => {
      if (ack && ack.room === 'playlists' && ack.success === true && !c.joined) {
        c.joined = true;
        this.joined++;
      }
    });
    socket.on('connect', () => socket.emit('join:playlists', {}));
    socket.on('disconnect', (reason) => {
      c.disconnects++;
      if (!this.closing) {
        this.disconnects++;
        this.disconnectReasons[reason] = (this.disconnectReasons[reason] || 0) + 1;
      }
    });
    return c;
  }

  /** Connects in batches; each client joins `playlists` and waits for its ack:join. */
  async join() {
    const deadline = performance.now() + this.joinTimeout * 1000;
    for (let i = 0; i < this.count; i += this.batch) {
      const batch = [];
      for (let j = i; j < Math.min(this.count, i + this.batch); j++) batch.push(this.makeClient(this.first + j));
      this.clients.push(...batch);
      while (batch.some((c) => !c.joined) && performance.now() < deadline) await sleep(10);
      if (performance.now() >= deadline) break;
    }
    return this.joined;
  }

  /** Idle phase: measures the loop's own baseline (the delay monitor's timer costs a little too). */
  startIdle() {
    this.eld.enable();
    this.eluIdle0 = performance.eventLoopUtilization();
    return true;
  }

  startLoad() {
    this.idleUtilization = this.eluIdle0 ? performance.eventLoopUtilization(this.eluIdle0).utilization : 0;
    this.loadStarted = true;
    this.eld.enable();
    this.eld.reset();
    this.elu0 = performance.eventLoopUtilization();
    return true;
  }

  /** The WebSocket extensions the server accepted, as the first client sees them. */
  extensions() {
    const c = this.clients[0];
    const ws = c && c.socket.io && c.socket.io.engine && c.socket.io.engine.transport && c.socket.io.engine.transport.ws;
    return ws ? (ws.extensions || '') : null;
  }

  minReceived() {
    return this.clients.reduce((m, c) => Math.min(m, c.received), Infinity);
  }

  finish() {
    this.eld.disable();
    const elu = performance.eventLoopUtilization(this.elu0);
    this.closing = true;
    for (const c of this.clients) { try { c.socket.disconnect(); } catch { /* closing anyway */ } }
    return {
      clients: this.clients.map((c) => ({ idx: c.idx, received: c.received, duplicates: c.duplicates,
        outOfOrder: c.outOfOrder, disconnects: c.disconnects })),
      delivery: this.delivery,
      recv: this.recv,
      perEvent: [...this.perEvent.entries()],
      malformed: this.malformed,
      payloadBytes: this.payloadBytes,
      disconnects: this.disconnects,
      disconnectReasons: this.disconnectReasons,
      loop: {
        p50: ns2ms(this.eld.percentile(50)), p99: ns2ms(this.eld.percentile(99)), max: ns2ms(this.eld.max),
        mean: ns2ms(this.eld.mean), utilization: Math.round(elu.utilization * 1000) / 1000,
        idle_utilization: Math.round(this.idleUtilization * 1000) / 1000,
        // busy time under load beyond the idle baseline
        extra_active_ms: Math.max(0, elu.active - this.idleUtilization * (elu.active + elu.idle)),
      },
    };
  }

  close() {
    this.closing = true;
    for (const c of this.clients) { try { c.socket.disconnect(); } catch { /* closing anyway */ } }
    return true;
  }
}

/** The same calls on a group in this thread or in a worker: join, startLoad, minReceived, finish, close. */
function localGroup(spec) {
  const g = new ClientGroup(spec);
  return { call: async (cmd) => g[cmd](), terminate: async () => g.close() };
}

function workerGroup(spec) {
  const w = new Worker(fileURLToPath(import.meta.url), { workerData: { role: 'clients', spec } });
  let next = 0;
  const waiting = new Map();
  w.on('message', ({ id, result, error }) => {
    const p = waiting.get(id);
    waiting.delete(id);
    if (p) (error ? p.reject(new Error(error)) : p.resolve(result));
  });
  w.on('error', (e) => { for (const p of waiting.values()) p.reject(e); waiting.clear(); });
  return {
    call: (cmd) => new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      w.postMessage({ id, cmd });
    }),
    terminate: async () => { await w.terminate(); },
  };
}

function runWorker() {
  const g = new ClientGroup(workerData.spec);
  parentPort.on('message', async ({ id, cmd }) => {
    try {
      parentPort.postMessage({ id, result: await g[cmd]() });
    } catch (e) {
      parentPort.postMessage({ id, error: String(e && e.message) });
    }
  });
}

// ---------------------------------------------------------------- HTTP

async function http(base, method, pathName, body) {
  const res = await fetch(base + pathName, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv);
  const startedAt = new Date();
  const machine = machineInfo(process.env.JAVA || 'java');
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'omb-fanout-'));
  let agent = null;
  let groups = [];
  const rss = []; // { t, phase, rssKb, threads }
  let phase = 'startup';
  let sampler = null;
  let result = null;
  let exitCode = 2;

  const cleanup = async () => {
    if (sampler) clearInterval(sampler);
    await Promise.allSettled(groups.map((g) => g.terminate()));
    const stopped = await stopAgent(agent);
    if (!opts.keep) await fsp.rm(dataDir, { recursive: true, force: true }).catch(() => {});
    return stopped;
  };
  const onSignal = async (sig) => {
    console.error(`fanout: ${sig}, stopping the agent`);
    await cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log(`fanout: ${opts.clients} clients, ${opts.rate} events/s, ${opts.seconds} s`
      + `${opts.workers > 1 ? `, clients in ${opts.workers} worker threads` : ''}${opts.smoke ? ' (smoke)' : ''}`);
    agent = await startAgent(opts, dataDir);
    const pid = agent.child.pid;
    console.log(`fanout: agent pid ${pid} up in ${Math.round(agent.startMs)} ms (http ${agent.httpPort}, socket.io ${agent.socketPort})`);
    const t0 = performance.now();
    const sample = () => {
      const st = readProcStatus(pid);
      if (st.rssKb != null) rss.push({ t: Math.round(performance.now() - t0), phase, ...st });
    };
    sample();
    sampler = setInterval(sample, 1000);
    await sleep(1500);
    const rssBare = readProcStatus(pid).rssKb;

    // Clients join `playlists`.
    phase = 'connect';
    const tc = performance.now();
    const url = `http://127.0.0.1:${opts.httpPort ? agent.httpPort : agent.socketPort}`;
    const k = Math.min(opts.workers, opts.clients);
    for (let w = 0, first = 0; w < k; w++) {
      const count = Math.floor(opts.clients / k) + (w < opts.clients % k ? 1 : 0);
      const spec = { url, first, count, batch: opts.connectBatch, joinTimeout: opts.joinTimeout, deflate: opts.deflate };
      groups.push(k === 1 ? localGroup(spec) : workerGroup(spec));
      first += count;
    }
    const joined = (await Promise.all(groups.map((g) => g.call('join')))).reduce((x, y) => x + y, 0);
    const joinMs = performance.now() - tc;
    if (joined < opts.clients) {
      throw Object.assign(new Error(`only ${joined}/${opts.clients} clients joined playlists within ${opts.joinTimeout}s`), { code: 2 });
    }
    const extensions = await groups[0].call('extensions');
    console.log(`fanout: ${joined} clients joined playlists in ${Math.round(joinMs)} ms; `
      + `WebSocket extensions: ${extensions || 'none'}`);

    // One playlist to rename.
    const created = await http(agent.base, 'POST', '/api/playlists', { title: 'fanout bench', description: 'bench/fanout' });
    const playlistId = created.json && created.json.data && created.json.data.id;
    if (created.status !== 201 || !playlistId) {
      throw Object.assign(new Error(`creating the playlist failed: ${created.status} ${created.text.slice(0, 300)}`), { code: 2 });
    }

    // Idle: clients joined, no load.
    phase = 'idle';
    await Promise.all(groups.map((g) => g.call('startIdle')));
    await sleep(3000);
    const idleSamples = rss.filter((x) => x.phase === 'idle');
    const rssIdle = idleSamples.length ? idleSamples[idleSamples.length - 1].rssKb : readProcStatus(pid).rssKb;
    const idleThreads = readProcStatus(pid).threads;

    // Load: PUT on a fixed wall-clock schedule; never wait for a reply before the next send.
    phase = 'load';
    await Promise.all(groups.map((g) => g.call('startLoad')));
    const total = Math.round(opts.rate * opts.seconds);
    const interval = 1000 / opts.rate;
    const lateThreshold = Math.min(interval / 2, 20);
    const puts = { ok: 0, failed: 0, failures: [], latencies: [], inFlight: 0, maxInFlight: 0 };
    const sentAt = new Float64Array(total).fill(NaN); // absolute ms
    let late = 0;
    let maxLateMs = 0;
    const pending = [];
    const mainEld = monitorEventLoopDelay({ resolution: 2 });
    mainEld.enable();
    const mainElu0 = performance.eventLoopUtilization();
    const cpu0 = { agent: procCpuSeconds(pid), node: nodeCpuSeconds(), t: performance.now() };
    const loadStart = performance.now();
    for (let i = 0; i < total; i++) {
      const due = loadStart + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const lateBy = performance.now() - due;
      if (lateBy > lateThreshold) late++;
      if (lateBy > maxLateMs) maxLateMs = lateBy;
      const sent = performance.now();
      sentAt[i] = performance.timeOrigin + sent;
      puts.inFlight++;
      if (puts.inFlight > puts.maxInFlight) puts.maxInFlight = puts.inFlight;
      pending.push(fetch(`${agent.base}/api/playlists/${playlistId}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: `t${i}` }),
        signal: AbortSignal.timeout(10_000),
      }).then(async (res) => {
        await res.arrayBuffer();
        puts.latencies.push(performance.now() - sent);
        if (res.status === 200) puts.ok++;
        else { puts.failed++; if (puts.failures.length < 10) puts.failures.push(`t${i}: HTTP ${res.status}`); }
      }, (err) => {
        puts.failed++;
        if (puts.failures.length < 10) puts.failures.push(`t${i}: ${err.name}: ${err.message}`);
      }).finally(() => { puts.inFlight--; }));
    }
    const loadEnd = performance.now();
    await Promise.all(pending);

    // Drain: wait for the last events, bounded.
    phase = 'drain';
    const expectedPerClient = puts.ok;
    const drainDeadline = performance.now() + opts.drain * 1000;
    while (performance.now() < drainDeadline) {
      const mins = await Promise.all(groups.map((g) => g.call('minReceived')));
      if (Math.min(...mins) >= expectedPerClient) break;
      await sleep(20);
    }
    const drainMs = performance.now() - loadEnd;
    const cpu1 = { agent: procCpuSeconds(pid), node: nodeCpuSeconds(), t: performance.now() };
    mainEld.disable();
    const mainElu = performance.eventLoopUtilization(mainElu0);
    const reports = await Promise.all(groups.map((g) => g.call('finish')));
    sample();
    phase = 'final';
    await sleep(1000);
    sample();
    clearInterval(sampler);
    sampler = null;

    // Merge what the groups saw.
    const clients = reports.flatMap((r) => r.clients);
    const delivery = reports.flatMap((r) => r.delivery);
    const endToEnd = [];
    for (const r of reports) for (const [i, at] of r.recv) if (Number.isFinite(sentAt[i])) endToEnd.push(at - sentAt[i]);
    const perEvent = new Map();
    for (const r of reports) {
      for (const [id, ev] of r.perEvent) {
        const m = perEvent.get(id);
        if (!m) perEvent.set(id, { ...ev });
        else {
          if (ev.first < m.first) { m.first = ev.first; m.firstWall = ev.firstWall; }
          if (ev.last > m.last) m.last = ev.last;
          m.n += ev.n;
        }
      }
    }
    const malformed = reports.reduce((x, r) => x + r.malformed, 0);
    const disconnects = reports.reduce((x, r) => x + r.disconnects, 0);
    const disconnectReasons = {};
    for (const r of reports) for (const [why, n] of Object.entries(r.disconnectReasons)) disconnectReasons[why] = (disconnectReasons[why] || 0) + n;

    // Figures.
    const expected = expectedPerClient * clients.length;
    const delivered = clients.reduce((x, c) => x + c.received, 0);
    const duplicates = clients.reduce((x, c) => x + c.duplicates, 0);
    const outOfOrder = clients.reduce((x, c) => x + c.outOfOrder, 0);
    const lost = clients.reduce((x, c) => x + Math.max(0, expectedPerClient - c.received), 0);
    const extra = clients.reduce((x, c) => x + Math.max(0, c.received - expectedPerClient), 0);
    const perClient = clients.map((c) => c.received).sort((x, y) => x - y);
    const loadSamples = rss.filter((x) => x.phase === 'load' || x.phase === 'drain');
    const peakKb = Math.max(...rss.map((x) => x.rssKb));
    const loadPeakKb = loadSamples.length ? Math.max(...loadSamples.map((x) => x.rssKb)) : null;
    const finalKb = rss[rss.length - 1].rssKb;
    const wall = (cpu1.t - cpu0.t) / 1000;
    const deliverySum = summarize(delivery);
    const e2eSum = summarize(endToEnd);
    const events = [...perEvent.values()];
    const firstLatency = summarize(events.filter((v) => typeof v.ts === 'number').map((v) => v.firstWall - v.ts));
    const spread = summarize(events.map((v) => v.last - v.first));
    const clientLoops = reports.map((r) => ({
      ...r.loop, busy_ms_per_event: events.length ? Math.round((r.loop.extra_active_ms / events.length) * 100) / 100 : null,
      extra_active_ms: undefined,
    }));
    const mainLoop = {
      p50: ns2ms(mainEld.percentile(50)), p99: ns2ms(mainEld.percentile(99)), max: ns2ms(mainEld.max),
      mean: ns2ms(mainEld.mean), utilization: Math.round(mainElu.utilization * 1000) / 1000,
    };
    const cpu = {
      agent_percent_of_one_core: cpu0.agent != null && cpu1.agent != null ? Math.round(((cpu1.agent - cpu0.agent) / wall) * 1000) / 10 : null,
      agent_seconds: cpu0.agent != null && cpu1.agent != null ? Math.round((cpu1.agent - cpu0.agent) * 100) / 100 : null,
      node_percent_of_one_core: Math.round(((cpu1.node - cpu0.node) / wall) * 1000) / 10,
      window_s: Math.round(wall * 10) / 10,
    };
    const worstLoop = clientLoops.reduce((m, l) => (l.p99 > m.p99 ? l : m), clientLoops[0]);
    const busiest = Math.max(...clientLoops.map((l) => l.busy_ms_per_event || 0));

    // Hints, not verdicts: the figures behind them are in the JSON. The spread is how long one
    // event takes to reach all clients. To tell the sides apart, compare runs: --workers 2 halves
    // the work per client event loop, --no-deflate takes per-client compression out on both sides.
    const notes = [];
    if (spread.p50 != null && spread.p50 > 5) {
      notes.push(`an event reaches its first client after p50 ${firstLatency.p50} ms and its last one ${spread.p50} ms later (p50); `
        + `the busiest client event loop is busy ${busiest} ms per event`);
    }
    if (extensions && extensions.includes('permessage-deflate')) {
      notes.push('permessage-deflate was negotiated: the agent compresses every event once per client');
    }
    if (deliverySum.p99 != null && deliverySum.p99 > 50) {
      notes.push(`delivery p99 ${deliverySum.p99} ms is over 50 ms; client event-loop delay p99 ${worstLoop.p99} ms, max ${worstLoop.max} ms`);
    }
    if (late > 0) notes.push(`${late} of ${total} sends started more than ${lateThreshold} ms late (max ${Math.round(maxLateMs)} ms)`);
    if (disconnects > 0) notes.push(`${disconnects} client disconnects during the run: ${JSON.stringify(disconnectReasons)}`);

    result = {
      benchmark: 'fanout',
      started_at: startedAt.toISOString(),
      command: `node bench/fanout/fanout.mjs ${process.argv.slice(2).join(' ')}`.trim(),
      config: {
        clients: opts.clients, rate: opts.rate, seconds: opts.seconds, updates: opts.updates ?? null, drain_deadline_s: opts.drain, smoke: opts.smoke,
        client_threads: k, offer_permessage_deflate: opts.deflate, websocket_extensions: extensions || null, event: EVENT, room: 'playlists', transport: 'websocket',
        socket_io_on: opts.httpPort ? 'http port' : 'socket.io port',
        trigger: 'PUT /api/playlists/{id} {"title":"t<i>"}', java_opts: agent.javaOpts.join(' '),
      },
      machine,
      agent: {
        jar: agent.jarInfo,
        start_to_health_ms: Math.round(agent.startMs), join_all_ms: Math.round(joinMs), threads_idle: idleThreads,
      },
      updates: {
        scheduled: total, sent_ok: puts.ok, http_failed: puts.failed, http_failures: puts.failures,
        late_sends: late, late_threshold_ms: lateThreshold, max_late_ms: Math.round(maxLateMs * 10) / 10,
        max_in_flight: puts.maxInFlight, http_latency_ms: summarize(puts.latencies),
        load_duration_s: Math.round((loadEnd - loadStart) / 100) / 10,
      },
      delivery: {
        expected, delivered, duplicates, lost, extra, out_of_order: outOfOrder,
        distinct_events_seen: perEvent.size, malformed, envelope_json_bytes: reports[0].payloadBytes ?? null,
        per_client_min: perClient[0], per_client_max: perClient[perClient.length - 1],
        clients_complete: clients.filter((c) => c.received === expectedPerClient).length,
        disconnects, drain_ms: Math.round(drainMs),
      },
      latency_ms: deliverySum,
      first_client_latency_ms: firstLatency,
      fanout_spread_ms: spread,
      end_to_end_ms: e2eSum,
      node_event_loop: { resolution_ms: 2, clients: clientLoops, driver: mainLoop },
      cpu,
      loadavg_at_end: os.loadavg().map((x) => Math.round(x * 100) / 100),
      rss_mib: {
        before_clients: mib(rssBare), idle: mib(rssIdle), peak_under_load: mib(loadPeakKb), peak: mib(peakKb),
        final: mib(finalKb),
      },
      rss_samples: rss.map((x) => ({ t_ms: x.t, phase: x.phase, rss_mib: mib(x.rssKb), anon_mib: mib(x.anonKb),
        file_mib: mib(x.fileKb), threads: x.threads })),
      notes,
      ok: lost === 0 && duplicates === 0 && extra === 0 && puts.failed === 0 && malformed === 0
        && puts.ok === total,
    };
    exitCode = result.ok ? 0 : 1;
  } catch (e) {
    console.error(`fanout: ${e.message}`);
    if (agent) {
      try { console.error(`fanout: agent log tail:\n${fs.readFileSync(agent.logPath, 'utf8').split('\n').slice(-20).join('\n')}`); } catch { /* no log */ }
    }
    exitCode = e.code === 2 ? 2 : 1;
  }

  const stopped = await cleanup();
  if (result) {
    result.agent.stop = stopped || null;
    printResult(result);
    if (opts.write) {
      const day = result.started_at.slice(0, 10);
      const suffix = `${opts.workers > 1 ? `-w${opts.workers}` : ''}${opts.deflate ? '' : '-nodeflate'}${opts.httpPort ? '-httpport' : ''}${opts.smoke ? '-smoke' : ''}`;
      const size = opts.updates ? `${result.config.clients}x${opts.updates}u` : `${result.config.clients}x${result.config.rate}`;
      const file = opts.out || path.join(HERE, 'results', `${day}-${size}${suffix}.json`);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.writeFile(file, JSON.stringify(result, null, 2) + '\n');
      console.log(`fanout: wrote ${path.relative(process.cwd(), file) || file}`);
    }
    if (opts.keep) console.log(`fanout: kept ${dataDir} (agent.log, data/)`);
  }
  process.exit(exitCode);
}

function printResult(r) {
  const d = r.delivery;
  const l = r.latency_ms;
  const e = r.end_to_end_ms;
  const lines = [
    '',
    '=== fan-out result ===',
    `clients            ${r.config.clients}`,
    `socket.io on       ${r.config.socket_io_on}`,
    `rate               ${r.config.rate} events/s`,
    `seconds            ${r.config.seconds}`,
    `updates sent       ${r.updates.sent_ok}/${r.updates.scheduled} ok, ${r.updates.http_failed} failed, ${r.updates.late_sends} late (max ${r.updates.max_late_ms} ms), max in flight ${r.updates.max_in_flight}`,
    `envelope           ${d.envelope_json_bytes} bytes of JSON; WebSocket extensions: ${r.config.websocket_extensions || 'none'}`,
    `expected           ${d.expected}`,
    `delivered          ${d.delivered}`,
    `duplicates         ${d.duplicates}`,
    `lost               ${d.lost}${d.extra ? ` (extra: ${d.extra})` : ''}`,
    `out of order       ${d.out_of_order}`,
    `per client         min ${d.per_client_min} / max ${d.per_client_max}, disconnects ${d.disconnects}`,
    `latency ms         p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}   (receive - envelope.timestamp)`,
    `first client ms    p50 ${r.first_client_latency_ms.p50}  p99 ${r.first_client_latency_ms.p99}   spread first->last p50 ${r.fanout_spread_ms.p50}  p99 ${r.fanout_spread_ms.p99}`,
    `end-to-end ms      p50 ${e.p50}  p95 ${e.p95}  p99 ${e.p99}  max ${e.max}   (receive - PUT sent)`,
    `http PUT ms        p50 ${r.updates.http_latency_ms.p50}  p99 ${r.updates.http_latency_ms.p99}  max ${r.updates.http_latency_ms.max}`,
    ...r.node_event_loop.clients.map((x, i) => `client loop ${r.node_event_loop.clients.length > 1 ? i : ' '} ms   delay p50 ${x.p50}  p99 ${x.p99}  max ${x.max}; utilisation ${x.utilization} (idle ${x.idle_utilization}), busy ${x.busy_ms_per_event} ms/event over idle`),
    `cpu (% of 1 core)  agent ${r.cpu.agent_percent_of_one_core}  node ${r.cpu.node_percent_of_one_core}; agent ${r.cpu.agent_seconds} s over ${r.cpu.window_s} s`,
    `RSS MiB            before clients ${r.rss_mib.before_clients}  idle ${r.rss_mib.idle}  peak ${r.rss_mib.peak}  final ${r.rss_mib.final}`,
    `agent start        ${r.agent.start_to_health_ms} ms to /api/health 200; ${r.config.clients} joins in ${r.agent.join_all_ms} ms`,
    ...r.notes.map((n) => `note               ${n}`),
    `result             ${r.ok ? 'OK' : 'FAILED'}`,
    '',
  ];
  console.log(lines.join('\n'));
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
} else if (workerData && workerData.role === 'clients') {
  runWorker();
}
