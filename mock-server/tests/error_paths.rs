//! The refusals of routes whose happy path is tested elsewhere: each answers the envelope a
//! client reads (status, `errorCode`, `parameterName`, `parameterValue`) and changes nothing.

mod common;
use common::*;
use serde_json::json;

/// (status, errorCode, parameterName, parameterValue) of an error answer.
fn refusal(r: &Reply) -> (u16, String, String, Option<String>) {
    let j = r.json();
    assert_eq!(j["errorCode"], j["errors"][0]["errorCode"], "code repeated in errors[0]: {j}");
    let value = j["errors"][0]["parameterValue"].as_str().map(str::to_owned);
    (r.status, r.code(), r.parameter(), value)
}

fn expect(status: u16, code: &str, parameter: &str, value: Option<&str>) -> (u16, String, String, Option<String>) {
    (status, code.to_owned(), parameter.to_owned(), value.map(str::to_owned))
}

#[tokio::test]
async fn message_and_note_listings_refuse_bad_filters() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let r = wayne.get(&format!("{MT}/messages?creationTimeFrom=yesterday")).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "creationTimeFrom", Some("yesterday")));
    let r = wayne.get(&format!("{MT}/messages?availability=Gone")).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "availability", Some("Gone")));

    let r = wayne.get(&format!("{MT}/notes?threadIds=nope")).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "threadIds", Some("nope")));
}

#[tokio::test]
async fn bulk_note_deletion_refuses_missing_and_malformed_ids_and_keeps_the_notes() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let thread = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let note = wayne.post(&format!("{MT}/notes"), json!({"threadId": thread, "text": "Called him"})).await;
    assert_eq!(note.status, 200, "{}", String::from_utf8_lossy(&note.bytes));
    let note_id = note.json()["id"].as_str().unwrap().to_owned();

    let notes = format!("{MT}/notes");
    let r = wayne.json("DELETE", &notes, json!({})).await;
    assert_eq!(refusal(&r), expect(400, "CMN-100", "ids", None));
    let r = wayne.json("DELETE", &notes, json!({"ids": []})).await;
    assert_eq!(refusal(&r), expect(400, "CMN-100", "ids", None));
    let r = wayne.json("DELETE", &notes, json!({"ids": [note_id.clone(), "abc"]})).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "ids", Some("abc")));
    let r = wayne.send("DELETE", &notes, Some("text/plain"), b"ids=1".to_vec(), &[]).await;
    assert_eq!((r.status, r.code(), r.parameter()), (415, "CMN-101".to_owned(), "Content-Type".to_owned()));

    // None of the refusals deleted the note.
    let r = wayne.get(&format!("{MT}/notes/{note_id}")).await;
    assert_eq!((r.status, r.json()["availability"].as_str()), (200, Some("Alive")));
}

#[tokio::test]
async fn subscriptions_unknown_or_unauthenticated() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let sub = "/restapi/v1.0/subscription";
    let r = Api::anonymous(&mock).get(sub).await;
    assert_eq!((r.status, r.code()), (401, "AGW-401".to_owned()));
    let r =
        Api::anonymous(&mock).send("GET", sub, None, Vec::new(), &[("Authorization", "Bearer mock-at-unknown")]).await;
    assert_eq!((r.status, r.code()), (401, "OAU-149".to_owned()));

    let unknown = format!("{sub}/nope");
    let r = wayne.json("PUT", &unknown, json!({})).await;
    assert_eq!(refusal(&r), expect(404, "CMN-102", "subscriptionId", Some("nope")));
    let r = wayne.delete(&unknown).await;
    assert_eq!(refusal(&r), expect(404, "CMN-102", "subscriptionId", Some("nope")));
    let listed = wayne.get(sub).await;
    assert_eq!((listed.status, listed.json()["records"].clone()), (200, json!([])));
}

