//! Classic SMS from numbers the caller owns, and the message store that keeps them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::id::NumericId;
use crate::message::{Direction, MessageStatus};
use crate::paging::PageNavigationModel;
use crate::string_enum::string_enum;
use crate::thread::OwnerResource;

/// Body of `POST /restapi/v1.0/account/~/extension/~/sms` (`CreateSMSMessage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateSmsMessage {
    /// A number of the caller with `SmsSender`.
    pub from: MessageStoreCallerInfoRequest,
    /// Recipients.
    pub to: Vec<MessageStoreCallerInfoRequest>,
    /// Text (at most 1000 UTF-16 units).
    pub text: String,
}

/// The official name of [`CreateSmsMessage`].
pub type CreateSMSMessage = CreateSmsMessage;

/// A phone number in an SMS request (`MessageStoreCallerInfoRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MessageStoreCallerInfoRequest {
    /// The number in E.164.
    pub phone_number: String,
}

string_enum! {
    /// Availability of a message-store record.
    pub enum MessageAvailability {
        /// Present.
        Alive = "Alive",
        /// Deleted, restorable.
        Deleted = "Deleted",
        /// About to be removed.
        Purged = "Purged",
    }
}

string_enum! {
    /// Type of a message-store record.
    pub enum MessageType {
        /// Fax.
        Fax = "Fax",
        /// SMS.
        Sms = "SMS",
        /// Voicemail.
        VoiceMail = "VoiceMail",
        /// Company pager.
        Pager = "Pager",
        /// Text.
        Text = "Text",
    }
}

string_enum! {
    /// Read status of a message-store record.
    pub enum ReadStatus {
        /// Read.
        Read = "Read",
        /// Not read.
        Unread = "Unread",
    }
}

/// A message-store record (`GetMessageInfoResponse`, the fields SMS uses); also the answer of
/// the classic SMS send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetMessageInfoResponse {
    /// Message id (a JSON number on the wire).
    pub id: NumericId,
    /// Link to the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Extension whose store holds it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub extension_id: Option<String>,
    /// Availability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<MessageAvailability>,
    /// Conversation id (a JSON number on the wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<NumericId>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::time::millis::option")]
    pub creation_time: Option<DateTime<Utc>>,
    /// Delivery error code, for failed SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_error_code: Option<String>,
    /// Number of SMS segments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_count: Option<u32>,
    /// Direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<MessageStoreCallerInfo>,
    /// Last change.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::time::millis::option")]
    pub last_modified_time: Option<DateTime<Utc>>,
    /// Delivery status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_status: Option<MessageStatus>,
    /// Read status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_status: Option<ReadStatus>,
    /// When the carrier confirmed delivery.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::time::millis::option")]
    pub sms_delivery_time: Option<DateTime<Utc>>,
    /// Number of attempts to hand it to the gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_sending_attempts_count: Option<u32>,
    /// The text, for SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Recipients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Vec<MessageStoreCallerInfo>>,
    /// `SMS` here.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub message_type: Option<MessageType>,
    /// The shared owner (a call queue's store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<OwnerResource>,
}

/// The answer of the classic SMS send (`GetSMSMessageInfoResponse`): a message-store record.
pub type GetSmsMessageInfoResponse = GetMessageInfoResponse;

/// A sender or recipient of a message-store record (`MessageStoreCallerInfoResponseFrom` /
/// `...To`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MessageStoreCallerInfo {
    /// Short number, for internal parties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// Extension id.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub extension_id: Option<String>,
    /// City, state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Per-recipient status (recipients only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_status: Option<MessageStatus>,
}

/// A page of the message store (`GetMessageList`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetMessageList {
    /// Link to this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The records.
    #[serde(default)]
    pub records: Vec<GetMessageInfoResponse>,
    /// Links to other pages (`MessagingNavigationInfo`, same shape).
    pub navigation: PageNavigationModel,
    /// Where this page is.
    pub paging: MessagingPagingInfo,
}

/// Paging of the message store (`MessagingPagingInfo`): like the other paging, all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MessagingPagingInfo {
    /// Current page, 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Zero-based index of the first element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_start: Option<u32>,
    /// Zero-based index of the last element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
    /// Number of pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u32>,
    /// Number of elements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_elements: Option<u32>,
}
