//! A small HTTP client for the mock's integration tests: real requests over loopback to an
//! in-process server.
#![allow(dead_code)]

pub mod webhook;
pub mod ws;

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
/// The account's own extension paths.
pub const EXT: &str = "/restapi/v1.0/account/~/extension";

/// Mock Advisory LLC.
pub const ACCOUNT_ID: &str = "37439510";
/// Other Corp.
pub const OTHER_ACCOUNT_ID: &str = "48550620";
/// Wayne T (101), super admin, handler of the queue and the main site.
pub const WAYNE: &str = "696658052";
/// Beth S (102), handler of the queue and Site 01.
pub const BETH: &str = "696667052";
/// Federick J (103), handler of the queue.
pub const FEDERICK: &str = "696676052";
/// Sam R (104), handler of the queue and the Billing Queue.
pub const SAM: &str = "710403052";
/// Nora N (105), handles nothing.
pub const NORA: &str = "710405052";
/// Dave D (106), Disabled.
pub const DAVE: &str = "710406052";
/// Olga O (201) of Other Corp.
pub const OLGA: &str = "810201052";
/// The Financial Advising Queue (11601).
pub const QUEUE_ID: &str = "62284871234";
/// The Billing Queue (11602).
pub const BILLING_ID: &str = "62498880001";
/// The main site.
pub const MAIN_SITE_ID: &str = "497120052";
/// Site 01 (30001).
pub const SITE_01_ID: &str = "497128052";
/// IVR Menu 1002 (main site).
pub const IVR_1002_ID: &str = "497134052";
/// IVR Menu 3002 (Site 01).
pub const IVR_3002_ID: &str = "497136052";
/// Other Corp's Support Queue.
pub const SUPPORT_QUEUE_ID: &str = "82160100001";
/// The Billing Queue's number.
pub const BILLING: &str = "+12092480001";
/// The main company number.
pub const MAIN_NUMBER: &str = "+16505550100";
/// The main site's other company number.
pub const COMPANY_NUMBER: &str = "+16505550101";
/// Site 01's number.
pub const SITE_01: &str = "+16575050001";
/// IVR Menu 3002's number (Site 01's).
pub const IVR_3002: &str = "+16575050002";
/// Wayne's direct number.
pub const WAYNE_DIRECT: &str = "+16505550111";
/// Nora's direct number.
pub const NORA_DIRECT: &str = "+16505550115";
/// Dave's direct number.
pub const DAVE_DIRECT: &str = "+16505550116";
/// Other Corp's Support Queue number.
pub const SUPPORT_QUEUE: &str = "+13125550001";
/// Another customer.
pub const CUSTOMER_3: &str = "+16502240003";

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
    pub client: Client<HttpConnector, Full<Bytes>>,
}

impl Api {
    /// Not logged in.
    pub fn anonymous(mock: &MockServer) -> Self {
        Self::at(mock.url())
    }

    /// Not logged in, to a server at `base` (such as the binary started by a test).
    pub fn at(base: String) -> Self {
        Self { base, token: None, refresh_token: None, client: Client::builder(TokioExecutor::new()).build_http() }
    }

    /// Logged in with a JWT assertion such as `jwt-101`.
    pub async fn login(mock: &MockServer, jwt: &str) -> Self {
        let mut api = Self::anonymous(mock);
        let r = api
            .token_form(&format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={jwt}"))
            .await;
        assert_eq!(r.status, 200, "login with {jwt}: {}", String::from_utf8_lossy(&r.bytes));
        let j = r.json();
        api.token = Some(j["access_token"].as_str().unwrap().to_owned());
        api.refresh_token = Some(j["refresh_token"].as_str().unwrap().to_owned());
        api
    }

    /// POST /restapi/oauth/token with the app's Basic credentials.
    pub async fn token_form(&self, form: &str) -> Reply {
        self.token_form_with(BASIC, form).await
    }

    /// A token request with the given `Authorization` header.
    pub async fn token_form_with(&self, authorization: &str, form: &str) -> Reply {
        self.send(
            "POST",
            "/restapi/oauth/token",
            Some("application/x-www-form-urlencoded"),
            form.as_bytes().to_vec(),
            &[("Authorization", authorization)],
        )
        .await
    }

    /// Any request.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Reply {
        self.try_send(method, path, content_type, body, headers).await.expect("request")
    }

