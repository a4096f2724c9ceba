//! The account's configuration as the API shows it: features, extensions, call queues, sites,
//! SMS recipients, and classic SMS in the message store.

use crate::link::Links;
use rcthreads_domain as d;

use super::records::paging;
use super::values::{wire_direction, wire_message_status};
use super::{config_page, resource_type};
use crate::classic::{
    GetMessageInfoResponse, GetMessageList, MessageAvailability, MessageStoreCallerInfo, MessageType,
    MessagingPagingInfo, ReadStatus,
};
use crate::extension::{
    CallQueueInfo, CallQueueList, ExtensionStatus, ExtensionType, GetExtensionListInfoResponse,
    GetExtensionListResponse, ProvisioningSiteInfo, SiteInfo, SitesList,
};
use crate::feature::{
    CALL_QUEUE_SUPPORTED, FeatureInfo, FeatureList, FeatureReasonCode, MESSAGE_THREADS, ParamsInfo, ReasonInfo,
    SITE_SUPPORTED, SMS,
};
use crate::id::NumericId;
use crate::paging::PageNavigationModel;
use crate::query::{ListExtensionsParameters, ReadExtensionFeaturesParameters};
use crate::recipient::{SmsRecipient, SmsRecipientsResource};
use crate::thread::OwnerResource;

fn param(name: &str, on: bool) -> ParamsInfo {
    ParamsInfo { name: Some(name.to_owned()), value: Some(on.to_string()) }
}

fn unavailable(id: &str, code: FeatureReasonCode, message: &str) -> FeatureInfo {
    FeatureInfo {
        id: id.to_owned(),
        available: false,
        params: None,
        reason: Some(ReasonInfo { code: Some(code), message: Some(message.to_owned()), permission: None }),
    }
}

fn message_threads(s: d::ThreadMessagingSettings) -> FeatureInfo {
    if !s.enabled {
        let message = "The feature is unavailable for the current service plan";
        return unavailable(MESSAGE_THREADS, FeatureReasonCode::ServicePlanLimitation, message);
    }
    FeatureInfo {
        id: MESSAGE_THREADS.to_owned(),
        available: true,
        params: Some(vec![param(CALL_QUEUE_SUPPORTED, s.call_queues), param(SITE_SUPPORTED, s.sites)]),
        reason: None,
    }
}

fn sms(dir: &d::Directory, extension: d::ExtensionId) -> FeatureInfo {
    if dir.can_send_sms(extension) {
        return FeatureInfo { id: SMS.to_owned(), available: true, params: None, reason: None };
    }
    let message = "The extension has no phone number with the SmsSender feature";
    unavailable(SMS, FeatureReasonCode::ExtensionLimitation, message)
}

/// The feature check of `extension`: `MessageThreads` as the account's switches say, `SMS`
/// when the extension may send classic SMS from a number with `SmsSender`; any other id is
/// unavailable. No ids asks for every feature this service knows; `availableOnly=true` leaves
/// out the unavailable ones. Unavailable features say why (`reason`).
pub fn features(dir: &d::Directory, extension: d::ExtensionId, q: &ReadExtensionFeaturesParameters) -> FeatureList {
    let known = [MESSAGE_THREADS.to_owned(), SMS.to_owned()];
    let ids = if q.feature_id.is_empty() { &known[..] } else { &q.feature_id[..] };
    let records = ids
        .iter()
        .map(|id| match id.as_str() {
            MESSAGE_THREADS => message_threads(dir.settings()),
            SMS => sms(dir, extension),
            _ => unavailable(id, FeatureReasonCode::ServicePlanLimitation, "The feature is not provided"),
        })
        .filter(|f| f.available || q.available_only != Some(true))
        .collect();
    FeatureList { records }
}

fn user_status(s: d::ExtensionStatus) -> ExtensionStatus {
    match s {
        d::ExtensionStatus::Enabled => ExtensionStatus::Enabled,
        d::ExtensionStatus::Disabled => ExtensionStatus::Disabled,
        d::ExtensionStatus::Frozen => ExtensionStatus::Frozen,
    }
}

/// The site an IVR menu belongs to. The main site goes without an id: seed 002's program tells
/// sub-site menus (`site.id` present) from the main site's that way.
fn site_of(dir: &d::Directory, site: d::ExtensionId) -> Option<ProvisioningSiteInfo> {
    let r = dir.resource(site)?;
    Some(ProvisioningSiteInfo {
        id: (r.kind == d::ResourceKind::SubSite).then(|| r.id.to_string()),
        name: Some(r.name.clone()),
        ..ProvisioningSiteInfo::default()
    })
}

