//! Webhook subscriptions and the delivery of thread and message events.
//!
//! Who receives what is the domain's business (`Inbox::take_notifications`); this module only
//! matches recipients to their subscriptions and hands the envelope over: to the subscription's
//! webhook queue (`webhooks`), or to its WebSocket session. Deliveries never hold this lock.

use std::collections::HashMap;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rcthreads_domain::{ExtensionId, Notification, Timestamp};
use rcthreads_wire::subscription::{ENTRY_EVENT_FILTER, Notification as Envelope, SyncEventBody, THREAD_EVENT_FILTER};

use crate::state::{Account, AppState, lock};
use crate::webhooks::{Event, Outbox};

/// A webhook subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Id.
    pub id: String,
    /// Account index.
    pub account: usize,
    /// The user who created it: events for them are delivered here.
    pub owner: ExtensionId,
    /// Thread events wanted.
    pub threads: bool,
    /// Message (entries) events wanted.
    pub entries: bool,
    /// The filters as given.
    pub event_filters: Vec<String>,
    /// Where events go.
    pub delivery: Delivery,
    /// When it was created.
    pub created: Timestamp,
    /// When it lapses.
    pub expires: Timestamp,
}

/// Where a subscription's events go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// POSTed to a URL.
    WebHook {
        /// Webhook URL.
        address: String,
        /// Echoed in `Verification-Token` on each delivery.
        verification_token: Option<String>,
    },
    /// Sent over the WebSocket gateway session the subscription was made on.
    WebSocket {
        /// The session's `wsc` token.
        session: String,
    },
}

/// The subscriptions of all accounts, with an index by owner so that matching a notification's
/// recipients costs their own subscriptions, not everyone's.
#[derive(Debug, Default)]
pub struct Subscriptions {
    by_id: HashMap<String, Subscription>,
    by_owner: HashMap<(usize, ExtensionId), Vec<String>>,
    /// The webhook queues, started on a subscription's first event, stopped with it.
    outboxes: HashMap<String, Outbox>,
}

impl Subscriptions {
    /// Adds one.
    pub fn insert(&mut self, s: Subscription) {
        let ids = self.by_owner.entry((s.account, s.owner)).or_default();
        if !ids.contains(&s.id) {
            ids.push(s.id.clone());
        }
        self.by_id.insert(s.id.clone(), s);
    }

    /// One by id.
    pub fn get(&self, id: &str) -> Option<&Subscription> {
        self.by_id.get(id)
    }

    /// One by id, to change it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Subscription> {
        self.by_id.get_mut(id)
    }

    /// Removes one; false when unknown.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(s) = self.by_id.remove(id) else { return false };
        self.outboxes.remove(id);
        if let Some(ids) = self.by_owner.get_mut(&(s.account, s.owner)) {
            ids.retain(|i| i != id);
            if ids.is_empty() {
                self.by_owner.remove(&(s.account, s.owner));
            }
        }
        true
    }

    /// Those of one user, unordered, borrowed.
    fn owned_by(&self, account: usize, owner: ExtensionId) -> impl Iterator<Item = &Subscription> {
        self.by_owner.get(&(account, owner)).into_iter().flatten().filter_map(|id| self.by_id.get(id))
    }

    /// Those of one user, oldest first.
    pub fn of(&self, account: usize, owner: ExtensionId) -> Vec<Subscription> {
        let mut v: Vec<_> = self.owned_by(account, owner).cloned().collect();
        v.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        v
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// How many subscriptions one user holds that have not lapsed.
    pub fn live_count(&self, account: usize, owner: ExtensionId, now: Timestamp) -> usize {
        self.owned_by(account, owner).filter(|s| now < s.expires).count()
    }

    /// Forgets one user's lapsed subscriptions (they deliver nothing and cannot be renewed).
    pub fn drop_lapsed(&mut self, account: usize, owner: ExtensionId, now: Timestamp) {
        let lapsed: Vec<String> =
            self.owned_by(account, owner).filter(|s| now >= s.expires).map(|s| s.id.clone()).collect();
        for id in lapsed {
            self.remove(&id);
        }
    }

    /// Those of an account, unordered.
    pub fn of_account(&self, account: usize) -> Vec<Subscription> {
        self.by_id.values().filter(|s| s.account == account).cloned().collect()
    }

    /// Forgets every subscription of an account (a deleted tenant).
    pub fn forget_account(&mut self, account: usize) {
        self.by_id.retain(|_, s| s.account != account);
        self.by_owner.retain(|(a, _), _| *a != account);
    }

    /// Forgets all.
    pub fn clear(&mut self) {
        self.by_id.clear();
        self.by_owner.clear();
        self.outboxes.clear();
    }
}

