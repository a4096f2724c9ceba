//! The inbox of one account: threads, messages, the deadline schedule and the journal, changed
//! only by commands that are given the actor and the time.
//!
//! The struct and what every command shares (the clock, checks of the actor, journalling and
//! notifying) live here; the commands themselves live in one module per area (`send.rs`,
//! `manage.rs`, `notes.rs`, `classic.rs`), the queries in `list.rs`, `sync.rs` and `entries.rs`.
//! Those modules build on this one and on the records below it, never on each other's internals.

use foldhash::HashSet;
use std::fmt;

use crate::directory::Directory;
use crate::directory::ExtensionStatus;
use crate::error::DomainError;
use crate::id::{AccountId, ExtensionId, IdSource, MessageId, ThreadId};
use crate::journal::{Assignment, Change, Journal, JournalEntry, Rec, Seq};
use crate::message::{DELIVERED_AFTER, Message, MessageStatus};
use crate::phone::PhoneNumber;
use crate::recipients::{Action, Event, Notification};
use crate::records::Records;
use crate::schedule::{Due, Schedule};
use crate::slot::{MessageSlot, ThreadSlot};
use crate::stores::Stores;
use crate::thread::{Availability, Thread, ThreadState};
use crate::time::Timestamp;

/// The state of one account's thread messaging, and the only place its rules are applied.
///
/// Every command takes the acting extension and the current time; ids come from the injected
/// [`IdSource`]. A command either succeeds, recording its changes in the journal, or returns a
/// [`DomainError`] having changed nothing. Time never goes back: a command stamped earlier than
/// the inbox's clock runs at the clock's time. Before each command, whatever fell due (expiry,
/// delivery progress) is applied at the time it fell due.
///
/// # Kinds of methods
///
/// - **Getters** (`&self`) read without changing anything, and never move the clock: records by
///   id as an actor may see them ([`thread`](Self::thread), [`message`](Self::message),
///   [`note`](Self::note)) or whoever asks ([`thread_by_id`](Self::thread_by_id), ...), lists
///   ([`list_threads`](Self::list_threads), [`list_messages`](Self::list_messages),
///   [`list_notes`](Self::list_notes)), the journal ([`changes_since`](Self::changes_since)),
///   classic SMS stores ([`message_store`](Self::message_store)).
/// - **Commands** (`&mut self`, an actor and a time) first apply what fell due up to that
///   time, then check everything, then write: [`send`](Self::send),
///   [`receive`](Self::receive), [`assign`](Self::assign), [`resolve`](Self::resolve),
///   [`delete_thread`](Self::delete_thread), [`delete_messages`](Self::delete_messages),
///   [`add_note`](Self::add_note), [`edit_note`](Self::edit_note),
///   [`delete_notes`](Self::delete_notes), [`change_handlers`](Self::change_handlers),
///   [`send_sms`](Self::send_sms).
/// - **Time**: the inbox never reads a clock. [`next_deadline`](Self::next_deadline) says when
///   work next falls due; [`advance`](Self::advance) moves the clock and applies it (like
///   quinn-proto's `poll_timeout` and `handle_timeout`).
/// - **Notifications**: commands and [`advance`](Self::advance) queue who must hear of what;
///   [`take_notifications`](Self::take_notifications) drains the queue for delivery,
///   [`clear_notifications`](Self::clear_notifications) discards it.
/// - **Sync**: [`fsync_threads`](Self::fsync_threads), [`isync_threads`](Self::isync_threads),
///   [`fsync_entries`](Self::fsync_entries), [`isync_entries`](Self::isync_entries) and
///   [`check_token`](Self::check_token) are getters over the journal; call
///   [`advance`](Self::advance) first so that expiry is applied.
///
/// ```
/// use rcthreads_domain::sample::{self, FINANCIAL_QUEUE_NUMBER, WAYNE};
/// use rcthreads_domain::{Inbox, InboundMessage, Millis, SequentialIds, ThreadState, Timestamp};
///
/// let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
/// let t0 = Timestamp::from_millis(1_773_349_593_706);
/// let text = InboundMessage::new("+16502240002".parse()?, FINANCIAL_QUEUE_NUMBER, "Hi?");
/// let thread = inbox.receive(t0, text)?.thread_id();
/// inbox.assign(WAYNE, t0, thread, Some(WAYNE))?;
/// // 72 hours without a message: the thread expires when the clock gets there.
/// inbox.advance(t0 + Millis::hours(72));
/// assert_eq!(inbox.thread(WAYNE, thread)?.state(), ThreadState::Expired);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Inbox {
    pub(crate) account: AccountId,
    pub(crate) directory: Directory,
    pub(crate) ids: Box<dyn IdSource + Send>,
    pub(crate) clock: Timestamp,
    /// Threads, messages, notes and their indexes.
    pub(crate) records: Records,
    pub(crate) opted_out: HashSet<(PhoneNumber, PhoneNumber)>,
    pub(crate) schedule: Schedule,
    pub(crate) journal: Journal,
    pub(crate) stores: Stores,
    /// What happened, per command, for notifications; drained by `take_notifications`.
    outbox: Vec<Event>,
}

