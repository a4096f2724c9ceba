//! List and sync queries, both ways, each pair side by side: read from the wire into the
//! domain's filters (what a server does), and written from the domain's filters into the wire's
//! parameters (what a client does).
//!
//! Reading, a bad id or value is a 400 `CMN-101` naming the parameter; paging and time ranges are
//! checked by the domain's own constructors. Writing always sets `page` and `perPage`.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rcthreads_domain as d;

use super::values::{domain_availability, domain_status_filter, wire_availability, wire_status_filter};
use crate::entry::SyncEntriesScope;
use crate::error::ErrorResponse;
use crate::query::{
    MthListMessagesParameters, MthListNotesParameters, MthListThreadsParameters, MthSyncEntriesParameters,
    MthSyncThreadsParameters,
};
use crate::sync::SyncType;
use crate::thread::{Availability, ThreadStatus};

/// Parses every value of a list parameter (`threadIds`, `ownerExtensionIds`...); the first that
/// does not parse is a `CMN-101` naming `parameter` and echoing the value.
pub fn parse_ids<T: FromStr>(parameter: &str, values: &[String]) -> Result<Vec<T>, ErrorResponse> {
    values.iter().map(|v| parse_one(parameter, v)).collect()
}

/// Ids as the wire writes them in a list parameter or body: the inverse of [`parse_ids`].
pub fn id_strings<T: ToString>(ids: &[T]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

/// Parses one value, or answers `CMN-101` naming `parameter`.
pub(super) fn parse_one<T: FromStr>(parameter: &str, value: &str) -> Result<T, ErrorResponse> {
    value.parse().map_err(|_| ErrorResponse::invalid_parameter(parameter, Some(value)))
}

fn status(s: Option<&ThreadStatus>) -> Result<Option<d::StatusFilter>, ErrorResponse> {
    s.map(|s| domain_status_filter(s).ok_or_else(|| ErrorResponse::invalid_parameter("threadStatus", Some(s.as_str()))))
        .transpose()
}

fn availability(values: &[Availability]) -> Result<Vec<d::Availability>, ErrorResponse> {
    values
        .iter()
        .map(|a| {
            domain_availability(a).ok_or_else(|| ErrorResponse::invalid_parameter("availability", Some(a.as_str())))
        })
        .collect()
}

fn wire_availabilities(values: &[d::Availability]) -> Vec<Availability> {
    values.iter().copied().map(wire_availability).collect()
}

fn page(page: Option<u32>, per_page: Option<u32>) -> Result<d::Page, ErrorResponse> {
    Ok(d::Page::new(page.unwrap_or(1), per_page.unwrap_or(d::DEFAULT_PER_PAGE))?)
}

/// `creationTimeFrom` and `creationTimeTo`: both or neither (CMN-100 names the missing one).
fn time_range(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Result<Option<d::TimeRange>, ErrorResponse> {
    match (from, to) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(ErrorResponse::missing_parameter("creationTimeTo")),
        (None, Some(_)) => Err(ErrorResponse::missing_parameter("creationTimeFrom")),
        (Some(f), Some(t)) => Ok(Some(d::TimeRange::new(f.into(), t.into())?)),
    }
}

/// `creationTimeFrom` / `creationTimeTo` of a domain range.
fn wire_time_range(range: Option<d::TimeRange>) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    range.map_or((None, None), |r| (Some(r.start().to_datetime()), Some(r.end().to_datetime())))
}

fn phone(parameter: &str, value: Option<&String>) -> Result<Option<d::PhoneNumber>, ErrorResponse> {
    value.map(|v| parse_one(parameter, v)).transpose()
}

/// The filters of `GET /message-threads`.
pub fn thread_query(q: &MthListThreadsParameters) -> Result<d::ThreadQuery, ErrorResponse> {
    Ok(d::ThreadQuery {
        status: status(q.thread_status.as_ref())?,
        owners: parse_ids("ownerExtensionIds", &q.owner_extension_ids)?,
        created: time_range(q.creation_time_from, q.creation_time_to)?,
        owner_number: phone("ownerPhoneNumber", q.owner_phone_number.as_ref())?,
        guest_number: phone("guestPhoneNumber", q.guest_phone_number.as_ref())?,
        availability: availability(&q.availability)?,
        page: page(q.page, q.per_page)?,
    })
}

/// The parameters of `GET /message-threads` for the domain's filters.
pub fn thread_parameters(q: &d::ThreadQuery) -> MthListThreadsParameters {
    let (creation_time_from, creation_time_to) = wire_time_range(q.created);
    MthListThreadsParameters {
        thread_status: q.status.map(wire_status_filter),
        owner_extension_ids: id_strings(&q.owners),
        creation_time_from,
        creation_time_to,
        owner_phone_number: q.owner_number.map(|n| n.to_string()),
        guest_phone_number: q.guest_number.map(|n| n.to_string()),
        availability: wire_availabilities(&q.availability),
        per_page: Some(q.page.per_page()),
        page: Some(q.page.page()),
    }
}

/// The filters of `GET /message-threads/messages`.
pub fn message_query(q: &MthListMessagesParameters) -> Result<d::MessageQuery, ErrorResponse> {
    Ok(d::MessageQuery {
        thread_ids: parse_ids("threadIds", &q.thread_ids)?,
        message_ids: parse_ids("messageIds", &q.message_ids)?,
        status: status(q.thread_status.as_ref())?,
        owners: parse_ids("ownerExtensionIds", &q.owner_extension_ids)?,
        availability: availability(&q.availability)?,
        created: time_range(q.creation_time_from, q.creation_time_to)?,
        page: page(q.page, q.per_page)?,
    })
}

