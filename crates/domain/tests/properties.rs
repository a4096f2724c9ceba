//! Properties of the inbox over random command sequences.
//!
//! Each case runs a random list of commands (sends, inbound texts, assignments, resolves,
//! deletions, handler changes, notes, clock moves) against the real [`Inbox`] and against a small
//! reference model written independently of it (plain vectors and linear scans, no indexes, no
//! schedule). The commands come from the shared generator (`commands/`) and are resolved against
//! the model's own records, so what the model is given never depends on the inbox it checks. After every step the outcome and the whole observable state must equal the model's,
//! and the invariants of the rules are checked on the real inbox on their own, so that a rule
//! broken identically in both would still be caught.

mod commands;

use std::collections::{HashMap, HashSet};

use proptest::collection::vec;
use proptest::prelude::*;
use rcthreads_domain::sample::{
    self, BETH, BILLING_QUEUE, BILLING_QUEUE_NUMBER, COMPANY_NUMBER, DAVE, DAVE_NUMBER, FINANCIAL_QUEUE,
    FINANCIAL_QUEUE_NUMBER, IVR_MAIN, IVR_MAIN_NUMBER, IVR_SITE_01, IVR_SITE_01_NUMBER, MAIN_NUMBER, MAIN_SITE,
    NORA_NUMBER, SAM, SITE_01, SITE_01_NUMBER, WAYNE, WAYNE_NUMBER,
};
use rcthreads_domain::{
    Availability, Change, DELIVERED_AFTER, DeliveryError, Direction, Directory, DomainError, ExtensionId,
    InboundMessage, Inbox, MessageId, MessageStatus, NoteId, OutboundMessage, PhoneNumber, SENT_AFTER, SequentialIds,
    SmsHandler, THREAD_TTL, ThreadId, ThreadState, Timestamp,
};

use commands::{Cmd, ENABLED, GUESTS, MessageView, NoteView, Step, ThreadView, View, at, cmd, directory, resolve, run};

const TTL: i64 = THREAD_TTL.0;
/// The model counts in milliseconds.
const T0: i64 = commands::T0.as_millis();

// ----------------------------------------------------------------------------------------------
// The reference model

#[derive(Debug, Clone)]
struct MThread {
    id: ThreadId,
    owner: ExtensionId,
    owner_number: PhoneNumber,
    guest: PhoneNumber,
    state: ThreadState,
    alive: bool,
    created: i64,
    last_modified: i64,
    last_activity: i64,
    label: &'static str,
    messages: Vec<usize>,
}

impl MThread {
    fn open_alive(&self) -> bool {
        self.alive && matches!(self.state, ThreadState::Open | ThreadState::Assigned(_))
    }
}

#[derive(Debug, Clone)]
struct MMessage {
    id: MessageId,
    thread: usize,
    direction: Direction,
    status: MessageStatus,
    alive: bool,
    created: i64,
    last_modified: i64,
    author: Option<ExtensionId>,
    opted_out: bool,
}

#[derive(Debug, Clone)]
struct MNote {
    id: NoteId,
    thread: usize,
    author: ExtensionId,
    alive: bool,
    text: &'static str,
    last_modified: i64,
}

#[derive(Debug, Clone)]
struct Model {
    clock: i64,
    handlers: HashMap<ExtensionId, Vec<SmsHandler>>,
    threads: Vec<MThread>,
    messages: Vec<MMessage>,
    notes: Vec<MNote>,
    opted_out: HashSet<(PhoneNumber, PhoneNumber)>,
    /// The model's own ids, counted as [`SequentialIds`] documents them. Compared with the
    /// inbox's, never copied from it.
    ids: ModelIds,
}

/// Ids as `SequentialIds::default()` hands them out, counted here independently: threads,
/// messages and notes each count up by one from 2,900,000,000 (notes 2^40 higher), a thread
/// id being a version-4-shaped UUID whose low bits are its number.
#[derive(Debug, Clone, Default)]
struct ModelIds {
    threads: u64,
    messages: u64,
    notes: u64,
}

impl ModelIds {
    const BASE: u64 = 2_900_000_000;

    fn thread_id(&mut self) -> ThreadId {
        self.threads += 1;
        let n = u128::from(Self::BASE + self.threads);
        ThreadId::from_u128((0x4000_u128 << 64) | (0x8000_u128 << 48) | n)
    }

    fn message_id(&mut self) -> MessageId {
        self.messages += 1;
        MessageId::new(Self::BASE + self.messages)
    }

    fn note_id(&mut self) -> NoteId {
        self.notes += 1;
        NoteId::new(Self::BASE + (1 << 40) + self.notes)
    }
}

