//! Gateway tokens and sessions: who may connect, which session a connection serves, and the
//! notifications a disconnected session keeps for its recovery.
//!
//! A session is named by its `wsc` token. It outlives its connection by the recovery timeout,
//! keeping up to the recovery buffer of notifications; its subscriptions end with it.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use rcthreads_domain::{ExtensionId, Millis, Timestamp};
use rcthreads_wire::gateway::{Frame, FrameMeta, FrameType, Wsc};
use serde::Serialize;
use tokio::sync::mpsc;

use super::Limits;

/// What a connection task is told to do.
#[derive(Debug)]
pub(crate) enum Outgoing {
    /// A notification frame: kept for recovery if it cannot be written.
    Notification(String),
    /// Any other frame (answers, errors, heartbeats).
    Frame(String),
    /// Cut the connection without a close frame (the drop fault); the session stays recoverable.
    Drop,
    /// Close the connection with a close frame: the mock is shutting down.
    Shutdown,
}

/// Frames waiting for a connection task; beyond this a notification waits in the session's
/// recovery buffer instead.
pub(crate) const CHANNEL: usize = 256;

/// A token `POST /restapi/oauth/wstoken` handed out.
#[derive(Debug, Clone, Copy)]
struct Grant {
    account: usize,
    extension: ExtensionId,
    expires: Timestamp,
}

/// The connection a session is attached to.
#[derive(Debug)]
struct Link {
    id: u64,
    tx: mpsc::Sender<Outgoing>,
    since: Timestamp,
}

#[derive(Debug)]
struct Session {
    account: usize,
    extension: ExtensionId,
    created: Timestamp,
    sequence: u64,
    link: Option<Link>,
    /// Notifications not written to any connection, oldest first.
    missed: VecDeque<String>,
    /// When the last connection ended (real time), while none is attached.
    detached: Option<Instant>,
    subscriptions: Vec<String>,
}

/// Why a connection is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The `access_token` is missing, unknown or expired.
    Token,
    /// The mock holds as many sessions as it may.
    Full,
}

/// A connection accepted: its session and what to send first.
#[derive(Debug)]
pub(crate) struct Accepted {
    pub session: String,
    pub link: u64,
    pub account: usize,
    pub extension: ExtensionId,
    /// `Some(true)` recovered, `Some(false)` a recovery that failed, `None` none asked.
    pub recovered: Option<bool>,
    pub created: Timestamp,
    /// The `wsc` of the `ConnectionDetails` frame.
    pub wsc: Wsc,
    /// Notifications missed while disconnected, to send after `ConnectionDetails`.
    pub replay: Vec<String>,
}

/// One open or recoverable session, as the control API lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// The account's index in the fixture.
    pub account: usize,
    /// The user.
    pub extension_id: String,
    /// Whether a connection is attached.
    pub connected: bool,
    /// When the attached connection opened (mock clock).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connected_since: Option<String>,
    /// Notifications waiting for a recovery.
    pub missed: usize,
    /// The session's subscriptions.
    pub subscriptions: Vec<String>,
}

/// Tokens and sessions of the whole mock.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    tokens: HashMap<String, Grant>,
    token_order: VecDeque<String>,
    sessions: HashMap<String, Session>,
    next_link: u64,
}

impl Registry {
    /// A new token for a user, valid `ttl` seconds of the mock clock. Expired tokens are
    /// dropped first; at `max` the oldest goes.
    pub(crate) fn issue(&mut self, account: usize, extension: ExtensionId, now: Timestamp, limits: &Limits) -> String {
        while let Some(oldest) = self.token_order.front() {
            let expired = self.tokens.get(oldest).is_none_or(|g| g.expires <= now);
            if !expired && self.tokens.len() < limits.max_tokens {
                break;
            }
            if let Some(t) = self.token_order.pop_front() {
                self.tokens.remove(&t);
            }
        }
        let token = format!("wst-{}", uuid::Uuid::new_v4().simple());
        let expires = now + Millis::seconds(i64::from(limits.token_ttl));
        self.tokens.insert(token.clone(), Grant { account, extension, expires });
        self.token_order.push_back(token.clone());
        token
    }

    /// Accepts a connection with `token`, recovering session `wsc` when it is the same user's
    /// and still recoverable, else opening a new one. A connection already attached to the
    /// recovered session is told to go.
    pub(crate) fn accept(
        &mut self,
        token: Option<&str>,
        wsc: Option<&str>,
        now: Timestamp,
        tx: mpsc::Sender<Outgoing>,
        limits: &Limits,
    ) -> Result<Accepted, Refusal> {
        let grant =
            token.and_then(|t| self.tokens.get(t)).filter(|g| g.expires > now).copied().ok_or(Refusal::Token)?;
        self.next_link += 1;
        let link = Link { id: self.next_link, tx, since: now };
        let recoverable = wsc.and_then(|w| self.sessions.get_mut(w).map(|s| (w, s))).filter(|(_, s)| {
            s.account == grant.account
                && s.extension == grant.extension
                && s.detached.is_none_or(|at| at.elapsed() < limits.recovery_timeout)
        });
        if let Some((name, s)) = recoverable {
            if let Some(old) = s.link.replace(link) {
                let _ = old.tx.try_send(Outgoing::Drop);
            }
            s.detached = None;
            s.sequence += 1;
            let replay = s.missed.drain(..).collect();
            return Ok(Accepted {
                session: name.to_owned(),
                link: self.next_link,
                account: s.account,
                extension: s.extension,
                recovered: Some(true),
                created: s.created,
                wsc: Wsc { token: name.to_owned(), sequence: s.sequence },
                replay,
            });
        }
        if self.sessions.len() >= limits.max_sessions {
            return Err(Refusal::Full);
        }
        let name = format!("wsc-{}", uuid::Uuid::new_v4().simple());
        self.sessions.insert(
            name.clone(),
            Session {
                account: grant.account,
                extension: grant.extension,
                created: now,
                sequence: 1,
                link: Some(link),
                missed: VecDeque::new(),
                detached: None,
                subscriptions: Vec::new(),
            },
        );
        Ok(Accepted {
            session: name.clone(),
            link: self.next_link,
            account: grant.account,
            extension: grant.extension,
            recovered: wsc.map(|_| false),
            created: now,
            wsc: Wsc { token: name, sequence: 1 },
            replay: Vec::new(),
        })
    }

