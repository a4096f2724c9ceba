//! Entries: everything that happens inside threads (messages, notes, and hints about the
//! thread's own changes), and their sync.
//!
//! FSync returns the alive messages, notes and hints of the open, alive threads in a scope;
//! ISync returns every entry changed since the token in any thread the actor can see (deleted
//! messages and notes included, each once in its latest state), whatever scope the FSync had:
//! a client then never misses an entry of a thread that enters its scope later.

use foldhash::HashSet;

use crate::error::DomainError;
use crate::id::{ExtensionId, ThreadId};
use crate::inbox::Inbox;
use crate::journal::{Assignment, Rec, Seq};
use crate::message::Message;
use crate::note::Note;
use crate::slot::EntrySlot;
use crate::sync::SyncType;
use crate::thread::{Availability, Thread, ThreadState};
use crate::time::Timestamp;
use crate::token::{SyncKind, SyncToken};

/// Which threads an entries FSync covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum EntryScope {
    /// Every thread the actor can see.
    Accessible,
    /// Open threads with no assignee.
    Unassigned,
    /// Threads assigned to the actor (the default).
    #[default]
    AssignedToMe,
    /// Both of the above.
    AssignedToMeAndUnassigned,
    /// These threads (any state, as long as the actor can see them and they are alive).
    Explicit(Vec<ThreadId>),
}

/// What a hint says happened to a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HintKind {
    /// `ThreadCreatedHint`.
    Created {
        /// The handler whose message started the thread; `None` for a customer's text.
        initiator: Option<ExtensionId>,
    },
    /// `ThreadAssignedHint`, with assignee, previous assignee and initiator.
    Assigned(Assignment),
    /// `ThreadResolvedHint`.
    Resolved {
        /// The handler who resolved it; `None` when the 72-hour rule did.
        initiator: Option<ExtensionId>,
    },
    /// `ThreadDeletedHint`.
    Deleted {
        /// The handler who deleted it (`None` only when read from a feed that left it out).
        initiator: Option<ExtensionId>,
    },
}

/// A hint: a thread-level change, as an entry of the thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hint {
    /// The hint's id: the journal position of the change, unique in the account.
    pub id: Seq,
    /// The thread.
    pub thread: ThreadId,
    /// When it happened.
    pub time: Timestamp,
    /// What happened.
    pub kind: HintKind,
}

/// An entry of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'a> {
    /// A message (its availability tells alive from deleted).
    Message(&'a Message),
    /// A note (its availability tells alive from deleted).
    Note(&'a Note),
    /// A hint.
    Hint(Hint),
}

impl Entry<'_> {
    /// When the entry last changed: the order of entries sync.
    pub fn last_modified(&self) -> Timestamp {
        match self {
            Entry::Message(m) => m.last_modified,
            Entry::Note(n) => n.last_modified,
            Entry::Hint(h) => h.time,
        }
    }

    /// The thread it belongs to.
    pub fn thread_id(&self) -> ThreadId {
        match self {
            Entry::Message(m) => m.thread,
            Entry::Note(n) => n.thread,
            Entry::Hint(h) => h.thread,
        }
    }

    /// An owned copy, for callers that outlive the inbox borrow.
    pub fn to_owned(&self) -> OwnedEntry {
        match *self {
            Entry::Message(m) => OwnedEntry::Message(m.clone()),
            Entry::Note(n) => OwnedEntry::Note(n.clone()),
            Entry::Hint(h) => OwnedEntry::Hint(h),
        }
    }
}

/// An owned [`Entry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedEntry {
    /// A message.
    Message(Message),
    /// A note.
    Note(Note),
    /// A hint.
    Hint(Hint),
}

/// The result of an entries sync.
#[derive(Debug, Clone)]
pub struct EntrySync<'a> {
    /// FSync or ISync.
    pub sync_type: SyncType,
    /// Entries, newest `lastModified` first.
    pub entries: Vec<Entry<'a>>,
    /// FSync only: whether older entries were left out past
    /// [`FSYNC_MAX_RECORDS`](crate::sync::FSYNC_MAX_RECORDS).
    pub older_records: bool,
    /// The token for the next ISync.
    pub token: SyncToken,
    /// The time of the sync.
    pub time: Timestamp,
}

impl Inbox {
    /// The hint recorded at journal entry `e`, if that entry is a hint.
    pub(crate) fn hint_at(&self, e: EntrySlot) -> Option<Hint> {
        let (time, rec) = self.journal.entry(e);
        let (slot, kind) = match rec {
            Rec::ThreadCreated(s, w) => (s, HintKind::Created { initiator: self.journal.initiator(w) }),
            Rec::ThreadAssigned(s, a) => (s, HintKind::Assigned(self.journal.assignment(a))),
            Rec::ThreadResolved(s, w) => (s, HintKind::Resolved { initiator: self.journal.initiator(w) }),
            Rec::ThreadExpired(s) => (s, HintKind::Resolved { initiator: None }),
            Rec::ThreadDeleted(s, w) => (s, HintKind::Deleted { initiator: self.journal.initiator(w) }),
            _ => return None,
        };
        Some(Hint { id: e.seq(), thread: self.records[slot].id(), time, kind })
    }

