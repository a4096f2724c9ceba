//! The test account and random command sequences over it, shared by the domain's property tests.
//! Commands are generated as indexes and resolved against the inbox as it is when they run, so
//! that most of them hit real threads, messages and notes. `properties.rs` generates its own
//! commands from the same constants and resolves them against its reference model instead (see
//! docs/decisions.md).

#![allow(dead_code)] // each test crate uses a different part

use proptest::collection::vec;
use proptest::prelude::*;
use rcthreads_domain::sample::{
    self, BETH, BILLING_QUEUE, BILLING_QUEUE_NUMBER, COMPANY_NUMBER, DAVE, FEDERICK, FINANCIAL_QUEUE,
    FINANCIAL_QUEUE_NUMBER, IVR_MAIN_NUMBER, IVR_SITE_01_NUMBER, MAIN_NUMBER, MAIN_SITE, NORA, SAM, SITE_01,
    SITE_01_NUMBER, WAYNE,
};
use rcthreads_domain::{
    Directory, DomainError, ExtensionId, ExtensionStatus, HandlerChange, InboundMessage, Inbox, MessageId, Millis,
    NoteId, OutboundMessage, PhoneNumber, SmsHandler, THREAD_TTL, ThreadId, Timestamp, User,
};

/// A handler of the Financial Advising Queue who may not become an assignee (only in
/// [`directory`]).
pub const NINA: ExtensionId = ExtensionId::new(710_407_052);
/// An assignable handler of the Financial Advising Queue without an SMS licence (only in
/// [`directory`]).
pub const LEO: ExtensionId = ExtensionId::new(710_408_052);
/// Not an extension of the account.
pub const GHOST: ExtensionId = ExtensionId::new(999);

/// Everyone who may try to act in [`directory`]: its users (Dave is disabled) and a stranger.
pub const ACTORS: [ExtensionId; 9] = [WAYNE, BETH, FEDERICK, SAM, NORA, DAVE, NINA, LEO, GHOST];
/// The enabled users of [`directory`].
pub const ENABLED: [ExtensionId; 7] = [WAYNE, BETH, FEDERICK, SAM, NORA, NINA, LEO];

/// The sample account plus two handlers the sample lacks: a non-assignable one and one without a
/// licence, so that every refusal of the rules can happen.
pub fn directory() -> Directory {
    let base = sample::directory();
    let mut b = Directory::builder().settings(base.settings());
    for u in base.users() {
        b = b.user(u.clone());
    }
    for (id, ext, name) in [(NINA, "107", "Nina P"), (LEO, "108", "Leo K")] {
        b = b.user(User {
            id,
            extension_number: ext.into(),
            name: name.into(),
            status: ExtensionStatus::Enabled,
            super_admin: false,
        });
    }
    for r in base.resources() {
        let mut r = r.clone();
        if r.id == FINANCIAL_QUEUE {
            r.handlers.push(SmsHandler { extension: NINA, assignable: false, has_license: true });
            r.handlers.push(SmsHandler { extension: LEO, assignable: true, has_license: false });
        }
        b = b.resource(r);
    }
    for n in base.numbers() {
        b = b.number(n.clone());
    }
    b.build().expect("the test directory is valid")
}

/// Enabled users of the sample account (Nora handles nothing until she is added).
pub const USERS: [ExtensionId; 5] = [WAYNE, BETH, FEDERICK, SAM, NORA];

/// The shared numbers and the resource whose handlers answer them (IVR menus: their site's).
pub const SHARED: [(PhoneNumber, ExtensionId); 7] = [
    (MAIN_NUMBER, MAIN_SITE),
    (COMPANY_NUMBER, MAIN_SITE),
    (IVR_MAIN_NUMBER, MAIN_SITE),
    (SITE_01_NUMBER, SITE_01),
    (IVR_SITE_01_NUMBER, SITE_01),
    (FINANCIAL_QUEUE_NUMBER, FINANCIAL_QUEUE),
    (BILLING_QUEUE_NUMBER, BILLING_QUEUE),
];

/// The resources whose handlers can change, with their handlers in the sample.
pub fn initial_handlers() -> Vec<(ExtensionId, Vec<ExtensionId>)> {
    vec![
        (MAIN_SITE, vec![WAYNE]),
        (SITE_01, vec![BETH]),
        (FINANCIAL_QUEUE, vec![WAYNE, BETH, FEDERICK, SAM]),
        (BILLING_QUEUE, vec![SAM]),
    ]
}

