//! Classic SMS (`/extension/~/sms`) and message stores: who may send from which number, and
//! whose store keeps the message.

use crate::directory::{ExtensionStatus, ResourceKind};
use crate::error::DomainError;
use crate::id::ExtensionId;
use crate::inbox::Inbox;
use crate::message::{Direction, MessageStatus};
use crate::phone::PhoneNumber;
use crate::stores::{SmsRequest, StoredSms};
use crate::text::check_text;
use crate::time::Timestamp;

/// The most different numbers one classic SMS goes to (a group SMS). Each internal recipient
/// gets a stored copy, so the list is bounded and de-duplicated before anything is stored.
pub const MAX_SMS_RECIPIENTS: usize = 10;

impl Inbox {
    /// Whose store keeps classic SMS sent by `actor` from `from`, if `actor` may send from it:
    /// their own numbers go to their store; company and site numbers only by the site's
    /// designated SMS user, into that user's store; a call queue's numbers only by its designated
    /// user, into the queue's store.
    pub fn sms_store_for(&self, actor: ExtensionId, from: PhoneNumber) -> Result<ExtensionId, DomainError> {
        self.directory.sms_store_for(actor, from)
    }

    /// Sends a classic SMS from a number `actor` may use. `on_behalf_of` is the extension named
    /// in the path: nobody, not even a super admin, may send on behalf of another. A copy goes
    /// to each recipient's store when the number is the account's own, except for Disabled or
    /// Frozen users: to them the message is dropped and kept only in the sender's store. A
    /// number given twice counts once; more than [`MAX_SMS_RECIPIENTS`] different numbers are
    /// refused. Returns the sender's copy.
    pub fn send_sms(
        &mut self,
        actor: ExtensionId,
        on_behalf_of: ExtensionId,
        now: Timestamp,
        mut req: SmsRequest,
    ) -> Result<&StoredSms, DomainError> {
        let now = self.advance(now);
        self.require_actor(actor)?;
        if on_behalf_of != actor {
            return Err(DomainError::OnBehalfOfOther { actor, on_behalf_of });
        }
        check_text(&req.text, false)?;
        if req.to.is_empty() {
            return Err(DomainError::RecipientCount(0));
        }
        let mut seen = foldhash::HashSet::default();
        req.to.retain(|n| seen.insert(*n));
        if req.to.len() > MAX_SMS_RECIPIENTS {
            return Err(DomainError::TooManySmsRecipients { given: req.to.len(), max: MAX_SMS_RECIPIENTS });
        }
        if req.to.contains(&req.from) {
            return Err(DomainError::SameNumber);
        }
        let store = self.sms_store_for(actor, req.from)?;
        let features = self.directory.number(req.from).map(|n| n.features).unwrap_or_default();
        if !features.sms_sender {
            return Err(DomainError::MissingFeature { number: req.from, feature: "SmsSender" });
        }

        let mut recipient_stores = Vec::new();
        for &to in &req.to {
            let Some(record) = self.directory.number(to) else {
                continue;
            };
            if let Some(user) = self.directory.user(record.holder) {
                if user.status == ExtensionStatus::Enabled {
                    recipient_stores.push(user.id);
                }
            } else if let Some(r) = self.directory.handling_resource(record.holder) {
                match r.kind {
                    ResourceKind::CallQueue => recipient_stores.push(r.id),
                    _ => recipient_stores.extend(r.sms_user),
                }
            }
        }
        let sender_copy = StoredSms {
            id: self.ids.message_id(),
            store,
            from: req.from,
            to: req.to,
            text: req.text,
            direction: Direction::Outbound,
            status: MessageStatus::Sent,
            created: now,
        };
        let s = self.stores.put(sender_copy.clone());
        for store in recipient_stores {
            let copy = StoredSms {
                id: self.ids.message_id(),
                store,
                direction: Direction::Inbound,
                status: MessageStatus::Received,
                ..sender_copy.clone()
            };
            self.stores.put(copy);
        }
        Ok(self.stores.get(s))
    }

    /// The classic SMS in `store`'s message store, oldest first. A user reads their own; a call
    /// queue's store is readable by super admins and the queue's message managers only (not by
    /// its designated SMS user as such).
    pub fn message_store(
        &self,
        actor: ExtensionId,
        store: ExtensionId,
    ) -> Result<impl Iterator<Item = &StoredSms>, DomainError> {
        self.require_actor(actor)?;
        let allowed = if store == actor {
            true
        } else if let Some(r) = self.directory.resource(store) {
            let admin = self.directory.user(actor).is_some_and(|u| u.super_admin);
            r.kind == ResourceKind::CallQueue && (admin || r.message_managers.contains(&actor))
        } else if self.directory.user(store).is_some() {
            false
        } else {
            return Err(DomainError::ExtensionNotFound(store));
        };
        if !allowed {
            return Err(DomainError::MessageStoreForbidden { actor, store });
        }
        Ok(self.stores.of(store))
    }
}
