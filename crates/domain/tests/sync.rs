//! Thread and entries sync: a client that FSyncs once and then applies every ISync converges to
//! what a fresh FSync returns, and never misses a thread that closed while it could see it.

mod commands;

use std::collections::{HashMap, HashSet};

use commands::{Cmd, ENABLED, Step, T0, at, cmd, resolve, run};
use proptest::collection::vec;
use proptest::prelude::*;
use rcthreads_domain::sample::{
    self, BETH, FEDERICK, FINANCIAL_QUEUE, FINANCIAL_QUEUE_NUMBER, MAIN_NUMBER, NORA, SAM, SITE_01, SITE_01_NUMBER,
    WAYNE,
};
use rcthreads_domain::{
    Assignment, Availability, DomainError, Entry, EntryScope, ExtensionId, HandlerChange, Hint, HintKind,
    InboundMessage, Inbox, MessageId, Millis, NoteId, OutboundMessage, PhoneNumber, SequentialIds, SyncKind, SyncToken,
    SyncType, THREAD_TTL, Thread, ThreadId, ThreadState, Timestamp, TokenProblem,
};

fn inbox() -> Inbox {
    Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default())
}

/// What a client keeps of a thread: enough to tell whether it is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Held {
    state: ThreadState,
    availability: Availability,
    last_modified: Timestamp,
}

impl From<&Thread> for Held {
    fn from(t: &Thread) -> Self {
        Held { state: t.state(), availability: t.availability(), last_modified: t.last_modified() }
    }
}

impl Held {
    fn open_alive(self) -> bool {
        self.state.is_open() && self.availability == Availability::Alive
    }
}

/// A thread-sync client: its records, its token, and what it saw closing.
#[derive(Debug, Default)]
struct ThreadClient {
    threads: HashMap<ThreadId, Held>,
    token: String,
    /// Threads an ISync showed in a closed state since the last FSync.
    seen_closed: HashSet<ThreadId>,
    fsyncs: usize,
}

impl ThreadClient {
    fn fsync(&mut self, inbox: &Inbox, actor: ExtensionId) {
        let s = inbox.fsync_threads(actor).expect("an enabled user may FSync");
        self.threads = s.threads.iter().map(|t| (t.id(), Held::from(*t))).collect();
        self.token = s.token.encode();
        self.seen_closed.clear();
        self.fsyncs += 1;
    }

    /// Applies an ISync; the problem when the token was refused and the client started over.
    fn isync(&mut self, inbox: &Inbox, actor: ExtensionId) -> Option<TokenProblem> {
        match inbox.isync_threads(actor, &self.token) {
            Ok(s) => {
                let ids: Vec<ThreadId> = s.threads.iter().map(|t| t.id()).collect();
                let unique: HashSet<ThreadId> = ids.iter().copied().collect();
                assert_eq!(unique.len(), ids.len(), "ISync returns each thread once: {ids:?}");
                for t in &s.threads {
                    assert_eq!(Some(*t), inbox.thread_by_id(t.id()), "ISync returns the latest state");
                    if !t.is_open_alive() {
                        self.seen_closed.insert(t.id());
                    }
                    self.threads.insert(t.id(), Held::from(*t));
                }
                self.token = s.token.encode();
                None
            }
            Err(DomainError::InvalidSyncToken(p)) => {
                self.fsync(inbox, actor);
                Some(p)
            }
            Err(e) => panic!("ISync failed: {e}"),
        }
    }

    fn open(&self) -> HashMap<ThreadId, Held> {
        self.threads.iter().filter(|(_, h)| h.open_alive()).map(|(&id, &h)| (id, h)).collect()
    }
}

/// What an entries client keeps of a message or note.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HeldEntry {
    thread: ThreadId,
    last_modified: Timestamp,
    /// Status of a message, text of a note.
    detail: String,
}

#[derive(Debug, Default)]
struct EntryClient {
    messages: HashMap<MessageId, HeldEntry>,
    notes: HashMap<NoteId, HeldEntry>,
    token: String,
}

