//! Thread entries sync: messages, notes, their deletions and thread hints in one feed.
//!
//! Each record's `recordType` says what it is. [`ThreadEntrySyncItem`] is a tagged enum over
//! those types; a `recordType` this crate does not know is kept whole in
//! [`ThreadEntrySyncItem::Other`] so a client survives a server that grows a new record type.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _, ser::Error as _};
use serde_json::{Map, Value};

use crate::message::{Direction, MessageAttachmentResponseEntry, MessageStatus};
use crate::string_enum::string_enum;
use crate::sync::SyncInfo;
use crate::thread::{Availability, ThreadUserModel};

string_enum! {
    /// Which threads an entries FSync covers (`scope`).
    pub enum SyncEntriesScope {
        /// Every thread the caller can see.
        Accessible = "Accessible",
        /// Visible threads without an assignee.
        Unassigned = "Unassigned",
        /// Threads assigned to the caller. The default.
        AssignedToMe = "AssignedToMe",
        /// Threads assigned to the caller or to nobody.
        AssignedToMeAndUnassigned = "AssignedToMeAndUnassigned",
        /// The threads named in `threadIds`.
        Explicit = "Explicit",
    }
}

/// A message in the entries feed (`MthSyncAliveMessage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncAliveMessage {
    /// Message id.
    #[serde(with = "crate::id::string_or_number")]
    pub id: String,
    /// Thread id.
    pub thread_id: String,
    /// `Alive`.
    pub availability: Availability,
    /// When it was created.
    #[serde(with = "crate::time::millis")]
    pub creation_time: DateTime<Utc>,
    /// `Inbound` or `Outbound`.
    pub direction: Direction,
    /// When it last changed.
    #[serde(with = "crate::time::millis")]
    pub last_modified_time: DateTime<Utc>,
    /// Delivery status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_status: Option<MessageStatus>,
    /// Why delivery failed, if it did (as on `ThreadMessageModel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_error_code: Option<String>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// MMS attachments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<MessageAttachmentResponseEntry>>,
    /// Who sent it (outbound only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<ThreadUserModel>,
}

/// A note in the entries feed (`MthSyncAliveNote`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncAliveNote {
    /// Note id.
    pub id: String,
    /// Thread id.
    pub thread_id: String,
    /// `Alive`.
    pub availability: Availability,
    /// When it was created.
    #[serde(with = "crate::time::millis")]
    pub creation_time: DateTime<Utc>,
    /// When it was last edited.
    #[serde(with = "crate::time::millis")]
    pub last_modified_time: DateTime<Utc>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<ThreadUserModel>,
}

/// A deleted message or note in the entries feed (`MthSyncDeletedMessage`, `MthSyncDeletedNote`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncDeletedEntry {
    /// Id of the deleted message or note.
    #[serde(with = "crate::id::string_or_number")]
    pub id: String,
    /// Thread id.
    pub thread_id: String,
    /// `Deleted`.
    pub availability: Availability,
    /// When it was deleted.
    #[serde(with = "crate::time::millis")]
    pub last_modified_time: DateTime<Utc>,
}

/// The official name of a deleted message record.
pub type SyncDeletedMessage = SyncDeletedEntry;
/// The official name of a deleted note record.
pub type SyncDeletedNote = SyncDeletedEntry;

/// A thread hint: created, resolved or deleted (`MthSyncBaseHint`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncBaseHint {
    /// Hint id.
    pub id: String,
    /// Thread id.
    pub thread_id: String,
    /// When it happened (hints never change).
    #[serde(with = "crate::time::millis")]
    pub last_modified_time: DateTime<Utc>,
    /// Who did it; absent when the system did (e.g. expiry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator: Option<ThreadUserModel>,
}

/// A thread assignment hint (`MthSyncAssignedHint`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncAssignedHint {
    /// Hint id.
    pub id: String,
    /// Thread id.
    pub thread_id: String,
    /// When it happened.
    #[serde(with = "crate::time::millis")]
    pub last_modified_time: DateTime<Utc>,
    /// Who assigned; absent when the system did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator: Option<ThreadUserModel>,
    /// The new assignee; absent when the thread was unassigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<ThreadUserModel>,
    /// The assignee before; absent when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_assignee: Option<ThreadUserModel>,
}

