//! Query strings of the list and sync endpoints: parsed from the raw query, rendered back.
//!
//! Parsing is what a server does: unknown keys are ignored, a bad value is a 400 `CMN-101`
//! naming the parameter, a missing one a 400 `CMN-100`. Rendering is what the official SDKs send:
//! arrays as repeated keys (`ownerExtensionIds=a&ownerExtensionIds=b`), times as RFC 3339 UTC
//! with milliseconds, absent fields left out.
//!
//! Reading is forgiving where clients differ: an array may also come comma-separated
//! (`ownerExtensionIds=a,b`), an empty value (`threadStatus=`) counts as absent, a repeated
//! single-valued key takes its last value, and a time without a zone is UTC.

use chrono::{DateTime, Utc};

use crate::classic::{MessageAvailability, MessageType, ReadStatus};
use crate::entry::SyncEntriesScope;
use crate::error::ErrorResponse;
use crate::extension::{ExtensionStatus, ExtensionType};
use crate::message::Direction;
use crate::phone_number::{PhoneNumberStatus, PhoneNumberType, PhoneNumberUsageType, TollType};
use crate::string_enum::StringEnum;
use crate::sync::SyncType;
use crate::thread::{Availability, ThreadStatus};

// The domain's paging bounds: a server checks them there, a client reads them here.
pub use rcthreads_domain::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
/// Page when `page` is absent (pages are 1-based).
pub const DEFAULT_PAGE: u32 = 1;

/// A typed query: parse it from a raw query string, render it back.
pub trait QueryString: Sized {
    /// Reads a raw query (`a=1&b=2`, with or without the leading `?`).
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse>;

    /// Renders the query as the official SDKs send it (no leading `?`; empty when nothing is set).
    fn to_query(&self) -> String;
}

/// Query of `GET /message-threads` (`MthListThreadsParameters`).
///
/// Defaults: `availability` Alive, `page` 1, `perPage` 100 (see the `*_or_default` methods);
/// `creationTimeFrom` and `creationTimeTo` come together or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MthListThreadsParameters {
    /// Only threads with this status; both when absent.
    pub thread_status: Option<ThreadStatus>,
    /// Only threads of these resources; every resource the caller handles when empty.
    pub owner_extension_ids: Vec<String>,
    /// Created at or after this time.
    pub creation_time_from: Option<DateTime<Utc>>,
    /// Created before this time.
    pub creation_time_to: Option<DateTime<Utc>>,
    /// Only threads of this shared number (E.164).
    pub owner_phone_number: Option<String>,
    /// Only threads with this outside number (E.164).
    pub guest_phone_number: Option<String>,
    /// Alive, Deleted or both; Alive when empty.
    pub availability: Vec<Availability>,
    /// Page size, 1 to 1000.
    pub per_page: Option<u32>,
    /// Page, 1-based.
    pub page: Option<u32>,
}

/// Query of `GET /message-threads/messages` (`MthListMessagesParameters`).
///
/// Same defaults and time-range rule as [`MthListThreadsParameters`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MthListMessagesParameters {
    /// Only messages of threads with this status.
    pub thread_status: Option<ThreadStatus>,
    /// Only messages of threads of these resources.
    pub owner_extension_ids: Vec<String>,
    /// Alive, Deleted or both; Alive when empty.
    pub availability: Vec<Availability>,
    /// Only these messages.
    pub message_ids: Vec<String>,
    /// Only messages of these threads.
    pub thread_ids: Vec<String>,
    /// Created at or after this time.
    pub creation_time_from: Option<DateTime<Utc>>,
    /// Created before this time.
    pub creation_time_to: Option<DateTime<Utc>>,
    /// Page size, 1 to 1000.
    pub per_page: Option<u32>,
    /// Page, 1-based.
    pub page: Option<u32>,
}

