//! Who is notified of what: every command's notifications checked against the table of the API
//! reference (and the crate's documented decisions for notes, message deletions and delivery
//! status), with recipients worked out here from the command, the state before it and a model
//! of each resource's SMS handlers kept by this test.

mod commands;

use std::collections::{HashMap, HashSet};

use commands::{GUESTS, Op, SHARED, Step, T0, at, cmd, initial_handlers, resolve, run};
use proptest::collection::vec;
use proptest::prelude::*;
use rcthreads_domain::sample::{self, BETH, FEDERICK, FINANCIAL_QUEUE, FINANCIAL_QUEUE_NUMBER, SAM, WAYNE};
use rcthreads_domain::{
    Action, Availability, DELIVERED_AFTER, ExtensionId, HandlerChange, InboundMessage, Inbox, MessageStatus, Millis,
    Notification, OutboundMessage, PhoneNumber, SENT_AFTER, SequentialIds, THREAD_TTL, Thread, ThreadId, Timestamp,
};

fn inbox() -> Inbox {
    Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default())
}

/// The resource answering a shared number, from the sample's table.
fn owner_of(number: PhoneNumber) -> ExtensionId {
    SHARED.iter().find(|(n, _)| *n == number).expect("a shared number").1
}

/// Each resource's SMS handlers in the directory's order, kept in step with handler changes.
struct Handlers(HashMap<ExtensionId, Vec<ExtensionId>>);

impl Handlers {
    fn all(&self, resource: ExtensionId) -> Vec<ExtensionId> {
        self.0[&resource].clone()
    }

    fn apply(&mut self, resource: ExtensionId, change: &HandlerChange) {
        let list = self.0.get_mut(&resource).expect("a resource with handlers");
        for &e in &change.added {
            if !list.contains(&e) {
                list.push(e);
            }
        }
        list.retain(|e| !change.removed.contains(e));
    }
}

/// A notification as the table says it must be.
fn expected(
    action: Action,
    thread: ThreadId,
    owner: ExtensionId,
    time: Timestamp,
    recipients: Vec<ExtensionId>,
) -> Notification {
    let (thread_event, message_event) = match action {
        Action::InboundUnassigned | Action::OutboundNewThread => (true, true),
        Action::InboundAssigned | Action::OutboundReply => (false, true),
        Action::Assigned | Action::Resolved => (true, false),
        Action::Deleted => (false, false),
        // Decisions of this crate: message events only.
        Action::NoteChanged | Action::MessageDeleted | Action::MessageStatusChanged => (false, true),
    };
    Notification { action, thread, owner, time, thread_event, message_event, recipients }
}

/// What moving the clock to `now` must announce: expiries to all handlers, delivery progress to
/// the thread's assignee (nobody when it has none).
fn expected_on_advance(inbox: &Inbox, handlers: &Handlers, now: Timestamp) -> Vec<Notification> {
    let mut out = Vec::new();
    for t in inbox.all_threads() {
        if t.is_open_alive() && t.expires_at() <= now {
            out.push(expected(Action::Resolved, t.id(), t.owner(), t.expires_at(), handlers.all(t.owner())));
        }
        for m in inbox.messages_of(t).filter(|m| m.availability() == Availability::Alive) {
            let sent = m.created() + SENT_AFTER;
            let delivered = m.created() + DELIVERED_AFTER;
            let mut due = Vec::new();
            if m.status() == MessageStatus::Queued && sent <= now {
                due.push(sent);
            }
            if matches!(m.status(), MessageStatus::Queued | MessageStatus::Sent) && delivered <= now {
                due.push(delivered);
            }
            for at in due {
                let to = t.assignee().into_iter().collect();
                out.push(expected(Action::MessageStatusChanged, t.id(), t.owner(), at, to));
            }
        }
    }
    out
}

fn sorted(mut v: Vec<Notification>) -> Vec<Notification> {
    v.sort_by_key(|n| (n.time, format!("{:?}", n.action), n.thread));
    v
}

