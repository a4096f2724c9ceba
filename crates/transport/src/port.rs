//! The domain's `ThreadMessaging` port over HTTP: domain values in, wire requests out, wire
//! records rebuilt into domain values with the domain's `from_parts` (which refuses impossible
//! states).
//!
//! What the wire does not carry is filled in, as documented on each conversion: attachment
//! bytes (fetch them with [`Client::attachment_content`]), and for deleted messages and notes of
//! the entries feed everything but id, thread and time.

use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rcthreads_domain as d;
use rcthreads_domain::ThreadMessaging;
use rcthreads_wire::entry::{SyncAliveMessage, SyncDeletedEntry, SyncEntriesScope, ThreadEntrySyncItem};
use rcthreads_wire::message::{self as wm, MessageAttachmentResponseEntry, NewThreadMessageRequest};
use rcthreads_wire::note::ThreadNoteModel;
use rcthreads_wire::paging::EnumeratedPagingModel;
use rcthreads_wire::query::{
    MthListMessagesParameters, MthListNotesParameters, MthListThreadsParameters, MthSyncEntriesParameters,
    MthSyncThreadsParameters,
};
use rcthreads_wire::sync::{SyncInfo, SyncType};
use rcthreads_wire::thread::{Availability, MessagePhoneParty, MessageThread, ThreadStatus, ThreadStatusReason};

use crate::client::Client;
use crate::error::Error;

fn parse<T: FromStr>(what: &str, value: &str) -> Result<T, Error>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e| Error::Record(format!("{what} {value:?}: {e}")))
}

fn impossible(e: d::ImpossibleRecord) -> Error {
    Error::Record(e.to_string())
}

fn availability(a: &Availability) -> Result<d::Availability, Error> {
    match a {
        Availability::Alive => Ok(d::Availability::Alive),
        Availability::Deleted => Ok(d::Availability::Deleted),
        Availability::Other(v) => Err(Error::Record(format!("availability {v:?}"))),
    }
}

fn wire_availability(a: d::Availability) -> Availability {
    match a {
        d::Availability::Alive => Availability::Alive,
        d::Availability::Deleted => Availability::Deleted,
    }
}

fn wire_status(s: d::StatusFilter) -> ThreadStatus {
    match s {
        d::StatusFilter::Open => ThreadStatus::Open,
        d::StatusFilter::Resolved => ThreadStatus::Resolved,
    }
}

fn ids<T: ToString>(ids: &[T]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

/// `creationTimeFrom` / `creationTimeTo` of a domain range.
fn time_range(range: Option<d::TimeRange>) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    match range {
        None => (None, None),
        Some(r) => (Some(r.start().to_datetime()), Some(r.end().to_datetime())),
    }
}

fn thread_query(q: &d::ThreadQuery) -> Result<MthListThreadsParameters, Error> {
    let (creation_time_from, creation_time_to) = time_range(q.created);
    Ok(MthListThreadsParameters {
        thread_status: q.status.map(wire_status),
        owner_extension_ids: ids(&q.owners),
        creation_time_from,
        creation_time_to,
        owner_phone_number: q.owner_number.map(|n| n.to_string()),
        guest_phone_number: q.guest_number.map(|n| n.to_string()),
        availability: q.availability.iter().copied().map(wire_availability).collect(),
        per_page: Some(q.page.per_page()),
        page: Some(q.page.page()),
    })
}

fn message_query(q: &d::MessageQuery) -> Result<MthListMessagesParameters, Error> {
    let (creation_time_from, creation_time_to) = time_range(q.created);
    Ok(MthListMessagesParameters {
        thread_status: q.status.map(wire_status),
        owner_extension_ids: ids(&q.owners),
        availability: q.availability.iter().copied().map(wire_availability).collect(),
        message_ids: ids(&q.message_ids),
        thread_ids: ids(&q.thread_ids),
        creation_time_from,
        creation_time_to,
        per_page: Some(q.page.per_page()),
        page: Some(q.page.page()),
    })
}

