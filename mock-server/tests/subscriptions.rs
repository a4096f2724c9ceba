//! WebHook subscriptions: validation, and delivery of thread and message events.

mod common;
use common::webhook::{next, receiver, subscribe};
use common::*;
use serde_json::json;

#[tokio::test]
async fn inbound_to_an_unassigned_thread_notifies_every_handler_of_both_events() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let (address, mut rx) = receiver(true).await;
    let r = subscribe(&wayne, &address, "wayne-secret").await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    let wayne_sub = r.json();
    assert_eq!(wayne_sub["status"], "Active");
    assert_eq!(wayne_sub["expiresIn"], 3600, "the lifetime asked for, in seconds");
    assert_eq!(wayne_sub["deliveryMode"]["address"], address.as_str());
    let beth_sub = subscribe(&beth, &address, "beth-secret").await.json();
    let listed = wayne.get("/restapi/v1.0/subscription").await.json();
    assert_eq!(ids(&listed), [wayne_sub["id"].as_str().unwrap()]);
    // A user of the same account does not see, renew or delete another's subscription.
    let wayne_path = format!("/restapi/v1.0/subscription/{}", wayne_sub["id"].as_str().unwrap());
    assert_eq!(beth.get(&wayne_path).await.status, 404);
    assert_eq!(beth.json("PUT", &wayne_path, json!({"expiresIn": 60})).await.status, 404);
    assert_eq!(beth.delete(&wayne_path).await.status, 404);
    assert_eq!(wayne.get(&wayne_path).await.json()["expiresIn"], 3600, "unchanged by Beth's renewal");

    let message = wayne.inbound(CUSTOMER, QUEUE, "Hello?").await.json();
    let mut got = Vec::new();
    for _ in 0..4 {
        got.push(next(&mut rx).await);
    }
    let mut seen: Vec<(String, String)> = got
        .iter()
        .map(|d| (d.body["ownerId"].as_str().unwrap().to_owned(), d.body["event"].as_str().unwrap().to_owned()))
        .collect();
    seen.sort();
    let threads = format!("/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/sync");
    let entries = format!("/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/entries/sync");
    let mut want = vec![
        (WAYNE.to_owned(), threads.clone()),
        (WAYNE.to_owned(), entries.clone()),
        (BETH.to_owned(), threads.clone()),
        (BETH.to_owned(), entries.clone()),
    ];
    want.sort();
    assert_eq!(seen, want);
    for d in &got {
        let (sub, secret) =
            if d.body["ownerId"] == WAYNE { (&wayne_sub, "wayne-secret") } else { (&beth_sub, "beth-secret") };
        assert_eq!(d.body["subscriptionId"], sub["id"]);
        assert_eq!(d.headers.get("Verification-Token").and_then(|h| h.to_str().ok()), Some(secret));
        assert!(d.body["uuid"].as_str().is_some() && d.body["timestamp"].as_str().is_some());
        assert_eq!(d.body["body"]["lastModifiedTime"], message["lastModifiedTime"], "{}", d.body);
    }

    // Once deleted, a subscription gets nothing more: assigning notifies all handlers, so only
    // Beth's subscription hears of it.
    let id = wayne_sub["id"].as_str().unwrap();
    assert_eq!(wayne.delete(&format!("/restapi/v1.0/subscription/{id}")).await.status, 204);
    assert_eq!(wayne.get(&format!("/restapi/v1.0/subscription/{id}")).await.status, 404);
    beth.assign(message["threadId"].as_str().unwrap(), Some(BETH)).await;
    let d = next(&mut rx).await;
    assert_eq!((d.body["ownerId"].as_str(), d.body["event"].as_str()), (Some(BETH), Some(threads.as_str())));
}

#[tokio::test]
async fn a_receiver_that_does_not_echo_is_refused() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (address, _rx) = receiver(false).await;
    let r = subscribe(&wayne, &address, "x").await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".into(), "deliveryMode.address".into()));
    let r = subscribe(&wayne, "http://127.0.0.1:9/hook", "x").await;
    assert_eq!(r.status, 400, "nobody listening");
    let (address, _rx) = receiver(true).await;
    let r = wayne
        .post(
            "/restapi/v1.0/subscription",
            json!({"eventFilters": ["/restapi/v1.0/account/~/presence"], "deliveryMode": {"transportType": "WebHook", "address": address}}),
        )
        .await;
    assert_eq!((r.status, r.parameter()), (400, "eventFilters".into()));
    assert_eq!(wayne.get("/restapi/v1.0/subscription").await.json()["records"], json!([]));
}

#[tokio::test]
async fn webhooks_go_only_to_this_machine_unless_allowed() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    for address in
        ["http://hooks.example.invalid/hook", "http://hooks.example.invalid:8080/x", "http://localhost.invalid/h"]
    {
        let r = subscribe(&wayne, address, "x").await;
        assert_eq!((r.status, r.parameter()), (400, "deliveryMode.address".to_owned()), "{address}");
        assert!(
            r.json()["message"].as_str().unwrap().contains("--allow-remote-webhooks"),
            "{address}: refused before connecting"
        );
    }
    // Loopback in every spelling is allowed (validated as usual).
    for host in ["localhost", "127.0.0.1", "127.1.2.3", "[::1]"] {
        let r = subscribe(&wayne, &format!("http://{host}:9/hook"), "x").await;
        assert_eq!(r.status, 400);
        assert!(r.json()["message"].as_str().unwrap().starts_with("Webhook validation failed"), "{host}");
    }
    // Whatever goes wrong, the answer is the same: closed port, or a server that answers 404.
    let (address, _rx) = receiver(false).await;
    let closed = subscribe(&wayne, "http://127.0.0.1:9/hook", "x").await.json()["message"].clone();
    let no_echo = subscribe(&wayne, &address, "x").await.json()["message"].clone();
    assert_eq!(closed, no_echo);
}

#[tokio::test]
async fn a_user_holds_at_most_twenty_webhook_subscriptions_and_lapsed_ones_go() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (address, _rx) = receiver(true).await;
    for _ in 0..20 {
        assert_eq!(subscribe(&wayne, &address, "x").await.status, 200);
    }
    let r = subscribe(&wayne, &address, "x").await;
    assert_eq!((r.status, r.parameter()), (400, "eventFilters".to_owned()));
    assert_eq!(wayne.get("/restapi/v1.0/subscription").await.json()["records"].as_array().unwrap().len(), 20);
    // An hour later (the test subscriptions last 3600 s) they have lapsed and make room.
    wayne.advance(3600).await;
    let wayne = Api::login(&mock, "jwt-101").await;
    assert_eq!(subscribe(&wayne, &address, "x").await.status, 200);
    assert_eq!(wayne.get("/restapi/v1.0/subscription").await.json()["records"].as_array().unwrap().len(), 1);
}