/// Query of `GET /message-threads/notes` (`MthListNotesParameters`); defaults as above.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MthListNotesParameters {
    /// Only notes of threads of these resources.
    pub owner_extension_ids: Vec<String>,
    /// Alive, Deleted or both; Alive when empty.
    pub availability: Vec<Availability>,
    /// Only notes of these threads.
    pub thread_ids: Vec<String>,
    /// Only these notes.
    pub note_ids: Vec<String>,
    /// Page size, 1 to 1000.
    pub per_page: Option<u32>,
    /// Page, 1-based.
    pub page: Option<u32>,
}

/// Query of `GET /message-threads/sync` (`MthSyncThreadsParameters`).
///
/// `syncType` defaults to FSync; ISync needs `syncToken` (CMN-100 without it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MthSyncThreadsParameters {
    /// FSync or ISync.
    pub sync_type: Option<SyncType>,
    /// The token of the previous sync (ISync only).
    pub sync_token: Option<String>,
}

/// Query of `GET /message-threads/entries/sync` (`MthSyncEntriesParameters`).
///
/// `syncType` defaults to FSync, `scope` to AssignedToMe; ISync needs `syncToken` and the
/// `Explicit` scope needs `threadIds` (CMN-100 without them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MthSyncEntriesParameters {
    /// Which threads an FSync covers.
    pub scope: Option<SyncEntriesScope>,
    /// The threads of the `Explicit` scope.
    pub thread_ids: Vec<String>,
    /// FSync or ISync.
    pub sync_type: Option<SyncType>,
    /// The token of the previous sync (ISync only).
    pub sync_token: Option<String>,
}

/// Query of `GET /restapi/v1.0/account/~/extension/{id}/message-store` (`ListMessagesParameters`):
/// its enum filters, each repeatable; all values when empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListMessagesParameters {
    /// Only these availabilities (`Alive`, `Deleted`, `Purged`).
    pub availability: Vec<MessageAvailability>,
    /// Only these directions.
    pub direction: Vec<Direction>,
    /// Only these types (`SMS`, `Fax`...).
    pub message_type: Vec<MessageType>,
    /// Only these read statuses.
    pub read_status: Vec<ReadStatus>,
}

impl ListMessagesParameters {
    /// Whether a record passes every filter (a filter the record leaves unset excludes it).
    pub fn admits(&self, r: &crate::classic::GetMessageInfoResponse) -> bool {
        fn pass<T: PartialEq>(filter: &[T], value: Option<&T>) -> bool {
            filter.is_empty() || value.is_some_and(|v| filter.contains(v))
        }
        pass(&self.availability, r.availability.as_ref())
            && pass(&self.direction, r.direction.as_ref())
            && pass(&self.message_type, r.message_type.as_ref())
            && pass(&self.read_status, r.read_status.as_ref())
    }
}

/// Query of `GET /restapi/v1.0/account/~/extension` (`ListExtensionsParameters`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListExtensionsParameters {
    /// Only this short number.
    pub extension_number: Option<String>,
    /// Only these emails.
    pub email: Vec<String>,
    /// Page, 1-based (default 1).
    pub page: Option<u32>,
    /// Page size (default 100).
    pub per_page: Option<u32>,
    /// Only these statuses; all when empty.
    pub status: Vec<ExtensionStatus>,
    /// Only these types (`type=User&type=Department&type=CompanyExtension`...); all when empty.
    pub types: Vec<ExtensionType>,
}

/// Query of `GET /restapi/v1.0/account/~/extension/{id}/phone-number`
/// (`ListExtensionPhoneNumbersParameters`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListExtensionPhoneNumbersParameters {
    /// Only numbers with this status.
    pub status: Option<PhoneNumberStatus>,
    /// Only these usage types (repeatable); all when empty.
    pub usage_type: Vec<PhoneNumberUsageType>,
    /// Page, 1-based (default 1).
    pub page: Option<u32>,
    /// Page size (default 100).
    pub per_page: Option<u32>,
}

