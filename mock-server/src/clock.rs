//! The mock's clock: real time until a test takes control of it.
//!
//! Expiry, token lifetimes, rate-limit windows and delivery progress all read this clock, so a
//! test can jump 72 hours ahead and see a thread expire without waiting.

use std::sync::Mutex;

use rcthreads_domain::{Millis, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Real time shifted by an offset.
    Real { offset: Millis },
    /// Stopped at an instant; moves only when told.
    Frozen(Timestamp),
}

/// A clock's setting, as the data directory keeps it: `{"realOffsetMs": n}` follows real time
/// shifted by `n` ms, `{"frozenAt": t}` is stopped at `t` (ms since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ClockState {
    /// Real time shifted by this many milliseconds.
    RealOffsetMs(i64),
    /// Stopped at this instant.
    FrozenAt(i64),
}

/// The mock's notion of now.
#[derive(Debug)]
pub struct MockClock {
    mode: Mutex<Mode>,
}

impl Default for MockClock {
    fn default() -> Self {
        Self { mode: Mutex::new(Mode::Real { offset: Millis(0) }) }
    }
}

fn real_now() -> Timestamp {
    Timestamp::from_datetime(chrono::Utc::now())
}

impl MockClock {
    fn mode(&self) -> std::sync::MutexGuard<'_, Mode> {
        self.mode.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current mock time.
    pub fn now(&self) -> Timestamp {
        match *self.mode() {
            Mode::Real { offset } => real_now() + offset,
            Mode::Frozen(t) => t,
        }
    }

    /// Whether the clock follows real time.
    pub fn follows_real_time(&self) -> bool {
        matches!(*self.mode(), Mode::Real { .. })
    }

    /// Stops the clock `by` after now. A test that moves the clock wants it to stay put.
    pub fn advance(&self, by: Millis) -> Timestamp {
        let mut mode = self.mode();
        let now = match *mode {
            Mode::Real { offset } => real_now() + offset,
            Mode::Frozen(t) => t,
        };
        let t = now + by;
        *mode = Mode::Frozen(t);
        t
    }

    /// Stops the clock at `t`.
    pub fn set(&self, t: Timestamp) -> Timestamp {
        *self.mode() = Mode::Frozen(t);
        t
    }

    /// Follows real time again, from the current mock time on.
    pub fn resume(&self) -> Timestamp {
        let mut mode = self.mode();
        let now = match *mode {
            Mode::Real { offset } => real_now() + offset,
            Mode::Frozen(t) => t,
        };
        *mode = Mode::Real { offset: now - real_now() };
        now
    }

    /// Its setting.
    pub fn state(&self) -> ClockState {
        match *self.mode() {
            Mode::Real { offset } => ClockState::RealOffsetMs(offset.0),
            Mode::Frozen(t) => ClockState::FrozenAt(t.as_millis()),
        }
    }

    /// Puts back a setting read from the data directory.
    pub fn restore(&self, s: ClockState) {
        *self.mode() = match s {
            ClockState::RealOffsetMs(ms) => Mode::Real { offset: Millis(ms) },
            ClockState::FrozenAt(t) => Mode::Frozen(Timestamp::from_millis(t)),
        };
    }

    /// Back to plain real time.
    pub fn reset(&self) {
        *self.mode() = Mode::Real { offset: Millis(0) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_and_set_freeze_the_clock() {
        let c = MockClock::default();
        assert!(c.follows_real_time());
        let t = c.advance(Millis::hours(72));
        assert!(!c.follows_real_time());
        assert_eq!(c.now(), t);
        let t0 = Timestamp::from_millis(1_000);
        c.set(t0);
        assert_eq!(c.now(), t0);
        c.advance(Millis::seconds(2));
        assert_eq!(c.now(), Timestamp::from_millis(3_000));
        c.resume();
        assert!(c.follows_real_time());
        assert!(c.now() >= Timestamp::from_millis(3_000));
    }
}
