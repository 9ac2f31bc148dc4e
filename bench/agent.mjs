// The one way the JavaScript suites start the edge agent jar: the protocol suite
// (edge-agent/src/test/node/lib/agent.mjs), the fault suite (bench/faults/lib.mjs) and the fan-out and
// upload benchmarks. Plain node:child_process, no npm dependency, so every folder can import it.
// What differs between callers (JVM flags, parent token, where the log goes) is an option, and the
// caller says why.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The jar `mvn -B -q -pl edge-agent -am package -DskipTests` makes, unless OMB_AGENT_JAR names another. */
export const AGENT_JAR = process.env.OMB_AGENT_JAR || path.join(REPO, 'edge-agent', 'target', 'edge-agent.jar');

/**
 * The small-footprint JVM flags of the design, from infra/pi/jvm-flags (the file the box's launcher and
 * systemd unit use): benchmarks measure the agent as it runs on the 512 MB box, not with the JVM's
 * desktop defaults.
 */
export const DESIGN_JAVA_OPTS = fs.readFileSync(path.join(REPO, 'infra', 'pi', 'jvm-flags'), 'utf8')
  .split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);

/** OMB_JAVA_OPTS (split on white space) when set, else `defaults`. */
export function javaOptsFromEnv(defaults = DESIGN_JAVA_OPTS) {
  return process.env.OMB_JAVA_OPTS ? process.env.OMB_JAVA_OPTS.trim().split(/\s+/) : defaults;
}

const HEALTH_POLL_MS = 50;
const MAX_LOG_LINE = 2_000;

