//! A webhook receiver for tests of event delivery.

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::{Api, Reply};

/// A delivery the receiver got.
#[derive(Debug)]
pub struct Delivery {
    pub headers: HeaderMap,
    pub body: Value,
}

/// A webhook receiver on a free port: echoes `Validation-Token` when `echo`, and forwards every
/// event it receives.
pub async fn receiver(echo: bool) -> (String, mpsc::UnboundedReceiver<Delivery>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let tx = tx.clone();
            async move {
                if let Some(token) = headers.get("Validation-Token").cloned() {
                    let mut h = HeaderMap::new();
                    if echo {
                        h.insert("Validation-Token", token);
                    }
                    return (StatusCode::OK, h);
                }
                let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let _ = tx.send(Delivery { headers, body });
                (StatusCode::OK, HeaderMap::new())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hook"), rx)
}

pub async fn subscribe(api: &Api, address: &str, token: &str) -> Reply {
    subscribe_for(api, address, token, 3600).await
}

/// Subscribes to thread and message events for `expires_in` seconds of the mock's clock.
pub async fn subscribe_for(api: &Api, address: &str, token: &str, expires_in: u32) -> Reply {
    api.post(
        "/restapi/v1.0/subscription",
        json!({
            "eventFilters": [
                "/restapi/v1.0/account/~/message-threads/sync",
                "/restapi/v1.0/account/~/message-threads/entries/sync"
            ],
            "deliveryMode": {"transportType": "WebHook", "address": address, "verificationToken": token},
            "expiresIn": expires_in
        }),
    )
    .await
}

pub async fn next(rx: &mut mpsc::UnboundedReceiver<Delivery>) -> Delivery {
    tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("a delivery").expect("open channel")
}
