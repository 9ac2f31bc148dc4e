// Engine.IO 3 clients (socket.io-client 2.x) are refused with 400 at the handshake, on both
// transports, as the original does: the box speaks Engine.IO 4 only and must not answer a v3 client
// in framing it would misread.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import WebSocket from 'ws';
import { test, startAgent, connect, disconnectAll, probe } from '../lib/agent.mjs';

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

/** The status and body of a WebSocket handshake the server refused, or a failure when it was accepted. */
function refusedUpgrade(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`no answer to ${url} within 5 s`)); }, 5_000);
    ws.on('open', () => { clearTimeout(timer); ws.close(); reject(new Error(`${url} was upgraded`)); });
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode, body }); });
    });
    ws.on('error', () => { /* reported through unexpected-response or the timer */ });
  });
}

for (const port of ['io', 'http']) {
  test(`an Engine.IO 3 polling handshake gets 400 and no session (${port} port)`, async () => {
    const res = await fetch(`${agent[port]}/socket.io/?EIO=3&transport=polling`, { signal: AbortSignal.timeout(5_000) });
    const body = await res.text();
    assert.equal(res.status, 400, body);
    assert.match(body, /unsupported protocol version/i);
    assert.doesNotMatch(body, /"sid"/, 'no open packet');
  });

  test(`an Engine.IO 3 WebSocket handshake gets 400 and no upgrade (${port} port)`, async () => {
    const refused = await refusedUpgrade(`${agent[port].replace(/^http/, 'ws')}/socket.io/?EIO=3&transport=websocket`);
    assert.equal(refused.status, 400, refused.body);
    assert.match(refused.body, /unsupported protocol version/i);
  });
}

test('Engine.IO 4 clients still connect on both transports after the refusals', async () => {
  for (const transports of [['websocket'], ['polling']]) {
    const socket = await connect(agent, { transports });
    const pong = await probe(socket);
    assert.equal(typeof pong.server_seq, 'number', transports[0]);
    socket.disconnect();
  }
});
