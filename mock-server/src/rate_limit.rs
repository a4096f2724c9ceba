//! Rate limits as the service applies them: each endpoint belongs to a group with a number of
//! requests per 60-second window, per user and app. Every API response carries the
//! `X-Rate-Limit-*` headers; with `--rate-limits enforce` a request over the limit gets 429
//! `CMN-301` with `Retry-After`, and the caller stays blocked for the 60-second penalty.

use std::collections::HashMap;

use rcthreads_domain::{Millis, Timestamp};

/// Rate limit groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// 50 a minute.
    Light,
    /// 40 a minute (thread messaging).
    Medium,
    /// 10 a minute.
    Heavy,
    /// 5 a minute (OAuth).
    Auth,
}

impl Group {
    /// Requests allowed per window.
    pub fn limit(self) -> u32 {
        match self {
            Group::Light => 50,
            Group::Medium => 40,
            Group::Heavy => 10,
            Group::Auth => 5,
        }
    }

    /// The name in `X-Rate-Limit-Group`.
    pub fn name(self) -> &'static str {
        match self {
            Group::Light => "Light",
            Group::Medium => "Medium",
            Group::Heavy => "Heavy",
            Group::Auth => "Auth",
        }
    }
}

/// The window, in seconds (also the penalty).
pub const WINDOW_SECONDS: i64 = 60;

/// Whether limits are only reported or also enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    /// Headers only (default): tests are never slowed down.
    #[default]
    Off,
    /// Over the limit: 429 CMN-301 with Retry-After.
    Enforce,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start: Timestamp,
    count: u32,
    blocked_until: Option<Timestamp>,
}

/// The outcome for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The group.
    pub group: Group,
    /// Requests left in this window.
    pub remaining: u32,
    /// When refused: seconds until the caller may try again.
    pub retry_after: Option<u64>,
}

/// Whom a request counts against: a logged-in user (of the fixture's one app), or the app
/// named by HTTP Basic credentials (OAuth endpoints), or nobody known.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A user: account index and extension.
    User(usize, rcthreads_domain::ExtensionId),
    /// An app, by client id.
    App(String),
    /// No credentials.
    Anonymous,
}

/// Counters per (caller, group).
#[derive(Debug, Default)]
pub struct RateLimits {
    windows: HashMap<(Key, Group), Window>,
}

impl RateLimits {
    /// Counts a request of `caller` in `group` at `now`.
    pub fn check(&mut self, mode: Mode, caller: Key, group: Group, now: Timestamp) -> Verdict {
        let window = Millis::seconds(WINDOW_SECONDS);
        let w = self.windows.entry((caller, group)).or_insert(Window { start: now, count: 0, blocked_until: None });
        if let Some(until) = w.blocked_until {
            if now < until && mode == Mode::Enforce {
                let secs = ((until - now).0 + 999) / 1000;
                return Verdict { group, remaining: 0, retry_after: Some(secs as u64) };
            }
            w.blocked_until = None;
        }
        if now >= w.start + window || now < w.start {
            w.start = now;
            w.count = 0;
        }
        w.count += 1;
        let limit = group.limit();
        if w.count > limit && mode == Mode::Enforce {
            w.blocked_until = Some(now + window);
            return Verdict { group, remaining: 0, retry_after: Some(WINDOW_SECONDS as u64) };
        }
        Verdict { group, remaining: limit.saturating_sub(w.count), retry_after: None }
    }

    /// How many counters exist (one per known caller and group: bounded by the accounts' users).
    pub fn len(&self) -> usize {
        self.windows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }

    /// Forgets the counters of an account's users (a deleted tenant).
    pub fn forget_account(&mut self, account: usize) {
        self.windows.retain(|(k, _), _| !matches!(k, Key::User(a, _) if *a == account));
    }

    /// Forgets all counters.
    pub fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enforcement_blocks_for_the_penalty() {
        let mut r = RateLimits::default();
        let t = Timestamp::from_millis(0);
        for i in 0..5 {
            let v = r.check(Mode::Enforce, Key::App("u".into()), Group::Auth, t);
            assert_eq!(v.remaining, 4 - i);
            assert_eq!(v.retry_after, None);
        }
        let v = r.check(Mode::Enforce, Key::App("u".into()), Group::Auth, t);
        assert_eq!(v.retry_after, Some(60));
        let later = t + Millis::seconds(30);
        assert_eq!(r.check(Mode::Enforce, Key::App("u".into()), Group::Auth, later).retry_after, Some(30));
        // Another caller is not affected.
        assert_eq!(r.check(Mode::Enforce, Key::App("v".into()), Group::Auth, later).retry_after, None);
        let after = t + Millis::seconds(61);
        assert_eq!(r.check(Mode::Enforce, Key::App("u".into()), Group::Auth, after).retry_after, None);
    }

    #[test]
    fn off_mode_only_counts() {
        let mut r = RateLimits::default();
        let t = Timestamp::from_millis(0);
        for _ in 0..10 {
            assert_eq!(r.check(Mode::Off, Key::Anonymous, Group::Auth, t).retry_after, None);
        }
        assert_eq!(r.check(Mode::Off, Key::Anonymous, Group::Auth, t).remaining, 0);
    }
}