/// One record of the entries feed (`ThreadEntrySyncItem`), told apart by `recordType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadEntrySyncItem {
    /// `AliveMessage`.
    AliveMessage(SyncAliveMessage),
    /// `DeletedMessage`.
    DeletedMessage(SyncDeletedMessage),
    /// `AliveNote`.
    AliveNote(SyncAliveNote),
    /// `DeletedNote`.
    DeletedNote(SyncDeletedNote),
    /// `ThreadCreatedHint`.
    ThreadCreatedHint(SyncBaseHint),
    /// `ThreadAssignedHint`.
    ThreadAssignedHint(SyncAssignedHint),
    /// `ThreadResolvedHint`.
    ThreadResolvedHint(SyncBaseHint),
    /// `ThreadDeletedHint`.
    ThreadDeletedHint(SyncBaseHint),
    /// A record type this crate does not know, kept whole.
    Other {
        /// Its `recordType`.
        record_type: String,
        /// Every other field, as sent.
        fields: Map<String, Value>,
    },
}

string_enum! {
    /// The `recordType` values of the entries feed.
    pub enum EntryRecordType {
        /// A message.
        AliveMessage = "AliveMessage",
        /// A deleted message.
        DeletedMessage = "DeletedMessage",
        /// A note.
        AliveNote = "AliveNote",
        /// A deleted note.
        DeletedNote = "DeletedNote",
        /// A thread was created.
        ThreadCreatedHint = "ThreadCreatedHint",
        /// A thread was resolved.
        ThreadResolvedHint = "ThreadResolvedHint",
        /// A thread was deleted.
        ThreadDeletedHint = "ThreadDeletedHint",
        /// A thread was assigned, reassigned or unassigned.
        ThreadAssignedHint = "ThreadAssignedHint",
    }
}

impl ThreadEntrySyncItem {
    /// The record's `recordType`.
    pub fn record_type(&self) -> EntryRecordType {
        match self {
            Self::AliveMessage(_) => EntryRecordType::AliveMessage,
            Self::DeletedMessage(_) => EntryRecordType::DeletedMessage,
            Self::AliveNote(_) => EntryRecordType::AliveNote,
            Self::DeletedNote(_) => EntryRecordType::DeletedNote,
            Self::ThreadCreatedHint(_) => EntryRecordType::ThreadCreatedHint,
            Self::ThreadAssignedHint(_) => EntryRecordType::ThreadAssignedHint,
            Self::ThreadResolvedHint(_) => EntryRecordType::ThreadResolvedHint,
            Self::ThreadDeletedHint(_) => EntryRecordType::ThreadDeletedHint,
            Self::Other { record_type, .. } => EntryRecordType::from(record_type.as_str()),
        }
    }

    /// Id of the record.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::AliveMessage(m) => Some(&m.id),
            Self::DeletedMessage(d) | Self::DeletedNote(d) => Some(&d.id),
            Self::AliveNote(n) => Some(&n.id),
            Self::ThreadCreatedHint(h) | Self::ThreadResolvedHint(h) | Self::ThreadDeletedHint(h) => Some(&h.id),
            Self::ThreadAssignedHint(h) => Some(&h.id),
            Self::Other { fields, .. } => fields.get("id").and_then(Value::as_str),
        }
    }

    /// Id of the thread the record is about.
    pub fn thread_id(&self) -> Option<&str> {
        match self {
            Self::AliveMessage(m) => Some(&m.thread_id),
            Self::DeletedMessage(d) | Self::DeletedNote(d) => Some(&d.thread_id),
            Self::AliveNote(n) => Some(&n.thread_id),
            Self::ThreadCreatedHint(h) | Self::ThreadResolvedHint(h) | Self::ThreadDeletedHint(h) => Some(&h.thread_id),
            Self::ThreadAssignedHint(h) => Some(&h.thread_id),
            Self::Other { fields, .. } => fields.get("threadId").and_then(Value::as_str),
        }
    }

    /// When the record last changed (the feed's sort key); `None` only for an unknown record
    /// without a readable `lastModifiedTime`.
    pub fn last_modified_time(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::AliveMessage(m) => Some(m.last_modified_time),
            Self::DeletedMessage(d) | Self::DeletedNote(d) => Some(d.last_modified_time),
            Self::AliveNote(n) => Some(n.last_modified_time),
            Self::ThreadCreatedHint(h) | Self::ThreadResolvedHint(h) | Self::ThreadDeletedHint(h) => {
                Some(h.last_modified_time)
            }
            Self::ThreadAssignedHint(h) => Some(h.last_modified_time),
            Self::Other { fields, .. } => {
                fields.get("lastModifiedTime").and_then(Value::as_str).and_then(|s| crate::time::parse(s).ok())
            }
        }
    }
}

