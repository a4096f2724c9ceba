// What an SDK delivers to an application's callback, kept in arrival order, and the notification
// checks the real-time suites share. Every wait is bounded, so a missing event fails the test
// instead of hanging it.
'use strict';

const assert = require('node:assert/strict');
const { once } = require('node:events');
const { MESSAGE_EVENT, THREAD_EVENT } = require('./mock');

const WAIT_MS = 10_000;

class Inbox {
  constructor(name) {
    this.name = name;
    this.items = [];
    this.waiters = new Set();
    // Handed to the SDK as its callback.
    this.push = (item) => {
      this.items.push(item);
      for (const check of [...this.waiters]) check();
    };
  }

  // The first `n` items, once they have arrived.
  async first(n, ms = WAIT_MS) {
    if (this.items.length >= n) return this.items.slice(0, n);
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const check = () => {
        if (this.items.length >= n) {
          done();
          resolve(this.items.slice(0, n));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name} got ${this.items.length} of ${n} notifications in ${ms} ms: ${JSON.stringify(this.items)}`));
      }, ms);
      this.waiters.add(check);
    });
  }
}

// An event of an EventEmitter, or an error after `ms`.
function event(emitter, name, ms = WAIT_MS) {
  return once(emitter, name, { signal: AbortSignal.timeout(ms) });
}

// A thread event and a message event, in either order, for `ownerId` through `subscriptionId`,
// about the change made at `lastModifiedTime`: what an app checks before it syncs.
function assertThreadAndMessageEvents(notifications, { ownerId, subscriptionId, lastModifiedTime }) {
  assert.deepEqual(notifications.map((n) => n.event).sort(), [MESSAGE_EVENT, THREAD_EVENT]);
  for (const n of notifications) {
    assert.equal(n.ownerId, ownerId, JSON.stringify(n));
    assert.equal(n.subscriptionId, subscriptionId, JSON.stringify(n));
    assert.equal(n.body.lastModifiedTime, lastModifiedTime, JSON.stringify(n));
    assert.ok(n.uuid && n.timestamp, JSON.stringify(n));
  }
  assert.notEqual(notifications[0].uuid, notifications[1].uuid);
}

module.exports = { Inbox, event, assertThreadAndMessageEvents };
