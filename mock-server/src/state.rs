//! The server's state: the accounts (one lock each, built-in and tenants), the clock, sessions,
//! and the control plane's journal, faults and rate-limit counters.
//!
//! Locks are `std::sync::Mutex` and are never held across an `.await`: a handler locks, runs
//! domain commands, copies out what it answers, and unlocks before any I/O.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

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
    /// Keep the state in this directory (`--data-dir`): every acknowledged change is on disk
    /// before its answer, and a start with the same directory restores it. `None`: in memory.
    pub data_dir: Option<std::path::PathBuf>,
}

/// One account: of the fixture (built in) or a tenant made through `POST /mock/v1/accounts`.
#[derive(Debug)]
pub struct Account {
    /// Its configuration as loaded.
    pub loaded: LoadedAccount,
    /// Its key in the state, never reused: the position in the fixture for a built-in account.
    /// Seeds the id source.
    pub index: usize,
    inbox: Mutex<Inbox>,
    /// The clock it runs on: the mock-wide one for built-in accounts, its own for a tenant.
    clock: Arc<MockClock>,
    /// Whether it is a tenant (its own clock, deletable).
    pub tenant: bool,
    /// Wakes the account's timer when a deadline comes closer.
    pub(crate) alarm: Alarm,
    /// Stops the account's timer (a tenant's, when it is deleted).
    pub(crate) timer: Mutex<Option<tokio::task::AbortHandle>>,
    /// Where its changes are published for the console.
    pub(crate) events: crate::console::Events,
}

impl Account {
    fn new(
        index: usize,
        loaded: LoadedAccount,
        clock: Arc<MockClock>,
        tenant: bool,
        events: crate::console::Events,
    ) -> Self {
        let inbox = Inbox::new(loaded.id, loaded.directory.clone(), MockIds::new(index as u64 + 1));
        Self {
            loaded,
            index,
            inbox: Mutex::new(inbox),
            clock,
            tenant,
            alarm: Alarm::default(),
            timer: Mutex::new(None),
            events,
        }
    }

    /// The account id.
    pub fn id(&self) -> AccountId {
        self.loaded.id
    }

    /// The account's clock.
    pub fn clock(&self) -> &MockClock {
        &self.clock
    }

    /// The account's time now.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
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

    /// The latest time the inbox has been given: its commands never see an earlier one.
    pub fn reached(&self) -> Timestamp {
        lock(&self.inbox).now()
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

/// The most tenants the mock holds at once; `POST /mock/v1/accounts` beyond it is refused (409).
pub const MAX_TENANTS: usize = 1_000;

/// Tenant account ids start here, far above the fixture's usual ids; one already taken is skipped.
const FIRST_TENANT_ID: u64 = 900_000_000_001;

/// Why a tenant cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenantRefusal {
    /// [`MAX_TENANTS`] exist.
    #[error("The mock holds {MAX_TENANTS} tenants, its maximum: delete one first")]
    Full,
    /// The account id is another account's.
    #[error("Account id {0} is taken")]
    IdTaken(AccountId),
    /// A user's JWT assertion is another user's (user position, assertion).
    #[error("JWT assertion '{1}' is taken")]
    JwtTaken(usize, String),
}

#[derive(Debug, Default)]
struct Tenants {
    by_key: BTreeMap<usize, Arc<Account>>,
    jwts: HashMap<String, (usize, ExtensionId)>,
    next_key: usize,
    next_id: u64,
}

/// The accounts: the fixture's, fixed at start, and the tenants, added and deleted while the
/// mock runs. Each has a key (`Account::index`) that is never reused, so a session or a
/// subscription of a deleted tenant can never reach a later one.
#[derive(Debug)]
pub struct Accounts {
    built_in: Vec<Arc<Account>>,
    built_in_jwts: HashMap<String, (usize, ExtensionId)>,
    tenants: RwLock<Tenants>,
}

fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

impl Accounts {
    /// The account of a key, if it (still) exists.
    pub fn get(&self, key: usize) -> Option<Arc<Account>> {
        match self.built_in.get(key) {
            Some(a) => Some(Arc::clone(a)),
            None => read(&self.tenants).by_key.get(&key).cloned(),
        }
    }

    /// The fixture's accounts, in its order.
    pub fn built_in(&self) -> &[Arc<Account>] {
        &self.built_in
    }

    /// The tenants, oldest first.
    pub fn tenants(&self) -> Vec<Arc<Account>> {
        read(&self.tenants).by_key.values().cloned().collect()
    }

    /// Every account: the fixture's, then the tenants.
    pub fn all(&self) -> Vec<Arc<Account>> {
        let mut v = self.built_in.clone();
        v.extend(self.tenants());
        v
    }

    /// How many accounts exist.
    pub fn len(&self) -> usize {
        self.built_in.len() + read(&self.tenants).by_key.len()
    }

