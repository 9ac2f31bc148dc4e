// A phone paired for remote access on Socket.IO: its own credential in auth: {token} connects it as a parent;
// removing the phone disconnects it at once and its credential is refused from then on; turning remote access
// off does the same to every phone, and turning it on again lets them back without pairing again. Reading is
// closed on this box, so a refused credential gets connect_error rather than a guest's connection.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import {
  test, startAgent, connect, disconnectAll, request, api, createPlaylist,
} from '../lib/agent.mjs';

const DEADLINE_MS = 5_000;

let box;
before(async () => { box = await startAgent({ env: { OMB_AUTH_READ_OPEN: 'false' } }); });
after(async () => { disconnectAll(); await box?.stop(); });

/** Opens a pairing code as the parent (the configured token) and sends it back as a phone, without a credential. */
async function pairPhone(name) {
  const opened = await api(box, 'POST', '/api/remote/pairing', {});
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const paired = await api(box, 'POST', '/api/remote/pair', { code: opened.body.data.code, phone_name: name }, { token: null });
  assert.equal(paired.status, 201, JSON.stringify(paired.body));
  return paired.body.data;
}

/** Resolves with the reason when the box disconnects the socket; rejects at the deadline. */
function disconnected(socket) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still connected ${DEADLINE_MS} ms later`)), DEADLINE_MS);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

test('a paired credential connects as a parent; a removed phone is disconnected at once and refused after', async () => {
  assert.equal((await api(box, 'PUT', '/api/remote', { enabled: true })).status, 200);
  const playlist = (await createPlaylist(box, 'Away')).id;
  const { credential, phone_id: phoneId } = await pairPhone('Dad\'s phone');

  const phone = await connect(box, { auth: { token: credential } });
  const ok = await request(phone, 'start_nfc_link', [{ playlist_id: playlist, client_op_id: 'phone-1' }], 'ack:op');
  assert.equal(ok.client_op_id, 'phone-1', 'the phone changes the box as a parent');
  await request(phone, 'stop_nfc_link', [{ playlist_id: playlist }], 'ack:op');

  const gone = disconnected(phone);
  assert.equal((await api(box, 'DELETE', `/api/remote/phones/${phoneId}`)).status, 200);
  assert.equal(await gone, 'io server disconnect');
  await assert.rejects(connect(box, { auth: { token: credential } }), /Wrong parent access token/);

  const parent = await connect(box);
  assert.equal(parent.connectionStatus.status, 'connected', 'the parent\'s own credential is not a phone\'s');
});

test('remote access off disconnects every phone and refuses them; on again lets them back without pairing', async () => {
  assert.equal((await api(box, 'PUT', '/api/remote', { enabled: true })).status, 200);
  const first = await pairPhone('Mum\'s phone');
  const second = await pairPhone('Tablet');
  const phones = [
    await connect(box, { auth: { token: first.credential } }),
    await connect(box, { auth: { token: second.credential } }),
  ];
  const gone = phones.map(disconnected);
  assert.equal((await api(box, 'PUT', '/api/remote', { enabled: false })).status, 200);
  assert.deepEqual(await Promise.all(gone), ['io server disconnect', 'io server disconnect']);
  for (const { credential } of [first, second]) {
    await assert.rejects(connect(box, { auth: { token: credential } }), /Wrong parent access token/);
  }
  assert.equal((await api(box, 'PUT', '/api/remote', { enabled: true })).status, 200);
  const back = await connect(box, { auth: { token: second.credential } });
  const ok = await request(back, 'player:sleep_timer', [{ minutes: 5, client_op_id: 'back-1' }], 'ack:op');
  assert.equal(ok.client_op_id, 'back-1');
  await request(back, 'player:sleep_timer', [{ minutes: 0 }], 'ack:op');
});
