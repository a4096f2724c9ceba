//! Sync: full (`FSync`) and incremental (`ISync`) synchronization of threads.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::string_enum::string_enum;
use crate::thread::MessageThread;

string_enum! {
    /// Kind of sync request.
    pub enum SyncType {
        /// Full sync: a snapshot and a first token. The default.
        FSync = "FSync",
        /// Incremental sync: what changed since the token.
        ISync = "ISync",
    }
}

/// The sync block of a sync response (`SyncInfoModel`): keep `sync_token` for the next `ISync`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncInfo {
    /// The kind of sync that was answered.
    pub sync_type: SyncType,
    /// Token for the next incremental sync.
    pub sync_token: String,
    /// When this sync happened.
    #[serde(with = "crate::time::millis")]
    pub sync_time: DateTime<Utc>,
    /// FSync: `true` when older records were left out past the answer's limit (the newest
    /// come first); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub older_records: Option<bool>,
}

/// The official name of [`SyncInfo`].
pub type SyncInfoModel = SyncInfo;

/// Answer of `GET /message-threads/sync` (`ThreadSyncList`).
///
/// FSync holds open, alive, visible threads; ISync holds every thread changed since the token,
/// resolved and deleted ones included. Both are descending by `lastModifiedTime`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadSyncList {
    /// The threads.
    #[serde(default)]
    pub records: Vec<MessageThread>,
    /// The token to keep.
    pub sync_info: SyncInfo,
}
