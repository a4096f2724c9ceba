//! The generated commands: what to do, with picks instead of ids, and when.
//!
//! One mix serves every property: picks mostly land on records where a command has an effect
//! (open threads, a handler of the thread, the assignee for a reply, the note's author), so that
//! sequences build up state and notifications; the rest names strangers, disabled users,
//! unlicensed or non-assignable handlers, unknown ids, internal numbers and empty texts, so that
//! every refusal of the rules is reached.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use rcthreads_domain::sample::{
    BILLING_QUEUE, BILLING_QUEUE_NUMBER, COMPANY_NUMBER, FINANCIAL_QUEUE, FINANCIAL_QUEUE_NUMBER, IVR_MAIN,
    IVR_MAIN_NUMBER, IVR_SITE_01, IVR_SITE_01_NUMBER, MAIN_NUMBER, MAIN_SITE, NORA_NUMBER, SITE_01, SITE_01_NUMBER,
    WAYNE, WAYNE_NUMBER,
};
use rcthreads_domain::{ExtensionId, Millis, PhoneNumber};

use super::{ACTORS, GHOST, GUESTS};

/// A record (thread, message or note) among those that exist when the command runs, in the
/// order they were created.
#[derive(Debug, Clone, Copy)]
pub enum Pick {
    /// Any record, by index modulo their number.
    Existing(usize),
    /// One of the three newest, counted from the newest.
    Recent(usize),
    /// An alive record of an open, alive thread, by index modulo their number (any record when
    /// none).
    Open(usize),
    /// An id that names nothing.
    Unknown,
}

/// Who acts.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    /// An SMS handler of the resource the command touches, by index modulo their number, as the
    /// handlers are when the command runs (one of the sample's users when it has none).
    Handler(usize),
    /// This extension, whoever it is: a handler or not, disabled, unknown.
    Named(ExtensionId),
}

/// How a send finds its thread.
#[derive(Debug, Clone, Copy)]
pub enum Route {
    /// By the op's pair of numbers, without a thread id.
    Pair,
    /// By thread id, with the thread's own pair.
    Thread(Pick),
    /// By thread id, with the op's pair (usually another one).
    ThreadWithOpPair(Pick),
}

/// A command, as picks into what exists when it runs.
#[derive(Debug, Clone)]
pub enum Op {
    Send {
        actor: Actor,
        from: PhoneNumber,
        to: PhoneNumber,
        route: Route,
        text: &'static str,
    },
    /// The assignee of an assigned thread replies into it, by pair or by thread id (a plain
    /// clock move when no thread is assigned).
    Reply {
        thread: usize,
        by_id: bool,
        text: &'static str,
    },
    /// A text from outside to one of the account's numbers.
    Receive {
        from: PhoneNumber,
        to: PhoneNumber,
        text: &'static str,
    },
    Assign {
        actor: Actor,
        /// The thread's assignee acts instead of `actor` (when it has one), so that handing
        /// a thread on is reached as often as taking it.
        by_assignee: bool,
        thread: Pick,
        /// Picked among the thread's resource's handlers for [`Actor::Handler`].
        assignee: Option<Actor>,
        /// The actor takes the thread (instead of `assignee`).
        to_self: bool,
    },
    Resolve {
        actor: Actor,
        thread: Pick,
    },
    DeleteThread {
        actor: Actor,
        thread: Pick,
    },
    DeleteMessages {
        actor: Actor,
        messages: Vec<Pick>,
    },
    AddNote {
        actor: Actor,
        thread: Pick,
        text: &'static str,
    },
    /// `actor: None` is the note's author.
    EditNote {
        actor: Option<Actor>,
        note: Pick,
        text: &'static str,
    },
    /// `actor: None` is the first note's author.
    DeleteNotes {
        actor: Option<Actor>,
        notes: Vec<Pick>,
    },
    ChangeHandlers {
        actor: Actor,
        resource: ExtensionId,
        added: Vec<ExtensionId>,
        removed: Vec<ExtensionId>,
    },
    /// Only moves the clock.
    Advance,
}

/// When a command runs, relative to the clock.
#[derive(Debug, Clone, Copy)]
pub enum When {
    Same,
    Ms(i64),
    Hours(i64),
    /// 72 h plus -1, 0 or +1 ms.
    Ttl(i64),
    /// An earlier time than the clock: it must run at the clock's time.
    Back(i64),
    /// A thread's expiry deadline plus -1, 0 or +1 ms (the clock when there is no thread).
    Deadline(usize, i64),
}

