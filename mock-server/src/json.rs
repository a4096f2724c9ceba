//! JSON responses serialized into one contiguous buffer: much cheaper for large lists than
//! writing token by token into a growing `BytesMut`, which is what axum's `Json` does.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::Failure;

/// A JSON response body (`Content-Type: application/json`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => {
                let mut r = body.into_response();
                r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                r
            }
            Err(e) => Failure::new(500, "CMN-500", format!("Cannot render the response: {e}")).into_response(),
        }
    }
}
