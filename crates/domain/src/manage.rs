//! Managing threads: assign, resolve, delete, and changing a resource's SMS handlers.

use crate::directory::{ResourceKind, SmsHandler};
use crate::error::DomainError;
use crate::id::{ExtensionId, MessageId, ThreadId};
use crate::inbox::Inbox;
use crate::journal::{Assignment, HandlerChangeRecord, Rec};
use crate::recipients::Action;
use crate::slot::{MessageSlot, ThreadSlot};
use crate::thread::{Availability, Thread, ThreadState};
use crate::time::Timestamp;

/// The most extension ids one handler change may add (and, separately, remove) when thread
/// messaging is on; without it, one.
pub const MAX_HANDLER_CHANGES: usize = 50;

/// A change of a resource's SMS handlers (`bulk-assign`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HandlerChange {
    /// Users to add (as assignable, licensed handlers).
    pub added: Vec<ExtensionId>,
    /// Handlers to remove; their open threads on this resource become unassigned.
    pub removed: Vec<ExtensionId>,
}

impl Inbox {
    /// Assigns an open thread to an assignable handler of its resource, or unassigns it with
    /// `None`. Any handler may give an unassigned thread to anyone; an assigned thread may be
    /// handed to anyone (or unassigned) by its assignee, and only taken by any other handler
    /// (`MSG-427` otherwise). Assigning to the current assignee changes nothing. Assigning is
    /// not activity: the 72-hour clock keeps running from the last message.
    pub fn assign(
        &mut self,
        actor: ExtensionId,
        now: Timestamp,
        thread: ThreadId,
        assignee: Option<ExtensionId>,
    ) -> Result<&Thread, DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        let s = self.visible_slot(actor, thread)?;
        let t = &self.records[s];
        if !t.is_open_alive() {
            return Err(DomainError::ThreadNotOpen(thread));
        }
        let previous = t.assignee();
        // Seed 004: the assignee hands the thread on; anyone else may only take it.
        if previous.is_some_and(|p| p != actor) && assignee != Some(actor) {
            return Err(DomainError::ThreadNotAssigned { extension_id: actor });
        }
        if let Some(new) = assignee {
            let assignable = self.directory.handler(t.owner(), new).is_some_and(|h| h.assignable);
            let enabled = self.require_actor(new).is_ok();
            if !assignable || !enabled {
                return Err(DomainError::AssigneeNotAssignable(new));
            }
        }
        if previous != assignee {
            let state = assignee.map_or(ThreadState::Open, ThreadState::Assigned);
            self.records.set_state(s, state, now);
            self.record_assignment(s, now, Assignment { assignee, previous, initiator: Some(actor) });
            self.notify(Action::Assigned, s);
        }
        Ok(&self.records[s])
    }

    /// Resolves an open thread (`statusReason=Manual`); its assignee is removed. Any handler of
    /// the resource may do it. A resolved thread never reopens.
    pub fn resolve(&mut self, actor: ExtensionId, now: Timestamp, thread: ThreadId) -> Result<&Thread, DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        let s = self.visible_slot(actor, thread)?;
        if !self.records[s].is_open_alive() {
            return Err(DomainError::ThreadNotOpen(thread));
        }
        self.records.set_state(s, ThreadState::Resolved, now);
        let who = self.journal.who(actor);
        self.record_hint(s, now, Rec::ThreadResolved(s, who));
        self.notify(Action::Resolved, s);
        Ok(&self.records[s])
    }

    /// Deletes a thread whatever its status or assignee, and all its messages. Any handler of
    /// the resource may do it. Deleting a deleted thread changes nothing.
    pub fn delete_thread(&mut self, actor: ExtensionId, now: Timestamp, thread: ThreadId) -> Result<(), DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        let s = self.visible_slot(actor, thread)?;
        if self.records[s].availability() == Availability::Deleted {
            return Ok(());
        }
        self.records.delete_thread(s, now);
        for i in 0..self.records[s].message_count() {
            let m = self.records[s].message_slots()[i];
            self.mark_message_deleted(m, now);
        }
        let who = self.journal.who(actor);
        self.record_hint(s, now, Rec::ThreadDeleted(s, who));
        self.notify(Action::Deleted, s);
        Ok(())
    }

    /// Deletes messages by id: all of them or, when one is unknown or not visible, none.
    /// Already deleted messages are skipped.
    pub fn delete_messages(
        &mut self,
        actor: ExtensionId,
        now: Timestamp,
        ids: &[MessageId],
    ) -> Result<(), DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        let mut slots = Vec::with_capacity(ids.len());
        for &id in ids {
            let m = self.records.message_slot(id).ok_or(DomainError::MessageNotFound(id))?;
            self.visible_slot(actor, self.records[m].thread)?;
            slots.push(m);
        }
        for m in slots {
            if self.mark_message_deleted(m, now) {
                let thread = self.records[m].thread_slot;
                self.notify(Action::MessageDeleted, thread);
            }
        }
        Ok(())
    }

    /// Marks a message deleted; false when it already was.
    fn mark_message_deleted(&mut self, m: MessageSlot, now: Timestamp) -> bool {
        let msg = &mut self.records[m];
        if msg.availability == Availability::Deleted {
            return false;
        }
        msg.availability = Availability::Deleted;
        msg.last_modified = now;
        self.journal.push(now, Rec::MessageDeleted(m));
        true
    }

    /// Adds and removes SMS handlers of a call queue or site (`bulk-assign`). Only a super admin
    /// may. A removed handler loses access at once, and the open threads assigned to them on
    /// this resource become unassigned (recorded as assignments with no assignee and no
    /// initiator). Adding a current handler or removing a non-handler changes nothing.
    pub fn change_handlers(
        &mut self,
        actor: ExtensionId,
        now: Timestamp,
        resource: ExtensionId,
        change: &HandlerChange,
    ) -> Result<(), DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        if !self.directory.user(actor).is_some_and(|u| u.super_admin) {
            return Err(DomainError::NotAnAdmin(actor));
        }
        if self.directory.user(resource).is_some() {
            return Err(DomainError::NotACommonResource(resource));
        }
        let r = self.directory.resource(resource).ok_or(DomainError::ExtensionNotFound(resource))?;
        if matches!(r.kind, ResourceKind::IvrMenu { .. }) {
            return Err(DomainError::NotACommonResource(resource));
        }
        if change.added.is_empty() && change.removed.is_empty() {
            return Err(DomainError::EmptyHandlerChange);
        }
        let max = if self.directory.settings().enabled { MAX_HANDLER_CHANGES } else { 1 };
        for (list, parameter) in [(&change.added, "addedExtensionIds"), (&change.removed, "removedExtensionIds")] {
            if list.len() > max {
                return Err(DomainError::TooManyHandlerChanges { parameter, max });
            }
        }
        for &e in &change.added {
            if change.removed.contains(&e) {
                return Err(DomainError::AddedAndRemoved(e));
            }
            if self.require_actor(e).is_err() {
                return Err(DomainError::NotAUser { extension_id: e, parameter: "addedExtensionIds" });
            }
        }
        for &e in &change.removed {
            if self.directory.user(e).is_none() {
                return Err(DomainError::NotAUser { extension_id: e, parameter: "removedExtensionIds" });
            }
        }

        let r = self.directory.resource_mut(resource).expect("checked above");
        for &e in &change.added {
            if !r.handlers.iter().any(|h| h.extension == e) {
                r.handlers.push(SmsHandler::new(e));
            }
        }
        r.handlers.retain(|h| !change.removed.contains(&h.extension));
        for &e in &change.removed {
            let mut orphaned: Vec<ThreadSlot> =
                self.records.assigned_to(e).filter(|&s| self.records[s].owner() == resource).collect();
            // The assignee index is a hash set: sort so the journal order is reproducible.
            orphaned.sort_unstable();
            for s in orphaned {
                self.records.set_state(s, ThreadState::Open, now);
                let a = Assignment { assignee: None, previous: Some(e), initiator: None };
                self.record_assignment(s, now, a);
                self.notify(Action::Assigned, s);
            }
        }
        let record = HandlerChangeRecord { resource, added: change.added.clone(), removed: change.removed.clone() };
        self.journal.push_handler_change(now, record);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::SequentialIds;
    use crate::sample::{self, IVR_MAIN, NORA, WAYNE};

    #[test]
    fn handlers_change_only_on_call_queues_and_sites() {
        let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
        let change = HandlerChange { added: vec![NORA], removed: Vec::new() };
        let t = Timestamp::from_millis(1);
        assert_eq!(inbox.change_handlers(WAYNE, t, IVR_MAIN, &change), Err(DomainError::NotACommonResource(IVR_MAIN)));
        assert_eq!(inbox.change_handlers(WAYNE, t, NORA, &change), Err(DomainError::NotACommonResource(NORA)));
        let unknown = ExtensionId::new(424_242);
        assert_eq!(inbox.change_handlers(WAYNE, t, unknown, &change), Err(DomainError::ExtensionNotFound(unknown)));
        assert_eq!(inbox.journal_seq(), 0);
    }
}
