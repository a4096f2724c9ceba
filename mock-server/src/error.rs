//! Failures as RingCentral answers them: an error envelope with the right status, and
//! `Retry-After` where one applies. Rules' errors come from the domain and are mapped by the
//! wire crate; the mock adds only what HTTP itself can get wrong (paths, bodies, content types).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rcthreads_domain::DomainError;
use rcthreads_wire::error::{ApiError, ErrorDetail, ErrorResponse, codes};

/// Codes the mock answers with that the wire crate's [`codes`] does not list: failures of the
/// mock itself rather than of the API's rules.
pub mod mock_codes {
    /// The service is temporarily unavailable (an injected fault). 503.
    pub const SERVICE_UNAVAILABLE: &str = "CMN-211";
    /// The mock could not render its answer. 500.
    pub const INTERNAL_ERROR: &str = "CMN-500";
}

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Status and envelope.
    pub response: ErrorResponse,
    /// Seconds for `Retry-After`, when the client should wait.
    pub retry_after: Option<u64>,
}

impl From<ErrorResponse> for Failure {
    fn from(response: ErrorResponse) -> Self {
        Self { response, retry_after: None }
    }
}

impl From<DomainError> for Failure {
    fn from(e: DomainError) -> Self {
        ErrorResponse::from(&e).into()
    }
}

impl Failure {
    /// A failure with any status, code and message.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        ErrorResponse::new(status, ApiError::single(ErrorDetail::new(code, message))).into()
    }

    /// Adds `Retry-After`.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// 404 for a path the API does not have.
    pub fn unknown_path(method: &str, path: &str) -> Self {
        Self::new(404, codes::NOT_FOUND, format!("Resource for [{method} {path}] is not found"))
    }

    /// 405 for a known path with another method.
    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(405, codes::INVALID_PARAMETER, format!("Method [{method}] is not allowed for [{path}]"))
    }

    /// CMN-101 naming the parameter at fault, with `message` as the text of both the envelope
    /// and its error (instead of the generic "value is invalid").
    pub fn invalid_parameter(status: u16, name: &str, value: Option<&str>, message: impl Into<String>) -> Self {
        let detail = ErrorDetail::new(codes::INVALID_PARAMETER, message).with_parameter(name, value.map(str::to_owned));
        ErrorResponse::new(status, ApiError::single(detail)).into()
    }

    /// 400 CMN-101 naming the parameter at fault, the error keeping the generic text and the
    /// envelope's top-level `message` saying why.
    pub fn invalid_parameter_because(name: &str, value: Option<&str>, why: impl Into<String>) -> Self {
        let generic = ErrorResponse::invalid_parameter(name, value);
        let body = ApiError { message: Some(why.into()), ..*generic.body };
        ErrorResponse::new(generic.status, body).into()
    }

    /// 400 CMN-101 `body`: the body is not the JSON expected.
    pub fn bad_body(reason: impl std::fmt::Display) -> Self {
        Self::invalid_parameter(400, "body", None, format!("Request body is invalid: {reason}"))
    }

    /// A JSON body serde could not read: a missing field is 400 `CMN-100` naming it (as the
    /// service answers a request without `text`), anything else 400 `CMN-101 body`.
    pub fn bad_json(e: serde_json::Error) -> Self {
        let text = e.to_string();
        if e.is_data() {
            if let Some(name) = text.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
                return ErrorResponse::missing_parameter(name).into();
            }
        }
        Self::bad_body(text)
    }

    /// 415: a body of another content type than the endpoint takes.
    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::invalid_parameter(415, "Content-Type", None, format!("Unsupported content type; expected {expected}"))
    }

    /// 413: a body over the 1 MiB limit.
    pub fn too_large(limit: usize) -> Self {
        Self::invalid_parameter(413, "body", None, format!("Request body is larger than {limit} bytes"))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut r = (status, crate::json::JsonResponse(self.response.body)).into_response();
        if let Some(s) = self.retry_after {
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        r
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.response, f)
    }
}

impl std::error::Error for Failure {}

/// Handlers' result type.
pub type ApiResult<T> = Result<T, Failure>;
