//! Webhook deliveries: in order per subscription, and a failed POST is tried again.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::*;
use rcthreads_mock::MockServer;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// Far beyond any delivery and its retries; reaching it is a failure, not a measurement.
const PATIENCE: Duration = Duration::from_secs(30);

/// A receiver that answers 503 to the first `failures` events it gets (validation requests are
/// answered), and forwards every event it accepts, with the number of the attempt.
async fn flaky_receiver(failures: usize) -> (String, mpsc::UnboundedReceiver<(usize, Value)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let attempts = Arc::new(AtomicUsize::new(0));
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let (tx, attempts) = (tx.clone(), Arc::clone(&attempts));
            async move {
                if let Some(token) = headers.get("Validation-Token").cloned() {
                    let mut h = HeaderMap::new();
                    h.insert("Validation-Token", token);
                    return (StatusCode::OK, h);
                }
                let attempt = attempts.fetch_add(1, Ordering::SeqCst);
                if attempt < failures {
                    return (StatusCode::SERVICE_UNAVAILABLE, HeaderMap::new());
                }
                let _ = tx.send((attempt, serde_json::from_slice(&body).unwrap_or(Value::Null)));
                (StatusCode::OK, HeaderMap::new())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hook"), rx)
}

/// Wayne subscribes to message (entries) events only: one event per inbound text.
async fn subscribe_entries(wayne: &Api, address: &str) {
    let r = wayne
        .post(
            "/restapi/v1.0/subscription",
            json!({
                "eventFilters": ["/restapi/v1.0/account/~/message-threads/entries/sync"],
                "deliveryMode": {"transportType": "WebHook", "address": address},
                "expiresIn": 3600
            }),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.json());
}

async fn next(rx: &mut mpsc::UnboundedReceiver<(usize, Value)>) -> (usize, Value) {
    tokio::time::timeout(PATIENCE, rx.recv()).await.expect("a delivery in time").expect("open")
}

fn time(event: &Value) -> chrono::DateTime<chrono::Utc> {
    let text = event["body"]["lastModifiedTime"].as_str().expect("lastModifiedTime");
    chrono::DateTime::parse_from_rfc3339(text).expect("RFC 3339").to_utc()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_arrive_in_the_order_they_happened() {
    let mock = MockServer::start().await.unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    let (address, mut rx) = flaky_receiver(0).await;
    subscribe_entries(&wayne, &address).await;

    const EVENTS: usize = 60;
    let mut sent = Vec::new();
    for i in 0..EVENTS {
        mock.advance_clock(1);
        let m = mock.inbound(CUSTOMER, QUEUE, &format!("text {i}")).await.unwrap();
        sent.push(m.last_modified_time);
    }
    let mut received = Vec::new();
    for _ in 0..EVENTS {
        received.push(time(&next(&mut rx).await.1));
    }
    assert_eq!(received, sent, "every event, in order");
}

#[tokio::test]
async fn a_receiver_that_fails_once_gets_the_event_again_and_the_next_after_it() {
    let mock = MockServer::start().await.unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    let (address, mut rx) = flaky_receiver(1).await;
    subscribe_entries(&wayne, &address).await;

    mock.advance_clock(1);
    let first = mock.inbound(CUSTOMER, QUEUE, "first").await.unwrap();
    mock.advance_clock(1);
    let second = mock.inbound(CUSTOMER, QUEUE, "second").await.unwrap();

    let (attempt, event) = next(&mut rx).await;
    assert_eq!(attempt, 1, "the first attempt was refused; this is the retry");
    assert_eq!(time(&event), first.last_modified_time);
    let (_, event) = next(&mut rx).await;
    assert_eq!(time(&event), second.last_modified_time);
}
