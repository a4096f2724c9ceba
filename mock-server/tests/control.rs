//! The control API under /mock/v1/.

mod common;
use common::*;
use rcthreads_mock::{Fixture, MockServer, Settings};
use serde_json::json;

#[tokio::test]
async fn health_and_inbound() {
    let mock = mock().await;
    let c = Api::anonymous(&mock);
    let h = c.get("/mock/v1/health").await;
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "ok");
    assert_eq!(h.json()["accounts"], 2);
    let r = c.inbound(CUSTOMER, QUEUE, "Hi").await;
    assert_eq!(r.status, 200);
    assert!(r.json()["threadId"].as_str().is_some());
    // Other Corp's number goes to Other Corp.
    let r = c.inbound(CUSTOMER, SUPPORT_QUEUE, "Hi").await;
    assert_eq!(r.status, 200);
    let olga = Api::login(&mock, "jwt-201").await;
    assert_eq!(olga.thread_count().await, 1);
    let r = c.inbound(CUSTOMER, "+19995550000", "Hi").await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "to".into()));
    let r = c.inbound("not a number", QUEUE, "Hi").await;
    assert_eq!((r.status, r.parameter()), (400, "from".into()));
    let r = c.post("/mock/v1/inbound", json!({"from": CUSTOMER, "to": QUEUE})).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-100".into(), "text".into()));
    let wayne = Api::login(&mock, "jwt-101").await;
    assert_eq!(wayne.thread_count().await, 1);
}

#[tokio::test]
async fn clock() {
    let mock = mock().await;
    let c = Api::anonymous(&mock);
    let v = c.get("/mock/v1/clock").await.json();
    assert_eq!(v["followsRealTime"], true);
    let v = c.post("/mock/v1/clock", json!({"set": "2030-01-01T00:00:00Z"})).await.json();
    assert_eq!((v["now"].as_str(), v["followsRealTime"].as_bool()), (Some("2030-01-01T00:00:00.000Z"), Some(false)));
    let v = c.advance(90).await;
    assert_eq!(v["now"], "2030-01-01T00:01:30.000Z");
    assert_eq!(c.get("/mock/v1/clock").await.json()["now"], "2030-01-01T00:01:30.000Z", "stopped");
    let v = c.post("/mock/v1/clock", json!({"realTime": true})).await.json();
    assert_eq!(v["followsRealTime"], true);
    assert!(v["now"].as_str().unwrap().starts_with("2030-01-01T00:01:"), "resumes from the mock time: {v}");
    for bad in [
        json!({}),
        json!({"advanceSeconds": -5}),
        json!({"set": "yesterday"}),
        json!({"advanceSeconds": 1, "set": "2030-01-01T00:00:00Z"}),
        json!({"realTime": false}),
        json!({"advance": 5}),
    ] {
        let r = c.post("/mock/v1/clock", bad.clone()).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.code().starts_with("CMN-10"), "{bad}: {}", r.code());
    }
}

#[tokio::test]
async fn the_clock_never_goes_back_past_what_the_accounts_have_seen() {
    let mock = mock().await;
    let c = Api::anonymous(&mock);
    // Before any command a test may pin any date, also one in the past.
    let v = c.post("/mock/v1/clock", json!({"set": "2026-02-17T17:00:00Z"})).await.json();
    assert_eq!(v["now"], "2026-02-17T17:00:00.000Z");
    let wayne = Api::login(&mock, "jwt-101").await;
    start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;

    let r = c.post("/mock/v1/clock", json!({"set": "2026-02-17T16:59:59Z"})).await;
    assert_eq!((r.status, r.code()), (400, "CMN-101".to_owned()));
    assert_eq!(r.json()["errors"][0]["parameterName"], "set");
    assert_eq!(c.get("/mock/v1/clock").await.json()["now"], "2026-02-17T17:00:00.000Z", "unchanged");
    // The same time, or a later one, is fine; a reset allows any again.
    assert_eq!(c.post("/mock/v1/clock", json!({"set": "2026-02-17T17:00:00Z"})).await.status, 200);
    assert_eq!(c.post("/mock/v1/reset", json!({})).await.status, 204);
    assert_eq!(c.post("/mock/v1/clock", json!({"set": "2026-01-01T00:00:00Z"})).await.status, 200);
}

#[tokio::test]
async fn reset_keeps_sessions() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    wayne.advance(60).await;
    wayne.post("/mock/v1/faults", json!({"pathPattern": "/nothing-matches$", "fault": {"type": "drop"}})).await;
    let r = wayne.send("POST", "/mock/v1/reset", None, Vec::new(), &[]).await;
    assert_eq!(r.status, 204);
    assert_eq!(wayne.thread_count().await, 0, "the session survived and the threads are gone");
    assert_eq!(wayne.get("/mock/v1/clock").await.json()["followsRealTime"], true);
    assert_eq!(wayne.get("/mock/v1/faults").await.json()["records"], json!([]));
    // Ids are deterministic: the same first message gives the same thread id again.
    let first = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    wayne.send("POST", "/mock/v1/reset", None, Vec::new(), &[]).await;
    assert_eq!(start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await, first);
}

