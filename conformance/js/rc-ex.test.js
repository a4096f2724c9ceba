// @rc-ex/core (the typed RingCentral Extensible SDK) against the mock, unchanged: only the server
// URL points at the mock.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const RingCentral = require('@rc-ex/core').default;
const RestException = require('@rc-ex/core/RestException').default;
const mock = require('./mock');

const { USERS, QUEUE } = mock;

async function login(user) {
  const rc = new RingCentral({ server: mock.SERVER, ...mock.APP, appName: 'rcthreads-conformance', appVersion: '0.1.0' });
  await rc.authorize({ jwt: user.jwt });
  return rc;
}

const account = (rc) => rc.restapi().account();
const threads = (rc, id = null) => account(rc).messageThreads(id);

// The RestException a call throws, for assertions on its status and RingCentral error code.
async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof RestException, `expected a RestException, got ${e}`);
    return { status: e.response.status, body: e.response.data };
  }
  assert.fail('the call succeeded; a RestException was expected');
}

function send(rc, to, text, extra = {}) {
  return threads(rc).messages().post({ from: { phoneNumber: QUEUE.number }, to: [{ phoneNumber: to }], text, ...extra });
}

test.beforeEach(async () => {
  await mock.reset();
});

test('@rc-ex/core: JWT login and revoke', async () => {
  const rc = await login(USERS.wayne);
  assert.ok(rc.token.access_token);
  assert.equal(rc.token.token_type.toLowerCase(), 'bearer');
  assert.equal(rc.token.owner_id, USERS.wayne.id);
  const token = rc.token.access_token;
  await rc.revoke();
  assert.equal(rc.token, undefined);
  rc.token = { access_token: token };
  const refused = await failure(account(rc).extension().get());
  assert.equal(refused.status, 401);
});

test('@rc-ex/core: feature check: MessageThreads is available', async () => {
  const rc = await login(USERS.wayne);
  const features = await account(rc).extension().features().get({ featureId: ['MessageThreads'] });
  const feature = features.records.find((r) => r.id === 'MessageThreads');
  assert.equal(feature.available, true);
  assert.ok(feature.params.some((p) => p.name === 'callQueueSupported'));
});

test('@rc-ex/core: seed 002: common resources, shared numbers and SMS handlers', async () => {
  const rc = await login(USERS.wayne);
  const queues = await account(rc).callQueues().list();
  assert.ok(queues.records.some((q) => q.id === QUEUE.id && q.name === QUEUE.name));
  const sites = await account(rc).sites().list();
  assert.ok(sites.records.some((s) => s.name === 'Site 01'));
  const resources = await account(rc).extension().list({ type: ['Department', 'Site', 'CompanyExtension'] });
  assert.ok(resources.records.some((r) => String(r.id) === mock.MAIN_SITE_ID));
  assert.ok(resources.records.every((r) => r.type === 'Department' || r.type === 'Site'));

  const company = await rc.restapi().v2().accounts().phoneNumbers().get({ usageType: ['MainCompanyNumber', 'CompanyNumber'] });
  assert.deepEqual(company.records.map((r) => r.phoneNumber).sort(), ['+16505550100', '+16505550101']);

  const mine = await account(rc).extension().phoneNumber().get();
  const shared = mine.records.find((r) => r.extension && r.extension.name === QUEUE.name);
  assert.equal(shared.phoneNumber, QUEUE.number);
  assert.ok(shared.features.includes('SmsSender'));
  // Seed 000's links and country, absolute on the server the SDK called.
  const api = `${mock.SERVER}/restapi/v1.0/account/${mock.ACCOUNT_ID}`;
  assert.equal(mine.uri, `${api}/extension/${USERS.wayne.id}/phone-number?page=1&perPage=100`);
  assert.equal(shared.uri, `${api}/phone-number/${shared.id}`);
  assert.equal(shared.extension.uri, `${api}/extension/${QUEUE.id}`);
  assert.deepEqual(shared.country, { id: '1', uri: `${mock.SERVER}/restapi/v1.0/dictionary/country/1`, name: 'United States' });
  const main = mine.records.find((r) => r.usageType === 'MainCompanyNumber');
  assert.equal(typeof main.callerIdName, 'string');

  const handlers = await account(rc).extension(QUEUE.id).smsRecipients().get();
  assert.deepEqual(handlers.smsRecipients.map((r) => r.name).sort(), ['Beth S', 'Federick J', 'Sam R', 'Wayne T']);
});

test('@rc-ex/core: send a thread message; a second advisor gets MSG-427 as a RestException', async () => {
  const wayne = await login(USERS.wayne);
  const msg = await send(wayne, '+16502240001', 'Hi Tom ...');
  assert.equal(msg.direction, 'Outbound');
  assert.equal(msg.author.extensionId, USERS.wayne.id);

  const beth = await login(USERS.beth);
  const { status, body } = await failure(send(beth, '+16502240001', 'Hello from Beth'));
  assert.equal(status, 403);
  assert.equal(body.errors[0].errorCode, 'MSG-427');
  assert.equal(body.errors[0].extensionId, USERS.beth.id);
});

test('@rc-ex/core: assign, resolve, delete', async () => {
  const wayne = await login(USERS.wayne);
  const { threadId } = await send(wayne, '+16502240002', 'Hello');
  const assigned = await threads(wayne, threadId).assign().post({ assignee: { extensionId: USERS.sam.id } });
  assert.equal(assigned.assignee.extensionId, USERS.sam.id);
  const resolved = await threads(wayne, threadId).resolve().post();
  assert.equal(resolved.status, 'Resolved');
  assert.equal(resolved.assignee, undefined);
  await threads(wayne, threadId).delete();
  const read = await threads(wayne, threadId).get();
  assert.equal(read.availability, 'Deleted');
  const hidden = await threads(wayne).list();
  assert.equal(hidden.records.length, 0);
  const deleted = await threads(wayne).list({ availability: ['Deleted'] });
  assert.deepEqual(deleted.records.map((t) => t.id), [threadId]);
});

