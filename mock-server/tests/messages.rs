//! Sending, routing by `threadId`, MMS, listing and deleting messages; the seed 000 walkthrough.

mod common;
use common::*;
use serde_json::{Value, json};

/// Seed 000: Wayne logs in, finds the queue's number among his numbers, sends, and Beth, another
/// handler of the queue, is refused with MSG-427.
#[tokio::test]
async fn seed_000_walkthrough() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let numbers = wayne.get(&format!("{EXT}/~/phone-number")).await;
    assert_eq!(numbers.status, 200);
    let numbers = numbers.json();
    let queue = numbers["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| {
            n["extension"]["name"] == "Financial Advising Queue"
                && n["features"].as_array().unwrap().iter().any(|f| f == "SmsSender")
        })
        .expect("the queue's number is among Wayne's numbers");
    assert_eq!(queue["phoneNumber"], QUEUE);
    assert_eq!(id_of(&queue["extension"]["id"]), QUEUE_ID);

    let m = wayne.send_message(queue["phoneNumber"].as_str().unwrap(), CUSTOMER, "Hello from the queue").await;
    assert_eq!(m.status, 200);
    let m = m.json();
    assert_eq!(m["recordType"], "AliveMessage");
    assert_eq!(m["availability"], "Alive");
    assert_eq!(m["text"], "Hello from the queue");
    assert!(m["id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(m["creationTime"].as_str().unwrap().ends_with('Z'));

    let beth = Api::login(&mock, "jwt-102").await;
    let r = beth.send_message(QUEUE, CUSTOMER, "Can I help?").await;
    assert_eq!(r.status, 403);
    let e = r.json();
    assert_eq!(e["errors"][0]["errorCode"], "MSG-427");
    assert_eq!(e["errors"][0]["extensionId"], BETH);
    assert_eq!(e["errors"][0]["message"], format!("The thread is not assigned to extension [{BETH}] at the moment."));
}

#[tokio::test]
async fn thread_id_routes_a_send() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let id = start_thread(&wayne, QUEUE, CUSTOMER, "Hi").await;
    let r = wayne.reply(&id, QUEUE, CUSTOMER, "Routed").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["threadId"], id);
    // A thread id that does not match the pair is refused.
    let r = wayne.reply(&id, QUEUE, CUSTOMER_2, "Wrong pair").await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "threadId".into()));
    let r = wayne.reply("3f0c8f1e-0000-4000-8000-000000000000", QUEUE, CUSTOMER, "Unknown").await;
    assert_eq!(r.status, 404);
    wayne.delete(&format!("{MT}/{id}")).await;
    let r = wayne.reply(&id, QUEUE, CUSTOMER, "Deleted").await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "threadId".into()));
    assert_eq!(wayne.thread_count().await, 0, "no thread was created by the refused sends");
}

#[tokio::test]
async fn sending_needs_a_shared_sms_number_the_caller_handles() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let nora = Api::login(&mock, "jwt-105").await;
    let sam = Api::login(&mock, "jwt-104").await;
    // Nora handles nothing.
    assert_eq!(nora.send_message(QUEUE, CUSTOMER, "x").await.status, 403);
    // Wayne does not handle Site 01 nor the Billing Queue.
    assert_eq!(wayne.send_message(SITE_01, CUSTOMER, "x").await.status, 403);
    assert_eq!(wayne.send_message(BILLING, CUSTOMER, "x").await.status, 403);
    // A user's direct number is not shared.
    let r = wayne.send_message(WAYNE_DIRECT, CUSTOMER, "x").await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "from.phoneNumber".into()));
    // Threads are with outside numbers.
    let r = sam.send_message(BILLING, QUEUE, "x").await;
    assert_eq!((r.status, r.parameter()), (400, "to".into()));
    assert_eq!(wayne.thread_count().await, 0);
    assert_eq!(sam.thread_count().await, 0);
}

