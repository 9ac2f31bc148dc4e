// A phone away from home with the stock socket.io-client 4.x (the one the protocol suite uses), through a relay:
// connects under the box's prefix with its credential (polling first, then the WebSocket upgrade, as the client
// does by default), joins `playlists`, starts a playlist over HTTP through the same relay, and waits for the box
// to say it plays and for two positions. Prints one JSON line of what it saw; exit 0 when all of it came.
// Usage: node remote-client.mjs <relay base http://host:port> <device id> <credential> <playlist id>
import { createRequire } from 'node:module';

const [base, deviceId, credential, playlistId] = process.argv.slice(2);
// ESM ignores NODE_PATH: the client is loaded from the protocol suite's installed modules.
const require = createRequire(`${process.env.OMB_NODE_MODULES}/`);
const { io } = require('socket.io-client');

const seen = { connected: false, transport: null, upgraded: false, joined: false, playing: false, positions: 0,
  started: null, error: null };
const done = (code) => {
  console.log(JSON.stringify(seen));
  process.exit(code);
};
setTimeout(() => done(1), 30000);

const socket = io(base, {
  path: `/boxes/${deviceId}/socket.io/`,
  auth: { token: credential },
  reconnection: false,
});
socket.on('connect_error', (e) => { seen.error = String(e && e.message); done(1); });
// The manager's open comes with the first transport, before the probe for an upgrade can finish.
socket.io.on('open', () => {
  seen.transport = socket.io.engine.transport.name;
  socket.io.engine.on('upgrade', () => { seen.upgraded = true; });
});
socket.on('connect', () => {
  seen.connected = true;
  socket.emit('join:playlists', {});
});
socket.on('ack:join', async (ack) => {
  seen.joined = ack.success === true;
  const answer = await fetch(`${base}/boxes/${deviceId}/api/playlists/${playlistId}/start`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${credential}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ from_beginning: true }),
  });
  seen.started = answer.status;
});
socket.on('state:player', (envelope) => {
  if (envelope?.data?.is_playing) seen.playing = true;
});
socket.on('state:track_position', () => {
  seen.positions += 1;
  if (seen.playing && seen.positions >= 2 && seen.started === 200 && seen.upgraded) done(0);
});
