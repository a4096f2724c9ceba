//! Webhook subscriptions and the notifications they deliver.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::string_enum::string_enum;

/// Event filter of thread changes (assign, resolve, new thread).
pub const THREAD_EVENT_FILTER: &str = "/restapi/v1.0/account/~/message-threads/sync";
/// Event filter of entry changes (messages, notes).
pub const ENTRY_EVENT_FILTER: &str = "/restapi/v1.0/account/~/message-threads/entries/sync";
/// Header of the creation handshake; the receiver echoes it back with 200 within 3 s.
pub const VALIDATION_TOKEN_HEADER: &str = "Validation-Token";
/// Header carrying `verificationToken` on every delivery, when one was given.
pub const VERIFICATION_TOKEN_HEADER: &str = "Verification-Token";

string_enum! {
    /// How notifications travel.
    pub enum TransportType {
        /// HTTP POST to `address`.
        WebHook = "WebHook",
        /// WebSocket.
        WebSocket = "WebSocket",
    }
}

string_enum! {
    /// State of a subscription.
    pub enum SubscriptionStatus {
        /// Delivering.
        Active = "Active",
        /// Stopped after the receiver failed too often.
        Blacklisted = "Blacklisted",
    }
}

/// Body of `POST /restapi/v1.0/subscription` (`CreateSubscriptionRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateSubscriptionRequest {
    /// Event filters, e.g. [`THREAD_EVENT_FILTER`].
    pub event_filters: Vec<String>,
    /// Lifetime in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u32>,
    /// Where to deliver.
    pub delivery_mode: NotificationDeliveryModeRequest,
}

/// Delivery of a new subscription (`NotificationDeliveryModeRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationDeliveryModeRequest {
    /// `WebHook` or `WebSocket`.
    pub transport_type: TransportType,
    /// The webhook URL (empty for `WebSocket`, which delivers over the connection it was
    /// created on).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// Sent back in the `Verification-Token` header of every delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_token: Option<String>,
}

/// A subscription (`SubscriptionInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionInfo {
    /// Link to the subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Subscription id.
    pub id: String,
    /// Event filters in force.
    pub event_filters: Vec<String>,
    /// Filters refused, with why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_filters: Option<Vec<DisabledFilterInfo>>,
    /// When it ends.
    #[serde(with = "crate::time::millis")]
    pub expiration_time: DateTime<Utc>,
    /// Lifetime in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u32>,
    /// `Active` or `Blacklisted`.
    pub status: SubscriptionStatus,
    /// When it was created.
    #[serde(with = "crate::time::millis")]
    pub creation_time: DateTime<Utc>,
    /// Where it delivers.
    pub delivery_mode: NotificationDeliveryMode,
}

/// Delivery of a subscription (`NotificationDeliveryMode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationDeliveryMode {
    /// `WebHook` or `WebSocket`.
    pub transport_type: TransportType,
    /// The webhook URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Whether payloads are encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<bool>,
}

/// An event filter the subscription could not take (`DisabledFilterInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DisabledFilterInfo {
    /// The filter.
    pub filter: String,
    /// Why.
    pub reason: String,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// One delivered notification: the envelope around an event body.
///
/// The body type defaults to raw JSON; thread and entry events use [`SyncEventBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Notification<B = serde_json::Value> {
    /// Unique id of this notification.
    pub uuid: String,
    /// The event filter that matched.
    pub event: String,
    /// Extension id of the subscriber.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub owner_id: Option<String>,
    /// The subscription.
    pub subscription_id: String,
    /// When it was sent.
    #[serde(with = "crate::time::millis")]
    pub timestamp: DateTime<Utc>,
    /// The event.
    pub body: B,
}

/// Body of thread and entry events: only a time; receivers call the sync endpoints for data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncEventBody {
    /// When the change happened.
    #[serde(with = "crate::time::millis")]
    pub last_modified_time: DateTime<Utc>,
}
