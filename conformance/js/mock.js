// The mock, its control API and its built-in accounts, shared by the SDK suites. Each suite file
// starts its own mock through the npm package's startMock() (`cargo xtask conformance` names the
// freshly built binary in RCTHREADS_MOCK_BINARY). The control API is called with plain fetch: it
// is the test's side of the world (customers, the clock), not the SDK's.
'use strict';

const { join } = require('node:path');
const test = require('node:test');
const { startMock } = require(join(__dirname, '..', '..', 'packages', 'npm', 'rcthreads-mock'));

let running;
test.before(async () => {
  running = await startMock({ log: process.env.CONFORMANCE_MOCK_LOG });
});
test.after(() => running?.stop());

const APP = { clientId: 'mock-client-id', clientSecret: 'mock-client-secret' };

// Users of the built-in fixture (GET /mock/v1/fixture) and their JWT assertions.
const USERS = {
  wayne: { id: '696658052', jwt: 'jwt-101', name: 'Wayne T' },
  beth: { id: '696667052', jwt: 'jwt-102', name: 'Beth S' },
  federick: { id: '696676052', jwt: 'jwt-103', name: 'Federick J' },
  sam: { id: '710403052', jwt: 'jwt-104', name: 'Sam R' },
  // Handles no queue: no thread or message event of the queue is ever hers.
  nora: { id: '710405052', jwt: 'jwt-105', name: 'Nora N' },
};

const ACCOUNT_ID = '37439510';

const QUEUE = { id: '62284871234', name: 'Financial Advising Queue', number: '+15559870001' };
const MAIN_SITE_ID = '497120052';
const WAYNE_DIRECT = '+16505550111';

// The thread and message event filters, as apps subscribe to them, and the `event` of the
// notifications they bring (the account resolved).
const EVENT_FILTERS = [
  '/restapi/v1.0/account/~/message-threads/sync',
  '/restapi/v1.0/account/~/message-threads/entries/sync',
];
const THREAD_EVENT = `/restapi/v1.0/account/${ACCOUNT_ID}/message-threads/sync`;
const MESSAGE_EVENT = `/restapi/v1.0/account/${ACCOUNT_ID}/message-threads/entries/sync`;

// @ringcentral/sdk keeps its tokens in one process-wide storage under `cachePrefix`: each user
// gets their own prefix, or the last login would speak for every SDK instance.
function sdkOptions(user) {
  return { appName: 'rcthreads-conformance', appVersion: '0.1.0', cachePrefix: `rc-${user.jwt}-` };
}

function control(method, path, body) {
  return running.control.request(method, path, body);
}

module.exports = {
  get SERVER() {
    return running.url;
  },
  APP,
  USERS,
  QUEUE,
  ACCOUNT_ID,
  MAIN_SITE_ID,
  WAYNE_DIRECT,
  EVENT_FILTERS,
  THREAD_EVENT,
  MESSAGE_EVENT,
  sdkOptions,
  reset: () => control('POST', 'reset'),
  advanceClock: (seconds) => control('POST', 'clock', { advanceSeconds: seconds }),
  inbound: (from, to, text) => control('POST', 'inbound', { from, to, text }),
  fixture: () => control('GET', 'fixture'),
  requests: () => control('GET', 'requests'),
  websockets: () => control('GET', 'websockets'),
  dropWebsockets: () => control('POST', 'websockets/drop', {}),
};
