//! An async Rust client for RingCentral SMS thread messaging.
//!
//! `rcthreads-transport` is for programs that talk to RingCentral (or to the project's mock
//! server): a [`Client`] logs a user in with a JWT, keeps the access token fresh, and offers one
//! async method per endpoint of thread messaging, configuration, classic SMS and subscriptions,
//! returning the `rcthreads-wire` types. Around them: streams over paged lists ([`paging`]),
//! sync helpers that keep the token ([`ThreadSyncer`], [`EntrySyncer`]), typed errors
//! ([`Error`]) and retries of 429 and 503 ([`RetryPolicy`]). It implements the domain's
//! [`ThreadMessaging`](rcthreads_domain::ThreadMessaging) port, so an application can depend on
//! the trait and test against the domain's in-memory implementation.
//!
//! Real-time updates come over RingCentral's WebSocket gateway: [`Client::subscribe`] returns a
//! stream of [`PushEvent`]s that survives dropped connections ([`push`]); [`webhook`] has the
//! two checks a webhook receiver needs.
//!
//! It is not a rules engine (the server decides who may send; [`Error`] reports what it said),
//! not a web server, and not a general RingCentral SDK: only the endpoints of thread
//! messaging and those around it are here. HTTPS goes through rustls with the `ring` provider
//! and Mozilla's roots; plain HTTP is accepted for the mock.
//!
//! ```no_run
//! # async fn demo() -> Result<(), rcthreads_transport::Error> {
//! use rcthreads_transport::Client;
//! use rcthreads_wire::message::NewThreadMessageRequest;
//! use rcthreads_wire::thread::MessagePhoneParty;
//!
//! let client = Client::builder()
//!     .server("http://127.0.0.1:8090")
//!     .credentials("mock-client-id", "mock-client-secret")
//!     .build()?;
//! client.login_jwt("jwt-101").await?;
//! let sent = client
//!     .send_message(&NewThreadMessageRequest {
//!         thread_id: None,
//!         from: MessagePhoneParty::new("+15559870001"),
//!         to: vec![MessagePhoneParty::new("+16502240001")],
//!         text: "Hi Tom, this is Wayne from the advising team.".into(),
//!     })
//!     .await?;
//! println!("thread {}", sent.thread_id);
//! # Ok(()) }
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]
// docs.rs (`--cfg docsrs`): mark each feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod client;
mod config;
pub mod error;
mod messages;
mod notes;
pub mod paging;
mod port;
pub mod push;
pub mod retry;
mod sms;
mod subscriptions;
pub mod sync;
mod threads;
pub mod webhook;

pub use auth::Token;
pub use client::{Client, ClientBuilder, PRODUCTION_SERVER};
pub use error::{ApiFailure, Error};
pub use messages::Content;
pub use paging::PageInfo;
pub use push::{PushEvent, Subscription, SubscriptionBuilder};
/// The attachments of [`Client::send_mms`], re-exported so that an MMS needs no other import.
pub use rcthreads_domain::NewAttachment;
pub use retry::RetryPolicy;
pub use subscriptions::SubscriptionList;
pub use sync::{EntrySyncer, ThreadSyncer};

/// The Markdown pages, so that their code blocks are compiled (and run unless marked `no_run`) as
/// doc tests: what a reader pastes works.
#[cfg(doctest)]
mod markdown {
    #[doc = include_str!("../../../README.md")]
    struct Readme;
    #[doc = include_str!("../README.md")]
    struct TransportReadme;
    #[doc = include_str!("../../domain/README.md")]
    struct DomainReadme;
    #[doc = include_str!("../../wire/README.md")]
    struct WireReadme;
    #[doc = include_str!("../../../mock-server/README.md")]
    struct MockReadme;
    #[doc = include_str!("../../../docs/architecture.md")]
    struct Architecture;
    #[doc = include_str!("../../../docs/benchmarks.md")]
    struct Benchmarks;
    #[doc = include_str!("../../../docs/client.md")]
    struct ClientGuide;
    #[doc = include_str!("../../../docs/conformance.md")]
    struct Conformance;
    #[doc = include_str!("../../../docs/console.md")]
    struct Console;
    #[doc = include_str!("../../../docs/decisions.md")]
    struct Decisions;
    #[doc = include_str!("../../../docs/mock-server.md")]
    struct MockServerGuide;
    #[doc = include_str!("../../../docs/packages.md")]
    struct Packages;
    #[doc = include_str!("../../../docs/security.md")]
    struct Security;
    #[doc = include_str!("../../../docs/testing.md")]
    struct Testing;
    #[doc = include_str!("../../../CHANGELOG.md")]
    struct Changelog;
    #[doc = include_str!("../../../docs/sync.md")]
    struct Sync;
    #[doc = include_str!("../../../docs/wire.md")]
    struct Wire;
}
