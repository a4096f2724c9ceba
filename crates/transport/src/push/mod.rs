//! Real-time notifications over RingCentral's WebSocket gateway.
//!
//! [`Client::subscribe`] returns a [`Subscription`]: a stream of [`PushEvent`]s. Behind it a task
//! gets a gateway token (`POST /restapi/oauth/wstoken`), opens the socket, creates a `WebSocket`
//! subscription over it, and keeps it alive: heartbeats when idle, renewal before expiry, recovery
//! of a dropped connection with `wsc` (replayed notifications are yielded once, in order), and a
//! new subscription when the session cannot be recovered. Dropping the stream removes the
//! subscription and closes the socket.

mod connection;
mod session;

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::Stream;
use rcthreads_wire::subscription::{
    ENTRY_EVENT_FILTER, Notification, SubscriptionInfo, SyncEventBody, THREAD_EVENT_FILTER,
};
use tokio::sync::mpsc;

use crate::client::Client;
use crate::error::Error;

/// What a [`Subscription`] yields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PushEvent {
    /// The subscription is in place: events from now on are delivered. Always the first item.
    Subscribed(SubscriptionInfo),
    /// The session could not be recovered (or the subscription was lost), so a new subscription
    /// was made: events in between may be missing. Sync to catch up.
    Resubscribed(SubscriptionInfo),
    /// A thread changed (new thread, assigned, resolved): sync threads to see how.
    Threads(Notification<SyncEventBody>),
    /// Messages or notes changed: sync entries to see how.
    Entries(Notification<SyncEventBody>),
    /// An event of another filter, its body as received.
    Other(Notification),
}

impl PushEvent {
    /// Sorts a notification by its event filter (the account's id or `~`, any query ignored).
    /// A thread or entries event whose body is not a [`SyncEventBody`] is kept as `Other`.
    pub fn from_notification(n: Notification) -> Self {
        let path = n.event.split('?').next().unwrap_or_default();
        let is = |filter: &str| filter.rsplit_once("/account/~").is_some_and(|(_, tail)| path.ends_with(tail));
        let sync_body = || serde_json::from_value::<SyncEventBody>(n.body.clone()).ok();
        let typed = |body: SyncEventBody| Notification {
            uuid: n.uuid.clone(),
            event: n.event.clone(),
            owner_id: n.owner_id.clone(),
            subscription_id: n.subscription_id.clone(),
            timestamp: n.timestamp,
            body,
        };
        // The entries filter also ends with `/sync`: test it first.
        if is(ENTRY_EVENT_FILTER) {
            if let Some(body) = sync_body() {
                return PushEvent::Entries(typed(body));
            }
        } else if is(THREAD_EVENT_FILTER) {
            if let Some(body) = sync_body() {
                return PushEvent::Threads(typed(body));
            }
        }
        PushEvent::Other(n)
    }
}

/// Settings of a [`Subscription`], from [`Client::subscription`].
#[derive(Debug, Clone)]
pub struct SubscriptionBuilder {
    client: Client,
    event_filters: Vec<String>,
    expires_in: Option<u32>,
    reconnect_for: Duration,
}

/// Items waiting for the consumer; beyond this the session waits (and the gateway keeps what
/// it cannot send for the recovery).
const QUEUE: usize = 64;

impl SubscriptionBuilder {
    /// The subscription's lifetime in seconds, renewed before it ends (default: the server's).
    pub fn expires_in(mut self, seconds: u32) -> Self {
        self.expires_in = Some(seconds);
        self
    }

    /// How long to keep trying to reopen a lost connection before the stream yields
    /// [`Error::SessionClosed`] and ends (default 5 minutes).
    pub fn reconnect_for(mut self, period: Duration) -> Self {
        self.reconnect_for = period;
        self
    }

    /// The stream. Nothing is sent until it is first polled (inside a Tokio runtime).
    pub fn start(self) -> Subscription {
        Subscription { state: State::Waiting(Box::new(self)) }
    }
}

/// A stream of [`PushEvent`]s for one subscription, kept alive by a background task.
///
/// The first item is [`PushEvent::Subscribed`], or an `Err` when the subscription could not be
/// made (`Error::Unauthorized` for a refused token, `Error::Gateway` for a refused socket...).
/// An `Err` item ends the stream: it reports a session that closed and could not be reopened
/// ([`Error::SessionClosed`]), an answer the server refused, or an `Error` frame. Dropping the
/// stream removes the subscription (when the socket is still open) and closes the socket.
#[derive(Debug)]
pub struct Subscription {
    state: State,
}

#[derive(Debug)]
enum State {
    Waiting(Box<SubscriptionBuilder>),
    Running(mpsc::Receiver<Result<PushEvent, Error>>),
}

impl Stream for Subscription {
    type Item = Result<PushEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let State::Waiting(builder) = &self.state {
            let (tx, rx) = mpsc::channel(QUEUE);
            let worker = session::Worker::new(builder, tx);
            tokio::spawn(worker.run());
            self.state = State::Running(rx);
        }
        match &mut self.state {
            State::Running(rx) => rx.poll_recv(cx),
            State::Waiting(_) => Poll::Ready(None),
        }
    }
}

impl Client {
    /// Subscribes to `event_filters` (e.g. [`THREAD_EVENT_FILTER`] and [`ENTRY_EVENT_FILTER`])
    /// over the WebSocket gateway, with the default settings; see [`Subscription`].
    pub fn subscribe<I, S>(&self, event_filters: I) -> Subscription
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.subscription(event_filters).start()
    }

    /// Settings for a subscription to `event_filters`; [`SubscriptionBuilder::start`] makes
    /// the stream.
    pub fn subscription<I, S>(&self, event_filters: I) -> SubscriptionBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        SubscriptionBuilder {
            client: self.clone(),
            event_filters: event_filters.into_iter().map(Into::into).collect(),
            expires_in: None,
            reconnect_for: Duration::from_secs(300),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notification(event: &str, body: serde_json::Value) -> Notification {
        serde_json::from_value(json!({
            "uuid": "u", "event": event, "ownerId": "1", "subscriptionId": "s",
            "timestamp": "2026-03-12T21:06:33.706Z", "body": body,
        }))
        .unwrap()
    }

    #[test]
    fn events_are_sorted_by_filter() {
        let body = json!({"lastModifiedTime": "2026-03-12T21:06:33.706Z"});
        let threads = notification("/restapi/v1.0/account/37439510/message-threads/sync", body.clone());
        assert!(matches!(PushEvent::from_notification(threads), PushEvent::Threads(_)));
        let entries = notification("/restapi/v1.0/account/~/message-threads/entries/sync", body.clone());
        assert!(matches!(PushEvent::from_notification(entries), PushEvent::Entries(_)));
        let other = notification("/restapi/v1.0/account/~/extension/~/message-store", body);
        assert!(matches!(PushEvent::from_notification(other), PushEvent::Other(_)));
        let odd_body = notification("/restapi/v1.0/account/~/message-threads/sync", json!({"x": 1}));
        assert!(matches!(PushEvent::from_notification(odd_body), PushEvent::Other(_)));
    }
}
