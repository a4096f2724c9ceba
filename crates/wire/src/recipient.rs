//! SMS recipients (handlers) of a common resource, and changing them.

use serde::{Deserialize, Serialize};

use crate::extension::ExtensionType;

/// Answer of `GET .../extension/{resourceId}/sms-recipients` (`SmsRecipientsResource`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SmsRecipientsResource {
    /// The handlers.
    #[serde(default)]
    pub sms_recipients: Vec<SmsRecipient>,
}

/// A user who sends and receives SMS for a resource's shared numbers (`SmsRecipient`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SmsRecipient {
    /// Extension id of the user.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub id: Option<String>,
    /// Short number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// `User`, `DigitalUser` or `ApplicationExtension`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_type: Option<ExtensionType>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the user may become a thread assignee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignable: Option<bool>,
    /// Whether the user holds the thread messaging licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_license: Option<bool>,
}

/// Body of `POST .../sms-recipients/bulk-assign` (`BulkAssignSmsRecipientsRequest`).
///
/// One list must be non-empty; at most 50 ids each with thread messaging on, else 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkAssignSmsRecipientsRequest {
    /// Users to add as handlers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_extension_ids: Option<Vec<String>>,
    /// Users to remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_extension_ids: Option<Vec<String>>,
}
