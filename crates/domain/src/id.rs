//! Identifiers. Each is a distinct type so an extension id can never be passed where a message id
//! is expected; all are small `Copy` values so that indexes stay compact.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {kind}: {reason}")]
pub struct IdError {
    /// Which identifier was being parsed, e.g. `extension id`.
    pub kind: &'static str,
    /// The rejected text.
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

macro_rules! numeric_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        pub struct $name(u64);

        impl $name {
            /// Wraps a raw numeric id.
            pub const fn new(raw: u64) -> Self {
                Self(raw)
            }

            /// The raw numeric value.
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, IdError> {
                let err = |reason| IdError { kind: $kind, value: s.to_owned(), reason };
                if s.is_empty() {
                    return Err(err("it is empty"));
                }
                if !s.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(err("only digits are allowed"));
                }
                s.parse::<u64>().map(Self).map_err(|_| err("it is too large"))
            }
        }

        impl From<u64> for $name {
            fn from(raw: u64) -> Self {
                Self(raw)
            }
        }
    };
}

numeric_id!(
    /// An account (company) id. Paths may also say `~` for the caller's own account.
    AccountId,
    "account id"
);
numeric_id!(
    /// An extension id: a user, call queue, site or IVR menu.
    ExtensionId,
    "extension id"
);
numeric_id!(
    /// A message id (thread messages and classic SMS share one id space).
    MessageId,
    "message id"
);
numeric_id!(
    /// A note id.
    NoteId,
    "note id"
);
numeric_id!(
    /// The id of a phone number record (not the number itself).
    PhoneNumberId,
    "phone number id"
);

/// A thread id: a UUID, rendered in its hyphenated lower-case form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ThreadId(Uuid);

impl ThreadId {
    /// Wraps a UUID.
    pub const fn new(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// A thread id built from a number; handy for deterministic id sources.
    pub const fn from_u128(raw: u128) -> Self {
        Self(Uuid::from_u128(raw))
    }

    /// The UUID.
    pub const fn uuid(self) -> Uuid {
        self.0
    }
}

impl fmt::Display for ThreadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl FromStr for ThreadId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        Uuid::try_parse(s).map(Self).map_err(|_| IdError {
            kind: "thread id",
            value: s.to_owned(),
            reason: "a thread id is a UUID such as 805808d1-31d2-4f01-867b-a5cff52d00ea",
        })
    }
}

/// Where new ids come from. Injected so that every run of the domain is reproducible: tests use
/// [`SequentialIds`], a server may use random UUIDs.
pub trait IdSource {
    /// A fresh thread id, never returned before.
    fn thread_id(&mut self) -> ThreadId;
    /// A fresh message id, never returned before.
    fn message_id(&mut self) -> MessageId;
    /// A fresh note id, never returned before.
    fn note_id(&mut self) -> NoteId;
}

/// Deterministic ids: counters starting at fixed bases, so ids look like the service's
/// (ten-digit message ids) and two runs with the same commands produce the same ids. Threads,
/// messages and notes count separately, so consecutive messages have consecutive ids.
#[derive(Debug, Clone)]
pub struct SequentialIds {
    next: u64,
    next_message: u64,
    next_note: u64,
}

impl SequentialIds {
    /// Ids start from `seed` (use different seeds for different accounts).
    pub fn new(seed: u64) -> Self {
        // Notes count from far above messages, so the two never share a number.
        Self { next: seed, next_message: seed, next_note: seed.wrapping_add(1 << 40) }
    }

    fn bump(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

impl Default for SequentialIds {
    fn default() -> Self {
        Self::new(2_900_000_000)
    }
}

impl IdSource for SequentialIds {
    fn thread_id(&mut self) -> ThreadId {
        // A version-4-shaped UUID whose low bits are the counter.
        let n = u128::from(self.bump());
        ThreadId::from_u128((0x0000_0000_0000_4000_8000_0000_0000_0000_u128) | n)
    }

    fn message_id(&mut self) -> MessageId {
        self.next_message += 1;
        MessageId(self.next_message)
    }

    fn note_id(&mut self) -> NoteId {
        self.next_note += 1;
        NoteId(self.next_note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ids_parse_and_print() {
        let id: ExtensionId = "62284871234".parse().unwrap();
        assert_eq!(id.get(), 62_284_871_234);
        assert_eq!(id.to_string(), "62284871234");
        let err = "12a".parse::<ExtensionId>().unwrap_err();
        assert_eq!(err.to_string(), "'12a' is not a valid extension id: only digits are allowed");
        assert!("".parse::<MessageId>().is_err());
        assert!("99999999999999999999999".parse::<NoteId>().is_err());
    }

    #[test]
    fn thread_ids_round_trip() {
        let s = "805808d1-31d2-4f01-867b-a5cff52d00ea";
        let id: ThreadId = s.parse().unwrap();
        assert_eq!(id.to_string(), s);
        assert!("not-a-uuid".parse::<ThreadId>().is_err());
    }

    #[test]
    fn sequential_ids_are_distinct_and_repeatable() {
        let mut a = SequentialIds::default();
        let mut b = SequentialIds::default();
        let ta = a.thread_id();
        assert_ne!(ta, a.thread_id());
        assert_eq!(ta, b.thread_id());
        assert_ne!(a.message_id(), a.message_id());
    }
}
