//! Helpers of the tests against the in-process mock: a logged-in client, the control API.
#![allow(dead_code)]

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as Raw;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rcthreads_mock::MockServer;
use rcthreads_transport::{Client, RetryPolicy};
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
/// the request lines it has seen ("GET /restapi/...").
pub async fn scripted(answers: Vec<(u16, String)>) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&seen);
    tokio::spawn(async move {
        let mut answers = answers.into_iter();
        while let Ok((mut socket, _)) = listener.accept().await {
            // One request per connection: read the head, then the body it announces.
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            let head_end = loop {
                if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                    break at + 4;
                }
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break 0,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            };
            if head_end == 0 {
                continue;
            }
            let head = String::from_utf8_lossy(&request[..head_end]).to_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while request.len() < head_end + length {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let line = String::from_utf8_lossy(&request).lines().next().unwrap_or_default().to_owned();
            log.lock().unwrap().push(line.rsplit_once(' ').map_or(line.clone(), |(l, _)| l.to_owned()));
            let (status, body) = answers.next().unwrap_or((404, r#"{"errorCode":"CMN-102"}"#.into()));
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, seen)
}

/// A token answer as the token endpoint gives it.
pub fn token_json(access_token: &str) -> String {
    format!(
        r#"{{"access_token":"{access_token}","token_type":"bearer","expires_in":3600,"refresh_token":"r-{access_token}","refresh_token_expires_in":604800,"scope":"SMS"}}"#
    )
}
