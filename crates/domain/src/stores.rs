//! Message stores: the classic SMS each user (or call queue) keeps.

use foldhash::HashMap;

use crate::id::{ExtensionId, MessageId};
use crate::message::{Direction, MessageStatus};
use crate::phone::PhoneNumber;
use crate::slot::{SmsSlot, Table};
use crate::time::Timestamp;

/// A classic SMS as a message store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSms {
    /// Message id (unique per store: a recipient's copy has an id of its own).
    pub id: MessageId,
    /// Whose store holds this copy (a user, or a call queue).
    pub store: ExtensionId,
    /// Sender number.
    pub from: PhoneNumber,
    /// Recipient numbers.
    pub to: Vec<PhoneNumber>,
    /// Text.
    pub text: String,
    /// Outbound for the sender's copy, inbound for a recipient's.
    pub direction: Direction,
    /// `Sent` for the sender's copy, `Received` for a recipient's.
    pub status: MessageStatus,
    /// When it was sent.
    pub created: Timestamp,
}

/// A classic SMS request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsRequest {
    /// A number the sender may send from.
    pub from: PhoneNumber,
    /// One or more recipients.
    pub to: Vec<PhoneNumber>,
    /// The text.
    pub text: String,
}

/// Every store's classic SMS, oldest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stores {
    messages: Table<SmsSlot, StoredSms>,
    by_store: HashMap<ExtensionId, Vec<SmsSlot>>,
}

impl Stores {
    pub(crate) fn put(&mut self, sms: StoredSms) -> SmsSlot {
        let store = sms.store;
        let s = self.messages.push(sms);
        self.by_store.entry(store).or_default().push(s);
        s
    }

    pub(crate) fn get(&self, s: SmsSlot) -> &StoredSms {
        &self.messages[s]
    }

    /// The classic SMS in `store`, oldest first.
    pub(crate) fn of(&self, store: ExtensionId) -> impl Iterator<Item = &StoredSms> {
        self.by_store.get(&store).into_iter().flatten().map(|&s| &self.messages[s])
    }
}
