// The mock's control API and its built-in accounts, shared by the SDK suites. The control API is
// called with plain fetch: it is the test's side of the world (customers, the clock), not the SDK's.
'use strict';

const SERVER = process.env.RC_SERVER;
if (!SERVER) {
  throw new Error('RC_SERVER is not set: run the suite through `cargo xtask conformance`');
}

const APP = { clientId: 'mock-client-id', clientSecret: 'mock-client-secret' };

// Users of the built-in fixture (GET /mock/v1/fixture) and their JWT assertions.
const USERS = {
  wayne: { id: '696658052', jwt: 'jwt-101', name: 'Wayne T' },
  beth: { id: '696667052', jwt: 'jwt-102', name: 'Beth S' },
  federick: { id: '696676052', jwt: 'jwt-103', name: 'Federick J' },
  sam: { id: '710403052', jwt: 'jwt-104', name: 'Sam R' },
};

const QUEUE = { id: '62284871234', name: 'Financial Advising Queue', number: '+15559870001' };
const MAIN_SITE_ID = '497120052';
const WAYNE_DIRECT = '+16505550111';

// @ringcentral/sdk keeps its tokens in one process-wide storage under `cachePrefix`: each user
// gets their own prefix, or the last login would speak for every SDK instance.
function sdkOptions(user) {
  return { appName: 'rcthreads-conformance', appVersion: '0.1.0', cachePrefix: `rc-${user.jwt}-` };
}

async function control(method, path, body) {
  const res = await fetch(`${SERVER}/mock/v1/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`mock control ${method} ${path}: HTTP ${res.status} ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

module.exports = {
  SERVER,
  APP,
  USERS,
  QUEUE,
  MAIN_SITE_ID,
  WAYNE_DIRECT,
  sdkOptions,
  reset: () => control('POST', 'reset'),
  advanceClock: (seconds) => control('POST', 'clock', { advanceSeconds: seconds }),
  inbound: (from, to, text) => control('POST', 'inbound', { from, to, text }),
  fixture: () => control('GET', 'fixture'),
  requests: () => control('GET', 'requests'),
};
