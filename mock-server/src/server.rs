//! Running the mock: bind, serve until shut down, and the in-process handle for tests.

use std::net::SocketAddr;
use std::sync::Arc;

use rcthreads_domain::{Millis, Timestamp};
use rcthreads_wire::link::BaseUrl;
use rcthreads_wire::message::ThreadMessageModel;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::control;
use crate::error::Failure;
use crate::fixture::{Fixture, FixtureError};
use crate::state::AppState;
pub use crate::state::Settings;

/// Why the mock cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The fixture is invalid.
    #[error("invalid fixture: {0}")]
    Fixture(#[from] FixtureError),
    /// The data directory cannot be used.
    #[error(transparent)]
    DataDir(#[from] crate::durable::DataDirError),
    /// The address cannot be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A control token that is empty: an empty header would then pass.
    #[error("--control-token is empty: give a secret, or leave the option out")]
    EmptyControlToken,
    /// Listening beyond loopback without protecting the control API.
    #[error(
        "listening on {0}, which is not a loopback address, needs --control-token: anyone who can reach the port could \
         reset the mock or move its clock"
    )]
    ControlTokenRequired(SocketAddr),
}

/// A mock server running in this process, for integration tests. Dropping it shuts it down.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<AppState>,
    scheme: &'static str,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Binds `addr` and checks the settings, ready to serve.
pub async fn bind(
    addr: SocketAddr,
    fixture: Fixture,
    settings: Settings,
) -> Result<(TcpListener, Arc<AppState>), ServeError> {
    if settings.control_token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(ServeError::EmptyControlToken);
    }
    if !addr.ip().is_loopback() && settings.control_token.is_none() {
        return Err(ServeError::ControlTokenRequired(addr));
    }
    let state = Arc::new(AppState::open(fixture, settings)?);
    let listener = TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
    Ok((listener, state))
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Delivery progress and expiry happen on time, request or not; the timers stop with serving.
    let _timers = crate::timer::spawn_all(&state);
    // Event streams never end by themselves: end them, or shutdown would wait for them.
    let events = state.events.clone();
    let shutdown = async move {
        shutdown.await;
        events.close();
    };
    let app = crate::app::router(Arc::clone(&state));
    state.gateway.set_router(Some(app.clone()));
    // Upgraded connections are not the server's to wait for: they are told to close.
    let closing = Arc::clone(&state);
    let began = Arc::new(tokio::sync::Notify::new());
    let begin = Arc::clone(&began);
    let shutdown = async move {
        shutdown.await;
        closing.gateway.shutdown();
        begin.notify_one();
    };
    let grace = state.settings.shutdown_grace.unwrap_or(SHUTDOWN_GRACE);
    let options = crate::connections::Options {
        tls: state.settings.tls.clone(),
        header_read_timeout: state.settings.header_read_timeout.unwrap_or(HEADER_READ_TIMEOUT),
    };
    let served = crate::connections::run(listener, app, options, shutdown);
    // Requests in flight get `grace` to finish (a `delay` fault can hold one for a minute).
    let served = tokio::select! {
        served = served => served,
        () = async { began.notified().await; tokio::time::sleep(grace).await } => {
            tracing::warn!(?grace, "requests still in flight after the shutdown grace: stopping anyway");
            Ok(())
        }
    };
    state.gateway.set_router(None);
    served
}

/// `https` with TLS, else `http`.
pub fn scheme(settings: &Settings) -> &'static str {
    if settings.tls.is_some() { "https" } else { "http" }
}

/// How long a client may take to send a request's headers by default (hyper's own default).
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long a shutdown waits for requests in flight by default.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

impl MockServer {
    /// Starts the default accounts on a free loopback port.
    pub async fn start() -> Result<Self, ServeError> {
        Self::start_with(Fixture::default_accounts(), Settings::default()).await
    }

    /// Starts the given fixture and settings on a free loopback port.
    pub async fn start_with(fixture: Fixture, settings: Settings) -> Result<Self, ServeError> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), fixture, settings).await
    }

    /// Starts on a given address (port 0 picks a free one).
    pub async fn start_on(addr: SocketAddr, fixture: Fixture, settings: Settings) -> Result<Self, ServeError> {
        let (listener, state) = bind(addr, fixture, settings).await?;
        let scheme = scheme(&state.settings);
        let addr = listener.local_addr().map_err(|source| ServeError::Bind { addr, source })?;
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn({
            let state = Arc::clone(&state);
            async move {
                let stop = async {
                    let _ = rx.await;
                };
                if let Err(e) = serve(listener, state, stop).await {
                    tracing::error!(error = %e, "mock server stopped");
                }
            }
        });
        Ok(Self { addr, state, scheme, shutdown: Some(tx), task: Some(task) })
    }

    /// The base URL, e.g. `http://127.0.0.1:40711` (`https://` with TLS).
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// The base URL naming the server by `host` (a certificate's name, e.g. `localhost`) on its
    /// port.
    pub fn url_for_host(&self, host: &str) -> String {
        format!("{}://{host}:{}", self.scheme, self.addr.port())
    }

    /// The base of the links in answers given in-process: the server's own address.
    fn base(&self) -> BaseUrl {
        BaseUrl::of_socket(self.scheme == "https", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server's state, for assertions beyond the control operations.
    pub fn state(&self) -> &Arc<AppState> {
        &self.state
    }

    /// A customer texts a shared number (as `POST /mock/v1/inbound`).
    pub async fn inbound(&self, from: &str, to: &str, text: &str) -> Result<ThreadMessageModel, Failure> {
        control::receive(&self.state, &self.base(), from, to, text.to_owned()).await
    }

    /// The mock time.
    pub fn now(&self) -> Timestamp {
        self.state.now()
    }

    /// Moves the clock forward (and stops it there), applying expiry and delivery progress.
    pub fn advance_clock(&self, seconds: i64) -> Timestamp {
        let t = self.state.clock.advance(Millis::seconds(seconds));
        control::log_clock(&self.state.log, &self.state, None);
        control::catch_up(&self.state);
        t
    }

    /// Stops the clock at `t`.
    pub fn set_clock(&self, t: Timestamp) -> Timestamp {
        let t = self.state.clock.set(t);
        control::log_clock(&self.state.log, &self.state, None);
        control::catch_up(&self.state);
        t
    }

    /// A new tenant copying the first built-in account (as `POST /mock/v1/accounts` with
    /// `copyOf`): an account of its own with its own clock, for one test. Dropping the handle
    /// deletes it.
    pub async fn tenant(&self) -> Result<crate::tenants::Tenant, Failure> {
        let source = self.state.accounts.built_in()[0].id().to_string();
        crate::tenants::Tenant::new(&self.state, crate::tenants::TenantSpec::CopyOf(source), self.base()).await
    }

    /// A new tenant from an account in the fixture format (an empty `id` has the mock pick one).
    pub async fn tenant_from(
        &self,
        account: crate::fixture::AccountFixture,
    ) -> Result<crate::tenants::Tenant, Failure> {
        crate::tenants::Tenant::new(&self.state, crate::tenants::TenantSpec::Account(Box::new(account)), self.base())
            .await
    }

    /// Back to the fixture (as `POST /mock/v1/reset`).
    pub fn reset(&self) {
        self.state.reset();
        self.state.log.append(&crate::durable::Record::Reset {});
    }

    /// Stops serving and waits for requests in flight to finish.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