/// Outside numbers: few, so that pairs collide often and threads get reused and replaced.
pub const GUESTS: [PhoneNumber; 3] = [
    PhoneNumber::from_digits_unchecked(16_502_240_001),
    PhoneNumber::from_digits_unchecked(16_502_240_002),
    PhoneNumber::from_digits_unchecked(14_083_210_003),
];

/// 2026-03-12T21:06:33.706Z, the time of the seed's example.
pub const T0: Timestamp = Timestamp::from_millis(1_773_349_593_706);

/// Who acts on a thread, message or note: usually one of its resource's handlers, sometimes
/// any user (so that refusals happen too).
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub handler: bool,
    pub index: usize,
}

/// A command, as indexes into what exists when it runs.
#[derive(Debug, Clone)]
pub enum Op {
    /// A random user sends from a shared number to a guest.
    Send {
        user: usize,
        from: usize,
        guest: usize,
    },
    /// The assignee of a thread replies into it.
    Reply {
        thread: usize,
    },
    /// A guest texts a shared number.
    Receive {
        guest: usize,
        to: usize,
        text: usize,
    },
    Assign {
        who: Who,
        thread: usize,
        assignee: Option<usize>,
    },
    Resolve {
        who: Who,
        thread: usize,
    },
    DeleteThread {
        who: Who,
        thread: usize,
    },
    DeleteMessages {
        who: Who,
        messages: Vec<usize>,
    },
    AddNote {
        who: Who,
        thread: usize,
    },
    EditNote {
        who: Who,
        note: usize,
    },
    DeleteNotes {
        who: Who,
        notes: Vec<usize>,
    },
    /// Wayne (super admin) adds and removes handlers of a resource.
    ChangeHandlers {
        resource: usize,
        added: Vec<usize>,
        removed: Vec<usize>,
    },
    /// The clock moves on, sometimes far enough for threads to expire.
    Advance(Millis),
}

pub const TEXTS: [&str; 5] = ["Hi, is my refund ready?", "ok", "STOP", "start", "Thanks!"];

fn who() -> impl Strategy<Value = Who> {
    (prop::bool::weighted(0.85), any::<usize>()).prop_map(|(handler, index)| Who { handler, index })
}

fn advance() -> impl Strategy<Value = Millis> {
    prop_oneof![
        6 => (1i64..600_000).prop_map(Millis),
        3 => (1i64..48).prop_map(Millis::hours),
        // Exactly the time to live, or just past it: threads expire.
        1 => (0i64..3).prop_map(|d| Millis(THREAD_TTL.0 + d - 1)),
        1 => Just(Millis::hours(100)),
    ]
}

pub fn op() -> impl Strategy<Value = Op> {
    let idx = any::<usize>;
    prop_oneof![
        6 => (0..USERS.len(), 0..SHARED.len(), 0..GUESTS.len())
            .prop_map(|(user, from, guest)| Op::Send { user, from, guest }),
        5 => idx().prop_map(|thread| Op::Reply { thread }),
        6 => (0..GUESTS.len(), 0..SHARED.len(), 0..TEXTS.len())
            .prop_map(|(guest, to, text)| Op::Receive { guest, to, text }),
        5 => (who(), idx(), prop::option::weighted(0.8, idx()))
            .prop_map(|(who, thread, assignee)| Op::Assign { who, thread, assignee }),
        3 => (who(), idx()).prop_map(|(who, thread)| Op::Resolve { who, thread }),
        2 => (who(), idx()).prop_map(|(who, thread)| Op::DeleteThread { who, thread }),
        2 => (who(), vec(idx(), 1..3)).prop_map(|(who, messages)| Op::DeleteMessages { who, messages }),
        3 => (who(), idx()).prop_map(|(who, thread)| Op::AddNote { who, thread }),
        2 => (who(), idx()).prop_map(|(who, note)| Op::EditNote { who, note }),
        2 => (who(), vec(idx(), 1..3)).prop_map(|(who, notes)| Op::DeleteNotes { who, notes }),
        2 => (0..4usize, vec(0..USERS.len(), 0..3), vec(0..USERS.len(), 0..3))
            .prop_map(|(resource, added, removed)| Op::ChangeHandlers { resource, added, removed }),
        5 => advance().prop_map(Op::Advance),
    ]
}