/// Query of `GET /restapi/v2/accounts/~/phone-numbers` (`ListAccountPhoneNumbersV2Parameters`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAccountPhoneNumbersV2Parameters {
    /// Page, 1-based (default 1).
    pub page: Option<u32>,
    /// Page size (default 100).
    pub per_page: Option<u32>,
    /// Only these voice / fax types.
    pub types: Vec<PhoneNumberType>,
    /// Only these usage types (repeatable).
    pub usage_type: Vec<PhoneNumberUsageType>,
    /// Only numbers with this status.
    pub status: Option<PhoneNumberStatus>,
    /// Only toll or toll-free numbers.
    pub toll_type: Option<TollType>,
    /// Only numbers of extensions with this status.
    pub extension_status: Option<ExtensionStatus>,
    /// Only BYOC numbers (or only others).
    pub byoc_number: Option<bool>,
    /// Only mobile numbers (or only others).
    pub mobile_number: Option<bool>,
    /// A number in E.164, where `*` matches any digit (`+165012345**`).
    pub phone_number: Option<String>,
}

/// Query of `GET /restapi/v1.0/account/~/extension/~/features` (`ReadExtensionFeaturesParameters`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadExtensionFeaturesParameters {
    /// Only available features.
    pub available_only: Option<bool>,
    /// Only these features (`featureId=MessageThreads`); all when empty.
    pub feature_id: Vec<String>,
}

crate::string_enum::string_enum! {
    /// How the bytes of an attachment are offered (`contentDisposition`): shown in place or
    /// saved as a file. The answer's `Content-Disposition` header says the same.
    pub enum ContentDisposition {
        /// Displayed in the browser.
        Inline = "Inline",
        /// Downloaded and saved.
        Attachment = "Attachment",
    }
}

/// Query of `GET /message-threads/messages/{messageId}/content/{attachmentId}`
/// (`MthReadMessageContentParameters`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MthReadMessageContentParameters {
    /// Shown in place or downloaded.
    pub content_disposition: Option<ContentDisposition>,
    /// The default file name of a download.
    pub content_disposition_filename: Option<String>,
}

macro_rules! paging_defaults {
    ($($t:ty),+) => {$(
        impl $t {
            /// `perPage`, or its default (100).
            pub fn per_page_or_default(&self) -> u32 {
                self.per_page.unwrap_or(DEFAULT_PER_PAGE)
            }

            /// `page`, or its default (1).
            pub fn page_or_default(&self) -> u32 {
                self.page.unwrap_or(DEFAULT_PAGE)
            }
        }
    )+};
}

paging_defaults!(
    MthListThreadsParameters,
    MthListMessagesParameters,
    MthListNotesParameters,
    ListExtensionsParameters,
    ListExtensionPhoneNumbersParameters,
    ListAccountPhoneNumbersV2Parameters
);

macro_rules! availability_default {
    ($($t:ty),+) => {$(
        impl $t {
            /// The availabilities asked for, or `[Alive]` when none were.
            pub fn availability_or_default(&self) -> Vec<Availability> {
                if self.availability.is_empty() { vec![Availability::Alive] } else { self.availability.clone() }
            }
        }
    )+};
}

availability_default!(MthListThreadsParameters, MthListMessagesParameters, MthListNotesParameters);

impl QueryString for MthListThreadsParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        let (creation_time_from, creation_time_to) = p.time_range()?;
        Ok(Self {
            thread_status: p.enum_one("threadStatus")?,
            owner_extension_ids: p.strings("ownerExtensionIds"),
            creation_time_from,
            creation_time_to,
            owner_phone_number: p.e164("ownerPhoneNumber")?,
            guest_phone_number: p.e164("guestPhoneNumber")?,
            availability: p.enum_many("availability")?,
            per_page: p.per_page()?,
            page: p.page()?,
        })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("threadStatus", self.thread_status.as_ref());
        w.many("ownerExtensionIds", &self.owner_extension_ids);
        w.time("creationTimeFrom", self.creation_time_from.as_ref());
        w.time("creationTimeTo", self.creation_time_to.as_ref());
        w.one("ownerPhoneNumber", self.owner_phone_number.as_ref());
        w.one("guestPhoneNumber", self.guest_phone_number.as_ref());
        w.many("availability", &self.availability);
        w.one("perPage", self.per_page.as_ref());
        w.one("page", self.page.as_ref());
        w.finish()
    }
}

