//! Generated commands turned into concrete ones against a view of the state, and run.
//!
//! The view is the only thing resolution reads, so a reference model can resolve the same
//! commands from its own records, without looking at the inbox it checks.

use rcthreads_domain::sample::WAYNE;
use rcthreads_domain::{
    Availability, DomainError, ExtensionId, HandlerChange, InboundMessage, Inbox, MessageId, Millis, NoteId,
    OutboundMessage, PhoneNumber, THREAD_TTL, ThreadId, Timestamp,
};

use super::USERS;
use super::ops::{Actor, Op, Pick, Route, When};

/// Ids that name nothing.
pub const UNKNOWN_THREAD: ThreadId = ThreadId::from_u128(1);
pub const UNKNOWN_MESSAGE: MessageId = MessageId::new(1);
pub const UNKNOWN_NOTE: NoteId = NoteId::new(1);

/// What resolution needs to know of a thread.
#[derive(Debug, Clone, Copy)]
pub struct ThreadView {
    pub id: ThreadId,
    pub owner: ExtensionId,
    pub owner_number: PhoneNumber,
    pub guest: PhoneNumber,
    /// Open (or assigned) and alive, as of the view's clock.
    pub open: bool,
    pub assignee: Option<ExtensionId>,
    pub last_activity: Timestamp,
}

/// What resolution needs to know of a message.
#[derive(Debug, Clone, Copy)]
pub struct MessageView {
    pub id: MessageId,
    pub thread: ThreadId,
    pub alive: bool,
}

/// What resolution needs to know of a note.
#[derive(Debug, Clone, Copy)]
pub struct NoteView {
    pub id: NoteId,
    pub thread: ThreadId,
    pub author: ExtensionId,
    pub alive: bool,
}

/// The state commands are resolved against; every list is in creation order and holds deleted
/// records too.
pub trait View {
    fn now(&self) -> Timestamp;
    fn threads(&self) -> Vec<ThreadView>;
    fn messages(&self) -> Vec<MessageView>;
    fn notes(&self) -> Vec<NoteView>;
    /// The SMS handlers of a resource (none for an unknown one).
    fn handlers(&self, resource: ExtensionId) -> Vec<ExtensionId>;
    /// The resource whose threads a number's messages start.
    fn owner_of(&self, number: PhoneNumber) -> Option<ExtensionId>;
}

impl View for Inbox {
    fn now(&self) -> Timestamp {
        Inbox::now(self)
    }

    fn threads(&self) -> Vec<ThreadView> {
        self.all_threads()
            .map(|t| ThreadView {
                id: t.id(),
                owner: t.owner(),
                owner_number: t.owner_number(),
                guest: t.guest_number(),
                open: t.is_open_alive(),
                assignee: t.assignee(),
                last_activity: t.last_activity(),
            })
            .collect()
    }

    fn messages(&self) -> Vec<MessageView> {
        self.all_messages()
            .map(|m| MessageView { id: m.id(), thread: m.thread_id(), alive: m.availability() == Availability::Alive })
            .collect()
    }

    fn notes(&self) -> Vec<NoteView> {
        let mut notes: Vec<_> = self
            .all_threads()
            .flat_map(|t| self.notes_of(t))
            .map(|n| NoteView {
                id: n.id(),
                thread: n.thread_id(),
                author: n.author(),
                alive: n.availability() == Availability::Alive,
            })
            .collect();
        notes.sort_by_key(|n| n.id);
        notes
    }

    fn handlers(&self, resource: ExtensionId) -> Vec<ExtensionId> {
        self.directory()
            .handling_resource(resource)
            .map(|r| r.handlers.iter().map(|h| h.extension).collect())
            .unwrap_or_default()
    }

    fn owner_of(&self, number: PhoneNumber) -> Option<ExtensionId> {
        self.directory().thread_owner(number).map(|r| r.id)
    }
}

/// A command with concrete ids, ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Send {
        actor: ExtensionId,
        from: PhoneNumber,
        to: PhoneNumber,
        thread: Option<ThreadId>,
        text: &'static str,
    },
    Receive {
        from: PhoneNumber,
        to: PhoneNumber,
        text: &'static str,
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
        text: &'static str,
    },
    EditNote {
        actor: ExtensionId,
        note: NoteId,
        text: &'static str,
    },
    DeleteNotes {
        actor: ExtensionId,
        ids: Vec<NoteId>,
    },
    ChangeHandlers {
        actor: ExtensionId,
        resource: ExtensionId,
        change: HandlerChange,
    },
    /// Only moves the clock.
    Advance,
}

