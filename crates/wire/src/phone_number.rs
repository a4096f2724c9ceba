//! Phone numbers: the caller's or a resource's numbers (v1) and the account's numbers (v2).

use serde::{Deserialize, Serialize};

use crate::extension::ExtensionType;
use crate::id::NumericId;
use crate::paging::{EnumeratedPagingModel, PageNavigationModel};
use crate::string_enum::string_enum;

string_enum! {
    /// What a number is used for (v1 and v2 values together).
    pub enum PhoneNumberUsageType {
        /// The account's main company number (a main-site shared number).
        MainCompanyNumber = "MainCompanyNumber",
        /// An additional company number.
        AdditionalCompanyNumber = "AdditionalCompanyNumber",
        /// A company number of the main site's auto-receptionist (a main-site shared number).
        CompanyNumber = "CompanyNumber",
        /// A direct number of a user, call queue, site or IVR menu.
        DirectNumber = "DirectNumber",
        /// Company fax number.
        CompanyFaxNumber = "CompanyFaxNumber",
        /// FMC business mobile number.
        FmcBusinessMobileNumber = "FmcBusinessMobileNumber",
        /// FMC business mobile number in inventory.
        InventoryFmcBusinessMobileNumber = "InventoryFmcBusinessMobileNumber",
        /// Forwarded number.
        ForwardedNumber = "ForwardedNumber",
        /// Forwarded company number.
        ForwardedCompanyNumber = "ForwardedCompanyNumber",
        /// Contact center number.
        ContactCenterNumber = "ContactCenterNumber",
        /// Conferencing number.
        ConferencingNumber = "ConferencingNumber",
        /// Meetings number.
        MeetingsNumber = "MeetingsNumber",
        /// Number pool.
        NumberPool = "NumberPool",
        /// Business mobile number.
        BusinessMobileNumber = "BusinessMobileNumber",
        /// Emergency location identification number.
        Elin = "ELIN",
        /// Partner business mobile number.
        PartnerBusinessMobileNumber = "PartnerBusinessMobileNumber",
        /// Number pool partner business mobile number.
        NumberPoolPartnerBusinessMobileNumber = "NumberPoolPartnerBusinessMobileNumber",
        /// Number storage.
        NumberStorage = "NumberStorage",
        /// Integration number.
        IntegrationNumber = "IntegrationNumber",
        /// Mobile number in inventory.
        InventoryMobileNumber = "InventoryMobileNumber",
        /// Inventory (v2).
        Inventory = "Inventory",
        /// Partner business mobile number in inventory (v2).
        InventoryPartnerBusinessMobileNumber = "InventoryPartnerBusinessMobileNumber",
        /// Phone line (v2).
        PhoneLine = "PhoneLine",
    }
}

string_enum! {
    /// What a number can do. Thread messaging needs `SmsSender` (and `MmsSender` for MMS).
    pub enum PhoneNumberFeature {
        /// Usable as caller id.
        CallerId = "CallerId",
        /// May send SMS.
        SmsSender = "SmsSender",
        /// May send A2P SMS.
        A2pSmsSender = "A2PSmsSender",
        /// May send MMS.
        MmsSender = "MmsSender",
        /// May send international SMS.
        InternationalSmsSender = "InternationalSmsSender",
        /// Delegated.
        Delegated = "Delegated",
    }
}

string_enum! {
    /// Status of a number; `Normal` means ready to use.
    pub enum PhoneNumberStatus {
        /// Ready.
        Normal = "Normal",
        /// Not ready yet.
        Pending = "Pending",
        /// Ported in.
        PortedIn = "PortedIn",
        /// Temporary.
        Temporary = "Temporary",
        /// The server's own unknown value.
        Unknown = "Unknown",
    }
}

string_enum! {
    /// Voice / fax capability of a number.
    pub enum PhoneNumberType {
        /// Voice and fax.
        VoiceFax = "VoiceFax",
        /// Voice only.
        VoiceOnly = "VoiceOnly",
        /// Fax only (never an SMS sender).
        FaxOnly = "FaxOnly",
    }
}