fn note_query(q: &d::NoteQuery) -> Result<MthListNotesParameters, Error> {
    // The notes list takes no time range: refuse rather than silently list more than asked.
    if q.created.is_some() {
        return Err(Error::Config("the notes list has no creation time filter".into()));
    }
    Ok(MthListNotesParameters {
        owner_extension_ids: ids(&q.owners),
        availability: q.availability.iter().copied().map(wire_availability).collect(),
        thread_ids: ids(&q.thread_ids),
        note_ids: ids(&q.note_ids),
        per_page: Some(q.page.per_page()),
        page: Some(q.page.page()),
    })
}

fn paging(p: &EnumeratedPagingModel, page: d::Page) -> d::Paging {
    d::Paging {
        page: p.page.unwrap_or(page.page()),
        per_page: p.per_page,
        page_start: p.page_start.map(u64::from),
        page_end: p.page_end.map(u64::from),
        total_pages: p.total_pages.map_or(0, u64::from),
        total_elements: p.total_elements.map_or(0, u64::from),
    }
}

/// A wire thread as a domain thread. `Resolved` with `ThreadExpired` is `Expired`; every other
/// reason (manual, owner or number deleted) is `Resolved`.
pub fn thread(t: &MessageThread) -> Result<d::Thread, Error> {
    let state = match (&t.status, &t.status_reason, &t.assignee) {
        (ThreadStatus::Open, _, Some(a)) => d::ThreadState::Assigned(parse("assignee.extensionId", &a.extension_id)?),
        (ThreadStatus::Open, _, None) => d::ThreadState::Open,
        (ThreadStatus::Resolved, Some(ThreadStatusReason::ThreadExpired), _) => d::ThreadState::Expired,
        (ThreadStatus::Resolved, _, _) => d::ThreadState::Resolved,
        (ThreadStatus::Other(v), _, _) => return Err(Error::Record(format!("thread status {v:?}"))),
    };
    let owner = t.owner.extension_id.as_deref().ok_or_else(|| Error::Record("thread without owner".into()))?;
    let number = |what: &str, p: &Option<MessagePhoneParty>| -> Result<d::PhoneNumber, Error> {
        let p = p.as_ref().ok_or_else(|| Error::Record(format!("thread without {what}")))?;
        parse(what, &p.phone_number)
    };
    d::Thread::from_parts(d::ThreadParts {
        id: parse("thread id", &t.id)?,
        owner: parse("owner.extensionId", owner)?,
        owner_number: number("ownerParty", &t.owner_party)?,
        guest_number: number("guestParty", &t.guest_party)?,
        state,
        availability: availability(&t.availability)?,
        label: t.label.clone(),
        created: t.creation_time.into(),
        last_modified: t.last_modified_time.into(),
    })
    .map_err(impossible)
}

fn direction(d: &wm::Direction) -> Result<d::Direction, Error> {
    match d {
        wm::Direction::Inbound => Ok(d::Direction::Inbound),
        wm::Direction::Outbound => Ok(d::Direction::Outbound),
        wm::Direction::Other(v) => Err(Error::Record(format!("direction {v:?}"))),
    }
}

fn status(s: Option<&wm::MessageStatus>, dir: d::Direction) -> Result<d::MessageStatus, Error> {
    Ok(match s {
        Some(wm::MessageStatus::Queued) => d::MessageStatus::Queued,
        Some(wm::MessageStatus::Sent) => d::MessageStatus::Sent,
        Some(wm::MessageStatus::Delivered) => d::MessageStatus::Delivered,
        Some(wm::MessageStatus::DeliveryFailed) => d::MessageStatus::DeliveryFailed,
        Some(wm::MessageStatus::SendingFailed) => d::MessageStatus::SendingFailed,
        Some(wm::MessageStatus::Received) => d::MessageStatus::Received,
        Some(wm::MessageStatus::Other(v)) => return Err(Error::Record(format!("messageStatus {v:?}"))),
        // Absent: what a message of that direction starts as.
        None if dir == d::Direction::Inbound => d::MessageStatus::Received,
        None => d::MessageStatus::Queued,
    })
}

