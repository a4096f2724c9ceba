//! Wire records rebuilt into domain values (what a client does with an answer), through the
//! domain's `from_parts`, which refuses impossible states.
//!
//! What the wire does not carry is filled in, as documented on each function:
//! - attachment bytes: a rebuilt attachment has none (fetch them from its `contentUri`);
//! - deleted messages and notes of the entries feed carry only id, thread and time.

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rcthreads_domain as d;

use super::values::{domain_availability, domain_direction, domain_message_status, domain_sync_type};
use crate::entry::{SyncAliveMessage, SyncAliveNote, SyncDeletedEntry, ThreadEntriesSyncList, ThreadEntrySyncItem};
use crate::message::{Direction, MessageAttachmentResponseEntry, MessageStatus, ThreadMessageList, ThreadMessageModel};
use crate::note::{ThreadNoteList, ThreadNoteModel};
use crate::paging::EnumeratedPagingModel;
use crate::sync::{SyncInfo, ThreadSyncList};
use crate::thread::{
    Availability, MessagePhoneParty, MessageThread, MessageThreadList, ThreadStatus, ThreadStatusReason,
    ThreadUserModel,
};

/// Why a wire record cannot be rebuilt into a domain value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// A field the domain needs is absent.
    Missing {
        /// The field (`owner.extensionId`, `ownerParty`, a note's `author`...).
        what: &'static str,
    },
    /// A field's value does not parse, or is one the domain has no name for.
    Invalid {
        /// The field (`thread id`, `availability`, `messageStatus`...).
        what: &'static str,
        /// The value as received.
        value: String,
    },
    /// The fields together make a record the domain's rules cannot hold.
    Impossible(d::ImpossibleRecord),
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Missing { what } => write!(f, "{what} is missing"),
            RecordError::Invalid { what, value } => write!(f, "{what} {value:?} is not valid"),
            RecordError::Impossible(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RecordError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RecordError::Impossible(e) => Some(e),
            _ => None,
        }
    }
}

impl From<d::ImpossibleRecord> for RecordError {
    fn from(e: d::ImpossibleRecord) -> Self {
        RecordError::Impossible(e)
    }
}

fn parse<T: FromStr>(what: &'static str, value: &str) -> Result<T, RecordError> {
    value.parse().map_err(|_| invalid(what, value))
}

fn invalid(what: &'static str, value: &str) -> RecordError {
    RecordError::Invalid { what, value: value.to_owned() }
}

fn availability(a: &Availability) -> Result<d::Availability, RecordError> {
    domain_availability(a).ok_or_else(|| invalid("availability", a.as_str()))
}

fn extension(what: &'static str, u: Option<&ThreadUserModel>) -> Result<Option<d::ExtensionId>, RecordError> {
    u.map(|u| parse(what, &u.extension_id)).transpose()
}

/// A wire thread as a domain thread. `Resolved` with `ThreadExpired` is `Expired`; every other
/// reason (manual, owner or number deleted) is `Resolved`.
pub fn thread(t: &MessageThread) -> Result<d::Thread, RecordError> {
    let state = match (&t.status, &t.status_reason, &t.assignee) {
        (ThreadStatus::Open, _, Some(a)) => d::ThreadState::Assigned(parse("assignee.extensionId", &a.extension_id)?),
        (ThreadStatus::Open, _, None) => d::ThreadState::Open,
        (ThreadStatus::Resolved, Some(ThreadStatusReason::ThreadExpired), _) => d::ThreadState::Expired,
        (ThreadStatus::Resolved, _, _) => d::ThreadState::Resolved,
        (ThreadStatus::Other(v), _, _) => return Err(invalid("status", v)),
    };
    let owner = t.owner.extension_id.as_deref().ok_or(RecordError::Missing { what: "owner.extensionId" })?;
    let number = |what: &'static str, p: &Option<MessagePhoneParty>| -> Result<d::PhoneNumber, RecordError> {
        let p = p.as_ref().ok_or(RecordError::Missing { what })?;
        parse(what, &p.phone_number)
    };
    Ok(d::Thread::from_parts(d::ThreadParts {
        id: parse("thread id", &t.id)?,
        owner: parse("owner.extensionId", owner)?,
        owner_number: number("ownerParty", &t.owner_party)?,
        guest_number: number("guestParty", &t.guest_party)?,
        state,
        availability: availability(&t.availability)?,
        label: t.label.clone(),
        created: t.creation_time.into(),
        last_modified: t.last_modified_time.into(),
    })?)
}

