//! A thread: the conversation between one shared number and one outside number.

use std::sync::Arc;

use crate::id::{ExtensionId, ThreadId};
use crate::phone::PhoneNumber;
use crate::slot::{EntrySlot, MessageSlot, NoteSlot};
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

/// A message thread. Fields are private: only the inbox's records (`records.rs`) hold a
/// `&mut Thread`, and they change it through the methods below, keeping the invariants (a
/// deleted thread has no assignee; a closed thread never reopens) and their indexes in step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    id: ThreadId,
    owner: ExtensionId,
    owner_number: PhoneNumber,
    guest_number: PhoneNumber,
    state: ThreadState,
    availability: Availability,
    label: Option<Arc<str>>,
    created: Timestamp,
    last_modified: Timestamp,
    last_activity: Timestamp,
    /// This thread's messages, oldest first.
    messages: Vec<MessageSlot>,
    /// This thread's notes, oldest first.
    notes: Vec<NoteSlot>,
    /// Journal entries of this thread's hints (created, assigned, resolved, deleted).
    hints: Vec<EntrySlot>,
    /// The latest deadline queued in the schedule for this thread.
    expiry_queued: Timestamp,
}

/// The writers, for the inbox's records only.
impl Thread {
    /// A thread with no messages yet: created by its first message, or rebuilt from parts.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        id: ThreadId,
        owner: ExtensionId,
        owner_number: PhoneNumber,
        guest_number: PhoneNumber,
        state: ThreadState,
        availability: Availability,
        label: Option<Arc<str>>,
        created: Timestamp,
        last_modified: Timestamp,
    ) -> Self {
        Self {
            id,
            owner,
            owner_number,
            guest_number,
            state,
            availability,
            label,
            created,
            last_modified,
            last_activity: last_modified,
            messages: Vec::new(),
            notes: Vec::new(),
            hints: Vec::new(),
            expiry_queued: Timestamp::default(),
        }
    }

    /// Moves to `state` at `at`; returns the state before.
    pub(crate) fn set_state(&mut self, state: ThreadState, at: Timestamp) -> ThreadState {
        self.last_modified = at;
        std::mem::replace(&mut self.state, state)
    }

    pub(crate) fn mark_deleted(&mut self) {
        self.availability = Availability::Deleted;
    }

    /// A message joined at `now`: it is the label and restarts the 72-hour clock. Returns the new
    /// expiry deadline when it must be queued: one per thread and instant, so that several
    /// messages in the same millisecond do not fill the queue with entries that all look current.
    pub(crate) fn push_message(&mut self, m: MessageSlot, text: Arc<str>, now: Timestamp) -> Option<Timestamp> {
        self.messages.push(m);
        self.label = Some(text);
        self.last_activity = now;
        self.last_modified = now;
        let deadline = self.expires_at();
        let new = deadline > self.expiry_queued;
        self.expiry_queued = deadline;
        new.then_some(deadline)
    }

    pub(crate) fn push_note(&mut self, n: NoteSlot) {
        self.notes.push(n);
    }

    pub(crate) fn push_hint(&mut self, e: EntrySlot) {
        self.hints.push(e);
    }

    /// This thread's messages, oldest first.
    pub(crate) fn message_slots(&self) -> &[MessageSlot] {
        &self.messages
    }

    /// This thread's notes, oldest first.
    pub(crate) fn note_slots(&self) -> &[NoteSlot] {
        &self.notes
    }

    /// Journal entries of this thread's hints, oldest first.
    pub(crate) fn hint_slots(&self) -> &[EntrySlot] {
        &self.hints
    }
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