#[tokio::test]
async fn configuration_routes_refuse_unknown_ids_and_bad_filters() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;

    let r = wayne.get(&format!("{EXT}?type=Robot")).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "type", Some("Robot")));
    let r = wayne.get(&format!("{EXT}?page=0")).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "page", Some("0")));

    for id in ["123", "abc"] {
        let r = wayne.get(&format!("{EXT}/{id}")).await;
        assert_eq!(refusal(&r), expect(404, "CMN-102", "extensionId", Some(id)));
    }
    let r = wayne.get(&format!("{EXT}/999/features")).await;
    assert_eq!(refusal(&r), expect(404, "CMN-102", "extensionId", Some("999")));

    for path in ["/restapi/v1.0/account/999/call-queues", "/restapi/v1.0/account/999/sites"] {
        let r = wayne.get(path).await;
        assert_eq!(refusal(&r), expect(404, "CMN-102", "accountId", Some("999")), "{path}");
    }
    // Another account's id is not the caller's either.
    let r = wayne.get(&format!("/restapi/v1.0/account/{OTHER_ACCOUNT_ID}/sites")).await;
    assert_eq!(r.status, 404, "{}", String::from_utf8_lossy(&r.bytes));

    let v2 = "/restapi/v2/accounts";
    let r = wayne.get(&format!("{v2}/~/phone-numbers?usageType=Bogus")).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "usageType", Some("Bogus")));
    let r = wayne.get(&format!("{v2}/~/phone-numbers?page=-1")).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "page", Some("-1")));
    let r = wayne.get(&format!("{v2}/999/phone-numbers")).await;
    assert_eq!(refusal(&r), expect(404, "CMN-102", "accountId", Some("999")));
}

#[tokio::test]
async fn revoke_needs_the_app_and_a_token() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let anon = Api::anonymous(&mock);
    let revoke = "/restapi/oauth/revoke";
    let form = Some("application/x-www-form-urlencoded");

    let r = anon.send("POST", revoke, form, b"foo=1".to_vec(), &[("Authorization", BASIC)]).await;
    assert_eq!(refusal(&r), expect(400, "CMN-100", "token", None));
    let r = anon.send("POST", revoke, Some("application/json"), b"{}".to_vec(), &[("Authorization", BASIC)]).await;
    assert_eq!((r.status, r.code(), r.parameter()), (415, "CMN-101".to_owned(), "Content-Type".to_owned()));
    // Wrong app credentials: nothing is revoked.
    let body = format!("token={}", wayne.token.as_deref().unwrap()).into_bytes();
    let r = anon.send("POST", revoke, form, body, &[("Authorization", "Basic bW9jay1jbGllbnQtaWQ6d3Jvbmc=")]).await;
    assert_eq!((r.status, r.code()), (400, "OAU-120".to_owned()));
    assert_eq!(wayne.get(MT).await.status, 200, "the session is still on");
}

#[tokio::test]
async fn load_creates_threads_and_refuses_bad_sizes() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let load = "/mock/v1/load";

    let r = wayne.post(load, json!({"threads": 0, "messagesPerThread": 1})).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "threads", Some("0 messages")));
    let r = wayne.post(load, json!({"threads": 1, "messagesPerThread": 1, "textLength": 0})).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "textLength", Some("0")));
    let r = wayne.post(load, json!({"threads": 1, "messagesPerThread": 1, "to": "abc"})).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".to_owned(), "to".to_owned()));
    let r = wayne.post(load, json!({"threads": 1, "messagesPerThread": 1, "to": "+19995550000"})).await;
    assert_eq!(refusal(&r), expect(400, "CMN-101", "to", Some("+19995550000")));
    let r = wayne.post(load, json!({"threads": 1})).await;
    assert_eq!(refusal(&r), expect(400, "CMN-100", "messagesPerThread", None));
    assert_eq!(wayne.thread_count().await, 0, "no refused load created anything");

    // Three customers text the queue twice each.
    let r = wayne.post(load, json!({"threads": 3, "messagesPerThread": 2, "to": QUEUE})).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json(), json!({"messages": 6, "openThreads": 3}));
    let list = wayne.threads("").await;
    let records = list["records"].as_array().unwrap();
    assert_eq!(records.len(), 3, "{list}");
    assert!(records.iter().all(|t| t["owner"]["extensionId"] == QUEUE_ID), "{list}");
}
