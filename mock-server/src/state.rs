//! The server's state: the accounts (one lock each), the clock, sessions, and the control
//! plane's journal, faults and rate-limit counters.
//!
//! Locks are `std::sync::Mutex` and are never held across an `.await`: a handler locks, runs
//! domain commands, copies out what it answers, and unlocks before any I/O.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use rcthreads_domain::{AccountId, ExtensionId, Inbox, Notification, Timestamp};

use crate::auth::Sessions;
use crate::clock::MockClock;
use crate::faults::Faults;
use crate::fixture::{AppCredentials, Fixture, FixtureError, LoadedAccount};
use crate::ids::MockIds;
use crate::rate_limit::{self, RateLimits};
use crate::requests::RequestJournal;
use crate::subscriptions::Subscriptions;
use crate::timer::Alarm;

/// Locks a mutex, recovering from poisoning: commands check before they write, so a panic
/// cannot leave state half-changed.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Settings that do not come from the fixture.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Whether rate limits are enforced.
    pub rate_limits: rate_limit::Mode,
    /// Required on the control API when set (`Authorization: Bearer <token>` or
    /// `X-Mock-Control-Token`).
    pub control_token: Option<String>,
    /// Limits of the WebSocket gateway.
    pub gateway: crate::gateway::Limits,
    /// Whether webhook addresses may name other machines than this one.
    pub allow_remote_webhooks: bool,
    /// How long a shutdown waits for requests in flight (`None`: the default, 10 s).
    pub shutdown_grace: Option<std::time::Duration>,
    /// Serve HTTPS with this certificate instead of plain HTTP.
    pub tls: Option<crate::tls::Tls>,
    /// The longest a client may take to send a request's headers (`None`: the default, 30 s).
    pub header_read_timeout: Option<std::time::Duration>,
}

/// One account of the fixture.
#[derive(Debug)]
pub struct Account {
    /// Its configuration as loaded.
    pub loaded: LoadedAccount,
    /// Position in the fixture: seeds the id source.
    pub index: usize,
    inbox: Mutex<Inbox>,
    /// Wakes the account's timer when a deadline comes closer.
    pub(crate) alarm: Alarm,
    /// Where its changes are published for the console.
    pub(crate) events: crate::console::Events,
}

impl Account {
    fn new(index: usize, loaded: LoadedAccount, events: crate::console::Events) -> Self {
        let inbox = Inbox::new(loaded.id, loaded.directory.clone(), MockIds::new(index as u64 + 1));
        Self { loaded, index, inbox: Mutex::new(inbox), alarm: Alarm::default(), events }
    }

    /// The account id.
    pub fn id(&self) -> AccountId {
        self.loaded.id
    }

    /// Runs `f` on the inbox, advanced to `now`, dropping the notifications it produced (nobody
    /// is subscribed).
    pub fn with_inbox_quiet<R>(&self, now: Timestamp, f: impl FnOnce(&mut Inbox, Timestamp) -> R) -> R {
        let mut inbox = lock(&self.inbox);
        let since = self.events.mark(&inbox);
        let now = inbox.advance(now);
        let r = f(&mut inbox, now);
        self.events.publish_since(&inbox, since);
        inbox.clear_notifications();
        self.alarm.observe(inbox.next_deadline());
        r
    }

    /// Runs `f` on the inbox, advanced to `now` (expiry and delivery applied), and returns its
    /// result with the notifications the change produced.
    pub fn with_inbox<R>(&self, now: Timestamp, f: impl FnOnce(&mut Inbox, Timestamp) -> R) -> (R, Vec<Notification>) {
        let mut inbox = lock(&self.inbox);
        let since = self.events.mark(&inbox);
        let now = inbox.advance(now);
        let r = f(&mut inbox, now);
        self.events.publish_since(&inbox, since);
        let notes = inbox.take_notifications();
        self.alarm.observe(inbox.next_deadline());
        (r, notes)
    }