    /// The connection `link` ended; notifications it had not written wait for a recovery.
    /// Returns whether the session is now waiting (so its expiry must be scheduled).
    pub(crate) fn detach(&mut self, session: &str, link: u64, unsent: Vec<String>, limits: &Limits) -> bool {
        let Some(s) = self.sessions.get_mut(session) else { return false };
        if s.link.as_ref().is_none_or(|l| l.id != link) {
            return false;
        }
        s.link = None;
        s.detached = Some(Instant::now());
        for (i, frame) in unsent.into_iter().enumerate() {
            s.missed.insert(i, frame);
        }
        while s.missed.len() > limits.recovery_buffer {
            s.missed.pop_front();
        }
        true
    }

    /// Removes the session if it is still detached after the recovery timeout; returns its
    /// subscriptions to remove.
    pub(crate) fn expire(&mut self, session: &str, limits: &Limits) -> Vec<String> {
        let lapsed = self
            .sessions
            .get(session)
            .is_some_and(|s| s.detached.is_some_and(|at| at.elapsed() >= limits.recovery_timeout));
        if !lapsed {
            return Vec::new();
        }
        self.sessions.remove(session).map(|s| s.subscriptions).unwrap_or_default()
    }

    /// Records a subscription made over the session's connection.
    pub(crate) fn subscribed(&mut self, session: &str, subscription: String) -> bool {
        match self.sessions.get_mut(session) {
            Some(s) => {
                s.subscriptions.push(subscription);
                true
            }
            None => false,
        }
    }

    /// How many subscriptions a session holds.
    pub(crate) fn subscription_count(&self, session: &str) -> usize {
        self.sessions.get(session).map_or(0, |s| s.subscriptions.len())
    }

    /// Forgets a removed subscription.
    pub(crate) fn unsubscribed(&mut self, session: &str, subscription: &str) {
        if let Some(s) = self.sessions.get_mut(session) {
            s.subscriptions.retain(|id| id != subscription);
        }
    }

    /// Sends a notification to a session: over its connection, or into its recovery buffer.
    pub(crate) fn deliver(&mut self, session: &str, envelope: &str, limits: &Limits) {
        let Some(s) = self.sessions.get_mut(session) else { return };
        s.sequence += 1;
        let mut meta = FrameMeta::new(FrameType::ServerNotification);
        meta.message_id = Some(uuid::Uuid::new_v4().to_string());
        meta.status = Some(200);
        meta.headers = Some(serde_json::Map::new());
        meta.wsc = Some(Wsc { token: session.to_owned(), sequence: s.sequence });
        let text = Frame::render_raw(&meta, envelope);
        let text = match &s.link {
            Some(link) => match link.tx.try_send(Outgoing::Notification(text)) {
                Ok(()) => return,
                Err(
                    mpsc::error::TrySendError::Full(Outgoing::Notification(t))
                    | mpsc::error::TrySendError::Closed(Outgoing::Notification(t)),
                ) => t,
                Err(_) => return,
            },
            None => text,
        };
        s.missed.push_back(text);
        if s.missed.len() > limits.recovery_buffer {
            s.missed.pop_front();
        }
    }

    /// Tells every attached connection to drop; returns how many.
    pub(crate) fn drop_all(&mut self) -> usize {
        self.sessions.values().filter_map(|s| s.link.as_ref()).filter(|l| l.tx.try_send(Outgoing::Drop).is_ok()).count()
    }

    /// Tells every attached connection to close (the mock is shutting down).
    pub(crate) fn shutdown(&mut self) {
        for link in self.sessions.values().filter_map(|s| s.link.as_ref()) {
            let _ = link.tx.try_send(Outgoing::Shutdown);
        }
    }

    /// Every session, for the control API.
    pub(crate) fn list(&self) -> Vec<SessionView> {
        let mut v: Vec<_> = self
            .sessions
            .values()
            .map(|s| SessionView {
                account: s.account,
                extension_id: s.extension.to_string(),
                connected: s.link.is_some(),
                connected_since: s.link.as_ref().map(|l| rcthreads_wire::time::format(&l.since.to_datetime())),
                missed: s.missed.len(),
                subscriptions: s.subscriptions.clone(),
            })
            .collect();
        v.sort_by(|a, b| (a.account, &a.extension_id).cmp(&(b.account, &b.extension_id)));
        v
    }

    /// Forgets an account's tokens and sessions (a deleted tenant): its connections are dropped.
    pub(crate) fn forget_account(&mut self, account: usize) {
        for link in self.sessions.values().filter(|s| s.account == account).filter_map(|s| s.link.as_ref()) {
            let _ = link.tx.try_send(Outgoing::Drop);
        }
        self.sessions.retain(|_, s| s.account != account);
        self.tokens.retain(|_, g| g.account != account);
    }

    /// Forgets everything (reset): connections are dropped.
    pub(crate) fn clear(&mut self) {
        self.drop_all();
        self.sessions.clear();
        self.tokens.clear();
        self.token_order.clear();
    }
}
