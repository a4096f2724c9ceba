//! Time-driven changes reach subscribers on time with no request in between: delivery progress
//! while the clock follows real time, and expiry when the clock is moved or released.

mod common;
use std::time::Duration;

use common::webhook::{Delivery, receiver, subscribe, subscribe_for};
use common::*;
use rcthreads_wire::time::{format, parse};
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedReceiver;

/// The next delivery whose change happened at `at` (others, for the same instant's other
/// events or earlier changes, are passed over), within `within`.
async fn delivery_at(rx: &mut UnboundedReceiver<Delivery>, at: &str, within: Duration) -> Delivery {
    tokio::time::timeout(within, async {
        loop {
            let d = rx.recv().await.expect("open channel");
            if d.body["body"]["lastModifiedTime"] == at {
                return d;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no delivery of a change at {at} within {within:?}"))
}

fn plus(time: &Value, ms: i64) -> String {
    let t = parse(time.as_str().expect("a time")).expect("RFC 3339");
    format(&(t + chrono::Duration::milliseconds(ms)))
}

/// The requests the mock has received so far.
async fn journal_len(api: &Api) -> usize {
    api.get("/mock/v1/requests").await.json()["records"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn sent_and_delivered_reach_a_webhook_with_no_request_in_between() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (address, mut rx) = receiver(true).await;
    assert_eq!(subscribe(&wayne, &address, "token").await.status, 200);
    let sent = wayne.send_message(QUEUE, CUSTOMER, "Hi Tom").await.json();
    assert_eq!(sent["messageStatus"], "Queued");
    let before = journal_len(&wayne).await;

    // The clock follows real time: Sent at +1 s, Delivered at +2 s, each notified as it happens.
    let created = &sent["creationTime"];
    let d = delivery_at(&mut rx, &plus(created, 1_000), Duration::from_secs(10)).await;
    assert_eq!(d.body["event"], format!("/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/entries/sync"));
    assert_eq!(d.body["ownerId"], WAYNE);
    delivery_at(&mut rx, &plus(created, 2_000), Duration::from_secs(10)).await;

    // No request reached the mock's API meanwhile (control reads are not journaled).
    assert_eq!(journal_len(&wayne).await, before, "no request drove the changes");
    let message = wayne.get(&format!("{MT}/messages?threadId={}", sent["threadId"].as_str().unwrap())).await.json();
    assert_eq!(message["records"][0]["messageStatus"], "Delivered");
}

#[tokio::test]
async fn expiry_is_notified_when_the_clock_is_advanced_set_or_released() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (address, mut rx) = receiver(true).await;
    // A subscription that outlives the clock moves below (the access token does not: the
    // threads after the first come from customers, through the control API).
    assert_eq!(subscribe_for(&wayne, &address, "token", 30 * 24 * 3600).await.status, 200);
    let threads_event = format!("/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/sync");
    let seventy_two_hours = 72 * 3_600_000;

    // Advance: the thread expires 72 h after its message; the change is notified.
    let first = wayne.send_message(QUEUE, CUSTOMER, "Hi Tom").await.json();
    let r = wayne.post("/mock/v1/clock", json!({"advanceSeconds": 72 * 3600})).await;
    assert_eq!(r.status, 200);
    let d = delivery_at(&mut rx, &plus(&first["creationTime"], seventy_two_hours), Duration::from_secs(10)).await;
    assert_eq!(d.body["event"], threads_event);

    // Set: a second thread, and the clock set past its deadline.
    let second = wayne.inbound(CUSTOMER_2, QUEUE, "Hi, it's Ann").await.json();
    let deadline = plus(&second["creationTime"], seventy_two_hours);
    let r =
        wayne.post("/mock/v1/clock", json!({"set": plus(&second["creationTime"], seventy_two_hours + 5_000)})).await;
    assert_eq!(r.status, 200);
    let d = delivery_at(&mut rx, &deadline, Duration::from_secs(10)).await;
    assert_eq!(d.body["event"], threads_event);

    // Released: set to 1.5 s before a third thread's deadline, then follow real time again;
    // the expiry arrives by itself.
    let third = wayne.inbound("+14083210003", QUEUE, "Hi, it's Sue").await.json();
    let deadline = plus(&third["creationTime"], seventy_two_hours);
    let r = wayne.post("/mock/v1/clock", json!({"set": plus(&third["creationTime"], seventy_two_hours - 1_500)})).await;
    assert_eq!(r.status, 200);
    assert_eq!(wayne.post("/mock/v1/clock", json!({"realTime": true})).await.status, 200);
    let before = journal_len(&wayne).await;
    let d = delivery_at(&mut rx, &deadline, Duration::from_secs(10)).await;
    assert_eq!(d.body["event"], threads_event);
    assert_eq!(journal_len(&wayne).await, before, "no request drove the expiry");
    let wayne = Api::login(&mock, "jwt-101").await;
    let thread = wayne.thread(third["threadId"].as_str().unwrap()).await.json();
    assert_eq!(thread["status"], "Resolved", "{thread}");
}
