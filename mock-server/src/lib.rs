//! An offline mock RingCentral server that enforces the rules of SMS thread messaging.
//!
//! `rcthreads-mock` serves RingCentral's REST paths (OAuth, thread messaging, notes, entries and
//! thread sync, configuration, classic SMS, subscriptions) over HTTP or HTTPS, so that integration
//! tests run with no credentials and no network, and the official SDKs work against it
//! unchanged. The rules (assignment, MSG-427, 72-hour expiry, sync tokens) are those of
//! `rcthreads-domain`; this crate only does HTTP. A control API under `/mock/v1/` lets a test
//! play the customer, move the clock, inject faults and read the request journal.
//!
//! It is not a production server: state lives in memory, or with `--data-dir` (in-process:
//! `Settings::data_dir`) in an append-only log replayed at start (see the `durable` module).
//!
//! In a test, start it in-process on a free port:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = rcthreads_mock::MockServer::start().await?;
//! let url = mock.url(); // e.g. http://127.0.0.1:40711
//! // ... point your client at `url`, log in with client id `mock-client-id`,
//! // secret `mock-client-secret` and JWT `jwt-101` (Wayne T) ...
//! mock.inbound("+16502240001", "+15559870001", "Hello from a customer").await?;
//! mock.advance_clock(72 * 3600); // threads without messages for 72 h expire
//! # Ok(()) }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
// docs.rs (`--cfg docsrs`): mark each feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod app;
pub mod auth;
mod base_url;
pub mod clock;
mod connections;
pub mod console;
mod control;
pub mod durable;
pub mod error;
mod extract;
pub mod faults;
pub mod fixture;
pub mod gateway;
mod ids;
mod json;
pub mod openapi;
pub mod rate_limit;
pub mod requests;
mod routes;
mod scope;
pub mod server;
pub mod state;
mod subscriptions;
pub mod tenants;
mod timer;
pub mod tls;
mod webhooks;

pub use app::{router, served_paths};
pub use fixture::{Fixture, FixtureError};
pub use server::{MockServer, ServeError, Settings};
pub use tenants::Tenant;
pub use tls::{Tls, TlsError};
