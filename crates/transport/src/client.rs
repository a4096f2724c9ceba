//! The client, its builder, and the one place where requests are sent: bearer token, timeout,
//! refresh on `OAU-128`, retries on 429 and 503.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rcthreads_wire::error::codes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::Session;
use crate::error::{ApiFailure, ConnectFailed, Error};
use crate::retry::{self, RetryPolicy};

/// RingCentral's production server.
pub const PRODUCTION_SERVER: &str = "https://platform.ringcentral.com";
/// The base path of the thread messaging endpoints.
pub(crate) const THREADS: &str = "/restapi/v1.0/account/~/message-threads";

type Http = HyperClient<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// An async client of RingCentral thread messaging, logged in as one user.
///
/// Cheap to clone: clones share the connection pool and the session. Build one with
/// [`Client::builder`], then [`Client::login_jwt`].
///
/// ```no_run
/// # async fn demo() -> Result<(), rcthreads_transport::Error> {
/// use rcthreads_transport::Client;
/// use rcthreads_wire::query::MthListThreadsParameters;
///
/// let client = Client::builder()
///     .server("http://127.0.0.1:8090")
///     .credentials("mock-client-id", "mock-client-secret")
///     .build()?;
/// client.login_jwt("jwt-101").await?;
/// let page = client.list_threads(&MthListThreadsParameters::default()).await?;
/// println!("{} thread(s)", page.records.len());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: Http,
    server: String,
    basic: HeaderValue,
    pub(crate) timeout: Duration,
    retry: RetryPolicy,
    pub(crate) refresh_before: Duration,
    max_response_bytes: usize,
    /// TLS settings (the roots trusted), shared with `wss://` connections.
    pub(crate) tls: Arc<rustls::ClientConfig>,
    pub(crate) session: Mutex<Option<Session>>,
    // One refresh at a time: concurrent calls that find the token stale wait for it.
    pub(crate) refresh_gate: tokio::sync::Mutex<()>,
}

/// Settings of a [`Client`]. `Debug` shows the client id, never the secret.
#[derive(Clone)]
pub struct ClientBuilder {
    server: Option<String>,
    credentials: Option<(String, String)>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    refresh_before: Duration,
    max_response_bytes: usize,
    allow_plain_http: bool,
    extra_roots: Vec<Vec<u8>>,
}

/// The largest answer read by default: far above any page of records or attachment.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The Basic header is the app's secret; the session holds the tokens.
        f.debug_struct("Client")
            .field("server", &self.server)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("logged_in", &self.session.lock().unwrap_or_else(|e| e.into_inner()).is_some())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("server", &self.server)
            .field("client_id", &self.credentials.as_ref().map(|(id, _)| id))
            .field("client_secret", &self.credentials.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("refresh_before", &self.refresh_before)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_plain_http", &self.allow_plain_http)
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("body_bytes", &self.body.as_ref().map(|(_, b)| b.len()))
            .field("auth", &self.auth)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            server: None,
            credentials: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_plain_http: false,
            extra_roots: Vec::new(),
            retry: RetryPolicy::default(),
            refresh_before: Duration::from_secs(60),
        }
    }
}

impl ClientBuilder {
    /// The server: `https://platform.ringcentral.com`, or the mock's `http://127.0.0.1:PORT`.
    pub fn server(mut self, url: impl Into<String>) -> Self {
        self.server = Some(url.into());
        self
    }

