//! Thread notes: internal remarks of handlers on a thread, never sent to the customer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::paging::EnumeratedPagingModel;
use crate::thread::{Availability, ThreadNoteModelAuthor};

/// A note (`ThreadNoteModel`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadNoteModel {
    /// Note id.
    pub id: String,
    /// Id of the thread.
    pub thread_id: String,
    /// `Alive` or `Deleted`.
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
    /// Who wrote it; only the author may edit or delete it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<ThreadNoteModelAuthor>,
}

/// A page of notes (`GET /message-threads/notes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadNoteList {
    /// The notes.
    #[serde(default)]
    pub records: Vec<ThreadNoteModel>,
    /// Where this page is.
    pub paging: EnumeratedPagingModel,
}

/// Body of `POST /message-threads/notes` (`ThreadNoteCreateRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadNoteCreateRequest {
    /// The thread; it must be open.
    pub thread_id: String,
    /// Text.
    pub text: String,
}

/// Body of `PATCH /message-threads/notes/{noteId}` (`ThreadNoteUpdateRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadNoteUpdateRequest {
    /// New text.
    pub text: String,
}

/// Body of `DELETE /message-threads/notes` (`ThreadNotesDeleteRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadNotesDeleteRequest {
    /// Ids of the notes to delete.
    pub ids: Vec<String>,
}