impl QueryString for MthListMessagesParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        let (creation_time_from, creation_time_to) = p.time_range()?;
        Ok(Self {
            thread_status: p.enum_one("threadStatus")?,
            owner_extension_ids: p.strings("ownerExtensionIds"),
            availability: p.enum_many("availability")?,
            message_ids: p.strings("messageIds"),
            thread_ids: p.strings("threadIds"),
            creation_time_from,
            creation_time_to,
            per_page: p.per_page()?,
            page: p.page()?,
        })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("threadStatus", self.thread_status.as_ref());
        w.many("ownerExtensionIds", &self.owner_extension_ids);
        w.many("availability", &self.availability);
        w.many("messageIds", &self.message_ids);
        w.many("threadIds", &self.thread_ids);
        w.time("creationTimeFrom", self.creation_time_from.as_ref());
        w.time("creationTimeTo", self.creation_time_to.as_ref());
        w.one("perPage", self.per_page.as_ref());
        w.one("page", self.page.as_ref());
        w.finish()
    }
}

impl QueryString for MthListNotesParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        Ok(Self {
            owner_extension_ids: p.strings("ownerExtensionIds"),
            availability: p.enum_many("availability")?,
            thread_ids: p.strings("threadIds"),
            note_ids: p.strings("noteIds"),
            per_page: p.per_page()?,
            page: p.page()?,
        })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.many("ownerExtensionIds", &self.owner_extension_ids);
        w.many("availability", &self.availability);
        w.many("threadIds", &self.thread_ids);
        w.many("noteIds", &self.note_ids);
        w.one("perPage", self.per_page.as_ref());
        w.one("page", self.page.as_ref());
        w.finish()
    }
}

impl QueryString for MthSyncThreadsParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        let sync_type = p.enum_one("syncType")?;
        let sync_token = p.last("syncToken").map(str::to_owned);
        require_token(sync_type.as_ref(), sync_token.as_ref())?;
        Ok(Self { sync_type, sync_token })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("syncType", self.sync_type.as_ref());
        w.one("syncToken", self.sync_token.as_ref());
        w.finish()
    }
}

impl QueryString for MthSyncEntriesParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        let scope = p.enum_one("scope")?;
        let thread_ids = p.strings("threadIds");
        let sync_type = p.enum_one("syncType")?;
        let sync_token = p.last("syncToken").map(str::to_owned);
        require_token(sync_type.as_ref(), sync_token.as_ref())?;
        if scope == Some(SyncEntriesScope::Explicit) && thread_ids.is_empty() {
            return Err(ErrorResponse::missing_parameter("threadIds"));
        }
        Ok(Self { scope, thread_ids, sync_type, sync_token })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("scope", self.scope.as_ref());
        w.many("threadIds", &self.thread_ids);
        w.one("syncType", self.sync_type.as_ref());
        w.one("syncToken", self.sync_token.as_ref());
        w.finish()
    }
}

impl QueryString for ListMessagesParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        Ok(Self {
            availability: p.enum_many("availability")?,
            direction: p.enum_many("direction")?,
            message_type: p.enum_many("messageType")?,
            read_status: p.enum_many("readStatus")?,
        })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.many("availability", &self.availability);
        w.many("direction", &self.direction);
        w.many("messageType", &self.message_type);
        w.many("readStatus", &self.read_status);
        w.finish()
    }
}

impl QueryString for ListExtensionsParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        Ok(Self {
            extension_number: p.last("extensionNumber").map(str::to_owned),
            email: p.strings("email"),
            page: p.page()?,
            per_page: p.per_page()?,
            status: p.enum_many("status")?,
            types: p.enum_many("type")?,
        })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("extensionNumber", self.extension_number.as_ref());
        w.many("email", &self.email);
        w.one("page", self.page.as_ref());
        w.one("perPage", self.per_page.as_ref());
        w.many("status", &self.status);
        w.many("type", &self.types);
        w.finish()
    }
}

