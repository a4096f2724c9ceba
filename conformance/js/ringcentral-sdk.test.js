// @ringcentral/sdk (the JavaScript SDK of the seeds) against the mock, unchanged: only the server
// URL points at the mock.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { SDK } = require('@ringcentral/sdk');
const mock = require('./mock');

const { USERS, QUEUE } = mock;
const THREADS = '/restapi/v1.0/account/~/message-threads';

async function login(user) {
  const sdk = new SDK({ server: mock.SERVER, ...mock.APP, ...mock.sdkOptions(user) });
  const platform = sdk.platform();
  await platform.login({ jwt: user.jwt });
  return platform;
}

async function json(promise) {
  return (await promise).json();
}

// The error an SDK call throws, for assertions on its status and RingCentral error code.
async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e.response, `expected an API error with .response, got ${e}`);
    return { status: e.response.status, body: await e.response.clone().json(), error: e };
  }
  assert.fail('the call succeeded; an API error was expected');
}

function send(platform, to, text, extra = {}) {
  return json(platform.post(`${THREADS}/messages`, { from: { phoneNumber: QUEUE.number }, to: [{ phoneNumber: to }], text, ...extra }));
}

test.beforeEach(async () => {
  await mock.reset();
});

test('@ringcentral/sdk: JWT login, token info and logout (revoke)', async () => {
  const platform = await login(USERS.wayne);
  const auth = await platform.auth().data();
  assert.ok(auth.access_token);
  assert.ok(auth.refresh_token);
  assert.equal(auth.token_type.toLowerCase(), 'bearer');
  assert.equal(auth.owner_id, USERS.wayne.id);
  assert.equal(await platform.loggedIn(), true);
  await platform.logout();
  assert.ok(!(await platform.auth().data()).access_token);
  // The mock revoked the session: the old access token is refused from now on.
  const res = await fetch(`${mock.SERVER}${THREADS}`, { headers: { Authorization: `Bearer ${auth.access_token}` } });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).errorCode, 'OAU-149');
});

test('@ringcentral/sdk: feature check: MessageThreads is available with call queues and sites', async () => {
  const platform = await login(USERS.wayne);
  const body = await json(platform.get('/restapi/v1.0/account/~/extension/~/features', { featureId: 'MessageThreads' }));
  const feature = body.records.find((r) => r.id === 'MessageThreads');
  assert.equal(feature.available, true);
  const params = Object.fromEntries(feature.params.map((p) => [p.name, p.value]));
  assert.equal(String(params.callQueueSupported), 'true');
  assert.equal(String(params.siteSupported), 'true');
});

test('@ringcentral/sdk: seed 002: common resources, shared numbers and SMS handlers', async () => {
  const platform = await login(USERS.wayne);
  const queues = await json(platform.get('/restapi/v1.0/account/~/call-queues'));
  const queue = queues.records.find((r) => r.name === QUEUE.name);
  assert.equal(queue.id, QUEUE.id);

  const sites = await json(platform.get('/restapi/v1.0/account/~/sites'));
  assert.ok(sites.records.some((s) => s.name === 'Site 01'));

  // Arrays go out as type=Department&type=Site&type=CompanyExtension.
  const resources = await json(
    platform.get('/restapi/v1.0/account/~/extension', { type: ['Department', 'Site', 'CompanyExtension'] }),
  );
  const types = new Set(resources.records.map((r) => r.type));
  assert.deepEqual([...types].sort(), ['Department', 'Site']);
  // Extension ids are numbers in this list, as in RingCentral's; the seeds compare them with ==.
  assert.ok(resources.records.some((r) => String(r.id) === mock.MAIN_SITE_ID));

  const ivrs = await json(platform.get('/restapi/v1.0/account/~/extension', { type: ['IvrMenu'] }));
  const mainSiteIvrs = ivrs.records.filter((r) => r.site && r.site.name === 'Main Site');
  assert.deepEqual(mainSiteIvrs.map((r) => r.name), ['IVR Menu 1002']);

  const company = await json(
    platform.get('/restapi/v2/accounts/~/phone-numbers', { usageType: ['MainCompanyNumber', 'CompanyNumber'] }),
  );
  assert.deepEqual(company.records.map((r) => r.phoneNumber).sort(), ['+16505550100', '+16505550101']);

  const direct = await json(platform.get('/restapi/v2/accounts/~/phone-numbers', { usageType: ['DirectNumber'] }));
  const queueNumbers = direct.records.filter((r) => r.extension && r.extension.id === QUEUE.id);
  assert.deepEqual(queueNumbers.map((r) => r.phoneNumber), [QUEUE.number]);

  // Seed 000: the caller's numbers, with the queue's number and its SmsSender feature.
  const mine = await json(platform.get('/restapi/v1.0/account/~/extension/~/phone-number'));
  const shared = mine.records.find((r) => r.extension && r.extension.name === QUEUE.name);
  assert.equal(shared.phoneNumber, QUEUE.number);
  assert.ok(shared.features.includes('SmsSender'));

  const handlers = await json(platform.get(`/restapi/v1.0/account/~/extension/${QUEUE.id}/sms-recipients`));
  assert.deepEqual(
    handlers.smsRecipients.map((r) => r.name).sort(),
    ['Beth S', 'Federick J', 'Sam R', 'Wayne T'],
  );
  assert.ok(handlers.smsRecipients.every((r) => r.assignable === true && r.hasLicense === true));
});