/// What a successful command must announce, from the state before it (`inbox` is after).
struct Before {
    /// Send / receive: the pair's open thread and its assignee.
    open: Option<(ThreadId, Option<ExtensionId>)>,
    /// Assign / resolve / delete: the thread's assignee and whether it was deleted.
    assignee: Option<ExtensionId>,
    deleted: bool,
    /// Deletions: the alive records named, once each, with their thread.
    alive_named: Vec<ThreadId>,
    /// Handler changes: threads that the removed handlers held on the resource, in order.
    orphaned: Vec<ThreadId>,
}

/// The state before `step` runs at `now`: threads past their deadline count as expired, since the
/// command applies what fell due first.
fn before(inbox: &Inbox, now: Timestamp, step: &Step) -> Before {
    let mut b = Before { open: None, assignee: None, deleted: false, alive_named: vec![], orphaned: vec![] };
    let open = |t: &&Thread| t.is_open_alive() && t.expires_at() > now;
    let pair =
        |owner_number, guest| inbox.open_thread(owner_number, guest).filter(open).map(|t| (t.id(), t.assignee()));
    match step {
        Step::Send { from, to, .. } => b.open = pair(*from, *to),
        Step::Receive { from, to, .. } => b.open = pair(*to, *from),
        // An unknown id fails the command, which then announces nothing.
        Step::Assign { thread, .. } | Step::Resolve { thread, .. } | Step::DeleteThread { thread, .. } => {
            if let Some(t) = inbox.thread_by_id(*thread) {
                b.assignee = t.assignee();
                b.deleted = t.availability() == Availability::Deleted;
            }
        }
        Step::DeleteMessages { ids, .. } => {
            let mut seen = HashSet::new();
            for id in ids {
                let m = inbox.message_by_id(*id).filter(|m| m.availability() == Availability::Alive);
                if let (true, Some(m)) = (seen.insert(*id), m) {
                    b.alive_named.push(m.thread_id());
                }
            }
        }
        Step::DeleteNotes { ids, .. } => {
            let mut seen = HashSet::new();
            for id in ids {
                let n = inbox.note_by_id(*id).filter(|n| n.availability() == Availability::Alive);
                if let (true, Some(n)) = (seen.insert(*id), n) {
                    b.alive_named.push(n.thread_id());
                }
            }
        }
        Step::ChangeHandlers { resource, change, .. } => {
            let mut removed = change.removed.clone();
            removed.dedup();
            let mut done = HashSet::new();
            for e in removed {
                if !done.insert(e) {
                    continue;
                }
                for t in inbox.all_threads() {
                    if t.owner() == *resource && open(&t) && t.assignee() == Some(e) {
                        b.orphaned.push(t.id());
                    }
                }
            }
        }
        _ => {}
    }
    b
}

