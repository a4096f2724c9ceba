//! JSON responses serialized into one contiguous buffer: much cheaper for large lists than
//! writing token by token into a growing `BytesMut`, which is what axum's `Json` does.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{Failure, mock_codes};

/// A value answered as JSON (`Content-Type: application/json`), rendered into one buffer.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonResponse<T>(pub T);

impl<T: Serialize> IntoResponse for JsonResponse<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => {
                let mut r = body.into_response();
                r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                r
            }
            Err(e) => Failure::new(500, mock_codes::INTERNAL_ERROR, format!("Cannot render the response: {e}"))
                .into_response(),
        }
    }
}