fn held_entries(entries: &[Entry<'_>]) -> (HashMap<MessageId, HeldEntry>, HashMap<NoteId, HeldEntry>) {
    let mut messages = HashMap::new();
    let mut notes = HashMap::new();
    for e in entries {
        match e {
            Entry::Message(m) => {
                let held = HeldEntry {
                    thread: m.thread_id(),
                    last_modified: m.last_modified(),
                    detail: format!("{:?}", m.status()),
                };
                assert!(messages.insert(m.id(), held).is_none(), "message {} twice in one sync", m.id());
            }
            Entry::Note(n) => {
                let held =
                    HeldEntry { thread: n.thread_id(), last_modified: n.last_modified(), detail: n.text().into() };
                assert!(notes.insert(n.id(), held).is_none(), "note {} twice in one sync", n.id());
            }
            Entry::Hint(_) => {}
        }
    }
    (messages, notes)
}

impl EntryClient {
    fn fsync(&mut self, inbox: &Inbox, actor: ExtensionId) {
        let s = inbox.fsync_entries(actor, &EntryScope::Accessible).expect("an enabled user may FSync");
        (self.messages, self.notes) = held_entries(&s.entries);
        self.token = s.token.encode();
    }

    /// Applies an ISync; the problem when the token was refused and the client started over.
    fn isync(&mut self, inbox: &Inbox, actor: ExtensionId) -> Option<TokenProblem> {
        match inbox.isync_entries(actor, &self.token) {
            Ok(s) => {
                for e in &s.entries {
                    match e {
                        Entry::Message(m) if m.availability() == Availability::Deleted => {
                            self.messages.remove(&m.id());
                        }
                        Entry::Note(n) if n.availability() == Availability::Deleted => {
                            self.notes.remove(&n.id());
                        }
                        _ => {}
                    }
                }
                let alive: Vec<Entry<'_>> = s
                    .entries
                    .iter()
                    .copied()
                    .filter(|e| match e {
                        Entry::Message(m) => m.availability() == Availability::Alive,
                        Entry::Note(n) => n.availability() == Availability::Alive,
                        Entry::Hint(_) => false,
                    })
                    .collect();
                let (messages, notes) = held_entries(&alive);
                self.messages.extend(messages);
                self.notes.extend(notes);
                self.token = s.token.encode();
                None
            }
            Err(DomainError::InvalidSyncToken(p)) => {
                self.fsync(inbox, actor);
                Some(p)
            }
            Err(e) => panic!("entries ISync failed: {e}"),
        }
    }
}

/// Open, alive threads `actor` can see, straight from the inbox's records.
fn visible_open(inbox: &Inbox, actor: ExtensionId) -> HashSet<ThreadId> {
    inbox.all_threads().filter(|t| t.is_open_alive() && inbox.can_access(actor, t)).map(|t| t.id()).collect()
}

#[derive(Debug, Clone)]
enum Event {
    Command(Cmd),
    /// The client runs an ISync (an FSync first, when it has not synced yet).
    Sync,
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    vec(prop_oneof![5 => cmd().prop_map(Event::Command), 1 => Just(Event::Sync)], 1..120)
}

/// Whether a command that ran successfully named `actor` among the handlers added to or removed
/// from a resource: the one thing that outdates `actor`'s sync tokens.
fn changes_membership_of(step: &Step, outcome: &Result<(), DomainError>, actor: ExtensionId) -> bool {
    match step {
        Step::ChangeHandlers { change, .. } => {
            outcome.is_ok() && (change.added.contains(&actor) || change.removed.contains(&actor))
        }
        _ => false,
    }
}

/// `fsync_percent` places the client's first FSync among the events (as a share of their
/// number), so that every case has ISyncs to check before the final one.
fn check_convergence(actor: ExtensionId, fsync_percent: usize, events: &[Event]) -> Result<(), TestCaseError> {
    let fsync_at = fsync_percent * events.len() / 100;
    let mut inbox = commands::inbox();
    inbox.advance(T0);
    let mut threads: Option<ThreadClient> = None;
    let mut entries = EntryClient::default();
    // Threads that closed while the client could see them, since its last FSync.
    let mut closed_while_visible: HashSet<ThreadId> = HashSet::new();
    let mut fsyncs_seen = 0;
    // The model of token validity: outdated once the actor's handler memberships changed since
    // the client's last sync, valid otherwise. A refusal is never taken silently.
    let mut outdated = false;

    let sync = |inbox: &mut Inbox,
                threads: &mut Option<ThreadClient>,
                entries: &mut EntryClient,
                outdated: &mut bool|
     -> Result<(), TestCaseError> {
        match threads {
            None => {
                let mut c = ThreadClient::default();
                c.fsync(inbox, actor);
                *threads = Some(c);
                entries.fsync(inbox, actor);
            }
            Some(c) => {
                let expected = outdated.then_some(TokenProblem::Outdated);
                prop_assert_eq!(c.isync(inbox, actor), expected, "thread ISync token");
                prop_assert_eq!(entries.isync(inbox, actor), expected, "entries ISync token");
            }
        }
        *outdated = false;
        Ok(())
    };

    for (i, event) in events.iter().enumerate() {
        if i == fsync_at {
            sync(&mut inbox, &mut threads, &mut entries, &mut outdated)?;
        }
        match event {
            Event::Sync if threads.is_some() => sync(&mut inbox, &mut threads, &mut entries, &mut outdated)?,
            Event::Sync => {}
            Event::Command(cmd) => {
                let before = visible_open(&inbox, actor);
                let t = at(&inbox, cmd.when);
                if cmd.pre_advance {
                    inbox.advance(t);
                }
                let step = resolve(&inbox, &cmd.op);
                // Refusals are part of the mix; convergence must hold whatever the outcome.
                let outcome = run(&mut inbox, &step, t);
                outdated |= changes_membership_of(&step, &outcome, actor);
                inbox.clear_notifications();
                if threads.is_some() {
                    for id in &before {
                        if !inbox.thread_by_id(*id).expect("known").is_open_alive() {
                            closed_while_visible.insert(*id);
                        }
                    }
                }
            }
        }
        if let Some(c) = &threads {
            if c.fsyncs != fsyncs_seen {
                // A refused token made the client start over: earlier closures are no longer owed.
                fsyncs_seen = c.fsyncs;
                closed_while_visible.clear();
            }
        }
    }
    // The client's last sync, then a fresh FSync to compare with.
    prop_assert!(threads.is_some(), "the client FSynced before its last sync");
    sync(&mut inbox, &mut threads, &mut entries, &mut outdated)?;
    let client = threads.expect("synced");
    if client.fsyncs != fsyncs_seen {
        closed_while_visible.clear();
    }

    let fresh = inbox.fsync_threads(actor).expect("FSync");
    let expected: HashMap<ThreadId, Held> = fresh.threads.iter().map(|t| (t.id(), Held::from(*t))).collect();
    prop_assert_eq!(client.open(), expected.clone(), "threads held vs fresh FSync");
    prop_assert_eq!(expected.keys().copied().collect::<HashSet<_>>(), visible_open(&inbox, actor));
    let missed: Vec<_> = closed_while_visible.difference(&client.seen_closed).collect();
    prop_assert!(missed.is_empty(), "closed threads never seen closed in an ISync: {:?}", missed);

    let fresh = inbox.fsync_entries(actor, &EntryScope::Accessible).expect("entries FSync");
    let (messages, notes) = held_entries(&fresh.entries);
    let open = visible_open(&inbox, actor);
    let held_messages: HashMap<_, _> = entries.messages.into_iter().filter(|(_, m)| open.contains(&m.thread)).collect();
    let held_notes: HashMap<_, _> = entries.notes.into_iter().filter(|(_, n)| open.contains(&n.thread)).collect();
    prop_assert_eq!(held_messages, messages, "messages held vs fresh entries FSync");
    prop_assert_eq!(held_notes, notes, "notes held vs fresh entries FSync");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn a_client_applying_every_isync_converges_to_a_fresh_fsync(
        actor in proptest::sample::select(ENABLED.to_vec()),
        fsync_percent in 0usize..100,
        events in events(),
    ) {
        check_convergence(actor, fsync_percent, &events)?;
    }
}

// ----- Examples -------------------------------------------------------------------------------

fn customer(n: u64) -> PhoneNumber {
    PhoneNumber::from_digits_unchecked(16_503_000_000 + n)
}

fn texts(inbox: &mut Inbox, at: Timestamp, from: PhoneNumber, to: PhoneNumber) -> ThreadId {
    inbox.receive(at, InboundMessage { from, to, text: "Hello?".into() }).expect("inbound text").thread_id()
}

fn sends(inbox: &mut Inbox, actor: ExtensionId, at: Timestamp, from: PhoneNumber, to: PhoneNumber) -> ThreadId {
    inbox.send(actor, at, OutboundMessage::sms(from, to, "Hi, this is your advisor")).expect("send").thread_id()
}

fn threads_of_entries(entries: &[Entry<'_>]) -> HashSet<ThreadId> {
    entries.iter().map(|e| e.thread_id()).collect()
}

fn hints_of(entries: &[Entry<'_>], thread: ThreadId) -> Vec<HintKind> {
    let mut hints: Vec<Hint> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Hint(h) if h.thread == thread => Some(*h),
            _ => None,
        })
        .collect();
    hints.sort_by_key(|h| h.id);
    hints.into_iter().map(|h| h.kind).collect()
}

/// Wayne's view of the sample: threads of the queue assigned to him, to Beth, unassigned, one
/// resolved on the main site, and one on Site 01 that he cannot see.
struct Scenes {
    inbox: Inbox,
    waynes: ThreadId,
    unassigned: ThreadId,
    beths: ThreadId,
    resolved: ThreadId,
    site_01: ThreadId,
}

fn scenes() -> Scenes {
    let mut inbox = inbox();
    let h = |n| T0 + Millis::hours(n);
    let waynes = sends(&mut inbox, WAYNE, h(0), FINANCIAL_QUEUE_NUMBER, customer(1));
    let unassigned = texts(&mut inbox, h(1), customer(2), FINANCIAL_QUEUE_NUMBER);
    let beths = sends(&mut inbox, BETH, h(2), FINANCIAL_QUEUE_NUMBER, customer(3));
    let resolved = texts(&mut inbox, h(3), customer(4), MAIN_NUMBER);
    inbox.resolve(WAYNE, h(4), resolved).unwrap();
    let site_01 = texts(&mut inbox, h(5), customer(5), SITE_01_NUMBER);
    Scenes { inbox, waynes, unassigned, beths, resolved, site_01 }
}

#[test]
fn entries_fsync_covers_the_threads_of_its_scope() {
    let s = scenes();
    let scope = |scope: EntryScope| threads_of_entries(&s.inbox.fsync_entries(WAYNE, &scope).unwrap().entries);
    let set = |ids: &[ThreadId]| ids.iter().copied().collect::<HashSet<_>>();

    assert_eq!(scope(EntryScope::Accessible), set(&[s.waynes, s.unassigned, s.beths]));
    assert_eq!(scope(EntryScope::Unassigned), set(&[s.unassigned]));
    assert_eq!(EntryScope::default(), EntryScope::AssignedToMe);
    assert_eq!(scope(EntryScope::default()), set(&[s.waynes]));
    assert_eq!(scope(EntryScope::AssignedToMeAndUnassigned), set(&[s.waynes, s.unassigned]));
    // Explicit threads may be closed, as long as they are alive and visible.
    assert_eq!(scope(EntryScope::Explicit(vec![s.beths, s.resolved, s.beths])), set(&[s.beths, s.resolved]));
    assert_eq!(
        s.inbox.fsync_entries(WAYNE, &EntryScope::Explicit(vec![s.beths, s.site_01])).unwrap_err(),
        DomainError::NotAHandler { extension_id: WAYNE, resource: SITE_01 }
    );
    // Beth handles Site 01 too.
    assert!(scope_of(&s.inbox, BETH, EntryScope::Accessible).contains(&s.site_01));

    // The entries of Wayne's thread: his message, the creation and his own assignment.
    let sync = s.inbox.fsync_entries(WAYNE, &EntryScope::AssignedToMe).unwrap();
    let messages: Vec<_> = sync
        .entries
        .iter()
        .filter_map(|e| if let Entry::Message(m) = e { Some((m.author(), m.text())) } else { None })
        .collect();
    assert_eq!(messages, [(Some(WAYNE), "Hi, this is your advisor")]);
    let mine = Assignment { assignee: Some(WAYNE), previous: None, initiator: Some(WAYNE) };
    let created = HintKind::Created { initiator: Some(WAYNE) };
    assert_eq!(hints_of(&sync.entries, s.waynes), [created, HintKind::Assigned(mine)]);
}

fn scope_of(inbox: &Inbox, actor: ExtensionId, scope: EntryScope) -> HashSet<ThreadId> {
    threads_of_entries(&inbox.fsync_entries(actor, &scope).unwrap().entries)
}

#[test]
fn entries_sync_reports_each_kind_of_hint() {
    let mut inbox = inbox();
    let token = inbox.fsync_entries(BETH, &EntryScope::Accessible).unwrap().token.encode();
    let t = texts(&mut inbox, T0, customer(1), FINANCIAL_QUEUE_NUMBER);
    inbox.assign(BETH, T0, t, Some(SAM)).unwrap();
    inbox.assign(SAM, T0, t, Some(FEDERICK)).unwrap();
    inbox.assign(FEDERICK, T0, t, None).unwrap();
    inbox.assign(WAYNE, T0, t, Some(FEDERICK)).unwrap();
    // Removing Federick from the queue unassigns his thread; nobody initiated that.
    let removal = HandlerChange { added: vec![], removed: vec![FEDERICK] };
    inbox.change_handlers(WAYNE, T0, FINANCIAL_QUEUE, &removal).unwrap();
    inbox.resolve(BETH, T0 + Millis(5), t).unwrap();
    let expiring = texts(&mut inbox, T0 + Millis(10), customer(2), FINANCIAL_QUEUE_NUMBER);
    let deleted = texts(&mut inbox, T0 + Millis(20), customer(3), FINANCIAL_QUEUE_NUMBER);
    inbox.delete_thread(SAM, T0 + Millis(30), deleted).unwrap();
    inbox.advance(T0 + Millis(10) + THREAD_TTL);

    let sync = inbox.isync_entries(BETH, &token).unwrap();
    let a = |assignee, previous, initiator| HintKind::Assigned(Assignment { assignee, previous, initiator });
    // A customer's text starts a thread and the 72-hour rule expires it: no initiator.
    let by_customer = HintKind::Created { initiator: None };
    assert_eq!(
        hints_of(&sync.entries, t),
        [
            by_customer,
            a(Some(SAM), None, Some(BETH)),
            a(Some(FEDERICK), Some(SAM), Some(SAM)),
            a(None, Some(FEDERICK), Some(FEDERICK)),
            a(Some(FEDERICK), None, Some(WAYNE)),
            a(None, Some(FEDERICK), None),
            HintKind::Resolved { initiator: Some(BETH) },
        ]
    );
    let expired = HintKind::Resolved { initiator: None };
    assert_eq!(hints_of(&sync.entries, expiring), [by_customer, expired]);
    assert_eq!(hints_of(&sync.entries, deleted), [by_customer, HintKind::Deleted { initiator: Some(SAM) }]);
    // The expiry hint carries the moment of expiry: exactly 72 hours after the last message.
    let expiry = sync
        .entries
        .iter()
        .find_map(|e| match e {
            Entry::Hint(h) if h.kind == expired => Some(h.time),
            _ => None,
        })
        .unwrap();
    assert_eq!(expiry, T0 + Millis(10) + THREAD_TTL);
    // The deleted thread's message comes as deleted.
    let deleted_messages: Vec<_> = sync
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Message(m) if m.thread_id() == deleted => Some(m.availability()),
            _ => None,
        })
        .collect();
    assert_eq!(deleted_messages, [Availability::Deleted]);
}

