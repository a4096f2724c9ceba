//! Phone number records from the directory: the v1 per-extension list and the v2 account list.

use rcthreads_domain as d;

use super::records::paging;
use super::{config_page, extension_type, resource_type};
use crate::extension::ExtensionStatus;
use crate::id::NumericId;
use crate::link::Links;
use crate::paging::PageNavigationModel;
use crate::phone_number::{
    AccountPhoneNumberInfo, AccountPhoneNumberInfoExtension, AccountPhoneNumberList, CountryInfoBasicModel,
    GetExtensionPhoneNumbersResponse, PhoneNumberFeature, PhoneNumberStatus, PhoneNumberType, PhoneNumberUsageType,
    TollType, UserPhoneNumberExtensionInfo, UserPhoneNumberInfo,
};
use crate::query::{ListAccountPhoneNumbersV2Parameters, ListExtensionPhoneNumbersParameters};

fn usage(u: d::NumberUsage) -> PhoneNumberUsageType {
    match u {
        d::NumberUsage::MainCompanyNumber => PhoneNumberUsageType::MainCompanyNumber,
        d::NumberUsage::CompanyNumber => PhoneNumberUsageType::CompanyNumber,
        d::NumberUsage::DirectNumber => PhoneNumberUsageType::DirectNumber,
    }
}

fn is_company(n: &d::NumberRecord) -> bool {
    matches!(n.usage, d::NumberUsage::MainCompanyNumber | d::NumberUsage::CompanyNumber)
}

/// Every number can be a caller id; SMS and MMS as configured.
fn number_features(f: d::NumberFeatures) -> Vec<PhoneNumberFeature> {
    let mut out = vec![PhoneNumberFeature::CallerId];
    if f.sms_sender {
        out.push(PhoneNumberFeature::SmsSender);
    }
    if f.mms_sender {
        out.push(PhoneNumberFeature::MmsSender);
    }
    out
}

/// North American toll-free prefixes; every other number is toll.
fn toll_type(n: d::PhoneNumber) -> TollType {
    let digits = n.digits();
    let nanp = (10_000_000_000..20_000_000_000).contains(&digits);
    match (nanp, digits / 10_000_000 % 1000) {
        (true, 800 | 833 | 844 | 855 | 866 | 877 | 888) => TollType::TollFree,
        _ => TollType::Toll,
    }
}

/// The country of a number, from its calling code. Only the North American plan (+1) is
/// known, and read as the United States (country `1` of RingCentral's dictionary): telling its
/// other countries apart needs the area codes, which no document of this API lists.
fn country(n: d::PhoneNumber, links: &Links) -> Option<CountryInfoBasicModel> {
    let nanp = (10_000_000_000..20_000_000_000).contains(&n.digits());
    nanp.then(|| CountryInfoBasicModel {
        id: Some("1".to_owned()),
        uri: Some(links.country("1")),
        name: Some("United States".to_owned()),
    })
}

/// A number of the caller or of a resource (v1 `UserPhoneNumberInfo`), with its absolute
/// `uri` and its `country`. Company numbers carry `callerIdName`, as seed 000 shows: the name
/// of the main site holding them. `extension` names the common resource holding a direct
/// number, as seed 000 shows; company numbers carry none.
pub fn user_phone_number(n: &d::NumberRecord, dir: &d::Directory, links: &Links) -> UserPhoneNumberInfo {
    let extension = dir.resource(n.holder).filter(|_| !is_company(n)).map(|r| UserPhoneNumberExtensionInfo {
        id: Some(NumericId::from(r.id.get())),
        uri: Some(links.extension(r.id)),
        extension_number: r.extension_number.clone(),
        name: Some(r.name.clone()),
        extension_type: Some(resource_type(r.kind)),
        ..UserPhoneNumberExtensionInfo::default()
    });
    UserPhoneNumberInfo {
        uri: Some(links.phone_number(n.id)),
        id: Some(NumericId::from(n.id.get())),
        country: country(n.number, links),
        caller_id_name: dir.extension_name(n.holder).filter(|_| is_company(n)).map(str::to_owned),
        extension,
        phone_number: Some(n.number.to_string()),
        primary: Some(false),
        status: Some(PhoneNumberStatus::Normal),
        number_type: Some(PhoneNumberType::VoiceFax),
        usage_type: Some(usage(n.usage)),
        features: Some(number_features(n.features)),
        ..UserPhoneNumberInfo::default()
    }
}

