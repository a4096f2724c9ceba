//! When a call is tried again: 429 always, 503 only when the request can be repeated safely,
//! after `Retry-After`, a bounded number of times.
//!
//! Nothing else is retried: a 400 will not change by asking again, and replaying a send after a
//! transport failure could send the message twice. A 429 means the request was refused before it
//! ran; a 503 may come from a gateway after the service acted, so a `POST` or `PATCH` (a send, a
//! note) is not repeated on it.

use std::time::Duration;

use http::HeaderMap;

/// How 429 (rate limited) and 503 (unavailable) answers are retried.
///
/// The default retries up to 3 times, waiting what `Retry-After` says but at most 60 s (the
/// service's rate-limit penalty), and 1 s when a 503 has no `Retry-After`.
///
/// ```
/// use std::time::Duration;
/// use rcthreads_transport::{Client, RetryPolicy};
///
/// let policy = RetryPolicy::default().max_retries(5).max_wait(Duration::from_secs(10));
/// let client = Client::builder()
///     .server("http://127.0.0.1:8090")
///     .credentials("mock-client-id", "mock-client-secret")
///     .retry(policy)
///     .build()?;
/// assert_eq!(client.retry_policy(), policy);
/// # Ok::<(), rcthreads_transport::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    max_wait: Duration,
    default_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_retries: 3, max_wait: Duration::from_secs(60), default_wait: Duration::from_secs(1) }
    }
}

impl RetryPolicy {
    /// Never retry: 429 and 503 come back as errors at once.
    pub fn none() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// Retry at most `n` times (0 turns retries off).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Wait at most this long before a retry, whatever `Retry-After` says.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// Wait this long when the answer has no usable `Retry-After` (capped by `max_wait`).
    pub fn default_wait(mut self, wait: Duration) -> Self {
        self.default_wait = wait;
        self
    }

    /// The number of retries allowed.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// How long to wait before retry number `attempt` (0-based) of an answer with this status,
    /// or `None` when it is not retried. `repeatable`: the request may run twice without harm.
    pub(crate) fn wait_before_retry(
        &self,
        attempt: u32,
        status: u16,
        retry_after: Option<Duration>,
        repeatable: bool,
    ) -> Option<Duration> {
        let retried = match status {
            429 => true,
            503 => repeatable,
            _ => false,
        };
        if attempt >= self.max_retries || !retried {
            return None;
        }
        Some(retry_after.unwrap_or(self.default_wait).min(self.max_wait))
    }
}

/// `Retry-After` in seconds. The HTTP-date form is not read: the service sends seconds, and a
/// date would need a clock shared with the server.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_429_and_503_are_retried_and_the_wait_is_capped() {
        let p = RetryPolicy::default().max_retries(2).max_wait(Duration::from_secs(5));
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(p.wait_before_retry(0, 429, secs(1), true), secs(1));
        assert_eq!(p.wait_before_retry(1, 503, secs(100), true), secs(5));
        assert_eq!(p.wait_before_retry(2, 429, secs(1), true), None);
        assert_eq!(p.wait_before_retry(0, 400, secs(1), true), None);
        assert_eq!(p.wait_before_retry(0, 500, None, true), None);
        assert_eq!(p.wait_before_retry(0, 503, None, true), secs(1));
        assert_eq!(RetryPolicy::none().wait_before_retry(0, 429, secs(1), true), None);
        // A send is refused by a 429 before it runs, but a 503 may come after it did.
        assert_eq!(p.wait_before_retry(0, 429, secs(1), false), secs(1));
        assert_eq!(p.wait_before_retry(0, 503, secs(1), false), None);
    }

    #[test]
    fn the_settings_given_are_the_ones_used() {
        assert_eq!(RetryPolicy::default().retries(), 3);
        assert_eq!(RetryPolicy::default().max_retries(5).retries(), 5);
        assert_eq!(RetryPolicy::none().retries(), 0);
        // Without `Retry-After`, the default wait, capped by the longest.
        let p = RetryPolicy::default().default_wait(Duration::from_secs(3));
        assert_eq!(p.wait_before_retry(0, 503, None, true), Some(Duration::from_secs(3)));
        let p = p.max_wait(Duration::from_secs(2));
        assert_eq!(p.wait_before_retry(0, 429, None, true), Some(Duration::from_secs(2)));
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert(http::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(http::header::RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
