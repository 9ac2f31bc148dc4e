#!/usr/bin/env node
// kill -9 the edge agent at random moments during library edits, chunked uploads and playback, N times.
//
// One data dir for the whole run. Each round: start the agent, check what the last kill left, then run
// a random mix of library edits (create, rename, delete playlists) and chunked uploads of a WAV made on
// the fly (2.9 MB, 3 chunks of 1 MiB, finalized), with a playlist playing, and SIGKILL the agent after a
// random 50-1500 ms. The checks after each restart:
//   - the agent starts (GET /api/health 200) and GET /api/playlists (and each playlist) answers 200;
//   - every track's file_path (relative to media/) exists and has the track's file_size (no half-written file);
//   - no `*.part` / `*.tmp` temp file is left in media/ (reported; counted as a failure);
//   - every acknowledged edit is there (an answered create, rename, delete or finalize is not lost;
//     edits in flight at the kill may land or not);
//   - server_seq (connection_status) is not below the highest value any answer showed before the kill;
//   - the resume point: POST /api/playlists/{id}/start resumes at most 5 s (+0.3 s) before the position
//     the playlist had reached at the kill (last position seen + time from then to the kill).
//
// Usage: node kill9.mjs [--quick] [--rounds 50] [--seed N] [--keep]      --quick: 5 rounds
// Env: OMB_AGENT_JAR, OMB_JAVA_OPTS. Exit: 0 all checks held, 1 a check failed, 2 could not run.
import fs from 'node:fs';
import path from 'node:path';
import * as L from './lib.mjs';

const opt = L.args({ rounds: 50, seed: Date.now() % 100000 }, { rounds: 5 });
let seed = opt.seed >>> 0 || 1;
const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296; };
const ri = (n) => Math.floor(rnd() * n);
const pick = (a) => a[ri(a.length)];

const work = L.makeWorkDir('kill9');
const dataDir = path.join(work, 'data');
const media = path.join(dataDir, 'media');
const RESUME_LIMIT_MS = 5000;
const SLACK_MS = 300;

const known = new Map(); // playlist id -> title, acknowledged
const deleted = new Set();
const pending = new Set(); // ids with an edit in flight at the kill
const tracks = new Map(); // acknowledged track id -> playlist id
let maxSeq = 0;
const failures = [];
const tempsSeen = new Map(); // temp file -> round it was first seen
const rounds = [];
const fail = (round, what) => { failures.push({ round, what }); console.log(`  FAIL round ${round}: ${what}`); };
const noteSeq = (r) => { const s = r?.json?.server_seq ?? r?.json?.data?.server_seq; if (Number.isInteger(s) && s > maxSeq) maxSeq = s; };

const wav = L.makeWav(180, 330); // 2.88 MB: 3 chunks
const playWav = L.makeWav(600, 220); // 9.6 MB, 10 minutes: the playing track

async function upload(agent, pid, data, { finalize = true } = {}) {
  const s = await L.call(agent, 'POST', `/api/playlists/${pid}/uploads/session`, { body: { filename: `k${ri(1e6)}.wav`, file_size: data.length } });
  if (s.status !== 201) return { step: 'session', status: s.status ?? s.error };
  const { session_id: sid, chunk_size: cs, total_chunks: n } = s.json.data;
  for (let i = 0; i < n; i++) {
    const m = L.multipart('file', 'chunk', data.subarray(i * cs, (i + 1) * cs));
    const c = await L.call(agent, 'PUT', `/api/playlists/${pid}/uploads/${sid}/chunks/${i}`, { body: m.body, headers: { 'content-type': m.contentType } });
    if (c.status !== 200) return { step: `chunk ${i}`, status: c.status ?? c.error };
  }
  if (!finalize) return { step: 'chunks' };
  const f = await L.call(agent, 'POST', `/api/playlists/${pid}/uploads/${sid}/finalize`, { body: {} });
  noteSeq(f);
  if (f.status !== 200) return { step: 'finalize', status: f.status ?? f.error };
  return { step: 'done', track: f.json.data.track };
}

function tempFiles(dir) {
  const out = [];
  const walk = (d) => { for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p); else if (/\.(part|tmp)$/i.test(e.name) || e.name.startsWith('.tmp')) out.push(path.relative(dataDir, p));
  } };
  walk(dir);
  return out;
}

// Setup: the playing playlist with one 10-minute track.
let agent = await L.startAgent({ workDir: work, dataDir }).catch((e) => { console.error(e.message); process.exit(2); });
const playId = (await L.call(agent, 'POST', '/api/playlists', { body: { title: 'Play' } })).json.data.id;
known.set(playId, 'Play');
{ const u = await upload(agent, playId, playWav); if (u.step !== 'done') { console.error(`setup upload failed: ${JSON.stringify(u)}`); process.exit(2); } tracks.set(u.track.id, playId); }
await agent.stop();
let playing = null; // {pid, pos, at} last position seen while playing
let killAt = 0;
const t0 = Date.now();