/// Which resource's handlers answer a number (written out by hand from the sample's table).
fn thread_owner(number: PhoneNumber) -> Option<ExtensionId> {
    match number {
        n if n == FINANCIAL_QUEUE_NUMBER => Some(FINANCIAL_QUEUE),
        n if n == BILLING_QUEUE_NUMBER => Some(BILLING_QUEUE),
        n if n == MAIN_NUMBER || n == COMPANY_NUMBER || n == IVR_MAIN_NUMBER => Some(MAIN_SITE),
        n if n == SITE_01_NUMBER || n == IVR_SITE_01_NUMBER => Some(SITE_01),
        _ => None,
    }
}

fn is_account_number(n: PhoneNumber) -> bool {
    thread_owner(n).is_some() || [WAYNE_NUMBER, NORA_NUMBER, DAVE_NUMBER].contains(&n)
}

fn require_actor(a: ExtensionId) -> Result<(), DomainError> {
    if a == DAVE {
        Err(DomainError::ExtensionNotEnabled(a))
    } else if ENABLED.contains(&a) {
        Ok(())
    } else {
        Err(DomainError::ExtensionNotFound(a))
    }
}

fn is_user(a: ExtensionId) -> bool {
    a == DAVE || ENABLED.contains(&a)
}

fn keyword(text: &str) -> Option<bool> {
    match text.trim().to_ascii_uppercase().as_str() {
        "STOP" | "UNSUBSCRIBE" | "QUIT" | "CANCEL" | "END" => Some(true),
        "START" | "SUBSCRIBE" | "RESUME" | "CONTINUE" | "UNSTOP" => Some(false),
        _ => None,
    }
}

impl Model {
    fn new(dir: &Directory) -> Self {
        let handlers = dir.resources().iter().map(|r| (r.id, r.handlers.clone())).collect();
        Self {
            clock: 0,
            handlers,
            threads: Vec::new(),
            messages: Vec::new(),
            notes: Vec::new(),
            opted_out: HashSet::new(),
            ids: ModelIds::default(),
        }
    }

    fn handler(&self, resource: ExtensionId, user: ExtensionId) -> Option<SmsHandler> {
        self.handlers.get(&resource)?.iter().copied().find(|h| h.extension == user)
    }

    fn thread_index(&self, id: ThreadId) -> Option<usize> {
        self.threads.iter().position(|t| t.id == id)
    }

    fn open_for_pair(&self, owner_number: PhoneNumber, guest: PhoneNumber) -> Option<usize> {
        self.threads.iter().position(|t| t.open_alive() && t.owner_number == owner_number && t.guest == guest)
    }

    /// Everything due by `t`: threads expire at exactly 72 hours after their last message,
    /// outbound messages become Sent after 1 s and Delivered after 2 s.
    fn advance(&mut self, t: i64) -> i64 {
        let now = t.max(self.clock);
        for th in &mut self.threads {
            let deadline = th.last_activity + TTL;
            if th.open_alive() && deadline <= now {
                th.state = ThreadState::Expired;
                th.last_modified = deadline;
            }
        }
        for m in &mut self.messages {
            if !m.alive {
                continue;
            }
            let sent = m.created + SENT_AFTER.0;
            let delivered = m.created + DELIVERED_AFTER.0;
            if m.status == MessageStatus::Queued && sent <= now {
                m.status = MessageStatus::Sent;
                m.last_modified = sent;
            }
            if m.status == MessageStatus::Sent && delivered <= now {
                m.status = MessageStatus::Delivered;
                m.last_modified = delivered;
            }
        }
        self.clock = now;
        now
    }

    /// A thread the actor may act on: 404 when unknown, 403 when of a resource they do not handle.
    fn visible(&self, actor: ExtensionId, id: ThreadId) -> Result<usize, DomainError> {
        let i = self.thread_index(id).ok_or(DomainError::ThreadNotFound(id))?;
        let owner = self.threads[i].owner;
        match self.handler(owner, actor) {
            Some(_) => Ok(i),
            None => Err(DomainError::NotAHandler { extension_id: actor, resource: owner }),
        }
    }

    fn new_thread(&mut self, owner: ExtensionId, on: PhoneNumber, guest: PhoneNumber, now: i64) -> usize {
        let i = self.threads.len();
        let id = self.ids.thread_id();
        self.threads.push(MThread {
            id,
            owner,
            owner_number: on,
            guest,
            state: ThreadState::Open,
            alive: true,
            created: now,
            last_modified: now,
            last_activity: now,
            label: "",
            messages: Vec::new(),
        });
        i
    }

    #[allow(clippy::too_many_arguments)]
    fn new_message(
        &mut self,
        thread: usize,
        direction: Direction,
        status: MessageStatus,
        author: Option<ExtensionId>,
        text: &'static str,
        now: i64,
    ) {
        let i = self.messages.len();
        let id = self.ids.message_id();
        self.messages.push(MMessage {
            id,
            thread,
            direction,
            status,
            alive: true,
            created: now,
            last_modified: now,
            author,
            opted_out: status == MessageStatus::SendingFailed,
        });
        let t = &mut self.threads[thread];
        t.messages.push(i);
        t.label = text;
        t.last_activity = now;
        t.last_modified = now;
    }

