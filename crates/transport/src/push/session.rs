//! The task behind a [`Subscription`](super::Subscription): subscribe, deliver, keep the
//! connection and the subscription alive, recover or subscribe again, clean up.

use std::time::Duration;

use bytes::Bytes;
use rcthreads_wire::gateway::{Frame, FrameType, RecoveryState};
use rcthreads_wire::subscription::{
    CreateSubscriptionRequest, Notification, NotificationDeliveryModeRequest, SubscriptionInfo, TransportType,
};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use super::connection::{Connection, Incoming, gateway_error};
use super::{PushEvent, SubscriptionBuilder};
use crate::client::Client;
use crate::error::{ApiFailure, Error};

const SUBSCRIPTION: &str = "/restapi/v1.0/subscription";
/// Notifications kept while the answer that names the subscription is awaited.
const EARLY: usize = 100;
/// The longest pause between two attempts to reopen a lost connection.
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// How long a removal may take when the stream is dropped.
const GOODBYE: Duration = Duration::from_secs(2);
/// Heartbeats at least this often, whatever the gateway's idle timeout (as the JS SDK).
const MAX_HEARTBEAT: Duration = Duration::from_secs(60);

type Tx = mpsc::Sender<Result<PushEvent, Error>>;

/// What the task needs: the client, the request, where items go.
#[derive(Debug)]
pub(super) struct Worker {
    client: Client,
    request: CreateSubscriptionRequest,
    reconnect_for: Duration,
    tx: Tx,
}

/// The subscription in force and when to renew it.
#[derive(Debug)]
struct Held {
    info: SubscriptionInfo,
    renew_at: Instant,
}

impl Held {
    /// Renews after three quarters of the lifetime (at least a second from now).
    fn new(info: SubscriptionInfo) -> Self {
        let lifetime = info
            .expires_in
            .map(u64::from)
            .unwrap_or_else(|| u64::try_from((info.expiration_time - info.creation_time).num_seconds()).unwrap_or(0));
        let renew_at = Instant::now() + Duration::from_secs((lifetime * 3 / 4).max(1));
        Self { info, renew_at }
    }
}

/// A gateway session: its `wsc` token and the sequence of the last notification yielded, so
/// that a replayed one is yielded once.
#[derive(Debug)]
struct Session {
    wsc: String,
    last: Option<u64>,
}

/// Why delivery on a connection stopped.
#[derive(Debug)]
enum End {
    /// The connection broke or closed: reopen it.
    Lost(Error),
    /// The stream was dropped.
    Gone,
    /// The subscription cannot go on.
    Failed(Error),
}

impl Worker {
    pub(super) fn new(b: &SubscriptionBuilder, tx: Tx) -> Self {
        let request = CreateSubscriptionRequest {
            event_filters: b.event_filters.clone(),
            expires_in: b.expires_in,
            delivery_mode: NotificationDeliveryModeRequest {
                transport_type: TransportType::WebSocket,
                address: String::new(),
                verification_token: None,
            },
        };
        Self { client: b.client.clone(), request, reconnect_for: b.reconnect_for, tx }
    }

    /// Runs until the stream is dropped or the subscription fails; a failure is the last item.
    pub(super) async fn run(self) {
        if let Err(e) = self.serve().await {
            let _ = self.tx.send(Err(e)).await;
        }
    }