impl fmt::Debug for Inbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbox")
            .field("account", &self.account)
            .field("clock", &self.clock)
            .field("threads", &self.records.thread_count())
            .field("messages", &self.records.message_count())
            .field("journal", &self.journal.seq())
            .finish_non_exhaustive()
    }
}

impl Inbox {
    /// An empty inbox for `account` configured by `directory`, taking new ids from `ids`.
    pub fn new(account: AccountId, directory: Directory, ids: impl IdSource + Send + 'static) -> Self {
        Self {
            account,
            directory,
            ids: Box::new(ids),
            clock: Timestamp::default(),
            records: Records::default(),
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

    fn expire(&mut self, s: ThreadSlot, at: Timestamp) {
        // A stale deadline: the thread got a newer message, or closed some other way.
        if !self.records.expiry_current(s, at) {
            return;
        }
        self.records.set_state(s, ThreadState::Expired, at);
        self.record_hint(s, at, Rec::ThreadExpired(s));
        self.notify(Action::Resolved, s);
    }

    fn progress(&mut self, s: MessageSlot, at: Timestamp, from: MessageStatus, to: MessageStatus) {
        let m = &mut self.records[s];
        if m.status != from || m.availability != Availability::Alive {
            return;
        }
        m.status = to;
        m.last_modified = at;
        let (created, thread) = (m.created, m.thread_slot);
        if to == MessageStatus::Sent {
            self.schedule.delivered_at((created + DELIVERED_AFTER).max(at), s);
        }
        self.journal.push(at, Rec::MessageStatusChanged(s));
        self.notify(Action::MessageStatusChanged, thread);
    }

    /// Journals a thread-level change that entries sync reports as a hint.
    pub(crate) fn record_hint(&mut self, s: ThreadSlot, at: Timestamp, rec: Rec) {
        self.journal.push(at, rec);
        self.records.push_hint(s, self.journal.last_slot());
    }

    /// Journals an assignment change (a `ThreadAssignedHint`).
    pub(crate) fn record_assignment(&mut self, s: ThreadSlot, at: Timestamp, a: Assignment) {
        self.journal.push_assignment(at, s, a);
        self.records.push_hint(s, self.journal.last_slot());
    }

    /// Records that `action` happened to the thread in slot `thread`, now.
    pub(crate) fn notify(&mut self, action: Action, thread: ThreadSlot) {
        self.outbox.push(Event::capture(action, thread, &self.records, &self.directory, self.clock));
    }

    /// The notifications of every command since the last call, oldest first, with recipients
    /// as the table in `recipients.rs` says. A server calls this after each command and
    /// delivers them; the inbox keeps nothing once taken.
    pub fn take_notifications(&mut self) -> Vec<Notification> {
        let events = std::mem::take(&mut self.outbox);
        events.into_iter().map(|e| e.notification(&self.records)).collect()
    }

    /// Discards pending notifications (for callers that deliver none).
    pub fn clear_notifications(&mut self) {
        self.outbox.clear();
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
    pub(crate) fn visible_slot(&self, actor: ExtensionId, id: ThreadId) -> Result<ThreadSlot, DomainError> {
        let s = self.records.thread_slot(id).ok_or(DomainError::ThreadNotFound(id))?;
        let owner = self.records[s].owner();
        if self.directory.is_handler(owner, actor) {
            Ok(s)
        } else {
            Err(DomainError::NotAHandler { extension_id: actor, resource: owner })
        }
    }

    /// Whether `actor` may read and act on `thread`: they handle SMS for its resource.
    pub fn can_access(&self, actor: ExtensionId, thread: &Thread) -> bool {
        self.directory.is_handler(thread.owner(), actor)
    }

    /// A thread, as `actor` may see it.
    pub fn thread(&self, actor: ExtensionId, id: ThreadId) -> Result<&Thread, DomainError> {
        self.require_actor(actor)?;
        Ok(&self.records[self.visible_slot(actor, id)?])
    }

    /// A thread, whoever asks (for the server's own use and for tests).
    pub fn thread_by_id(&self, id: ThreadId) -> Option<&Thread> {
        self.records.thread_slot(id).map(|s| &self.records[s])
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
        self.records.message_slot(id).map(|s| &self.records[s])
    }

    /// A thread's messages, oldest first (deleted ones included).
    pub fn messages_of<'a>(&'a self, thread: &'a Thread) -> impl Iterator<Item = &'a Message> + 'a {
        thread.message_slots().iter().map(|&s| &self.records[s])
    }

    /// The open, alive thread between two numbers, if there is one.
    pub fn open_thread(&self, owner_number: PhoneNumber, guest_number: PhoneNumber) -> Option<&Thread> {
        self.records.open_thread(owner_number, guest_number).map(|s| &self.records[s])
    }

    /// Whether `guest` has opted out of messages from `owner_number`.
    pub fn is_opted_out(&self, owner_number: PhoneNumber, guest: PhoneNumber) -> bool {
        self.opted_out.contains(&(owner_number, guest))
    }

    /// Every thread, in creation order (for tests and administration; requests use indexes).
    pub fn all_threads(&self) -> impl Iterator<Item = &Thread> {
        self.records.threads()
    }

    /// Every message, in creation order.
    pub fn all_messages(&self) -> impl Iterator<Item = &Message> {
        self.records.messages()
    }

    /// Threads of one resource, oldest first.
    pub fn threads_of(&self, resource: ExtensionId) -> impl Iterator<Item = &Thread> {
        self.records.of_owner(resource).map(|s| &self.records[s])
    }

    /// Open, alive threads assigned to `extension` (any resource).
    pub fn assigned_threads(&self, extension: ExtensionId) -> impl Iterator<Item = &Thread> {
        self.records.assigned_to(extension).map(|s| &self.records[s])
    }

    /// How many threads are open and alive.
    pub fn open_thread_count(&self) -> usize {
        self.records.open_count()
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
        let r = &self.records;
        match rec {
            Rec::ThreadCreated(s, _) => Change::ThreadCreated(r[s].id()),
            Rec::ThreadAssigned(s, a) => Change::ThreadAssigned(r[s].id(), self.journal.assignment(a)),
            Rec::ThreadResolved(s, _) => Change::ThreadResolved(r[s].id()),
            Rec::ThreadExpired(s) => Change::ThreadExpired(r[s].id()),
            Rec::ThreadDeleted(s, _) => Change::ThreadDeleted(r[s].id()),
            Rec::MessageAdded(s) => Change::MessageAdded(r[s].id),
            Rec::MessageStatusChanged(s) => Change::MessageStatusChanged(r[s].id),
            Rec::MessageDeleted(s) => Change::MessageDeleted(r[s].id),
            Rec::NoteAdded(s) => Change::NoteAdded(r[s].id),
            Rec::NoteEdited(s) => Change::NoteEdited(r[s].id),
            Rec::NoteDeleted(s) => Change::NoteDeleted(r[s].id),
            Rec::HandlersChanged(i) => Change::HandlersChanged(self.journal.handler_change(i).resource),
        }
    }
}