/// The index a pick points at among `len` records, `open` telling which are alive records of open
/// threads.
fn index(pick: Pick, len: usize, open: impl Fn(usize) -> bool) -> Option<usize> {
    match pick {
        _ if len == 0 => None,
        Pick::Existing(i) => Some(i % len),
        Pick::Recent(k) => Some(len - 1 - k.min(len - 1)),
        Pick::Open(i) => {
            let open: Vec<usize> = (0..len).filter(|&j| open(j)).collect();
            Some(if open.is_empty() { i % len } else { open[i % open.len()] })
        }
        Pick::Unknown => None,
    }
}

/// The state as a view shows it, gathered once per command.
struct Seen<'a, V> {
    view: &'a V,
    threads: Vec<ThreadView>,
}

impl<V: View> Seen<'_, V> {
    fn thread(&self, id: ThreadId) -> Option<&ThreadView> {
        self.threads.iter().find(|t| t.id == id)
    }

    fn is_open(&self, id: ThreadId) -> bool {
        self.thread(id).is_some_and(|t| t.open)
    }

    fn pick_thread(&self, p: Pick) -> Option<&ThreadView> {
        index(p, self.threads.len(), |i| self.threads[i].open).map(|i| &self.threads[i])
    }

    fn thread_id(&self, p: Pick) -> ThreadId {
        self.pick_thread(p).map_or(UNKNOWN_THREAD, |t| t.id)
    }

    fn owner(&self, thread: ThreadId) -> Option<ExtensionId> {
        self.thread(thread).map(|t| t.owner)
    }

    /// Who an [`Actor`] is, for a command on `resource`'s threads.
    fn actor(&self, a: Actor, resource: Option<ExtensionId>) -> ExtensionId {
        match a {
            Actor::Named(e) => e,
            Actor::Handler(i) => {
                let handlers = resource.map(|r| self.view.handlers(r)).unwrap_or_default();
                if handlers.is_empty() { USERS[i % USERS.len()] } else { handlers[i % handlers.len()] }
            }
        }
    }
}

/// Turns a generated command into concrete ids against `view`.
pub fn resolve<V: View>(view: &V, op: &Op) -> Step {
    let seen = Seen { view, threads: view.threads() };
    match *op {
        Op::Send { actor, from, to, route, text } => {
            let (thread, from, to) = match route {
                Route::Pair => (None, from, to),
                Route::Thread(p) => match seen.pick_thread(p) {
                    Some(t) => (Some(t.id), t.owner_number, t.guest),
                    None => (Some(UNKNOWN_THREAD), from, to),
                },
                Route::ThreadWithOpPair(p) => (Some(seen.thread_id(p)), from, to),
            };
            let resource = thread.and_then(|id| seen.owner(id)).or_else(|| view.owner_of(from));
            Step::Send { actor: seen.actor(actor, resource), from, to, thread, text }
        }
        Op::Reply { thread, by_id, text } => {
            let assigned: Vec<_> = seen.threads.iter().filter(|t| t.open && t.assignee.is_some()).collect();
            match assigned.get(thread % assigned.len().max(1)) {
                Some(t) => Step::Send {
                    actor: t.assignee.expect("filtered"),
                    from: t.owner_number,
                    to: t.guest,
                    thread: by_id.then_some(t.id),
                    text,
                },
                None => Step::Advance,
            }
        }
        Op::Receive { from, to, text } => Step::Receive { from, to, text },
        Op::Assign { actor, by_assignee, thread, assignee, to_self } => {
            let thread = seen.thread_id(thread);
            let owner = seen.owner(thread);
            let current = seen.threads.iter().find(|t| t.id == thread).and_then(|t| t.assignee);
            let actor = match current {
                Some(a) if by_assignee => a,
                _ => seen.actor(actor, owner),
            };
            let assignee = if to_self { Some(actor) } else { assignee.map(|a| seen.actor(a, owner)) };
            Step::Assign { actor, thread, assignee }
        }
        Op::Resolve { actor, thread } => {
            let thread = seen.thread_id(thread);
            Step::Resolve { actor: seen.actor(actor, seen.owner(thread)), thread }
        }
        Op::DeleteThread { actor, thread } => {
            let thread = seen.thread_id(thread);
            Step::DeleteThread { actor: seen.actor(actor, seen.owner(thread)), thread }
        }
        Op::DeleteMessages { actor, ref messages } => {
            let all = view.messages();
            let picked: Vec<_> = messages
                .iter()
                .map(|&p| index(p, all.len(), |i| all[i].alive && seen.is_open(all[i].thread)).map(|i| all[i]))
                .collect();
            let owner = picked.first().copied().flatten().and_then(|m| seen.owner(m.thread));
            Step::DeleteMessages {
                actor: seen.actor(actor, owner),
                ids: picked.iter().map(|m| m.map_or(UNKNOWN_MESSAGE, |m| m.id)).collect(),
            }
        }
        Op::AddNote { actor, thread, text } => {
            let thread = seen.thread_id(thread);
            Step::AddNote { actor: seen.actor(actor, seen.owner(thread)), thread, text }
        }
        Op::EditNote { actor, note, text } => {
            let all = view.notes();
            let note = index(note, all.len(), |i| all[i].alive && seen.is_open(all[i].thread)).map(|i| all[i]);
            Step::EditNote { actor: note_actor(&seen, actor, note), note: note.map_or(UNKNOWN_NOTE, |n| n.id), text }
        }
        Op::DeleteNotes { actor, ref notes } => {
            let all = view.notes();
            let picked: Vec<_> = notes
                .iter()
                .map(|&p| index(p, all.len(), |i| all[i].alive && seen.is_open(all[i].thread)).map(|i| all[i]))
                .collect();
            Step::DeleteNotes {
                actor: note_actor(&seen, actor, picked.first().copied().flatten()),
                ids: picked.iter().map(|n| n.map_or(UNKNOWN_NOTE, |n| n.id)).collect(),
            }
        }
        Op::ChangeHandlers { actor, resource, ref added, ref removed } => Step::ChangeHandlers {
            actor: seen.actor(actor, Some(resource)),
            resource,
            change: HandlerChange { added: added.clone(), removed: removed.clone() },
        },
        Op::Advance => Step::Advance,
    }
}