/// A generated command.
#[derive(Debug, Clone)]
pub struct Cmd {
    pub op: Op,
    pub when: When,
    /// Advance the inbox to the command's time first (else the command applies what fell due).
    pub pre_advance: bool,
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        2 => any::<usize>().prop_map(Pick::Existing),
        2 => (0usize..3).prop_map(Pick::Recent),
        12 => any::<usize>().prop_map(Pick::Open),
        1 => Just(Pick::Unknown),
    ]
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        17 => any::<usize>().prop_map(Actor::Handler),
        3 => select(ACTORS.to_vec()).prop_map(Actor::Named),
    ]
}

fn note_actor() -> impl Strategy<Value = Option<Actor>> {
    prop::option::weighted(0.35, actor())
}

fn shared_number() -> impl Strategy<Value = PhoneNumber> {
    prop_oneof![
        8 => Just(FINANCIAL_QUEUE_NUMBER),
        5 => select(vec![BILLING_QUEUE_NUMBER, MAIN_NUMBER, COMPANY_NUMBER, IVR_MAIN_NUMBER, SITE_01_NUMBER, IVR_SITE_01_NUMBER]),
        // Not a shared number.
        1 => Just(WAYNE_NUMBER),
    ]
}

fn guest() -> impl Strategy<Value = PhoneNumber> {
    // Nora's number is inside the account.
    prop_oneof![20 => select(GUESTS.to_vec()), 1 => Just(NORA_NUMBER)]
}

fn text() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        12 => select(vec!["Hi Tom ...", "Your appointment is at 10", "Please stop calling me"]),
        4 => select(vec!["STOP", "stop", " Unsubscribe ", "START", "resume"]),
        1 => Just(""),
    ]
}

fn note_text() -> impl Strategy<Value = &'static str> {
    prop_oneof![12 => Just("Called back, waiting for documents"), 1 => Just("   ")]
}

/// One random command.
fn op() -> impl Strategy<Value = Op> {
    let route = prop_oneof![
        6 => Just(Route::Pair),
        3 => pick().prop_map(Route::Thread),
        1 => pick().prop_map(Route::ThreadWithOpPair),
    ];
    let resource =
        select(vec![FINANCIAL_QUEUE, FINANCIAL_QUEUE, BILLING_QUEUE, SITE_01, MAIN_SITE, IVR_SITE_01, IVR_MAIN, GHOST]);
    prop_oneof![
        6 => (actor(), shared_number(), guest(), route, text())
            .prop_map(|(actor, from, to, route, text)| Op::Send { actor, from, to, route, text }),
        5 => (any::<usize>(), any::<bool>(), text()).prop_map(|(thread, by_id, text)| Op::Reply { thread, by_id, text }),
        7 => (guest(), shared_number(), text()).prop_map(|(from, to, text)| Op::Receive { from, to, text }),
        5 => (actor(), prop::bool::weighted(0.4), pick(), prop::option::weighted(0.85, actor()), prop::bool::weighted(0.3))
            .prop_map(|(actor, by_assignee, thread, assignee, to_self)| Op::Assign { actor, by_assignee, thread, assignee, to_self }),
        2 => (actor(), pick()).prop_map(|(actor, thread)| Op::Resolve { actor, thread }),
        1 => (actor(), pick()).prop_map(|(actor, thread)| Op::DeleteThread { actor, thread }),
        2 => (actor(), vec(pick(), 0..3)).prop_map(|(actor, messages)| Op::DeleteMessages { actor, messages }),
        4 => (actor(), pick(), note_text()).prop_map(|(actor, thread, text)| Op::AddNote { actor, thread, text }),
        2 => (note_actor(), pick(), note_text()).prop_map(|(actor, note, text)| Op::EditNote { actor, note, text }),
        2 => (note_actor(), vec(pick(), 1..3)).prop_map(|(actor, notes)| Op::DeleteNotes { actor, notes }),
        2 => (
            prop_oneof![4 => Just(Actor::Named(WAYNE)), 1 => actor()],
            resource,
            vec(select(ACTORS.to_vec()), 0..3),
            vec(select(ACTORS.to_vec()), 0..3),
        )
            .prop_map(|(actor, resource, added, removed)| Op::ChangeHandlers { actor, resource, added, removed }),
        4 => Just(Op::Advance),
    ]
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![
        12 => Just(When::Same),
        8 => (1i64..5_000).prop_map(When::Ms),
        2 => (1i64..24).prop_map(When::Hours),
        1 => (-1i64..=1).prop_map(When::Ttl),
        1 => (1i64..Millis::hours(10).0).prop_map(When::Back),
        1 => (any::<usize>(), -1i64..=1).prop_map(|(t, d)| When::Deadline(t, d)),
    ]
}

/// One random command with its time.
pub fn cmd() -> impl Strategy<Value = Cmd> {
    (op(), when(), any::<bool>()).prop_map(|(op, when, pre_advance)| Cmd { op, when, pre_advance })
}