for (let round = 1; round <= opt.rounds; round++) {
  const info = { round };
  try {
    agent = await L.startAgent({ workDir: work, dataDir });
  } catch (e) { fail(round, `agent did not start after kill: ${e.message.slice(0, 2000)}`); break; }
  info.start_ms = agent.startMs;
  // ---- checks of what the previous kill left
  let lib;
  try { lib = await L.librarySnapshot(agent); } catch (e) { fail(round, e.message); }
  if (lib) {
    const byId = new Map(lib.map((p) => [p.summary.id, p.detail]));
    for (const p of lib) for (const t of p.detail.tracks ?? []) {
      let st = null; try { st = fs.statSync(path.resolve(media, t.file_path)); } catch { /* missing */ }
      if (!st) fail(round, `track ${t.id} of ${p.summary.id}: file ${t.file_path} missing`);
      else if (st.size !== t.file_size) fail(round, `track ${t.id}: file ${t.file_path} has ${st.size} bytes, track says ${t.file_size}`);
    }
    for (const [id, title] of known) if (!pending.has(id)) {
      if (!byId.has(id)) fail(round, `acknowledged playlist ${id} (${title}) is gone`);
      else if (byId.get(id).title !== title) fail(round, `playlist ${id}: title ${JSON.stringify(byId.get(id).title)}, acknowledged ${JSON.stringify(title)}`);
    }
    for (const id of deleted) if (!pending.has(id) && byId.has(id)) fail(round, `acknowledged deletion of ${id} lost: it is back`);
    for (const [tid, pid] of tracks) if (byId.has(pid) && !pending.has(pid) && !(byId.get(pid).tracks ?? []).some((t) => t.id === tid)) fail(round, `acknowledged track ${tid} of ${pid} is gone`);
    // edits in flight settled one way or the other: adopt what is there now
    for (const id of pending) { if (byId.has(id)) { known.set(id, byId.get(id).title); deleted.delete(id); } else { known.delete(id); deleted.add(id); } }
    for (const p of lib) if (!known.has(p.summary.id)) known.set(p.summary.id, p.summary.title); // creates in flight that landed
    pending.clear();
    info.playlists = lib.length;
    info.tracks = lib.reduce((n, p) => n + (p.detail.tracks?.length ?? 0), 0);
  }
  const temps = tempFiles(media);
  // each leftover is a failure once (when it first shows); one that outlives restarts is noted again at the end
  const fresh = temps.filter((t) => !tempsSeen.has(t));
  fresh.forEach((t) => tempsSeen.set(t, round));
  if (fresh.length) fail(round, `temp files left in media/: ${fresh.slice(0, 5).join(', ')}${fresh.length > 5 ? ` (+${fresh.length - 5})` : ''}`);
  info.temp_files = temps.length;
  try {
    const s = await L.connectSocket(agent);
    info.server_seq = s.status.server_seq;
    if (!(s.status.server_seq >= maxSeq)) fail(round, `server_seq went back: ${s.status.server_seq} after the restart, ${maxSeq} seen before the kill`);
    s.close();
  } catch (e) { fail(round, `socket: ${e.message}`); }
  // resume: start the playlist that was playing, from where it was left
  const st = await L.call(agent, 'POST', `/api/playlists/${playId}/start`, { body: {} });
  noteSeq(st);
  if (st.status !== 200) fail(round, `start answered ${st.status}: ${String(st.text).slice(0, 300)}`);
  else if (playing) {
    const atKill = playing.pos + (killAt - playing.at);
    const resumed = st.json.data.position_ms;
    info.resume_lag_ms = Math.round(atKill - resumed);
    if (atKill - resumed > RESUME_LIMIT_MS + SLACK_MS) fail(round, `resumed at ${resumed} ms, the playlist was at about ${Math.round(atKill)} ms at the kill (${Math.round(atKill - resumed)} ms lost)`);
    if (resumed > atKill + 1000) fail(round, `resumed at ${resumed} ms, ahead of ${Math.round(atKill)} ms at the kill`);
  }
  playing = null;
  // ---- the random work, then the kill
  const delay = 50 + ri(1451);
  info.kill_after_ms = delay;
  let stop = false;
  const poll = (async () => {
    while (!stop) {
      const t = Date.now();
      const r = await L.call(agent, 'GET', '/api/player/status', { timeoutMs: 2000 });
      noteSeq(r);
      const d = r.json?.data;
      if (!stop && d && d.is_playing && d.active_playlist_id === playId) playing = { pid: playId, pos: d.position_ms, at: t };
      await L.sleep(100);
    }
  })();
  const ops = [];
  const worker = (async () => {
    while (!stop) {
      const live = [...known.keys()].filter((id) => id !== playId && !pending.has(id));
      const kind = pick(['create', 'create', 'rename', 'rename', 'delete', 'upload']);
      if (kind === 'create' || live.length === 0) {
        const title = `p${round}-${ri(1e6)}`;
        const r = await L.call(agent, 'POST', '/api/playlists', { body: { title } });
        noteSeq(r);
        if (r.status === 201 && !stop) known.set(r.json.data.id, title); // (a create in flight at the kill is adopted if it landed)
        ops.push(`create ${r.status ?? 'x'}`);
      } else if (kind === 'rename') {
        const id = pick(live); const title = `r${round}-${ri(1e6)}`;
        pending.add(id);
        const r = await L.call(agent, 'PUT', `/api/playlists/${id}`, { body: { title } });
        noteSeq(r);
        if (r.status === 200) { known.set(id, title); pending.delete(id); }
        ops.push(`rename ${r.status ?? 'x'}`);
      } else if (kind === 'delete') {
        const id = pick(live);
        pending.add(id);
        const r = await L.call(agent, 'DELETE', `/api/playlists/${id}`);
        noteSeq(r);
        if (r.status === 200 || r.status === 204) { known.delete(id); deleted.add(id); pending.delete(id); }
        ops.push(`delete ${r.status ?? 'x'}`);
      } else {
        const id = pick(live);
        pending.add(id);
        const u = await upload(agent, id, wav, { finalize: rnd() < 0.8 });
        if (u.step === 'done') { tracks.set(u.track.id, id); pending.delete(id); } else if (u.step === 'chunks') pending.delete(id);
        ops.push(`upload ${u.step}${u.status ? ` ${u.status}` : ''}`);
      }
    }
  })();
  await L.sleep(delay);
  killAt = Date.now();
  await agent.kill9();
  stop = true;
  await Promise.all([poll, worker]);
  info.ops = ops.length;
  info.playing_at_kill_ms = playing ? Math.round(playing.pos + (killAt - playing.at)) : null;
  rounds.push(info);
  console.log(`round ${round}: start ${info.start_ms} ms, ${info.playlists} playlists, ${info.tracks} tracks, server_seq ${info.server_seq}, resume lag ${info.resume_lag_ms ?? '-'} ms, temp files ${info.temp_files}; ${ops.length} ops, kill after ${delay} ms (${Object.entries(ops.reduce((m, o) => { m[o] = (m[o] ?? 0) + 1; return m; }, {})).map(([k, v]) => `${k} x${v}`).join(', ').slice(0, 400)})`);
}

