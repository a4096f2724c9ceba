//! The rules of RingCentral SMS thread messaging, as a pure state machine.
//!
//! `rcthreads-domain` models the "shared inbox": several SMS handlers answer customers from one
//! shared number of a call queue or site, conversations are grouped into threads per (shared
//! number, customer number) pair, and only a thread's assignee may reply (MSG-427 for everyone
//! else). It holds the account's configuration ([`Directory`]), the thread lifecycle
//! ([`ThreadState`]), and an [`Inbox`] that applies commands (send, receive, assign, resolve,
//! delete, notes, handler changes, classic SMS) and records every change in a journal.
//!
//! It is deliberately *not* a client or a server: no I/O, no async runtime, no HTTP, no JSON.
//! The time and the source of new ids are given to it ([`Timestamp`], [`IdSource`]), so every
//! run is reproducible and every rule can be property-tested. The mock server and the client
//! call these rules; they do not re-implement them.
//!
//! ```
//! use rcthreads_domain::{Inbox, OutboundMessage, SequentialIds, Timestamp, DomainError};
//! use rcthreads_domain::sample::{self, FINANCIAL_QUEUE_NUMBER, WAYNE, BETH};
//!
//! let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
//! let customer = "+16502240001".parse()?;
//! let t0 = Timestamp::from_millis(1_773_349_593_706);
//!
//! // Wayne starts a thread from the queue's number and becomes its assignee.
//! let sent = inbox.send(WAYNE, t0, OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer, "Hi Tom ..."))?;
//! let thread = sent.thread_id();
//! assert_eq!(inbox.thread(WAYNE, thread)?.assignee(), Some(WAYNE));
//!
//! // Beth, another advisor of the queue, may not reply while Wayne holds it.
//! let err = inbox.send(BETH, t0, OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, customer, "Hello")).unwrap_err();
//! assert_eq!(err, DomainError::ThreadNotAssigned { extension_id: BETH });
//! assert_eq!(err.code().as_str(), "MSG-427");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
// docs.rs (`--cfg docsrs`): mark each feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod classic;
mod directory;
mod entries;
mod error;
mod id;
mod inbox;
mod journal;
mod list;
mod manage;
mod message;
mod message_index;
mod note;
mod notes;
mod optout;
mod parts;
mod phone;
#[cfg(feature = "port")]
mod port;
mod recipients;
mod records;
pub mod sample;
mod schedule;
mod send;
mod slot;
mod stores;
mod sync;
mod text;
mod thread;
mod time;
mod token;

pub use classic::MAX_SMS_RECIPIENTS;
pub use directory::{
    Directory, DirectoryBuilder, DirectoryError, ExtensionStatus, NumberFeatures, NumberRecord, NumberUsage, Resource,
    ResourceKind, SmsHandler, ThreadMessagingSettings, User,
};
pub use entries::{Entry, EntryScope, EntrySync, Hint, HintKind, OwnedEntry};
pub use error::{DomainError, ErrorCode};
pub use id::{AccountId, ExtensionId, IdError, IdSource, MessageId, NoteId, PhoneNumberId, SequentialIds, ThreadId};
pub use inbox::Inbox;
pub use journal::{Assignment, Change, JournalEntry, Seq};
pub use list::{
    DEFAULT_PER_PAGE, MAX_PER_PAGE, MessageQuery, NoteQuery, Page, Paged, Paging, StatusFilter, ThreadQuery, TimeRange,
};
pub use manage::{HandlerChange, MAX_HANDLER_CHANGES};
pub use message::{Attachment, DELIVERED_AFTER, DeliveryError, Direction, Message, MessageStatus, SENT_AFTER};
pub use note::Note;
pub use optout::{Keyword, keyword};
pub use parts::{ImpossibleRecord, MessageParts, NoteParts, ThreadParts};
pub use phone::{PhoneNumber, PhoneNumberError};
#[cfg(feature = "port")]
#[cfg_attr(docsrs, doc(cfg(feature = "port")))]
pub use port::{EntrySyncResult, InMemoryThreadMessaging, ThreadMessaging, ThreadSyncResult};
pub use recipients::{Action, Notification};
pub use send::{InboundMessage, NewAttachment, OutboundMessage};
pub use stores::{SmsRequest, StoredSms};
pub use sync::{SyncType, ThreadSync};
pub use text::MAX_TEXT_CHARS;
pub use thread::{Availability, THREAD_TTL, Thread, ThreadState};
pub use time::{Millis, Timestamp};
pub use token::{SyncKind, SyncToken, TokenProblem};