    /// A thread's alive entries: messages, notes and hints.
    pub fn entries_of<'a>(&'a self, thread: &'a Thread) -> impl Iterator<Item = Entry<'a>> + 'a {
        let messages = self.messages_of(thread).filter(|m| m.availability == Availability::Alive).map(Entry::Message);
        let notes = self.notes_of(thread).filter(|n| n.availability == Availability::Alive).map(Entry::Note);
        let hints = thread.hint_slots().iter().filter_map(|&e| self.hint_at(e)).map(Entry::Hint);
        messages.chain(notes).chain(hints)
    }

    /// Entries FSync: the alive entries of the alive threads in `scope` (open ones, except for
    /// `Explicit`), newest first, and a token. Call [`Inbox::advance`] first.
    pub fn fsync_entries(&self, actor: ExtensionId, scope: &EntryScope) -> Result<EntrySync<'_>, DomainError> {
        self.require_actor(actor)?;
        let open_visible = || {
            self.directory
                .resources_handled_by(actor)
                .flat_map(|r| self.records.open_of(r.id))
                .map(|s| &self.records[s])
        };
        let threads: Vec<&Thread> = match scope {
            EntryScope::Accessible => open_visible().collect(),
            EntryScope::Unassigned => open_visible().filter(|t| t.state() == ThreadState::Open).collect(),
            // Only open, alive threads are in the assignee index.
            EntryScope::AssignedToMe => self.assigned_threads(actor).collect(),
            EntryScope::AssignedToMeAndUnassigned => {
                open_visible().filter(|t| t.state() == ThreadState::Open || t.assignee() == Some(actor)).collect()
            }
            EntryScope::Explicit(ids) => {
                let mut seen = HashSet::default();
                let mut threads = Vec::new();
                for &id in ids {
                    let t = &self.records[self.visible_slot(actor, id)?];
                    if seen.insert(id) && t.availability() == Availability::Alive {
                        threads.push(t);
                    }
                }
                threads
            }
        };
        let all = threads.into_iter().flat_map(|t| self.entries_of(t));
        let (entries, older_records) = crate::sync::newest(all, crate::sync::FSYNC_MAX_RECORDS, newer);
        Ok(EntrySync {
            sync_type: SyncType::FSync,
            entries,
            older_records,
            token: self.issue_token(SyncKind::Entries, actor),
            time: self.clock,
        })
    }

    /// Entries ISync: every entry changed since `token` in threads `actor` can see, once each in
    /// its latest state, newest first, and a new token.
    pub fn isync_entries(&self, actor: ExtensionId, token: &str) -> Result<EntrySync<'_>, DomainError> {
        self.require_actor(actor)?;
        let t = self.check_token(actor, SyncKind::Entries, token)?;
        let mut messages = HashSet::default();
        let mut notes = HashSet::default();
        let mut entries = Vec::new();
        for (e, _, rec) in self.journal.slots_since(t.seq) {
            let entry = match rec {
                Rec::MessageAdded(m) | Rec::MessageStatusChanged(m) | Rec::MessageDeleted(m) => {
                    if !messages.insert(m) {
                        continue;
                    }
                    Entry::Message(&self.records[m])
                }
                Rec::NoteAdded(n) | Rec::NoteEdited(n) | Rec::NoteDeleted(n) => {
                    if !notes.insert(n) {
                        continue;
                    }
                    Entry::Note(&self.records[n])
                }
                Rec::HandlersChanged(_) => continue,
                _ => match self.hint_at(e) {
                    Some(h) => Entry::Hint(h),
                    None => continue,
                },
            };
            let thread = match entry {
                Entry::Message(m) => &self.records[m.thread_slot],
                _ => self.thread_by_id(entry.thread_id()).expect("an entry's thread is in the inbox"),
            };
            if self.can_access(actor, thread) {
                entries.push(entry);
            }
        }
        sort_newest_first(&mut entries);
        Ok(EntrySync {
            sync_type: SyncType::ISync,
            older_records: false,
            entries,
            token: self.issue_token(SyncKind::Entries, actor),
            time: self.clock,
        })
    }
}

/// Newest first; ties broken by kind and id so the order is stable.
fn newer(a: &Entry<'_>, b: &Entry<'_>) -> std::cmp::Ordering {
    fn key(e: &Entry<'_>) -> (u8, u128) {
        match e {
            Entry::Message(m) => (0, u128::from(m.id.get())),
            Entry::Note(n) => (1, u128::from(n.id.get())),
            Entry::Hint(h) => (2, u128::from(h.id)),
        }
    }
    b.last_modified().cmp(&a.last_modified()).then_with(|| key(a).cmp(&key(b)))
}

fn sort_newest_first(entries: &mut [Entry<'_>]) {
    entries.sort_unstable_by(newer);
}
