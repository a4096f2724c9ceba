//! Identifiers on the wire.
//!
//! Most ids are JSON strings (`"id": "2904652647"`), but several v1 records carry numbers
//! (`"id": 656379052` on a phone number, `"id": 62284871234` on an extension). Readers accept both
//! everywhere; writers follow the official definitions: fields typed `string` there are plain
//! `String`s read through [`string_or_number`], fields typed `int64` are [`NumericId`].

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// An id that the official definitions type as a number (`int64`).
///
/// It is held as text so that ids such as `main-site` (which the API also uses where a number is
/// documented) survive: a canonical unsigned decimal is written as a JSON number, anything else as
/// a JSON string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumericId(pub String);

impl NumericId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a number, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        let n: u64 = self.0.parse().ok()?;
        // Leading zeros or a '+' would not survive a trip through a JSON number.
        (n.to_string() == self.0).then_some(n)
    }
}

impl std::fmt::Display for NumericId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<u64> for NumericId {
    fn from(n: u64) -> Self {
        Self(n.to_string())
    }
}

impl From<&str> for NumericId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<String> for NumericId {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl Serialize for NumericId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_u64() {
            Some(n) => serializer.serialize_u64(n),
            None => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for NumericId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdVisitor).map(NumericId)
    }
}

struct IdVisitor;

impl de::Visitor<'_> for IdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an id (string or integer)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// serde helpers for `String` id fields that may arrive as numbers: written as strings.
pub mod string_or_number {
    use serde::{Deserializer, Serializer};

    /// Writes the id as a JSON string.
    pub fn serialize<S: Serializer>(id: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(id)
    }

    /// Reads a JSON string or integer as text.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(super::IdVisitor)
    }

    /// The same for `Option<String>` fields (pair with `default` and
    /// `skip_serializing_if = "Option::is_none"`).
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        /// Writes the id as a JSON string, or null when absent.
        pub fn serialize<S: Serializer>(id: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
            match id {
                Some(id) => serializer.serialize_str(id),
                None => serializer.serialize_none(),
            }
        }

        /// Reads a JSON string, integer or null.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
            Ok(Option::<super::super::NumericId>::deserialize(deserializer)?.map(|id| id.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numeric_ids_read_both_forms_and_write_numbers_when_they_can() {
        let n: NumericId = serde_json::from_value(json!(62284871234u64)).unwrap();
        assert_eq!(n.as_str(), "62284871234");
        assert_eq!(serde_json::to_value(&n).unwrap(), json!(62284871234u64));
        let s: NumericId = serde_json::from_value(json!("656379052")).unwrap();
        assert_eq!(serde_json::to_value(&s).unwrap(), json!(656379052));
        let site: NumericId = serde_json::from_value(json!("main-site")).unwrap();
        assert_eq!(serde_json::to_value(&site).unwrap(), json!("main-site"));
        assert_eq!(serde_json::to_value(NumericId::from("007")).unwrap(), json!("007"));
    }
}
