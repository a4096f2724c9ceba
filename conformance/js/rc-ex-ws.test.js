// @rc-ex/ws (the WebSocket extension of @rc-ex/core) against the mock's gateway, unchanged: only
// the SDK's server URL points at the mock.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const RingCentral = require('@rc-ex/core').default;
const RestException = require('@rc-ex/core/RestException').default;
const WebSocketExtension = require('@rc-ex/ws').default;
const mock = require('./mock');
const { Inbox, assertThreadAndMessageEvents } = require('./inbox');

const { USERS, QUEUE } = mock;
const MESSAGES = '/restapi/v1.0/account/~/message-threads/messages';
const CUSTOMER = '+16502240001';

// A user authorized with @rc-ex/core, with the WebSocket extension installed (REST over the
// socket when asked); `close` removes the subscription, closes the socket, stops the recovery
// timer and revokes the token, so node can exit.
async function connect(t, user, options = {}) {
  const rc = new RingCentral({ server: mock.SERVER, ...mock.APP, appName: 'rcthreads-conformance', appVersion: '0.1.0' });
  await rc.authorize({ jwt: user.jwt });
  const wse = new WebSocketExtension(options);
  await rc.installExtension(wse);
  t.after(async () => {
    await wse.revoke();
    await rc.revoke();
  });
  return { rc, wse };
}

// The ClientRequest answers that came over a socket, counted as they arrive.
function clientRequests(ws) {
  const seen = [];
  ws.addEventListener('message', (m) => {
    const [meta] = JSON.parse(m.data);
    if (meta.type === 'ClientRequest') seen.push(meta);
  });
  return seen;
}

function sendBody(text, extra = {}) {
  return { from: { phoneNumber: QUEUE.number }, to: [{ phoneNumber: CUSTOMER }], text, ...extra };
}

test.beforeEach(async () => {
  await mock.reset();
});

test('@rc-ex/ws: a subscription gets the thread and message events of an inbound text', async (t) => {
  const { wse } = await connect(t, USERS.wayne);
  assert.equal(wse.connectionDetails.recoveryState, undefined);
  assert.ok(wse.connectionDetails.recoveryTimeout > 0);
  const inbox = new Inbox('Wayne');
  const subscription = await wse.subscribe(mock.EVENT_FILTERS, inbox.push);
  assert.equal(subscription.subscriptionInfo.deliveryMode.transportType, 'WebSocket');
  assert.deepEqual(subscription.subscriptionInfo.eventFilters, mock.EVENT_FILTERS);

  const text = await mock.inbound(CUSTOMER, QUEUE.number, 'Hello, is anyone there?');
  assertThreadAndMessageEvents(await inbox.first(2), {
    ownerId: USERS.wayne.id,
    subscriptionId: subscription.subscriptionInfo.id,
    lastModifiedTime: text.lastModifiedTime,
  });

  // Renewed over the socket, then removed: nothing more arrives.
  await subscription.refresh();
  assert.equal(subscription.subscriptionInfo.status, 'Active');
  await subscription.revoke();
  assert.deepEqual((await mock.websockets()).records[0].subscriptions, []);
  await mock.inbound('+16502240002', QUEUE.number, 'Hello?');
  // Answered after anything already due to this socket.
  const listed = await wse.request('GET', '/restapi/v1.0/subscription');
  assert.deepEqual(listed.data.records, []);
  assert.equal(inbox.items.length, 2);
});

test('@rc-ex/ws: restOverWebSocket carries a send, with its notifications, and MSG-427 as a RestException', async (t) => {
  const wayne = await connect(t, USERS.wayne, { restOverWebSocket: true });
  const beth = await connect(t, USERS.beth, { restOverWebSocket: true });
  const overWayne = clientRequests(wayne.wse.ws);
  const inbox = new Inbox('Wayne');
  const subscription = await wayne.wse.subscribe(mock.EVENT_FILTERS, inbox.push);

  // A JSON body through the SDK's request method: @rc-ex/core's typed `messages().post()`
  // builds multipart bytes that @rc-ex/ws would send as a JSON object of numbered bytes.
  const sent = await wayne.rc.post(MESSAGES, sendBody('Hi Tom, your statement is ready'));
  assert.equal(sent.status, 200);
  assert.equal(sent.config.baseURL, wayne.wse.wsToken.uri, 'sent over the socket');
  assert.equal(sent.data.direction, 'Outbound');
  assert.equal(sent.data.author.extensionId, USERS.wayne.id);
  // A new thread of Wayne's own: its thread and message events are his.
  assertThreadAndMessageEvents(await inbox.first(2), {
    ownerId: USERS.wayne.id,
    subscriptionId: subscription.subscriptionInfo.id,
    lastModifiedTime: sent.data.lastModifiedTime,
  });

  // Beth writes into Wayne's thread: refused, over her socket, as the SDK's RestException.
  let refused;
  try {
    await beth.rc.post(MESSAGES, sendBody('Hello from Beth', { threadId: sent.data.threadId }));
  } catch (e) {
    refused = e;
  }
  assert.ok(refused instanceof RestException, `expected a RestException, got ${refused}`);
  assert.equal(refused.response.status, 403);
  assert.equal(refused.response.config.baseURL, beth.wse.wsToken.uri, 'answered over the socket');
  assert.equal(refused.response.data.errorCode, 'MSG-427');
  assert.equal(refused.response.data.errors[0].errorCode, 'MSG-427');
  assert.equal(refused.response.data.errors[0].extensionId, USERS.beth.id);

  // A typed read goes over Wayne's socket too; answered after anything already due to it.
  const before = overWayne.length;
  const thread = await wayne.rc.restapi().account().messageThreads(sent.data.threadId).get();
  assert.equal(thread.assignee.extensionId, USERS.wayne.id);
  assert.equal(overWayne.length, before + 1);
  assert.equal(inbox.items.length, 2, 'the refused send notified nobody');
});