/// The fields a message record and an alive message of the entries feed share, borrowed.
struct MessageView<'a> {
    id: &'a str,
    thread_id: &'a str,
    availability: &'a Availability,
    creation_time: DateTime<Utc>,
    direction: &'a Direction,
    last_modified_time: DateTime<Utc>,
    message_status: Option<&'a MessageStatus>,
    delivery_error_code: Option<&'a str>,
    text: Option<&'a str>,
    attachments: &'a [MessageAttachmentResponseEntry],
    author: Option<&'a ThreadUserModel>,
}

/// A message as the list and the entries feed both carry it: the same fields under two types.
macro_rules! message_view_from {
    ($($source:ty),+) => {$(
        impl<'a> From<&'a $source> for MessageView<'a> {
            fn from(m: &'a $source) -> Self {
                MessageView {
                    id: &m.id,
                    thread_id: &m.thread_id,
                    availability: &m.availability,
                    creation_time: m.creation_time,
                    direction: &m.direction,
                    last_modified_time: m.last_modified_time,
                    message_status: m.message_status.as_ref(),
                    delivery_error_code: m.delivery_error_code.as_deref(),
                    text: m.text.as_deref(),
                    attachments: m.attachments.as_deref().unwrap_or_default(),
                    author: m.author.as_ref(),
                }
            }
        }
    )+};
}

message_view_from!(ThreadMessageModel, SyncAliveMessage);

/// The status; when absent, what a message of that direction starts as.
fn message_status(s: Option<&MessageStatus>, dir: d::Direction) -> Result<d::MessageStatus, RecordError> {
    match s {
        Some(s) => domain_message_status(s).ok_or_else(|| invalid("messageStatus", s.as_str())),
        None if dir == d::Direction::Inbound => Ok(d::MessageStatus::Received),
        None => Ok(d::MessageStatus::Queued),
    }
}

/// The domain knows one delivery error; other codes stay visible only on the wire record.
fn delivery_error(code: Option<&str>) -> Option<d::DeliveryError> {
    (code == Some(d::DeliveryError::RecipientOptedOut.code())).then_some(d::DeliveryError::RecipientOptedOut)
}

/// Attachments without their bytes: the wire lists them by `contentUri`.
fn attachments(list: &[MessageAttachmentResponseEntry]) -> Result<Vec<d::Attachment>, RecordError> {
    list.iter()
        .map(|a| {
            Ok(d::Attachment {
                id: parse("attachment id", &a.id)?,
                content_type: a.content_type.clone(),
                file_name: a.filename.clone(),
                data: Arc::from(Vec::new()),
            })
        })
        .collect()
}

fn message_of(m: MessageView<'_>) -> Result<d::Message, RecordError> {
    let direction = domain_direction(m.direction).ok_or_else(|| invalid("direction", m.direction.as_str()))?;
    Ok(d::Message::from_parts(d::MessageParts {
        id: parse("message id", m.id)?,
        thread: parse("threadId", m.thread_id)?,
        direction,
        status: message_status(m.message_status, direction)?,
        availability: availability(m.availability)?,
        delivery_error: delivery_error(m.delivery_error_code),
        text: m.text.unwrap_or_default().to_owned(),
        author: extension("author.extensionId", m.author)?,
        created: m.creation_time.into(),
        last_modified: m.last_modified_time.into(),
        attachments: attachments(m.attachments)?,
    })?)
}

/// A wire message as a domain message; its attachments come without their bytes.
pub fn message(m: &ThreadMessageModel) -> Result<d::Message, RecordError> {
    message_of(m.into())
}

/// The fields a note record and an alive note of the entries feed share, borrowed.
struct NoteView<'a> {
    id: &'a str,
    thread_id: &'a str,
    availability: &'a Availability,
    creation_time: DateTime<Utc>,
    last_modified_time: DateTime<Utc>,
    text: Option<&'a str>,
    author: Option<&'a ThreadUserModel>,
}

