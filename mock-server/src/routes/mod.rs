//! RingCentral's endpoints. Each handler parses the request into domain values (through the wire
//! crate), runs one domain command under the account's lock, and renders the answer; the rules
//! themselves are the domain's.

pub mod config;
pub mod messages;
pub mod notes;
pub mod oauth;
pub mod sms;
pub mod subscription;
pub mod sync;
pub mod threads;

use rcthreads_domain::{Inbox, Timestamp};
use rcthreads_wire::QueryString;

use crate::durable::Command;
use crate::error::Failure;
use crate::extract::Caller;
use crate::state::AppState;

/// Parses a raw query string into its typed form (CMN-100 / CMN-101 naming the parameter).
pub(crate) fn query<T: QueryString>(raw: Option<&str>) -> Result<T, Failure> {
    T::parse_query(raw.unwrap_or("")).map_err(Failure::from)
}

impl Caller {
    /// Runs `f` on the caller's inbox (advanced to now), then delivers the notifications the
    /// change produced. The lock is released before anything else happens.
    pub(crate) fn run<R>(&self, state: &AppState, f: impl FnOnce(&mut Inbox, Timestamp) -> R) -> R {
        state.run(&self.home, self.now, f)
    }

    /// Runs a logged command on the caller's inbox and renders its output; answers once the
    /// change is on disk (with `--data-dir`).
    pub(crate) async fn command<C: Command, R>(
        &self,
        state: &AppState,
        command: C,
        render: impl FnOnce(&Inbox, C::Output) -> R,
    ) -> Result<R, Failure> {
        state.command(&self.home, self.now, command, render).await
    }
}
