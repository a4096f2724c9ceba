//! Thread messages: the message record, sending (JSON and multipart), listing, deleting.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::paging::EnumeratedPagingModel;
use crate::string_enum::string_enum;
use crate::thread::{Availability, MessagePhoneParty, ThreadMessageModelAuthor};

string_enum! {
    /// Direction of a message, seen from the shared number.
    pub enum Direction {
        /// From the outside number to the shared number.
        Inbound = "Inbound",
        /// From a handler to the outside number.
        Outbound = "Outbound",
    }
}

string_enum! {
    /// Delivery status of a message. Failures are statuses, not HTTP errors.
    pub enum MessageStatus {
        /// Accepted, not sent yet.
        Queued = "Queued",
        /// Handed to the carrier.
        Sent = "Sent",
        /// The carrier confirmed delivery.
        Delivered = "Delivered",
        /// The carrier reported a failure (see `deliveryErrorCode`).
        DeliveryFailed = "DeliveryFailed",
        /// RingCentral could not send it (see `deliveryErrorCode`).
        SendingFailed = "SendingFailed",
        /// An inbound message.
        Received = "Received",
    }
}

string_enum! {
    /// The `recordType` of a message record (the send response carries it).
    pub enum MessageRecordType {
        /// A message that exists.
        AliveMessage = "AliveMessage",
        /// A deleted message.
        DeletedMessage = "DeletedMessage",
    }
}

/// A thread message (`ThreadMessageModel`), as returned by send and list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadMessageModel {
    /// Message id.
    #[serde(with = "crate::id::string_or_number")]
    pub id: String,
    /// Id of the thread the message belongs to.
    pub thread_id: String,
    /// `AliveMessage` or `DeletedMessage`; the send response shows it although the official
    /// definition of this record does not list it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_type: Option<MessageRecordType>,
    /// `Alive` or `Deleted`.
    pub availability: Availability,
    /// When the message was created.
    #[serde(with = "crate::time::millis")]
    pub creation_time: DateTime<Utc>,
    /// `Inbound` or `Outbound`.
    pub direction: Direction,
    /// When the message last changed (e.g. its status).
    #[serde(with = "crate::time::millis")]
    pub last_modified_time: DateTime<Utc>,
    /// Delivery status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_status: Option<MessageStatus>,
    /// Why delivery failed: `SMS-RC-`, `SMS-UP-` or `SMS-CAR-` codes. Not in the official
    /// definition of this record; the message store carries the same field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_error_code: Option<String>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// MMS attachments, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<MessageAttachmentResponseEntry>>,
    /// Who sent it (outbound messages only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<ThreadMessageModelAuthor>,
}

/// An attachment of a message (`MessageAttachmentResponseEntry`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MessageAttachmentResponseEntry {
    /// Attachment id.
    #[serde(with = "crate::id::string_or_number")]
    pub id: String,
    /// MIME type, e.g. `image/png`.
    pub content_type: String,
    /// Suggested file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Where the bytes are: an absolute link on the media entry point
    /// (`https://HOST/restapi/v1.0/account/{accountId}/message-threads/messages/{messageId}/content/{attachmentId}`).
    pub content_uri: String,
    /// Size in bytes.
    pub size: u64,
}

/// A page of messages (`GET /message-threads/messages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadMessageList {
    /// The messages, ascending by `creationTime`.
    #[serde(default)]
    pub records: Vec<ThreadMessageModel>,
    /// Where this page is.
    pub paging: EnumeratedPagingModel,
}

/// Body of `POST /message-threads/messages` as JSON, and the `metadata` part of its multipart
/// form (`NewThreadMessageRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewThreadMessageRequest {
    /// Thread to send into; it must be open. Without it the (from, to) pair picks the thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// The shared number to send from.
    pub from: MessagePhoneParty,
    /// The outside number (one element).
    pub to: Vec<MessagePhoneParty>,
    /// Text; may be absent in an MMS with attachments (a text-only message without it is
    /// refused by the domain as `CMN-100 text`).
    #[serde(default)]
    pub text: String,
}

impl NewThreadMessageRequest {
    /// A text from a shared number to one outside number, routed by the (from, to) pair: into
    /// the open thread of that pair, or a new thread assigned to the sender.
    ///
    /// ```
    /// use rcthreads_wire::NewThreadMessageRequest;
    ///
    /// let request = NewThreadMessageRequest::new("+15559870001", "+16502240001", "Hi Tom");
    /// assert_eq!(request.to[0].phone_number, "+16502240001");
    /// assert_eq!(request.thread_id, None);
    /// ```
    pub fn new(from: impl Into<String>, to: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            thread_id: None,
            from: MessagePhoneParty::new(from),
            to: vec![MessagePhoneParty::new(to)],
            text: text.into(),
        }
    }

    /// The same request sent into this thread (which must be open) instead of the pair's.
    pub fn in_thread(mut self, thread_id: impl Into<String>) -> Self {
        self.thread_id = Some(thread_id.into());
        self
    }
}

/// Name of the multipart part that holds the JSON [`NewThreadMessageRequest`].
pub const METADATA_PART: &str = "metadata";
/// Name of the multipart parts that hold MMS attachments (one part per file).
pub const ATTACHMENTS_PART: &str = "attachments";

/// Body of `DELETE /message-threads/messages` (`ThreadMessagesDeleteRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThreadMessagesDeleteRequest {
    /// Ids of the messages to delete.
    pub ids: Vec<String>,
}