    /// When the inbox next has work that falls due (see `Inbox::next_deadline`).
    pub fn next_deadline(&self) -> Option<Timestamp> {
        lock(&self.inbox).next_deadline()
    }

    /// Back to the fixture: no threads, messages or notes.
    pub fn reset(&self) {
        *lock(&self.inbox) =
            Inbox::new(self.loaded.id, self.loaded.directory.clone(), MockIds::new(self.index as u64 + 1));
        self.alarm.ring();
    }
}

/// Everything the server holds.
#[derive(Debug)]
pub struct AppState {
    /// The fixture served (for `GET /mock/v1/fixture`).
    pub fixture: Fixture,
    /// App credentials.
    pub app: AppCredentials,
    /// The accounts.
    pub accounts: Vec<Account>,
    /// JWT assertion → (account index, user).
    pub jwts: HashMap<String, (usize, ExtensionId)>,
    /// The mock clock.
    pub clock: MockClock,
    /// Settings from the command line.
    pub settings: Settings,
    /// OAuth sessions.
    pub sessions: Mutex<Sessions>,
    /// Received requests.
    pub requests: Mutex<RequestJournal>,
    /// Faults in force.
    pub faults: Mutex<Faults>,
    /// Rate-limit counters.
    pub limits: Mutex<RateLimits>,
    /// Webhook subscriptions.
    pub subscriptions: Mutex<Subscriptions>,
    /// The WebSocket gateway's tokens and sessions.
    pub gateway: crate::gateway::Gateway,
    /// Whether any subscription exists: without one, notifications are dropped in the inbox
    /// instead of being built and matched.
    pub subscribed: AtomicBool,
    /// The changes of every account, for the console and `GET /mock/v1/events`.
    pub events: crate::console::Events,
}

impl AppState {
    /// Builds the state for a fixture; refuses an invalid one.
    pub fn new(fixture: Fixture, settings: Settings) -> Result<Self, FixtureError> {
        let loaded = fixture.load()?;
        let mut jwts = HashMap::new();
        let events = crate::console::Events::default();
        let accounts: Vec<Account> = loaded
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                for (jwt, ext) in &a.jwts {
                    jwts.insert(jwt.clone(), (i, *ext));
                }
                Account::new(i, a, events.clone())
            })
            .collect();
        Ok(Self {
            app: fixture.app.clone(),
            fixture,
            accounts,
            jwts,
            clock: MockClock::default(),
            settings,
            sessions: Mutex::default(),
            requests: Mutex::default(),
            faults: Mutex::default(),
            limits: Mutex::default(),
            subscriptions: Mutex::default(),
            gateway: crate::gateway::Gateway::default(),
            subscribed: AtomicBool::new(false),
            events,
        })
    }

    /// The current mock time.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Runs `f` on an account's inbox advanced to `now`, then delivers the notifications the
    /// change produced (or has the inbox drop them when nobody is subscribed). The lock is
    /// released before anything is delivered.
    pub fn run<R>(&self, account: usize, now: Timestamp, f: impl FnOnce(&mut Inbox, Timestamp) -> R) -> R {
        let a = &self.accounts[account];
        if !self.subscribed.load(Ordering::Relaxed) {
            return a.with_inbox_quiet(now, f);
        }
        let (r, notes) = a.with_inbox(now, f);
        crate::subscriptions::dispatch(self, account, notes);
        r
    }

    /// Back to the fixture: empty inboxes, real time, no faults, counters, requests or
    /// subscriptions. Sessions survive, so logged-in clients keep working.
    pub fn reset(&self) {
        for a in &self.accounts {
            a.reset();
        }
        self.clock.reset();
        lock(&self.faults).clear();
        lock(&self.limits).clear();
        lock(&self.requests).clear();
        lock(&self.subscriptions).clear();
        lock(&self.gateway.registry).clear();
        self.subscribed.store(false, Ordering::Relaxed);
        self.events.publish(crate::console::events::Kind::Reset, self.now());
    }
}