/// The error of a refused token: always CMN-101 on `syncToken`, whatever the reason.
fn refused<T>(r: Result<T, DomainError>) -> DomainError {
    match r {
        Err(e) => {
            assert_eq!((e.code().as_str(), e.parameter()), ("CMN-101", Some("syncToken")));
            e
        }
        Ok(_) => panic!("the token was accepted"),
    }
}

#[test]
fn refused_sync_tokens_say_why() {
    let mut inbox = inbox();
    let mut other = Inbox::new(sample::OTHER_ACCOUNT, sample::other_directory(), SequentialIds::new(7_000_000_000));
    texts(&mut inbox, T0, customer(1), FINANCIAL_QUEUE_NUMBER);
    texts(&mut other, T0, customer(1), sample::SUPPORT_QUEUE_NUMBER);
    let bad = |p| DomainError::InvalidSyncToken(p);

    let waynes = inbox.fsync_threads(WAYNE).unwrap().token.encode();
    let beths = inbox.fsync_threads(BETH).unwrap().token.encode();
    let waynes_entries = inbox.fsync_entries(WAYNE, &EntryScope::Accessible).unwrap().token.encode();
    let olgas = other.fsync_threads(sample::OLGA).unwrap().token.encode();

    for garbage in ["", "garbage", "t1.2.3", &waynes[..waynes.len() - 1]] {
        assert_eq!(refused(inbox.isync_threads(WAYNE, garbage)), bad(TokenProblem::Malformed), "{garbage:?}");
    }
    assert_eq!(refused(inbox.isync_threads(WAYNE, &beths)), bad(TokenProblem::OtherActor));
    assert_eq!(refused(inbox.isync_threads(WAYNE, &olgas)), bad(TokenProblem::OtherAccount));
    assert_eq!(refused(other.isync_threads(sample::OLGA, &waynes)), bad(TokenProblem::OtherAccount));
    assert_eq!(refused(inbox.isync_entries(WAYNE, &waynes)), bad(TokenProblem::OtherKind));
    assert_eq!(refused(inbox.isync_threads(WAYNE, &waynes_entries)), bad(TokenProblem::OtherKind));

    // A token from a service that has seen more changes than this one (a reset mock server).
    let ahead =
        SyncToken { kind: SyncKind::Threads, account: sample::ACCOUNT, actor: WAYNE, seq: inbox.journal_seq() + 1 };
    assert_eq!(refused(inbox.isync_threads(WAYNE, &ahead.encode())), bad(TokenProblem::Unknown));
    let mut busier = self::inbox();
    for n in 0..5 {
        texts(&mut busier, T0, customer(10 + n), FINANCIAL_QUEUE_NUMBER);
    }
    let from_busier = busier.fsync_threads(WAYNE).unwrap().token.encode();
    assert_eq!(refused(inbox.isync_threads(WAYNE, &from_busier)), bad(TokenProblem::Unknown));

    // Sam leaves the Billing Queue: his tokens are outdated, Beth's and Wayne's still work.
    let sams = inbox.fsync_threads(SAM).unwrap().token.encode();
    let sams_entries = inbox.fsync_entries(SAM, &EntryScope::Accessible).unwrap().token.encode();
    let change = HandlerChange { added: vec![], removed: vec![SAM] };
    inbox.change_handlers(WAYNE, T0, sample::BILLING_QUEUE, &change).unwrap();
    assert_eq!(refused(inbox.isync_threads(SAM, &sams)), bad(TokenProblem::Outdated));
    assert_eq!(refused(inbox.isync_entries(SAM, &sams_entries)), bad(TokenProblem::Outdated));
    assert!(inbox.isync_threads(BETH, &beths).is_ok());
    assert!(inbox.isync_threads(WAYNE, &waynes).is_ok());
    // A fresh FSync gives Sam a token that works again.
    let fresh = inbox.fsync_threads(SAM).unwrap().token.encode();
    assert!(inbox.isync_threads(SAM, &fresh).unwrap().threads.is_empty());
    // Being added counts too.
    let noras = inbox.fsync_threads(NORA).unwrap().token.encode();
    inbox.change_handlers(WAYNE, T0, FINANCIAL_QUEUE, &HandlerChange { added: vec![NORA], removed: vec![] }).unwrap();
    assert_eq!(refused(inbox.isync_threads(NORA, &noras)), bad(TokenProblem::Outdated));
}