    /// Whether there are none (never: a fixture has at least one).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The account of an id as written in a path.
    pub fn find(&self, id: &str) -> Option<Arc<Account>> {
        let id: AccountId = id.parse().ok()?;
        if let Some(a) = self.built_in.iter().find(|a| a.id() == id) {
            return Some(Arc::clone(a));
        }
        read(&self.tenants).by_key.values().find(|a| a.id() == id).cloned()
    }

    /// The user a JWT assertion logs in: (account key, extension).
    pub fn by_jwt(&self, assertion: &str) -> Option<(usize, ExtensionId)> {
        match self.built_in_jwts.get(assertion) {
            Some(&found) => Some(found),
            None => read(&self.tenants).jwts.get(assertion).copied(),
        }
    }

    /// Adds a tenant. `make` is given the account id to use when the caller named none, and
    /// returns the account with what `added` needs; its ids and JWT assertions are checked
    /// against every other account's under one lock, so two concurrent additions cannot both
    /// take one. `added` runs under that lock with the new key (the log's append, so keys replay
    /// in order).
    pub(crate) fn add_tenant<E, X, T>(
        &self,
        events: &crate::console::Events,
        make: impl FnOnce(AccountId) -> Result<(LoadedAccount, X), E>,
        added: impl FnOnce(usize, X) -> T,
    ) -> Result<Result<(Arc<Account>, T), TenantRefusal>, E> {
        let mut t = write(&self.tenants);
        if t.by_key.len() >= MAX_TENANTS {
            return Ok(Err(TenantRefusal::Full));
        }
        let taken = |t: &Tenants, id: AccountId| {
            self.built_in.iter().any(|a| a.id() == id) || t.by_key.values().any(|a| a.id() == id)
        };
        let mut next = t.next_id.max(FIRST_TENANT_ID);
        while taken(&t, AccountId::new(next)) {
            next += 1;
        }
        let (loaded, extra) = make(AccountId::new(next))?;
        if loaded.id == AccountId::new(next) {
            t.next_id = next + 1;
        } else if taken(&t, loaded.id) {
            return Ok(Err(TenantRefusal::IdTaken(loaded.id)));
        }
        for (i, (jwt, _)) in loaded.jwts.iter().enumerate() {
            let twice = loaded.jwts[..i].iter().any(|(j, _)| j == jwt);
            if twice || self.built_in_jwts.contains_key(jwt) || t.jwts.contains_key(jwt) {
                return Ok(Err(TenantRefusal::JwtTaken(i, jwt.clone())));
            }
        }
        let key = self.built_in.len() + t.next_key;
        t.next_key += 1;
        for (jwt, ext) in &loaded.jwts {
            t.jwts.insert(jwt.clone(), (key, *ext));
        }
        let account = Arc::new(Account::new(key, loaded, Arc::new(MockClock::default()), true, events.clone()));
        t.by_key.insert(key, Arc::clone(&account));
        let after = added(key, extra);
        Ok(Ok((account, after)))
    }

    /// Removes a tenant from the map (built-in accounts stay); the caller ends what it held.
    pub(crate) fn remove_tenant(&self, key: usize) -> Option<Arc<Account>> {
        let mut t = write(&self.tenants);
        let account = t.by_key.remove(&key)?;
        t.jwts.retain(|_, (k, _)| *k != key);
        Some(account)
    }

    /// With no tenant left, numbers the next ones from the start again, as a fresh mock does
    /// (a restore, which also ends every session, so no old key can be reached).
    pub(crate) fn restart_keys(&self) {
        let mut t = write(&self.tenants);
        if t.by_key.is_empty() {
            t.next_key = 0;
            t.next_id = 0;
        }
    }

    /// Removes every tenant.
    fn clear_tenants(&self) -> Vec<Arc<Account>> {
        let mut t = write(&self.tenants);
        t.jwts.clear();
        std::mem::take(&mut t.by_key).into_values().collect()
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
    pub accounts: Accounts,
    /// The mock-wide clock, that of the built-in accounts.
    pub clock: Arc<MockClock>,
    /// The accounts' timers while serving.
    pub(crate) timers: Mutex<Option<tokio::task::JoinSet<()>>>,
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
    /// The log of acknowledged changes: in the data directory, or in memory for snapshots.
    pub(crate) log: crate::durable::Log,
}

impl AppState {
    /// Builds the state for a fixture; refuses an invalid one.
    pub fn new(fixture: Fixture, settings: Settings) -> Result<Self, FixtureError> {
        let loaded = fixture.load()?;
        let mut jwts = HashMap::new();
        let events = crate::console::Events::default();
        let clock = Arc::new(MockClock::default());
        let built_in: Vec<Arc<Account>> = loaded
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                for (jwt, ext) in &a.jwts {
                    jwts.insert(jwt.clone(), (i, *ext));
                }
                Arc::new(Account::new(i, a, Arc::clone(&clock), false, events.clone()))
            })
            .collect();
        let accounts = Accounts { built_in, built_in_jwts: jwts, tenants: RwLock::default() };
        Ok(Self {
            app: fixture.app.clone(),
            fixture,
            accounts,
            clock,
            timers: Mutex::new(None),
            settings,
            sessions: Mutex::default(),
            requests: Mutex::default(),
            faults: Mutex::default(),
            limits: Mutex::default(),
            subscriptions: Mutex::default(),
            gateway: crate::gateway::Gateway::default(),
            subscribed: AtomicBool::new(false),
            events,
            log: crate::durable::Log::memory(),
        })
    }

