//! Time as the domain sees it: instants given to it, never read from a clock.

use std::fmt;
use std::ops::{Add, Sub};

use chrono::{DateTime, TimeZone, Utc};

/// An instant, in whole milliseconds since the Unix epoch (UTC), the precision of the API's
/// timestamps. Eight bytes and `Copy`, so indexes of deadlines stay small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Timestamp(i64);

/// A span of time in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Millis(pub i64);

impl Millis {
    /// `n` seconds (saturating: a span never wraps into the past).
    pub const fn seconds(n: i64) -> Self {
        Self(n.saturating_mul(1000))
    }

    /// `n` hours (saturating).
    pub const fn hours(n: i64) -> Self {
        Self(n.saturating_mul(3_600_000))
    }
}

impl Timestamp {
    /// The instant `ms` milliseconds after the Unix epoch.
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// The same instant as a chrono value (sub-millisecond digits are zero).
    pub fn to_datetime(self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.0).single().unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The instant, truncated to whole milliseconds.
    pub fn from_datetime(t: DateTime<Utc>) -> Self {
        Self(t.timestamp_millis())
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Self::from_datetime(t)
    }
}

impl Add<Millis> for Timestamp {
    type Output = Timestamp;

    fn add(self, d: Millis) -> Timestamp {
        Timestamp(self.0.saturating_add(d.0))
    }
}

impl Sub<Timestamp> for Timestamp {
    type Output = Millis;

    fn sub(self, other: Timestamp) -> Millis {
        Millis(self.0.saturating_sub(other.0))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC with milliseconds, as the API writes times.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_datetime().format("%Y-%m-%dT%H:%M:%S%.3fZ"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_the_api() {
        let t = Timestamp::from_millis(1_773_349_593_706);
        assert_eq!(t.to_string(), "2026-03-12T21:06:33.706Z");
        assert_eq!(Timestamp::from_datetime(t.to_datetime()), t);
        assert_eq!((t + Millis::hours(72)) - t, Millis(259_200_000));
    }
}