/// `GET /extension/{id}/phone-number`: the numbers listed for `ext`, filtered by `usageType`
/// and `status`, one page, with the page's absolute `uri`. The extension's own numbers carry no
/// `extension` block (seed 002 tells a site's own numbers from its IVR menus' that way).
pub fn extension_phone_numbers(
    dir: &d::Directory,
    ext: d::ExtensionId,
    q: &ListExtensionPhoneNumbersParameters,
    links: &Links,
) -> GetExtensionPhoneNumbersResponse {
    let records: Vec<UserPhoneNumberInfo> = dir
        .numbers_listed_for(ext)
        .into_iter()
        .filter(|n| q.usage_type.is_empty() || q.usage_type.contains(&usage(n.usage)))
        .filter(|_| q.status.as_ref().is_none_or(|s| *s == PhoneNumberStatus::Normal))
        .map(|n| {
            let mut record = user_phone_number(n, dir, links);
            if n.holder == ext {
                record.extension = None;
            }
            record
        })
        .collect();
    let asked = config_page(q.page, q.per_page);
    let uri = links.extension_phone_numbers(ext, asked.page(), asked.per_page());
    let page = asked.apply(records);
    GetExtensionPhoneNumbersResponse {
        uri: Some(uri),
        records: page.records,
        navigation: PageNavigationModel::default(),
        paging: paging(&page.paging),
    }
}

fn holder_status(dir: &d::Directory, holder: d::ExtensionId) -> ExtensionStatus {
    match dir.user(holder).map(|u| u.status) {
        Some(d::ExtensionStatus::Disabled) => ExtensionStatus::Disabled,
        Some(d::ExtensionStatus::Frozen) => ExtensionStatus::Frozen,
        _ => ExtensionStatus::Enabled,
    }
}

/// An account number (v2 `AccountPhoneNumberInfo`): every number but the company ones names
/// the extension holding it.
pub fn account_phone_number(n: &d::NumberRecord, dir: &d::Directory) -> AccountPhoneNumberInfo {
    let extension = (!is_company(n)).then(|| AccountPhoneNumberInfoExtension {
        id: Some(n.holder.to_string()),
        extension_number: dir
            .user(n.holder)
            .map(|u| u.extension_number.clone())
            .or_else(|| dir.resource(n.holder).and_then(|r| r.extension_number.clone())),
        name: dir.extension_name(n.holder).map(str::to_owned),
        extension_type: extension_type(dir, n.holder),
    });
    AccountPhoneNumberInfo {
        id: n.id.to_string(),
        phone_number: n.number.to_string(),
        number_type: Some(PhoneNumberType::VoiceFax),
        toll_type: toll_type(n.number),
        usage_type: usage(n.usage),
        status: PhoneNumberStatus::Normal,
        byoc_number: Some(false),
        caller_id_name: None,
        label: None,
        primary: None,
        extension,
    }
}

/// `*` stands for any one digit; otherwise the number must match exactly.
fn matches_pattern(pattern: &str, number: &str) -> bool {
    pattern.len() == number.len() && pattern.bytes().zip(number.bytes()).all(|(p, c)| p == b'*' || p == c)
}

/// `GET /restapi/v2/accounts/~/phone-numbers`: the account's numbers, filtered, one page. All
/// numbers are VoiceFax, Normal, neither BYOC nor mobile.
pub fn account_phone_numbers(dir: &d::Directory, q: &ListAccountPhoneNumbersV2Parameters) -> AccountPhoneNumberList {
    let records: Vec<AccountPhoneNumberInfo> = dir
        .numbers()
        .iter()
        .filter(|n| q.usage_type.is_empty() || q.usage_type.contains(&usage(n.usage)))
        .filter(|_| q.types.is_empty() || q.types.contains(&PhoneNumberType::VoiceFax))
        .filter(|_| q.status.as_ref().is_none_or(|s| *s == PhoneNumberStatus::Normal))
        .filter(|n| q.toll_type.as_ref().is_none_or(|t| *t == toll_type(n.number)))
        .filter(|n| q.extension_status.as_ref().is_none_or(|s| *s == holder_status(dir, n.holder)))
        .filter(|_| q.byoc_number != Some(true) && q.mobile_number != Some(true))
        .filter(|n| q.phone_number.as_deref().is_none_or(|p| matches_pattern(p, &n.number.to_string())))
        .map(|n| account_phone_number(n, dir))
        .collect();
    let page = config_page(q.page, q.per_page).apply(records);
    AccountPhoneNumberList { records: page.records, paging: paging(&page.paging) }
}
