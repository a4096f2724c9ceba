//! Records rebuilt from another source (the wire, a store): the only way to make a [`Thread`],
//! [`Message`] or [`Note`] outside the inbox, and it refuses impossible states.

use crate::id::{ExtensionId, MessageId, NoteId, ThreadId};
use crate::message::{Attachment, DeliveryError, Direction, Message, MessageStatus};
use crate::note::Note;
use crate::phone::PhoneNumber;
use crate::slot::ThreadSlot;
use crate::thread::{Availability, Thread, ThreadState};
use crate::time::Timestamp;

/// A thread as described by another source (the wire), to rebuild a [`Thread`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadParts {
    /// Id.
    pub id: ThreadId,
    /// Owning resource.
    pub owner: ExtensionId,
    /// `ownerParty`.
    pub owner_number: PhoneNumber,
    /// `guestParty`.
    pub guest_number: PhoneNumber,
    /// State.
    pub state: ThreadState,
    /// Availability.
    pub availability: Availability,
    /// `label`.
    pub label: Option<String>,
    /// `creationTime`.
    pub created: Timestamp,
    /// `lastModifiedTime`.
    pub last_modified: Timestamp,
}

/// Why parts cannot make a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("impossible record: {0}")]
pub struct ImpossibleRecord(pub &'static str);

impl Thread {
    /// Rebuilds a thread. A deleted thread cannot have an assignee, and nothing can be modified
    /// before it was created. The last message time is not on the wire: `last_modified` stands
    /// in for it.
    pub fn from_parts(p: ThreadParts) -> Result<Thread, ImpossibleRecord> {
        if p.availability == Availability::Deleted && p.state.assignee().is_some() {
            return Err(ImpossibleRecord("a deleted thread has no assignee"));
        }
        if p.last_modified < p.created {
            return Err(ImpossibleRecord("lastModifiedTime is before creationTime"));
        }
        Ok(Thread::new(
            p.id,
            p.owner,
            p.owner_number,
            p.guest_number,
            p.state,
            p.availability,
            p.label.map(Into::into),
            p.created,
            p.last_modified,
        ))
    }
}

/// A message as described by another source, to rebuild a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageParts {
    /// Id.
    pub id: MessageId,
    /// Thread.
    pub thread: ThreadId,
    /// Direction.
    pub direction: Direction,
    /// Delivery status.
    pub status: MessageStatus,
    /// Availability.
    pub availability: Availability,
    /// Delivery error, when failed.
    pub delivery_error: Option<DeliveryError>,
    /// Text.
    pub text: String,
    /// Author (outbound).
    pub author: Option<ExtensionId>,
    /// `creationTime`.
    pub created: Timestamp,
    /// `lastModifiedTime`.
    pub last_modified: Timestamp,
    /// Attachments.
    pub attachments: Vec<Attachment>,
}

impl Message {
    /// Rebuilds a message. An inbound message has no author and the status `Received`.
    pub fn from_parts(p: MessageParts) -> Result<Message, ImpossibleRecord> {
        if p.direction == Direction::Inbound && p.status != MessageStatus::Received {
            return Err(ImpossibleRecord("an inbound message is Received"));
        }
        if p.direction == Direction::Outbound && p.status == MessageStatus::Received {
            return Err(ImpossibleRecord("an outbound message is never Received"));
        }
        Ok(Message {
            id: p.id,
            thread: p.thread,
            // Not held by an inbox: no slot.
            thread_slot: ThreadSlot::DETACHED,
            direction: p.direction,
            status: p.status,
            availability: p.availability,
            delivery_error: p.delivery_error,
            text: p.text.into(),
            author: p.author,
            created: p.created,
            last_modified: p.last_modified,
            attachments: p.attachments.into(),
        })
    }
}

/// A note as described by another source, to rebuild a [`Note`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteParts {
    /// Id.
    pub id: NoteId,
    /// Thread.
    pub thread: ThreadId,
    /// Author.
    pub author: ExtensionId,
    /// Text.
    pub text: String,
    /// Availability.
    pub availability: Availability,
    /// `creationTime`.
    pub created: Timestamp,
    /// `lastModifiedTime`.
    pub last_modified: Timestamp,
}

impl Note {
    /// Rebuilds a note.
    pub fn from_parts(p: NoteParts) -> Note {
        Note {
            id: p.id,
            thread: p.thread,
            author: p.author,
            text: p.text,
            availability: p.availability,
            created: p.created,
            last_modified: p.last_modified,
        }
    }
}