    /// Any request; a transport failure (such as a dropped connection) is an `Err`.
    pub async fn try_send(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Result<Reply, String> {
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
        let resp =
            self.client.request(req.body(Full::new(Bytes::from(body))).unwrap()).await.map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok(Reply { status, headers, bytes })
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
        self.post(
            &format!("{MT}/messages"),
            serde_json::json!({"from": {"phoneNumber": from}, "to": [{"phoneNumber": to}], "text": text}),
        )
        .await
    }

    /// Sends into a given thread.
    pub async fn reply(&self, thread_id: &str, from: &str, to: &str, text: &str) -> Reply {
        self.post(
            &format!("{MT}/messages"),
            serde_json::json!({"threadId": thread_id, "from": {"phoneNumber": from}, "to": [{"phoneNumber": to}], "text": text}),
        )
        .await
    }

    /// Assigns a thread (`None` unassigns).
    pub async fn assign(&self, thread_id: &str, assignee: Option<&str>) -> Reply {
        let body = match assignee {
            Some(id) => serde_json::json!({"assignee": {"extensionId": id}}),
            None => serde_json::json!({"assignee": null}),
        };
        self.post(&format!("{MT}/{thread_id}/assign"), body).await
    }

    /// Resolves a thread (no body, as the SDK sample does).
    pub async fn resolve(&self, thread_id: &str) -> Reply {
        self.send("POST", &format!("{MT}/{thread_id}/resolve"), None, Vec::new(), &[]).await
    }

    /// Reads a thread.
    pub async fn thread(&self, thread_id: &str) -> Reply {
        self.get(&format!("{MT}/{thread_id}")).await
    }

    /// Lists threads with a raw query (`""` for none); asserts 200.
    pub async fn threads(&self, query: &str) -> Value {
        let r = self.get(&format!("{MT}?{query}")).await;
        assert_eq!(r.status, 200, "list threads: {}", String::from_utf8_lossy(&r.bytes));
        r.json()
    }

    /// How many alive threads the caller sees.
    pub async fn thread_count(&self) -> usize {
        self.threads("").await["records"].as_array().unwrap().len()
    }

    // The control API.

    /// A customer texts a shared number.
    pub async fn inbound(&self, from: &str, to: &str, text: &str) -> Reply {
        self.post("/mock/v1/inbound", serde_json::json!({"from": from, "to": to, "text": text})).await
    }

    /// A customer texts in; returns the new message's thread id.
    pub async fn inbound_thread(&self, from: &str, to: &str, text: &str) -> String {
        let r = self.inbound(from, to, text).await;
        assert_eq!(r.status, 200, "inbound: {}", String::from_utf8_lossy(&r.bytes));
        r.json()["threadId"].as_str().unwrap().to_owned()
    }

    /// Moves the mock clock forward.
    pub async fn advance(&self, seconds: i64) -> Value {
        let r = self.post("/mock/v1/clock", serde_json::json!({"advanceSeconds": seconds})).await;
        assert_eq!(r.status, 200, "advance: {}", String::from_utf8_lossy(&r.bytes));
        r.json()
    }
}

/// Sends a first message and returns its thread id (asserting success).
pub async fn start_thread(api: &Api, from: &str, to: &str, text: &str) -> String {
    let r = api.send_message(from, to, text).await;
    assert_eq!(r.status, 200, "send: {}", String::from_utf8_lossy(&r.bytes));
    r.json()["threadId"].as_str().unwrap().to_owned()
}

/// A mock with the built-in accounts.
pub async fn mock() -> MockServer {
    MockServer::start().await.expect("mock starts")
}

/// A `multipart/form-data` body: (name, file name, content type, bytes) per part.
pub fn multipart(parts: &[(&str, Option<&str>, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "rcthreads-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file, ct, data) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n").as_bytes()),
        }
        body.extend_from_slice(format!("Content-Type: {ct}\r\n\r\n").as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The ids of a list's records.
pub fn ids(list: &Value) -> Vec<String> {
    list["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

/// An id as text, whether the API writes it as a JSON string or number (as the SDK types say).
pub fn id_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("not an id: {other}"),
    }
}