    /// Builds the state for a fixture and, with `settings.data_dir`, restores what that
    /// directory holds and keeps every later change there.
    pub fn open(fixture: Fixture, settings: Settings) -> Result<Self, crate::server::ServeError> {
        let mut state = Self::new(fixture, settings)?;
        if let Some(dir) = state.settings.data_dir.clone() {
            crate::durable::open(&mut state, &dir)?;
        }
        Ok(state)
    }

    /// Makes a change that is logged: `change` runs the change and appends its record under the
    /// lock of what it changed, returning the record's ticket; the answer waits until the
    /// record is on disk. The records waiting for their sync are bounded: a change waits for a
    /// place before it is made.
    pub(crate) async fn logged<R, E: From<crate::durable::WriteFailed>>(
        &self,
        change: impl FnOnce(&crate::durable::Log) -> Result<(R, crate::durable::Ticket), E>,
    ) -> Result<R, E> {
        let place = self.log.place().await;
        let (r, ticket) = change(&self.log)?;
        self.log.synced(ticket).await?;
        drop(place);
        Ok(r)
    }

    /// Runs a command on an account's inbox advanced to `now`, logs it when it succeeds, and
    /// renders its output under the same lock; answers once the record is on disk.
    pub(crate) async fn command<C: crate::durable::Command, R>(
        &self,
        a: &Account,
        now: Timestamp,
        command: C,
        render: impl FnOnce(&Inbox, C::Output) -> R,
    ) -> Result<R, crate::error::Failure> {
        self.logged(|log| self.command_now(log, a, now, command, render)).await
    }

    /// [`Self::command`] without waiting for the sync (the in-process API's synchronous calls).
    pub(crate) fn command_now<C: crate::durable::Command, R>(
        &self,
        log: &crate::durable::Log,
        a: &Account,
        now: Timestamp,
        command: C,
        render: impl FnOnce(&Inbox, C::Output) -> R,
    ) -> Result<(R, crate::durable::Ticket), crate::error::Failure> {
        self.run(a, now, |inbox, now| {
            let out = command.apply(inbox, now)?;
            let r = render(inbox, out);
            let record =
                crate::durable::Record::Inbox { account: a.index, at: now.as_millis(), command: command.into() };
            Ok((r, log.append(&record)))
        })
    }

    /// The current mock-wide time (that of the built-in accounts).
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Runs `f` on an account's inbox advanced to `now`, then delivers the notifications the
    /// change produced (or has the inbox drop them when nobody is subscribed). The lock is
    /// released before anything is delivered.
    pub fn run<R>(&self, a: &Account, now: Timestamp, f: impl FnOnce(&mut Inbox, Timestamp) -> R) -> R {
        if !self.subscribed.load(Ordering::Relaxed) {
            return a.with_inbox_quiet(now, f);
        }
        let (r, notes) = a.with_inbox(now, f);
        crate::subscriptions::dispatch(self, a, notes);
        r
    }

    /// Ends what an account holds outside its inbox: its sessions, webhook and WebSocket
    /// subscriptions, gateway sessions (their connections are dropped) and rate-limit counters.
    pub(crate) fn forget_account(&self, key: usize) {
        lock(&self.sessions).forget_account(key);
        lock(&self.limits).forget_account(key);
        let mut subs = lock(&self.subscriptions);
        subs.forget_account(key);
        self.subscribed.store(!subs.is_empty(), Ordering::Relaxed);
        drop(subs);
        lock(&self.gateway.registry).forget_account(key);
    }

    /// Deletes a tenant with everything it holds; `None` when no tenant has this key.
    pub(crate) fn delete_tenant(&self, key: usize) -> Option<Arc<Account>> {
        let account = self.accounts.remove_tenant(key)?;
        if let Some(timer) = lock(&account.timer).take() {
            timer.abort();
        }
        self.forget_account(key);
        Some(account)
    }

    /// Back to the fixture: tenants deleted, empty inboxes, real time, no faults, counters,
    /// requests or subscriptions. Sessions of the fixture's users survive, so logged-in
    /// clients keep working.
    pub fn reset(&self) {
        for t in self.accounts.clear_tenants() {
            if let Some(timer) = lock(&t.timer).take() {
                timer.abort();
            }
            lock(&self.sessions).forget_account(t.index);
        }
        for a in &self.accounts.built_in {
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
