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

use crate::state::{Account, AppState, lock};

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

/// Applies what fell due in one account by its clock, and delivers its notifications.
pub(crate) fn apply_due(state: &AppState, account: &Account) {
    state.run(account, account.now(), |_, _| ());
}

/// The timer of one account, until aborted or the account is gone.
async fn run(state: Arc<AppState>, index: usize) {
    loop {
        // Not held across the sleep: a deleted tenant's timer ends at its next wake-up.
        let Some(account) = state.accounts.get(index) else { return };
        let alarm = &account.alarm;
        // Between reading the deadline and publishing it, any command's deadline must wake us:
        // `MAX` says "none known" until the read one is stored.
        alarm.armed.store(i64::MAX, Ordering::Release);
        let next = account.next_deadline();
        alarm.armed.store(millis(next), Ordering::Release);
        let sleep = match next {
            None => None,
            Some(due) => {
                let now = account.now();
                if due <= now {
                    apply_due(&state, &account);
                    continue;
                }
                // A stopped clock reaches no deadline by itself.
                account.clock().follows_real_time().then(|| {
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

/// The accounts' timers while the mock serves; dropping it stops them all.
#[derive(Debug)]
pub(crate) struct Timers(Arc<AppState>);

impl Drop for Timers {
    fn drop(&mut self) {
        lock(&self.0.timers).take();
    }
}

/// Starts one timer per account, and lets tenants added later start theirs.
pub(crate) fn spawn_all(state: &Arc<AppState>) -> Timers {
    *lock(&state.timers) = Some(JoinSet::new());
    for account in state.accounts.all() {
        start(state, &account);
    }
    Timers(Arc::clone(state))
}

/// Starts an account's timer, if the mock is serving.
pub(crate) fn start(state: &Arc<AppState>, account: &Account) {
    let mut timers = lock(&state.timers);
    let Some(set) = timers.as_mut() else { return };
    // Timers of deleted tenants have ended: forget them, so the set stays as small as the map.
    while set.try_join_next().is_some() {}
    let handle = set.spawn(run(Arc::clone(state), account.index));
    *lock(&account.timer) = Some(handle);
}
