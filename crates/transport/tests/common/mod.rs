//! Helpers of the tests against the in-process mock: a logged-in client, the control API.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as Raw;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rcthreads_mock::MockServer;
use rcthreads_transport::{Client, RetryPolicy};
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::message::NewThreadMessageRequest;
use serde_json::Value;

pub const CLIENT_ID: &str = "mock-client-id";
pub const CLIENT_SECRET: &str = "mock-client-secret";
/// The Financial Advising Queue's number (SmsSender and MmsSender).
pub const QUEUE: &str = "+15559870001";
/// A customer.
pub const CUSTOMER: &str = "+16502240001";

/// A client of the mock with a retry policy that keeps tests fast.
pub fn client(mock: &MockServer) -> Client {
    Client::builder()
        .server(mock.url())
        .credentials(CLIENT_ID, CLIENT_SECRET)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::default().max_retries(2).max_wait(Duration::from_secs(2)))
        .build()
        .expect("client")
}

/// A client logged in with `jwt` (`jwt-101` is Wayne T).
pub async fn login(mock: &MockServer, jwt: &str) -> Client {
    let c = client(mock);
    c.login_jwt(jwt).await.expect("login");
    c
}

/// A mock and Wayne T's client.
pub async fn wayne() -> (MockServer, Client) {
    let mock = MockServer::start().await.expect("mock");
    let c = login(&mock, "jwt-101").await;
    (mock, c)
}

/// A text from `from` to `to`.
pub fn text(from: &str, to: &str, text: &str) -> NewThreadMessageRequest {
    NewThreadMessageRequest::new(from, to, text)
}

/// A call to the mock's control API; the JSON answer (Null when empty).
pub async fn control(mock: &MockServer, method: &str, path: &str, body: Option<Value>) -> Value {
    let raw: Raw<HttpConnector, Full<Bytes>> = Raw::builder(TokioExecutor::new()).build_http();
    let body = body.map(|b| serde_json::to_vec(&b).unwrap()).unwrap_or_default();
    let req = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", mock.url()))
        .header("Content-Type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let resp = raw.request(req).await.expect("control request");
    assert!(resp.status().is_success(), "{method} {path}: {}", resp.status());
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap() }
}

/// Injects a fault (`{"type": "rateLimit", "retryAfter": 1}`...) for the next request.
pub async fn fault(mock: &MockServer, fault: Value) {
    control(mock, "POST", "/mock/v1/faults", Some(serde_json::json!({ "fault": fault }))).await;
}

/// The journal: (method, path, status) of every API request so far.
pub async fn journal(mock: &MockServer) -> Vec<(String, String, u16)> {
    let j = control(mock, "GET", "/mock/v1/requests", None).await;
    j["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
                r["status"].as_u64().unwrap() as u16,
            )
        })
        .collect()
}

/// How many journaled requests had this method and a path ending with `suffix`.
pub async fn count(mock: &MockServer, method: &str, suffix: &str) -> usize {
    journal(mock).await.iter().filter(|(m, p, _)| m == method && p.ends_with(suffix)).count()
}

/// A loopback server that answers each request with the next of `answers` (status and JSON
/// body), and 404 once they run out: for answers the mock does not give. Returns its URL and
/// the requests it has seen ("GET /restapi/...").
pub async fn scripted(answers: Vec<(u16, String)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let answers = Arc::new(Mutex::new(VecDeque::from(answers)));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| async move {
        log.lock().unwrap().push(format!("{} {}", request.method(), request.uri().path()));
        let (status, body) =
            answers.lock().unwrap().pop_front().unwrap_or_else(|| envelope(&ErrorResponse::not_found("path", None)));
        let status = http::StatusCode::from_u16(status).expect("a status");
        (status, [(http::header::CONTENT_TYPE, "application/json")], body)
    });
    (serve(app).await, seen)
}

/// Serves `app` on a loopback port of its own; returns its URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// An error answer as the status and body a scripted server sends.
pub fn envelope(e: &ErrorResponse) -> (u16, String) {
    (e.status, serde_json::to_string(&e.body).expect("an envelope"))
}

/// A token answer as the token endpoint gives it.
pub fn token_json(access_token: &str) -> String {
    format!(
        r#"{{"access_token":"{access_token}","token_type":"bearer","expires_in":3600,"refresh_token":"r-{access_token}","refresh_token_expires_in":604800,"scope":"SMS"}}"#
    )
}

/// A client of `url` (a scripted server) holding the session of access token `a1`, without a
/// login.
pub fn holding_a1(url: &str) -> Client {
    let c = Client::builder().server(url).credentials("a", "b").build().expect("client");
    c.set_token(serde_json::from_str(&token_json("a1")).expect("a token"));
    c
}
