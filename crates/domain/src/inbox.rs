//! The inbox of one account: threads, messages, the deadline schedule and the journal, changed
//! only by commands that are given the actor and the time.

use foldhash::{HashMap, HashSet};
use std::fmt;

use crate::classic::Stores;
use crate::directory::Directory;
use crate::directory::ExtensionStatus;
use crate::error::DomainError;
use crate::id::{AccountId, ExtensionId, IdSource, MessageId, NoteId, ThreadId};
use crate::journal::{Assignment, Change, Journal, JournalEntry, Rec, Seq};
use crate::message::{DELIVERED_AFTER, Message, MessageStatus};
use crate::notes::Note;
use crate::phone::PhoneNumber;
use crate::recipients::{Action, Event};
use crate::schedule::{Due, Schedule};
use crate::slots::MessageSlots;
use crate::thread::{Availability, Thread, ThreadState};
use crate::time::Timestamp;

/// The state of one account's thread messaging, and the only place its rules are applied.
///
/// Every command takes the acting extension and the current time; ids come from the injected
/// [`IdSource`]. A command either succeeds, recording its changes in the journal, or returns a
/// [`DomainError`] having changed nothing. Time never goes back: a command stamped earlier than
/// the inbox's clock runs at the clock's time. Before each command, whatever fell due (expiry,
/// delivery progress) is applied at the time it fell due.
pub struct Inbox {
    pub(crate) account: AccountId,
    pub(crate) directory: Directory,
    pub(crate) ids: Box<dyn IdSource + Send>,
    pub(crate) clock: Timestamp,
    pub(crate) threads: Vec<Thread>,
    pub(crate) thread_slots: HashMap<ThreadId, u32>,
    /// The one open, alive thread of each (owner number, guest number) pair.
    pub(crate) open_by_pair: HashMap<(PhoneNumber, PhoneNumber), u32>,
    /// Open, alive threads of each owning resource.
    pub(crate) open_by_owner: HashMap<ExtensionId, HashSet<u32>>,
    /// Threads of each owning resource, in creation order.
    pub(crate) by_owner: HashMap<ExtensionId, Vec<u32>>,
    /// Open, alive threads assigned to each extension.
    pub(crate) assigned_to: HashMap<ExtensionId, HashSet<u32>>,
    pub(crate) messages: Vec<Message>,
    pub(crate) message_slots: MessageSlots,
    pub(crate) notes: Vec<Note>,
    pub(crate) note_slots: HashMap<NoteId, u32>,
    pub(crate) opted_out: HashSet<(PhoneNumber, PhoneNumber)>,
    pub(crate) schedule: Schedule,
    pub(crate) journal: Journal,
    pub(crate) stores: Stores,
    /// What happened, per command, for notifications; drained by `take_notifications`.
    pub(crate) outbox: Vec<Event>,
}

impl fmt::Debug for Inbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbox")
            .field("account", &self.account)
            .field("clock", &self.clock)
            .field("threads", &self.threads.len())
            .field("messages", &self.messages.len())
            .field("journal", &self.journal.seq())
            .finish_non_exhaustive()
    }
}

pub(crate) fn slot(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 records in one inbox")
}

impl Inbox {
    /// An empty inbox for `account` configured by `directory`, taking new ids from `ids`.
    pub fn new(account: AccountId, directory: Directory, ids: impl IdSource + Send + 'static) -> Self {
        Self {
            account,
            directory,
            ids: Box::new(ids),
            clock: Timestamp::default(),
            threads: Vec::new(),
            thread_slots: HashMap::default(),
            open_by_pair: HashMap::default(),
            open_by_owner: HashMap::default(),
            by_owner: HashMap::default(),
            assigned_to: HashMap::default(),
            messages: Vec::new(),
            message_slots: MessageSlots::default(),
            notes: Vec::new(),
            note_slots: HashMap::default(),
            opted_out: HashSet::default(),
            schedule: Schedule::default(),
            journal: Journal::default(),
            stores: Stores::default(),
            outbox: Vec::new(),
        }
    }

    /// The account this inbox belongs to.
    pub fn account(&self) -> AccountId {
        self.account
    }

    /// The account's configuration (SMS handlers as they are now).
    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// The inbox's clock: the latest time it has been given.
    pub fn now(&self) -> Timestamp {
        self.clock
    }

    /// Moves the clock to `now` (never back) and applies everything due by then, each at the time
    /// it fell due: threads expire exactly 72 hours after their last message, outbound messages
    /// become `Sent` then `Delivered`. Costs only the work that is due. Returns the clock.
    pub fn advance(&mut self, now: Timestamp) -> Timestamp {
        let now = now.max(self.clock);
        while let Some((at, due)) = self.schedule.pop_due(now) {
            let at = at.max(self.clock);
            self.clock = at;
            match due {
                Due::Expire(s) => self.expire(s, at),
                Due::Sent(s) => self.progress(s, at, MessageStatus::Queued, MessageStatus::Sent),
                Due::Delivered(s) => self.progress(s, at, MessageStatus::Sent, MessageStatus::Delivered),
            }
        }
        self.clock = now;
        now
    }

