//! Thread messages: what was said, by whom, and how far it got.

use std::sync::Arc;

use crate::id::{ExtensionId, MessageId, ThreadId};
use crate::slot::ThreadSlot;
use crate::thread::Availability;
use crate::time::{Millis, Timestamp};

/// Which way a message travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Direction {
    /// From the outside number to the shared number.
    Inbound,
    /// From a handler, on the shared number, to the outside number.
    Outbound,
}

/// Delivery status of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum MessageStatus {
    /// Accepted, not yet handed to the carrier.
    Queued,
    /// Handed to the carrier.
    Sent,
    /// The recipient's carrier confirmed delivery.
    Delivered,
    /// The carrier could not deliver it.
    DeliveryFailed,
    /// It was never sent (e.g. the recipient opted out).
    SendingFailed,
    /// An inbound message.
    Received,
}

/// How long after creation an outbound message becomes `Sent`, then `Delivered`.
pub const SENT_AFTER: Millis = Millis::seconds(1);
/// See [`SENT_AFTER`].
pub const DELIVERED_AFTER: Millis = Millis::seconds(2);

/// Why a message was not delivered. Codes follow the service's `SMS-RC-` family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DeliveryError {
    /// The outside number texted STOP (or a synonym) to this shared number.
    RecipientOptedOut,
}

impl DeliveryError {
    /// The `deliveryErrorCode` reported on the message.
    pub fn code(self) -> &'static str {
        match self {
            DeliveryError::RecipientOptedOut => "SMS-RC-410",
        }
    }
}

/// A media attachment of an MMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Id, unique within the message.
    pub id: u64,
    /// MIME type, e.g. `image/png`.
    pub content_type: String,
    /// File name as uploaded, if any.
    pub file_name: Option<String>,
    /// The bytes.
    pub data: Arc<[u8]>,
}

/// A thread message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub(crate) id: MessageId,
    pub(crate) thread: ThreadId,
    /// The thread's slot in the inbox (saves a lookup on the delivery path).
    pub(crate) thread_slot: ThreadSlot,
    pub(crate) direction: Direction,
    pub(crate) status: MessageStatus,
    pub(crate) availability: Availability,
    pub(crate) delivery_error: Option<DeliveryError>,
    pub(crate) text: Arc<str>,
    pub(crate) author: Option<ExtensionId>,
    pub(crate) created: Timestamp,
    pub(crate) last_modified: Timestamp,
    pub(crate) attachments: Box<[Attachment]>,
}

impl Message {
    /// The message's id.
    pub fn id(&self) -> MessageId {
        self.id
    }

    /// The thread it belongs to (exactly one).
    pub fn thread_id(&self) -> ThreadId {
        self.thread
    }

    /// Inbound or outbound.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// Delivery status.
    pub fn status(&self) -> MessageStatus {
        self.status
    }

    /// Alive or deleted.
    pub fn availability(&self) -> Availability {
        self.availability
    }

    /// Why it failed, when it did.
    pub fn delivery_error(&self) -> Option<DeliveryError> {
        self.delivery_error
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The handler who sent it (outbound only).
    pub fn author(&self) -> Option<ExtensionId> {
        self.author
    }

    /// When it was sent or received.
    pub fn created(&self) -> Timestamp {
        self.created
    }

    /// Its last change (status, deletion).
    pub fn last_modified(&self) -> Timestamp {
        self.last_modified
    }

    /// MMS attachments.
    pub fn attachments(&self) -> &[Attachment] {
        &self.attachments
    }
}