fn resource_info(dir: &d::Directory, r: &d::Resource, links: &Links) -> GetExtensionListInfoResponse {
    GetExtensionListInfoResponse {
        uri: Some(links.extension(r.id)),
        id: Some(NumericId::from(r.id.get())),
        extension_number: r.extension_number.clone(),
        name: Some(r.name.clone()),
        status: Some(ExtensionStatus::Enabled),
        extension_type: Some(resource_type(r.kind)),
        site: match r.kind {
            d::ResourceKind::IvrMenu { site } => site_of(dir, site),
            _ => None,
        },
        ..GetExtensionListInfoResponse::default()
    }
}

fn user_info(u: &d::User, links: &Links) -> GetExtensionListInfoResponse {
    GetExtensionListInfoResponse {
        uri: Some(links.extension(u.id)),
        id: Some(NumericId::from(u.id.get())),
        extension_number: Some(u.extension_number.clone()),
        name: Some(u.name.clone()),
        status: Some(user_status(u.status)),
        extension_type: Some(ExtensionType::User),
        ..GetExtensionListInfoResponse::default()
    }
}

/// One extension of the list: a user, a call queue (`Department`), a site (main or sub, `Site`)
/// or an IVR menu (`IvrMenu`, with its site); its `uri` is absolute.
pub fn extension_info(dir: &d::Directory, id: d::ExtensionId, links: &Links) -> Option<GetExtensionListInfoResponse> {
    dir.user(id).map(|u| user_info(u, links)).or_else(|| dir.resource(id).map(|r| resource_info(dir, r, links)))
}

/// Whether a `type` filter value selects an extension. `CompanyExtension` is the main site
/// only; `Site` is every site, the main one included.
fn type_selects(t: &ExtensionType, kind: Option<d::ResourceKind>) -> bool {
    use d::ResourceKind as K;
    matches!(
        (t, kind),
        (ExtensionType::User, None)
            | (ExtensionType::Department, Some(K::CallQueue))
            | (ExtensionType::Site, Some(K::MainSite | K::SubSite))
            | (ExtensionType::CompanyExtension, Some(K::MainSite))
            | (ExtensionType::IvrMenu, Some(K::IvrMenu { .. }))
    )
}

/// `GET /extension`: users then resources in the directory's order, filtered by `type`,
/// `status` and `extensionNumber`, one page. Nobody has an email here, so an `email` filter
/// matches nothing. Each record links itself.
pub fn extensions(dir: &d::Directory, q: &ListExtensionsParameters, links: &Links) -> GetExtensionListResponse {
    let users = dir.users().iter().map(|u| (None, user_info(u, links)));
    let resources = dir.resources().iter().map(|r| (Some(r.kind), resource_info(dir, r, links)));
    let records: Vec<GetExtensionListInfoResponse> = users
        .chain(resources)
        .filter(|(kind, _)| q.types.is_empty() || q.types.iter().any(|t| type_selects(t, *kind)))
        .map(|(_, info)| info)
        .filter(|i| q.status.is_empty() || i.status.as_ref().is_some_and(|s| q.status.contains(s)))
        .filter(|i| q.extension_number.is_none() || i.extension_number == q.extension_number)
        .filter(|_| q.email.is_empty())
        .collect();
    let page = config_page(q.page, q.per_page).apply(records);
    GetExtensionListResponse {
        uri: None,
        records: page.records,
        navigation: Some(PageNavigationModel::default()),
        paging: Some(paging(&page.paging)),
    }
}

/// `GET /call-queues`: every call queue, on one page.
pub fn call_queues(dir: &d::Directory) -> CallQueueList {
    let records: Vec<CallQueueInfo> = dir
        .resources()
        .iter()
        .filter(|r| r.kind == d::ResourceKind::CallQueue)
        .map(|r| CallQueueInfo {
            id: Some(r.id.to_string()),
            extension_number: r.extension_number.clone(),
            name: Some(r.name.clone()),
            status: Some(ExtensionStatus::Enabled),
            ..CallQueueInfo::default()
        })
        .collect();
    let page = config_page(Some(1), Some(d::MAX_PER_PAGE)).apply(records);
    CallQueueList {
        uri: None,
        records: page.records,
        navigation: Some(PageNavigationModel::default()),
        paging: Some(paging(&page.paging)),
    }
}

