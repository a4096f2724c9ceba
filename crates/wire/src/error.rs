//! The error envelope, the error codes this API uses, and their HTTP statuses.
//!
//! Body: `{"errorCode", "message", "errors": [{"errorCode", "message", "parameterName"?,
//! "parameterValue"?, ...}]}`. Clients branch on `errorCode`, never on the text. Readers accept
//! an envelope with only `errors[]` (the seed's MSG-427 example has no top-level code), and the
//! OAuth endpoint's `error` / `error_description` beside the codes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The error codes this API uses, and the HTTP status each is sent with.
pub mod codes {
    /// The thread is open and assigned to someone else (or to nobody): only its assignee may
    /// send. 403 (RingCentral does not document the status; 403 is this project's choice).
    pub const THREAD_NOT_ASSIGNED: &str = "MSG-427";
    /// A required parameter is missing. 400.
    pub const MISSING_PARAMETER: &str = "CMN-100";
    /// A parameter's value is invalid. 400.
    pub const INVALID_PARAMETER: &str = "CMN-101";
    /// The resource named by a parameter does not exist. 404.
    pub const NOT_FOUND: &str = "CMN-102";
    /// Request rate exceeded; see `Retry-After`. 429.
    pub const RATE_EXCEEDED: &str = "CMN-301";
    /// The caller lacks a permission (e.g. is not a handler of the resource). 403.
    pub const INSUFFICIENT_PERMISSIONS: &str = "CMN-408";
    /// The access token expired; refresh and retry. 401.
    pub const TOKEN_EXPIRED: &str = "OAU-128";
    /// Wrong JWT assertion, password or refresh token at the token endpoint. 400.
    pub const INVALID_CREDENTIALS: &str = "OAU-140";
    /// Unknown client id or wrong secret at the token endpoint. 400.
    pub const WRONG_APPLICATION: &str = "OAU-120";
    /// No `Authorization` header on an API call. 401.
    pub const AUTHORIZATION_MISSING: &str = "AGW-401";
    /// A bearer token that was never issued, was revoked or cannot be parsed. 401.
    pub const TOKEN_INVALID: &str = "OAU-149";
}

/// The error body of every failed call (`ApiErrorResponseModel`, with the top-level fields the
/// service also sends).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// The main error code, usually that of `errors[0]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Human-readable text; may change or be localized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Every error (usually one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorDetail>,
    /// OAuth 2.0 error (`invalid_grant`, `invalid_client`...), token endpoint only.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "error")]
    pub error: Option<String>,
    /// OAuth 2.0 error description, token endpoint only.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "error_description")]
    pub error_description: Option<String>,
}

/// One error of [`ApiError::errors`] (`ApiErrorWithParameter` plus any extra fields, such as
/// `extensionId` on MSG-427).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// Error code, e.g. `CMN-101`.
    pub error_code: String,
    /// Human-readable text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The parameter at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_name: Option<String>,
    /// The value at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_value: Option<String>,
    /// Any other field, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ApiError {
    /// An envelope with one error whose code and text are repeated at the top level.
    pub fn single(detail: ErrorDetail) -> Self {
        Self {
            error_code: Some(detail.error_code.clone()),
            message: detail.message.clone(),
            errors: vec![detail],
            error: None,
            error_description: None,
        }
    }

    /// The main code: the top-level one, else the first of `errors`.
    pub fn code(&self) -> Option<&str> {
        self.error_code.as_deref().or_else(|| self.errors.first().map(|e| e.error_code.as_str()))
    }

    /// Whether this code appears anywhere in the envelope.
    pub fn has_code(&self, code: &str) -> bool {
        self.error_code.as_deref() == Some(code) || self.errors.iter().any(|e| e.error_code == code)
    }

    /// The `extensionId` of a MSG-427 error: the extension that may not send.
    pub fn not_assigned_extension_id(&self) -> Option<&str> {
        self.errors
            .iter()
            .filter(|e| e.error_code == codes::THREAD_NOT_ASSIGNED)
            .find_map(|e| e.extra.get("extensionId").and_then(Value::as_str))
    }

    /// The `parameterName` of the first error that names one.
    pub fn parameter_name(&self) -> Option<&str> {
        self.errors.iter().find_map(|e| e.parameter_name.as_deref())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let code = self.code().unwrap_or("unknown error");
        let message = self
            .message
            .as_deref()
            .or_else(|| self.errors.first().and_then(|e| e.message.as_deref()))
            .or(self.error_description.as_deref());
        match message {
            Some(m) => write!(f, "{code}: {m}"),
            None => f.write_str(code),
        }
    }
}

impl std::error::Error for ApiError {}

impl ErrorDetail {
    /// An error with a code and a message.
    pub fn new(error_code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { error_code: error_code.into(), message: Some(message.into()), ..Self::default() }
    }

    /// The same error naming the parameter at fault.
    pub fn with_parameter(mut self, name: impl Into<String>, value: Option<String>) -> Self {
        self.parameter_name = Some(name.into());
        self.parameter_value = value;
        self
    }
}

