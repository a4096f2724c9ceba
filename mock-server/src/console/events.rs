//! The mock's changes as events (`GET /mock/v1/events`, server-sent events): what the console
//! page and tests that wait for something instead of polling listen to.
//!
//! Events come from the inbox's journal, read right after each command under the account's
//! lock, so every change is seen once and in order whoever caused it (a request, the control
//! API, a timer). The channel is bounded: a client that falls behind loses events and is told
//! to `resync`, and so does every client after one command that changed too much at once (a
//! bulk load).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use rcthreads_domain::{Change, Inbox, Seq, Timestamp};
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::time::format;
use serde::Serialize;
use tokio::sync::{broadcast, watch};

use crate::error::Failure;
use crate::state::AppState;

/// How many events the channel holds for its slowest listener.
pub const CAPACITY: usize = 1024;

/// A command that changed more than this many things is announced as one `resync`.
pub const MAX_BURST: u64 = 256;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A thread was created by its first message.
    ThreadCreated,
    /// A thread was assigned, reassigned or unassigned.
    ThreadAssigned,
    /// A handler resolved a thread.
    ThreadResolved,
    /// A thread expired.
    ThreadExpired,
    /// A thread was deleted.
    ThreadDeleted,
    /// A message was sent or received.
    MessageAdded,
    /// A message's delivery status changed.
    MessageStatusChanged,
    /// A message was deleted.
    MessageDeleted,
    /// A note was added.
    NoteAdded,
    /// A note was edited.
    NoteEdited,
    /// A note was deleted.
    NoteDeleted,
    /// A resource's SMS handlers changed.
    HandlersChanged,
    /// The mock clock was moved, set or released.
    ClockMoved,
    /// The mock went back to its fixture.
    Reset,
    /// Events were missed: read the state again.
    Resync,
}

impl Kind {
    const ALL: [Kind; 15] = [
        Kind::ThreadCreated,
        Kind::ThreadAssigned,
        Kind::ThreadResolved,
        Kind::ThreadExpired,
        Kind::ThreadDeleted,
        Kind::MessageAdded,
        Kind::MessageStatusChanged,
        Kind::MessageDeleted,
        Kind::NoteAdded,
        Kind::NoteEdited,
        Kind::NoteDeleted,
        Kind::HandlersChanged,
        Kind::ClockMoved,
        Kind::Reset,
        Kind::Resync,
    ];

    /// The name on the wire (`type` and the SSE `event:` field).
    pub fn name(self) -> &'static str {
        match self {
            Kind::ThreadCreated => "threadCreated",
            Kind::ThreadAssigned => "threadAssigned",
            Kind::ThreadResolved => "threadResolved",
            Kind::ThreadExpired => "threadExpired",
            Kind::ThreadDeleted => "threadDeleted",
            Kind::MessageAdded => "messageAdded",
            Kind::MessageStatusChanged => "messageStatusChanged",
            Kind::MessageDeleted => "messageDeleted",
            Kind::NoteAdded => "noteAdded",
            Kind::NoteEdited => "noteEdited",
            Kind::NoteDeleted => "noteDeleted",
            Kind::HandlersChanged => "handlersChanged",
            Kind::ClockMoved => "clockMoved",
            Kind::Reset => "reset",
            Kind::Resync => "resync",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Whether every listener gets it whatever its filter: the whole picture changed.
    fn global(self) -> bool {
        matches!(self, Kind::ClockMoved | Kind::Reset | Kind::Resync)
    }
}

/// One event, as sent (`data:` of the SSE event, JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// What happened.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// The account, for changes of an inbox.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The account journal's position of the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<Seq>,
    /// The thread concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// The message concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The note concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_id: Option<String>,
    /// The new assignee (`threadAssigned`; absent when unassigned), or the resource whose
    /// handlers changed (`handlersChanged`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_id: Option<String>,
    /// A message's new status (`messageAdded`, `messageStatusChanged`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// When it happened, by the mock clock.
    pub time: String,
}

impl Event {
    fn bare(kind: Kind, time: Timestamp) -> Self {
        Self {
            kind,
            account_id: None,
            seq: None,
            thread_id: None,
            message_id: None,
            note_id: None,
            extension_id: None,
            status: None,
            time: format(&time.to_datetime()),
        }
    }