#[test]
fn fsync_lists_open_threads_newest_change_first() {
    let mut inbox = inbox();
    let at = |m| T0 + Millis::seconds(m);
    let first = texts(&mut inbox, at(0), customer(1), FINANCIAL_QUEUE_NUMBER);
    let second = texts(&mut inbox, at(1), customer(2), FINANCIAL_QUEUE_NUMBER);
    let third = sends(&mut inbox, BETH, at(2), FINANCIAL_QUEUE_NUMBER, customer(3));
    let closed = texts(&mut inbox, at(3), customer(4), FINANCIAL_QUEUE_NUMBER);
    inbox.resolve(BETH, at(4), closed).unwrap();
    // Assigning the oldest makes it the most recently modified.
    inbox.assign(WAYNE, at(5), first, Some(SAM)).unwrap();

    let sync = inbox.fsync_threads(WAYNE).unwrap();
    assert_eq!(sync.sync_type, SyncType::FSync);
    assert_eq!(sync.threads.iter().map(|t| t.id()).collect::<Vec<_>>(), [first, third, second]);
    assert!(sync.threads.windows(2).all(|w| w[0].last_modified() >= w[1].last_modified()));
    assert_eq!(sync.time, at(5));

    let entries = inbox.fsync_entries(WAYNE, &EntryScope::Accessible).unwrap();
    assert!(entries.entries.windows(2).all(|w| w[0].last_modified() >= w[1].last_modified()));
}

