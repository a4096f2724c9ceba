//! A thread: the conversation between one shared number and one outside number.

use std::sync::Arc;

use crate::id::{ExtensionId, ThreadId};
use crate::phone::PhoneNumber;
use crate::time::{Millis, Timestamp};

/// How long a thread may stay open without an inbound or outbound message.
pub const THREAD_TTL: Millis = Millis::hours(72);

/// Where a thread is in its life. One enum, so that impossible states cannot be written: an
/// assignee exists only in [`ThreadState::Assigned`], and a resolved or expired thread has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ThreadState {
    /// Open with no assignee (a customer wrote first, or the assignee was removed). Nobody may
    /// send until someone assigns it.
    Open,
    /// Open and assigned: only this extension may send into it.
    Assigned(ExtensionId),
    /// Resolved by a handler (`statusReason=Manual`). Final.
    Resolved,
    /// Resolved by the 72-hour rule (`statusReason=ThreadExpired`). Final.
    Expired,
}

impl ThreadState {
    /// Open or assigned: messages may still join it.
    pub fn is_open(self) -> bool {
        matches!(self, ThreadState::Open | ThreadState::Assigned(_))
    }

    /// The assignee, when assigned.
    pub fn assignee(self) -> Option<ExtensionId> {
        match self {
            ThreadState::Assigned(e) => Some(e),
            _ => None,
        }
    }
}

/// Whether a record (thread, message or note) is live or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Availability {
    /// Visible in lists.
    Alive,
    /// Deleted: hidden unless asked for.
    Deleted,
}

/// A message thread. Fields are private: the inbox is the only writer, and it keeps the
/// invariants (a deleted thread has no assignee; a closed thread never reopens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub(crate) id: ThreadId,
    pub(crate) owner: ExtensionId,
    pub(crate) owner_number: PhoneNumber,
    pub(crate) guest_number: PhoneNumber,
    pub(crate) state: ThreadState,
    pub(crate) availability: Availability,
    pub(crate) label: Option<Arc<str>>,
    pub(crate) created: Timestamp,
    pub(crate) last_modified: Timestamp,
    pub(crate) last_activity: Timestamp,
    /// Slots of this thread's messages in the inbox, oldest first.
    pub(crate) messages: Vec<u32>,
    /// Slots of this thread's notes in the inbox, oldest first.
    pub(crate) notes: Vec<u32>,
    /// Journal indexes of this thread's hints (created, assigned, resolved, deleted).
    pub(crate) hints: Vec<u32>,
    /// The latest deadline queued in the schedule for this thread.
    pub(crate) expiry_queued: Timestamp,
}

impl Thread {
    /// The thread's id.
    pub fn id(&self) -> ThreadId {
        self.id
    }

    /// The common resource that owns the thread (a call queue or a site).
    pub fn owner(&self) -> ExtensionId {
        self.owner
    }

    /// The shared number (`ownerParty`).
    pub fn owner_number(&self) -> PhoneNumber {
        self.owner_number
    }

    /// The outside number (`guestParty`).
    pub fn guest_number(&self) -> PhoneNumber {
        self.guest_number
    }

    /// Open, assigned, resolved or expired.
    pub fn state(&self) -> ThreadState {
        self.state
    }

    /// Alive or deleted.
    pub fn availability(&self) -> Availability {
        self.availability
    }

    /// Open (assigned or not) and not deleted: the only threads messages can join.
    pub fn is_open_alive(&self) -> bool {
        self.state.is_open() && self.availability == Availability::Alive
    }

    /// The assignee; only an open, alive, assigned thread has one.
    pub fn assignee(&self) -> Option<ExtensionId> {
        self.state.assignee()
    }

    /// Text of the last message (`label`).
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// When the first message created it.
    pub fn created(&self) -> Timestamp {
        self.created
    }

    /// The last change of any kind (message, assignment, status, deletion).
    pub fn last_modified(&self) -> Timestamp {
        self.last_modified
    }

    /// The last inbound or outbound message: the 72-hour clock runs from here.
    pub fn last_activity(&self) -> Timestamp {
        self.last_activity
    }

    /// When the thread expires if nothing happens: exactly 72 hours after the last message.
    pub fn expires_at(&self) -> Timestamp {
        self.last_activity + THREAD_TTL
    }

    /// How many messages (alive or deleted) it holds.
    pub fn message_count(&self) -> usize {
        self.messages.len()
    }
}