    /// One change of an inbox's journal.
    fn of_change(inbox: &Inbox, seq: Seq, time: Timestamp, change: Change) -> Self {
        let mut e = Self::bare(Kind::Resync, time);
        e.account_id = Some(inbox.account().to_string());
        e.seq = Some(seq);
        let thread = |e: &mut Self, id: rcthreads_domain::ThreadId| e.thread_id = Some(id.to_string());
        let message = |e: &mut Self, id: rcthreads_domain::MessageId| {
            e.message_id = Some(id.to_string());
            if let Some(m) = inbox.message_by_id(id) {
                e.thread_id = Some(m.thread_id().to_string());
                e.status = Some(format!("{:?}", m.status()));
            }
        };
        let note = |e: &mut Self, id: rcthreads_domain::NoteId| {
            e.note_id = Some(id.to_string());
            e.thread_id = inbox.note_by_id(id).map(|n| n.thread_id().to_string());
        };
        e.kind = match change {
            Change::ThreadCreated(t) => {
                thread(&mut e, t);
                Kind::ThreadCreated
            }
            Change::ThreadAssigned(t, a) => {
                thread(&mut e, t);
                e.extension_id = a.assignee.map(|x| x.to_string());
                Kind::ThreadAssigned
            }
            Change::ThreadResolved(t) => {
                thread(&mut e, t);
                Kind::ThreadResolved
            }
            Change::ThreadExpired(t) => {
                thread(&mut e, t);
                Kind::ThreadExpired
            }
            Change::ThreadDeleted(t) => {
                thread(&mut e, t);
                Kind::ThreadDeleted
            }
            Change::MessageAdded(m) => {
                message(&mut e, m);
                Kind::MessageAdded
            }
            Change::MessageStatusChanged(m) => {
                message(&mut e, m);
                Kind::MessageStatusChanged
            }
            Change::MessageDeleted(m) => {
                message(&mut e, m);
                e.status = None;
                Kind::MessageDeleted
            }
            Change::NoteAdded(n) => {
                note(&mut e, n);
                Kind::NoteAdded
            }
            Change::NoteEdited(n) => {
                note(&mut e, n);
                Kind::NoteEdited
            }
            Change::NoteDeleted(n) => {
                note(&mut e, n);
                Kind::NoteDeleted
            }
            Change::HandlersChanged(r) => {
                e.extension_id = Some(r.to_string());
                Kind::HandlersChanged
            }
        };
        e
    }
}

/// The sending side of the event channel; cheap to clone (each account holds one).
#[derive(Debug, Clone)]
pub struct Events {
    tx: broadcast::Sender<Arc<Event>>,
    /// Set when the server stops: streams end, so that shutdown need not wait for listeners.
    closed: Arc<watch::Sender<bool>>,
}

impl Default for Events {
    fn default() -> Self {
        Self { tx: broadcast::channel(CAPACITY).0, closed: Arc::new(watch::channel(false).0) }
    }
}

impl Events {
    /// The journal position to publish from after a command, or `None` when nobody listens
    /// (then the command costs nothing more).
    pub(crate) fn mark(&self, inbox: &Inbox) -> Option<Seq> {
        (self.tx.receiver_count() > 0).then(|| inbox.journal_seq())
    }

    /// Publishes the changes after `since` (from [`mark`](Self::mark)), or one `resync` when
    /// there are too many for listeners to want them one by one.
    pub(crate) fn publish_since(&self, inbox: &Inbox, since: Option<Seq>) {
        let Some(since) = since else { return };
        let count = inbox.journal_seq().saturating_sub(since);
        if count > MAX_BURST {
            let mut e = Event::bare(Kind::Resync, inbox.now());
            e.account_id = Some(inbox.account().to_string());
            self.send(e);
            return;
        }
        for entry in inbox.changes_since(since) {
            self.send(Event::of_change(inbox, entry.seq, entry.time, entry.change));
        }
    }

    /// Publishes an event that concerns the whole mock (clock, reset).
    pub(crate) fn publish(&self, kind: Kind, time: Timestamp) {
        if self.tx.receiver_count() > 0 {
            self.send(Event::bare(kind, time));
        }
    }

