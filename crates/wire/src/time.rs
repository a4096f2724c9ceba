//! Times on the wire: RFC 3339 in UTC with exactly three fractional digits and `Z`.
//!
//! Output always looks like `2026-03-12T21:06:33.706Z` (what RingCentral sends). Input accepts
//! any RFC 3339 offset and any number of fractional digits, and also a time without a zone
//! (`2026-02-01T06:00:00.000`, as the seed programs send in queries and as some official examples
//! show), which is read as UTC.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};

/// Renders a time as RFC 3339 UTC with milliseconds, e.g. `2026-03-12T21:06:33.706Z`.
///
/// Sub-millisecond digits are truncated, not rounded, so a rendered time never lies in the future.
pub fn format(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads an RFC 3339 time (any offset), or a zone-less `YYYY-MM-DDTHH:MM:SS[.fff]` as UTC.
pub fn parse(s: &str) -> Result<DateTime<Utc>, TimeParseError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    // Zone-less forms; `%.f` accepts zero or more fractional digits.
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(t.and_utc());
        }
    }
    Err(TimeParseError { input: s.to_owned() })
}

/// A string that is not an RFC 3339 time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeParseError {
    /// The text that failed to parse.
    pub input: String,
}

impl std::fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not an RFC 3339 date-time: {:?}", self.input)
    }
}

impl std::error::Error for TimeParseError {}

/// serde helpers for `DateTime<Utc>` fields: `#[serde(with = "crate::time::millis")]`.
pub mod millis {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    /// Writes the time as RFC 3339 UTC with milliseconds.
    pub fn serialize<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format(time))
    }

    /// Reads any RFC 3339 time (or a zone-less one, as UTC).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(deserializer)?;
        super::parse(&s).map_err(D::Error::custom)
    }

    /// The same for `Option<DateTime<Utc>>` fields (pair with `default` and
    /// `skip_serializing_if = "Option::is_none"`).
    pub mod option {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

        /// Writes the time as RFC 3339 UTC with milliseconds, or null when absent.
        pub fn serialize<S: Serializer>(time: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
            match time {
                Some(t) => serializer.serialize_str(&super::super::format(t)),
                None => serializer.serialize_none(),
            }
        }

        /// Reads an optional RFC 3339 time; null reads as absent.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
            match Option::<String>::deserialize(deserializer)? {
                Some(s) => super::super::parse(&s).map(Some).map_err(D::Error::custom),
                None => Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn renders_three_fraction_digits_and_z() {
        let t = Utc.with_ymd_and_hms(2026, 3, 12, 21, 6, 33).unwrap();
        assert_eq!(format(&t), "2026-03-12T21:06:33.000Z");
        assert_eq!(format(&parse("2026-03-12T21:06:33.706123Z").unwrap()), "2026-03-12T21:06:33.706Z");
    }

    #[test]
    fn reads_offsets_and_zone_less_times_as_utc() {
        assert_eq!(format(&parse("2026-03-12T23:06:33.706+02:00").unwrap()), "2026-03-12T21:06:33.706Z");
        assert_eq!(format(&parse("2026-02-01T06:00:00.000").unwrap()), "2026-02-01T06:00:00.000Z");
        assert_eq!(format(&parse("2026-02-01T06:00:00").unwrap()), "2026-02-01T06:00:00.000Z");
        assert!(parse("yesterday").is_err());
        assert!(parse("2026-02-30T06:00:00Z").is_err());
    }
}