/// The parameters of `GET /message-threads/messages` for the domain's filters.
pub fn message_parameters(q: &d::MessageQuery) -> MthListMessagesParameters {
    let (creation_time_from, creation_time_to) = wire_time_range(q.created);
    MthListMessagesParameters {
        thread_status: q.status.map(wire_status_filter),
        owner_extension_ids: id_strings(&q.owners),
        availability: wire_availabilities(&q.availability),
        message_ids: id_strings(&q.message_ids),
        thread_ids: id_strings(&q.thread_ids),
        creation_time_from,
        creation_time_to,
        per_page: Some(q.page.per_page()),
        page: Some(q.page.page()),
    }
}

/// The filters of `GET /message-threads/notes`.
pub fn note_query(q: &MthListNotesParameters) -> Result<d::NoteQuery, ErrorResponse> {
    Ok(d::NoteQuery {
        thread_ids: parse_ids("threadIds", &q.thread_ids)?,
        note_ids: parse_ids("noteIds", &q.note_ids)?,
        owners: parse_ids("ownerExtensionIds", &q.owner_extension_ids)?,
        availability: availability(&q.availability)?,
        created: None,
        page: page(q.page, q.per_page)?,
    })
}

/// Why a domain query has no wire form: the endpoint lacks one of its filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingFilter {
    /// The list that lacks it (`notes`).
    pub list: &'static str,
    /// The filter (`creation time`).
    pub filter: &'static str,
}

impl std::fmt::Display for MissingFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the {} list has no {} filter", self.list, self.filter)
    }
}

impl std::error::Error for MissingFilter {}

/// The parameters of `GET /message-threads/notes` for the domain's filters. The notes list takes
/// no time range: a query with one is refused rather than silently listing more than asked.
pub fn note_parameters(q: &d::NoteQuery) -> Result<MthListNotesParameters, MissingFilter> {
    if q.created.is_some() {
        return Err(MissingFilter { list: "notes", filter: "creation time" });
    }
    Ok(MthListNotesParameters {
        owner_extension_ids: id_strings(&q.owners),
        availability: wire_availabilities(&q.availability),
        thread_ids: id_strings(&q.thread_ids),
        note_ids: id_strings(&q.note_ids),
        per_page: Some(q.page.per_page()),
        page: Some(q.page.page()),
    })
}

/// The token of a thread sync request: an ISync's, or `None` for an FSync.
pub fn thread_sync_token(q: &MthSyncThreadsParameters) -> Option<&str> {
    isync_token(q.sync_type.as_ref(), q.sync_token.as_deref())
}

/// A thread sync request: ISync with a token, FSync without.
pub fn thread_sync_parameters(token: Option<String>) -> MthSyncThreadsParameters {
    MthSyncThreadsParameters { sync_type: Some(sync_type(token.is_some())), sync_token: token }
}

fn isync_token<'a>(kind: Option<&SyncType>, token: Option<&'a str>) -> Option<&'a str> {
    if kind == Some(&SyncType::ISync) { token } else { None }
}

fn sync_type(isync: bool) -> SyncType {
    if isync { SyncType::ISync } else { SyncType::FSync }
}

/// The scope of an entries FSync: `AssignedToMe` by default; `Explicit` needs `threadIds`
/// (CMN-100 without them). `threadIds` with another scope are ignored, as the scope says which
/// threads count.
pub fn entry_scope(q: &MthSyncEntriesParameters) -> Result<d::EntryScope, ErrorResponse> {
    Ok(match q.scope.as_ref() {
        None | Some(SyncEntriesScope::AssignedToMe) => d::EntryScope::AssignedToMe,
        Some(SyncEntriesScope::Accessible) => d::EntryScope::Accessible,
        Some(SyncEntriesScope::Unassigned) => d::EntryScope::Unassigned,
        Some(SyncEntriesScope::AssignedToMeAndUnassigned) => d::EntryScope::AssignedToMeAndUnassigned,
        Some(SyncEntriesScope::Explicit) if q.thread_ids.is_empty() => {
            return Err(ErrorResponse::missing_parameter("threadIds"));
        }
        Some(SyncEntriesScope::Explicit) => d::EntryScope::Explicit(parse_ids("threadIds", &q.thread_ids)?),
        Some(SyncEntriesScope::Other(v)) => return Err(ErrorResponse::invalid_parameter("scope", Some(v))),
    })
}

/// The token of an entries sync request: an ISync's, or `None` for an FSync (read its scope with
/// [`entry_scope`]).
pub fn entry_sync_token(q: &MthSyncEntriesParameters) -> Option<&str> {
    isync_token(q.sync_type.as_ref(), q.sync_token.as_deref())
}

/// An entries sync request: ISync with a token (the token knows its scope, so none is sent),
/// FSync in `scope` without.
pub fn entry_sync_parameters(scope: d::EntryScope, token: Option<String>) -> MthSyncEntriesParameters {
    if token.is_some() {
        return MthSyncEntriesParameters { sync_type: Some(SyncType::ISync), sync_token: token, ..Default::default() };
    }
    let (scope, thread_ids) = match scope {
        d::EntryScope::Accessible => (SyncEntriesScope::Accessible, Vec::new()),
        d::EntryScope::Unassigned => (SyncEntriesScope::Unassigned, Vec::new()),
        d::EntryScope::AssignedToMe => (SyncEntriesScope::AssignedToMe, Vec::new()),
        d::EntryScope::AssignedToMeAndUnassigned => (SyncEntriesScope::AssignedToMeAndUnassigned, Vec::new()),
        d::EntryScope::Explicit(threads) => (SyncEntriesScope::Explicit, id_strings(&threads)),
    };
    MthSyncEntriesParameters { scope: Some(scope), thread_ids, sync_type: Some(SyncType::FSync), sync_token: None }
}
