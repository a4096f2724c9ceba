//! Domain values rendered as the API's records: threads, messages, notes, entries, lists, syncs.

use rcthreads_domain as d;

use super::extension_type;
use super::values::{wire_availability, wire_direction, wire_message_status, wire_sync_type};
use crate::entry::{
    SyncAliveMessage, SyncAliveNote, SyncAssignedHint, SyncBaseHint, SyncDeletedEntry, ThreadEntriesSyncList,
    ThreadEntrySyncItem,
};
use crate::link::Links;
use crate::message::{MessageAttachmentResponseEntry, MessageRecordType, ThreadMessageList, ThreadMessageModel};
use crate::note::{ThreadNoteList, ThreadNoteModel};
use crate::paging::EnumeratedPagingModel;
use crate::sync::{SyncInfo, ThreadSyncList};
use crate::thread::{
    Availability, MessagePhoneParty, MessageThread, MessageThreadList, OwnerResource, ThreadStatus, ThreadStatusReason,
    ThreadUserModel,
};

/// A person of a thread (assignee, author, initiator): id, name and extension type.
fn person(id: d::ExtensionId, dir: &d::Directory) -> ThreadUserModel {
    ThreadUserModel {
        extension_id: id.to_string(),
        name: dir.extension_name(id).map(str::to_owned),
        extension_type: extension_type(dir, id),
    }
}

/// Text as an optional field: an MMS without words has none.
fn text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// The absolute link of an attachment's bytes, on the media entry point (the server a client
/// reached):
/// `{base}/restapi/v1.0/account/{accountId}/message-threads/messages/{messageId}/content/{attachmentId}`.
pub fn content_uri(links: &Links, message: d::MessageId, attachment: u64) -> String {
    links.content(message, attachment)
}

fn attachments(m: &d::Message, links: &Links) -> Option<Vec<MessageAttachmentResponseEntry>> {
    let list = m.attachments();
    (!list.is_empty()).then(|| {
        list.iter()
            .map(|a| MessageAttachmentResponseEntry {
                id: a.id.to_string(),
                content_type: a.content_type.clone(),
                filename: a.file_name.clone(),
                content_uri: content_uri(links, m.id(), a.id),
                size: a.data.len() as u64,
            })
            .collect()
    })
}

/// A thread (`MessageThread`): `statusReason` only when resolved, `assignee` only when assigned.
pub fn thread_record(t: &d::Thread, dir: &d::Directory) -> MessageThread {
    let (status, status_reason) = match t.state() {
        d::ThreadState::Open | d::ThreadState::Assigned(_) => (ThreadStatus::Open, None),
        d::ThreadState::Resolved => (ThreadStatus::Resolved, Some(ThreadStatusReason::Manual)),
        d::ThreadState::Expired => (ThreadStatus::Resolved, Some(ThreadStatusReason::ThreadExpired)),
    };
    MessageThread {
        id: t.id().to_string(),
        label: t.label().and_then(text),
        status,
        status_reason,
        availability: wire_availability(t.availability()),
        owner: OwnerResource {
            extension_id: Some(t.owner().to_string()),
            name: dir.extension_name(t.owner()).map(str::to_owned),
            extension_type: extension_type(dir, t.owner()),
        },
        owner_party: Some(MessagePhoneParty::new(t.owner_number().to_string())),
        guest_party: Some(MessagePhoneParty::new(t.guest_number().to_string())),
        assignee: t.assignee().map(|a| person(a, dir)),
        creation_time: t.created().to_datetime(),
        last_modified_time: t.last_modified().to_datetime(),
    }
}

/// A message (`ThreadMessageModel`), with the `recordType` the send response shows, the author
/// of outbound messages and the attachments' absolute content links.
pub fn message_record(m: &d::Message, dir: &d::Directory, links: &Links) -> ThreadMessageModel {
    let record_type = match m.availability() {
        d::Availability::Alive => MessageRecordType::AliveMessage,
        d::Availability::Deleted => MessageRecordType::DeletedMessage,
    };
    ThreadMessageModel {
        id: m.id().to_string(),
        thread_id: m.thread_id().to_string(),
        record_type: Some(record_type),
        availability: wire_availability(m.availability()),
        creation_time: m.created().to_datetime(),
        direction: wire_direction(m.direction()),
        last_modified_time: m.last_modified().to_datetime(),
        message_status: Some(wire_message_status(m.status())),
        delivery_error_code: m.delivery_error().map(|e| e.code().to_owned()),
        text: text(m.text()),
        attachments: attachments(m, links),
        author: m.author().map(|a| person(a, dir)),
    }
}

/// A note (`ThreadNoteModel`) with its author.
pub fn note_record(n: &d::Note, dir: &d::Directory) -> ThreadNoteModel {
    ThreadNoteModel {
        id: n.id().to_string(),
        thread_id: n.thread_id().to_string(),
        availability: wire_availability(n.availability()),
        creation_time: n.created().to_datetime(),
        last_modified_time: n.last_modified().to_datetime(),
        text: text(n.text()),
        author: Some(person(n.author(), dir)),
    }
}

fn deleted(id: String, thread: d::ThreadId, at: d::Timestamp) -> SyncDeletedEntry {
    SyncDeletedEntry {
        id,
        thread_id: thread.to_string(),
        availability: Availability::Deleted,
        last_modified_time: at.to_datetime(),
    }
}

