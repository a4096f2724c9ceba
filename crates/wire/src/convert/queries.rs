//! List and sync queries read into the domain's filters. A bad id or value is a 400 `CMN-101`
//! naming the parameter; paging and time ranges are checked by the domain's own constructors.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rcthreads_domain as d;

use crate::entry::SyncEntriesScope;
use crate::error::ErrorResponse;
use crate::query::{
    MthListMessagesParameters, MthListNotesParameters, MthListThreadsParameters, MthSyncEntriesParameters,
};
use crate::thread::{Availability, ThreadStatus};

/// Parses every value of a list parameter (`threadIds`, `ownerExtensionIds`...); the first that
/// does not parse is a `CMN-101` naming `parameter` and echoing the value.
pub fn parse_ids<T: FromStr>(parameter: &str, values: &[String]) -> Result<Vec<T>, ErrorResponse> {
    values.iter().map(|v| parse_one(parameter, v)).collect()
}

/// Parses one value, or answers `CMN-101` naming `parameter`.
pub(super) fn parse_one<T: FromStr>(parameter: &str, value: &str) -> Result<T, ErrorResponse> {
    value.parse().map_err(|_| ErrorResponse::invalid_parameter(parameter, Some(value)))
}

fn status(s: Option<&ThreadStatus>) -> Result<Option<d::StatusFilter>, ErrorResponse> {
    match s {
        None => Ok(None),
        Some(ThreadStatus::Open) => Ok(Some(d::StatusFilter::Open)),
        Some(ThreadStatus::Resolved) => Ok(Some(d::StatusFilter::Resolved)),
        Some(ThreadStatus::Other(v)) => Err(ErrorResponse::invalid_parameter("threadStatus", Some(v))),
    }
}

fn availability(values: &[Availability]) -> Result<Vec<d::Availability>, ErrorResponse> {
    values
        .iter()
        .map(|a| match a {
            Availability::Alive => Ok(d::Availability::Alive),
            Availability::Deleted => Ok(d::Availability::Deleted),
            Availability::Other(v) => Err(ErrorResponse::invalid_parameter("availability", Some(v))),
        })
        .collect()
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
