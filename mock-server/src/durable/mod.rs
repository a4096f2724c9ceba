//! Durable state (`--data-dir DIR`): every acknowledged change is a line of an append-only log,
//! on disk before its answer is sent, and a start with the same directory replays the log
//! through the same commands to rebuild the state.
//!
//! The domain is deterministic (ids from a seeded source, time passed in), so a command and its
//! instant rebuild the same threads, messages, notes, ids and sync tokens. What time alone
//! changes (delivery progress, expiry) is not logged: replaying the commands at their instants
//! reproduces it. Faults, rate-limit counters, the request journal and WebSocket sessions are
//! not kept. See docs/mock-server.md for the format.

pub mod log;
pub mod record;
mod snapshot;
mod writer;

use std::path::Path;

use rcthreads_domain::Timestamp;

pub use log::{DataDirError, FORMAT};
pub use record::{Command, Record};
pub(crate) use snapshot::{restore, snapshot};
pub use writer::{Log, MAX_MEMORY_LOG, MAX_PENDING, Ticket, Unreadable, WriteFailed};

use crate::error::{Failure, mock_codes};
use crate::state::{AppState, lock};

impl From<WriteFailed> for Failure {
    fn from(e: WriteFailed) -> Self {
        Failure::new(500, mock_codes::INTERNAL_ERROR, e.to_string())
    }
}

impl From<Unreadable> for Failure {
    fn from(e: Unreadable) -> Self {
        match e {
            Unreadable::Failed(e) => e.into(),
            Unreadable::TooLarge => Failure::new(409, rcthreads_wire::error::codes::INVALID_PARAMETER, e.to_string()),
        }
    }
}

/// Opens a data directory for `state` (fresh from its fixture): replays the log into it, then
/// has every later change appended there. A torn last record is reported and dropped.
pub fn open(state: &mut AppState, dir: &Path) -> Result<(), DataDirError> {
    let opened = log::open(dir)?;
    if let Some(at) = opened.torn_at {
        tracing::warn!(path = %opened.path.display(), "--data-dir: dropped a torn last record at byte {at}");
        eprintln!("rcthreads-mock: --data-dir: dropped a torn last record at byte {at} of {}", opened.path.display());
    }
    let count = opened.records.len();
    for stored in opened.records {
        replay(state, stored.record).map_err(|reason| DataDirError::Replay {
            path: opened.path.clone(),
            offset: stored.offset,
            reason,
        })?;
    }
    tracing::info!(path = %opened.path.display(), records = count, bytes = opened.len, "--data-dir: state restored");
    state.log = Log::file(opened.file, opened.path)?;
    Ok(())
}

fn why(f: &Failure) -> String {
    let b = &f.response.body;
    format!("{} {}", f.response.status, b.message.as_deref().unwrap_or_default())
}

/// Applies one record to the state, as the change it records did (nothing is logged).
pub(crate) fn replay(state: &AppState, record: Record) -> Result<(), String> {
    use std::sync::atomic::Ordering;
    match record {
        Record::Inbox { account, at, command } => {
            // A command that ran while its tenant was being deleted: the tenant is gone anyway.
            let Some(a) = state.accounts.get(account) else { return Ok(()) };
            a.with_inbox_quiet(Timestamp::from_millis(at), |inbox, now| command.apply(inbox, now)).map_err(|f| why(&f))
        }
        Record::Load { account, at, load } => {
            let a = state.accounts.get(account).ok_or_else(|| format!("no account with key {account}"))?;
            a.with_inbox_quiet(Timestamp::from_millis(at), |inbox, now| load.apply(inbox, now))
                .map(drop)
                .map_err(|f| why(&f))
        }
        Record::SessionOpened { at, session } => {
            lock(&state.sessions).insert(session.into(), Timestamp::from_millis(at));
            Ok(())
        }
        Record::SessionRefreshed { at, ended, session } => {
            let mut sessions = lock(&state.sessions);
            sessions.revoke(&ended);
            sessions.insert(session.into(), Timestamp::from_millis(at));
            Ok(())
        }
        Record::SessionRevoked { token } => {
            lock(&state.sessions).revoke(&token);
            Ok(())
        }
        Record::Subscribed { subscription } => {
            let s: crate::subscriptions::Subscription = subscription.into();
            let mut subs = lock(&state.subscriptions);
            subs.drop_lapsed(s.account, s.owner, s.created);
            subs.insert(s);
            state.subscribed.store(true, Ordering::Relaxed);
            Ok(())
        }
        Record::Renewed { subscription } => {
            lock(&state.subscriptions).insert(subscription.into());
            state.subscribed.store(true, Ordering::Relaxed);
            Ok(())
        }
        Record::Unsubscribed { id } => {
            let mut subs = lock(&state.subscriptions);
            subs.remove(&id);
            state.subscribed.store(!subs.is_empty(), Ordering::Relaxed);
            Ok(())
        }
        Record::TenantCreated { key, account } => {
            let made = state
                .accounts
                .add_tenant(&state.events, |_| account.load("").map(|l| (l, ())).map_err(|e| e.to_string()), |k, ()| k)?
                .map_err(|r| r.to_string())?;
            if made.0.index != key {
                return Err(format!("the tenant got key {} instead of {key}", made.0.index));
            }
            Ok(())
        }
        Record::TenantDeleted { key } => {
            state.delete_tenant(key);
            Ok(())
        }
        Record::AccountReset { key } => {
            if let Some(a) = state.accounts.get(key) {
                crate::tenants::reset(state, &a);
            }
            Ok(())
        }
        Record::Clock { account: None, clock } => {
            state.clock.restore(clock);
            Ok(())
        }
        Record::Clock { account: Some(key), clock } => {
            if let Some(a) = state.accounts.get(key) {
                a.clock().restore(clock);
            }
            Ok(())
        }
        Record::Reset {} => {
            state.reset();
            Ok(())
        }
    }
}