test('@ringcentral/sdk: send a thread message; a second advisor gets MSG-427 through the SDK error', async () => {
  const wayne = await login(USERS.wayne);
  const msg = await send(wayne, '+16502240001', 'Hi Tom ...');
  assert.equal(msg.direction, 'Outbound');
  assert.equal(msg.messageStatus, 'Queued');
  assert.equal(msg.author.extensionId, USERS.wayne.id);
  assert.ok(msg.threadId);

  const beth = await login(USERS.beth);
  const { status, body, error } = await failure(send(beth, '+16502240001', 'Hello from Beth'));
  assert.equal(status, 403);
  assert.equal(body.errors[0].errorCode, 'MSG-427');
  assert.equal(body.errors[0].extensionId, USERS.beth.id);
  assert.match(error.message, /not assigned/);
});

test('@ringcentral/sdk: assign, reply as the new assignee, resolve, delete', async () => {
  const wayne = await login(USERS.wayne);
  const beth = await login(USERS.beth);
  const { threadId } = await send(wayne, '+16502240002', 'Hello');

  const assigned = await json(wayne.post(`${THREADS}/${threadId}/assign`, { assignee: { extensionId: USERS.beth.id } }));
  assert.equal(assigned.assignee.extensionId, USERS.beth.id);
  const reply = await send(beth, '+16502240002', 'Beth here', { threadId });
  assert.equal(reply.threadId, threadId);

  const unassigned = await json(beth.post(`${THREADS}/${threadId}/assign`, { assignee: null }));
  assert.equal(unassigned.assignee, undefined);

  const resolved = await json(wayne.post(`${THREADS}/${threadId}/resolve`));
  assert.equal(resolved.status, 'Resolved');
  assert.equal(resolved.statusReason, 'Manual');
  const again = await failure(wayne.post(`${THREADS}/${threadId}/resolve`));
  assert.equal(again.status, 400);
  assert.equal(again.body.errors[0].errorCode, 'CMN-101');

  const deleted = await wayne.delete(`${THREADS}/${threadId}`);
  assert.equal(deleted.status, 204);
  const read = await json(wayne.get(`${THREADS}/${threadId}`));
  assert.equal(read.availability, 'Deleted');
  const missing = await failure(wayne.get(`${THREADS}/00000000-0000-0000-0000-000000000000`));
  assert.equal(missing.status, 404);
  assert.equal(missing.body.errors[0].errorCode, 'CMN-102');
});

test('@ringcentral/sdk: lists with filters and paging', async () => {
  const wayne = await login(USERS.wayne);
  const customers = ['+16502240011', '+16502240012', '+16502240013'];
  for (const c of customers) await send(wayne, c, `Hello ${c}`);
  await mock.inbound('+16502240014', QUEUE.number, 'Hi, anyone there?');

  const page1 = await json(wayne.get(THREADS, { ownerExtensionIds: [QUEUE.id], perPage: 3, page: 1 }));
  assert.equal(page1.records.length, 3);
  assert.deepEqual(page1.records.map((t) => t.guestParty.phoneNumber), customers);
  const page2 = await json(wayne.get(THREADS, { ownerExtensionIds: [QUEUE.id], perPage: 3, page: 2 }));
  assert.deepEqual(page2.records.map((t) => t.guestParty.phoneNumber), ['+16502240014']);
  assert.equal(page2.paging.page, 2);

  const one = await json(wayne.get(THREADS, { guestPhoneNumber: '+16502240012', ownerPhoneNumber: QUEUE.number }));
  assert.deepEqual(one.records.map((t) => t.guestParty.phoneNumber), ['+16502240012']);

  await wayne.post(`${THREADS}/${page1.records[0].id}/resolve`);
  const open = await json(wayne.get(THREADS, { threadStatus: 'Open' }));
  assert.equal(open.records.length, 3);
  const resolved = await json(wayne.get(THREADS, { threadStatus: 'Resolved' }));
  assert.deepEqual(resolved.records.map((t) => t.id), [page1.records[0].id]);

  const threadIds = page1.records.slice(1).map((t) => t.id);
  const messages = await json(wayne.get(`${THREADS}/messages`, { threadIds, perPage: 1, page: 2 }));
  assert.equal(messages.records.length, 1);
  assert.equal(messages.records[0].threadId, threadIds[1]);
});

