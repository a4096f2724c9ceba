//! The address a client reached the mock at. RingCentral's records carry absolute links
//! (`uri`, `contentUri`); the mock writes them on the address the request came to, so that a
//! client follows them back to the same mock, over TLS when the mock serves TLS.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::link::{BaseUrl, Links};

use crate::error::Failure;
use crate::state::AppState;

/// The base of the request's links: `http[s]://` and its `Host` header. A `ClientRequest` of
/// the WebSocket gateway carries the base its connection was opened at. A request without a
/// host is 400 `Host` missing, one whose host is not a `host[:port]` 400 `Host` invalid.
#[derive(Debug, Clone)]
pub struct RequestBase(pub BaseUrl);

impl RequestBase {
    /// The links of account `account` under this base.
    pub fn links(&self, account: impl std::fmt::Display) -> Links {
        Links::new(self.0.clone(), account)
    }
}

impl FromRequestParts<Arc<AppState>> for RequestBase {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Failure> {
        if let Some(base) = parts.extensions.get::<BaseUrl>() {
            return Ok(Self(base.clone()));
        }
        let host = match parts.headers.get(header::HOST) {
            Some(h) => h.to_str().ok(),
            None => Some(parts.uri.authority().map(|a| a.as_str()).ok_or_else(missing)?),
        };
        host.and_then(|h| BaseUrl::new(state.settings.tls.is_some(), h).ok())
            .map(Self)
            .ok_or_else(|| ErrorResponse::invalid_parameter("Host", None).into())
    }
}

fn missing() -> Failure {
    ErrorResponse::missing_parameter("Host").into()
}
