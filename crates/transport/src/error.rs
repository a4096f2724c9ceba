//! The client's error: what the server answered, or why no answer came.
//!
//! Applications branch on the variants they handle (MSG-427, 401, 403, 404, 429) and read the
//! rest through [`Error::status`], [`Error::codes`] and [`Error::raw_body`].

use std::time::Duration;

use bytes::Bytes;
use rcthreads_domain::ExtensionId;
use rcthreads_wire::convert::RecordError;
use rcthreads_wire::error::{ApiError, codes};

/// A boxed source error from the HTTP or TLS stack.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error and its sources as one line ("http://127.0.0.1:8090: tcp connect error: Connection
/// refused"), so that the first message a user sees says what went wrong.
fn causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        // hyper's wrapper ("client error (Connect)") says nothing its sources do not.
        if !out.contains(&text) && !text.starts_with("client error (") {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// "extension 123", or "the caller" when the answer did not name it.
fn refused(extension_id: Option<&ExtensionId>) -> String {
    extension_id.map_or_else(|| "the caller".to_owned(), |id| format!("extension {id}"))
}

/// The server a connection was refused by, with the reason as its source, so that
/// [`Error::Connect`] reads "cannot connect to http://127.0.0.1:8090: ... Connection refused".
#[derive(Debug)]
pub(crate) struct ConnectFailed {
    pub(crate) server: String,
    pub(crate) source: BoxError,
}

impl std::fmt::Display for ConnectFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.server)
    }
}

impl std::error::Error for ConnectFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// A failed call as the server answered it: status, parsed envelope and the raw body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    /// HTTP status.
    pub status: u16,
    /// The error envelope; empty when the body was not one (a proxy's HTML page, say).
    pub error: ApiError,
    /// The body as received.
    pub raw: Bytes,
    /// `Retry-After`, when the server sent one (in seconds).
    pub retry_after: Option<Duration>,
}

impl ApiFailure {
    /// Reads a failed response's body; a body that is not an envelope leaves `error` empty.
    pub fn new(status: u16, raw: Bytes, retry_after: Option<Duration>) -> Self {
        let error = serde_json::from_slice(&raw).unwrap_or_default();
        Self { status, error, raw, retry_after }
    }

