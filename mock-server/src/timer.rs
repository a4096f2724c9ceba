//! One timer per account: it sleeps until the inbox's next deadline and applies what fell due,
//! so delivery progress and expiry happen, and notify, on time with no request in between.
//!
//! The inbox says when its next deadline falls due (`Inbox::next_deadline`); the timer sleeps
//! until then on real time, or until woken: by a command that made the deadline earlier, or by
//! the clock being moved. With the clock stopped, only a move of the clock brings a deadline
//! closer, so the timer waits to be woken. There is no polling.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use rcthreads_domain::Timestamp;
use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::state::AppState;

/// The longest single sleep: the deadline is measured again after it, so a jump of the system
/// clock cannot keep a deadline waiting for long.
const LONGEST_SLEEP: Duration = Duration::from_secs(3600);

/// The timer's side that commands and the clock reach: a wake-up and the deadline it sleeps for.
#[derive(Debug)]
pub struct Alarm {
    wake: Notify,
    /// The deadline (ms) the timer sleeps until; `i64::MAX` when it knows of none.
    armed: AtomicI64,
}

impl Default for Alarm {
    fn default() -> Self {
        Self { wake: Notify::new(), armed: AtomicI64::new(i64::MAX) }
    }
}

fn millis(t: Option<Timestamp>) -> i64 {
    t.map_or(i64::MAX, Timestamp::as_millis)
}

impl Alarm {
    /// Told the inbox's next deadline after a command: wakes the timer if that is earlier than
    /// what it sleeps for. One atomic load in the common case.
    pub(crate) fn observe(&self, next: Option<Timestamp>) {
        if millis(next) < self.armed.load(Ordering::Acquire) {
            self.wake.notify_one();
        }
    }

    /// Wakes the timer whatever it sleeps for (the clock moved, the inbox was replaced).
    pub(crate) fn ring(&self) {
        self.wake.notify_one();
    }
}

/// Applies what fell due in one account by the mock's clock, and delivers its notifications.
pub(crate) fn apply_due(state: &AppState, index: usize) {
    state.run(index, state.now(), |_, _| ());
}

/// The timer of one account, until aborted.
async fn run(state: Arc<AppState>, index: usize) {
    let account = &state.accounts[index];
    let alarm = &account.alarm;
    loop {
        // Between reading the deadline and publishing it, any command's deadline must wake us:
        // `MAX` says "none known" until the read one is stored.
        alarm.armed.store(i64::MAX, Ordering::Release);
        let next = account.next_deadline();
        alarm.armed.store(millis(next), Ordering::Release);
        let sleep = match next {
            None => None,
            Some(due) => {
                let now = state.now();
                if due <= now {
                    apply_due(&state, index);
                    continue;
                }
                // A stopped clock reaches no deadline by itself.
                state.clock.follows_real_time().then(|| {
                    let ms = u64::try_from((due - now).0).unwrap_or(u64::MAX);
                    Duration::from_millis(ms).min(LONGEST_SLEEP)
                })
            }
        };
        match sleep {
            None => alarm.wake.notified().await,
            Some(d) => {
                tokio::select! {
                    () = tokio::time::sleep(d) => {}
                    () = alarm.wake.notified() => {}
                }
            }
        }
    }
}

/// Starts one timer per account; dropping the set stops them.
pub(crate) fn spawn_all(state: &Arc<AppState>) -> JoinSet<()> {
    let mut set = JoinSet::new();
    for index in 0..state.accounts.len() {
        set.spawn(run(Arc::clone(state), index));
    }
    set
}