impl<'a> From<&'a ThreadNoteModel> for NoteView<'a> {
    fn from(n: &'a ThreadNoteModel) -> Self {
        NoteView {
            id: &n.id,
            thread_id: &n.thread_id,
            availability: &n.availability,
            creation_time: n.creation_time,
            last_modified_time: n.last_modified_time,
            text: n.text.as_deref(),
            author: n.author.as_ref(),
        }
    }
}

impl<'a> From<&'a SyncAliveNote> for NoteView<'a> {
    fn from(n: &'a SyncAliveNote) -> Self {
        NoteView {
            id: &n.id,
            thread_id: &n.thread_id,
            availability: &n.availability,
            creation_time: n.creation_time,
            last_modified_time: n.last_modified_time,
            text: n.text.as_deref(),
            author: n.author.as_ref(),
        }
    }
}

fn note_of(n: NoteView<'_>) -> Result<d::Note, RecordError> {
    let author = extension("author.extensionId", n.author)?.ok_or(RecordError::Missing { what: "author" })?;
    Ok(d::Note::from_parts(d::NoteParts {
        id: parse("note id", n.id)?,
        thread: parse("threadId", n.thread_id)?,
        author,
        text: n.text.unwrap_or_default().to_owned(),
        availability: availability(n.availability)?,
        created: n.creation_time.into(),
        last_modified: n.last_modified_time.into(),
    }))
}

/// A wire note as a domain note; a note without an author is refused.
pub fn note(n: &ThreadNoteModel) -> Result<d::Note, RecordError> {
    note_of(n.into())
}

/// A deleted message of the feed: only id, thread and time are on the wire; it reads as an
/// inbound, received, empty message created when it was deleted.
fn deleted_message(e: &SyncDeletedEntry) -> Result<d::Message, RecordError> {
    Ok(d::Message::from_parts(d::MessageParts {
        id: parse("message id", &e.id)?,
        thread: parse("threadId", &e.thread_id)?,
        direction: d::Direction::Inbound,
        status: d::MessageStatus::Received,
        availability: d::Availability::Deleted,
        delivery_error: None,
        text: String::new(),
        author: None,
        created: e.last_modified_time.into(),
        last_modified: e.last_modified_time.into(),
        attachments: Vec::new(),
    })?)
}

/// A deleted note of the feed: its author is not on the wire and reads as extension 0; it reads
/// as empty and created when it was deleted.
fn deleted_note(e: &SyncDeletedEntry) -> Result<d::Note, RecordError> {
    Ok(d::Note::from_parts(d::NoteParts {
        id: parse("note id", &e.id)?,
        thread: parse("threadId", &e.thread_id)?,
        author: d::ExtensionId::new(0),
        text: String::new(),
        availability: d::Availability::Deleted,
        created: e.last_modified_time.into(),
        last_modified: e.last_modified_time.into(),
    }))
}

fn hint(id: &str, thread: &str, time: DateTime<Utc>, kind: d::HintKind) -> Result<d::OwnedEntry, RecordError> {
    Ok(d::OwnedEntry::Hint(d::Hint {
        id: parse("hint id", id)?,
        thread: parse("threadId", thread)?,
        time: time.into(),
        kind,
    }))
}

