//! Messages joining threads: outbound sends by handlers and inbound texts from customers.

use crate::directory::Resource;
use crate::error::DomainError;
use crate::id::{ExtensionId, ThreadId};
use crate::inbox::Inbox;
use crate::journal::{Assignment, Rec, Who};
use crate::message::{Attachment, DeliveryError, Direction, Message, MessageStatus, SENT_AFTER};
use crate::optout::{Keyword, keyword};
use crate::phone::PhoneNumber;
use crate::recipients::Action;
use crate::records::NewMessage;
use crate::slot::{MessageSlot, ThreadSlot};
use crate::text::check_text;
use crate::thread::ThreadState;
use crate::time::Timestamp;

/// An attachment as uploaded with an MMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    /// MIME type, e.g. `image/png`.
    pub content_type: String,
    /// File name as uploaded, if any.
    pub file_name: Option<String>,
    /// The bytes.
    pub data: Vec<u8>,
}

/// A handler's outbound message (`POST /message-threads/messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundMessage {
    /// Route into this thread (it must be open and between `from` and `to`); else the pair picks
    /// the thread.
    pub thread_id: Option<ThreadId>,
    /// A shared number of a resource the sender handles.
    pub from: PhoneNumber,
    /// Exactly one outside number.
    pub to: Vec<PhoneNumber>,
    /// The text (may be empty when there are attachments).
    pub text: String,
    /// MMS attachments.
    pub attachments: Vec<NewAttachment>,
}

impl OutboundMessage {
    /// A plain SMS between `from` and `to`, routed by the pair.
    pub fn sms(from: PhoneNumber, to: PhoneNumber, text: impl Into<String>) -> Self {
        Self { thread_id: None, from, to: vec![to], text: text.into(), attachments: Vec::new() }
    }
}

/// A customer's text to a shared number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMessage {
    /// The outside number.
    pub from: PhoneNumber,
    /// The shared number.
    pub to: PhoneNumber,
    /// The text.
    pub text: String,
}

impl InboundMessage {
    /// A customer's text from `from` to the shared number `to`.
    ///
    /// ```
    /// use rcthreads_domain::{InboundMessage, Inbox, SequentialIds, Timestamp};
    /// use rcthreads_domain::sample::{self, FINANCIAL_QUEUE_NUMBER};
    ///
    /// let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
    /// let text = InboundMessage::new("+16502240002".parse()?, FINANCIAL_QUEUE_NUMBER, "Hi?");
    /// let thread = inbox.receive(Timestamp::from_millis(1_773_349_593_706), text)?.thread_id();
    /// // A new thread, open and assigned to nobody: any handler of the queue may take it.
    /// assert_eq!(inbox.thread(sample::WAYNE, thread)?.assignee(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(from: PhoneNumber, to: PhoneNumber, text: impl Into<String>) -> Self {
        Self { from, to, text: text.into() }
    }
}

impl Inbox {
    /// The resource owning threads on `number`, with thread messaging on. `parameter` names the
    /// input that carried the number.
    fn sharing_resource(&self, number: PhoneNumber, parameter: &'static str) -> Result<&Resource, DomainError> {
        let resource =
            self.directory.thread_owner(number).ok_or(DomainError::NotASharedNumber { number, parameter })?;
        if !self.directory.thread_messaging_on(resource) {
            return Err(DomainError::ThreadMessagingOff(resource.id));
        }
        Ok(resource)
    }

    /// Sends a handler's message. Routed by `thread_id` when given, else by the number pair; when
    /// no open thread exists, one is created and assigned to the sender. Into an open thread only
    /// its assignee may send (MSG-427 for everyone else, also when nobody is assigned). To an
    /// opted-out number the message is stored as `SendingFailed`.
    pub fn send(&mut self, actor: ExtensionId, now: Timestamp, msg: OutboundMessage) -> Result<&Message, DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        check_text(&msg.text, !msg.attachments.is_empty())?;
        let [to] = msg.to[..] else {
            return Err(DomainError::RecipientCount(msg.to.len()));
        };
        if to == msg.from {
            return Err(DomainError::SameNumber);
        }
        if self.directory.number(to).is_some() {
            // Thread messaging talks to outside numbers; the account's own numbers are not guests.
            return Err(DomainError::InternalNumber { number: to, parameter: "to" });
        }
        let resource = self.sharing_resource(msg.from, "from.phoneNumber")?;
        let owner = resource.id;
        let handler = *self
            .directory
            .handler(owner, actor)
            .ok_or(DomainError::NotAHandler { extension_id: actor, resource: owner })?;
        let features = self.directory.number(msg.from).map(|n| n.features).unwrap_or_default();
        if !features.sms_sender {
            return Err(DomainError::MissingFeature { number: msg.from, feature: "SmsSender" });
        }
        if !msg.attachments.is_empty() && !features.mms_sender {
            return Err(DomainError::MissingFeature { number: msg.from, feature: "MmsSender" });
        }
        if !handler.has_license {
            return Err(DomainError::NoLicense(actor));
        }