#[tokio::test]
async fn mms_from_the_queue_number_and_its_content() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let image: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let metadata = json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER}], "text": "A picture"});
    let (ct, body) = multipart(&[
        ("metadata", None, "application/json", metadata.to_string().as_bytes()),
        ("attachments", Some("chart.png"), "image/png", &image),
    ]);
    let r = wayne.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    let m = r.json();
    let att = &m["attachments"][0];
    assert_eq!(att["contentType"], "image/png");
    assert_eq!(att["size"], 3000);
    let uri = att["contentUri"].as_str().unwrap();
    let path = &uri[uri.find("/restapi/").expect("a path to the content")..];
    let content = wayne.get(path).await;
    assert_eq!(content.status, 200);
    assert_eq!(content.header("content-type").as_deref(), Some("image/png"));
    assert_eq!(content.bytes.as_ref(), image.as_slice());
    // Another handler of the queue reads it too; a stranger does not.
    let beth = Api::login(&mock, "jwt-102").await;
    assert_eq!(beth.get(path).await.bytes.as_ref(), image.as_slice());
    let nora = Api::login(&mock, "jwt-105").await;
    assert_eq!(nora.get(path).await.status, 403);
    let missing = format!("{MT}/messages/{}/content/999", m["id"].as_str().unwrap());
    assert_eq!(wayne.get(&missing).await.status, 404);
}

#[tokio::test]
async fn mms_needs_the_mms_feature() {
    let mock = mock().await;
    let sam = Api::login(&mock, "jwt-104").await;
    let metadata = json!({"from": {"phoneNumber": BILLING}, "to": [{"phoneNumber": CUSTOMER}], "text": "A picture"});
    let (ct, body) = multipart(&[
        ("metadata", None, "application/json", metadata.to_string().as_bytes()),
        ("attachments", Some("a.png"), "image/png", b"png"),
    ]);
    let r = sam.send("POST", &format!("{MT}/messages"), Some(&ct), body, &[]).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "from.phoneNumber".into()));
    assert_eq!(sam.thread_count().await, 0);
}

#[tokio::test]
async fn list_filters_and_delete_messages() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let sam = Api::login(&mock, "jwt-104").await;
    let a = start_thread(&wayne, QUEUE, CUSTOMER, "one").await;
    wayne.inbound(CUSTOMER, QUEUE, "two").await;
    let b = start_thread(&wayne, QUEUE, CUSTOMER_2, "three").await;
    start_thread(&sam, BILLING, CUSTOMER, "billing").await;

    let texts = |v: &Value| -> Vec<String> {
        v["records"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(texts(&wayne.get(&format!("{MT}/messages")).await.json()), ["one", "two", "three"]);
    assert_eq!(texts(&wayne.get(&format!("{MT}/messages?threadIds={a}")).await.json()), ["one", "two"]);
    assert_eq!(texts(&wayne.get(&format!("{MT}/messages?threadIds={a}&threadIds={b}")).await.json()).len(), 3);
    assert_eq!(texts(&sam.get(&format!("{MT}/messages?ownerExtensionIds={BILLING_ID}")).await.json()), ["billing"]);
    let page = wayne.get(&format!("{MT}/messages?perPage=2&page=2")).await.json();
    assert_eq!(texts(&page), ["three"]);
    assert_eq!(page["paging"]["totalElements"], 3);

    let first = wayne.get(&format!("{MT}/messages?threadIds={a}")).await.json()["records"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // All or nothing: an unknown id refuses the whole request.
    let r = wayne
        .send(
            "DELETE",
            &format!("{MT}/messages"),
            Some("application/json"),
            json!({"ids": [first, "99999999"]}).to_string().into_bytes(),
            &[],
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(texts(&wayne.get(&format!("{MT}/messages?threadIds={a}")).await.json()), ["one", "two"]);
    let r = wayne
        .send(
            "DELETE",
            &format!("{MT}/messages"),
            Some("application/json"),
            json!({"ids": [first]}).to_string().into_bytes(),
            &[],
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(texts(&wayne.get(&format!("{MT}/messages?threadIds={a}")).await.json()), ["two"]);
    let deleted = wayne.get(&format!("{MT}/messages?threadIds={a}&availability=Deleted")).await.json();
    assert_eq!(deleted["records"][0]["id"], first.as_str());
    assert_eq!(deleted["records"][0]["availability"], "Deleted");
    let r = wayne
        .send(
            "DELETE",
            &format!("{MT}/messages"),
            Some("application/json"),
            json!({"ids": []}).to_string().into_bytes(),
            &[],
        )
        .await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-100".into(), "ids".into()));
}