    /// The app's client id and secret (sent as HTTP Basic to the OAuth endpoints).
    pub fn credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.credentials = Some((client_id.into(), client_secret.into()));
        self
    }

    /// The longest a request may take, body included, per attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest a connection may take to open (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How 429 and 503 are retried (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Refresh the access token when it has less than this left (default 60 s).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// Refuse answers larger than this many bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Allow `http://` to hosts other than this machine. Off by default: the JWT, the app
    /// secret and every token would travel in clear. `http://` to `localhost`, 127.0.0.0/8 or
    /// `[::1]` (the mock) is always allowed.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// Also trust this root certificate (DER) for `https://` and `wss://`, besides Mozilla's
    /// roots: a company's own CA, or a test CA. [`build`](Self::build) fails if it is not a
    /// valid certificate.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(der.into());
        self
    }

    /// Makes the client. Fails without a server or credentials, with a server URL that is not
    /// `http://` or `https://`, or with `http://` to another machine unless allowed.
    pub fn build(self) -> Result<Client, Error> {
        let server = self.server.ok_or_else(|| Error::Config("no server URL".into()))?;
        let server = server.trim_end_matches('/').to_owned();
        let uri: http::Uri = server.parse().map_err(|e| Error::Config(format!("server URL {server:?}: {e}")))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
            return Err(Error::Config(format!("server URL {server:?} is not http:// or https://")));
        }
        // `http::Uri` keeps no fragment: look at the text.
        if uri.query().is_some() || server.contains('#') {
            return Err(Error::Config(format!(
                "server URL {server:?} has a query or fragment; give only scheme, host and port"
            )));
        }
        if uri.path() != "/" && !uri.path().is_empty() {
            return Err(Error::Config(format!("server URL {server:?} has a path; give only scheme, host and port")));
        }
        if uri.scheme_str() == Some("http") && !self.allow_plain_http && !uri.host().is_some_and(is_loopback) {
            return Err(Error::Config(format!(
                "server URL {server:?} is plain http:// to another machine: credentials would travel in clear; use \
                 https://, or allow_plain_http(true) for a trusted network"
            )));
        }
        let (id, secret) = self.credentials.ok_or_else(|| Error::Config("no client id and secret".into()))?;
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        let basic = HeaderValue::from_str(&format!("Basic {basic}"))
            .map_err(|_| Error::Config("client id or secret holds characters a header cannot".into()))?;

        let mut connector = HttpConnector::new();
        connector.enforce_http(false);
        connector.set_connect_timeout(Some(self.connect_timeout));
        let tls = Arc::new(tls_config(self.extra_roots)?);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(rustls::ClientConfig::clone(&tls))
            // Plain HTTP stays allowed for the mock and other local servers.
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        let http = HyperClient::builder(TokioExecutor::new()).build(https);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                server,
                basic,
                timeout: self.timeout,
                retry: self.retry,
                refresh_before: self.refresh_before,
                max_response_bytes: self.max_response_bytes,
                tls,
                session: Mutex::new(None),
                refresh_gate: tokio::sync::Mutex::new(()),
            }),
        })
    }
}

/// rustls on ring trusting Mozilla's roots and `extra_roots`.
fn tls_config(extra_roots: Vec<Vec<u8>>) -> Result<rustls::ClientConfig, Error> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    for der in extra_roots {
        roots
            .add(rustls::pki_types::CertificateDer::from(der))
            .map_err(|e| Error::Config(format!("root certificate: {e}")))?;
    }
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Whether a URL host names this machine: `localhost`, 127.0.0.0/8 or `[::1]`.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// How a request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// The session's access token (API calls).
    Bearer,
    /// The app's credentials (OAuth endpoints).
    Basic,
}

/// A request, kept whole so that it can be sent again. `Debug` shows no body: a login's carries
/// the JWT.
#[derive(Clone)]
pub(crate) struct Call {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) body: Option<(HeaderValue, Bytes)>,
    pub(crate) auth: Auth,
}

impl Call {
    pub(crate) fn new(method: Method, path: impl Into<String>) -> Self {
        Self { method, path: path.into(), body: None, auth: Auth::Bearer }
    }

    /// Adds `?query` unless it is empty.
    pub(crate) fn query(mut self, query: &str) -> Self {
        if !query.is_empty() {
            self.path.push('?');
            self.path.push_str(query);
        }
        self
    }

    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        // Serializing the wire types cannot fail: they are plain data with string keys.
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        self.body = Some((HeaderValue::from_static("application/json"), Bytes::from(bytes)));
        self
    }

    pub(crate) fn form(mut self, form: String) -> Self {
        self.body = Some((HeaderValue::from_static("application/x-www-form-urlencoded"), Bytes::from(form)));
        self
    }

    pub(crate) fn raw(mut self, content_type: HeaderValue, body: Bytes) -> Self {
        self.body = Some((content_type, body));
        self
    }

    pub(crate) fn basic(mut self) -> Self {
        self.auth = Auth::Basic;
        self
    }
}

/// A success answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Answer {
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status.as_u16(),
            source,
            raw: self.body,
        })
    }
}