/// Which event a filter asks for: `Some(true)` thread events, `Some(false)` message events.
/// `~` and the account's own id are both accepted in the filter.
pub fn filter_kind(filter: &str, account_id: &str) -> Option<bool> {
    let own = |f: &str| f.replacen("/account/~/", &format!("/account/{account_id}/"), 1);
    if own(filter) == own(THREAD_EVENT_FILTER) {
        Some(true)
    } else if own(filter) == own(ENTRY_EVENT_FILTER) {
        Some(false)
    } else {
        None
    }
}

/// The HTTP client for webhooks.
pub fn client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

/// POSTs `body` to `address` with extra headers; the status, or why it failed.
pub async fn post(
    address: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
    timeout: Duration,
) -> Result<hyper::Response<hyper::body::Incoming>, String> {
    let mut req = hyper::Request::post(address).header("Content-Type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Full::new(Bytes::from(body))).map_err(|e| e.to_string())?;
    match tokio::time::timeout(timeout, client().request(req)).await {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", timeout.as_secs())),
    }
}

/// Delivers the notifications of one command to the subscriptions of their recipients.
pub fn dispatch(state: &AppState, account: &Account, notes: Vec<Notification>) {
    if notes.is_empty() {
        return;
    }
    let mut subs = lock(&state.subscriptions);
    // Most runs have no subscription at all: nothing to match, nothing to format.
    if subs.is_empty() {
        return;
    }
    let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
    let now = account.now();
    let account_id = account.id().to_string();
    let account = account.index;
    let mut sockets = Vec::new();
    let mut hooks = Vec::new();
    for n in notes {
        for &recipient in &n.recipients {
            for s in subs.owned_by(account, recipient) {
                if now >= s.expires {
                    continue;
                }
                let events = [
                    (n.thread_event && s.threads, THREAD_EVENT_FILTER),
                    (n.message_event && s.entries, ENTRY_EVENT_FILTER),
                ];
                for (wanted, filter) in events {
                    if !wanted {
                        continue;
                    }
                    let envelope = Envelope {
                        uuid: uuid::Uuid::new_v4().to_string(),
                        event: filter.replacen("/account/~/", &format!("/account/{account_id}/"), 1),
                        owner_id: Some(recipient.to_string()),
                        subscription_id: s.id.clone(),
                        timestamp: now.to_datetime(),
                        body: SyncEventBody { last_modified_time: n.time.to_datetime() },
                    };
                    match &s.delivery {
                        Delivery::WebHook { address, verification_token } => {
                            let Ok(body) = serde_json::to_vec(&envelope) else { continue };
                            let event = Event {
                                address: address.clone(),
                                verification_token: verification_token.clone(),
                                body,
                            };
                            hooks.push((s.id.clone(), event));
                        }
                        Delivery::WebSocket { session } => {
                            let Ok(body) = serde_json::to_string(&envelope) else { continue };
                            sockets.push((session.clone(), body));
                        }
                    }
                }
            }
        }
    }
    for (id, event) in hooks {
        subs.outboxes.entry(id).or_insert_with_key(|id| Outbox::start(id, &runtime)).push(event);
    }
    drop(subs);
    if !sockets.is_empty() {
        state.gateway.deliver(&sockets, &state.settings.gateway);
    }
}