const RECORD_TYPE: &str = "recordType";

impl Serialize for ThreadEntrySyncItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Render the payload as an object, then add the tag beside its fields.
        let (tag, payload) = match self {
            Self::AliveMessage(m) => ("AliveMessage", serde_json::to_value(m)),
            Self::DeletedMessage(d) => ("DeletedMessage", serde_json::to_value(d)),
            Self::AliveNote(n) => ("AliveNote", serde_json::to_value(n)),
            Self::DeletedNote(d) => ("DeletedNote", serde_json::to_value(d)),
            Self::ThreadCreatedHint(h) => ("ThreadCreatedHint", serde_json::to_value(h)),
            Self::ThreadAssignedHint(h) => ("ThreadAssignedHint", serde_json::to_value(h)),
            Self::ThreadResolvedHint(h) => ("ThreadResolvedHint", serde_json::to_value(h)),
            Self::ThreadDeletedHint(h) => ("ThreadDeletedHint", serde_json::to_value(h)),
            Self::Other { record_type, fields } => (record_type.as_str(), Ok(Value::Object(fields.clone()))),
        };
        let Value::Object(fields) = payload.map_err(S::Error::custom)? else {
            return Err(S::Error::custom("entry payload is not an object"));
        };
        let mut out = Map::with_capacity(fields.len() + 1);
        out.insert(RECORD_TYPE.to_owned(), Value::String(tag.to_owned()));
        out.extend(fields.into_iter().filter(|(k, _)| k != RECORD_TYPE));
        out.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ThreadEntrySyncItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Map::<String, Value>::deserialize(deserializer)?;
        let record_type = match fields.remove(RECORD_TYPE) {
            Some(Value::String(s)) => s,
            Some(_) => return Err(D::Error::custom("recordType is not a string")),
            None => return Err(D::Error::missing_field(RECORD_TYPE)),
        };
        fn read<T: serde::de::DeserializeOwned, E: serde::de::Error>(fields: Map<String, Value>) -> Result<T, E> {
            serde_json::from_value(Value::Object(fields)).map_err(E::custom)
        }
        Ok(match record_type.as_str() {
            "AliveMessage" => Self::AliveMessage(read(fields)?),
            "DeletedMessage" => Self::DeletedMessage(read(fields)?),
            "AliveNote" => Self::AliveNote(read(fields)?),
            "DeletedNote" => Self::DeletedNote(read(fields)?),
            "ThreadCreatedHint" => Self::ThreadCreatedHint(read(fields)?),
            "ThreadAssignedHint" => Self::ThreadAssignedHint(read(fields)?),
            "ThreadResolvedHint" => Self::ThreadResolvedHint(read(fields)?),
            "ThreadDeletedHint" => Self::ThreadDeletedHint(read(fields)?),
            _ => Self::Other { record_type, fields },
        })
    }
}

/// Answer of `GET /message-threads/entries/sync` (`ThreadEntriesSyncList`), descending by
/// `lastModifiedTime`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadEntriesSyncList {
    /// The records.
    #[serde(default)]
    pub records: Vec<ThreadEntrySyncItem>,
    /// The token to keep.
    pub sync_info: SyncInfo,
}