// A last start, to check what the last kill left (round N+1 only runs its checks).
let finalOk = false;
try {
  agent = await L.startAgent({ workDir: work, dataDir });
  const lib = await L.librarySnapshot(agent);
  for (const p of lib) for (const t of p.detail.tracks ?? []) if (!fs.existsSync(path.resolve(media, t.file_path))) fail('final', `track ${t.id}: ${t.file_path} missing`);
  const temps = tempFiles(media);
  if (temps.length) console.log(`temp files in media/ at the end: ${temps.map((t) => `${t} (first seen round ${tempsSeen.get(t) ?? 'final'})`).join(', ')}`);
  for (const t of temps) if (!tempsSeen.has(t)) fail('final', `temp file left in media/: ${t}`);
  const s = await L.connectSocket(agent);
  if (!(s.status.server_seq >= maxSeq)) fail('final', `server_seq went back: ${s.status.server_seq} < ${maxSeq}`);
  s.close();
  finalOk = true;
  await agent.stop();
} catch (e) { fail('final', e.message.slice(0, 2000)); }

const lags = rounds.map((r) => r.resume_lag_ms).filter((x) => x != null);
const summary = {
  machine: L.machine(), date: new Date().toISOString(), seed: opt.seed, rounds: rounds.length, seconds: Math.round((Date.now() - t0) / 1000),
  ops: rounds.reduce((n, r) => n + r.ops, 0), failures: failures.length, final_start_ok: finalOk,
  start_ms_max: Math.max(...rounds.map((r) => r.start_ms)), resume_lag_ms_max: lags.length ? Math.max(...lags) : null, resume_checks: lags.length,
  temp_files_left: tempsSeen.size,
};
console.log(JSON.stringify(summary, null, 1));
for (const f of failures.slice(0, 30)) console.log(`FAIL ${JSON.stringify(f)}`);
if (opt.keep) console.log(`kept ${work}`); else fs.rmSync(work, { recursive: true, force: true });
process.exit(failures.length ? 1 : 0);
