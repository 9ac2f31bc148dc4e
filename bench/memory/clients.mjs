// Connects N socket.io clients to room playlists, starts playback, samples the agent's RSS every
// second for the given time and counts position updates per client. Used by playing-rss.sh.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../fanout/package.json', import.meta.url));
const { io } = require('socket.io-client');

const [ioUrl, clientsArg, secondsArg, httpUrl, pid] = process.argv.slice(2);
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const sockets = await Promise.all(Array.from({ length: clients }, () => new Promise((resolve, reject) => {
  const s = io(ioUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  s.positions = 0;
  s.on('state:track_position', () => { s.positions++; });
  s.on('ack:join', () => resolve(s));
  s.on('connect', () => s.emit('join:playlists', {}));
  s.on('connect_error', reject);
})));
const joined = rss();
const res = await fetch(`${httpUrl}/api/playlists/bench/start`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
if (res.status !== 200) throw new Error(`start answered ${res.status}: ${await res.text()}`);
const samples = [];
for (let i = 0; i < seconds; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  samples.push(rss());
}
const positions = sockets.map((s) => s.positions);
sockets.forEach((s) => s.close());
samples.sort((a, b) => a - b);
console.log(`clients ${clients}, playing ${seconds} s`);
console.log(`RSS with clients joined, before playing: ${joined.toFixed(1)} MiB`);
console.log(`RSS while playing: min ${samples[0].toFixed(1)}, median ${samples[Math.floor(samples.length / 2)].toFixed(1)}, max ${samples[samples.length - 1].toFixed(1)} MiB`);
console.log(`position updates per client: min ${Math.min(...positions)}, max ${Math.max(...positions)} (expected about ${seconds * 5})`);
