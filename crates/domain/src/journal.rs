//! The change journal: every state change, in order, with a sequence number and its time.
//!
//! Entries are compact (24 bytes) and refer to records by their slot in the inbox; the public
//! view ([`JournalEntry`]) speaks in ids. Sequence numbers start at 1; position 0 means "before
//! everything", so a sync token at 0 sees the whole history.

use foldhash::HashMap;

use crate::id::{ExtensionId, MessageId, NoteId, ThreadId};
use crate::slot::{EntrySlot, MessageSlot, NoteSlot, Slot, ThreadSlot};
use crate::time::Timestamp;

/// A position in the journal: the number of changes applied so far.
pub type Seq = u64;

/// One recorded change, in compact form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rec {
    ThreadCreated(ThreadSlot, Who),
    /// Thread, index into the assignment log.
    ThreadAssigned(ThreadSlot, u32),
    ThreadResolved(ThreadSlot, Who),
    ThreadExpired(ThreadSlot),
    ThreadDeleted(ThreadSlot, Who),
    MessageAdded(MessageSlot),
    MessageStatusChanged(MessageSlot),
    MessageDeleted(MessageSlot),
    NoteAdded(NoteSlot),
    NoteEdited(NoteSlot),
    NoteDeleted(NoteSlot),
    /// Index into the handler change log.
    HandlersChanged(u32),
}

/// Who made a change, as an index into the journal's table of initiators, so that entries stay
/// compact; [`Who::SYSTEM`] when the service did (or a customer's text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Who(u32);

impl Who {
    pub(crate) const SYSTEM: Who = Who(u32::MAX);
}

/// A handler change as recorded: who was added to and removed from which resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HandlerChangeRecord {
    pub(crate) resource: ExtensionId,
    pub(crate) added: Vec<ExtensionId>,
    pub(crate) removed: Vec<ExtensionId>,
}

/// Who assigned a thread to whom: the content of a `ThreadAssignedHint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Assignment {
    /// The new assignee; `None` when the thread was unassigned.
    pub assignee: Option<ExtensionId>,
    /// The assignee before.
    pub previous: Option<ExtensionId>,
    /// Who did it; `None` when the service did (a removed handler's threads).
    pub initiator: Option<ExtensionId>,
}

/// A change, in ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// A thread was created by its first message.
    ThreadCreated(ThreadId),
    /// A thread was assigned, reassigned or unassigned.
    ThreadAssigned(ThreadId, Assignment),
    /// A handler resolved a thread.
    ThreadResolved(ThreadId),
    /// A thread expired after 72 hours without messages.
    ThreadExpired(ThreadId),
    /// A thread (and its messages) was deleted.
    ThreadDeleted(ThreadId),
    /// A message was sent or received.
    MessageAdded(MessageId),
    /// A message's delivery status changed.
    MessageStatusChanged(MessageId),
    /// A message was deleted.
    MessageDeleted(MessageId),
    /// A note was added.
    NoteAdded(NoteId),
    /// A note's text was edited.
    NoteEdited(NoteId),
    /// A note was deleted.
    NoteDeleted(NoteId),
    /// A resource's SMS handlers changed.
    HandlersChanged(ExtensionId),
}

/// A journal entry: sequence number, time, change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JournalEntry {
    /// Its position (1 for the first change).
    pub seq: Seq,
    /// When it happened (the inbox's clock, which never goes back).
    pub time: Timestamp,
    /// What happened.
    pub change: Change,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Journal {
    entries: Vec<(Timestamp, Rec)>,
    assignments: Vec<Assignment>,
    handler_changes: Vec<HandlerChangeRecord>,
    /// Every extension that initiated a change, once (bounded by the account's extensions).
    initiators: Vec<ExtensionId>,
    initiator_index: HashMap<ExtensionId, u32>,
}

impl Journal {
    pub(crate) fn push(&mut self, time: Timestamp, rec: Rec) -> Seq {
        debug_assert!(self.entries.last().is_none_or(|&(t, _)| t <= time), "journal time goes forward");
        self.entries.push((time, rec));
        self.entries.len() as Seq
    }