    fn expire(&mut self, s: u32, at: Timestamp) {
        let t = &self.threads[s as usize];
        // A stale deadline: the thread got a newer message, or closed some other way.
        if !t.is_open_alive() || t.expires_at() != at {
            return;
        }
        self.set_state(s, ThreadState::Expired, at);
        self.record_hint(s, at, Rec::ThreadExpired(s));
        self.notify(Action::Resolved, s);
    }

    fn progress(&mut self, s: u32, at: Timestamp, from: MessageStatus, to: MessageStatus) {
        let m = &mut self.messages[s as usize];
        if m.status != from || m.availability != Availability::Alive {
            return;
        }
        m.status = to;
        m.last_modified = at;
        if to == MessageStatus::Sent {
            let delivered = m.created + DELIVERED_AFTER;
            self.schedule.delivered_at(delivered.max(at), s);
        }
        self.journal.push(at, Rec::MessageStatusChanged(s));
        let thread = self.messages[s as usize].thread_slot;
        self.notify(Action::MessageStatusChanged, thread);
    }

    /// Journals a thread-level change that entries sync reports as a hint.
    pub(crate) fn record_hint(&mut self, s: u32, at: Timestamp, rec: Rec) {
        self.journal.push(at, rec);
        let idx = slot(self.journal.entries.len() - 1);
        self.threads[s as usize].hints.push(idx);
    }

    /// Journals an assignment change (a `ThreadAssignedHint`).
    pub(crate) fn record_assignment(&mut self, s: u32, at: Timestamp, a: Assignment) {
        self.journal.push_assignment(at, s, a);
        let idx = slot(self.journal.entries.len() - 1);
        self.threads[s as usize].hints.push(idx);
    }

    /// Takes a thread out of the open indexes (it was resolved, expired or deleted).
    pub(crate) fn close(&mut self, s: u32) {
        let t = &self.threads[s as usize];
        let pair = (t.owner_number, t.guest_number);
        if self.open_by_pair.get(&pair) == Some(&s) {
            self.open_by_pair.remove(&pair);
        }
        if let Some(set) = self.open_by_owner.get_mut(&t.owner) {
            set.remove(&s);
        }
    }

    /// Changes a thread's state, keeping the pair and assignee indexes in step.
    pub(crate) fn set_state(&mut self, s: u32, state: ThreadState, at: Timestamp) {
        let t = &mut self.threads[s as usize];
        let old = t.state;
        t.state = state;
        t.last_modified = at;
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

    /// The acting extension must be an enabled user of the account.
    pub(crate) fn require_actor(&self, actor: ExtensionId) -> Result<(), DomainError> {
        match self.directory.user(actor) {
            None => Err(DomainError::ExtensionNotFound(actor)),
            Some(u) if u.status != ExtensionStatus::Enabled => Err(DomainError::ExtensionNotEnabled(actor)),
            Some(_) => Ok(()),
        }
    }

    /// The slot of a thread the actor may see: 404 when unknown, 403 when another resource's.
    pub(crate) fn visible_slot(&self, actor: ExtensionId, id: ThreadId) -> Result<u32, DomainError> {
        let s = *self.thread_slots.get(&id).ok_or(DomainError::ThreadNotFound(id))?;
        let owner = self.threads[s as usize].owner;
        if self.directory.is_handler(owner, actor) {
            Ok(s)
        } else {
            Err(DomainError::NotAHandler { extension_id: actor, resource: owner })
        }
    }

    /// Whether `actor` may read and act on `thread`: they handle SMS for its resource.
    pub fn can_access(&self, actor: ExtensionId, thread: &Thread) -> bool {
        self.directory.is_handler(thread.owner, actor)
    }

    /// A thread, as `actor` may see it.
    pub fn thread(&self, actor: ExtensionId, id: ThreadId) -> Result<&Thread, DomainError> {
        self.require_actor(actor)?;
        Ok(&self.threads[self.visible_slot(actor, id)? as usize])
    }

    /// A thread, whoever asks (for the server's own use and for tests).
    pub fn thread_by_id(&self, id: ThreadId) -> Option<&Thread> {
        self.thread_slots.get(&id).map(|&s| &self.threads[s as usize])
    }

    /// A message, as `actor` may see it (they handle its thread's resource).
    pub fn message(&self, actor: ExtensionId, id: MessageId) -> Result<&Message, DomainError> {
        self.require_actor(actor)?;
        let m = self.message_by_id(id).ok_or(DomainError::MessageNotFound(id))?;
        self.visible_slot(actor, m.thread)?;
        Ok(m)
    }

    /// A message, whoever asks.
    pub fn message_by_id(&self, id: MessageId) -> Option<&Message> {
        self.message_slot(id).map(|s| &self.messages[s as usize])
    }

    /// The slot of a message by id.
    pub(crate) fn message_slot(&self, id: MessageId) -> Option<u32> {
        self.message_slots.get(id, self.messages.len(), |s| self.messages[s as usize].id)
    }

    /// A thread's messages, oldest first (deleted ones included).
    pub fn messages_of<'a>(&'a self, thread: &'a Thread) -> impl Iterator<Item = &'a Message> + 'a {
        thread.messages.iter().map(|&s| &self.messages[s as usize])
    }