string_enum! {
    /// Toll or toll-free.
    pub enum TollType {
        /// Toll.
        Toll = "Toll",
        /// Toll-free.
        TollFree = "TollFree",
    }
}

/// Numbers of an extension (`GET /restapi/v1.0/account/~/extension/{id}/phone-number`,
/// `GetExtensionPhoneNumbersResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetExtensionPhoneNumbersResponse {
    /// Link to this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The numbers.
    #[serde(default)]
    pub records: Vec<UserPhoneNumberInfo>,
    /// Links to other pages.
    pub navigation: PageNavigationModel,
    /// Where this page is.
    pub paging: EnumeratedPagingModel,
}

/// One number of an extension (`UserPhoneNumberInfo`). A number with `extension` belongs to
/// that common resource: a shared number the caller handles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserPhoneNumberInfo {
    /// Link to the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Number id (a JSON number on the wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<NumericId>,
    /// Country of the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryInfoBasicModel>,
    /// The common resource the number belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<UserPhoneNumberExtensionInfo>,
    /// Custom label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// City, state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `Local`, `TollFree`... (kept as text: this API does not use it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<String>,
    /// The number in E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Whether it is the extension's primary number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PhoneNumberStatus>,
    /// Voice / fax type.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub number_type: Option<PhoneNumberType>,
    /// Subtype (kept as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    /// Usage type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_type: Option<PhoneNumberUsageType>,
    /// Features such as `SmsSender`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<PhoneNumberFeature>>,
    /// Caller id name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id_name: Option<String>,
}

impl UserPhoneNumberInfo {
    /// Whether the number lists this feature.
    pub fn has_feature(&self, feature: &PhoneNumberFeature) -> bool {
        self.features.as_ref().is_some_and(|f| f.contains(feature))
    }
}

/// A country reference (`CountryInfoBasicModel`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CountryInfoBasicModel {
    /// Country id.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub id: Option<String>,
    /// Link to the country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Country name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The extension a number is assigned to (`UserPhoneNumberExtensionInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserPhoneNumberExtensionInfo {
    /// Extension id (a JSON number on the wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<NumericId>,
    /// Link to the extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Short number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// Partner id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// `Department`, `Site`, `IvrMenu`...
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub extension_type: Option<ExtensionType>,
    /// Name, e.g. `Financial Advising Queue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The account's numbers (`GET /restapi/v2/accounts/~/phone-numbers`, `AccountPhoneNumberList`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountPhoneNumberList {
    /// The numbers.
    #[serde(default)]
    pub records: Vec<AccountPhoneNumberInfo>,
    /// Where this page is.
    pub paging: EnumeratedPagingModel,
}

/// One account number (`AccountPhoneNumberInfo`, the fields this API uses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountPhoneNumberInfo {
    /// Number id (a string in v2).
    #[serde(with = "crate::id::string_or_number")]
    pub id: String,
    /// The number in E.164.
    pub phone_number: String,
    /// Voice / fax type.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub number_type: Option<PhoneNumberType>,
    /// Toll or toll-free.
    pub toll_type: TollType,
    /// Usage type.
    pub usage_type: PhoneNumberUsageType,
    /// Status.
    pub status: PhoneNumberStatus,
    /// Whether it is a BYOC number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byoc_number: Option<bool>,
    /// Caller id name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id_name: Option<String>,
    /// Custom label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Whether it is the primary number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// The extension the number is assigned to; absent for company numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<AccountPhoneNumberInfoExtension>,
}

/// The extension of an account number (`AccountPhoneNumberInfoExtension`).
///
/// The official definition has `id` and `extensionNumber`; `name` and `type` are accepted and
/// written too because the API map describes them and applications use them to find resources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountPhoneNumberInfoExtension {
    /// Extension id.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::id::string_or_number::option")]
    pub id: Option<String>,
    /// Short number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Type.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub extension_type: Option<ExtensionType>,
}