/// An entry of the feed as a domain entry; record types this crate does not know are `None`.
/// A `ThreadResolvedHint` without `initiator` reads as an expiry: only the system resolves
/// without one.
pub fn entry(e: &ThreadEntrySyncItem) -> Result<Option<d::OwnedEntry>, RecordError> {
    use ThreadEntrySyncItem as E;
    Ok(Some(match e {
        E::AliveMessage(m) => d::OwnedEntry::Message(message_of(m.into())?),
        E::DeletedMessage(m) => d::OwnedEntry::Message(deleted_message(m)?),
        E::AliveNote(n) => d::OwnedEntry::Note(note_of(n.into())?),
        E::DeletedNote(n) => d::OwnedEntry::Note(deleted_note(n)?),
        E::ThreadCreatedHint(h) => {
            let initiator = extension("initiator.extensionId", h.initiator.as_ref())?;
            hint(&h.id, &h.thread_id, h.last_modified_time, d::HintKind::Created { initiator })?
        }
        E::ThreadResolvedHint(h) => {
            let initiator = extension("initiator.extensionId", h.initiator.as_ref())?;
            hint(&h.id, &h.thread_id, h.last_modified_time, d::HintKind::Resolved { initiator })?
        }
        E::ThreadDeletedHint(h) => {
            let initiator = extension("initiator.extensionId", h.initiator.as_ref())?;
            hint(&h.id, &h.thread_id, h.last_modified_time, d::HintKind::Deleted { initiator })?
        }
        E::ThreadAssignedHint(h) => {
            let assignment = d::Assignment {
                assignee: extension("assignee.extensionId", h.assignee.as_ref())?,
                previous: extension("previousAssignee.extensionId", h.previous_assignee.as_ref())?,
                initiator: extension("initiator.extensionId", h.initiator.as_ref())?,
            };
            hint(&h.id, &h.thread_id, h.last_modified_time, d::HintKind::Assigned(assignment))?
        }
        E::Other { .. } => return Ok(None),
    }))
}

/// The paging block of a page asked for as `asked`; an empty page leaves out `page`, so the
/// asked one stands in.
pub fn paging_of(p: &EnumeratedPagingModel, asked: d::Page) -> d::Paging {
    d::Paging {
        page: p.page.unwrap_or(asked.page()),
        per_page: p.per_page,
        page_start: p.page_start.map(u64::from),
        page_end: p.page_end.map(u64::from),
        total_pages: p.total_pages.map_or(0, u64::from),
        total_elements: p.total_elements.map_or(0, u64::from),
    }
}

fn paged<R, T>(
    records: &[R],
    p: &EnumeratedPagingModel,
    asked: d::Page,
    rebuild: impl Fn(&R) -> Result<T, RecordError>,
) -> Result<d::Paged<T>, RecordError> {
    Ok(d::Paged { records: records.iter().map(rebuild).collect::<Result<_, _>>()?, paging: paging_of(p, asked) })
}

/// A page of threads, asked for as `asked`.
pub fn thread_page(list: &MessageThreadList, asked: d::Page) -> Result<d::Paged<d::Thread>, RecordError> {
    paged(&list.records, &list.paging, asked, thread)
}

/// A page of messages, asked for as `asked`.
pub fn message_page(list: &ThreadMessageList, asked: d::Page) -> Result<d::Paged<d::Message>, RecordError> {
    paged(&list.records, &list.paging, asked, message)
}

/// A page of notes, asked for as `asked`.
pub fn note_page(list: &ThreadNoteList, asked: d::Page) -> Result<d::Paged<d::Note>, RecordError> {
    paged(&list.records, &list.paging, asked, note)
}

/// The answer of a sync in domain values. (The domain's `ThreadSyncResult` and
/// `EntrySyncResult` sit behind its `port` feature, which this crate leaves off to stay free of
/// async crates; the port's implementation moves these fields into them.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced<T> {
    /// FSync or ISync.
    pub sync_type: d::SyncType,
    /// The records, as the server ordered them.
    pub records: Vec<T>,
    /// The token for the next ISync.
    pub token: String,
    /// When the sync ran.
    pub time: d::Timestamp,
}

fn synced<T>(info: &SyncInfo, records: Vec<T>) -> Result<Synced<T>, RecordError> {
    let sync_type = domain_sync_type(&info.sync_type).ok_or_else(|| invalid("syncType", info.sync_type.as_str()))?;
    Ok(Synced { sync_type, records, token: info.sync_token.clone(), time: info.sync_time.into() })
}

/// The answer of a thread sync.
pub fn thread_sync(answer: &ThreadSyncList) -> Result<Synced<d::Thread>, RecordError> {
    synced(&answer.sync_info, answer.records.iter().map(thread).collect::<Result<_, _>>()?)
}

/// The answer of an entries sync, without the record types this crate does not know.
pub fn entries_sync(answer: &ThreadEntriesSyncList) -> Result<Synced<d::OwnedEntry>, RecordError> {
    let mut entries = Vec::with_capacity(answer.records.len());
    for e in &answer.records {
        entries.extend(entry(e)?);
    }
    synced(&answer.sync_info, entries)
}
