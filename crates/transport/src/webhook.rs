//! Helpers for a webhook receiver, over the `http` crate's types (any server framework has them).
//!
//! When a `WebHook` subscription is created, RingCentral first POSTs to its address with a
//! `Validation-Token` header, which the receiver must echo with 200 within 3 s
//! ([`validation_response`]). Each delivery then carries the subscription's `verificationToken`
//! in `Verification-Token`, which the receiver checks before trusting the body ([`verify`]), and
//! reads with [`parse`].
//!
//! ```
//! use rcthreads_transport::webhook;
//!
//! fn handle(request: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
//!     if let Some(answer) = webhook::validation_response(request.headers()) {
//!         return answer; // the creation handshake
//!     }
//!     if !webhook::verify(request.headers(), "my-verification-token") {
//!         return http::Response::builder().status(401).body(Vec::new()).unwrap();
//!     }
//!     if let Ok(event) = webhook::parse(request.body()) {
//!         println!("{event:?}");
//!     }
//!     http::Response::new(Vec::new())
//! }
//! ```

use http::{HeaderMap, Response, StatusCode};
use rcthreads_wire::subscription::{Notification, VALIDATION_TOKEN_HEADER, VERIFICATION_TOKEN_HEADER};
use subtle::ConstantTimeEq as _;

use crate::push::PushEvent;

/// The answer to a validation request: 200 echoing its `Validation-Token`. `None` when the
/// request carries no such header (it is a delivery, not a validation).
pub fn validation_response<B: Default>(headers: &HeaderMap) -> Option<Response<B>> {
    let token = headers.get(VALIDATION_TOKEN_HEADER)?;
    let mut response = Response::new(B::default());
    *response.status_mut() = StatusCode::OK;
    response.headers_mut().insert(VALIDATION_TOKEN_HEADER, token.clone());
    Some(response)
}

/// Whether a delivery carries exactly `expected` in `Verification-Token` (compared in constant
/// time, so a guesser learns nothing from how long a refusal takes). Missing, repeated or empty
/// headers, and an empty `expected`, never verify.
pub fn verify(headers: &HeaderMap, expected: &str) -> bool {
    let mut values = headers.get_all(VERIFICATION_TOKEN_HEADER).iter();
    let (Some(value), None) = (values.next(), values.next()) else { return false };
    !expected.is_empty() && bool::from(value.as_bytes().ct_eq(expected.as_bytes()))
}

/// Reads a delivery's body as an event.
pub fn parse(body: &[u8]) -> Result<PushEvent, serde_json::Error> {
    serde_json::from_slice::<Notification>(body).map(PushEvent::from_notification)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn a_validation_request_is_echoed_and_a_delivery_is_not() {
        let mut headers = HeaderMap::new();
        assert!(validation_response::<()>(&headers).is_none());
        headers.insert("validation-token", HeaderValue::from_static("3f2a-77"));
        let answer = validation_response::<String>(&headers).unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.headers()[VALIDATION_TOKEN_HEADER], "3f2a-77");
        assert_eq!(answer.body(), "");
    }

    #[test]
    fn only_the_exact_verification_token_verifies() {
        let with = |values: &[&'static str]| {
            let mut h = HeaderMap::new();
            for v in values {
                h.append(VERIFICATION_TOKEN_HEADER, HeaderValue::from_static(v));
            }
            h
        };
        assert!(verify(&with(&["s3cret"]), "s3cret"));
        for (headers, expected) in [
            (with(&[]), "s3cret"),
            (with(&["s3cret"]), "s3cre"),
            (with(&["s3cre"]), "s3cret"),
            (with(&["S3CRET"]), "s3cret"),
            (with(&["s3cret", "s3cret"]), "s3cret"),
            (with(&[""]), ""),
        ] {
            assert!(!verify(&headers, expected), "{headers:?} vs {expected:?}");
        }
    }

    #[test]
    fn a_delivery_body_reads_as_an_event() {
        let body = br#"{"uuid":"u","event":"/restapi/v1.0/account/1/message-threads/entries/sync","ownerId":"7",
            "subscriptionId":"s","timestamp":"2026-03-12T21:06:33.706Z","body":{"lastModifiedTime":"2026-03-12T21:06:33.706Z"}}"#;
        let PushEvent::Entries(n) = parse(body).unwrap() else { panic!("an entries event") };
        assert_eq!((n.owner_id.as_deref(), n.subscription_id.as_str()), (Some("7"), "s"));
        assert!(parse(b"{}").is_err());
    }
}
