// Tenants with @ringcentral/sdk: the Node test helper of docs/mock-server.md gives each test an
// account of its own, and the tests run at the same time without seeing each other.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { SDK } = require('@ringcentral/sdk');
const mock = require('./mock');

const THREADS = '/restapi/v1.0/account/~/message-threads';

// The documented helper reads the mock's URL from RC_SERVER: the suite's mock, started by ./mock
// before the first test, unless one is named.
function useSuiteMock() {
  process.env.RC_SERVER ??= mock.SERVER;
}

// The documented helper, as written there.
async function tenant(t) {
  const res = await fetch(`${process.env.RC_SERVER}/mock/v1/accounts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ copyOf: '37439510' }),
  });
  const account = await res.json();
  t.after(() => fetch(`${process.env.RC_SERVER}/mock/v1/accounts/${account.id}`, { method: 'DELETE' }));
  return account;
}

async function login(account, extensionNumber) {
  const user = account.users.find((u) => u.extensionNumber === extensionNumber);
  const sdk = new SDK({ server: mock.SERVER, ...mock.APP, ...mock.sdkOptions(user) });
  const platform = sdk.platform();
  await platform.login({ jwt: user.jwt });
  return platform;
}

async function control(method, path, body) {
  const res = await fetch(`${mock.SERVER}/mock/v1/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const made = [];

// The seed story's start in a tenant of its own: a customer texts the queue, Wayne takes it.
async function story(t, minutes) {
  const account = await tenant(t);
  made.push(account.id);
  const wayne = await login(account, '101');
  const text = { from: '+16502240001', to: mock.QUEUE.number, text: 'Hi' };
  const { body: message } = await control('POST', `accounts/${account.id}/inbound`, text);
  const assign = { assignee: { extensionId: mock.USERS.wayne.id } };
  await wayne.post(`${THREADS}/${message.threadId}/assign`, assign);
  await control('POST', `accounts/${account.id}/clock`, { advanceSeconds: minutes * 60 });
  const threads = await (await wayne.get(THREADS)).json();
  assert.deepEqual(threads.records.map((r) => r.id), [message.threadId], 'only its own thread');
  assert.equal(threads.records[0].assignee.extensionId, mock.USERS.wayne.id);
  const clock = (await control('GET', `accounts/${account.id}/clock`)).body;
  assert.equal(clock.followsRealTime, false, 'its clock stopped where it moved it');
  const records = (await control('GET', 'accounts')).body.records;
  assert.ok(records.some((r) => r.id === account.id && r.tenant), 'it is listed');
}

test('tests with a tenant each run at once without crosstalk', { concurrency: true }, async (t) => {
  useSuiteMock();
  await Promise.all([5, 10, 15].map((m) => t.test(`tenant ${m}`, (sub) => story(sub, m))));
  assert.equal(made.length, 3);
  assert.equal(new Set(made).size, made.length, 'every tenant has its own id');
  assert.equal((await control('GET', 'clock')).body.followsRealTime, true, 'the mock-wide clock did not move');
});

test('each tenant was deleted when its test ended', async () => {
  useSuiteMock();
  assert.ok(made.length > 0);
  for (const id of made) {
    assert.equal((await control('GET', `accounts/${id}`)).status, 404);
  }
});
