//! Message threads: the thread record, its parties and people, lists, assign.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::extension::ExtensionType;
use crate::paging::EnumeratedPagingModel;
use crate::string_enum::string_enum;

string_enum! {
    /// Whether a thread is open (`Open`) or resolved (`Resolved`).
    pub enum ThreadStatus {
        /// The thread accepts messages; at most one per number pair.
        Open = "Open",
        /// The thread is closed for good.
        Resolved = "Resolved",
    }
}

string_enum! {
    /// Why a thread was resolved (present only on resolved threads).
    pub enum ThreadStatusReason {
        /// A handler resolved it.
        Manual = "Manual",
        /// 72 hours passed without a message.
        ThreadExpired = "ThreadExpired",
        /// The owner's extension was deleted.
        OwnerDeleted = "OwnerDeleted",
        /// The owner's phone number the thread was created for was deleted.
        OwnerPhoneNumberDeleted = "OwnerPhoneNumberDeleted",
    }
}

string_enum! {
    /// Whether a thread, message or note exists (`Alive`) or was deleted (`Deleted`).
    pub enum Availability {
        /// Visible in lists by default.
        Alive = "Alive",
        /// Shown only when asked for with `availability=Deleted`.
        Deleted = "Deleted",
    }
}

/// A phone number of a thread party or a message sender / recipient (`MessagePhoneParty`,
/// `MessageThreadOwnerParty`, `MessageThreadGuestParty`: the same shape).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MessagePhoneParty {
    /// Phone number in E.164 (`+16501234567`).
    pub phone_number: String,
}

impl MessagePhoneParty {
    /// A party for this number.
    pub fn new(phone_number: impl Into<String>) -> Self {
        Self { phone_number: phone_number.into() }
    }
}

/// The shared number of a thread (`MessageThreadOwnerParty`).
pub type MessageThreadOwnerParty = MessagePhoneParty;
/// The outside number of a thread (`MessageThreadGuestParty`).
pub type MessageThreadGuestParty = MessagePhoneParty;

/// A person in a thread: assignee, message or note author, action initiator (`ThreadUserModel`;
/// the official `*Author`, `*Initiator` and `MessageThreadAssignee` types share its shape).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadUserModel {
    /// The user's extension id.
    #[serde(with = "crate::id::string_or_number")]
    pub extension_id: String,
    /// First and last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Extension type (`User` for people).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_type: Option<ExtensionType>,
}

/// A thread's assignee (`MessageThreadAssignee`).
pub type MessageThreadAssignee = ThreadUserModel;
/// A message's author (`ThreadMessageModelAuthor`).
pub type ThreadMessageModelAuthor = ThreadUserModel;
/// A note's author (`ThreadNoteModelAuthor`).
pub type ThreadNoteModelAuthor = ThreadUserModel;

/// The common resource that owns a thread: call queue, site, IVR menu (`OwnerResource`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OwnerResource {
    /// The resource's extension id.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub extension_id: Option<String>,
    /// The resource's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Department` (call queue), `Site`, `IvrMenu`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_type: Option<ExtensionType>,
}

/// A message thread: one conversation between a shared number and an outside number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MessageThread {
    /// Thread id (a UUID).
    pub id: String,
    /// Text of the last message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `Open` or `Resolved`.
    pub status: ThreadStatus,
    /// Why it was resolved; only on resolved threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<ThreadStatusReason>,
    /// `Alive` or `Deleted`.
    pub availability: Availability,
    /// The common resource the thread belongs to.
    pub owner: OwnerResource,
    /// The shared number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_party: Option<MessageThreadOwnerParty>,
    /// The outside number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_party: Option<MessageThreadGuestParty>,
    /// The handler in charge; only while open and assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<MessageThreadAssignee>,
    /// When the thread was created.
    #[serde(with = "crate::time::millis")]
    pub creation_time: DateTime<Utc>,
    /// When the thread last changed (message, assignment, status).
    #[serde(with = "crate::time::millis")]
    pub last_modified_time: DateTime<Utc>,
}

/// A page of threads (`GET /message-threads`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MessageThreadList {
    /// The threads, ascending by `creationTime`.
    #[serde(default)]
    pub records: Vec<MessageThread>,
    /// Where this page is.
    pub paging: EnumeratedPagingModel,
}

/// Body of `POST /message-threads/{threadId}/assign` (`AssignMessageThreadRequest`).
///
/// `assignee: null` unassigns; it is written as an explicit `null` because that is the request.
/// A missing `assignee` also reads as `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AssignMessageThreadRequest {
    /// The new assignee, or `None` to unassign.
    #[serde(default)]
    pub assignee: Option<AssignMessageThreadRequestAssignee>,
}

impl AssignMessageThreadRequest {
    /// Assign to this extension.
    pub fn to(extension_id: impl Into<String>) -> Self {
        Self { assignee: Some(AssignMessageThreadRequestAssignee { extension_id: extension_id.into() }) }
    }

    /// Unassign.
    pub fn unassign() -> Self {
        Self { assignee: None }
    }
}

/// The assignee of [`AssignMessageThreadRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AssignMessageThreadRequestAssignee {
    /// Extension id of the new assignee.
    #[serde(with = "crate::id::string_or_number")]
    pub extension_id: String,
}