const liveAgents = new Set();
// An agent left running would hold its ports and memory after the script is gone.
process.on('exit', () => {
  for (const agent of liveAgents) {
    try { agent.child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

/** A free TCP port on 127.0.0.1, found by binding port 0. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function describeExit(exit) {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/** The jar to run: `jar` itself, or a copy of it in `copyTo` (made once per folder). */
function jarToRun(jar, copyTo) {
  if (!fs.existsSync(jar)) {
    throw new Error(`edge agent jar not found at ${jar}: build it with 'mvn -B -q -pl edge-agent -am package -DskipTests' at the repository root, or set OMB_AGENT_JAR`);
  }
  if (!copyTo) return jar;
  const copy = path.join(copyTo, 'edge-agent.jar');
  if (!fs.existsSync(copy)) fs.copyFileSync(jar, copy);
  return copy;
}

/**
 * Starts the edge agent on free loopback ports and resolves once GET /api/health answers 200.
 *
 * @param {object} options
 * @param {string} options.dataDir        OMB_DATA_DIR
 * @param {Record<string,string>} [options.env]  set over the inherited environment and the defaults
 * @param {string[]} [options.unsetEnv]   inherited variables to drop (e.g. JAVA_TOOL_OPTIONS)
 * @param {string[]} [options.javaOpts]   JVM flags before -jar
 * @param {string} [options.jar]          the jar (default AGENT_JAR)
 * @param {string} [options.copyJarTo]    run a private copy in this folder: a concurrent build must
 *                                        not replace the jar under a running JVM
 * @param {string} [options.logFile]      append stdout and stderr to this file; without it the output
 *                                        is kept in `agent.log` (lines cut at 2 000 characters)
 * @param {string} [options.cwd]
 * @param {{http?: number, io?: number}} [options.ports]  fixed ports instead of free ones
 * @param {number} [options.startTimeoutMs]  deadline for the first 200 from /api/health
 * @returns the agent: {child, pid, http, io, httpPort, ioPort, dataDir, jar, javaOpts, log|logPath,
 *          exit, exited, startMs, tail(), stop(), kill9()}
 */
export async function startAgent({
  dataDir, env = {}, unsetEnv = [], javaOpts = [], jar = AGENT_JAR, copyJarTo, logFile, cwd, ports = {},
  startTimeoutMs = 20_000,
} = {}) {
  const runJar = jarToRun(jar, copyJarTo);
  const httpPort = ports.http ?? await freePort();
  let ioPort = ports.io ?? await freePort();
  while (ports.io === undefined && ioPort === httpPort) ioPort = await freePort();

  const childEnv = { ...process.env };
  for (const name of unsetEnv) delete childEnv[name];
  Object.assign(childEnv, {
    OMB_DATA_DIR: dataDir,
    OMB_HTTP_PORT: String(httpPort),
    OMB_SOCKETIO_PORT: String(ioPort),
    OMB_BIND: '127.0.0.1',
    ...env,
  });

  let stdio = ['ignore', 'pipe', 'pipe'];
  let fd = null;
  if (logFile) {
    fd = fs.openSync(logFile, 'a');
    // The same file may hold several runs (a restart on the same data directory).
    fs.writeSync(fd, `\n===== start ${new Date().toISOString()} =====\n`);
    stdio = ['ignore', fd, fd];
  }
  const javaBin = process.env.JAVA || 'java';
  const t0 = performance.now();
  const child = spawn(javaBin, [...javaOpts, '-jar', runJar], { env: childEnv, stdio, cwd });
  if (fd !== null) fs.closeSync(fd);

  const agent = {
    child, pid: child.pid, dataDir, jar: runJar, javaOpts, javaBin,
    http: `http://127.0.0.1:${httpPort}`, io: `http://127.0.0.1:${ioPort}`, httpPort, ioPort,
    log: '', logPath: logFile ?? null, exit: null, startMs: null,
  };
  if (!logFile) {
    // Lines are cut: the agent may log the 1 MB payloads a test sends.
    const capture = (prefix) => {
      let lineLength = 0;
      return (text) => {
        for (const piece of text.split(/(?<=\n)/)) {
          if (lineLength === 0) agent.log += prefix;
          const ends = piece.endsWith('\n');
          const body = ends ? piece.slice(0, -1) : piece;
          const room = MAX_LOG_LINE - lineLength;
          if (body.length <= room) agent.log += body;
          else if (room > 0) agent.log += `${body.slice(0, room)} [... line cut]`;
          lineLength += body.length;
          if (ends) { agent.log += '\n'; lineLength = 0; }
        }
      };
    };
    child.stdout.setEncoding('utf8').on('data', capture(''));
    child.stderr.setEncoding('utf8').on('data', capture('[stderr] '));
  }
  agent.exited = new Promise((resolveExit) => {
    const ended = (code, signal) => {
      if (agent.exit) return;
      agent.exit = { code, signal };
      liveAgents.delete(agent);
      resolveExit(agent.exit);
    };
    child.on('exit', ended);
    child.on('error', (err) => {
      if (logFile) fs.appendFileSync(logFile, `[starter] could not run ${javaBin}: ${err.message}\n`);
      else agent.log += `[starter] could not run ${javaBin}: ${err.message}\n`;
      if (child.pid === undefined) ended(null, null); // never started: no exit event follows
    });
  });
  liveAgents.add(agent);

  /** The last `lines` lines of the agent's output. */
  agent.tail = (lines = 30) => {
    let text = agent.log;
    if (logFile) { try { text = fs.readFileSync(logFile, 'utf8'); } catch { text = ''; } }
    return text.split('\n').slice(-lines).join('\n');
  };
  agent.kill9 = () => {
    if (!agent.exit) child.kill('SIGKILL');
    return agent.exited;
  };
  /**
   * Sends `signal` and resolves with the exit once the process is gone; after `timeoutMs` it is
   * killed with SIGKILL and the exit carries `forced: true`.
   */
  agent.stop = async ({ signal = 'SIGTERM', timeoutMs = 15_000 } = {}) => {
    if (agent.exit) return agent.exit;
    child.kill(signal);
    let timer;
    const late = new Promise((resolveLate) => { timer = setTimeout(() => resolveLate(null), timeoutMs); });
    const exit = await Promise.race([agent.exited, late]);
    clearTimeout(timer);
    if (exit) return exit;
    child.kill('SIGKILL');
    return { ...(await agent.exited), forced: true };
  };

  // The error carries the agent and the headline, for a caller that shows the log its own way.
  const startFailed = (headline) => Object.assign(new Error(`${headline}\n${agent.tail()}`), { headline, agent });
  while (true) {
    if (agent.exit) throw startFailed(`edge agent exited during start (${describeExit(agent.exit)})`);
    try {
      const res = await fetch(`${agent.http}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    if (performance.now() - t0 > startTimeoutMs) {
      child.kill('SIGKILL');
      await agent.exited;
      throw startFailed(`edge agent did not answer GET /api/health with 200 within ${startTimeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, HEALTH_POLL_MS));
  }
  agent.startMs = performance.now() - t0;
  return agent;
}