/// The actor of a note command: the note's author for `None` (Wayne for an unknown note).
fn note_actor<V: View>(seen: &Seen<'_, V>, actor: Option<Actor>, note: Option<NoteView>) -> ExtensionId {
    match actor {
        Some(a) => seen.actor(a, note.and_then(|n| seen.owner(n.thread))),
        None => note.map_or(WAYNE, |n| n.author),
    }
}

/// The time a command runs at (it may be before the clock).
pub fn at(view: &impl View, when: When) -> Timestamp {
    let now = view.now();
    match when {
        When::Same => now,
        When::Ms(ms) => now + Millis(ms),
        When::Hours(h) => now + Millis::hours(h),
        When::Ttl(d) => now + THREAD_TTL + Millis(d),
        When::Back(ms) => now + Millis(-ms),
        When::Deadline(i, d) => {
            let threads = view.threads();
            match threads.get(i % threads.len().max(1)) {
                Some(t) => t.last_activity + THREAD_TTL + Millis(d),
                None => now,
            }
        }
    }
}

/// Runs a step at `t` (an earlier time runs at the inbox's clock).
pub fn run(inbox: &mut Inbox, step: &Step, t: Timestamp) -> Result<(), DomainError> {
    match step.clone() {
        Step::Send { actor, from, to, thread, text } => {
            let mut msg = OutboundMessage::sms(from, to, text);
            msg.thread_id = thread;
            inbox.send(actor, t, msg).map(drop)
        }
        Step::Receive { from, to, text } => inbox.receive(t, InboundMessage { from, to, text: text.into() }).map(drop),
        Step::Assign { actor, thread, assignee } => inbox.assign(actor, t, thread, assignee).map(drop),
        Step::Resolve { actor, thread } => inbox.resolve(actor, t, thread).map(drop),
        Step::DeleteThread { actor, thread } => inbox.delete_thread(actor, t, thread),
        Step::DeleteMessages { actor, ids } => inbox.delete_messages(actor, t, &ids),
        Step::AddNote { actor, thread, text } => inbox.add_note(actor, t, thread, text).map(drop),
        Step::EditNote { actor, note, text } => inbox.edit_note(actor, t, note, text).map(drop),
        Step::DeleteNotes { actor, ids } => inbox.delete_notes(actor, t, &ids),
        Step::ChangeHandlers { actor, resource, change } => inbox.change_handlers(actor, t, resource, &change),
        Step::Advance => {
            inbox.advance(t);
            Ok(())
        }
    }
}
