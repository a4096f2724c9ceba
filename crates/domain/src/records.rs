//! The records of one inbox (threads, messages, notes) and every index over them.
//!
//! The indexes must move together with the records' state: a thread is in the pair index
//! exactly while it is open and alive, in the assignee index exactly while it is assigned. So
//! the maps are private here, and the state changes that move them (create a thread, set its
//! state, delete it, add a message) are the only writers. Commands read records by slot and
//! change them only through this API.

use foldhash::{HashMap, HashSet};
use std::ops::{Index, IndexMut};
use std::sync::Arc;

use crate::id::{ExtensionId, MessageId, NoteId, ThreadId};
use crate::message::{Attachment, DeliveryError, Direction, Message, MessageStatus};
use crate::message_index::MessageIndex;
use crate::note::Note;
use crate::phone::PhoneNumber;
use crate::slot::{EntrySlot, MessageSlot, NoteSlot, Table, ThreadSlot};
use crate::thread::{Availability, Thread, ThreadState};
use crate::time::Timestamp;

/// A message about to join a thread; the records fill in the thread.
#[derive(Debug)]
pub(crate) struct NewMessage {
    pub(crate) id: MessageId,
    pub(crate) direction: Direction,
    pub(crate) status: MessageStatus,
    pub(crate) delivery_error: Option<DeliveryError>,
    pub(crate) text: Arc<str>,
    pub(crate) author: Option<ExtensionId>,
    pub(crate) attachments: Box<[Attachment]>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Records {
    threads: Table<ThreadSlot, Thread>,
    thread_ids: HashMap<ThreadId, ThreadSlot>,
    /// The one open, alive thread of each (owner number, guest number) pair.
    open_by_pair: HashMap<(PhoneNumber, PhoneNumber), ThreadSlot>,
    /// Open, alive threads of each owning resource.
    open_by_owner: HashMap<ExtensionId, HashSet<ThreadSlot>>,
    /// Threads of each owning resource, in creation order.
    by_owner: HashMap<ExtensionId, Vec<ThreadSlot>>,
    /// Open, alive threads assigned to each extension.
    assigned_to: HashMap<ExtensionId, HashSet<ThreadSlot>>,
    messages: Table<MessageSlot, Message>,
    message_ids: MessageIndex,
    notes: Table<NoteSlot, Note>,
    note_ids: HashMap<NoteId, NoteSlot>,
}

/// Lookups.
impl Records {
    pub(crate) fn thread_slot(&self, id: ThreadId) -> Option<ThreadSlot> {
        self.thread_ids.get(&id).copied()
    }

    pub(crate) fn message_slot(&self, id: MessageId) -> Option<MessageSlot> {
        self.message_ids.get(id, self.messages.len(), |s| self.messages[s].id)
    }

    pub(crate) fn note_slot(&self, id: NoteId) -> Option<NoteSlot> {
        self.note_ids.get(&id).copied()
    }

    /// The open, alive thread between two numbers.
    pub(crate) fn open_thread(&self, owner_number: PhoneNumber, guest_number: PhoneNumber) -> Option<ThreadSlot> {
        self.open_by_pair.get(&(owner_number, guest_number)).copied()
    }

    /// How many threads are open and alive.
    pub(crate) fn open_count(&self) -> usize {
        self.open_by_pair.len()
    }

    /// Open, alive threads of `owner`, in no particular order.
    pub(crate) fn open_of(&self, owner: ExtensionId) -> impl Iterator<Item = ThreadSlot> + '_ {
        self.open_by_owner.get(&owner).into_iter().flatten().copied()
    }

    /// Threads of `owner`, in creation order.
    pub(crate) fn of_owner(&self, owner: ExtensionId) -> impl Iterator<Item = ThreadSlot> + '_ {
        self.by_owner.get(&owner).into_iter().flatten().copied()
    }

    /// Open, alive threads assigned to `extension`, in no particular order.
    pub(crate) fn assigned_to(&self, extension: ExtensionId) -> impl Iterator<Item = ThreadSlot> + '_ {
        self.assigned_to.get(&extension).into_iter().flatten().copied()
    }

    pub(crate) fn threads(&self) -> std::slice::Iter<'_, Thread> {
        self.threads.iter()
    }

    pub(crate) fn messages(&self) -> std::slice::Iter<'_, Message> {
        self.messages.iter()
    }

    pub(crate) fn thread_count(&self) -> usize {
        self.threads.len()
    }

    pub(crate) fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// Whether an expiry deadline `at` queued for thread `s` is still the one that counts.
    pub(crate) fn expiry_current(&self, s: ThreadSlot, at: Timestamp) -> bool {
        let t = &self.threads[s];
        t.is_open_alive() && t.expires_at() == at
    }
}