    fn set_state(&mut self, i: usize, state: ThreadState, now: i64) {
        self.threads[i].state = state;
        self.threads[i].last_modified = now;
    }

    fn own_note(&self, actor: ExtensionId, id: NoteId) -> Result<usize, DomainError> {
        let n = self.notes.iter().position(|n| n.id == id && n.alive).ok_or(DomainError::NoteNotFound(id))?;
        let note = &self.notes[n];
        let t = self.visible(actor, self.threads[note.thread].id)?;
        if note.author != actor {
            return Err(DomainError::NotNoteAuthor { extension_id: actor, note: id });
        }
        if !self.threads[t].open_alive() {
            return Err(DomainError::ThreadNotOpen(self.threads[t].id));
        }
        Ok(n)
    }

    /// Applies a command the way the rules say, at `now` (already advanced to). Changes nothing
    /// when it fails. Ids of the records it creates are the model's own.
    fn apply(&mut self, cmd: &Step, now: i64) -> Result<(), DomainError> {
        match *cmd {
            Step::Advance => Ok(()),
            Step::Send { actor, from, to, thread, text } => {
                require_actor(actor)?;
                if text.is_empty() {
                    return Err(DomainError::EmptyText);
                }
                if is_account_number(to) {
                    return Err(DomainError::InternalNumber { number: to, parameter: "to" });
                }
                let owner = thread_owner(from)
                    .ok_or(DomainError::NotASharedNumber { number: from, parameter: "from.phoneNumber" })?;
                let handler = self
                    .handler(owner, actor)
                    .ok_or(DomainError::NotAHandler { extension_id: actor, resource: owner })?;
                if !handler.has_license {
                    return Err(DomainError::NoLicense(actor));
                }
                let existing = match thread {
                    Some(id) => {
                        let i = self.visible(actor, id)?;
                        let t = &self.threads[i];
                        if !t.open_alive() {
                            return Err(DomainError::ThreadNotOpen(id));
                        }
                        if (t.owner_number, t.guest) != (from, to) {
                            return Err(DomainError::ThreadPairMismatch(id));
                        }
                        Some(i)
                    }
                    None => self.open_for_pair(from, to),
                };
                let i = match existing {
                    Some(i) if self.threads[i].state != ThreadState::Assigned(actor) => {
                        return Err(DomainError::ThreadNotAssigned { extension_id: actor });
                    }
                    Some(i) => i,
                    None if !handler.assignable => return Err(DomainError::SenderNotAssignable(actor)),
                    None => {
                        let i = self.new_thread(owner, from, to, now);
                        self.set_state(i, ThreadState::Assigned(actor), now);
                        i
                    }
                };
                let status = if self.opted_out.contains(&(from, to)) {
                    MessageStatus::SendingFailed
                } else {
                    MessageStatus::Queued
                };
                self.new_message(i, Direction::Outbound, status, Some(actor), text, now);
                Ok(())
            }
            Step::Receive { from, to, text } => {
                if text.is_empty() {
                    return Err(DomainError::EmptyText);
                }
                if is_account_number(from) {
                    return Err(DomainError::InternalNumber { number: from, parameter: "from" });
                }
                let owner = thread_owner(to).ok_or(DomainError::NotASharedNumber { number: to, parameter: "to" })?;
                match keyword(text) {
                    Some(true) => {
                        self.opted_out.insert((to, from));
                    }
                    Some(false) => {
                        self.opted_out.remove(&(to, from));
                    }
                    None => {}
                }
                let i = match self.open_for_pair(to, from) {
                    Some(i) => i,
                    None => self.new_thread(owner, to, from, now),
                };
                self.new_message(i, Direction::Inbound, MessageStatus::Received, None, text, now);
                Ok(())
            }
            Step::Assign { actor, thread, assignee } => {
                require_actor(actor)?;
                let i = self.visible(actor, thread)?;
                if !self.threads[i].open_alive() {
                    return Err(DomainError::ThreadNotOpen(thread));
                }
                // Someone else's thread may only be taken, never given away or dropped.
                let held_by_other = matches!(self.threads[i].state, ThreadState::Assigned(a) if a != actor);
                if held_by_other && assignee != Some(actor) {
                    return Err(DomainError::ThreadNotAssigned { extension_id: actor });
                }
                if let Some(new) = assignee {
                    let ok = self.handler(self.threads[i].owner, new).is_some_and(|h| h.assignable)
                        && require_actor(new).is_ok();
                    if !ok {
                        return Err(DomainError::AssigneeNotAssignable(new));
                    }
                }
                let state = assignee.map_or(ThreadState::Open, ThreadState::Assigned);
                if self.threads[i].state != state {
                    self.set_state(i, state, now);
                }
                Ok(())
            }
            Step::Resolve { actor, thread } => {
                require_actor(actor)?;
                let i = self.visible(actor, thread)?;
                if !self.threads[i].open_alive() {
                    return Err(DomainError::ThreadNotOpen(thread));
                }
                self.set_state(i, ThreadState::Resolved, now);
                Ok(())
            }
            Step::DeleteThread { actor, thread } => {
                require_actor(actor)?;
                let i = self.visible(actor, thread)?;
                if !self.threads[i].alive {
                    return Ok(());
                }
                let state = match self.threads[i].state {
                    ThreadState::Assigned(_) => ThreadState::Open,
                    s => s,
                };
                self.set_state(i, state, now);
                self.threads[i].alive = false;
                for m in self.threads[i].messages.clone() {
                    if self.messages[m].alive {
                        self.messages[m].alive = false;
                        self.messages[m].last_modified = now;
                    }
                }
                Ok(())
            }
            Step::DeleteMessages { actor, ref ids } => {
                require_actor(actor)?;
                let mut found = Vec::new();
                for &id in ids {
                    let m = self.messages.iter().position(|m| m.id == id).ok_or(DomainError::MessageNotFound(id))?;
                    self.visible(actor, self.threads[self.messages[m].thread].id)?;
                    found.push(m);
                }
                for m in found {
                    if self.messages[m].alive {
                        self.messages[m].alive = false;
                        self.messages[m].last_modified = now;
                    }
                }
                Ok(())
            }
            Step::ChangeHandlers { actor, resource, ref change } => {
                require_actor(actor)?;
                if actor != WAYNE {
                    return Err(DomainError::NotAnAdmin(actor));
                }
                if resource == IVR_MAIN || resource == IVR_SITE_01 {
                    return Err(DomainError::NotACommonResource(resource));
                }
                if !self.handlers.contains_key(&resource) {
                    return Err(DomainError::ExtensionNotFound(resource));
                }
                if change.added.is_empty() && change.removed.is_empty() {
                    return Err(DomainError::EmptyHandlerChange);
                }
                for &e in &change.added {
                    if change.removed.contains(&e) {
                        return Err(DomainError::AddedAndRemoved(e));
                    }
                    if require_actor(e).is_err() {
                        return Err(DomainError::NotAUser { extension_id: e, parameter: "addedExtensionIds" });
                    }
                }
                for &e in &change.removed {
                    if !is_user(e) {
                        return Err(DomainError::NotAUser { extension_id: e, parameter: "removedExtensionIds" });
                    }
                }
                let list = self.handlers.get_mut(&resource).expect("checked");
                for &e in &change.added {
                    if !list.iter().any(|h| h.extension == e) {
                        list.push(SmsHandler::new(e));
                    }
                }
                list.retain(|h| !change.removed.contains(&h.extension));
                for t in &mut self.threads {
                    if t.owner == resource && t.alive && t.state.assignee().is_some_and(|a| change.removed.contains(&a))
                    {
                        t.state = ThreadState::Open;
                        t.last_modified = now;
                    }
                }
                Ok(())
            }
            Step::AddNote { actor, thread, text } => {
                require_actor(actor)?;
                let i = self.visible(actor, thread)?;
                if !self.threads[i].open_alive() {
                    return Err(DomainError::ThreadNotOpen(thread));
                }
                if text.trim().is_empty() {
                    return Err(DomainError::EmptyText);
                }
                let id = self.ids.note_id();
                self.notes.push(MNote { id, thread: i, author: actor, alive: true, text, last_modified: now });
                Ok(())
            }
            Step::EditNote { actor, note, text } => {
                require_actor(actor)?;
                let n = self.own_note(actor, note)?;
                if text.trim().is_empty() {
                    return Err(DomainError::EmptyText);
                }
                self.notes[n].text = text;
                self.notes[n].last_modified = now;
                Ok(())
            }
            Step::DeleteNotes { actor, ref ids } => {
                require_actor(actor)?;
                let found = ids.iter().map(|&id| self.own_note(actor, id)).collect::<Result<Vec<_>, _>>()?;
                for n in found {
                    if self.notes[n].alive {
                        self.notes[n].alive = false;
                        self.notes[n].last_modified = now;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The model's own records are what its commands are resolved against.
impl View for Model {
    fn now(&self) -> Timestamp {
        ts(self.clock)
    }

    fn threads(&self) -> Vec<ThreadView> {
        self.threads
            .iter()
            .map(|t| ThreadView {
                id: t.id,
                owner: t.owner,
                owner_number: t.owner_number,
                guest: t.guest,
                open: t.open_alive(),
                assignee: if t.alive { t.state.assignee() } else { None },
                last_activity: ts(t.last_activity),
            })
            .collect()
    }

    fn messages(&self) -> Vec<MessageView> {
        self.messages
            .iter()
            .map(|m| MessageView { id: m.id, thread: self.threads[m.thread].id, alive: m.alive })
            .collect()
    }

    fn notes(&self) -> Vec<NoteView> {
        self.notes
            .iter()
            .map(|n| NoteView { id: n.id, thread: self.threads[n.thread].id, author: n.author, alive: n.alive })
            .collect()
    }

    fn handlers(&self, resource: ExtensionId) -> Vec<ExtensionId> {
        self.handlers.get(&resource).map(|l| l.iter().map(|h| h.extension).collect()).unwrap_or_default()
    }

    fn owner_of(&self, number: PhoneNumber) -> Option<ExtensionId> {
        thread_owner(number)
    }
}

// ----------------------------------------------------------------------------------------------
// Checks

/// Everything a failed command must leave as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    now: Timestamp,
    journal_seq: u64,
    threads: Vec<(ThreadId, ThreadState, Availability, Timestamp, Option<String>, usize)>,
    messages: Vec<(MessageId, MessageStatus, Availability, Timestamp)>,
    notes: Vec<(NoteId, Availability, String)>,
    handlers: Vec<(ExtensionId, Vec<SmsHandler>)>,
}

fn snapshot(inbox: &Inbox) -> Snapshot {
    Snapshot {
        now: inbox.now(),
        journal_seq: inbox.journal_seq(),
        threads: inbox
            .all_threads()
            .map(|t| {
                (t.id(), t.state(), t.availability(), t.last_modified(), t.label().map(Into::into), t.message_count())
            })
            .collect(),
        messages: inbox.all_messages().map(|m| (m.id(), m.status(), m.availability(), m.last_modified())).collect(),
        notes: inbox
            .all_threads()
            .flat_map(|t| inbox.notes_of(t))
            .map(|n| (n.id(), n.availability(), n.text().to_owned()))
            .collect(),
        handlers: inbox.directory().resources().iter().map(|r| (r.id, r.handlers.clone())).collect(),
    }
}

fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

fn availability(alive: bool) -> Availability {
    if alive { Availability::Alive } else { Availability::Deleted }
}

/// The inbox shows exactly what the model holds.
fn assert_matches_model(inbox: &Inbox, model: &Model) {
    assert_eq!(inbox.now(), ts(model.clock), "the clock");
    let threads: Vec<_> = inbox.all_threads().collect();
    assert_eq!(threads.len(), model.threads.len(), "number of threads");
    for (t, m) in threads.iter().zip(&model.threads) {
        let id = t.id();
        assert_eq!(id, m.id, "thread id");
        assert_eq!(t.owner(), m.owner, "owner of thread {id}");
        assert_eq!((t.owner_number(), t.guest_number()), (m.owner_number, m.guest), "pair of thread {id}");
        assert_eq!(t.state(), m.state, "state of thread {id}");
        assert_eq!(t.availability(), availability(m.alive), "availability of thread {id}");
        assert_eq!(t.created(), ts(m.created), "creationTime of thread {id}");
        assert_eq!(t.last_modified(), ts(m.last_modified), "lastModifiedTime of thread {id}");
        assert_eq!(t.last_activity(), ts(m.last_activity), "last message time of thread {id}");
        assert_eq!(t.label(), Some(m.label), "label of thread {id}");
        assert_eq!(t.message_count(), m.messages.len(), "messages of thread {id}");
    }
    let messages: Vec<_> = inbox.all_messages().collect();
    assert_eq!(messages.len(), model.messages.len(), "number of messages");
    for (x, m) in messages.iter().zip(&model.messages) {
        let id = x.id();
        assert_eq!(id, m.id, "message id");
        assert_eq!(x.thread_id(), model.threads[m.thread].id, "thread of message {id}");
        assert_eq!(x.direction(), m.direction, "direction of message {id}");
        assert_eq!(x.status(), m.status, "status of message {id}");
        assert_eq!(x.availability(), availability(m.alive), "availability of message {id}");
        assert_eq!(x.created(), ts(m.created), "creationTime of message {id}");
        assert_eq!(x.last_modified(), ts(m.last_modified), "lastModifiedTime of message {id}");
        assert_eq!(x.author(), m.author, "author of message {id}");
        let expected_error = m.opted_out.then_some(DeliveryError::RecipientOptedOut);
        assert_eq!(x.delivery_error(), expected_error, "deliveryErrorCode of message {id}");
    }
    for m in &model.notes {
        let n = inbox.note_by_id(m.id).unwrap_or_else(|| panic!("note {} exists", m.id));
        assert_eq!(n.thread_id(), model.threads[m.thread].id, "thread of note {}", m.id);
        assert_eq!(n.author(), m.author, "author of note {}", m.id);
        assert_eq!(n.availability(), availability(m.alive), "availability of note {}", m.id);
        assert_eq!(n.text(), m.text, "text of note {}", m.id);
        assert_eq!(n.last_modified(), ts(m.last_modified), "lastModifiedTime of note {}", m.id);
    }
    let note_count: usize = threads.iter().map(|t| inbox.notes_of(t).count()).sum();
    assert_eq!(note_count, model.notes.len(), "number of notes");
    for r in inbox.directory().resources() {
        let mut actual = r.handlers.clone();
        let mut expected = model.handlers[&r.id].clone();
        actual.sort_by_key(|h| h.extension);
        expected.sort_by_key(|h| h.extension);
        assert_eq!(actual, expected, "SMS handlers of {}", r.name);
    }
    for on in [FINANCIAL_QUEUE_NUMBER, BILLING_QUEUE_NUMBER, MAIN_NUMBER, SITE_01_NUMBER, IVR_SITE_01_NUMBER] {
        for g in GUESTS {
            assert_eq!(inbox.is_opted_out(on, g), model.opted_out.contains(&(on, g)), "opt-out of {g} on {on}");
        }
    }
}

/// What the invariants remember from the previous step.
#[derive(Debug, Default)]
struct History {
    states: HashMap<ThreadId, ThreadState>,
    last_modified: HashMap<ThreadId, Timestamp>,
    journal_seq: u64,
    journal_time: Timestamp,
}

/// The rules' invariants, checked on the inbox alone.
fn check_invariants(inbox: &Inbox, h: &mut History) {
    let now = inbox.now();
    let mut open_pairs = HashSet::new();
    let mut seen_messages = HashSet::new();
    for t in inbox.all_threads() {
        let id = t.id();
        let alive = t.availability() == Availability::Alive;
        let open = matches!(t.state(), ThreadState::Open | ThreadState::Assigned(_));
        if open && alive {
            assert!(
                open_pairs.insert((t.owner_number(), t.guest_number())),
                "two open alive threads for the pair ({}, {})",
                t.owner_number(),
                t.guest_number()
            );
            assert_eq!(
                inbox.open_thread(t.owner_number(), t.guest_number()).map(|x| x.id()),
                Some(id),
                "open_thread finds the open thread {id} of its pair"
            );
            assert!(now < t.expires_at(), "thread {id} is still open although its last message is 72 h old at {now}");
        }
        let previous = h.states.insert(id, t.state());
        if let Some(p @ (ThreadState::Resolved | ThreadState::Expired)) = previous {
            assert_eq!(t.state(), p, "resolved or expired thread {id} changed status");
        }
        if t.state() == ThreadState::Expired && previous != Some(ThreadState::Expired) {
            assert!(
                matches!(previous, None | Some(ThreadState::Open | ThreadState::Assigned(_))),
                "thread {id} expired from {previous:?}"
            );
            assert!(t.expires_at() <= now, "thread {id} expired before 72 h without messages");
            if alive {
                assert_eq!(
                    t.last_modified(),
                    t.expires_at(),
                    "thread {id} expired exactly 72 h after its last message"
                );
            }
        }
        assert_eq!(
            t.assignee().is_some(),
            matches!(t.state(), ThreadState::Assigned(_)) && alive,
            "thread {id} has an assignee exactly when it is assigned and alive"
        );
        if let Some(a) = t.assignee() {
            let handler = inbox.directory().handler(t.owner(), a);
            assert!(
                handler.is_some_and(|h| h.assignable),
                "assignee {a} of thread {id} is not an assignable handler of {}",
                t.owner()
            );
            assert!(inbox.assigned_threads(a).any(|x| x.id() == id), "assigned_threads({a}) lists thread {id}");
        }
        let before = h.last_modified.insert(id, t.last_modified());
        assert!(before.is_none_or(|b| b <= t.last_modified()), "lastModifiedTime of thread {id} went back");
        assert!(t.last_modified() <= now, "thread {id} modified in the future");
        for m in inbox.messages_of(t) {
            assert_eq!(m.thread_id(), id, "message {} listed under thread {id} belongs to another", m.id());
            assert!(seen_messages.insert(m.id()), "message {} listed under two threads", m.id());
            if !alive {
                assert_eq!(
                    m.availability(),
                    Availability::Deleted,
                    "message {} of deleted thread {id} is alive",
                    m.id()
                );
            }
        }
    }
    assert_eq!(open_pairs.len(), inbox.open_thread_count(), "open thread count");
    for m in inbox.all_messages() {
        assert!(seen_messages.contains(&m.id()), "message {} is in no thread", m.id());
        assert!(inbox.thread_by_id(m.thread_id()).is_some(), "message {} names an unknown thread", m.id());
    }
    assert_eq!(seen_messages.len(), inbox.all_messages().count(), "every message is in exactly one thread");

    let seq = inbox.journal_seq();
    let mut expected = h.journal_seq;
    let mut last = h.journal_time;
    for e in inbox.changes_since(h.journal_seq) {
        expected += 1;
        assert_eq!(e.seq, expected, "journal sequence numbers increase by one per change");
        assert!(e.time >= last, "journal time went back at seq {}", e.seq);
        assert!(e.time <= now, "journal entry {} is in the future", e.seq);
        last = e.time;
    }
    assert_eq!(expected, seq, "journal_seq is the number of changes");
    h.journal_seq = seq;
    h.journal_time = last;
}

/// Runs one command sequence against the inbox and the model, checking after every step.
fn check_sequence(cmds: &[Cmd]) {
    let dir = directory();
    let mut model = Model::new(&dir);
    let mut inbox = Inbox::new(sample::ACCOUNT, dir, SequentialIds::default());
    inbox.advance(ts(T0));
    model.advance(T0);
    let mut history = History::default();
    check_invariants(&inbox, &mut history);

    for (n, cmd) in cmds.iter().enumerate() {
        // Resolved against the model's records alone, never the inbox's.
        let resolved = resolve(&model, &cmd.op);
        let t = at(&model, cmd.when).as_millis();
        if cmd.pre_advance {
            inbox.advance(ts(t));
        }
        let before = snapshot(&inbox);
        // The state the command meets: the inbox applies what fell due before the command.
        // For a send: the state of the open thread it is routed into, and whether the sender
        // passes every check that comes before the assignee rule.
        let open_before = match &resolved {
            Step::Send { actor, from, to, thread, text } => {
                let mut probe = model.clone();
                probe.advance(t);
                let i = match thread {
                    Some(id) => probe.thread_index(*id).filter(|&i| probe.threads[i].open_alive()),
                    None => probe.open_for_pair(*from, *to),
                };
                i.map(|i| {
                    let th = &probe.threads[i];
                    let eligible = require_actor(*actor).is_ok()
                        && !text.is_empty()
                        && (th.owner_number, th.guest) == (*from, *to)
                        && probe.handler(th.owner, *actor).is_some_and(|h| h.has_license);
                    (th.state, eligible)
                })
            }
            _ => None,
        };

        let now = model.advance(t);
        let actual = run(&mut inbox, &resolved, ts(t));
        let expected = model.apply(&resolved, now);
        assert_eq!(actual, expected, "step {n}: outcome of {resolved:?} at {}", ts(t));

        if let (Step::Send { actor, .. }, Some((state, eligible))) = (&resolved, open_before) {
            // Into an open thread only its assignee gets through; everyone else gets MSG-427,
            // also when nobody is assigned.
            if state != ThreadState::Assigned(*actor) {
                assert!(actual.is_err(), "step {n}: {actor} sent into an open thread in state {state:?}");
                if eligible {
                    assert_eq!(
                        actual,
                        Err(DomainError::ThreadNotAssigned { extension_id: *actor }),
                        "step {n}: handler {actor} sending into an open thread in state {state:?} gets MSG-427"
                    );
                }
            }
        }

        if actual.is_err() {
            let after = snapshot(&inbox);
            if cmd.pre_advance {
                assert_eq!(after, before, "step {n}: the failed command {resolved:?} changed something");
            } else {
                // Only what fell due by the command's time may have happened.
                assert_eq!(after.threads.len(), before.threads.len(), "step {n}: a failed command created a thread");
                assert_eq!(after.messages.len(), before.messages.len(), "step {n}: a failed command added a message");
                assert_eq!(after.notes, before.notes, "step {n}: a failed command changed notes");
                assert_eq!(after.handlers, before.handlers, "step {n}: a failed command changed handlers");
                for e in inbox.changes_since(before.journal_seq) {
                    assert!(
                        matches!(e.change, Change::ThreadExpired(_) | Change::MessageStatusChanged(_)),
                        "step {n}: the failed command {resolved:?} recorded {:?}",
                        e.change
                    );
                }
            }
        }
        assert_matches_model(&inbox, &model);
        check_invariants(&inbox, &mut history);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, max_shrink_iters: 4096, ..ProptestConfig::default() })]

    /// Random command sequences: outcomes and state equal the reference model's, and every
    /// invariant of the rules holds after every step.
    #[test]
    fn commands_follow_the_rules(cmds in vec(cmd(), 1..80)) {
        check_sequence(&cmds);
    }

    /// A thread expires exactly 72 hours after its last message, whatever assignments happen in
    /// between (assigning is not activity): 1 ms before it is open, at the deadline it is expired,
    /// and the next message between the pair starts a new thread.
    #[test]
    fn expiry_is_exactly_72_hours_after_the_last_message(
        gaps in vec((0i64..TTL, any::<bool>(), 0i64..TTL), 0..6),
        outbound_last in any::<bool>(),
        probes in vec(-3i64..3, 1..4),
    ) {
        let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
        let guest = GUESTS[0];
        let first = inbox
            .receive(ts(T0), InboundMessage { from: guest, to: FINANCIAL_QUEUE_NUMBER, text: "Hello".into() })
            .expect("a customer's text is received");
        let thread = first.thread_id();
        inbox.assign(WAYNE, ts(T0), thread, Some(BETH)).expect("Wayne assigns it to Beth");
        let mut last_message = T0;
        let mut now = T0;
        for (gap, reassign, assign_at) in gaps {
            // An assignment anywhere before the deadline does not move it.
            let at = last_message + assign_at;
            if reassign {
                let to = if inbox.thread_by_id(thread).and_then(|t| t.assignee()) == Some(BETH) { SAM } else { BETH };
                let from = if to == SAM { BETH } else { SAM };
                inbox.assign(from, ts(at), thread, Some(to)).expect("the assignee hands the thread on");
                now = now.max(at);
            }
            let t = inbox.thread_by_id(thread).expect("thread exists");
            prop_assert_eq!(t.expires_at(), ts(last_message + TTL), "assigning did not move the deadline");
            let at = now.max(last_message + gap);
            let assignee = t.assignee().expect("assigned");
            prop_assert!(at < last_message + TTL);
            if outbound_last {
                inbox.send(assignee, ts(at), OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, guest, "Reply"))
                    .expect("the assignee replies");
            } else {
                inbox.receive(ts(at), InboundMessage { from: guest, to: FINANCIAL_QUEUE_NUMBER, text: "More".into() })
                    .expect("the customer writes again");
            }
            prop_assert_eq!(inbox.open_thread(FINANCIAL_QUEUE_NUMBER, guest).map(|t| t.id()), Some(thread));
            last_message = at;
            now = at;
        }
        let deadline = last_message + TTL;
        for p in probes {
            let probe_at = (deadline + p).max(now);
            inbox.advance(ts(probe_at));
            now = probe_at;
            let t = inbox.thread_by_id(thread).expect("thread exists");
            if probe_at < deadline {
                prop_assert!(t.state().is_open(), "open {} ms before the deadline", deadline - probe_at);
            } else {
                prop_assert_eq!(t.state(), ThreadState::Expired, "expired {} ms after the deadline", probe_at - deadline);
                prop_assert_eq!(t.assignee(), None);
                prop_assert_eq!(t.last_modified(), ts(deadline));
            }
        }
        let next = inbox
            .receive(ts(deadline.max(now)), InboundMessage { from: guest, to: FINANCIAL_QUEUE_NUMBER, text: "Hi again".into() })
            .expect("a text after expiry is received")
            .thread_id();
        prop_assert_ne!(next, thread, "a message at or after the deadline starts a new thread");
        prop_assert_eq!(inbox.thread_by_id(thread).map(|t| t.state()), Some(ThreadState::Expired));
    }
}

/// Many messages leave many superseded deadlines behind; dropping them must keep every current
/// one, so each thread still expires exactly 72 hours after its own last message.
#[test]
fn expiry_stays_exact_when_superseded_deadlines_are_dropped() {
    let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
    let quiet = inbox
        .receive(ts(T0), InboundMessage { from: GUESTS[1], to: FINANCIAL_QUEUE_NUMBER, text: "Hi".into() })
        .expect("received")
        .thread_id();
    let busy = inbox
        .send(WAYNE, ts(T0), OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, GUESTS[0], "Hi"))
        .expect("sent")
        .thread_id();
    let mut last = T0;
    for i in 1..5_000 {
        last = T0 + i;
        let text = if i % 2 == 0 { "Reply" } else { "More" };
        if i % 2 == 0 {
            inbox.send(WAYNE, ts(last), OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, GUESTS[0], text)).expect("sent");
        } else {
            inbox
                .receive(ts(last), InboundMessage { from: GUESTS[0], to: FINANCIAL_QUEUE_NUMBER, text: text.into() })
                .expect("received");
        }
    }
    assert!(inbox.pending_deadlines() < 5_000, "superseded deadlines are dropped");
    inbox.advance(ts(T0 + TTL - 1));
    assert!(inbox.thread_by_id(quiet).unwrap().state().is_open(), "1 ms before its deadline");
    inbox.advance(ts(T0 + TTL));
    assert_eq!(inbox.thread_by_id(quiet).unwrap().state(), ThreadState::Expired);
    assert_eq!(inbox.thread_by_id(busy).unwrap().state(), ThreadState::Assigned(WAYNE));
    inbox.advance(ts(last + TTL - 1));
    assert_eq!(inbox.thread_by_id(busy).unwrap().state(), ThreadState::Assigned(WAYNE));
    inbox.advance(ts(last + TTL));
    let t = inbox.thread_by_id(busy).unwrap();
    assert_eq!((t.state(), t.last_modified()), (ThreadState::Expired, ts(last + TTL)));
    assert_eq!(inbox.pending_deadlines(), 0);
}