test('@rc-ex/core: lists with filters and paging', async () => {
  const wayne = await login(USERS.wayne);
  const customers = ['+16502240011', '+16502240012', '+16502240013'];
  for (const c of customers) await send(wayne, c, `Hello ${c}`);
  const page = await threads(wayne).list({ ownerExtensionIds: [QUEUE.id], threadStatus: ['Open'], perPage: 2, page: 2 });
  assert.deepEqual(page.records.map((t) => t.guestParty.phoneNumber), ['+16502240013']);
  assert.equal(page.paging.perPage, 2);
  const one = await threads(wayne).list({ guestPhoneNumber: '+16502240012' });
  assert.deepEqual(one.records.map((t) => t.guestParty.phoneNumber), ['+16502240012']);
  const messages = await threads(wayne).messages().get({ threadIds: [one.records[0].id] });
  assert.deepEqual(messages.records.map((m) => m.text), ['Hello +16502240012']);
});

test('@rc-ex/core: FSync, then ISync', async () => {
  const wayne = await login(USERS.wayne);
  await send(wayne, '+16502240021', 'One');
  const full = await threads(wayne).sync().get({ syncType: 'FSync' });
  assert.equal(full.records.length, 1);
  await mock.advanceClock(5);
  const inbound = await mock.inbound('+16502240022', QUEUE.number, 'New customer');
  const inc = await threads(wayne).sync().get({ syncType: 'ISync', syncToken: full.syncInfo.syncToken });
  assert.deepEqual(inc.records.map((t) => t.id), [inbound.threadId]);
});

test('@rc-ex/core: notes: create, list, update, delete', async () => {
  const wayne = await login(USERS.wayne);
  const { threadId } = await send(wayne, '+16502240031', 'Hello');
  const note = await threads(wayne).notes().post({ threadId, text: 'VIP' });
  const updated = await threads(wayne).notes(note.id).patch({ text: 'VIP client' });
  assert.equal(updated.text, 'VIP client');
  const list = await threads(wayne).notes().get({ threadIds: [threadId] });
  assert.deepEqual(list.records.map((n) => n.text), ['VIP client']);
  await threads(wayne).notes().delete({ ids: [note.id] });
  assert.equal((await threads(wayne).notes().get({ threadIds: [threadId] })).records.length, 0);
});

test('@rc-ex/core: entries sync', async () => {
  const wayne = await login(USERS.wayne);
  const { threadId } = await send(wayne, '+16502240041', 'Hello');
  const entries = await threads(wayne).entries().sync().get({ syncType: 'FSync', scope: 'AssignedToMe' });
  const kinds = entries.records.filter((r) => r.threadId === threadId).map((r) => r.recordType);
  assert.ok(kinds.includes('AliveMessage'), `record types: ${kinds}`);
});

test('@rc-ex/core: an expired access token: 401 OAU-128, then rc.refresh() and the call succeeds', async () => {
  // @rc-ex/core does not refresh on its own (that is the separate auto-refresh extension): the
  // application calls its documented refresh method.
  const wayne = await login(USERS.wayne);
  await mock.advanceClock(3601);
  const expired = await failure(account(wayne).extension().phoneNumber().get());
  assert.equal(expired.status, 401);
  assert.equal(expired.body.errorCode, 'OAU-128');
  const old = wayne.token.access_token;
  await wayne.refresh();
  assert.notEqual(wayne.token.access_token, old);
  const mine = await account(wayne).extension().phoneNumber().get();
  assert.ok(mine.records.length > 0);
});

test('@rc-ex/core: classic SMS from an owned number', async () => {
  const wayne = await login(USERS.wayne);
  const sms = await account(wayne).extension().sms().post({
    from: { phoneNumber: mock.WAYNE_DIRECT },
    to: [{ phoneNumber: '+16502240051' }],
    text: 'Your appointment is confirmed',
  });
  assert.equal(sms.direction, 'Outbound');
  const store = await account(wayne).extension().messageStore().list();
  assert.ok(store.records.some((m) => m.id === sms.id));
});

test('@rc-ex/core: an MMS attachment fetched from its absolute contentUri, with Content-Disposition', async () => {
  const wayne = await login(USERS.wayne);
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const msg = await send(wayne, '+16502240003', 'The chart', {
    attachments: [{ filename: 'chart.png', content: png, contentType: 'image/png' }],
  });
  const att = msg.attachments[0];
  assert.equal(
    att.contentUri,
    `${mock.SERVER}/restapi/v1.0/account/${mock.ACCOUNT_ID}/message-threads/messages/${msg.id}/content/${att.id}`,
  );
  // The SDK follows the absolute link as it is (the mock is its own media entry point).
  const r = await wayne.get(att.contentUri, { contentDisposition: 'Attachment', contentDispositionFilename: 'q3.png' }, {
    responseType: 'arraybuffer',
  });
  assert.deepEqual(new Uint8Array(r.data), png);
  assert.equal(r.headers['content-type'], 'image/png');
  assert.equal(r.headers['content-disposition'], 'attachment; filename="q3.png"');
  const refused = await failure(wayne.get(att.contentUri, { contentDisposition: 'Download' }));
  assert.equal(refused.status, 400);
});
