// A small Socket.IO v4 client over WebSocket only (no socket.io-client bundle may be shipped).
// Engine.IO 4 framing: "0{...}" open, "2" ping -> "3" pong, "4" + Socket.IO packet:
// "40{auth}" connect, "40{sid}" connected, "42[name, data]" event, "44{...}" refused, "41" disconnect.
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

export class BoxSocket {
  constructor() {
    this.handlers = new Map();
    this.ws = null;
    this.url = null;
    this.auth = {};
    this.delay = FIRST_DELAY_MS;
    this.retryTimer = null;
    this.pingTimer = null;
    this.pingDeadlineMs = 45000;
    this.connected = false;
    this.wanted = false;
    this.early = [];
  }

  /** name: a server event, or 'connect' / 'disconnect' / 'connect_error' / 'attempt'. */
  on(name, fn) {
    if (!this.handlers.has(name)) this.handlers.set(name, new Set());
    this.handlers.get(name).add(fn);
  }

  fire(name, data) {
    for (const fn of this.handlers.get(name) || []) fn(data);
  }

  emit(name, data = {}) {
    if (!this.connected) return false;
    this.ws.send(`42${JSON.stringify([name, data])}`);
    return true;
  }

  /** The browser knows first when Wi-Fi goes: drop at once, and come back as soon as it returns. */
  watchNetwork() {
    if (this.watchingNetwork) return;
    this.watchingNetwork = true;
    window.addEventListener('offline', () => {
      if (this.ws) this.lost();
    });
    window.addEventListener('online', () => {
      if (this.wanted && !this.ws) {
        this.delay = FIRST_DELAY_MS;
        this.start();
      }
    });
  }

  open(url, auth) {
    this.watchNetwork();
    this.url = url;
    this.auth = auth || {};
    this.wanted = true;
    this.delay = FIRST_DELAY_MS;
    this.start();
  }

  /** Drops the connection and opens a new one, e.g. with a new token. */
  reopen(auth) {
    this.auth = auth || {};
    this.wanted = true;
    this.drop();
    this.delay = FIRST_DELAY_MS;
    this.start();
  }

  start() {
    clearTimeout(this.retryTimer);
    this.early = [];
    this.fire('attempt');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onmessage = (e) => {
      if (this.ws === ws) this.receive(String(e.data));
    };
    ws.onclose = () => {
      if (this.ws === ws) this.lost();
    };
    // The close event follows an error and does the retry; nothing to add here.
    ws.onerror = () => {};
  }

  receive(text) {
    const type = text[0];
    if (type === '0') {
      const open = JSON.parse(text.slice(1));
      this.pingDeadlineMs = (open.pingInterval || 25000) + (open.pingTimeout || 20000);
      this.watchPing();
      this.ws.send(`40${JSON.stringify(this.auth)}`);
    } else if (type === '2') {
      this.watchPing();
      this.ws.send('3');
    } else if (type === '1') {
      this.ws.close();
    } else if (type === '4') {
      this.packet(text.slice(1));
    }
  }

  packet(text) {
    const type = text[0];
    const body = text.slice(1);
    if (type === '0') {
      this.connected = true;
      this.delay = FIRST_DELAY_MS;
      this.fire('connect', body ? JSON.parse(body) : {});
      const early = this.early;
      this.early = [];
      for (const [name, data] of early) this.fire(name, data);
    } else if (type === '2') {
      let name;
      let data;
      try {
        [name, data] = JSON.parse(body.slice(body.indexOf('[')));
      } catch {
        return; // an unreadable event is skipped, like the server does
      }
      // The box sends connection_status just before its connect answer; keep such events until then,
      // so that handlers can already emit when they run.
      if (this.connected) this.fire(name, data);
      else this.early.push([name, data]);
    } else if (type === '4') {
      this.fire('connect_error', body ? JSON.parse(body) : {});
    } else if (type === '1') {
      this.ws.close();
    }
  }

  /** Without a ping in time the link is dead even if the socket did not say so (Wi-Fi sleep). */
  watchPing() {
    clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => this.lost(), this.pingDeadlineMs);
  }

  drop() {
    const ws = this.ws;
    this.ws = null;
    clearTimeout(this.pingTimer);
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      // Closing a socket that is still opening makes the browser log a warning; close it once open.
      if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close();
      else ws.close();
    }
    if (this.connected) {
      this.connected = false;
      this.fire('disconnect');
    }
  }

  lost() {
    this.drop();
    clearTimeout(this.retryTimer);
    // Knocking while the device is offline only fills the console; the online event restarts.
    if (!this.wanted || navigator.onLine === false) return;
    this.retryTimer = setTimeout(() => this.start(), this.delay);
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
  }
}

export const socket = new BoxSocket();
