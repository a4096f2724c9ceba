//! Request extractors: the authenticated caller, and JSON and multipart bodies with
//! RingCentral-style errors. The account scope of a path is [`crate::scope`]'s.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::header;
use axum::http::request::Parts;
use rcthreads_domain::{ExtensionId, NewAttachment, Timestamp};
use rcthreads_wire::error::ErrorResponse;
use serde::de::DeserializeOwned;

use crate::auth::{TokenRefusal, bearer};
use crate::error::Failure;
use crate::state::{Account, AppState, lock};

/// The largest request body accepted.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The user an access token belongs to.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The account's key in the state.
    pub account: usize,
    /// The user.
    pub extension: ExtensionId,
    /// The account's time the request is handled at.
    pub now: Timestamp,
    /// The account, held so that a request in flight finishes on it even if its tenant is
    /// deleted meanwhile.
    pub home: Arc<Account>,
}

impl Caller {
    /// The caller of a user of an account, at the account's time; `None` when the account no
    /// longer exists.
    pub fn of(state: &AppState, account: usize, extension: ExtensionId) -> Option<Self> {
        let home = state.accounts.get(account)?;
        Some(Self { account, extension, now: home.now(), home })
    }

    /// The caller of a bearer token, its lifetime measured on its account's clock.
    pub fn from_token(state: &AppState, token: &str) -> Result<Self, TokenRefusal> {
        let sessions = lock(&state.sessions);
        let account = sessions.account_of(token).ok_or(TokenRefusal::Invalid)?;
        let home = state.accounts.get(account).ok_or(TokenRefusal::Invalid)?;
        let now = home.now();
        let s = sessions.check(token, now)?;
        Ok(Self { account, extension: s.extension, now, home })
    }
}

/// Maps a refused token to the answer the SDKs expect.
pub fn refusal(r: TokenRefusal) -> Failure {
    match r {
        TokenRefusal::Missing => ErrorResponse::authorization_missing().into(),
        TokenRefusal::Invalid => ErrorResponse::token_invalid().into(),
        TokenRefusal::Expired => ErrorResponse::token_expired().into(),
    }
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Failure> {
        // The rate-limit layer has already checked the token.
        if let Some(c) = parts.extensions.get::<Caller>() {
            return Ok(c.clone());
        }
        let header = parts.headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok());
        let token = bearer(header).map_err(refusal)?;
        Caller::from_token(state, token).map_err(refusal)
    }
}

/// A JSON body, refused with an error envelope when it is not JSON, not of the expected
/// shape, or over [`BODY_LIMIT`].
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

/// Whether a content type is JSON (parameters such as `charset` allowed).
pub fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|c| c.split(';').next())
        .map(str::trim)
        .is_some_and(|c| c.eq_ignore_ascii_case("application/json") || c.to_ascii_lowercase().ends_with("+json"))
}

/// Reads a whole body within the limit.
pub async fn read_body(req: Request) -> Result<bytes::Bytes, Failure> {
    let body = req.into_body();
    axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| Failure::too_large(BODY_LIMIT))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, _: &S) -> Result<Self, Failure> {
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok());
        if !is_json(ct) {
            return Err(Failure::unsupported_media_type("application/json"));
        }
        let bytes = read_body(req).await?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(Failure::bad_json)
    }
}

/// Whether a multipart part carries the request's JSON: `metadata` (thread messaging), `json`
/// (classic), or `request.json`, the name `@rc-ex/core` gives it on every multipart request.
pub fn is_json_part(name: &str) -> bool {
    matches!(name, "metadata" | "json" | "request.json")
}

/// Whether a content type is `multipart/form-data`.
pub fn is_multipart(content_type: &str) -> bool {
    content_type.to_ascii_lowercase().starts_with("multipart/form-data")
}

/// What a multipart request may carry beside its JSON part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherParts {
    /// Nothing: any other part is refused.
    Refused,
    /// Files, kept as attachments in the order sent.
    Attachments,
}

/// A `multipart/form-data` body read: the request's JSON part (the first part [`is_json_part`]
/// names) if there was one, and the other parts as attachments.
#[derive(Debug)]
pub struct Form<T> {
    /// The JSON part, read.
    pub request: Option<T>,
    /// The other parts (always empty under [`OtherParts::Refused`]).
    pub attachments: Vec<NewAttachment>,
}

impl<T: DeserializeOwned> Form<T> {
    /// Reads a multipart body; a part `others` does not allow is refused before it is read.
    pub async fn read<S: Send + Sync>(req: Request, state: &S, others: OtherParts) -> Result<Self, Failure> {
        let mut parts = Multipart::from_request(req, state).await.map_err(Failure::bad_body)?;
        let mut form = Form { request: None, attachments: Vec::new() };
        while let Some(part) = parts.next_field().await.map_err(Failure::bad_body)? {
            let name = part.name().unwrap_or_default().to_owned();
            let is_request = is_json_part(&name) && form.request.is_none();
            if !is_request && others == OtherParts::Refused {
                return Err(Failure::bad_body(format!("unexpected multipart part `{name}`")));
            }
            let file_name = part.file_name().map(str::to_owned);
            let content_type = part.content_type().map(str::to_owned);
            let data = part.bytes().await.map_err(Failure::bad_body)?;
            if is_request {
                form.request = Some(serde_json::from_slice(&data).map_err(Failure::bad_json)?);
            } else {
                form.attachments.push(NewAttachment {
                    content_type: content_type.unwrap_or_else(|| "application/octet-stream".into()),
                    file_name,
                    data: data.to_vec(),
                });
            }
        }
        Ok(form)
    }
}

/// A JSON body, or a `multipart/form-data` body whose JSON part (see [`is_json_part`]) is the
/// request: `@rc-ex/core` sends even a text-only SMS as multipart. Other parts are refused.
#[derive(Debug, Clone)]
pub struct JsonOrMultipart<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequest<S> for JsonOrMultipart<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok()).unwrap_or_default();
        if !is_multipart(ct) {
            return ApiJson::from_request(req, state).await.map(|ApiJson(v)| JsonOrMultipart(v));
        }
        let form = Form::read(req, state, OtherParts::Refused).await?;
        form.request.map(JsonOrMultipart).ok_or_else(|| ErrorResponse::missing_parameter("request.json").into())
    }
}

/// A JSON body that may be absent (e.g. `POST .../resolve` sent with no body at all).
#[derive(Debug, Clone)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, _: &S) -> Result<Self, Failure> {
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok()).map(str::to_owned);
        let bytes = read_body(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        if !is_json(ct.as_deref()) {
            return Err(Failure::unsupported_media_type("application/json"));
        }
        serde_json::from_slice(&bytes).map(|v| OptionalJson(Some(v))).map_err(Failure::bad_json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        assert!(is_json(Some("application/json")));
        assert!(is_json(Some("application/json; charset=UTF-8")));
        assert!(is_json(Some("Application/JSON")));
        assert!(is_json(Some("application/vnd.api+json")));
        assert!(!is_json(Some("text/plain")));
        assert!(!is_json(None));
    }
}