        let existing = match msg.thread_id {
            Some(id) => {
                let s = self.visible_slot(actor, id)?;
                let t = &self.records[s];
                if !t.is_open_alive() {
                    return Err(DomainError::ThreadNotOpen(id));
                }
                if (t.owner_number(), t.guest_number()) != (msg.from, to) {
                    return Err(DomainError::ThreadPairMismatch(id));
                }
                Some(s)
            }
            None => self.records.open_thread(msg.from, to),
        };
        match existing {
            Some(s) if self.records[s].assignee() != Some(actor) => {
                return Err(DomainError::ThreadNotAssigned { extension_id: actor });
            }
            None if !handler.assignable => return Err(DomainError::SenderNotAssignable(actor)),
            _ => {}
        }

        // Every check passed: from here on the command cannot fail.
        let s = match existing {
            Some(s) => s,
            None => {
                let s = self.create_thread(owner, msg.from, to, now, Some(actor));
                let a = Assignment { assignee: Some(actor), previous: None, initiator: Some(actor) };
                self.records.set_state(s, ThreadState::Assigned(actor), now);
                self.record_assignment(s, now, a);
                s
            }
        };
        let new_thread = existing.is_none();
        let opted_out = self.opted_out.contains(&(msg.from, to));
        let (status, error) = if opted_out {
            (MessageStatus::SendingFailed, Some(DeliveryError::RecipientOptedOut))
        } else {
            (MessageStatus::Queued, None)
        };
        let attachments = msg
            .attachments
            .into_iter()
            .enumerate()
            .map(|(i, a)| Attachment {
                id: i as u64 + 1,
                content_type: a.content_type,
                file_name: a.file_name,
                data: a.data.into(),
            })
            .collect();
        let message = NewMessage {
            id: self.ids.message_id(),
            direction: Direction::Outbound,
            status,
            delivery_error: error,
            text: msg.text.into(),
            author: Some(actor),
            attachments,
        };
        let m = self.add_message(s, message, now);
        if !opted_out {
            self.schedule.sent_at(now + SENT_AFTER, m);
        }
        self.notify(if new_thread { Action::OutboundNewThread } else { Action::OutboundReply }, s);
        Ok(&self.records[m])
    }

    /// Receives a customer's text to a shared number: it joins the pair's open thread, or creates
    /// an unassigned one. STOP (and synonyms) opts the number out of this shared number's
    /// messages, START (and synonyms) back in; the keyword message is stored like any other.
    pub fn receive(&mut self, now: Timestamp, msg: InboundMessage) -> Result<&Message, DomainError> {
        let now = self.advance(now);
        check_text(&msg.text, false)?;
        if msg.from == msg.to {
            return Err(DomainError::SameNumber);
        }
        if self.directory.number(msg.from).is_some() {
            return Err(DomainError::InternalNumber { number: msg.from, parameter: "from" });
        }
        let owner = self.sharing_resource(msg.to, "to")?.id;
        let pair = (msg.to, msg.from);
        match keyword(&msg.text) {
            Some(Keyword::OptOut) => {
                self.opted_out.insert(pair);
            }
            Some(Keyword::OptIn) => {
                self.opted_out.remove(&pair);
            }
            None => {}
        }
        let s = match self.records.open_thread(msg.to, msg.from) {
            Some(s) => s,
            None => self.create_thread(owner, msg.to, msg.from, now, None),
        };
        let assigned = self.records[s].assignee().is_some();
        let message = NewMessage {
            id: self.ids.message_id(),
            direction: Direction::Inbound,
            status: MessageStatus::Received,
            delivery_error: None,
            text: msg.text.into(),
            author: None,
            attachments: Box::default(),
        };
        let m = self.add_message(s, message, now);
        self.notify(if assigned { Action::InboundAssigned } else { Action::InboundUnassigned }, s);
        Ok(&self.records[m])
    }

    fn create_thread(
        &mut self,
        owner: ExtensionId,
        owner_number: PhoneNumber,
        guest: PhoneNumber,
        now: Timestamp,
        initiator: Option<ExtensionId>,
    ) -> ThreadSlot {
        let id = self.ids.thread_id();
        let s = self.records.create_thread(id, owner, owner_number, guest, now);
        let who = initiator.map_or(Who::SYSTEM, |e| self.journal.who(e));
        self.record_hint(s, now, Rec::ThreadCreated(s, who));
        s
    }

    fn add_message(&mut self, thread: ThreadSlot, message: NewMessage, now: Timestamp) -> MessageSlot {
        let (s, deadline) = self.records.add_message(thread, message, now);
        if let Some(deadline) = deadline {
            self.schedule.expire_at(deadline, thread);
            let records = &self.records;
            self.schedule.compact_expiry(records.open_count(), |at, t| records.expiry_current(t, at));
        }
        self.journal.push(now, Rec::MessageAdded(s));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::SequentialIds;
    use crate::sample::{self, FINANCIAL_QUEUE_NUMBER};

    #[test]
    fn messages_in_the_same_instant_queue_one_deadline_per_thread() {
        let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
        let now = Timestamp::from_millis(1_000);
        for _ in 0..10 {
            for i in 0..2_000 {
                let from = PhoneNumber::from_digits_unchecked(17_000_000_000 + i);
                inbox.receive(now, InboundMessage { from, to: FINANCIAL_QUEUE_NUMBER, text: "hi".into() }).unwrap();
            }
        }
        // Without deduplication this is 20,000 entries, each looking current, and compaction
        // runs on every message.
        assert_eq!(inbox.pending_deadlines(), 2_000);
    }
}