/// A failed call as the server answers it: the HTTP status and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    /// HTTP status.
    pub status: u16,
    /// JSON body (boxed so `Result<_, ErrorResponse>` stays small).
    pub body: Box<ApiError>,
}

impl ErrorResponse {
    /// A response with this status and body.
    pub fn new(status: u16, body: ApiError) -> Self {
        Self { status, body: Box::new(body) }
    }

    /// MSG-427, 403: the thread is not assigned to `extension_id` (the caller) at the moment.
    pub fn thread_not_assigned(extension_id: &str) -> Self {
        let mut detail = ErrorDetail::new(
            codes::THREAD_NOT_ASSIGNED,
            format!("The thread is not assigned to extension [{extension_id}] at the moment."),
        );
        detail.extra.insert("extensionId".to_owned(), Value::String(extension_id.to_owned()));
        Self::new(403, ApiError::single(detail))
    }

    /// CMN-100, 400: a required parameter is missing.
    pub fn missing_parameter(name: &str) -> Self {
        let detail = ErrorDetail::new(codes::MISSING_PARAMETER, format!("Parameter [{name}] is required."))
            .with_parameter(name, None);
        Self::new(400, ApiError::single(detail))
    }

    /// CMN-101, 400: a parameter's value is invalid (the value is echoed when given).
    pub fn invalid_parameter(name: &str, value: Option<&str>) -> Self {
        let detail = ErrorDetail::new(codes::INVALID_PARAMETER, format!("Parameter [{name}] value is invalid."))
            .with_parameter(name, value.map(str::to_owned));
        Self::new(400, ApiError::single(detail))
    }

    /// CMN-102, 404: the resource named by a parameter (e.g. `threadId`) does not exist.
    pub fn not_found(name: &str, value: Option<&str>) -> Self {
        let detail = ErrorDetail::new(codes::NOT_FOUND, format!("Resource for parameter [{name}] is not found."))
            .with_parameter(name, value.map(str::to_owned));
        Self::new(404, ApiError::single(detail))
    }

    /// CMN-301, 429: request rate exceeded (send `Retry-After` beside it).
    pub fn rate_exceeded() -> Self {
        Self::new(429, ApiError::single(ErrorDetail::new(codes::RATE_EXCEEDED, "Request rate exceeded")))
    }

    /// CMN-408, 403: the caller lacks `permission`.
    pub fn insufficient_permissions(permission: &str) -> Self {
        let detail = ErrorDetail::new(codes::INSUFFICIENT_PERMISSIONS, format!("[{permission}] permission required"));
        Self::new(403, ApiError::single(detail))
    }

    /// OAU-128, 401: the access token expired.
    pub fn token_expired() -> Self {
        Self::new(401, ApiError::single(ErrorDetail::new(codes::TOKEN_EXPIRED, "Access token expired")))
    }

    /// OAU-140, 400 (`invalid_grant`): wrong JWT assertion, password or refresh token.
    pub fn invalid_credentials() -> Self {
        Self::oauth(400, codes::INVALID_CREDENTIALS, "invalid_grant", "Invalid resource owner credentials")
    }

    /// OAU-120, 400 (`invalid_client`): unknown client id or wrong secret.
    ///
    /// The project's API map says 400; RingCentral's error table lists 401 for this code.
    pub fn wrong_application() -> Self {
        Self::oauth(400, codes::WRONG_APPLICATION, "invalid_client", "Wrong Application ID")
    }

    /// AGW-401, 401: an API call without an `Authorization` header.
    ///
    /// RingCentral's API gateway answers a missing header with AGW-401 ("Authorization header is
    /// not specified"); an unknown or unparsable token gets [`ErrorResponse::token_invalid`].
    pub fn authorization_missing() -> Self {
        let detail = ErrorDetail::new(codes::AUTHORIZATION_MISSING, "Authorization header is not specified");
        Self::new(401, ApiError::single(detail))
    }

    /// OAU-149, 401: a bearer token that was never issued, was revoked, or cannot be parsed.
    ///
    /// RingCentral documents OAU-149 as "Unparsable access token" and sends it for invalid
    /// tokens; clients treat it as "log in again", unlike OAU-128 which means "refresh".
    pub fn token_invalid() -> Self {
        Self::new(401, ApiError::single(ErrorDetail::new(codes::TOKEN_INVALID, "OAuth token is invalid")))
    }

    /// An OAuth endpoint error: RingCentral code plus the OAuth 2.0 `error` fields.
    fn oauth(status: u16, code: &str, error: &str, description: &str) -> Self {
        let mut body = ApiError::single(ErrorDetail::new(code, description));
        body.error = Some(error.to_owned());
        body.error_description = Some(description.to_owned());
        Self::new(status, body)
    }

    /// The main error code of the body.
    pub fn code(&self) -> Option<&str> {
        self.body.code()
    }
}

impl std::fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.body)
    }
}

impl std::error::Error for ErrorResponse {}
