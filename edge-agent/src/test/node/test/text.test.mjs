// Issue 12, finding 9: the text a client sets over Socket.IO follows the same rule as over HTTP: no
// control characters, no text-direction overrides, no lone surrogates. The refusal is err:op naming
// the field, and nothing changes.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { test, startAgent, connect, disconnectAll, request, api, createPlaylist, listPlaylists } from '../lib/agent.mjs';

const BAD = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u202a', '\u202e', '\u2066', '\u2069', '\ud800', '\udfff'];

let agent;
before(async () => { agent = await startAgent(); });
after(async () => { disconnectAll(); await agent?.stop(); });

test('every text field of the linking events refuses every bad character and changes nothing', async () => {
  const id = (await createPlaylist(agent, 'Songs')).id;
  const socket = await connect(agent);
  const before = await listPlaylists(agent);
  const fields = [
    ['start_nfc_link', 'playlist_id', (bad) => ({ playlist_id: `x${bad}` })],
    ['stop_nfc_link', 'assoc_id', (bad) => ({ assoc_id: `x${bad}` })],
    ['stop_nfc_link', 'playlist_id', (bad) => ({ playlist_id: `x${bad}` })],
    ['override_nfc_tag', 'tag_id', (bad) => ({ playlist_id: id, tag_id: `04a1${bad}` })],
    ['override_nfc_tag', 'playlist_id', (bad) => ({ playlist_id: `x${bad}`, tag_id: '04a1b2c3' })],
  ];
  let n = 0;
  for (const [event, field, payload] of fields) {
    for (const bad of BAD) {
      const opId = `text-${n++}`;
      const err = await request(socket, event, [{ ...payload(bad), client_op_id: opId }], 'err:op');
      const what = `${event} ${field} U+${bad.charCodeAt(0).toString(16)}`;
      assert.equal(err.client_op_id, opId, what);
      assert.equal(err.error_type, 'validation_error', `${what}: ${JSON.stringify(err)}`);
      assert.match(err.message, new RegExp(field), `${what}: the refusal names the field: ${err.message}`);
    }
  }
  assert.deepEqual(await listPlaylists(agent), before, 'nothing changed');
  const status = await api(agent, 'GET', '/api/nfc/status');
  assert.equal(status.status, 200);
  assert.equal(status.body.data.association_active, false, `no linking session was started: ${JSON.stringify(status.body)}`);
});