/// The domain knows one delivery error; other codes stay visible only on the wire record.
fn delivery_error(code: Option<&str>) -> Option<d::DeliveryError> {
    (code == Some(d::DeliveryError::RecipientOptedOut.code())).then_some(d::DeliveryError::RecipientOptedOut)
}

/// Attachments without their bytes: the wire lists them by `contentUri`.
fn attachments(list: Option<&Vec<MessageAttachmentResponseEntry>>) -> Result<Vec<d::Attachment>, Error> {
    list.into_iter()
        .flatten()
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

/// A wire message as a domain message (attachments without their bytes).
pub fn message(m: &wm::ThreadMessageModel) -> Result<d::Message, Error> {
    let alive = SyncAliveMessage {
        id: m.id.clone(),
        thread_id: m.thread_id.clone(),
        availability: m.availability.clone(),
        creation_time: m.creation_time,
        direction: m.direction.clone(),
        last_modified_time: m.last_modified_time,
        message_status: m.message_status.clone(),
        delivery_error_code: m.delivery_error_code.clone(),
        text: m.text.clone(),
        attachments: m.attachments.clone(),
        author: m.author.clone(),
    };
    entry_message(&alive)
}

fn entry_message(m: &SyncAliveMessage) -> Result<d::Message, Error> {
    let dir = direction(&m.direction)?;
    d::Message::from_parts(d::MessageParts {
        id: parse("message id", &m.id)?,
        thread: parse("threadId", &m.thread_id)?,
        direction: dir,
        status: status(m.message_status.as_ref(), dir)?,
        availability: availability(&m.availability)?,
        delivery_error: delivery_error(m.delivery_error_code.as_deref()),
        text: m.text.clone().unwrap_or_default(),
        author: m.author.as_ref().map(|a| parse("author.extensionId", &a.extension_id)).transpose()?,
        created: m.creation_time.into(),
        last_modified: m.last_modified_time.into(),
        attachments: attachments(m.attachments.as_ref())?,
    })
    .map_err(impossible)
}

/// A wire note as a domain note; a note without an author is refused.
pub fn note(n: &ThreadNoteModel) -> Result<d::Note, Error> {
    let author = n.author.as_ref().ok_or_else(|| Error::Record(format!("note {} without author", n.id)))?;
    Ok(d::Note::from_parts(d::NoteParts {
        id: parse("note id", &n.id)?,
        thread: parse("threadId", &n.thread_id)?,
        author: parse("author.extensionId", &author.extension_id)?,
        text: n.text.clone().unwrap_or_default(),
        availability: availability(&n.availability)?,
        created: n.creation_time.into(),
        last_modified: n.last_modified_time.into(),
    }))
}

/// A deleted message of the feed: only id, thread and time are on the wire; it reads as an
/// inbound, received, empty message created when it was deleted.
fn deleted_message(e: &SyncDeletedEntry) -> Result<d::Message, Error> {
    d::Message::from_parts(d::MessageParts {
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
    })
    .map_err(impossible)
}

/// A deleted note of the feed: its author is not on the wire and reads as extension 0.
fn deleted_note(e: &SyncDeletedEntry) -> Result<d::Note, Error> {
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

fn hint(id: &str, thread: &str, time: chrono::DateTime<chrono::Utc>, kind: d::HintKind) -> Result<d::Hint, Error> {
    Ok(d::Hint { id: parse("hint id", id)?, thread: parse("threadId", thread)?, time: time.into(), kind })
}

/// An entry of the feed as a domain entry; record types this crate does not know are `None`.
/// A `ThreadResolvedHint` does not say whether the thread expired: it reads as resolved by hand.
pub fn entry(e: &ThreadEntrySyncItem) -> Result<Option<d::OwnedEntry>, Error> {
    let ext = |u: &Option<rcthreads_wire::thread::ThreadUserModel>, what: &str| {
        u.as_ref().map(|u| parse::<d::ExtensionId>(what, &u.extension_id)).transpose()
    };
    Ok(Some(match e {
        ThreadEntrySyncItem::AliveMessage(m) => d::OwnedEntry::Message(entry_message(m)?),
        ThreadEntrySyncItem::DeletedMessage(m) => d::OwnedEntry::Message(deleted_message(m)?),
        ThreadEntrySyncItem::AliveNote(n) => {
            let model = ThreadNoteModel {
                id: n.id.clone(),
                thread_id: n.thread_id.clone(),
                availability: n.availability.clone(),
                creation_time: n.creation_time,
                last_modified_time: n.last_modified_time,
                text: n.text.clone(),
                author: n.author.clone(),
            };
            d::OwnedEntry::Note(note(&model)?)
        }
        ThreadEntrySyncItem::DeletedNote(n) => d::OwnedEntry::Note(deleted_note(n)?),
        ThreadEntrySyncItem::ThreadCreatedHint(h) => {
            d::OwnedEntry::Hint(hint(&h.id, &h.thread_id, h.last_modified_time, d::HintKind::Created)?)
        }
        ThreadEntrySyncItem::ThreadResolvedHint(h) => d::OwnedEntry::Hint(hint(
            &h.id,
            &h.thread_id,
            h.last_modified_time,
            d::HintKind::Resolved { expired: false },
        )?),
        ThreadEntrySyncItem::ThreadDeletedHint(h) => {
            d::OwnedEntry::Hint(hint(&h.id, &h.thread_id, h.last_modified_time, d::HintKind::Deleted)?)
        }
        ThreadEntrySyncItem::ThreadAssignedHint(h) => {
            let assignment = d::Assignment {
                assignee: ext(&h.assignee, "assignee.extensionId")?,
                previous: ext(&h.previous_assignee, "previousAssignee.extensionId")?,
                initiator: ext(&h.initiator, "initiator.extensionId")?,
            };
            d::OwnedEntry::Hint(hint(&h.id, &h.thread_id, h.last_modified_time, d::HintKind::Assigned(assignment))?)
        }
        ThreadEntrySyncItem::Other { .. } => return Ok(None),
    }))
}

fn sync_type(info: &SyncInfo) -> Result<d::SyncType, Error> {
    match &info.sync_type {
        SyncType::FSync => Ok(d::SyncType::FSync),
        SyncType::ISync => Ok(d::SyncType::ISync),
        SyncType::Other(v) => Err(Error::Record(format!("syncType {v:?}"))),
    }
}

fn scope(s: d::EntryScope) -> (SyncEntriesScope, Vec<String>) {
    match s {
        d::EntryScope::Accessible => (SyncEntriesScope::Accessible, Vec::new()),
        d::EntryScope::Unassigned => (SyncEntriesScope::Unassigned, Vec::new()),
        d::EntryScope::AssignedToMe => (SyncEntriesScope::AssignedToMe, Vec::new()),
        d::EntryScope::AssignedToMeAndUnassigned => (SyncEntriesScope::AssignedToMeAndUnassigned, Vec::new()),
        d::EntryScope::Explicit(threads) => (SyncEntriesScope::Explicit, ids(&threads)),
    }
}

/// The JSON request of an outbound message (its attachments go as multipart parts).
pub fn outbound_request(m: &d::OutboundMessage) -> NewThreadMessageRequest {
    NewThreadMessageRequest {
        thread_id: m.thread_id.map(|t| t.to_string()),
        from: MessagePhoneParty::new(m.from.to_string()),
        to: m.to.iter().map(|n| MessagePhoneParty::new(n.to_string())).collect(),
        text: m.text.clone(),
    }
}

#[async_trait]
impl ThreadMessaging for Client {
    type Error = Error;

    async fn send_message(&self, m: d::OutboundMessage) -> Result<d::Message, Error> {
        let request = outbound_request(&m);
        let sent = if m.attachments.is_empty() {
            Client::send_message(self, &request).await?
        } else {
            self.send_mms(&request, &m.attachments).await?
        };
        message(&sent)
    }

    async fn list_threads(&self, q: d::ThreadQuery) -> Result<d::Paged<d::Thread>, Error> {
        let list = Client::list_threads(self, &thread_query(&q)?).await?;
        let records = list.records.iter().map(thread).collect::<Result<_, _>>()?;
        Ok(d::Paged { records, paging: paging(&list.paging, q.page) })
    }

    async fn read_thread(&self, id: d::ThreadId) -> Result<d::Thread, Error> {
        thread(&Client::read_thread(self, &id.to_string()).await?)
    }

    async fn assign_thread(&self, id: d::ThreadId, assignee: Option<d::ExtensionId>) -> Result<d::Thread, Error> {
        let assignee = assignee.map(|a| a.to_string());
        thread(&Client::assign_thread(self, &id.to_string(), assignee.as_deref()).await?)
    }

    async fn resolve_thread(&self, id: d::ThreadId) -> Result<d::Thread, Error> {
        thread(&Client::resolve_thread(self, &id.to_string()).await?)
    }

    async fn delete_thread(&self, id: d::ThreadId) -> Result<(), Error> {
        Client::delete_thread(self, &id.to_string()).await
    }

    async fn list_messages(&self, q: d::MessageQuery) -> Result<d::Paged<d::Message>, Error> {
        let list = Client::list_messages(self, &message_query(&q)?).await?;
        let records = list.records.iter().map(message).collect::<Result<_, _>>()?;
        Ok(d::Paged { records, paging: paging(&list.paging, q.page) })
    }

    async fn delete_messages(&self, message_ids: Vec<d::MessageId>) -> Result<(), Error> {
        Client::delete_messages(self, &ids(&message_ids)).await
    }

    async fn create_note(&self, thread_id: d::ThreadId, text: String) -> Result<d::Note, Error> {
        note(&Client::create_note(self, &thread_id.to_string(), &text).await?)
    }

    async fn update_note(&self, id: d::NoteId, text: String) -> Result<d::Note, Error> {
        note(&Client::update_note(self, &id.to_string(), &text).await?)
    }

    async fn delete_notes(&self, note_ids: Vec<d::NoteId>) -> Result<(), Error> {
        Client::delete_notes(self, &ids(&note_ids)).await
    }

    async fn list_notes(&self, q: d::NoteQuery) -> Result<d::Paged<d::Note>, Error> {
        let list = Client::list_notes(self, &note_query(&q)?).await?;
        let records = list.records.iter().map(note).collect::<Result<_, _>>()?;
        Ok(d::Paged { records, paging: paging(&list.paging, q.page) })
    }

    async fn sync_threads(&self, token: Option<String>) -> Result<d::ThreadSyncResult, Error> {
        let kind = Some(if token.is_some() { SyncType::ISync } else { SyncType::FSync });
        let answer =
            Client::sync_threads(self, &MthSyncThreadsParameters { sync_type: kind, sync_token: token }).await?;
        Ok(d::ThreadSyncResult {
            sync_type: sync_type(&answer.sync_info)?,
            threads: answer.records.iter().map(thread).collect::<Result<_, _>>()?,
            token: answer.sync_info.sync_token,
            time: answer.sync_info.sync_time.into(),
        })
    }

    async fn sync_entries(&self, s: d::EntryScope, token: Option<String>) -> Result<d::EntrySyncResult, Error> {
        let query = match token {
            Some(t) => {
                MthSyncEntriesParameters { sync_type: Some(SyncType::ISync), sync_token: Some(t), ..Default::default() }
            }
            None => {
                let (scope, thread_ids) = scope(s);
                MthSyncEntriesParameters {
                    scope: Some(scope),
                    thread_ids,
                    sync_type: Some(SyncType::FSync),
                    sync_token: None,
                }
            }
        };
        let answer = Client::sync_entries(self, &query).await?;
        let mut entries = Vec::with_capacity(answer.records.len());
        for e in &answer.records {
            entries.extend(entry(e)?);
        }
        Ok(d::EntrySyncResult {
            sync_type: sync_type(&answer.sync_info)?,
            entries,
            token: answer.sync_info.sync_token,
            time: answer.sync_info.sync_time.into(),
        })
    }
}