    fn send(&self, e: Event) {
        // No receiver left since the check: nobody to tell.
        let _ = self.tx.send(Arc::new(e));
    }

    /// A new listener, from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.tx.subscribe()
    }

    /// Ends every stream, now and later: the server is stopping.
    pub fn close(&self) {
        self.closed.send_replace(true);
    }
}

/// Which events a listener wants (`?accountId=&threadId=&types=a,b`); clock, reset and resync
/// events always pass, as they change everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    account: Option<String>,
    thread: Option<String>,
    kinds: Vec<Kind>,
}

impl Filter {
    /// Reads the query string; an unknown parameter or event type is a 400 naming it.
    pub fn parse(state: &AppState, raw: Option<&str>) -> Result<Self, Failure> {
        let mut f = Self::default();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            match &*k {
                "accountId" => {
                    if state.accounts.find(&v).is_none() {
                        return Err(ErrorResponse::invalid_parameter("accountId", Some(&v)).into());
                    }
                    f.account = Some(v.into_owned());
                }
                "threadId" => {
                    v.parse::<rcthreads_domain::ThreadId>()
                        .map_err(|_| Failure::from(ErrorResponse::invalid_parameter("threadId", Some(&v))))?;
                    f.thread = Some(v.into_owned());
                }
                "types" => {
                    for t in v.split(',').filter(|t| !t.is_empty()) {
                        let kind = Kind::parse(t).ok_or_else(|| ErrorResponse::invalid_parameter("types", Some(t)))?;
                        f.kinds.push(kind);
                    }
                }
                // The control token may come in the query (EventSource cannot send headers).
                "token" => {}
                _ => return Err(ErrorResponse::invalid_parameter(&k, Some(&v)).into()),
            }
        }
        Ok(f)
    }

    /// Whether `e` passes.
    pub fn wants(&self, e: &Event) -> bool {
        if e.kind.global() {
            return true;
        }
        let matches = |want: &Option<String>, got: &Option<String>| want.is_none() || want == got;
        matches(&self.account, &e.account_id)
            && matches(&self.thread, &e.thread_id)
            && (self.kinds.is_empty() || self.kinds.contains(&e.kind))
    }
}

fn sse(e: &Event) -> SseEvent {
    let data = serde_json::to_string(e).unwrap_or_else(|_| "{}".to_owned());
    SseEvent::default().event(e.kind.name()).data(data)
}

/// `GET /mock/v1/events`: a `ready` event, then the events that pass the filter, as they
/// happen; a comment every 15 s keeps proxies from closing the stream.
pub async fn stream(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, Failure> {
    let filter = Filter::parse(&state, raw.as_deref())?;
    let rx = state.events.subscribe();
    let closed = state.events.closed.subscribe();
    let ready =
        SseEvent::default().event("ready").data(format!(r#"{{"time":"{}"}}"#, format(&state.now().to_datetime())));
    let first = futures_util::stream::once(async move { Ok(ready) });
    let rest = futures_util::stream::unfold((rx, closed, filter), |(mut rx, mut closed, filter)| async move {
        loop {
            let received = tokio::select! {
                r = rx.recv() => r,
                _ = closed.wait_for(|c| *c) => return None,
            };
            match received {
                Ok(e) if filter.wants(&e) => return Some((Ok(sse(&e)), (rx, closed, filter))),
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let e = Event::bare(Kind::Resync, Timestamp::from_datetime(chrono::Utc::now()));
                    return Some((Ok(sse(&e)), (rx, closed, filter)));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    use futures_util::StreamExt;
    Ok(Sse::new(first.chain(rest)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_by_name() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.name()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
        assert_eq!(Kind::parse("threadcreated"), None);
    }

    #[test]
    fn filters_let_global_events_through() {
        let f = Filter { account: Some("1".into()), thread: Some("2".into()), kinds: vec![Kind::MessageAdded] };
        let t = Timestamp::from_millis(0);
        assert!(f.wants(&Event::bare(Kind::Reset, t)));
        let mut e = Event::bare(Kind::MessageAdded, t);
        assert!(!f.wants(&e));
        e.account_id = Some("1".into());
        e.thread_id = Some("2".into());
        assert!(f.wants(&e));
        e.kind = Kind::NoteAdded;
        assert!(!f.wants(&e));
    }
}
