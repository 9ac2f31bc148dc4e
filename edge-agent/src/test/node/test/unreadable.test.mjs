// A Socket.IO message the agent cannot read at all (JSON nested deeper than its parser allows) is
// dropped; the client stays connected and is answered afterwards.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { test, startAgent, connect, disconnectAll, probe } from '../lib/agent.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

test('a message nested 2,000 levels deep is dropped without closing the connection', async () => {
  const socket = await connect(agent);
  let deep = [];
  for (let i = 0; i < 2000; i++) deep = [deep];
  let disconnected = null;
  socket.on('disconnect', (reason) => { disconnected = reason; });
  socket.emit('client_ping', { timestamp: 1, x: deep });
  socket.emit('join:playlists', deep);
  const pong = await probe(socket);
  assert.equal(typeof pong.server_seq, 'number');
  assert.equal(disconnected, null, 'the socket stayed connected');
  assert.equal((await fetch(`${agent.http}/api/health`)).status, 200);
});