#[test]
fn isync_returns_each_changed_thread_once_in_its_latest_state() {
    let mut inbox = inbox();
    let busy = texts(&mut inbox, T0, customer(1), FINANCIAL_QUEUE_NUMBER);
    let closing = texts(&mut inbox, T0, customer(2), FINANCIAL_QUEUE_NUMBER);
    let quiet = texts(&mut inbox, T0, customer(3), FINANCIAL_QUEUE_NUMBER);
    let token = inbox.fsync_threads(WAYNE).unwrap().token.encode();

    let at = |s| T0 + Millis::seconds(s);
    inbox.assign(WAYNE, at(1), busy, Some(BETH)).unwrap();
    inbox.send(BETH, at(2), OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer(1), "On it")).unwrap();
    inbox.assign(BETH, at(3), busy, Some(SAM)).unwrap();
    inbox.resolve(SAM, at(4), closing).unwrap();
    let new = texts(&mut inbox, at(5), customer(4), FINANCIAL_QUEUE_NUMBER);

    let sync = inbox.isync_threads(WAYNE, &token).unwrap();
    assert_eq!(sync.sync_type, SyncType::ISync);
    assert_eq!(sync.threads.iter().map(|t| t.id()).collect::<Vec<_>>(), [new, closing, busy]);
    let busy_now = sync.threads[2];
    assert_eq!((busy_now.assignee(), busy_now.label(), busy_now.last_modified()), (Some(SAM), Some("On it"), at(3)));
    assert_eq!(sync.threads[1].state(), ThreadState::Resolved);
    assert!(!sync.threads.iter().any(|t| t.id() == quiet));
    // Nothing since: an empty ISync.
    assert!(inbox.isync_threads(WAYNE, &sync.token.encode()).unwrap().threads.is_empty());
}

