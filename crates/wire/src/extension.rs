//! Extensions: types and statuses, the extension list, call queues and sites.

use serde::{Deserialize, Serialize};

use crate::id::NumericId;
use crate::paging::{EnumeratedPagingModel, PageNavigationModel};
use crate::string_enum::string_enum;

string_enum! {
    /// Type of an extension. `Department` is a call queue; the main site is listed with
    /// `type=CompanyExtension` (a filter value the official enum lacks but the API accepts).
    pub enum ExtensionType {
        /// A person.
        User = "User",
        /// A call queue.
        Department = "Department",
        /// Announcement-only extension.
        Announcement = "Announcement",
        /// Voicemail-only extension.
        Voicemail = "Voicemail",
        /// Digital user.
        DigitalUser = "DigitalUser",
        /// Virtual user.
        VirtualUser = "VirtualUser",
        /// Fax user.
        FaxUser = "FaxUser",
        /// Paging-only group.
        PagingOnly = "PagingOnly",
        /// Shared lines group.
        SharedLinesGroup = "SharedLinesGroup",
        /// Delegated lines group.
        DelegatedLinesGroup = "DelegatedLinesGroup",
        /// Group call pickup.
        GroupCallPickup = "GroupCallPickup",
        /// IVR menu (its SMS handlers are its site's).
        IvrMenu = "IvrMenu",
        /// Application extension.
        ApplicationExtension = "ApplicationExtension",
        /// Proxy admin.
        ProxyAdmin = "ProxyAdmin",
        /// Room connector.
        RoomConnector = "RoomConnector",
        /// Park location.
        ParkLocation = "ParkLocation",
        /// Limited extension.
        Limited = "Limited",
        /// Bot.
        Bot = "Bot",
        /// A site (the main site or a sub-site).
        Site = "Site",
        /// Room.
        Room = "Room",
        /// Flexible user.
        FlexibleUser = "FlexibleUser",
        /// Tie line.
        TieLine = "TieLine",
        /// Voice app integration.
        VoiceAppIntegration = "VoiceAppIntegration",
        /// Web voice.
        WebVoice = "WebVoice",
        /// The server's own "unrecognized type" value (distinct from [`ExtensionType::Other`]).
        Unknown = "Unknown",
        /// The main site, as a list filter.
        CompanyExtension = "CompanyExtension",
    }
}

string_enum! {
    /// Status of an extension. SMS to a `Disabled` or `Frozen` extension is dropped.
    pub enum ExtensionStatus {
        /// In service.
        Enabled = "Enabled",
        /// Switched off.
        Disabled = "Disabled",
        /// Frozen.
        Frozen = "Frozen",
        /// Not activated yet.
        NotActivated = "NotActivated",
        /// Without an extension number.
        Unassigned = "Unassigned",
    }
}

/// The extension list (`GET /restapi/v1.0/account/~/extension`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetExtensionListResponse {
    /// Link to this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The extensions.
    #[serde(default)]
    pub records: Vec<GetExtensionListInfoResponse>,
    /// Links to other pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navigation: Option<PageNavigationModel>,
    /// Where this page is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<EnumeratedPagingModel>,
}

/// One extension of the list (`GetExtensionListInfoResponse`, the fields this API uses).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetExtensionListInfoResponse {
    /// Extension id (a number in the official definition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<NumericId>,
    /// Link to the extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Short number, e.g. `101`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// Name (first and last for users).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ExtensionStatus>,
    /// Type.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub extension_type: Option<ExtensionType>,
    /// Subtype, if any (kept as text: this API does not use it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    /// Hidden from the company directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// The site the extension belongs to; how IVR menus are mapped to their site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<ProvisioningSiteInfo>,
    /// Creation time as the server wrote it (the official examples are not RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<String>,
}

/// The site of an extension (`ProvisioningSiteInfo`); the main site's id is `main-site`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningSiteInfo {
    /// Site id, or `main-site`.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub id: Option<String>,
    /// Link to the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Site name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Site code, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The call queue list (`GET /restapi/v1.0/account/~/call-queues`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallQueueList {
    /// Link to this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The call queues.
    #[serde(default)]
    pub records: Vec<CallQueueInfo>,
    /// Links to other pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navigation: Option<PageNavigationModel>,
    /// Where this page is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<EnumeratedPagingModel>,
}

/// One call queue (`CallQueueInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallQueueInfo {
    /// Link to the call queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Extension id of the call queue.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub id: Option<String>,
    /// Short number, e.g. `11601`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// Name, e.g. `Financial Advising Queue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ExtensionStatus>,
    /// `Emergency` or `Unknown`, if set (kept as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    /// The site of the call queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteBasicInfo>,
}

/// A site reference (`SiteBasicInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SiteBasicInfo {
    /// Site extension id, or `main-site`.
    #[serde(with = "crate::id::string_or_number")]
    pub id: String,
    /// Site name.
    pub name: String,
}

/// The sub-site list (`GET /restapi/v1.0/account/~/sites`); the main site is not in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SitesList {
    /// Link to this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The sites.
    #[serde(default)]
    pub records: Vec<SiteInfo>,
    /// Links to other pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navigation: Option<PageNavigationModel>,
    /// Where this page is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<EnumeratedPagingModel>,
}

/// One site (`SiteInfo`, the fields this API uses).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SiteInfo {
    /// Site extension id.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub id: Option<String>,
    /// Link to the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Site name, e.g. `Site 01`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Short number, e.g. `30001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// Caller id name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id_name: Option<String>,
    /// Contact email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Site code, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}