    /// The open, alive thread between two numbers, if there is one.
    pub fn open_thread(&self, owner_number: PhoneNumber, guest_number: PhoneNumber) -> Option<&Thread> {
        self.open_by_pair.get(&(owner_number, guest_number)).map(|&s| &self.threads[s as usize])
    }

    /// Whether `guest` has opted out of messages from `owner_number`.
    pub fn is_opted_out(&self, owner_number: PhoneNumber, guest: PhoneNumber) -> bool {
        self.opted_out.contains(&(owner_number, guest))
    }

    /// Every thread, in creation order (for tests and administration; requests use indexes).
    pub fn all_threads(&self) -> impl Iterator<Item = &Thread> {
        self.threads.iter()
    }

    /// Every message, in creation order.
    pub fn all_messages(&self) -> impl Iterator<Item = &Message> {
        self.messages.iter()
    }

    /// Threads of one resource, oldest first.
    pub fn threads_of(&self, resource: ExtensionId) -> impl Iterator<Item = &Thread> {
        self.by_owner.get(&resource).into_iter().flatten().map(|&s| &self.threads[s as usize])
    }

    /// Open, alive threads assigned to `extension` (any resource).
    pub fn assigned_threads(&self, extension: ExtensionId) -> impl Iterator<Item = &Thread> {
        self.assigned_to.get(&extension).into_iter().flatten().map(|&s| &self.threads[s as usize])
    }

    /// How many threads are open and alive.
    pub fn open_thread_count(&self) -> usize {
        self.open_by_pair.len()
    }

    /// When the inbox next has work that falls due (a message turning `Sent` or `Delivered`, a
    /// thread that may expire), or `None` when nothing is scheduled. A caller that owns a timer
    /// sleeps until then and calls [`advance`](Self::advance) with that time (like quinn-proto's
    /// `poll_timeout`). The answer can be early, never late: a thread that got a newer message
    /// since keeps its old entry until it is reached, and advancing to it then changes nothing.
    /// Any command can make it earlier. O(1).
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.schedule.next()
    }

    /// Deadlines waiting in the schedule (expiry and delivery); for benchmarks and tests.
    pub fn pending_deadlines(&self) -> usize {
        self.schedule.pending()
    }

    /// The journal's current position: the number of changes so far.
    pub fn journal_seq(&self) -> Seq {
        self.journal.seq()
    }

    /// The changes after position `since`, oldest first, in ids. Costs the changes returned.
    pub fn changes_since(&self, since: Seq) -> impl Iterator<Item = JournalEntry> + '_ {
        self.journal.since(since).map(|(seq, time, rec)| JournalEntry { seq, time, change: self.change(rec) })
    }

    pub(crate) fn change(&self, rec: Rec) -> Change {
        let t = |s: u32| self.threads[s as usize].id;
        let m = |s: u32| self.messages[s as usize].id;
        match rec {
            Rec::ThreadCreated(s) => Change::ThreadCreated(t(s)),
            Rec::ThreadAssigned(s, a) => Change::ThreadAssigned(t(s), self.journal.assignments[a as usize]),
            Rec::ThreadResolved(s) => Change::ThreadResolved(t(s)),
            Rec::ThreadExpired(s) => Change::ThreadExpired(t(s)),
            Rec::ThreadDeleted(s) => Change::ThreadDeleted(t(s)),
            Rec::MessageAdded(s) => Change::MessageAdded(m(s)),
            Rec::MessageStatusChanged(s) => Change::MessageStatusChanged(m(s)),
            Rec::MessageDeleted(s) => Change::MessageDeleted(m(s)),
            Rec::NoteAdded(s) => Change::NoteAdded(self.note_id_at(s)),
            Rec::NoteEdited(s) => Change::NoteEdited(self.note_id_at(s)),
            Rec::NoteDeleted(s) => Change::NoteDeleted(self.note_id_at(s)),
            Rec::HandlersChanged(i) => Change::HandlersChanged(self.journal.handler_changes[i as usize].resource),
        }
    }

    fn note_id_at(&self, s: u32) -> crate::id::NoteId {
        self.notes[s as usize].id
    }
}
