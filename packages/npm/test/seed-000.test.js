// The installed npm package, used as a team would: the seed 000 story (send thread messages)
// told through the official SDK against a mock started by the helper only.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { SDK } = require('@ringcentral/sdk');
const { startMock } = require('rcthreads-mock');

const THREADS = '/restapi/v1.0/account/~/message-threads';
const CUSTOMER = '+16502240427';

let mock;

test.before(async () => {
  mock = await startMock();
});
test.beforeEach(() => mock.control.reset());
test.after(() => mock.stop());

async function login(name, creds = mock.credentials) {
  const { clientId, clientSecret, users } = creds;
  // One token cache per user and account, or the last login would speak for every SDK instance.
  const cachePrefix = `dist-${creds.accountId}-${name}-`;
  const platform = new SDK({ server: mock.url, clientId, clientSecret, cachePrefix }).platform();
  await platform.login({ jwt: users[name].jwt });
  return platform;
}

async function send(platform, text, creds = mock.credentials) {
  const body = { from: { phoneNumber: creds.queueNumber }, to: [{ phoneNumber: CUSTOMER }], text };
  return (await platform.post(`${THREADS}/messages`, body)).json();
}

test('the README start: the SDK logs in to a mock, which stops', async () => {
  const own = await startMock();
  const { clientId, clientSecret, users } = own.credentials;
  const platform = new SDK({ server: own.url, clientId, clientSecret, cachePrefix: 'dist-readme-' }).platform();
  await platform.login({ jwt: users.wayne.jwt });
  assert.ok(await platform.loggedIn());
  await own.stop();
  await assert.rejects(fetch(`${own.url}/mock/v1/health`));
});

test('seed 000: a handler opens a thread and MSG-427 refuses another', async () => {
  const wayne = await login('wayne');
  const numbers = (await (await wayne.get('/restapi/v1.0/account/~/extension/~/phone-number')).json()).records;
  const shared = numbers.find((n) => n.phoneNumber === mock.credentials.queueNumber);
  assert.ok(shared.features.includes('SmsSender'));

  const first = await send(wayne, 'Hello, this is Wayne');
  assert.equal(first.direction, 'Outbound');
  assert.equal(first.author.extensionId, mock.credentials.users.wayne.extensionId);
  assert.equal((await send(wayne, 'A follow-up')).threadId, first.threadId);

  const beth = await login('beth');
  const refused = await send(beth, 'Hello from Beth').then(
    () => assert.fail('Beth wrote into the thread Wayne holds'),
    (e) => e,
  );
  assert.equal(refused.response?.status, 403, `expected a 403 API error, got ${refused}`);
  const error = (await refused.response.clone().json()).errors[0];
  assert.equal(error.errorCode, 'MSG-427');
  assert.equal(error.extensionId, mock.credentials.users.beth.extensionId);
});

test('each test starts from a reset mock', async () => {
  const wayne = await login('wayne');
  assert.deepEqual((await (await wayne.get(THREADS)).json()).records, []);
});

test('a mock that cannot start says why', async () => {
  // The reason is the mock's own, from its log.
  await assert.rejects(startMock({ args: ['--no-such-option'] }), /exited before listening \(2\); its log:\n.*--no-such-option/s);
});

test('a tenant per test keeps its threads and clock to itself', async (t) => {
  const tenant = await mock.control.createTenant();
  t.after(() => tenant.delete());
  const creds = tenant.credentials;
  assert.notEqual(creds.accountId, mock.credentials.accountId);
  assert.equal(creds.queueNumber, mock.credentials.queueNumber);

  const wayne = await login('wayne', creds);
  const first = await send(wayne, 'Hello from a tenant', creds);
  assert.equal(first.author.extensionId, creds.users.wayne.extensionId);
  // The rule holds inside the tenant: its Beth is refused with MSG-427.
  const beth = await login('beth', creds);
  const refused = await send(beth, 'Hello from Beth', creds).then(
    () => assert.fail('Beth wrote into the thread Wayne holds'),
    (e) => e,
  );
  assert.equal((await refused.response.clone().json()).errors[0].errorCode, 'MSG-427');

  // The built-in account sees none of it, and the tenant's clock moves alone.
  const builtIn = (await (await (await login('wayne')).get(THREADS)).json()).records;
  assert.ok(!builtIn.some((th) => th.id === first.threadId));
  const moved = await tenant.advanceClock(3600);
  assert.ok((await mock.control.request('GET', 'clock')).now < moved.now);
});

test('a deleted tenant logs no one in', async () => {
  const tenant = await mock.control.createTenant();
  assert.ok((await mock.control.accounts()).some((a) => a.id === tenant.id));
  await tenant.delete();
  assert.ok(!(await mock.control.accounts()).some((a) => a.id === tenant.id));
  await assert.rejects(login('wayne', tenant.credentials));
});