/// A command with concrete ids, ready to run.
#[derive(Debug, Clone)]
pub enum Step {
    Send {
        actor: ExtensionId,
        from: PhoneNumber,
        to: PhoneNumber,
        text: String,
    },
    Receive {
        from: PhoneNumber,
        to: PhoneNumber,
        text: String,
    },
    Assign {
        actor: ExtensionId,
        thread: ThreadId,
        assignee: Option<ExtensionId>,
    },
    Resolve {
        actor: ExtensionId,
        thread: ThreadId,
    },
    DeleteThread {
        actor: ExtensionId,
        thread: ThreadId,
    },
    DeleteMessages {
        actor: ExtensionId,
        ids: Vec<MessageId>,
    },
    AddNote {
        actor: ExtensionId,
        thread: ThreadId,
    },
    EditNote {
        actor: ExtensionId,
        note: NoteId,
    },
    DeleteNotes {
        actor: ExtensionId,
        ids: Vec<NoteId>,
    },
    ChangeHandlers {
        resource: ExtensionId,
        change: HandlerChange,
    },
    Advance(Millis),
    /// Nothing to act on yet.
    Nothing,
}

fn handlers_of(inbox: &Inbox, resource: ExtensionId) -> Vec<ExtensionId> {
    inbox
        .directory()
        .handling_resource(resource)
        .map(|r| r.handlers.iter().map(|h| h.extension).collect())
        .unwrap_or_default()
}

fn actor_for(inbox: &Inbox, who: Who, resource: ExtensionId) -> ExtensionId {
    let handlers = handlers_of(inbox, resource);
    if who.handler && !handlers.is_empty() {
        handlers[who.index % handlers.len()]
    } else {
        USERS[who.index % USERS.len()]
    }
}

/// Mostly an open thread (where most commands have an effect), sometimes any thread.
fn nth_thread(inbox: &Inbox, i: usize) -> Option<(ThreadId, ExtensionId)> {
    let open: Vec<_> = inbox.all_threads().filter(|t| t.is_open_alive()).collect();
    let threads = if i % 4 != 0 && !open.is_empty() { open } else { inbox.all_threads().collect() };
    threads.get(i / 4 % threads.len().max(1)).map(|t| (t.id(), t.owner()))
}

fn all_notes(inbox: &Inbox) -> Vec<(NoteId, ThreadId, ExtensionId)> {
    let mut notes = Vec::new();
    for t in inbox.all_threads() {
        for n in inbox.notes_of(t) {
            notes.push((n.id(), t.id(), n.author()));
        }
    }
    notes.sort_by_key(|n| n.0);
    notes
}

