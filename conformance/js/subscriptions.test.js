// @ringcentral/subscriptions (the WebSocket subscriptions of @ringcentral/sdk) against the mock's
// gateway, unchanged: only the SDK's server URL points at the mock.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { SDK } = require('@ringcentral/sdk');
const { Subscriptions } = require('@ringcentral/subscriptions');
const mock = require('./mock');
const { Inbox, event, assertThreadAndMessageEvents } = require('./inbox');

const { USERS, QUEUE } = mock;
const THREADS = '/restapi/v1.0/account/~/message-threads';
const CUSTOMER = '+16502240001';

// A user logged in with @ringcentral/sdk and subscribed to the thread and message events the
// way the SDK's README shows; `close` removes the subscription, closes the socket, stops the
// SDK's recovery timer and logs out, so node can exit.
async function subscribe(t, user, inbox) {
  const sdk = new SDK({ server: mock.SERVER, ...mock.APP, ...mock.sdkOptions(user) });
  await sdk.platform().login({ jwt: user.jwt });
  const subscription = new Subscriptions({ sdk }).createSubscription();
  subscription.setEventFilters(mock.EVENT_FILTERS);
  subscription.on(subscription.events.notification, inbox.push);
  const ws = await subscription.register();
  t.after(async () => {
    await ws.wse.revoke();
    await sdk.platform().logout();
  });
  return { platform: sdk.platform(), ws, id: ws.subscriptionInfo.id };
}

// A round trip on the user's own socket: the mock queues a notification on a connection before
// it answers the request that caused it, so whatever was due to this socket arrived before this
// answer does.
async function roundTrip(sub) {
  const r = await sub.ws.wse.request('GET', `/restapi/v1.0/subscription/${sub.id}`);
  assert.equal(r.status, 200);
}

test.beforeEach(async () => {
  await mock.reset();
});

test('@ringcentral/subscriptions: the handler gets thread and message events; a non-handler stays silent', async (t) => {
  const wayneInbox = new Inbox('Wayne');
  const noraInbox = new Inbox('Nora');
  const wayne = await subscribe(t, USERS.wayne, wayneInbox);
  const nora = await subscribe(t, USERS.nora, noraInbox);
  assert.equal(wayne.ws.subscriptionInfo.deliveryMode.transportType, 'WebSocket');
  const sessions = (await mock.websockets()).records;
  assert.deepEqual(
    sessions.map((s) => [s.extensionId, s.connected, s.subscriptions]).sort(),
    [
      [USERS.wayne.id, true, [wayne.id]],
      [USERS.nora.id, true, [nora.id]],
    ].sort(),
  );

  // A customer texts the queue: a new unassigned thread, for every handler.
  const text = await mock.inbound(CUSTOMER, QUEUE.number, 'Hi, a question about my account');
  assertThreadAndMessageEvents(await wayneInbox.first(2), {
    ownerId: USERS.wayne.id,
    subscriptionId: wayne.id,
    lastModifiedTime: text.lastModifiedTime,
  });
  await roundTrip(nora);
  assert.deepEqual(noraInbox.items, []);

  // Wayne takes the thread: a thread event for the handlers, none for Nora.
  const assigned = await (
    await wayne.platform.post(`${THREADS}/${text.threadId}/assign`, { assignee: { extensionId: USERS.wayne.id } })
  ).json();
  const [third] = (await wayneInbox.first(3)).slice(2);
  assert.equal(third.event, mock.THREAD_EVENT);
  assert.equal(third.body.lastModifiedTime, assigned.lastModifiedTime);
  await roundTrip(nora);
  assert.deepEqual(noraInbox.items, []);
  await roundTrip(wayne);
  assert.equal(wayneInbox.items.length, 3, 'nothing twice');
});

test('@ringcentral/subscriptions: after a dropped connection the SDK recovers its session and gets what it missed', async (t) => {
  const inbox = new Inbox('Wayne');
  const wayne = await subscribe(t, USERS.wayne, inbox);
  const wse = wayne.ws.wse;
  const session = wse.wsc.token;
  assert.ok(session);

  const closed = event(wse.ws, 'close');
  // Recovery is checked every 2 s or more; held here (the extension's `autoRecover.enabled`
  // option, read at every check) so that the customer's text certainly comes while the socket
  // is down.
  wse.options.autoRecover.enabled = false;
  assert.equal((await mock.dropWebsockets()).dropped, 1);
  await closed;
  const missed = await mock.inbound(CUSTOMER, QUEUE.number, 'Are you there?');
  const [away] = (await mock.websockets()).records;
  assert.deepEqual([away.connected, away.missed], [false, 2]);
  assert.deepEqual(inbox.items, []);

  const recovered = event(wse.eventEmitter, 'autoRecoverSuccess', 15_000);
  wse.options.autoRecover.enabled = true;
  await recovered;
  assert.equal(wse.connectionDetails.recoveryState, 'Successful');
  assert.equal(wse.wsc.token, session, 'the same session, resumed with wsc');
  assertThreadAndMessageEvents(await inbox.first(2), {
    ownerId: USERS.wayne.id,
    subscriptionId: wayne.id,
    lastModifiedTime: missed.lastModifiedTime,
  });
  const [back] = (await mock.websockets()).records;
  assert.deepEqual([back.connected, back.missed, back.subscriptions], [true, 0, [wayne.id]]);

  // The recovered subscription keeps delivering, and nothing came twice.
  const later = await mock.inbound('+16502240002', QUEUE.number, 'Hello again');
  const [, , ...live] = await inbox.first(4);
  assertThreadAndMessageEvents(live, {
    ownerId: USERS.wayne.id,
    subscriptionId: wayne.id,
    lastModifiedTime: later.lastModifiedTime,
  });
  await roundTrip(wayne);
  assert.equal(inbox.items.length, 4);
});