/// The state changes that move the indexes.
impl Records {
    /// A new open, unassigned thread: in the pair index from now on.
    pub(crate) fn create_thread(
        &mut self,
        id: ThreadId,
        owner: ExtensionId,
        owner_number: PhoneNumber,
        guest: PhoneNumber,
        now: Timestamp,
    ) -> ThreadSlot {
        let t = Thread::new(id, owner, owner_number, guest, ThreadState::Open, Availability::Alive, None, now, now);
        let s = self.threads.push(t);
        self.thread_ids.insert(id, s);
        self.open_by_pair.insert((owner_number, guest), s);
        self.open_by_owner.entry(owner).or_default().insert(s);
        self.by_owner.entry(owner).or_default().push(s);
        s
    }

    /// Changes a thread's state, keeping the pair and assignee indexes in step.
    pub(crate) fn set_state(&mut self, s: ThreadSlot, state: ThreadState, at: Timestamp) {
        let old = self.threads[s].set_state(state, at);
        if let Some(a) = old.assignee() {
            if let Some(set) = self.assigned_to.get_mut(&a) {
                set.remove(&s);
            }
        }
        if let Some(a) = state.assignee() {
            self.assigned_to.entry(a).or_default().insert(s);
        }
        if !state.is_open() {
            self.close(s);
        }
    }

    /// Deletes a thread: its assignee goes, its status (open, resolved, expired) stays, and it
    /// leaves the open indexes. Its messages are the caller's to mark.
    pub(crate) fn delete_thread(&mut self, s: ThreadSlot, at: Timestamp) {
        let state = match self.threads[s].state() {
            ThreadState::Assigned(_) => ThreadState::Open,
            other => other,
        };
        self.set_state(s, state, at);
        self.close(s);
        self.threads[s].mark_deleted();
    }

    /// Takes a thread out of the open indexes.
    fn close(&mut self, s: ThreadSlot) {
        let t = &self.threads[s];
        let pair = (t.owner_number(), t.guest_number());
        if self.open_by_pair.get(&pair) == Some(&s) {
            self.open_by_pair.remove(&pair);
        }
        if let Some(set) = self.open_by_owner.get_mut(&t.owner()) {
            set.remove(&s);
        }
    }

    /// Adds a message to thread `t` at `now`. Returns its slot, and the thread's new expiry
    /// deadline when one must be queued.
    pub(crate) fn add_message(
        &mut self,
        t: ThreadSlot,
        m: NewMessage,
        now: Timestamp,
    ) -> (MessageSlot, Option<Timestamp>) {
        let s = self.messages.next_slot();
        let thread = &mut self.threads[t];
        let deadline = thread.push_message(s, m.text.clone(), now);
        self.messages.push(Message {
            id: m.id,
            thread: thread.id(),
            thread_slot: t,
            direction: m.direction,
            status: m.status,
            availability: Availability::Alive,
            delivery_error: m.delivery_error,
            text: m.text,
            author: m.author,
            created: now,
            last_modified: now,
            attachments: m.attachments,
        });
        self.message_ids.insert(m.id, s);
        (s, deadline)
    }

    /// Adds a note to thread `t`.
    pub(crate) fn add_note(&mut self, t: ThreadSlot, note: Note) -> NoteSlot {
        let id = note.id;
        let s = self.notes.push(note);
        self.note_ids.insert(id, s);
        self.threads[t].push_note(s);
        s
    }

    /// Files a journal entry as one of the thread's hints.
    pub(crate) fn push_hint(&mut self, t: ThreadSlot, e: EntrySlot) {
        self.threads[t].push_hint(e);
    }
}

impl Index<ThreadSlot> for Records {
    type Output = Thread;

    fn index(&self, s: ThreadSlot) -> &Thread {
        &self.threads[s]
    }
}

impl Index<MessageSlot> for Records {
    type Output = Message;

    fn index(&self, s: MessageSlot) -> &Message {
        &self.messages[s]
    }
}

/// Messages may change in place (status, deletion): no index depends on what changes.
impl IndexMut<MessageSlot> for Records {
    fn index_mut(&mut self, s: MessageSlot) -> &mut Message {
        &mut self.messages[s]
    }
}

impl Index<NoteSlot> for Records {
    type Output = Note;

    fn index(&self, s: NoteSlot) -> &Note {
        &self.notes[s]
    }
}

/// Notes may change in place (text, deletion): no index depends on what changes.
impl IndexMut<NoteSlot> for Records {
    fn index_mut(&mut self, s: NoteSlot) -> &mut Note {
        &mut self.notes[s]
    }
}