fn expected_after(inbox: &Inbox, handlers: &Handlers, step: &Step, b: &Before) -> Vec<Notification> {
    let now = inbox.now();
    let owner = |id: ThreadId| inbox.thread_by_id(id).expect("a known thread").owner();
    let note_thread = |id| inbox.note_by_id(id).expect("a known note").thread_id();
    let all = |id: ThreadId| handlers.all(owner(id));
    match step {
        Step::Send { actor, from, to, .. } => {
            let t = inbox.open_thread(*from, *to).expect("the message's thread is open").id();
            // The sender is the assignee: they started the thread, or only they may reply.
            let action = match b.open {
                None => Action::OutboundNewThread,
                Some((id, _)) => {
                    assert_eq!(id, t, "a reply joins the pair's open thread");
                    Action::OutboundReply
                }
            };
            vec![expected(action, t, owner_of(*from), now, vec![*actor])]
        }
        Step::Receive { from, to, .. } => {
            let t = inbox.open_thread(*to, *from).expect("the message's thread is open").id();
            match b.open {
                Some((_, Some(assignee))) => vec![expected(Action::InboundAssigned, t, owner(t), now, vec![assignee])],
                _ => vec![expected(Action::InboundUnassigned, t, owner_of(*to), now, all(t))],
            }
        }
        Step::Assign { thread, assignee, .. } if b.assignee != *assignee => {
            vec![expected(Action::Assigned, *thread, owner(*thread), now, all(*thread))]
        }
        Step::Assign { .. } => vec![],
        Step::Resolve { thread, .. } => vec![expected(Action::Resolved, *thread, owner(*thread), now, all(*thread))],
        Step::DeleteThread { thread, .. } if !b.deleted => {
            vec![expected(Action::Deleted, *thread, owner(*thread), now, all(*thread))]
        }
        Step::DeleteThread { .. } => vec![],
        Step::DeleteMessages { .. } | Step::DeleteNotes { .. } => {
            let action =
                if matches!(step, Step::DeleteMessages { .. }) { Action::MessageDeleted } else { Action::NoteChanged };
            b.alive_named.iter().map(|&t| expected(action, t, owner(t), now, all(t))).collect()
        }
        Step::AddNote { thread, .. } => vec![expected(Action::NoteChanged, *thread, owner(*thread), now, all(*thread))],
        Step::EditNote { note, .. } => {
            let t = note_thread(*note);
            vec![expected(Action::NoteChanged, t, owner(t), now, all(t))]
        }
        // The removed handler is no longer told: they lost access with the change.
        Step::ChangeHandlers { .. } => {
            b.orphaned.iter().map(|&t| expected(Action::Assigned, t, owner(t), now, all(t))).collect()
        }
        Step::Advance => vec![],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn every_change_notifies_whom_the_table_says(cmds in vec(cmd(), 1..100)) {
        let mut inbox = commands::inbox();
        inbox.advance(T0);
        let mut handlers = Handlers(initial_handlers().into_iter().collect());
        for cmd in &cmds {
            let t = at(&inbox, cmd.when).max(inbox.now());
            // What fell due is announced when the clock is moved, or else by the next command,
            // to the handlers of that moment.
            if cmd.pre_advance || matches!(cmd.op, Op::Advance) {
                let want = expected_on_advance(&inbox, &handlers, t);
                inbox.advance(t);
                let got = inbox.take_notifications();
                prop_assert!(got.windows(2).all(|w| w[0].time <= w[1].time), "oldest first: {:?}", got);
                prop_assert_eq!(sorted(got), sorted(want), "advancing to {}", t);
            }
            let step = resolve(&inbox, &cmd.op);
            if step == Step::Advance {
                continue;
            }
            let due = expected_on_advance(&inbox, &handlers, t);
            let b = before(&inbox, t, &step);
            let outcome = run(&mut inbox, &step, t);
            let mut got = inbox.take_notifications();
            prop_assert!(got.len() >= due.len(), "{:?} announced {:?}, less than fell due: {:?}", step, got, due);
            let from_command = got.split_off(due.len());
            prop_assert!(got.windows(2).all(|w| w[0].time <= w[1].time), "oldest first: {:?}", got);
            prop_assert_eq!(sorted(got), sorted(due), "what fell due before {:?}", step);
            match outcome {
                Ok(()) => {
                    if let Step::ChangeHandlers { resource, change, .. } = &step {
                        handlers.apply(*resource, change);
                    }
                    let want = expected_after(&inbox, &handlers, &step, &b);
                    prop_assert_eq!(from_command, want, "after {:?}", step);
                }
                // A refused command changed nothing, so nobody hears of it.
                Err(e) => prop_assert!(from_command.is_empty(), "{:?} failed with {} yet notified {:?}", step, e, from_command),
            }
        }
    }
}

/// The table's rows one by one, on the sample's Financial Advising Queue (Wayne, Beth, Federick,
/// Sam), as a reader of the API reference would check them.
#[test]
fn the_table_row_by_row() {
    let mut inbox = inbox();
    let queue = [WAYNE, BETH, FEDERICK, SAM];
    let guest = GUESTS[0];
    let row = |n: &Notification| (n.action, n.thread_event, n.message_event, n.recipients.clone());

    // New inbound message into a new (unassigned) thread: everyone, both events.
    let text = |s: &str| InboundMessage { from: guest, to: FINANCIAL_QUEUE_NUMBER, text: s.into() };
    let thread = inbox.receive(T0, text("Hello?")).unwrap().thread_id();
    let n = inbox.take_notifications();
    assert_eq!(n.iter().map(row).collect::<Vec<_>>(), [(Action::InboundUnassigned, true, true, queue.to_vec())]);
    assert_eq!((n[0].thread, n[0].owner, n[0].time), (thread, FINANCIAL_QUEUE, T0));

    // Assign: everyone, thread event only.
    inbox.assign(BETH, T0, thread, Some(SAM)).unwrap();
    let n = inbox.take_notifications();
    assert_eq!(n.iter().map(row).collect::<Vec<_>>(), [(Action::Assigned, true, false, queue.to_vec())]);

    // Inbound into an assigned thread: only the assignee, message event only.
    inbox.receive(T0, text("Are you there?")).unwrap();
    let n = inbox.take_notifications();
    assert_eq!(n.iter().map(row).collect::<Vec<_>>(), [(Action::InboundAssigned, false, true, vec![SAM])]);

    // Reply: only the assignee, message event only.
    inbox.send(SAM, T0, OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, guest, "Yes")).unwrap();
    let n = inbox.take_notifications();
    assert_eq!(n.iter().map(row).collect::<Vec<_>>(), [(Action::OutboundReply, false, true, vec![SAM])]);

    // Resolve: everyone, thread event only.
    inbox.resolve(WAYNE, T0, thread).unwrap();
    let n = inbox.take_notifications();
    assert_eq!(n.iter().map(row).collect::<Vec<_>>(), [(Action::Resolved, true, false, queue.to_vec())]);

    // New outbound message: a new thread, only its assignee (the sender), both events.
    let second = inbox.send(BETH, T0, OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, guest, "Hi again")).unwrap();
    let second = second.thread_id();
    assert_ne!(second, thread);
    let n = inbox.take_notifications();
    assert_eq!(n.iter().map(row).collect::<Vec<_>>(), [(Action::OutboundNewThread, true, true, vec![BETH])]);

    // Delete: everyone, no event.
    inbox.delete_thread(FEDERICK, T0, second).unwrap();
    let n = inbox.take_notifications();
    assert_eq!(n.iter().map(row).collect::<Vec<_>>(), [(Action::Deleted, false, false, queue.to_vec())]);
}

/// Expiry is applied by whatever command comes next; when that command changes the handlers,
/// the expiry still goes to the handlers of the moment the thread expired.
#[test]
fn an_expiry_applied_by_a_handler_change_goes_to_the_handlers_of_its_moment() {
    let mut inbox = inbox();
    let thread = inbox
        .receive(T0, InboundMessage { from: GUESTS[0], to: FINANCIAL_QUEUE_NUMBER, text: "Hi".into() })
        .unwrap()
        .thread_id();
    inbox.take_notifications();
    let later = T0 + THREAD_TTL + Millis::hours(1);
    let change = HandlerChange { added: vec![sample::NORA], removed: vec![BETH] };
    inbox.change_handlers(WAYNE, later, FINANCIAL_QUEUE, &change).unwrap();
    let n = inbox.take_notifications();
    assert_eq!(n.len(), 1);
    assert_eq!((n[0].action, n[0].thread), (Action::Resolved, thread));
    assert_eq!(n[0].time, T0 + THREAD_TTL);
    assert_eq!(n[0].recipients, [WAYNE, BETH, FEDERICK, SAM]);
}