#[test]
fn isync_costs_the_changes_not_the_threads() {
    let mut inbox = inbox();
    let ids: Vec<ThreadId> = (0..10_000).map(|n| texts(&mut inbox, T0, customer(n), FINANCIAL_QUEUE_NUMBER)).collect();
    assert_eq!(inbox.open_thread_count(), 10_000);
    let token = inbox.fsync_threads(WAYNE).unwrap().token.encode();
    let entries_token = inbox.fsync_entries(WAYNE, &EntryScope::Accessible).unwrap().token.encode();

    let at = T0 + Millis::seconds(1);
    inbox.assign(BETH, at, ids[17], Some(BETH)).unwrap();
    inbox.resolve(SAM, at, ids[4_242]).unwrap();
    texts(&mut inbox, at, customer(9_999), FINANCIAL_QUEUE_NUMBER);

    let changed: HashSet<ThreadId> = [ids[17], ids[4_242], ids[9_999]].into();
    let sync = inbox.isync_threads(WAYNE, &token).unwrap();
    assert_eq!(sync.threads.len(), 3);
    assert_eq!(sync.threads.iter().map(|t| t.id()).collect::<HashSet<_>>(), changed);
    let entries = inbox.isync_entries(WAYNE, &entries_token).unwrap();
    // One assignment hint, one resolution hint, one message.
    assert_eq!(entries.entries.len(), 3);
    assert_eq!(threads_of_entries(&entries.entries), changed);
}

#[test]
fn tokens_of_the_largest_ids_are_accepted() {
    // Every field of a token may use all 16 hex digits of a u64.
    let account = rcthreads_domain::AccountId::new(u64::MAX);
    let inbox = Inbox::new(account, sample::directory(), SequentialIds::default());
    let token = inbox.fsync_threads(WAYNE).unwrap().token.encode();
    assert!(inbox.isync_threads(WAYNE, &token).is_ok(), "{token}");
}