/// `GET /sites`: the sub-sites, on one page (the main site is the `CompanyExtension`).
pub fn sites(dir: &d::Directory) -> SitesList {
    let records: Vec<SiteInfo> = dir
        .resources()
        .iter()
        .filter(|r| r.kind == d::ResourceKind::SubSite)
        .map(|r| SiteInfo {
            id: Some(r.id.to_string()),
            name: Some(r.name.clone()),
            extension_number: r.extension_number.clone(),
            ..SiteInfo::default()
        })
        .collect();
    let page = config_page(Some(1), Some(d::MAX_PER_PAGE)).apply(records);
    SitesList {
        uri: None,
        records: page.records,
        navigation: Some(PageNavigationModel::default()),
        paging: Some(paging(&page.paging)),
    }
}

/// `GET /extension/{resourceId}/sms-recipients`: the handlers in seed 002's shape (`id`,
/// `extensionNumber`, `name`, `assignable`, `hasLicense`). An IVR menu answers with its site's.
pub fn sms_recipients(r: &d::Resource, dir: &d::Directory) -> SmsRecipientsResource {
    let handlers = dir.handling_resource(r.id).map_or(&r.handlers[..], |h| &h.handlers[..]);
    let sms_recipients = handlers
        .iter()
        .map(|h| {
            let user = dir.user(h.extension);
            SmsRecipient {
                id: Some(h.extension.to_string()),
                extension_number: user.map(|u| u.extension_number.clone()),
                // Handlers are always users of the account.
                extension_type: Some(ExtensionType::User),
                name: user.map(|u| u.name.clone()),
                assignable: Some(h.assignable),
                has_license: Some(h.has_license),
            }
        })
        .collect();
    SmsRecipientsResource { sms_recipients }
}

/// A party of a classic SMS: the number, and the user's name and extension number when a user
/// of the account holds it.
fn caller(n: d::PhoneNumber, dir: &d::Directory) -> MessageStoreCallerInfo {
    let user = dir.number(n).and_then(|r| dir.user(r.holder));
    MessageStoreCallerInfo {
        phone_number: Some(n.to_string()),
        name: user.map(|u| u.name.clone()),
        extension_number: user.map(|u| u.extension_number.clone()),
        ..MessageStoreCallerInfo::default()
    }
}

/// A classic SMS as its message store shows it (`type: SMS`, the text as `subject`). A call
/// queue's store names the queue as `owner`.
pub fn stored_sms(s: &d::StoredSms, dir: &d::Directory) -> GetMessageInfoResponse {
    let time = s.created.to_datetime();
    let owner = dir.resource(s.store).map(|r| OwnerResource {
        extension_id: Some(r.id.to_string()),
        name: Some(r.name.clone()),
        extension_type: Some(resource_type(r.kind)),
    });
    GetMessageInfoResponse {
        id: NumericId::from(s.id.get()),
        uri: None,
        extension_id: Some(s.store.to_string()),
        availability: Some(MessageAvailability::Alive),
        conversation_id: None,
        creation_time: Some(time),
        delivery_error_code: None,
        segment_count: None,
        direction: Some(wire_direction(s.direction)),
        from: Some(caller(s.from, dir)),
        last_modified_time: Some(time),
        message_status: Some(wire_message_status(s.status)),
        // The sender has read what they wrote.
        read_status: Some(if s.direction == d::Direction::Outbound { ReadStatus::Read } else { ReadStatus::Unread }),
        sms_delivery_time: None,
        sms_sending_attempts_count: None,
        subject: Some(s.text.clone()),
        to: Some(s.to.iter().map(|&n| caller(n, dir)).collect()),
        message_type: Some(MessageType::Sms),
        owner,
    }
}

/// A message store listing: all records on one page (stores in the mock stay small).
pub fn message_store_list(records: Vec<GetMessageInfoResponse>) -> GetMessageList {
    let n = u32::try_from(records.len()).unwrap_or(u32::MAX);
    GetMessageList {
        uri: None,
        navigation: PageNavigationModel::default(),
        paging: MessagingPagingInfo {
            page: Some(1),
            per_page: Some(n.max(1)),
            page_start: (n > 0).then_some(0),
            page_end: n.checked_sub(1),
            total_pages: Some(u32::from(n > 0)),
            total_elements: Some(n),
        },
        records,
    }
}
