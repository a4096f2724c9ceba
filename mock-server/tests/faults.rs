//! Fault injection through the control API.

mod common;
use common::*;
use serde_json::json;

async fn add(api: &Api, spec: serde_json::Value) -> u64 {
    let r = api.post("/mock/v1/faults", spec).await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.bytes));
    r.json()["id"].as_u64().unwrap()
}

#[tokio::test]
async fn next_request_faults() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    add(&wayne, json!({"fault": {"type": "rateLimit", "retryAfter": 7}})).await;
    let r = wayne.get(MT).await;
    assert_eq!((r.status, r.code()), (429, "CMN-301".into()));
    assert_eq!(r.header("retry-after").as_deref(), Some("7"));
    assert_eq!(wayne.get(MT).await.status, 200, "only the next request");
    add(&wayne, json!({"fault": {"type": "rateLimit"}})).await;
    assert_eq!(wayne.get(MT).await.header("retry-after").as_deref(), Some("1"), "the default");
    add(&wayne, json!({"fault": {"type": "rateLimit", "retryAfter": null}})).await;
    let r = wayne.get(MT).await;
    assert_eq!((r.status, r.header("retry-after")), (429, None), "null: a 429 without Retry-After");

    add(&wayne, json!({"fault": {"type": "unavailable", "retryAfter": 2}})).await;
    let r = wayne.send_message(QUEUE, CUSTOMER, "Hi").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after").as_deref(), Some("2"));
    assert_eq!(wayne.thread_count().await, 0, "the refused send did nothing");

    add(&wayne, json!({"fault": {"type": "delay", "ms": 300}})).await;
    let started = std::time::Instant::now();
    let r = wayne.send_message(QUEUE, CUSTOMER, "Hi").await;
    let waited = started.elapsed();
    assert!(waited >= std::time::Duration::from_millis(300), "answered after {waited:?}, before the delay");
    assert_eq!(r.status, 200, "a delayed answer is still the answer");
    assert_eq!(wayne.thread_count().await, 1);

    add(&wayne, json!({"fault": {"type": "drop"}})).await;
    assert!(wayne.try_send("GET", MT, None, Vec::new(), &[]).await.is_err(), "the connection is cut");
    assert_eq!(wayne.get(MT).await.status, 200, "the next request works");
}

#[tokio::test]
async fn path_pattern_faults_with_times_and_deletion() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let id = add(
        &wayne,
        json!({"pathPattern": "/message-threads$", "method": "GET", "times": 2, "fault": {"type": "unavailable"}}),
    )
    .await;
    let list = wayne.get("/mock/v1/faults").await.json();
    assert_eq!(list["records"][0]["id"], id);
    assert_eq!(list["records"][0]["remaining"], 2);
    assert_eq!(list["records"][0]["pathPattern"], "/message-threads$");
    // Other paths and methods are untouched.
    assert_eq!(wayne.get(&format!("{MT}/sync")).await.status, 200);
    assert_eq!(wayne.get(MT).await.status, 503);
    assert_eq!(wayne.get("/mock/v1/faults").await.json()["records"][0]["remaining"], 1);
    assert_eq!(wayne.get(MT).await.status, 503);
    assert_eq!(wayne.get(MT).await.status, 200, "used up");
    assert_eq!(wayne.get("/mock/v1/faults").await.json()["records"], json!([]));

    // Without times: every match until deleted.
    let id = add(&wayne, json!({"pathPattern": "/messages", "fault": {"type": "rateLimit"}})).await;
    for _ in 0..3 {
        assert_eq!(wayne.get(&format!("{MT}/messages")).await.status, 429);
    }
    assert_eq!(wayne.delete(&format!("/mock/v1/faults/{id}")).await.status, 204);
    assert_eq!(wayne.delete(&format!("/mock/v1/faults/{id}")).await.status, 404);
    assert_eq!(wayne.get(&format!("{MT}/messages")).await.status, 200);
    add(&wayne, json!({"pathPattern": "/messages", "fault": {"type": "rateLimit"}})).await;
    add(&wayne, json!({"pathPattern": "/sync", "fault": {"type": "rateLimit"}})).await;
    assert_eq!(wayne.delete("/mock/v1/faults").await.status, 204);
    assert_eq!(wayne.get(&format!("{MT}/messages")).await.status, 200);
    assert_eq!(wayne.get(&format!("{MT}/sync")).await.status, 200);

    // Refused specs.
    for bad in [
        json!({"pathPattern": "(", "fault": {"type": "drop"}}),
        json!({"times": 0, "fault": {"type": "drop"}}),
        json!({"fault": {"type": "explode"}}),
        json!({}),
    ] {
        assert_eq!(wayne.post("/mock/v1/faults", bad.clone()).await.status, 400, "{bad}");
    }
    // Faults never hit the control API.
    add(&wayne, json!({"fault": {"type": "unavailable"}})).await;
    assert_eq!(wayne.get("/mock/v1/health").await.status, 200);
}

#[tokio::test]
async fn faults_are_bounded_in_length_and_number() {
    let mock = mock().await;
    let api = Api::anonymous(&mock);
    let r = api.post("/mock/v1/faults", json!({"fault": {"type": "delay", "ms": 60_001}})).await;
    assert_eq!((r.status, r.parameter()), (400, "fault.ms".to_owned()));
    let r = api.post("/mock/v1/faults", json!({"times": 0, "fault": {"type": "drop"}})).await;
    assert_eq!((r.status, r.parameter()), (400, "times".to_owned()));
    for i in 0..100 {
        let r = api
            .post("/mock/v1/faults", json!({"pathPattern": format!("^/nowhere/{i}$"), "fault": {"type": "drop"}}))
            .await;
        assert_eq!(r.status, 201);
    }
    let r = api.post("/mock/v1/faults", json!({"pathPattern": "^/one-more$", "fault": {"type": "drop"}})).await;
    assert_eq!((r.status, r.parameter()), (400, "fault".to_owned()));
    assert_eq!(api.get("/mock/v1/faults").await.json()["records"].as_array().unwrap().len(), 100, "nothing half-added");
}

#[tokio::test]
async fn shutdown_does_not_wait_for_ever_on_a_delayed_request() {
    let settings = rcthreads_mock::Settings {
        shutdown_grace: Some(std::time::Duration::from_millis(200)),
        ..rcthreads_mock::Settings::default()
    };
    let mock =
        rcthreads_mock::MockServer::start_with(rcthreads_mock::Fixture::default_accounts(), settings).await.unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    add(&wayne, json!({"pathPattern": "/message-threads$", "fault": {"type": "delay", "ms": 60_000}})).await;
    let slow = tokio::spawn(async move { wayne.get(MT).await.status });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // The delayed request holds a minute; the shutdown ends after its grace, far sooner.
    tokio::time::timeout(std::time::Duration::from_secs(30), mock.shutdown())
        .await
        .expect("shutdown ends after its grace, not after the delayed request");
    slow.abort();
}