    async fn serve(&self) -> Result<(), Error> {
        let mut conn = Connection::open(&self.client, None).await?;
        let mut session = Session { wsc: conn.wsc.clone(), last: None };
        let (mut held, early) = self.subscribe(&mut conn).await?;
        if !self.emit(PushEvent::Subscribed(held.info.clone()), &mut session, early, &held).await {
            self.remove(conn, &held).await;
            return Ok(());
        }
        loop {
            match self.deliver(&mut conn, &mut session, &mut held).await {
                End::Gone => {
                    self.remove(conn, &held).await;
                    return Ok(());
                }
                End::Failed(e) => {
                    conn.close().await;
                    return Err(e);
                }
                End::Lost(why) => {
                    let Some(reopened) = self.reopen(&session.wsc, why).await? else { return Ok(()) };
                    conn = reopened;
                    let recovered = conn.details.recovery_state == Some(RecoveryState::Successful);
                    if recovered && conn.wsc == session.wsc {
                        continue;
                    }
                    session = Session { wsc: conn.wsc.clone(), last: None };
                    let early;
                    (held, early) = self.subscribe(&mut conn).await?;
                    if !self.emit(PushEvent::Resubscribed(held.info.clone()), &mut session, early, &held).await {
                        self.remove(conn, &held).await;
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Yields `event`, then the notifications that came before the subscription's answer.
    /// False when the stream was dropped.
    async fn emit(&self, event: PushEvent, session: &mut Session, early: Vec<Frame>, held: &Held) -> bool {
        if self.tx.send(Ok(event)).await.is_err() {
            return false;
        }
        for frame in early {
            if let Some(event) = notification(&frame, session, held) {
                if self.tx.send(Ok(event)).await.is_err() {
                    return false;
                }
            }
        }
        true
    }

    /// Creates the subscription over `conn`; returns it and the notifications that arrived
    /// before its answer.
    async fn subscribe(&self, conn: &mut Connection) -> Result<(Held, Vec<Frame>), Error> {
        let body = serde_json::to_value(&self.request).ok();
        let id = conn.request("POST", SUBSCRIPTION, body).await.ok_or_else(|| lost("while subscribing"))?;
        let mut early = Vec::new();
        let timeout = self.client.inner.timeout;
        let answer = tokio::time::timeout(timeout, async {
            loop {
                match conn.next().await {
                    Incoming::Frame(f) if f.meta.message_id.as_deref() == Some(id.as_str()) => return Ok(*f),
                    Incoming::Frame(f) if f.meta.kind == FrameType::ServerNotification => {
                        if early.len() < EARLY {
                            early.push(*f);
                        }
                    }
                    Incoming::Frame(_) | Incoming::Skip => {}
                    Incoming::Closed(why) => return Err(Error::WebSocket(why.into())),
                }
            }
        })
        .await
        .map_err(|_| Error::Timeout(timeout))??;
        Ok((Held::new(answered(answer)?), early))
    }

    /// Delivers notifications until the connection is lost, the stream dropped, or the
    /// subscription fails; heartbeats when idle and renews the subscription when due.
    async fn deliver(&self, conn: &mut Connection, session: &mut Session, held: &mut Held) -> End {
        let idle = Duration::from_secs(u64::from(conn.details.idle_timeout));
        let beat = if idle.is_zero() { MAX_HEARTBEAT } else { (idle / 2).min(MAX_HEARTBEAT) };
        let mut last_sent = Instant::now();
        // A heartbeat sent and nothing received since: the connection may be dead.
        let mut unanswered: Option<Instant> = None;
        let mut renewal: Option<String> = None;
        loop {
            // Without a heartbeat unanswered the branch that waits for it is off: any instant does.
            let silent_until = unanswered.map_or(last_sent, |t| t + beat);
            let incoming = tokio::select! {
                () = self.tx.closed() => return End::Gone,
                incoming = conn.next() => incoming,
                () = sleep_until(last_sent + beat) => {
                    if !conn.heartbeat().await {
                        return End::Lost(lost("sending a heartbeat"));
                    }
                    last_sent = Instant::now();
                    unanswered.get_or_insert(last_sent);
                    continue;
                }
                () = sleep_until(silent_until), if unanswered.is_some() => {
                    return End::Lost(lost("no answer to a heartbeat"));
                }
                () = sleep_until(held.renew_at), if renewal.is_none() => {
                    let path = format!("{SUBSCRIPTION}/{}", crate::client::seg(&held.info.id));
                    let body = serde_json::to_value(&self.request).ok();
                    match conn.request("PUT", &path, body).await {
                        Some(id) => renewal = Some(id),
                        None => return End::Lost(lost("renewing the subscription")),
                    }
                    last_sent = Instant::now();
                    continue;
                }
            };
            let frame = match incoming {
                Incoming::Frame(f) => *f,
                Incoming::Skip => {
                    unanswered = None;
                    continue;
                }
                Incoming::Closed(why) => return End::Lost(Error::WebSocket(why.into())),
            };
            unanswered = None;
            match frame.meta.kind {
                FrameType::ServerNotification => {
                    if let Some(event) = notification(&frame, session, held) {
                        if self.tx.send(Ok(event)).await.is_err() {
                            return End::Gone;
                        }
                    }
                }
                FrameType::ClientRequest if renewal.is_some() && frame.meta.message_id == renewal => {
                    renewal = None;
                    match answered(frame) {
                        Ok(info) => *held = Held::new(info),
                        // The subscription is gone (expired, removed): make a new one.
                        Err(Error::NotFound(_)) => match self.subscribe(conn).await {
                            Ok((again, early)) => {
                                *held = again;
                                let event = PushEvent::Resubscribed(held.info.clone());
                                if !self.emit(event, session, early, held).await {
                                    return End::Gone;
                                }
                            }
                            Err(e) => return End::Failed(e),
                        },
                        Err(e) => return End::Failed(e),
                    }
                }
                FrameType::Error => return End::Failed(gateway_error(&frame)),
                _ => {}
            }
        }
    }

    /// Reopens a lost connection, recovering session `wsc`, until `reconnect_for` has passed.
    /// `None` when the stream was dropped meanwhile.
    async fn reopen(&self, wsc: &str, why: Error) -> Result<Option<Connection>, Error> {
        let deadline = Instant::now() + self.reconnect_for;
        let mut wait = Duration::from_millis(100);
        let mut last = why;
        loop {
            if !retryable(&last) {
                return Err(Error::SessionClosed(Box::new(last)));
            }
            let attempt = tokio::select! {
                () = self.tx.closed() => return Ok(None),
                attempt = Connection::open(&self.client, Some(wsc)) => attempt,
            };
            match attempt {
                Ok(conn) => return Ok(Some(conn)),
                Err(e) => last = e,
            }
            if Instant::now() + wait > deadline {
                return Err(Error::SessionClosed(Box::new(last)));
            }
            tokio::select! {
                () = self.tx.closed() => return Ok(None),
                () = tokio::time::sleep(wait) => {}
            }
            wait = (wait * 2).min(MAX_BACKOFF);
        }
    }

    /// Removes the subscription (waiting briefly for the answer) and closes the socket.
    async fn remove(&self, mut conn: Connection, held: &Held) {
        let path = format!("{SUBSCRIPTION}/{}", crate::client::seg(&held.info.id));
        if let Some(id) = conn.request("DELETE", &path, None).await {
            let _ = tokio::time::timeout(GOODBYE, async {
                loop {
                    match conn.next().await {
                        Incoming::Frame(f) if f.meta.message_id.as_deref() == Some(id.as_str()) => return,
                        Incoming::Closed(_) => return,
                        _ => {}
                    }
                }
            })
            .await;
        }
        conn.close().await;
    }
}

fn lost(doing: &str) -> Error {
    Error::WebSocket(format!("the connection broke {doing}").into())
}

/// Whether reopening may help: the network, the server's load, or a refused connection.
fn retryable(e: &Error) -> bool {
    match e {
        Error::WebSocket(_) => true,
        Error::Gateway { status, .. } => *status == 429 || *status >= 500,
        e => e.is_transport() || e.status().is_some_and(|s| s == 429 || s >= 500),
    }
}

/// The subscription a `ClientRequest` answer carries, or the error it reports.
fn answered(frame: Frame) -> Result<SubscriptionInfo, Error> {
    if frame.meta.kind == FrameType::Error {
        return Err(gateway_error(&frame));
    }
    let status = frame.meta.status.unwrap_or(0);
    let raw = Bytes::from(frame.body.as_ref().map(Value::to_string).unwrap_or_default());
    if !(200..300).contains(&status) {
        return Err(Error::from_failure(ApiFailure::new(status, raw, None)));
    }
    let body = frame.body.unwrap_or(Value::Null);
    serde_json::from_value(body).map_err(|source| Error::Decode { status, source, raw })
}

/// The event a `ServerNotification` carries, when it is for this subscription and not yet
/// yielded in this session.
fn notification(frame: &Frame, session: &mut Session, held: &Held) -> Option<PushEvent> {
    let n: Notification = serde_json::from_value(frame.body.clone()?).ok()?;
    if n.subscription_id != held.info.id {
        return None;
    }
    if let Some(wsc) = frame.meta.wsc.as_ref().filter(|w| w.token == session.wsc) {
        if session.last.is_some_and(|last| wsc.sequence <= last) {
            return None;
        }
        session.last = Some(wsc.sequence);
    }
    Some(PushEvent::from_notification(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcthreads_wire::gateway::{FrameMeta, Wsc};
    use serde_json::json;

    fn held(id: &str) -> Held {
        let info = serde_json::from_value(json!({
            "id": id, "eventFilters": [], "expirationTime": "2026-03-12T21:06:33.706Z", "expiresIn": 900,
            "status": "Active", "creationTime": "2026-03-12T20:51:33.706Z",
            "deliveryMode": {"transportType": "WebSocket"},
        }))
        .unwrap();
        Held::new(info)
    }

    fn frame(wsc: &str, sequence: u64, subscription: &str) -> Frame {
        let mut meta = FrameMeta::new(FrameType::ServerNotification);
        meta.wsc = Some(Wsc { token: wsc.into(), sequence });
        let body = json!({
            "uuid": format!("u{sequence}"), "event": "/restapi/v1.0/account/1/message-threads/sync",
            "subscriptionId": subscription, "timestamp": "2026-03-12T21:06:33.706Z",
            "body": {"lastModifiedTime": "2026-03-12T21:06:33.706Z"},
        });
        Frame::new(meta, Some(body))
    }

    #[test]
    fn a_notification_is_yielded_once_per_session_sequence_and_only_for_the_subscription() {
        let held = held("sub-1");
        let mut session = Session { wsc: "w1".into(), last: None };
        let mut yielded = |f: Frame| notification(&f, &mut session, &held).is_some();
        assert!(yielded(frame("w1", 5, "sub-1")));
        assert!(!yielded(frame("w1", 5, "sub-1")), "a replay of what was yielded");
        assert!(!yielded(frame("w1", 4, "sub-1")), "older than what was yielded");
        assert!(yielded(frame("w1", 7, "sub-1")));
        assert!(!yielded(frame("w1", 8, "sub-other")), "another subscription's");
        assert!(yielded(frame("w1", 9, "sub-1")));
    }

    #[test]
    fn reopening_is_tried_after_network_load_and_server_failures_only() {
        let gateway = |status| Error::Gateway { status, code: "WSG-X".into(), message: String::new() };
        let answer = |status| Error::from_failure(ApiFailure::new(status, Bytes::new(), None));
        for e in [lost("now"), gateway(429), gateway(500), gateway(503), answer(429), answer(500), answer(502)] {
            assert!(retryable(&e), "{e:?}");
        }
        assert!(retryable(&Error::Timeout(Duration::from_secs(1))));
        for e in [gateway(401), gateway(400), gateway(499), answer(401), answer(403), answer(404), answer(499)] {
            assert!(!retryable(&e), "{e:?}");
        }
        assert!(!retryable(&Error::NotLoggedIn));
    }

    #[test]
    fn a_subscription_is_renewed_before_it_expires() {
        let before = Instant::now();
        let h = held("s");
        assert!(h.renew_at >= before + Duration::from_secs(675) && h.renew_at < before + Duration::from_secs(900));
    }
}
