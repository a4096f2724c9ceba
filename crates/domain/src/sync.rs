//! Thread sync: FSync (a snapshot of the open threads) and ISync (what changed since a token).
//!
//! Tokens are described in `token.rs`. ISync
//! walks the journal from the token's position, so it costs the changes since then, not the
//! number of threads. A token is refused (the client must FSync again) when it is malformed,
//! issued to another account, actor or kind of sync, ahead of the journal, or when the actor's
//! SMS handler memberships changed since it was issued (the set of visible threads changed
//! without any thread changing).

use foldhash::HashSet;

use crate::error::DomainError;
use crate::id::ExtensionId;
use crate::inbox::Inbox;
use crate::journal::Rec;
use crate::thread::Thread;
use crate::time::Timestamp;
use crate::token::{SyncKind, SyncToken, TokenProblem};

/// The most records one FSync answers (threads, or entries): the newest ones. The documents
/// give no limit; this is the largest page of a list (`perPage` 1000). `older_records` tells a
/// client that more exist.
pub const FSYNC_MAX_RECORDS: usize = 1000;

/// Full or incremental.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyncType {
    /// A snapshot of the current state.
    FSync,
    /// The changes since a token.
    ISync,
}

/// The result of a thread sync.
#[derive(Debug, Clone)]
pub struct ThreadSync<'a> {
    /// FSync or ISync.
    pub sync_type: SyncType,
    /// FSync: open, alive threads; ISync: every changed thread in its latest state. Newest
    /// `lastModified` first.
    pub threads: Vec<&'a Thread>,
    /// FSync only: whether older threads were left out past [`FSYNC_MAX_RECORDS`].
    pub older_records: bool,
    /// The token for the next ISync.
    pub token: SyncToken,
    /// The time of the sync (the inbox's clock).
    pub time: Timestamp,
}

impl Inbox {
    pub(crate) fn issue_token(&self, kind: SyncKind, actor: ExtensionId) -> SyncToken {
        SyncToken { kind, account: self.account, actor, seq: self.journal.seq() }
    }

    /// Decodes and checks a token for `actor`'s next ISync of `kind`.
    pub fn check_token(&self, actor: ExtensionId, kind: SyncKind, token: &str) -> Result<SyncToken, DomainError> {
        let refuse = |p| Err(DomainError::InvalidSyncToken(p));
        let t = match SyncToken::decode(token) {
            Ok(t) => t,
            Err(p) => return refuse(p),
        };
        if t.account != self.account {
            return refuse(TokenProblem::OtherAccount);
        }
        if t.actor != actor {
            return refuse(TokenProblem::OtherActor);
        }
        if t.kind != kind {
            return refuse(TokenProblem::OtherKind);
        }
        if t.seq > self.journal.seq() {
            return refuse(TokenProblem::Unknown);
        }
        let membership_changed = self.journal.since(t.seq).any(|(_, _, rec)| match rec {
            Rec::HandlersChanged(i) => {
                let c = self.journal.handler_change(i);
                c.added.contains(&actor) || c.removed.contains(&actor)
            }
            _ => false,
        });
        if membership_changed {
            return refuse(TokenProblem::Outdated);
        }
        Ok(t)
    }

    /// FSync: the open, alive threads `actor` can see, newest `lastModified` first, and a token.
    /// Call [`Inbox::advance`] first so that expiry is applied.
    pub fn fsync_threads(&self, actor: ExtensionId) -> Result<ThreadSync<'_>, DomainError> {
        self.require_actor(actor)?;
        let open = self.directory.resources_handled_by(actor).flat_map(|r| self.records.open_of(r.id));
        let (threads, older_records) =
            newest(open.map(|s| &self.records[s]), FSYNC_MAX_RECORDS, |a: &&Thread, b: &&Thread| newer(a, b));
        Ok(ThreadSync {
            sync_type: SyncType::FSync,
            threads,
            older_records,
            token: self.issue_token(SyncKind::Threads, actor),
            time: self.clock,
        })
    }

    /// ISync: every thread `actor` can see that changed since `token` (created, assigned,
    /// messaged, resolved, expired, deleted), once each and in its latest state, newest first.
    pub fn isync_threads(&self, actor: ExtensionId, token: &str) -> Result<ThreadSync<'_>, DomainError> {
        self.require_actor(actor)?;
        let t = self.check_token(actor, SyncKind::Threads, token)?;
        let mut seen = HashSet::default();
        let mut threads = Vec::new();
        for (_, _, rec) in self.journal.since(t.seq) {
            let slot = match rec {
                Rec::ThreadCreated(s, _)
                | Rec::ThreadAssigned(s, _)
                | Rec::ThreadResolved(s, _)
                | Rec::ThreadExpired(s)
                | Rec::ThreadDeleted(s, _) => s,
                // A new message changes the thread's label and lastModifiedTime.
                Rec::MessageAdded(m) => self.records[m].thread_slot,
                _ => continue,
            };
            let thread = &self.records[slot];
            if seen.insert(slot) && self.can_access(actor, thread) {
                threads.push(thread);
            }
        }
        sort_newest_first(&mut threads);
        Ok(ThreadSync {
            sync_type: SyncType::ISync,
            threads,
            older_records: false,
            token: self.issue_token(SyncKind::Threads, actor),
            time: self.clock,
        })
    }
}

/// Newest `lastModified` first; ties by id so the order is stable.
fn newer(a: &Thread, b: &Thread) -> std::cmp::Ordering {
    b.last_modified().cmp(&a.last_modified()).then(a.id().cmp(&b.id()))
}

fn sort_newest_first(threads: &mut [&Thread]) {
    threads.sort_unstable_by(|a, b| newer(a, b));
}

/// The first `limit` items in `order`, sorted, and whether any was left out. Holds at most
/// `2 * limit` items at a time, so the memory (and the answer) stay bounded however many there
/// are; the time is linear in their number.
pub(crate) fn newest<T>(
    items: impl Iterator<Item = T>,
    limit: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> (Vec<T>, bool) {
    let mut kept = Vec::new();
    let mut left_out = false;
    for item in items {
        kept.push(item);
        if kept.len() >= 2 * limit.max(1) {
            kept.select_nth_unstable_by(limit, &order);
            kept.truncate(limit);
            left_out = true;
        }
    }
    if kept.len() > limit {
        kept.select_nth_unstable_by(limit, &order);
        kept.truncate(limit);
        left_out = true;
    }
    kept.sort_unstable_by(&order);
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::newest;

    #[test]
    fn newest_keeps_the_first_in_order_and_says_whether_any_was_left_out() {
        for n in [0usize, 1, 5, 9, 10, 11, 19, 20, 21, 57, 200] {
            // A fixed shuffle of 0..n.
            let items: Vec<usize> = (0..n).map(|i| (i * 7919) % n.max(1)).collect();
            let (kept, left_out) = newest(items.into_iter(), 10, |a: &usize, b: &usize| b.cmp(a));
            let expected: Vec<usize> = (0..n).rev().take(10).collect();
            assert_eq!(kept, expected, "n = {n}");
            assert_eq!(left_out, n > 10, "n = {n}");
        }
    }
}