    /// Every error code of the envelope, the top-level one first, without repeats.
    pub fn codes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let all =
            self.error.error_code.as_deref().into_iter().chain(self.error.errors.iter().map(|e| e.error_code.as_str()));
        for code in all {
            if !out.contains(&code) {
                out.push(code);
            }
        }
        out
    }
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.error.code().is_some() {
            write!(f, "HTTP {}: {}", self.status, self.error)
        } else {
            write!(f, "HTTP {}", self.status)
        }
    }
}

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// MSG-427: the thread is open and not assigned to the caller, so the caller may not send.
    #[error("the thread is not assigned to {} (MSG-427)", refused(extension_id.as_ref()))]
    ThreadNotAssigned {
        /// The refused extension (the caller), as the server named it; `None` when the answer
        /// named none (or not as a number).
        extension_id: Option<ExtensionId>,
        /// The whole answer.
        failure: Box<ApiFailure>,
    },
    /// 401: not logged in, token revoked, or expired and refreshing did not help.
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiFailure>),
    /// 403 other than MSG-427: the caller lacks a permission (e.g. is not a handler).
    #[error("forbidden: {0}")]
    Forbidden(Box<ApiFailure>),
    /// 404: no such resource.
    #[error("not found: {0}")]
    NotFound(Box<ApiFailure>),
    /// 429 after the retries the policy allows: wait `retry_after` before calling again.
    #[error("rate limited, retry after {retry_after:?}: {failure}")]
    RateLimited {
        /// The server's `Retry-After`, or 60 s (the service's penalty) when it sent none.
        retry_after: Duration,
        /// The whole answer.
        failure: Box<ApiFailure>,
    },
    /// Any other error status (400, 415, 5xx...).
    #[error("{0}")]
    Api(Box<ApiFailure>),
    /// The connection could not be made (DNS, refused, TLS handshake). The message names the
    /// cause at the bottom of the chain ("Connection refused", a certificate error...).
    #[error("cannot connect to {}", causes(.0.as_ref()))]
    Connect(#[source] BoxError),
    /// No complete answer within the configured timeout.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The answer's body could not be read (the connection broke mid-response).
    #[error("cannot read the response body: {0}")]
    Body(#[source] BoxError),
    /// The request failed on the way for another reason (the connection closed before an answer).
    #[error("request failed: {0}")]
    Transport(#[source] BoxError),
    /// A success answer whose body is not the expected JSON.
    #[error("unexpected response body (HTTP {status}): {source}")]
    Decode {
        /// HTTP status.
        status: u16,
        /// Why it did not parse.
        source: serde_json::Error,
        /// The body as received.
        raw: Bytes,
    },
    /// A record that the domain's rules cannot hold (through the `ThreadMessaging` port only).
    #[error("unexpected record from the server: {0}")]
    Record(#[from] RecordError),
    /// The WebSocket gateway refused something in an `Error` frame: the connection (`WSG-401`
    /// for a refused token, `WSG-429` for too many sessions) or a request.
    #[error("gateway error {code} (status {status}): {message}")]
    Gateway {
        /// The frame's status.
        status: u16,
        /// The `WSG-` code, or the code of the REST error behind it.
        code: String,
        /// What the gateway said.
        message: String,
    },
    /// The WebSocket connection could not be opened, or broke (handshake, TLS, closed socket).
    #[error("WebSocket: {0}")]
    WebSocket(#[source] BoxError),
    /// A notification session was lost and could not be reopened; the error says why.
    #[error("the notification session closed and could not be reopened: {0}")]
    SessionClosed(#[source] Box<Error>),
    /// A call that needs a session before [`Client::login_jwt`](crate::Client::login_jwt).
    #[error("not logged in")]
    NotLoggedIn,
    /// The builder's settings cannot make a client.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// A link of a record (such as an attachment's `contentUri`) that leads off the client's
    /// server: it is not followed, so that the access token goes to no other host.
    #[error("{0} is not on the client's server; it is not followed")]
    ForeignLink(String),
}

/// The wait of a 429 that came without `Retry-After`: RingCentral's penalty window.
pub(crate) const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

impl Error {
    /// Sorts a failed answer into its variant.
    pub(crate) fn from_failure(failure: ApiFailure) -> Self {
        if failure.error.has_code(codes::THREAD_NOT_ASSIGNED) {
            // The id may be missing (keep the code usable all the same).
            let extension_id = failure.error.not_assigned_extension_id().and_then(|id| id.parse().ok());
            return Error::ThreadNotAssigned { extension_id, failure: Box::new(failure) };
        }
        match failure.status {
            401 => Error::Unauthorized(Box::new(failure)),
            403 => Error::Forbidden(Box::new(failure)),
            404 => Error::NotFound(Box::new(failure)),
            429 => {
                let retry_after = failure.retry_after.unwrap_or(DEFAULT_RATE_LIMIT_WAIT);
                Error::RateLimited { retry_after, failure: Box::new(failure) }
            }
            _ => Error::Api(Box::new(failure)),
        }
    }

    /// The server's answer, for errors that are one.
    pub fn failure(&self) -> Option<&ApiFailure> {
        match self {
            Error::ThreadNotAssigned { failure, .. } | Error::RateLimited { failure, .. } => Some(failure),
            Error::Unauthorized(f) | Error::Forbidden(f) | Error::NotFound(f) | Error::Api(f) => Some(f),
            _ => None,
        }
    }

    /// HTTP status of an answer (also for a success answer that did not parse).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            e => e.failure().map(|f| f.status),
        }
    }

    /// The main error code (`MSG-427`, `CMN-101`, a gateway's `WSG-401`...), if the server
    /// sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Gateway { code, .. } => Some(code),
            e => e.failure().and_then(|f| f.error.code()),
        }
    }

    /// Every error code of the answer; empty for errors that are not answers.
    pub fn codes(&self) -> Vec<&str> {
        self.failure().map(ApiFailure::codes).unwrap_or_default()
    }

    /// Whether the answer carries this code anywhere.
    pub fn has_code(&self, code: &str) -> bool {
        self.failure().is_some_and(|f| f.error.has_code(code))
    }

    /// The error envelope, for errors that are answers.
    pub fn api_error(&self) -> Option<&ApiError> {
        self.failure().map(|f| &f.error)
    }

    /// The body as received, for answers.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Decode { raw, .. } => Some(raw),
            e => e.failure().map(|f| &f.raw[..]),
        }
    }

    /// The `parameterName` the server blamed, if any.
    pub fn parameter_name(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::parameter_name)
    }

    /// Whether no answer came: connect, timeout, body, WebSocket or other transport failure.
    pub fn is_transport(&self) -> bool {
        matches!(
            self,
            Error::Connect(_) | Error::Timeout(_) | Error::Body(_) | Error::Transport(_) | Error::WebSocket(_)
        )
    }
}
