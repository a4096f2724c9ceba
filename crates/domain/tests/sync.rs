//! Thread and entries sync: a client that FSyncs once and then applies every ISync converges to
//! what a fresh FSync returns, and never misses a thread that closed while it could see it.

mod commands;

use std::collections::{HashMap, HashSet};

use commands::{Op, Step, T0, USERS, op, resolve, run};
use proptest::collection::vec;
use proptest::prelude::*;
use rcthreads_domain::sample;
use rcthreads_domain::{
    Availability, DomainError, Entry, EntryScope, ExtensionId, Inbox, MessageId, NoteId, SequentialIds, Thread,
    ThreadId, ThreadState, Timestamp,
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

    /// Applies an ISync; false when the token was refused and the client started over.
    fn isync(&mut self, inbox: &Inbox, actor: ExtensionId) -> bool {
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
                true
            }
            Err(DomainError::InvalidSyncToken(_)) => {
                self.fsync(inbox, actor);
                false
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

    fn isync(&mut self, inbox: &Inbox, actor: ExtensionId) {
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
            }
            Err(DomainError::InvalidSyncToken(_)) => self.fsync(inbox, actor),
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
    Command(Op),
    /// The client runs an ISync (an FSync first, when it has not synced yet).
    Sync,
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    vec(prop_oneof![5 => op().prop_map(Event::Command), 1 => Just(Event::Sync)], 1..120)
}

fn check_convergence(actor: ExtensionId, fsync_at: usize, events: &[Event]) -> Result<(), TestCaseError> {
    let mut inbox = inbox();
    let mut now = T0;
    let mut threads: Option<ThreadClient> = None;
    let mut entries = EntryClient::default();
    // Threads that closed while the client could see them, since its last FSync.
    let mut closed_while_visible: HashSet<ThreadId> = HashSet::new();
    let mut fsyncs_seen = 0;

    let sync = |inbox: &mut Inbox, now: Timestamp, threads: &mut Option<ThreadClient>, entries: &mut EntryClient| {
        // A server applies what fell due before answering.
        inbox.advance(now);
        match threads {
            None => {
                let mut c = ThreadClient::default();
                c.fsync(inbox, actor);
                *threads = Some(c);
                entries.fsync(inbox, actor);
            }
            Some(c) => {
                c.isync(inbox, actor);
                entries.isync(inbox, actor);
            }
        }
    };

    for (i, event) in events.iter().enumerate() {
        if i == fsync_at {
            sync(&mut inbox, now, &mut threads, &mut entries);
        }
        match event {
            Event::Sync if threads.is_some() => sync(&mut inbox, now, &mut threads, &mut entries),
            Event::Sync => {}
            Event::Command(op) => {
                let step = resolve(&inbox, op);
                let before = visible_open(&inbox, actor);
                if run(&mut inbox, &mut now, &step).is_ok() {
                    if let Step::Advance(_) = step {
                        // Apply expiry now, so that it is attributed to the current handler roles.
                        inbox.advance(now);
                    }
                }
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
    if threads.is_none() {
        sync(&mut inbox, now, &mut threads, &mut entries);
    }
    sync(&mut inbox, now, &mut threads, &mut entries);
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
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_client_applying_every_isync_converges_to_a_fresh_fsync(
        actor in 0..USERS.len(),
        fsync_at in 0usize..100,
        events in events(),
    ) {
        check_convergence(USERS[actor], fsync_at, &events)?;
    }
}