impl Client {
    /// Starts a builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for another user over the same connection pool and settings, not logged in.
    ///
    /// Clones share the session; this one has its own, so each user of a shared inbox gets a
    /// `Client` without opening connections of their own.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), rcthreads_transport::Error> {
    /// use rcthreads_transport::Client;
    ///
    /// let wayne = Client::builder()
    ///     .server("http://127.0.0.1:8090")
    ///     .credentials("mock-client-id", "mock-client-secret")
    ///     .build()?;
    /// wayne.login_jwt("jwt-101").await?;
    /// let beth = wayne.new_session();
    /// beth.login_jwt("jwt-102").await?;
    /// # Ok(()) }
    /// ```
    pub fn new_session(&self) -> Client {
        let i = &self.inner;
        Client {
            inner: Arc::new(Inner {
                // The hyper client is a handle: its clones share one pool.
                http: i.http.clone(),
                server: i.server.clone(),
                basic: i.basic.clone(),
                timeout: i.timeout,
                retry: i.retry,
                refresh_before: i.refresh_before,
                tls: Arc::clone(&i.tls),
                max_response_bytes: i.max_response_bytes,
                session: Mutex::new(None),
                refresh_gate: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The server URL, without a trailing slash.
    pub fn server(&self) -> &str {
        &self.inner.server
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry
    }

    /// Sends a call: adds the bearer token (refreshing it first when due), refreshes once and
    /// resends on `OAU-128`, and retries 429 and 503 as the policy says.
    pub(crate) async fn execute(&self, call: Call) -> Result<Answer, Error> {
        match call.auth {
            Auth::Basic => self.execute_basic(call).await,
            Auth::Bearer => self.execute_bearer(call).await,
        }
    }

    async fn execute_bearer(&self, call: Call) -> Result<Answer, Error> {
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            let bearer = self.access_token().await?;
            let failure = match self.send_once(&call, Some(&bearer)).await? {
                Ok(answer) => return Ok(answer),
                Err(failure) => failure,
            };
            if failure.status == 401 && !refreshed && failure.error.has_code(codes::TOKEN_EXPIRED) {
                refreshed = true;
                // A refresh that fails leaves the 401 as the answer: the caller must log in.
                if self.refresh_if_current(&bearer).await.is_ok() {
                    continue;
                }
            }
            // Tokens (`/restapi/oauth/wstoken`) may be asked for twice without harm.
            let repeatable = call.method.is_idempotent() || call.path.starts_with("/restapi/oauth/");
            self.wait_or_fail(&mut attempt, failure, repeatable).await?;
        }
    }

    /// The OAuth endpoints: the app's credentials, no token to refresh.
    pub(crate) async fn execute_basic(&self, call: Call) -> Result<Answer, Error> {
        let mut attempt = 0;
        loop {
            match self.send_once(&call, None).await? {
                Ok(answer) => return Ok(answer),
                // A token asked for twice does no harm.
                Err(failure) => self.wait_or_fail(&mut attempt, failure, true).await?,
            }
        }
    }

    /// Waits before the next attempt when the policy retries this failure, else returns it.
    async fn wait_or_fail(&self, attempt: &mut u32, failure: ApiFailure, repeatable: bool) -> Result<(), Error> {
        match self.inner.retry.wait_before_retry(*attempt, failure.status, failure.retry_after, repeatable) {
            Some(wait) => {
                *attempt += 1;
                tokio::time::sleep(wait).await;
                Ok(())
            }
            None => Err(Error::from_failure(failure)),
        }
    }

    /// One attempt: the answer, or the failure the server sent, or why none came.
    async fn send_once(&self, call: &Call, bearer: Option<&str>) -> Result<Result<Answer, ApiFailure>, Error> {
        let uri = format!("{}{}", self.inner.server, call.path);
        let mut req = http::Request::builder().method(call.method.clone()).uri(&uri);
        req = req.header(header::ACCEPT, "application/json");
        req = match bearer {
            Some(token) => req.header(header::AUTHORIZATION, format!("Bearer {token}")),
            None => req.header(header::AUTHORIZATION, self.inner.basic.clone()),
        };
        let body = match &call.body {
            Some((content_type, bytes)) => {
                req = req.header(header::CONTENT_TYPE, content_type.clone());
                bytes.clone()
            }
            None => Bytes::new(),
        };
        let req = req.body(Full::new(body)).map_err(|e| Error::Config(format!("request to {uri}: {e}")))?;
        let exchange = async {
            let resp = self.inner.http.request(req).await.map_err(|e| {
                if e.is_connect() {
                    let server = self.inner.server.clone();
                    Error::Connect(Box::new(ConnectFailed { server, source: Box::new(e) }))
                } else {
                    Error::Transport(Box::new(e))
                }
            })?;
            let (parts, body) = resp.into_parts();
            let limited = http_body_util::Limited::new(body, self.inner.max_response_bytes);
            let bytes = limited.collect().await.map_err(Error::Body)?.to_bytes();
            Ok::<_, Error>((parts.status, parts.headers, bytes))
        };
        let (status, headers, body) = tokio::time::timeout(self.inner.timeout, exchange)
            .await
            .map_err(|_| Error::Timeout(self.inner.timeout))??;
        if status.is_success() {
            Ok(Ok(Answer { status, headers, body }))
        } else {
            Ok(Err(ApiFailure::new(status.as_u16(), body, retry::retry_after(&headers))))
        }
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str, query: &str) -> Result<T, Error> {
        self.execute(Call::new(Method::GET, path).query(query)).await?.json()
    }

    pub(crate) async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, Error> {
        self.execute(Call::new(method, path).json(body)).await?.json()
    }

    /// A call whose answer has no body worth reading (204, or 200 with nothing useful).
    pub(crate) async fn send_no_content(&self, call: Call) -> Result<(), Error> {
        self.execute(call).await.map(drop)
    }
}

/// Percent-encodes one path segment (ids are digits or UUIDs, but a stray `/` or `?` must not
/// change the path).
pub(crate) fn seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // `.` and `..` would be read as "this" and "the parent" path segment: encode their dots.
    let dots_only = s.bytes().all(|b| b == b'.');
    for b in s.bytes() {
        if (b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) && !(dots_only && b == b'.') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_needs_a_server_and_credentials() {
        assert!(matches!(Client::builder().credentials("a", "b").build(), Err(Error::Config(_))));
        assert!(matches!(Client::builder().server("http://localhost:1").build(), Err(Error::Config(_))));
        assert!(matches!(Client::builder().server("ftp://x").credentials("a", "b").build(), Err(Error::Config(_))));
        for url in ["https://rc.example.invalid/restapi", "http://127.0.0.1:8090/restapi/v1.0"] {
            let e = Client::builder().server(url).credentials("a", "b").build().unwrap_err();
            assert!(matches!(&e, Error::Config(m) if m.contains("has a path")), "{url}: {e}");
        }
        for url in ["http://127.0.0.1:8090?x=1", "http://127.0.0.1:8090/?x=1", "http://127.0.0.1:8090#top"] {
            let e = Client::builder().server(url).credentials("a", "b").build().unwrap_err();
            assert!(matches!(&e, Error::Config(m) if m.contains("query or fragment")), "{url}: {e}");
        }
        let c = Client::builder().server("https://platform.ringcentral.com/").credentials("a", "b").build().unwrap();
        assert_eq!(c.server(), PRODUCTION_SERVER);
    }

    #[test]
    fn the_settings_given_are_kept() {
        let policy = RetryPolicy::default().max_retries(7);
        let builder = Client::builder()
            .server("http://127.0.0.1:8090")
            .credentials("a", "b")
            .connect_timeout(Duration::from_secs(3))
            .retry(policy);
        assert!(format!("{builder:?}").contains("connect_timeout: 3s"), "{builder:?}");
        let client = builder.build().unwrap();
        assert_eq!(client.retry_policy(), policy);
        assert_eq!(client.new_session().retry_policy(), policy, "a new session keeps the settings");
    }

    #[test]
    fn a_call_shows_its_target_but_not_its_body() {
        let call = Call::new(Method::POST, "/restapi/oauth/token").form("assertion=jwt-secret".into()).basic();
        let shown = format!("{call:?}");
        assert!(!shown.contains("jwt-secret"), "{shown}");
        for part in ["POST", "/restapi/oauth/token", "body_bytes: Some(20)", "Basic"] {
            assert!(shown.contains(part), "{shown} lacks {part}");
        }
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(seg("5f0e7c1a-0000-4000-8000-000000000001"), "5f0e7c1a-0000-4000-8000-000000000001");
        assert_eq!(seg("a/b?c"), "a%2Fb%3Fc");
        assert_eq!(seg("~"), "~");
        assert_eq!(seg("v1.0"), "v1.0");
        // Dot segments would name the current or the parent path.
        assert_eq!(seg("."), "%2E");
        assert_eq!(seg(".."), "%2E%2E");
    }

    #[test]
    fn plain_http_only_to_this_machine_unless_allowed() {
        let build = |url: &str, allow: bool| {
            Client::builder().server(url).credentials("a", "b").allow_plain_http(allow).build()
        };
        for local in ["http://localhost:8090", "http://127.0.0.1:8090", "http://127.9.9.9", "http://[::1]:8090"] {
            assert!(build(local, false).is_ok(), "{local}");
        }
        let e = build("http://rc.example.invalid", false).unwrap_err();
        assert!(matches!(&e, Error::Config(m) if m.contains("in clear")), "{e}");
        assert!(build("http://rc.example.invalid", true).is_ok());
        assert!(build("https://rc.example.invalid", false).is_ok());
    }
}
