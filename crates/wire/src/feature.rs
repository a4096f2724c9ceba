//! Feature check (`GET /restapi/v1.0/account/~/extension/~/features?featureId=MessageThreads`).

use serde::{Deserialize, Serialize};

use crate::string_enum::string_enum;

/// The feature id of thread messaging.
pub const MESSAGE_THREADS: &str = "MessageThreads";
/// The feature id of sending SMS (from a number of one's own with `SmsSender`).
pub const SMS: &str = "SMS";
/// The parameter telling whether call queues may own threads.
pub const CALL_QUEUE_SUPPORTED: &str = "callQueueSupported";
/// The parameter telling whether sites may own threads.
pub const SITE_SUPPORTED: &str = "siteSupported";

/// Answer of the feature check (`FeatureList`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FeatureList {
    /// One record per feature asked for.
    #[serde(default)]
    pub records: Vec<FeatureInfo>,
}

/// One feature (`FeatureInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FeatureInfo {
    /// Feature id, e.g. `MessageThreads`.
    pub id: String,
    /// Whether the caller has it.
    pub available: bool,
    /// Parameters, e.g. `callQueueSupported` = `"true"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<ParamsInfo>>,
    /// Why it is unavailable; only when `available` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ReasonInfo>,
}

impl FeatureInfo {
    /// The value of a parameter, as text.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.as_ref()?.iter().find(|p| p.name.as_deref() == Some(name))?.value.as_deref()
    }

    /// Whether a parameter is the string `"true"`.
    pub fn param_is_true(&self, name: &str) -> bool {
        self.param(name) == Some("true")
    }
}

/// A feature parameter (`ParamsInfo`); values are strings even for booleans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ParamsInfo {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

string_enum! {
    /// Why a feature is unavailable.
    pub enum FeatureReasonCode {
        /// The service plan does not include it.
        ServicePlanLimitation = "ServicePlanLimitation",
        /// The account does not allow it.
        AccountLimitation = "AccountLimitation",
        /// Not for this extension type.
        ExtensionTypeLimitation = "ExtensionTypeLimitation",
        /// Not for this extension subtype.
        ExtensionSubTypeLimitation = "ExtensionSubTypeLimitation",
        /// Not for this extension.
        ExtensionLimitation = "ExtensionLimitation",
        /// The caller lacks a permission.
        InsufficientPermissions = "InsufficientPermissions",
        /// Configuration does not allow it.
        ConfigurationLimitation = "ConfigurationLimitation",
        /// A permission limits it.
        PermissionLimitation = "PermissionLimitation",
    }
}

/// Why a feature is unavailable (`ReasonInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReasonInfo {
    /// Reason code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<FeatureReasonCode>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The missing permission, if that is the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
}