#[tokio::test]
async fn request_journal() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    wayne.send("DELETE", "/mock/v1/requests", None, Vec::new(), &[]).await;
    wayne.get(&format!("{MT}?threadStatus=Open&perPage=5")).await;
    wayne.get(&format!("{MT}/not-a-thread")).await;
    wayne.get("/mock/v1/health").await;
    let j = wayne.get("/mock/v1/requests").await.json();
    let records = j["records"].as_array().unwrap();
    assert_eq!(records.len(), 2, "control requests are not journaled: {j}");
    assert_eq!(records[0]["method"], "GET");
    assert_eq!(records[0]["path"], MT);
    assert_eq!(records[0]["query"], "threadStatus=Open&perPage=5");
    assert_eq!(records[0]["status"], 200);
    assert_eq!(records[1]["status"], 404);
    assert!(records[1].get("query").is_none());
    assert!(records[1]["seq"].as_u64() > records[0]["seq"].as_u64());
}

#[tokio::test]
async fn fixture_lists_users_with_their_jwt() {
    let mock = mock().await;
    let f = Api::anonymous(&mock).get("/mock/v1/fixture").await.json();
    assert_eq!(f["app"]["clientId"], "mock-client-id");
    let users = f["accounts"][0]["users"].as_array().unwrap();
    let wayne = users.iter().find(|u| u["name"] == "Wayne T").unwrap();
    assert_eq!((wayne["id"].as_str(), wayne["jwt"].as_str()), (Some(WAYNE), Some("jwt-101")));
    assert_eq!(f["accounts"][1]["users"][0]["jwt"], "jwt-201");
    // The listing is itself a valid fixture.
    let again: Fixture = serde_json::from_value(f).unwrap();
    let mock2 = MockServer::start_with(again, Settings::default()).await.unwrap();
    assert_eq!(Api::login(&mock2, "jwt-102").await.thread_count().await, 0);
}

#[tokio::test]
async fn control_token_when_configured() {
    let settings = Settings { control_token: Some("s3cret".into()), ..Settings::default() };
    let mock = MockServer::start_with(Fixture::default_accounts(), settings).await.unwrap();
    let c = Api::anonymous(&mock);
    let r = c.get("/mock/v1/health").await;
    assert_eq!((r.status, r.code()), (401, "AGW-401".to_owned()), "missing, as a missing Authorization");
    let r = c.send("GET", "/mock/v1/health", None, Vec::new(), &[("X-Mock-Control-Token", "wrong")]).await;
    assert_eq!((r.status, r.code()), (401, "OAU-149".to_owned()), "wrong, as an unknown token");
    let r = c.send("GET", "/mock/v1/health", None, Vec::new(), &[("X-Mock-Control-Token", "s3cret")]).await;
    assert_eq!(r.status, 200);
    let r = c.send("GET", "/mock/v1/health", None, Vec::new(), &[("Authorization", "Bearer s3cret")]).await;
    assert_eq!(r.status, 200);
    let r = c.send("POST", "/mock/v1/reset", None, Vec::new(), &[("X-Mock-Control-Token", "nope")]).await;
    assert_eq!(r.status, 401);
    let r = c.send("POST", "/mock/v1/inbound", Some("application/json"), b"{}".to_vec(), &[]).await;
    assert_eq!(r.status, 401, "checked before the body");
    // The API itself is unaffected.
    assert_eq!(Api::login(&mock, "jwt-101").await.thread_count().await, 0);
}

#[tokio::test]
async fn an_empty_control_token_is_refused_at_start() {
    for token in ["", "  "] {
        let settings = rcthreads_mock::Settings { control_token: Some(token.into()), ..Default::default() };
        let e = rcthreads_mock::MockServer::start_with(rcthreads_mock::Fixture::default_accounts(), settings)
            .await
            .unwrap_err();
        assert!(matches!(e, rcthreads_mock::ServeError::EmptyControlToken), "{e}");
    }
}

#[tokio::test]
async fn the_clock_cannot_be_moved_past_what_the_api_can_write() {
    let mock = mock().await;
    let api = Api::anonymous(&mock);
    let before = api.get("/mock/v1/clock").await.json();
    for seconds in [i64::MAX / 1000, i64::MAX, 100 * 365 * 86_400 + 1] {
        let r = api.post("/mock/v1/clock", json!({"advanceSeconds": seconds})).await;
        assert_eq!((r.status, r.parameter()), (400, "advanceSeconds".to_owned()), "{seconds}");
    }
    let after = api.get("/mock/v1/clock").await.json();
    assert_eq!(after["followsRealTime"], before["followsRealTime"], "a refused move changes nothing");
}

#[tokio::test]
async fn a_bulk_load_does_not_stall_other_requests() {
    let mock = mock().await;
    let loader = Api::anonymous(&mock);
    let load = tokio::spawn(async move {
        loader.post("/mock/v1/load", json!({"threads": 200_000, "messagesPerThread": 10})).await.status
    });
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let api = Api::anonymous(&mock);
    assert_eq!(api.get("/mock/v1/health").await.status, 200);
    assert!(!load.is_finished(), "the health check was answered while two million messages were loading");
    assert_eq!(load.await.unwrap(), 200);
}
