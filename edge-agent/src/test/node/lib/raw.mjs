// A raw Engine.IO 4 / Socket.IO 5 client, for what socket.io-client will not do: keep sending after
// its CONNECT was refused, never send a CONNECT, send `auth` that is not an object. Speaks both
// transports (a WebSocket, or HTTP long-polling with packets separated by 0x1E) and records every
// packet that arrives, in order, as text.
import WebSocket from 'ws';

const SEPARATOR = '\x1e';

/**
 * Opens an Engine.IO session and resolves with {send(packet), packets, waitFor(predicate, what),
 * close()} once the server's open packet has arrived. Pings are answered; nothing else is sent
 * unless asked.
 * @param {'websocket'|'polling'} transport
 */
export async function openRaw(agent, transport, { timeoutMs = 5_000 } = {}) {
  const packets = [];
  const waiters = new Set();
  let closed = false;
  let closedWhy = '';
  let sendRaw;
  const arrived = (packet) => {
    if (packet === '2') { sendRaw('3'); return; }
    packets.push(packet);
    for (const w of [...waiters]) w();
  };
  const base = `${agent.io}/socket.io/?EIO=4&transport=${transport}`;
  if (transport === 'websocket') {
    const ws = new WebSocket(base.replace(/^http/, 'ws'));
    ws.on('message', (data) => arrived(data.toString()));
    ws.on('close', (code, reason) => { closed = true; closedWhy = `WebSocket closed ${code} ${reason}`; for (const w of [...waiters]) w(); });
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    sendRaw = (packet) => { if (ws.readyState === WebSocket.OPEN) ws.send(packet); };
    sendRaw.close = () => ws.close();
  } else {
    const open = await fetch(base, { signal: AbortSignal.timeout(timeoutMs) });
    const first = await open.text();
    for (const p of first.split(SEPARATOR)) arrived(p);
    const sid = JSON.parse(first.split(SEPARATOR)[0].slice(1)).sid;
    const url = `${base}&sid=${encodeURIComponent(sid)}`;
    // Posts go one after another, so that packets arrive in the order they were sent.
    let posting = Promise.resolve();
    sendRaw = (packet) => {
      posting = posting.then(() => fetch(url, { method: 'POST', body: packet, headers: { 'content-type': 'text/plain' } })
        .then((r) => r.text()).catch(() => {}));
      return posting;
    };
    sendRaw.close = () => { closed = true; };
    (async () => {
      while (!closed) {
        try {
          const res = await fetch(url);
          const body = await res.text();
          if (res.status !== 200) { closed = true; closedWhy = `poll answered ${res.status} ${(await res.text()).slice(0, 200)}`; break; }
          for (const p of body.split(SEPARATOR)) if (p.length > 0) arrived(p);
          if (body.split(SEPARATOR).includes('1')) { closed = true; closedWhy = 'close packet'; }
        } catch (err) {
          closed = true;
          closedWhy = `poll failed: ${err.cause?.message ?? err.message}`;
        }
      }
      for (const w of [...waiters]) w();
    })();
  }
  await waitFor((ps) => ps.some((p) => p.startsWith('0')), 'the open packet');

  function waitFor(predicate, what, { timeout = timeoutMs } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let ok;
        try { ok = predicate(packets); } catch (err) { finish(); reject(err); return; }
        if (ok) { finish(); resolve(packets); return; }
        if (closed) { finish(); reject(new Error(`connection closed (${closedWhy}) while waiting for ${what}; got ${summary(packets)}`)); }
      };
      const timer = setTimeout(() => { finish(); reject(new Error(`no ${what} within ${timeout} ms; got ${summary(packets)}`)); }, timeout);
      function finish() { clearTimeout(timer); waiters.delete(check); }
      waiters.add(check);
      check();
    });
  }

  return {
    packets,
    send: (packet) => sendRaw(packet),
    /** Sends a Socket.IO event (`42[name, ...args]`). */
    emit: (name, ...args) => sendRaw(`42${JSON.stringify([name, ...args])}`),
    waitFor,
    /** The Socket.IO events that arrived: [{name, payload}]. */
    events: () => packets.filter((p) => p.startsWith('42')).map((p) => {
      const [name, payload] = JSON.parse(p.slice(2));
      return { name, payload };
    }),
    close: () => sendRaw.close(),
  };
}

function summary(packets) {
  const text = packets.map((p) => (p.length > 120 ? `${p.slice(0, 120)}...` : p)).join(' | ');
  return text.length > 2_000 ? `${text.slice(0, 2_000)}...` : text;
}