impl QueryString for ListExtensionPhoneNumbersParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        Ok(Self {
            status: p.enum_one("status")?,
            usage_type: p.enum_many("usageType")?,
            page: p.page()?,
            per_page: p.per_page()?,
        })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("status", self.status.as_ref());
        w.many("usageType", &self.usage_type);
        w.one("page", self.page.as_ref());
        w.one("perPage", self.per_page.as_ref());
        w.finish()
    }
}

impl QueryString for ListAccountPhoneNumbersV2Parameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        let phone_number = p.last("phoneNumber");
        if let Some(n) = phone_number {
            if !is_number_pattern(n) {
                return Err(ErrorResponse::invalid_parameter("phoneNumber", Some(n)));
            }
        }
        Ok(Self {
            page: p.page()?,
            per_page: p.per_page()?,
            types: p.enum_many("type")?,
            usage_type: p.enum_many("usageType")?,
            status: p.enum_one("status")?,
            toll_type: p.enum_one("tollType")?,
            extension_status: p.enum_one("extensionStatus")?,
            byoc_number: p.boolean("byocNumber")?,
            mobile_number: p.boolean("mobileNumber")?,
            phone_number: phone_number.map(str::to_owned),
        })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("page", self.page.as_ref());
        w.one("perPage", self.per_page.as_ref());
        w.many("type", &self.types);
        w.many("usageType", &self.usage_type);
        w.one("status", self.status.as_ref());
        w.one("tollType", self.toll_type.as_ref());
        w.one("extensionStatus", self.extension_status.as_ref());
        w.one("byocNumber", self.byoc_number.as_ref());
        w.one("mobileNumber", self.mobile_number.as_ref());
        w.one("phoneNumber", self.phone_number.as_ref());
        w.finish()
    }
}

impl QueryString for ReadExtensionFeaturesParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        Ok(Self { available_only: p.boolean("availableOnly")?, feature_id: p.strings("featureId") })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("availableOnly", self.available_only.as_ref());
        w.many("featureId", &self.feature_id);
        w.finish()
    }
}

impl QueryString for MthReadMessageContentParameters {
    fn parse_query(raw: &str) -> Result<Self, ErrorResponse> {
        let p = Params::parse(raw);
        Ok(Self {
            content_disposition: p.enum_one("contentDisposition")?,
            content_disposition_filename: p.last("contentDispositionFilename").map(str::to_owned),
        })
    }

    fn to_query(&self) -> String {
        let mut w = Writer::new();
        w.one("contentDisposition", self.content_disposition.as_ref());
        w.one("contentDispositionFilename", self.content_disposition_filename.as_ref());
        w.finish()
    }
}

