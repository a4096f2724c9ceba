//! Who is told about a change: the notification table of thread messaging, as data.
//!
//! | action | thread event | message event | recipients |
//! |---|---|---|---|
//! | new inbound message, unassigned thread | yes | yes | all handlers |
//! | inbound message, assigned thread | no | yes | current assignee |
//! | new outbound message (new thread) | yes | yes | current assignee |
//! | reply outbound message | no | yes | current assignee |
//! | assign / reassign / unassign | yes | no | all handlers |
//! | resolve (also expiry) | yes | no | all handlers |
//! | delete | no | no | all handlers |
//!
//! Rows the service does not document are decisions of this crate: a note added, edited or
//! deleted and a message deleted give a message event to all handlers; a delivery status
//! change gives a message event to the current assignee (none when the thread has none).
//! A thread event tells receivers to run thread sync; a message event, entries sync.

use crate::directory::Directory;
use crate::id::{ExtensionId, ThreadId};
use crate::records::Records;
use crate::slot::ThreadSlot;
use crate::time::Timestamp;

/// A command's effect, captured when it happened (recipients included: the handlers and the
/// assignee of that moment, not of the moment it is taken); expanded into a [`Notification`]
/// when taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    action: Action,
    thread: ThreadSlot,
    recipients: Recipients,
    time: Timestamp,
}

/// The recipients as captured: the assignee alone needs no allocation, which keeps replies (the
/// hottest command) cheap.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Recipients {
    Assignee(Option<ExtensionId>),
    Handlers(Vec<ExtensionId>),
}

/// The action a notification reports: a row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// An inbound message into an unassigned (possibly new) thread.
    InboundUnassigned,
    /// An inbound message into an assigned thread.
    InboundAssigned,
    /// An outbound message that created its thread.
    OutboundNewThread,
    /// An outbound message into an existing thread.
    OutboundReply,
    /// A thread was assigned, reassigned or unassigned.
    Assigned,
    /// A thread was resolved by a handler or expired.
    Resolved,
    /// A thread was deleted.
    Deleted,
    /// A note was added, edited or deleted.
    NoteChanged,
    /// Messages were deleted.
    MessageDeleted,
    /// A message's delivery status changed.
    MessageStatusChanged,
}

impl Action {
    /// Whether receivers get a thread event (`/message-threads/sync`).
    pub fn thread_event(self) -> bool {
        matches!(self, Action::InboundUnassigned | Action::OutboundNewThread | Action::Assigned | Action::Resolved)
    }

    /// Whether receivers get a message event (`/message-threads/entries/sync`).
    pub fn message_event(self) -> bool {
        !matches!(self, Action::Assigned | Action::Resolved | Action::Deleted)
    }

    /// Whether every handler of the resource receives it (else only the current assignee).
    pub fn to_all_handlers(self) -> bool {
        !matches!(
            self,
            Action::InboundAssigned | Action::OutboundNewThread | Action::OutboundReply | Action::MessageStatusChanged
        )
    }
}

/// One change and who must hear of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// What happened.
    pub action: Action,
    /// The thread concerned.
    pub thread: ThreadId,
    /// The thread's owning resource.
    pub owner: ExtensionId,
    /// When it was taken (the inbox's clock).
    pub time: Timestamp,
    /// Whether a thread event is due.
    pub thread_event: bool,
    /// Whether a message event is due.
    pub message_event: bool,
    /// Who receives it, in the directory's order.
    pub recipients: Vec<ExtensionId>,
}

impl Event {
    /// Captures that `action` happened to the thread in slot `thread` at `time`.
    pub(crate) fn capture(
        action: Action,
        thread: ThreadSlot,
        records: &Records,
        directory: &Directory,
        time: Timestamp,
    ) -> Event {
        let t = &records[thread];
        let recipients = if action.to_all_handlers() {
            Recipients::Handlers(
                directory
                    .handling_resource(t.owner())
                    .map(|r| r.handlers.iter().map(|h| h.extension).collect())
                    .unwrap_or_default(),
            )
        } else {
            Recipients::Assignee(t.assignee())
        };
        Event { action, thread, recipients, time }
    }

    /// The notification, with the thread's id and owner.
    pub(crate) fn notification(self, records: &Records) -> Notification {
        let t = &records[self.thread];
        let recipients = match self.recipients {
            Recipients::Assignee(a) => a.into_iter().collect(),
            Recipients::Handlers(h) => h,
        };
        Notification {
            action: self.action,
            thread: t.id(),
            owner: t.owner(),
            time: self.time,
            thread_event: self.action.thread_event(),
            message_event: self.action.message_event(),
            recipients,
        }
    }
}
