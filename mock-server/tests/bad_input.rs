//! Requests the mock refuses, with the envelope a client expects, and state left unchanged.

mod common;
use common::*;
use serde_json::json;

async fn raw_post(api: &Api, path: &str, ct: Option<&str>, body: &[u8]) -> Reply {
    api.send("POST", path, ct, body.to_vec(), &[]).await
}

fn envelope(r: &Reply) -> (u16, String, String) {
    let j = r.json();
    assert_eq!(j["errorCode"], j["errors"][0]["errorCode"], "code repeated in errors[0]: {j}");
    assert!(j["message"].as_str().is_some_and(|m| !m.is_empty()), "a message: {j}");
    (r.status, r.code(), r.parameter())
}

#[tokio::test]
async fn bodies_and_content_types() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let send = format!("{MT}/messages");

    let r = raw_post(&wayne, &send, Some("application/json"), b"{\"from\": ").await;
    assert_eq!(envelope(&r), (400, "CMN-101".into(), "body".into()));
    let r = raw_post(&wayne, &send, Some("application/json"), b"[1, 2]").await;
    assert_eq!(envelope(&r), (400, "CMN-101".into(), "body".into()));
    let r = raw_post(&wayne, &send, Some("text/plain"), b"hello").await;
    assert_eq!(r.status, 415);
    envelope(&r);
    let r = raw_post(&wayne, &send, None, b"{}").await;
    assert_eq!(r.status, 415);
    let r = raw_post(&wayne, &format!("{MT}/{id}/assign"), Some("text/plain"), b"{}").await;
    assert_eq!(r.status, 415);
    let big = vec![b' '; 1024 * 1024 + 1];
    let r = raw_post(&wayne, &send, Some("application/json"), &big).await;
    assert_eq!(r.status, 413);
    envelope(&r);
    let r = raw_post(&wayne, &format!("{MT}/notes"), Some("application/json"), &big).await;
    assert_eq!(r.status, 413);

    let cases = [
        (
            json!({"from": {"phoneNumber": "6505550100"}, "to": [{"phoneNumber": CUSTOMER}], "text": "x"}),
            "CMN-101",
            "from.phoneNumber",
        ),
        (json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": "12ab"}], "text": "x"}), "CMN-101", "to"),
        (json!({"from": {"phoneNumber": QUEUE}, "to": [], "text": "x"}), "CMN-101", "to"),
        (
            json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER}, {"phoneNumber": CUSTOMER_2}], "text": "x"}),
            "CMN-101",
            "to",
        ),
        (json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER_2}]}), "CMN-100", "text"),
        (json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER_2}], "text": ""}), "CMN-100", "text"),
        (
            json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER_2}], "text": "x".repeat(1001)}),
            "CMN-101",
            "text",
        ),
        (json!({"to": [{"phoneNumber": CUSTOMER_2}], "text": "x"}), "CMN-100", "from"),
        (
            json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER_2}], "text": "x", "threadId": "nope"}),
            "CMN-101",
            "threadId",
        ),
    ];
    for (body, code, param) in cases {
        let r = wayne.post(&send, body.clone()).await;
        let (_, c, p) = envelope(&r);
        assert_eq!((c.as_str(), p.as_str()), (code, param), "{body}: {}", String::from_utf8_lossy(&r.bytes));
    }
    let r = wayne.post(&format!("{MT}/{id}/assign"), json!({})).await;
    assert_eq!(envelope(&r), (400, "CMN-100".into(), "assignee".into()));
    let r = wayne.post(&format!("{MT}/{id}/assign"), json!({"assignee": {"extensionId": "abc"}})).await;
    assert_eq!(r.status, 400);
    let r = wayne.post(&format!("{MT}/notes"), json!({"threadId": id})).await;
    assert_eq!(r.status, 400);

    // Nothing changed.
    assert_eq!(ids(&wayne.threads("").await), [id.as_str()]);
    assert_eq!(wayne.get(&format!("{MT}/messages")).await.json()["records"].as_array().unwrap().len(), 1);
    assert_eq!(wayne.thread(&id).await.json()["assignee"]["extensionId"], WAYNE);
}

#[tokio::test]
async fn multipart_without_metadata_and_without_a_boundary() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (ct, body) = multipart(&[("attachments", Some("a.png"), "image/png", b"png")]);
    let r = wayne.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-100".into(), "metadata".into()));
    let (ct, body) = multipart(&[("metadata", None, "application/json", b"{not json")]);
    let r = wayne.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!((r.status, r.parameter()), (400, "body".into()));
    // Attachments alone, without text, make an MMS.
    let metadata = json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER}]});
    let (ct, body) = multipart(&[("metadata", None, "application/json", metadata.to_string().as_bytes())]);
    let r = wayne.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-100".into(), "text".into()), "no text, no attachment");
    let r = wayne.send("POST", &format!("{MT}/messages"), Some("multipart/form-data"), b"x".to_vec(), &[]).await;
    assert_eq!(r.status, 400);
    assert_eq!(wayne.thread_count().await, 0);
    let (ct, body) = multipart(&[
        ("metadata", None, "application/json", metadata.to_string().as_bytes()),
        ("attachments", Some("a.png"), "image/png", b"png"),
    ]);
    let r = wayne.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["attachments"][0]["size"], 3);
}

#[tokio::test]
async fn unknown_paths_methods_and_ids() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let r = wayne.get("/restapi/v1.0/account/~/no-such-thing").await;
    assert_eq!(r.status, 404);
    assert_eq!(envelope(&r).1, "CMN-102");
    let r = wayne.get("/nowhere").await;
    assert_eq!(r.status, 404);
    envelope(&r);
    let r = wayne.send("PUT", MT, Some("application/json"), b"{}".to_vec(), &[]).await;
    assert_eq!(r.status, 405);
    envelope(&r);
    let r = wayne.delete("/restapi/oauth/token").await;
    assert_eq!(r.status, 405);
    let r = wayne.get(&format!("{MT}/notes/12345")).await;
    assert_eq!((r.status, r.code()), (404, "CMN-102".into()));
    let r = wayne.get(&format!("{MT}/notes/abc")).await;
    assert_eq!(r.status, 404);
    let r = wayne.get(&format!("{EXT}/nobody/phone-number")).await;
    assert_eq!(r.status, 404);
    let r = wayne.get(&format!("{MT}/messages/abc/content/1")).await;
    assert_eq!(r.status, 404);
    let r = wayne.get("/restapi/v1.0/account/abc/message-threads").await;
    assert_eq!(r.status, 404);
}
