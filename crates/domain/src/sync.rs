//! Thread sync: FSync (a snapshot of the open threads) and ISync (what changed since a token).
//!
//! A token is an opaque string naming a journal position and the account, actor and kind of
//! sync it was issued for, with a check value so that garbage is told from a real token. ISync
//! walks the journal from the token's position, so it costs the changes since then, not the
//! number of threads. A token is refused (the client must FSync again) when it is malformed,
//! issued to another account, actor or kind of sync, ahead of the journal, or when the actor's
//! SMS handler memberships changed since it was issued (the set of visible threads changed
//! without any thread changing).

use foldhash::HashSet;
use std::fmt;

use crate::error::DomainError;
use crate::id::{AccountId, ExtensionId};
use crate::inbox::Inbox;
use crate::journal::{Rec, Seq};
use crate::thread::Thread;
use crate::time::Timestamp;

/// Which sync a token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyncKind {
    /// `/message-threads/sync`.
    Threads,
    /// `/message-threads/entries/sync`.
    Entries,
}

/// Full or incremental.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyncType {
    /// A snapshot of the current state.
    FSync,
    /// The changes since a token.
    ISync,
}

/// Why a sync token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenProblem {
    /// Not a token this service issued.
    Malformed,
    /// Issued to another account.
    OtherAccount,
    /// Issued to another extension.
    OtherActor,
    /// Issued by the other sync (threads vs entries).
    OtherKind,
    /// Names a position the journal has not reached (e.g. after a reset of the service).
    Unknown,
    /// The actor's SMS handler memberships changed since; a full sync is needed.
    Outdated,
}

impl fmt::Display for TokenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenProblem::Malformed => "it is not a sync token issued by this service",
            TokenProblem::OtherAccount => "it was issued to another account",
            TokenProblem::OtherActor => "it was issued to another extension",
            TokenProblem::OtherKind => "it was issued by another sync endpoint",
            TokenProblem::Unknown => "it names a position this service does not know",
            TokenProblem::Outdated => "the extension's SMS handler roles changed since; run FSync",
        })
    }
}

/// A decoded sync token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SyncToken {
    /// Threads or entries.
    pub kind: SyncKind,
    /// The account it was issued in.
    pub account: AccountId,
    /// The extension it was issued to.
    pub actor: ExtensionId,
    /// The journal position it stands for.
    pub seq: Seq,
}

/// FNV-1a over the token's fields: not a secret, only a guard against typos and garbage.
fn check(kind: char, seq: Seq, account: u64, actor: u64) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    eat(&[kind as u8]);
    eat(&seq.to_le_bytes());
    eat(&account.to_le_bytes());
    eat(&actor.to_le_bytes());
    h
}

impl SyncToken {
    fn kind_char(self) -> char {
        match self.kind {
            SyncKind::Threads => 't',
            SyncKind::Entries => 'e',
        }
    }

    /// The opaque string form, e.g. `t1a.23b4f96.297c0784.5f3e9a10`.
    pub fn encode(self) -> String {
        let k = self.kind_char();
        let c = check(k, self.seq, self.account.get(), self.actor.get());
        format!("{k}{:x}.{:x}.{:x}.{c:08x}", self.seq, self.account.get(), self.actor.get())
    }

    /// Parses a token's string form; only checks its shape and check value.
    pub fn decode(s: &str) -> Result<Self, TokenProblem> {
        let bad = TokenProblem::Malformed;
        let mut chars = s.chars();
        let kind = match chars.next() {
            Some('t') => SyncKind::Threads,
            Some('e') => SyncKind::Entries,
            _ => return Err(bad),
        };
        let parts: Vec<&str> = chars.as_str().split('.').collect();
        let [seq, account, actor, c] = parts[..] else { return Err(bad) };
        let hex =
            |p: &str| if p.is_empty() || p.len() > 16 { Err(bad) } else { u64::from_str_radix(p, 16).map_err(|_| bad) };
        let token = SyncToken {
            kind,
            seq: hex(seq)?,
            account: AccountId::new(hex(account)?),
            actor: ExtensionId::new(hex(actor)?),
        };
        if c.len() != 8
            || u32::from_str_radix(c, 16)
                != Ok(check(token.kind_char(), token.seq, token.account.get(), token.actor.get()))
        {
            return Err(bad);
        }
        Ok(token)
    }
}

/// The result of a thread sync.
#[derive(Debug, Clone)]
pub struct ThreadSync<'a> {
    /// FSync or ISync.
    pub sync_type: SyncType,
    /// FSync: open, alive threads; ISync: every changed thread in its latest state. Newest
    /// `lastModified` first.
    pub threads: Vec<&'a Thread>,
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
                let c = &self.journal.handler_changes[i as usize];
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
        let mut threads: Vec<&Thread> = self
            .directory
            .resources_handled_by(actor)
            .filter_map(|r| self.open_by_owner.get(&r.id))
            .flatten()
            .map(|&s| &self.threads[s as usize])
            .collect();
        sort_newest_first(&mut threads);
        Ok(ThreadSync {
            sync_type: SyncType::FSync,
            threads,
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
                Rec::ThreadCreated(s)
                | Rec::ThreadAssigned(s, _)
                | Rec::ThreadResolved(s)
                | Rec::ThreadExpired(s)
                | Rec::ThreadDeleted(s) => s,
                // A new message changes the thread's label and lastModifiedTime.
                Rec::MessageAdded(m) => self.messages[m as usize].thread_slot,
                _ => continue,
            };
            let thread = &self.threads[slot as usize];
            if seen.insert(slot) && self.can_access(actor, thread) {
                threads.push(thread);
            }
        }
        sort_newest_first(&mut threads);
        Ok(ThreadSync {
            sync_type: SyncType::ISync,
            threads,
            token: self.issue_token(SyncKind::Threads, actor),
            time: self.clock,
        })
    }
}

/// Newest `lastModified` first; ties by id so the order is stable.
fn sort_newest_first(threads: &mut [&Thread]) {
    threads.sort_unstable_by(|a, b| b.last_modified.cmp(&a.last_modified).then(a.id.cmp(&b.id)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> SyncToken {
        SyncToken {
            kind: SyncKind::Entries,
            account: AccountId::new(37_439_510),
            actor: ExtensionId::new(101),
            seq: 42,
        }
    }

    #[test]
    fn tokens_round_trip() {
        let t = token();
        assert_eq!(SyncToken::decode(&t.encode()), Ok(t));
    }

    #[test]
    fn garbage_and_tampering_are_malformed() {
        let s = token().encode();
        for bad in ["", "x", "t1.2.3", "t1.2.3.4.5", "tz.1.1.00000000", "e1.2.3.zzzzzzzz"] {
            assert_eq!(SyncToken::decode(bad), Err(TokenProblem::Malformed), "{bad}");
        }
        // Another position with the old check value.
        let tampered = s.replacen("e2a", "e2b", 1);
        assert_eq!(SyncToken::decode(&tampered), Err(TokenProblem::Malformed));
    }
}
