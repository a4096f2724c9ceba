//! Sync tokens: an opaque string naming a journal position and the account, actor and kind of
//! sync it was issued for, with a check value so that garbage is told from a real token.

use std::fmt;

use crate::id::{AccountId, ExtensionId};
use crate::journal::Seq;

/// Which sync a token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyncKind {
    /// `/message-threads/sync`.
    Threads,
    /// `/message-threads/entries/sync`.
    Entries,
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
