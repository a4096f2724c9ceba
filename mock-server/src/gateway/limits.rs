//! The gateway's limits, announced in `ConnectionDetails` and enforced on every connection.

use std::time::Duration;

/// Limits of the WebSocket gateway. Token lifetimes follow the mock's clock; the connection
/// timeouts are about sockets and follow real time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// How long a `ws_access_token` can be used to connect (mock clock), in seconds.
    pub token_ttl: u32,
    /// How long after a disconnection its session can be recovered with `wsc`.
    pub recovery_timeout: Duration,
    /// Notifications kept per session for a recovery; the oldest go first.
    pub recovery_buffer: usize,
    /// A connection that receives nothing for this long is closed.
    pub idle_timeout: Duration,
    /// A connection is closed this long after it opened.
    pub absolute_timeout: Duration,
    /// `ClientRequest`s in progress at once on one connection.
    pub max_active_requests: usize,
    /// Sessions (connected or waiting for recovery) in the whole mock.
    pub max_sessions: usize,
    /// `ws_access_token`s not yet expired in the whole mock; the oldest go first.
    pub max_tokens: usize,
    /// The largest frame read, in bytes.
    pub max_frame: usize,
}

impl Default for Limits {
    /// The values RingCentral's gateway announces, where it announces them.
    fn default() -> Self {
        Self {
            token_ttl: 600,
            recovery_timeout: Duration::from_secs(180),
            recovery_buffer: 100,
            idle_timeout: Duration::from_secs(900),
            absolute_timeout: Duration::from_secs(86_400),
            max_active_requests: 10,
            max_sessions: 10_000,
            max_tokens: 10_000,
            max_frame: crate::extract::BODY_LIMIT,
        }
    }
}

fn secs(d: Duration) -> u32 {
    u32::try_from(d.as_secs()).unwrap_or(u32::MAX)
}

impl Limits {
    /// The limits as `ConnectionDetails` states them.
    pub(crate) fn details(&self, creation_time: String) -> rcthreads_wire::gateway::ConnectionDetails {
        rcthreads_wire::gateway::ConnectionDetails {
            creation_time,
            max_connections_per_session: 1,
            recovery_buffer_size: u32::try_from(self.recovery_buffer).unwrap_or(u32::MAX),
            recovery_timeout: secs(self.recovery_timeout),
            idle_timeout: secs(self.idle_timeout),
            absolute_timeout: secs(self.absolute_timeout),
            max_active_requests: u32::try_from(self.max_active_requests).unwrap_or(u32::MAX),
            recovery_state: None,
        }
    }
}