test('@ringcentral/sdk: FSync, then ISync returns only what changed', async () => {
  const wayne = await login(USERS.wayne);
  const first = await send(wayne, '+16502240021', 'One');
  await send(wayne, '+16502240022', 'Two');
  const full = await json(wayne.get(`${THREADS}/sync`, { syncType: 'FSync' }));
  assert.equal(full.syncInfo.syncType, 'FSync');
  assert.equal(full.records.length, 2);

  await mock.advanceClock(5);
  await wayne.post(`${THREADS}/${first.threadId}/resolve`);
  const inc = await json(wayne.get(`${THREADS}/sync`, { syncType: 'ISync', syncToken: full.syncInfo.syncToken }));
  assert.equal(inc.syncInfo.syncType, 'ISync');
  assert.deepEqual(inc.records.map((t) => [t.id, t.status]), [[first.threadId, 'Resolved']]);
  assert.notEqual(inc.syncInfo.syncToken, full.syncInfo.syncToken);
});

test('@ringcentral/sdk: notes: create, list, update, delete', async () => {
  const wayne = await login(USERS.wayne);
  const { threadId } = await send(wayne, '+16502240031', 'Hello');
  const note = await json(wayne.post(`${THREADS}/notes`, { threadId, text: 'Prefers mornings' }));
  assert.equal(note.text, 'Prefers mornings');
  const list = await json(wayne.get(`${THREADS}/notes`, { threadIds: [threadId] }));
  assert.deepEqual(list.records.map((n) => n.id), [note.id]);
  const updated = await json(wayne.patch(`${THREADS}/notes/${note.id}`, { text: 'Prefers afternoons' }));
  assert.equal(updated.text, 'Prefers afternoons');
  await wayne.delete(`${THREADS}/notes`, { ids: [note.id] });
  const after = await json(wayne.get(`${THREADS}/notes`, { threadIds: [threadId] }));
  assert.equal(after.records.length, 0);
});

test('@ringcentral/sdk: entries sync: messages and hints of accessible threads', async () => {
  const wayne = await login(USERS.wayne);
  const { threadId } = await send(wayne, '+16502240041', 'Hello');
  await mock.inbound('+16502240041', QUEUE.number, 'Thanks!');
  const entries = await json(wayne.get(`${THREADS}/entries/sync`, { syncType: 'FSync', scope: 'Accessible' }));
  const kinds = entries.records.filter((r) => r.threadId === threadId).map((r) => r.recordType);
  assert.ok(kinds.includes('AliveMessage'), `record types: ${kinds}`);
  assert.ok(kinds.includes('ThreadCreatedHint'), `record types: ${kinds}`);
  assert.ok(entries.syncInfo.syncToken);
  const explicit = await json(
    wayne.get(`${THREADS}/entries/sync`, { syncType: 'FSync', scope: 'Explicit', threadIds: [threadId] }),
  );
  assert.ok(explicit.records.length > 0, 'the explicit scope lists the thread\'s entries');
  assert.ok(explicit.records.every((r) => r.threadId === threadId));
});

test('@ringcentral/sdk: an expired access token is refreshed by the SDK on 401 OAU-128', async () => {
  const wayne = await login(USERS.wayne);
  const before = (await platformToken(wayne)).access_token;
  let refreshed = 0;
  wayne.on(wayne.events.refreshSuccess, () => refreshed++);
  await mock.advanceClock(3601);
  const body = await json(wayne.get('/restapi/v1.0/account/~/extension/~/phone-number'));
  assert.ok(body.records.length > 0);
  assert.equal(refreshed, 1);
  assert.notEqual((await platformToken(wayne)).access_token, before);
});

async function platformToken(platform) {
  return platform.auth().data();
}

test('@ringcentral/sdk: classic SMS from an owned number, then the message store', async () => {
  const wayne = await login(USERS.wayne);
  const sms = await json(
    wayne.post('/restapi/v1.0/account/~/extension/~/sms', {
      from: { phoneNumber: mock.WAYNE_DIRECT },
      to: [{ phoneNumber: '+16502240051' }],
      text: 'Your appointment is confirmed',
    }),
  );
  assert.equal(sms.direction, 'Outbound');
  assert.equal(sms.from.phoneNumber, mock.WAYNE_DIRECT);
  const store = await json(wayne.get('/restapi/v1.0/account/~/extension/~/message-store'));
  assert.ok(store.records.some((m) => m.id === sms.id));

  const beth = await login(USERS.beth);
  const refused = await failure(
    beth.post('/restapi/v1.0/account/~/extension/~/sms', {
      from: { phoneNumber: mock.WAYNE_DIRECT },
      to: [{ phoneNumber: '+16502240051' }],
      text: 'Not my number',
    }),
  );
  assert.ok(refused.status >= 400 && refused.status < 500);
});
