// The first run on Socket.IO: state:setup on connect and on every change, claim_box with the rules of
// POST /api/setup/claim, nothing changing on a box nobody claimed, a hand at the box (the web's stand-in for
// the buttons) finishing the claim, a session from the parent code, and the reset gesture.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, request, api, nextEvent, listPlaylists,
} from '../lib/agent.mjs';

/** A new box: no OMB_AUTH_TOKEN, no GPIO buttons (the stand-in routes), a quick hash and a short reset hold. */
const NEW_BOX = {
  OMB_AUTH_TOKEN: '',
  OMB_CONTROLS_ENABLED: 'false',
  OMB_NFC_READER: 'simulated',
  OMB_SETUP_CODE_ITERATIONS: '1000',
  OMB_SETUP_RESET_HOLD_MS: '300',
};

/** Every client event that changes the box (as in access-matrix.test.mjs). */
const CHANGES = [
  ['start_nfc_link', { playlist_id: 'any', timeout_s: 60, client_op_id: 'c-start' }],
  ['stop_nfc_link', { playlist_id: 'any', client_op_id: 'c-stop' }],
  ['override_nfc_tag', { playlist_id: 'any', tag_id: 'cafe0001', client_op_id: 'c-override' }],
  ['player:sleep_timer', { minutes: 30, client_op_id: 'c-sleep' }],
];

let box;
before(async () => { box = await startAgent({ env: NEW_BOX }); });
after(async () => { disconnectAll(); await box?.stop(); });

async function press(agent, button) {
  assert.equal((await api(agent, 'POST', `/api/controls/simulator/buttons/${button}/down`, undefined, { token: null })).status, 200);
  assert.equal((await api(agent, 'POST', `/api/controls/simulator/buttons/${button}/up`, undefined, { token: null })).status, 200);
}

test('a new box says so on connect, refuses every change with setup_required, and claim_box checks its input', async () => {
  const phone = await connect(box, { auth: null });
  // Sent right after connection_status; connect() waited for both.
  assert.equal(phone.setupState.state, 'unclaimed');
  assert.equal(phone.setupState.box_name, '');
  assert.equal((await api(box, 'GET', '/api/setup', undefined, { token: null })).body.data.state, 'unclaimed');

  for (const [event, payload] of CHANGES) {
    const refused = await request(phone, event, [payload], 'err:op');
    assert.equal(refused.error_type, 'setup_required', `${event}: ${JSON.stringify(refused)}`);
    assert.equal(refused.client_op_id, payload.client_op_id);
  }
  const bad = [
    [{ box_name: '', parent_code: '246810' }, 'box_name'],
    [{ box_name: 'x'.repeat(41), parent_code: '246810' }, 'box_name'],
    [{ box_name: 'Box', parent_code: '12345' }, 'parent_code'],
    [{ box_name: 'Box', parent_code: 'short' }, 'parent_code'],
    [{ box_name: 'Box', parent_code: 246810 }, 'parent_code'],
    [{ box_name: ['Box'], parent_code: '246810' }, 'box_name'],
  ];
  for (const [payload, field] of bad) {
    const refused = await request(phone, 'claim_box', [{ ...payload, client_op_id: 'bad' }], 'err:op');
    assert.equal(refused.error_type, 'validation_error', JSON.stringify(refused));
    // err:op carries the message, not the field list: it speaks of the name or of the code.
    assert.match(refused.message, field === 'box_name' ? /name/ : /code/, JSON.stringify(refused));
  }
  const notObject = await request(phone, 'claim_box', ['Box'], 'err:op');
  assert.equal(notObject.error_type, 'validation_error');
  assert.equal((await api(box, 'GET', '/api/setup', undefined, { token: null })).body.data.state, 'unclaimed');
  assert.deepEqual(await listPlaylists(box), []);
});

test('claim_box waits for a hand at the box; a second phone cannot take over; a press claims; then sessions work', async () => {
  const phone = await connect(box, { auth: null });
  const racer = await connect(box, { auth: null });
  const waitingSeen = nextEvent(racer, 'state:setup', { filter: (s) => s.state === 'waiting' });
  const ack = await request(phone, 'claim_box', [{ box_name: 'Lion box', parent_code: '246810', client_op_id: 'claim-1' }], 'ack:op');
  assert.equal(ack.client_op_id, 'claim-1');
  const waiting = await waitingSeen;
  assert.equal(waiting.box_name, 'Lion box');
  assert.ok(waiting.expires_at > 0, JSON.stringify(waiting));

  const taken = await request(racer, 'claim_box', [{ box_name: 'Mine now', parent_code: '13579111', client_op_id: 'r-1' }], 'err:op');
  assert.equal(taken.error_type, 'setup_in_progress');

  const claimedSeen = nextEvent(racer, 'state:setup', { filter: (s) => s.state === 'claimed' });
  await press(box, 'play_pause');
  const claimed = await claimedSeen;
  assert.equal(claimed.box_name, 'Lion box');
  assert.equal(claimed.expires_at, undefined);

  const again = await request(racer, 'claim_box', [{ box_name: 'Again', parent_code: '99999999', client_op_id: 'r-2' }], 'err:op');
  assert.equal(again.error_type, 'already_claimed');
  const guest = await request(racer, 'player:sleep_timer', [{ minutes: 5, client_op_id: 'g-1' }], 'err:op');
  assert.equal(guest.error_type, 'unauthorized', 'claimed now: a guest is refused as on any box');

  const login = await api(box, 'POST', '/api/access/login', { parent_code: '246810' }, { token: null });
  assert.equal(login.status, 200);
  const parent = await connect(box, { auth: { token: login.body.data.token } });
  const sleep = await request(parent, 'player:sleep_timer', [{ minutes: 5, client_op_id: 'p-1' }], 'ack:op');
  assert.equal(sleep.client_op_id, 'p-1');
});

test('holding Previous and Next resets the box: every client hears state:setup unclaimed, the old session is refused', async () => {
  const fresh = await startAgent({ env: NEW_BOX });
  try {
    const phone = await connect(fresh, { auth: null });
    await request(phone, 'claim_box', [{ box_name: 'Reset box', parent_code: 'a long passphrase', client_op_id: 'c' }], 'ack:op');
    const claimed = nextEvent(phone, 'state:setup', { filter: (s) => s.state === 'claimed' });
    await press(fresh, 'next');
    await claimed;
    const session = (await api(fresh, 'POST', '/api/access/login', { parent_code: 'a long passphrase' }, { token: null })).body.data.token;
    assert.equal((await api(fresh, 'POST', '/api/playlists', { title: 'Kept' }, { token: session })).status, 201);

    const reset = nextEvent(phone, 'state:setup', { filter: (s) => s.state === 'unclaimed', timeoutMs: 10_000 });
    await api(fresh, 'POST', '/api/controls/simulator/buttons/previous/down', undefined, { token: null });
    await api(fresh, 'POST', '/api/controls/simulator/buttons/next/down', undefined, { token: null });
    assert.equal((await reset).box_name, 'Reset box');
    await api(fresh, 'POST', '/api/controls/simulator/buttons/next/up', undefined, { token: null });
    await api(fresh, 'POST', '/api/controls/simulator/buttons/previous/up', undefined, { token: null });

    const refused = await api(fresh, 'POST', '/api/playlists', { title: 'x' }, { token: session });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error_type, 'setup_required');
    assert.deepEqual((await listPlaylists(fresh)).map((p) => p.title), ['Kept'], 'the library is kept');
  } finally {
    await fresh.stop();
  }
});
