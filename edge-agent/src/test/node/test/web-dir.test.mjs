// Issue 13, item 7: another client's single-page build served from omb.web.dir by the packaged agent.
// Deep links get the folder's index.html, files and the API never do, .ico is served with its type, and
// omb.web.csp loosens the policy of that folder's pages only.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { test, startAgent } from '../lib/agent.mjs';

const LOOSE = "default-src 'self'; script-src 'self' 'unsafe-eval'";
const INDEX = '<!doctype html><title>another app</title><div id="app"></div>';
const ICON = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16]);

let folder;
let agent;
let builtIn;
before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'omb-web-'));
  writeFileSync(join(folder, 'index.html'), INDEX);
  writeFileSync(join(folder, 'favicon.ico'), ICON);
  writeFileSync(join(folder, 'app.js'), 'console.log("app");');
  [agent, builtIn] = await Promise.all([
    startAgent({ env: { OMB_WEB_DIR: folder, OMB_WEB_CSP: LOOSE } }),
    startAgent({ env: { OMB_WEB_CSP: LOOSE } }),
  ]);
});
after(async () => {
  await Promise.all([agent?.stop(), builtIn?.stop()]);
  rmSync(folder, { recursive: true, force: true });
});

const get = (a, path) => fetch(`${a.http}${path}`, { signal: AbortSignal.timeout(5_000) });

test('a deep link gets the folder\'s index.html with the loosened policy', async () => {
  for (const path of ['/library/123', '/settings/', '/']) {
    const res = await get(agent, path);
    assert.equal(res.status, 200, path);
    assert.equal(await res.text(), INDEX, path);
    assert.equal(res.headers.get('content-security-policy'), LOOSE, path);
  }
});

test('files are served as themselves, a missing file and the API never fall back to the page', async () => {
  const icon = await get(agent, '/favicon.ico');
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get('content-type'), 'image/x-icon');
  assert.deepEqual(Buffer.from(await icon.arrayBuffer()), ICON);

  const script = await get(agent, '/app.js');
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type'), /javascript/);

  for (const path of ['/missing.js', '/api/nope', '/api', '/library//123']) {
    const res = await get(agent, path);
    const body = await res.text();
    assert.equal(res.status, 404, `${path}: ${body}`);
    assert.notEqual(body, INDEX, path);
    assert.equal(JSON.parse(body).error_type, 'not_found', path);
  }
});

test('the built-in page keeps its strict policy whatever omb.web.csp says, and has no fallback', async () => {
  const page = await get(builtIn, '/');
  assert.equal(page.status, 200);
  const policy = page.headers.get('content-security-policy');
  assert.ok(policy && policy !== LOOSE && !policy.includes('unsafe-eval'), policy);
  assert.equal((await get(builtIn, '/library/123')).status, 404);
});