/// Turns a generated command into concrete ids against the inbox as it is now.
pub fn resolve(inbox: &Inbox, op: &Op) -> Step {
    match *op {
        Op::Send { user, from, guest } => Step::Send {
            actor: USERS[user],
            from: SHARED[from].0,
            to: GUESTS[guest],
            text: format!("Reply {user}.{from}.{guest}"),
        },
        Op::Reply { thread } => {
            let open: Vec<_> = inbox.all_threads().filter(|t| t.assignee().is_some()).collect();
            match open.get(thread % open.len().max(1)) {
                Some(t) => Step::Send {
                    actor: t.assignee().expect("filtered"),
                    from: t.owner_number(),
                    to: t.guest_number(),
                    text: "Following up".into(),
                },
                None => Step::Nothing,
            }
        }
        Op::Receive { guest, to, text } => {
            Step::Receive { from: GUESTS[guest], to: SHARED[to].0, text: TEXTS[text].into() }
        }
        Op::Assign { who, thread, assignee } => match nth_thread(inbox, thread) {
            Some((thread, owner)) => {
                let handlers = handlers_of(inbox, owner);
                let assignee = assignee.map(|i| {
                    if handlers.is_empty() || i % 5 == 0 {
                        USERS[i % USERS.len()]
                    } else {
                        handlers[i % handlers.len()]
                    }
                });
                Step::Assign { actor: actor_for(inbox, who, owner), thread, assignee }
            }
            None => Step::Nothing,
        },
        Op::Resolve { who, thread } => match nth_thread(inbox, thread) {
            Some((thread, owner)) => Step::Resolve { actor: actor_for(inbox, who, owner), thread },
            None => Step::Nothing,
        },
        Op::DeleteThread { who, thread } => match nth_thread(inbox, thread) {
            Some((thread, owner)) => Step::DeleteThread { actor: actor_for(inbox, who, owner), thread },
            None => Step::Nothing,
        },
        Op::DeleteMessages { who, ref messages } => {
            let all: Vec<_> = inbox.all_messages().map(|m| (m.id(), m.thread_id())).collect();
            if all.is_empty() {
                return Step::Nothing;
            }
            let ids: Vec<MessageId> = messages.iter().map(|&i| all[i % all.len()].0).collect();
            let owner = inbox.thread_by_id(all[messages[0] % all.len()].1).expect("message's thread").owner();
            Step::DeleteMessages { actor: actor_for(inbox, who, owner), ids }
        }
        Op::AddNote { who, thread } => match nth_thread(inbox, thread) {
            Some((thread, owner)) => Step::AddNote { actor: actor_for(inbox, who, owner), thread },
            None => Step::Nothing,
        },
        Op::EditNote { who, note } => {
            let notes = all_notes(inbox);
            match notes.get(note % notes.len().max(1)) {
                // Mostly the author, else whoever `who` picks.
                Some(&(id, thread, author)) => {
                    let owner = inbox.thread_by_id(thread).expect("note's thread").owner();
                    let actor = if who.index % 4 != 0 { author } else { actor_for(inbox, who, owner) };
                    Step::EditNote { actor, note: id }
                }
                None => Step::Nothing,
            }
        }
        Op::DeleteNotes { who, ref notes } => {
            let all = all_notes(inbox);
            if all.is_empty() {
                return Step::Nothing;
            }
            let ids: Vec<NoteId> = notes.iter().map(|&i| all[i % all.len()].0).collect();
            let (_, thread, author) = all[notes[0] % all.len()];
            let owner = inbox.thread_by_id(thread).expect("note's thread").owner();
            let actor = if who.index % 4 != 0 { author } else { actor_for(inbox, who, owner) };
            Step::DeleteNotes { actor, ids }
        }
        Op::ChangeHandlers { resource, ref added, ref removed } => Step::ChangeHandlers {
            resource: initial_handlers()[resource].0,
            change: HandlerChange {
                added: added.iter().map(|&i| USERS[i]).collect(),
                removed: removed.iter().map(|&i| USERS[i]).collect(),
            },
        },
        Op::Advance(by) => Step::Advance(by),
    }
}

/// Runs a step at `now` (an `Advance` only moves `now`: the next command applies what fell due).
pub fn run(inbox: &mut Inbox, now: &mut Timestamp, step: &Step) -> Result<(), DomainError> {
    let t = *now;
    match step {
        Step::Send { actor, from, to, text } => {
            inbox.send(*actor, t, OutboundMessage::sms(*from, *to, text.as_str())).map(drop)
        }
        Step::Receive { from, to, text } => {
            inbox.receive(t, InboundMessage { from: *from, to: *to, text: text.clone() }).map(drop)
        }
        Step::Assign { actor, thread, assignee } => inbox.assign(*actor, t, *thread, *assignee).map(drop),
        Step::Resolve { actor, thread } => inbox.resolve(*actor, t, *thread).map(drop),
        Step::DeleteThread { actor, thread } => inbox.delete_thread(*actor, t, *thread),
        Step::DeleteMessages { actor, ids } => inbox.delete_messages(*actor, t, ids),
        Step::AddNote { actor, thread } => inbox.add_note(*actor, t, *thread, "Called them back").map(drop),
        Step::EditNote { actor, note } => inbox.edit_note(*actor, t, *note, "Called them back twice").map(drop),
        Step::DeleteNotes { actor, ids } => inbox.delete_notes(*actor, t, ids),
        Step::ChangeHandlers { resource, change } => inbox.change_handlers(WAYNE, t, *resource, change),
        Step::Advance(by) => {
            *now = t + *by;
            Ok(())
        }
        Step::Nothing => Ok(()),
    }
}