    pub(crate) fn push_assignment(&mut self, time: Timestamp, thread: ThreadSlot, a: Assignment) -> Seq {
        let idx = u32::try_from(self.assignments.len()).expect("fewer than 2^32 assignments");
        self.assignments.push(a);
        self.push(time, Rec::ThreadAssigned(thread, idx))
    }

    pub(crate) fn push_handler_change(&mut self, time: Timestamp, change: HandlerChangeRecord) -> Seq {
        let idx = u32::try_from(self.handler_changes.len()).expect("fewer than 2^32 handler changes");
        self.handler_changes.push(change);
        self.push(time, Rec::HandlersChanged(idx))
    }

    /// `extension` as a compact initiator of an entry.
    pub(crate) fn who(&mut self, extension: ExtensionId) -> Who {
        let next = u32::try_from(self.initiators.len()).expect("fewer than 2^32 initiators");
        let idx = *self.initiator_index.entry(extension).or_insert(next);
        if idx == next {
            self.initiators.push(extension);
        }
        Who(idx)
    }

    /// The extension behind `who`; `None` for the system.
    pub(crate) fn initiator(&self, who: Who) -> Option<ExtensionId> {
        self.initiators.get(who.0 as usize).copied()
    }

    /// The entry most recently pushed.
    pub(crate) fn last_slot(&self) -> EntrySlot {
        EntrySlot::at(self.entries.len() - 1)
    }

    pub(crate) fn entry(&self, e: EntrySlot) -> (Timestamp, Rec) {
        self.entries[e.index()]
    }

    pub(crate) fn assignment(&self, idx: u32) -> Assignment {
        self.assignments[idx as usize]
    }

    pub(crate) fn handler_change(&self, idx: u32) -> &HandlerChangeRecord {
        &self.handler_changes[idx as usize]
    }

    /// The current position.
    pub(crate) fn seq(&self) -> Seq {
        self.entries.len() as Seq
    }

    /// Entries after position `since`, as (seq, time, rec).
    pub(crate) fn since(&self, since: Seq) -> impl Iterator<Item = (Seq, Timestamp, Rec)> + '_ {
        self.slots_since(since).map(|(e, t, r)| (e.seq(), t, r))
    }

    /// Entries after position `since`, with their slots.
    pub(crate) fn slots_since(&self, since: Seq) -> impl Iterator<Item = (EntrySlot, Timestamp, Rec)> + '_ {
        let start = usize::try_from(since).unwrap_or(usize::MAX).min(self.entries.len());
        self.entries[start..].iter().enumerate().map(move |(i, &(t, r))| (EntrySlot::at(start + i), t, r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_stay_compact() {
        assert!(std::mem::size_of::<(Timestamp, Rec)>() <= 24);
    }

    #[test]
    fn since_numbers_from_one() {
        let mut j = Journal::default();
        let t = Timestamp::from_millis(1);
        assert_eq!(j.push(t, Rec::ThreadCreated(ThreadSlot::at(0), Who::SYSTEM)), 1);
        assert_eq!(j.push(t, Rec::MessageAdded(MessageSlot::at(0))), 2);
        let seqs: Vec<_> = j.since(0).map(|(s, _, _)| s).collect();
        assert_eq!(seqs, [1, 2]);
        assert_eq!(j.since(1).count(), 1);
        assert_eq!(j.since(9).count(), 0);
    }

    #[test]
    fn initiators_are_kept_once_and_read_back() {
        let mut j = Journal::default();
        let (a, b) = (ExtensionId::new(7), ExtensionId::new(9));
        let (wa, wb) = (j.who(a), j.who(b));
        assert_eq!(j.who(a), wa);
        assert_eq!((j.initiator(wa), j.initiator(wb), j.initiator(Who::SYSTEM)), (Some(a), Some(b), None));
        assert_eq!(j.initiators.len(), 2);
    }
}
