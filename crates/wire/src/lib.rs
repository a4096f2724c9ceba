//! The JSON shapes of RingCentral SMS thread messaging, as serde types.
//!
//! This crate is for code that reads or writes the API's bytes: the async client, the mock
//! server and their tests. It holds every request, response and query of the thread messaging
//! API and of the configuration, OAuth, classic SMS and subscription endpoints around it, named
//! after the official definitions (`MessageThread`, `ThreadMessageModel`, `SyncInfo`...), plus
//! the error envelope with the error codes and their HTTP statuses.
//!
//! It is not the domain: it enforces no rule of threads (who may send, expiry), does no I/O and
//! depends on no HTTP or async crate. [`convert`] maps the domain's values to these records and
//! back, and the domain's errors to status and envelope.
//!
//! Conventions, the same in every module:
//! - camelCase on the wire (the OAuth token answer is snake_case, as on the real service);
//! - absent optional fields are omitted, never written as `null`;
//! - enums read from responses keep unknown values in an `Other(String)` variant;
//! - times are RFC 3339 UTC with milliseconds (`2026-03-12T21:06:33.706Z`), see [`time`];
//! - ids are strings, except where the official definitions say number ([`id::NumericId`]);
//!   both forms are accepted when reading.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
// docs.rs (`--cfg docsrs`): mark each feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod string_enum;

pub mod auth;
pub mod classic;
pub mod convert;
pub mod entry;
pub mod error;
pub mod extension;
pub mod feature;
pub mod gateway;
pub mod id;
pub mod link;
pub mod message;
pub mod note;
pub mod paging;
pub mod phone_number;
pub mod query;
pub mod recipient;
#[cfg(feature = "openapi")]
mod schema;
pub mod subscription;
pub mod sync;
pub mod thread;
pub mod time;

pub use entry::{SyncEntriesScope, ThreadEntriesSyncList, ThreadEntrySyncItem};
pub use error::{ApiError, ErrorDetail, ErrorResponse};
pub use message::{NewThreadMessageRequest, ThreadMessageList, ThreadMessageModel};
pub use note::{ThreadNoteList, ThreadNoteModel};
pub use paging::EnumeratedPagingModel;
pub use query::QueryString;
pub use string_enum::StringEnum;
pub use sync::{SyncInfo, SyncType, ThreadSyncList};
pub use thread::{MessagePhoneParty, MessageThread, MessageThreadList};
