// Shared helpers of the fault and load suite: start the agent jar (design JVM flags, parent access
// token set), raw HTTP calls that report a dropped connection, RSS sampling, a WAV made on the fly.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESIGN_JAVA_OPTS, freePort, javaOptsFromEnv, startAgent as startJar } from '../agent.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
const require = createRequire(path.join(REPO, 'bench', 'fanout', 'package.json'));
export const { io } = require('socket.io-client');

export const TOKEN = 'fault-suite-parent-token';
export const JAVA_OPTS = DESIGN_JAVA_OPTS;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function args(defaults, quick) {
  const o = { ...defaults };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--quick') Object.assign(o, quick, { quick: true });
    else if (a[i] === '--keep') o.keep = true;
    else if (a[i].startsWith('--')) {
      const k = a[i].slice(2);
      if (!(k in defaults)) { console.error(`unknown argument ${a[i]}`); process.exit(2); }
      o[k] = typeof defaults[k] === 'number' ? Number(a[++i]) : a[++i];
    }
  }
  return o;
}

export { freePort };

export function makeWorkDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `omb-faults-${name}-`));
}

/**
 * Starts the agent on dataDir; resolves once /api/health answers 200. It runs a private copy of the
 * jar in workDir and appends its output to workDir/agent.log (kept with --keep). Unlike the protocol
 * suite it runs the design JVM flags (the faults are judged at the box's footprint) with a parent
 * token set (the guards under test are the ones a parent's box runs), a silent output, a simulated
 * reader and no buttons, and without JAVA_TOOL_OPTIONS (the flags must be the ones measured).
 */
export async function startAgent({ workDir, dataDir, env = {}, timeoutMs = 60_000 }) {
  const agent = await startJar({
    dataDir, copyJarTo: workDir, cwd: workDir, logFile: path.join(workDir, 'agent.log'),
    javaOpts: javaOptsFromEnv(JAVA_OPTS), unsetEnv: ['JAVA_TOOL_OPTIONS'], startTimeoutMs: timeoutMs,
    env: {
      OMB_AUTH_TOKEN: TOKEN, OMB_AUDIO_OUTPUT: 'silent', OMB_NFC_READER: 'simulated', OMB_CONTROLS_ENABLED: 'false', ...env,
    },
  });
  // The fault scripts only ever wait for the agent to go: after 15 s of SIGTERM it is killed.
  const stopJar = agent.stop;
  agent.stop = () => stopJar({ signal: 'SIGTERM', timeoutMs: 15_000 });
  return agent;
}

export function tail(file, lines = 30) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

/**
 * One raw HTTP request. body: undefined | string | Buffer | object (JSON). Resolves with
 * {status, text, json} or {dropped: true, error} when the connection ended without an answer.
 */
export function call(agent, method, rawPath, { body, token = TOKEN, headers = {}, timeoutMs = 15_000, localAddress } = {}) {
  return new Promise((resolve) => {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let data;
    if (body !== undefined) {
      data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
      h['content-length'] = data.length;
    }
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port: agent.httpPort, method, path: rawPath, headers: h, localAddress, agent: false }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, text, json });
      });
      res.on('error', (err) => resolve({ status: res.statusCode, text: '', json: null, bodyError: err.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (err) => { if (!answered) resolve({ dropped: true, error: err.message }); });
    if (data) req.write(data);
    req.end();
  });
}

export function rssMiB(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch { return null; }
}

/** Every playlist with its full detail (tracks), sorted by id: the library as a client sees it. */
export async function librarySnapshot(agent) {
  const list = [];
  for (let page = 1; page < 100; page++) {
    const r = await call(agent, 'GET', `/api/playlists?page=${page}&limit=100`);
    if (r.status !== 200) throw new Error(`GET /api/playlists answered ${r.status ?? r.error}: ${String(r.text).slice(0, 300)}`);
    const items = r.json?.data?.playlists;
    list.push(...items);
    if (items.length < 100) break;
  }
  const out = [];
  for (const p of list.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const d = await call(agent, 'GET', `/api/playlists/${encodeURIComponent(p.id)}`);
    if (d.status !== 200) throw new Error(`GET /api/playlists/${p.id} answered ${d.status ?? d.error}`);
    out.push({ summary: p, detail: d.json?.data?.playlist ?? d.json?.data });
  }
  return out;
}

/** A PCM WAV (16-bit mono 8 kHz) of `seconds` of a quiet tone. */
export function makeWav(seconds, freq = 440) {
  const rate = 8000;
  const n = Math.floor(rate * seconds);
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0); b.writeUInt32LE(36 + n * 2, 4); b.write('WAVE', 8); b.write('fmt ', 12);
  b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28); b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34); b.write('data', 36); b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * freq * i) / rate)), 44 + i * 2);
  return b;
}

/** multipart/form-data body with one file field. */
export function multipart(field, filename, data) {
  const boundary = `----ombfaults${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const end = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, data, end]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function machine() {
  const cpu = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  const git = spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']).stdout?.toString().trim();
  return `${os.availableParallelism()} CPUs ${cpu ? cpu[1].trim() : ''}, ${Math.round(os.totalmem() / 1073741824)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, commit ${git}`;
}

/** A socket.io client that resolves once connection_status has arrived. */
export function connectSocket(agent, { token = TOKEN, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const s = io(agent.io, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs, ...(token ? { auth: { token } } : {}) });
    const t = setTimeout(() => { s.close(); reject(new Error('no connection_status')); }, timeoutMs);
    s.once('connection_status', (st) => { clearTimeout(t); s.status = st; resolve(s); });
    s.once('connect_error', (e) => { clearTimeout(t); reject(e); });
  });
}

let stamp = 0;
/** client_ping / client_pong round trip: everything sent to the socket before it has arrived. */
export function probe(s, timeoutMs = 10_000) {
  const ts = stamp = Math.max(Date.now(), stamp + 1);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { s.off('client_pong', on); reject(new Error('no client_pong')); }, timeoutMs);
    const on = (p) => { if (p && p.timestamp === ts) { clearTimeout(t); s.off('client_pong', on); resolve(p); } };
    s.on('client_pong', on);
    s.emit('client_ping', { timestamp: ts });
  });
}