fn hint_record(h: &d::Hint, dir: &d::Directory) -> ThreadEntrySyncItem {
    let base = |initiator: Option<d::ExtensionId>| SyncBaseHint {
        id: h.id.to_string(),
        thread_id: h.thread.to_string(),
        last_modified_time: h.time.to_datetime(),
        initiator: initiator.map(|e| person(e, dir)),
    };
    match h.kind {
        d::HintKind::Created { initiator } => ThreadEntrySyncItem::ThreadCreatedHint(base(initiator)),
        d::HintKind::Resolved { initiator } => ThreadEntrySyncItem::ThreadResolvedHint(base(initiator)),
        d::HintKind::Deleted { initiator } => ThreadEntrySyncItem::ThreadDeletedHint(base(initiator)),
        d::HintKind::Assigned(a) => ThreadEntrySyncItem::ThreadAssignedHint(SyncAssignedHint {
            id: h.id.to_string(),
            thread_id: h.thread.to_string(),
            last_modified_time: h.time.to_datetime(),
            initiator: a.initiator.map(|e| person(e, dir)),
            assignee: a.assignee.map(|e| person(e, dir)),
            previous_assignee: a.previous.map(|e| person(e, dir)),
        }),
    }
}

/// An entry of the entries feed: alive or deleted message or note, or a thread hint whose id
/// is its journal position.
pub fn entry_record(e: &d::Entry<'_>, dir: &d::Directory, links: &Links) -> ThreadEntrySyncItem {
    match *e {
        d::Entry::Message(m) if m.availability() == d::Availability::Deleted => {
            ThreadEntrySyncItem::DeletedMessage(deleted(m.id().to_string(), m.thread_id(), m.last_modified()))
        }
        d::Entry::Message(m) => ThreadEntrySyncItem::AliveMessage(SyncAliveMessage {
            id: m.id().to_string(),
            thread_id: m.thread_id().to_string(),
            availability: Availability::Alive,
            creation_time: m.created().to_datetime(),
            direction: wire_direction(m.direction()),
            last_modified_time: m.last_modified().to_datetime(),
            message_status: Some(wire_message_status(m.status())),
            delivery_error_code: m.delivery_error().map(|e| e.code().to_owned()),
            text: text(m.text()),
            attachments: attachments(m, links),
            author: m.author().map(|a| person(a, dir)),
        }),
        d::Entry::Note(n) if n.availability() == d::Availability::Deleted => {
            ThreadEntrySyncItem::DeletedNote(deleted(n.id().to_string(), n.thread_id(), n.last_modified()))
        }
        d::Entry::Note(n) => ThreadEntrySyncItem::AliveNote(SyncAliveNote {
            id: n.id().to_string(),
            thread_id: n.thread_id().to_string(),
            availability: Availability::Alive,
            creation_time: n.created().to_datetime(),
            last_modified_time: n.last_modified().to_datetime(),
            text: text(n.text()),
            author: Some(person(n.author(), dir)),
        }),
        d::Entry::Hint(ref h) => hint_record(h, dir),
    }
}

fn small(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The paging block; `page`, `pageStart` and `pageEnd` are left out for an empty page, as the
/// official definition describes.
pub fn paging(p: &d::Paging) -> EnumeratedPagingModel {
    let empty = p.page_start.is_none();
    EnumeratedPagingModel {
        per_page: p.per_page,
        page: (!empty).then_some(p.page),
        page_start: p.page_start.map(small),
        page_end: p.page_end.map(small),
        total_pages: Some(small(p.total_pages)),
        total_elements: Some(small(p.total_elements)),
    }
}

/// A page of threads.
pub fn thread_list(p: &d::Paged<&d::Thread>, dir: &d::Directory) -> MessageThreadList {
    MessageThreadList { records: p.records.iter().map(|t| thread_record(t, dir)).collect(), paging: paging(&p.paging) }
}

/// A page of messages.
pub fn message_list(p: &d::Paged<&d::Message>, dir: &d::Directory, links: &Links) -> ThreadMessageList {
    ThreadMessageList {
        records: p.records.iter().map(|m| message_record(m, dir, links)).collect(),
        paging: paging(&p.paging),
    }
}

/// A page of notes.
pub fn note_list(p: &d::Paged<&d::Note>, dir: &d::Directory) -> ThreadNoteList {
    ThreadNoteList { records: p.records.iter().map(|n| note_record(n, dir)).collect(), paging: paging(&p.paging) }
}

fn sync_info(sync_type: d::SyncType, token: d::SyncToken, time: d::Timestamp, older_records: bool) -> SyncInfo {
    SyncInfo {
        sync_type: wire_sync_type(sync_type),
        sync_token: token.encode(),
        sync_time: time.to_datetime(),
        older_records: older_records.then_some(true),
    }
}

/// The answer of a thread sync: the threads and the token to keep.
pub fn thread_sync_list(s: &d::ThreadSync<'_>, dir: &d::Directory) -> ThreadSyncList {
    ThreadSyncList {
        records: s.threads.iter().map(|t| thread_record(t, dir)).collect(),
        sync_info: sync_info(s.sync_type, s.token, s.time, s.older_records),
    }
}

/// The answer of an entries sync: the entries and the token to keep.
pub fn entries_sync_list(s: &d::EntrySync<'_>, dir: &d::Directory, links: &Links) -> ThreadEntriesSyncList {
    ThreadEntriesSyncList {
        records: s.entries.iter().map(|e| entry_record(e, dir, links)).collect(),
        sync_info: sync_info(s.sync_type, s.token, s.time, s.older_records),
    }
}
