//! E.164 phone numbers, validated once at the edge.

use std::fmt;
use std::str::FromStr;

/// A phone number in E.164 form: `+`, a country code not starting with 0, and at most 15 digits
/// in all. Stored as its digits in a `u64`, so it is `Copy` and hashes fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PhoneNumber(u64);

/// Why a string is not an E.164 phone number. The message says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneNumberError {
    /// The string is empty.
    #[error("a phone number is required")]
    Empty,
    /// The `+` is missing.
    #[error("'{0}' must start with '+' and the country code (E.164, e.g. +16505550100)")]
    MissingPlus(String),
    /// A character other than a digit follows the `+`.
    #[error("'{value}' has '{found}' at position {position}; only digits may follow the '+'")]
    NotADigit {
        /// The rejected text.
        value: String,
        /// The offending character.
        found: char,
        /// Its 1-based position in the text.
        position: usize,
    },
    /// The country code starts with 0.
    #[error("'{0}' has a country code starting with 0")]
    LeadingZero(String),
    /// Fewer digits than any real number has.
    #[error("'{value}' has {digits} digits; an E.164 number has at least {min}")]
    TooShort {
        /// The rejected text.
        value: String,
        /// How many digits it has.
        digits: usize,
        /// The minimum.
        min: usize,
    },
    /// More than the 15 digits E.164 allows.
    #[error("'{value}' has {digits} digits; E.164 allows at most {max}")]
    TooLong {
        /// The rejected text.
        value: String,
        /// How many digits it has.
        digits: usize,
        /// The maximum.
        max: usize,
    },
}

impl PhoneNumber {
    /// The fewest digits accepted (country code included).
    pub const MIN_DIGITS: usize = 7;
    /// The most digits E.164 allows.
    pub const MAX_DIGITS: usize = 15;

    /// Parses `+` followed by 7 to 15 digits. Same as [`str::parse`].
    pub fn parse(s: &str) -> Result<Self, PhoneNumberError> {
        s.parse()
    }

    /// A number from its digits, for constants known to be valid (7 to 15 digits, no leading
    /// zero). Untrusted input goes through [`PhoneNumber::parse`].
    pub const fn from_digits_unchecked(digits: u64) -> Self {
        Self(digits)
    }

    /// The digits as a number (without the `+`).
    pub const fn digits(self) -> u64 {
        self.0
    }
}

impl FromStr for PhoneNumber {
    type Err = PhoneNumberError;

    fn from_str(s: &str) -> Result<Self, PhoneNumberError> {
        if s.is_empty() {
            return Err(PhoneNumberError::Empty);
        }
        let Some(digits) = s.strip_prefix('+') else {
            return Err(PhoneNumberError::MissingPlus(s.to_owned()));
        };
        if let Some((i, c)) = digits.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(PhoneNumberError::NotADigit { value: s.to_owned(), found: c, position: i + 2 });
        }
        if digits.starts_with('0') {
            return Err(PhoneNumberError::LeadingZero(s.to_owned()));
        }
        let n = digits.len();
        if n < Self::MIN_DIGITS {
            return Err(PhoneNumberError::TooShort { value: s.to_owned(), digits: n, min: Self::MIN_DIGITS });
        }
        if n > Self::MAX_DIGITS {
            return Err(PhoneNumberError::TooLong { value: s.to_owned(), digits: n, max: Self::MAX_DIGITS });
        }
        // At most 15 digits always fit in a u64.
        Ok(Self(digits.parse().expect("checked: 7 to 15 ASCII digits")))
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.0)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PhoneNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for PhoneNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[cfg(feature = "serde")]
    #[test]
    fn serde_writes_and_reads_the_e164_text() {
        use serde_test::{Token, assert_de_tokens_error, assert_tokens};
        assert_tokens(&PhoneNumber::from_digits_unchecked(16_505_550_100), &[Token::Str("+16505550100")]);
        assert_de_tokens_error::<PhoneNumber>(
            &[Token::Str("16505550100")],
            &PhoneNumber::from_str("16505550100").unwrap_err().to_string(),
        );
    }

    #[test]
    fn accepts_e164() {
        let n: PhoneNumber = "+15559870001".parse().unwrap();
        assert_eq!(n.to_string(), "+15559870001");
        assert_eq!(n.digits(), 15_559_870_001);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let msg = |s: &str| s.parse::<PhoneNumber>().unwrap_err().to_string();
        assert_eq!(msg(""), "a phone number is required");
        assert!(msg("15559870001").contains("must start with '+'"));
        assert!(msg("+1555-987-0001").contains("has '-' at position 6"));
        assert!(msg("+0555987001").contains("starting with 0"));
        assert!(msg("+12345").contains("at least 7"));
        assert!(msg("+1234567890123456").contains("at most 15"));
        assert!(msg("+1555987XXXX").contains("'X'"));
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(n in 1_000_000u64..=999_999_999_999_999) {
            let p: PhoneNumber = format!("+{n}").parse().unwrap();
            prop_assert_eq!(p.digits(), n);
            prop_assert_eq!(p.to_string().parse::<PhoneNumber>().unwrap(), p);
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = s.parse::<PhoneNumber>();
        }
    }
}