/// Whether `s` is an E.164 number: `+`, then 2 to 15 digits, the first not 0.
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else { return false };
    (2..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

/// E.164 where `*` may stand for any digit (the v2 number search).
fn is_number_pattern(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else { return false };
    (1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit() || b == b'*')
}

fn require_token(sync_type: Option<&SyncType>, token: Option<&String>) -> Result<(), ErrorResponse> {
    if sync_type == Some(&SyncType::ISync) && token.is_none() {
        return Err(ErrorResponse::missing_parameter("syncToken"));
    }
    Ok(())
}

/// `creationTimeFrom` and `creationTimeTo` as read.
type TimeRange = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The decoded pairs of a raw query, with typed readers that answer CMN-100 / CMN-101.
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub(crate) fn parse(raw: &str) -> Self {
        let raw = raw.strip_prefix('?').unwrap_or(raw);
        Self { pairs: form_urlencoded::parse(raw.as_bytes()).into_owned().collect() }
    }

    /// The last non-empty value of a single-valued key.
    pub(crate) fn last(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, v)| k == key && !v.is_empty()).map(|(_, v)| v.as_str())
    }

    /// Every value of an array key, repeated or comma-separated, empty ones dropped.
    fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn strings(&self, key: &str) -> Vec<String> {
        self.all(key).into_iter().map(str::to_owned).collect()
    }

    fn enum_one<T: StringEnum>(&self, key: &str) -> Result<Option<T>, ErrorResponse> {
        self.last(key)
            .map(|v| T::from_known(v).ok_or_else(|| ErrorResponse::invalid_parameter(key, Some(v))))
            .transpose()
    }

    fn enum_many<T: StringEnum>(&self, key: &str) -> Result<Vec<T>, ErrorResponse> {
        self.all(key)
            .into_iter()
            .map(|v| T::from_known(v).ok_or_else(|| ErrorResponse::invalid_parameter(key, Some(v))))
            .collect()
    }

    fn number(&self, key: &str, range: std::ops::RangeInclusive<u32>) -> Result<Option<u32>, ErrorResponse> {
        self.last(key)
            .map(|v| match v.parse::<u32>() {
                Ok(n) if range.contains(&n) => Ok(n),
                _ => Err(ErrorResponse::invalid_parameter(key, Some(v))),
            })
            .transpose()
    }

    fn page(&self) -> Result<Option<u32>, ErrorResponse> {
        self.number("page", 1..=u32::MAX)
    }

    /// Above the maximum is not an error: the domain's `Page` resets it to the maximum.
    fn per_page(&self) -> Result<Option<u32>, ErrorResponse> {
        self.number("perPage", 1..=u32::MAX)
    }

    fn boolean(&self, key: &str) -> Result<Option<bool>, ErrorResponse> {
        self.last(key)
            .map(|v| match v {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(ErrorResponse::invalid_parameter(key, Some(v))),
            })
            .transpose()
    }

    fn time(&self, key: &str) -> Result<Option<DateTime<Utc>>, ErrorResponse> {
        self.last(key)
            .map(|v| crate::time::parse(v).map_err(|_| ErrorResponse::invalid_parameter(key, Some(v))))
            .transpose()
    }

    /// A phone number. The Python SDK (`ringcentral` 0.9) does not percent-encode query values,
    /// so `+16505550100` arrives as ` 16505550100`: a leading space stands for the `+`.
    fn e164(&self, key: &str) -> Result<Option<String>, ErrorResponse> {
        match self.last(key) {
            Some(v) if v.starts_with(' ') && is_e164(&format!("+{}", &v[1..])) => Ok(Some(format!("+{}", &v[1..]))),
            Some(v) if !is_e164(v) => Err(ErrorResponse::invalid_parameter(key, Some(v))),
            v => Ok(v.map(str::to_owned)),
        }
    }

    /// `creationTimeFrom` and `creationTimeTo`: both or neither, and not reversed.
    fn time_range(&self) -> Result<TimeRange, ErrorResponse> {
        let from = self.time("creationTimeFrom")?;
        let to = self.time("creationTimeTo")?;
        match (from, to) {
            (Some(_), None) => Err(ErrorResponse::missing_parameter("creationTimeTo")),
            (None, Some(_)) => Err(ErrorResponse::missing_parameter("creationTimeFrom")),
            (Some(f), Some(t)) if f > t => {
                Err(ErrorResponse::invalid_parameter("creationTimeFrom", self.last("creationTimeFrom")))
            }
            range => Ok(range),
        }
    }
}

/// Renders key/value pairs, percent-encoded like the SDKs do.
pub(crate) struct Writer {
    inner: form_urlencoded::Serializer<'static, String>,
}

impl Writer {
    pub(crate) fn new() -> Self {
        Self { inner: form_urlencoded::Serializer::new(String::new()) }
    }

    pub(crate) fn one<T: std::fmt::Display>(&mut self, key: &str, value: Option<&T>) {
        if let Some(v) = value {
            self.inner.append_pair(key, &v.to_string());
        }
    }

    pub(crate) fn many<T: std::fmt::Display>(&mut self, key: &str, values: &[T]) {
        for v in values {
            self.inner.append_pair(key, &v.to_string());
        }
    }

    pub(crate) fn time(&mut self, key: &str, value: Option<&DateTime<Utc>>) {
        if let Some(t) = value {
            self.inner.append_pair(key, &crate::time::format(t));
        }
    }

    pub(crate) fn finish(mut self) -> String {
        self.inner.finish()
    }
}
