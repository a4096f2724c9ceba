//! A small HTTP client for the mock's integration tests: real requests over loopback to an
//! in-process server.
#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::HeaderMap;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rcthreads_mock::MockServer;
use serde_json::Value;

/// base64("mock-client-id:mock-client-secret")
pub const BASIC: &str = "Basic bW9jay1jbGllbnQtaWQ6bW9jay1jbGllbnQtc2VjcmV0";
/// The Financial Advising Queue's number.
pub const QUEUE: &str = "+15559870001";
/// A customer.
pub const CUSTOMER: &str = "+16502240001";
/// Another customer.
pub const CUSTOMER_2: &str = "+16502240002";
/// The thread messaging base path.
pub const MT: &str = "/restapi/v1.0/account/~/message-threads";

/// An answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub bytes: Bytes,
}

impl Reply {
    /// The body as JSON (Null when empty).
    pub fn json(&self) -> Value {
        if self.bytes.is_empty() { Value::Null } else { serde_json::from_slice(&self.bytes).expect("JSON body") }
    }

    /// The error code of an envelope.
    pub fn code(&self) -> String {
        self.json()["errorCode"].as_str().unwrap_or_default().to_owned()
    }

    /// `errors[0].parameterName`.
    pub fn parameter(&self) -> String {
        self.json()["errors"][0]["parameterName"].as_str().unwrap_or_default().to_owned()
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|h| h.to_str().ok()).map(str::to_owned)
    }
}

/// A client of the mock, optionally logged in.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub token: Option<String>,
    pub refresh_token: Option<String>,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Api {
    /// Not logged in.
    pub fn anonymous(mock: &MockServer) -> Self {
        Self { base: mock.url(), token: None, refresh_token: None, client: Client::builder(TokioExecutor::new()).build_http() }
    }

    /// Logged in with a JWT assertion such as `jwt-101`.
    pub async fn login(mock: &MockServer, jwt: &str) -> Self {
        let mut api = Self::anonymous(mock);
        let r = api.token_form(&format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={jwt}")).await;
        assert_eq!(r.status, 200, "login with {jwt}: {}", String::from_utf8_lossy(&r.bytes));
        let j = r.json();
        api.token = Some(j["access_token"].as_str().unwrap().to_owned());
        api.refresh_token = Some(j["refresh_token"].as_str().unwrap().to_owned());
        api
    }

    /// POST /restapi/oauth/token with the app's Basic credentials.
    pub async fn token_form(&self, form: &str) -> Reply {
        self.send("POST", "/restapi/oauth/token", Some("application/x-www-form-urlencoded"), form.as_bytes().to_vec(), &[("Authorization", BASIC)]).await
    }

    /// Any request.
    pub async fn send(&self, method: &str, path: &str, content_type: Option<&str>, body: Vec<u8>, headers: &[(&str, &str)]) -> Reply {
        let mut req = hyper::Request::builder().method(method).uri(format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization")) {
                req = req.header("Authorization", format!("Bearer {t}"));
            }
        }
        if let Some(ct) = content_type {
            req = req.header("Content-Type", ct);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = self.client.request(req.body(Full::new(Bytes::from(body))).unwrap()).await.expect("request");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Reply { status, headers, bytes }
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Reply {
        self.send("GET", path, None, Vec::new(), &[]).await
    }

    /// A JSON request.
    pub async fn json(&self, method: &str, path: &str, body: Value) -> Reply {
        self.send(method, path, Some("application/json"), serde_json::to_vec(&body).unwrap(), &[]).await
    }

    /// POST JSON.
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.json("POST", path, body).await
    }

    /// DELETE without a body.
    pub async fn delete(&self, path: &str) -> Reply {
        self.send("DELETE", path, None, Vec::new(), &[]).await
    }

    /// Sends a thread message from `from` to `to`.
    pub async fn send_message(&self, from: &str, to: &str, text: &str) -> Reply {
        self.post(&format!("{MT}/messages"), serde_json::json!({"from": {"phoneNumber": from}, "to": [{"phoneNumber": to}], "text": text})).await
    }
}
