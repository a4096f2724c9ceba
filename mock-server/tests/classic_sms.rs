//! Seed 003: classic SMS from numbers a user owns or is designated for, and message stores.

mod common;
use common::*;
use serde_json::json;

fn sms(from: &str, to: &str) -> serde_json::Value {
    json!({"from": {"phoneNumber": from}, "to": [{"phoneNumber": to}], "text": "Classic SMS"})
}

#[tokio::test]
async fn own_and_designated_numbers() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let nora = Api::login(&mock, "jwt-105").await;
    let sam = Api::login(&mock, "jwt-104").await;
    let beth = Api::login(&mock, "jwt-102").await;

    // Own direct number.
    let r = nora.post(&format!("{EXT}/~/sms"), sms(NORA_DIRECT, CUSTOMER)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["direction"], "Outbound");
    let store = nora.get(&format!("{EXT}/~/message-store")).await.json();
    assert_eq!(store["records"].as_array().unwrap().len(), 1);
    // Someone else's number, or a company number she is not designated for.
    for from in [WAYNE_DIRECT, MAIN_NUMBER] {
        refused_as_not_owned(nora.post(&format!("{EXT}/~/sms"), sms(from, CUSTOMER)).await, from);
    }

    // Company numbers: Wayne only, kept in his store.
    assert_eq!(wayne.post(&format!("{EXT}/~/sms"), sms(MAIN_NUMBER, CUSTOMER)).await.status, 200);
    assert_eq!(wayne.post(&format!("{EXT}/~/sms"), sms(COMPANY_NUMBER, CUSTOMER)).await.status, 200);
    assert_eq!(wayne.get(&format!("{EXT}/~/message-store")).await.json()["records"].as_array().unwrap().len(), 2);

    // A queue number by its designated user (Sam for the Billing Queue); stored in the queue's
    // store, which Sam, an ordinary user, cannot read; a super admin can.
    refused_as_not_owned(beth.post(&format!("{EXT}/~/sms"), sms(BILLING, CUSTOMER)).await, BILLING);
    assert_eq!(sam.post(&format!("{EXT}/~/sms"), sms(BILLING, CUSTOMER)).await.status, 200);
    assert_eq!(sam.get(&format!("{EXT}/~/message-store")).await.json()["records"].as_array().unwrap().len(), 0);
    let r = sam.get(&format!("{EXT}/{BILLING_ID}/message-store")).await;
    assert_eq!((r.status, r.code()), (403, "CMN-408".into()));
    let queue_store = wayne.get(&format!("{EXT}/{BILLING_ID}/message-store")).await;
    assert_eq!(queue_store.status, 200);
    assert_eq!(queue_store.json()["records"].as_array().unwrap().len(), 1);
    // Nobody reads another user's store, super admins included.
    assert_eq!(wayne.get(&format!("{EXT}/{NORA}/message-store")).await.status, 403);
}

/// The refusal of a `from` number the sender may not use: it names the number.
fn refused_as_not_owned(r: Reply, from: &str) {
    let e = &r.json()["errors"][0];
    assert_eq!(
        (r.status, r.code(), r.parameter(), e["parameterValue"].as_str()),
        (400, "CMN-101".to_owned(), "from.phoneNumber".to_owned(), Some(from)),
        "{}",
        String::from_utf8_lossy(&r.bytes)
    );
}

#[tokio::test]
async fn no_sending_on_behalf_of_another_user() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let r = wayne.post(&format!("{EXT}/{NORA}/sms"), sms(NORA_DIRECT, CUSTOMER)).await;
    assert_eq!((r.status, r.code()), (403, "CMN-408".into()));
    let r = wayne.post(&format!("{EXT}/{WAYNE}/sms"), sms(WAYNE_DIRECT, CUSTOMER)).await;
    assert_eq!(r.status, 200, "his own id is fine");
    let nora = Api::login(&mock, "jwt-105").await;
    assert_eq!(nora.get(&format!("{EXT}/~/message-store")).await.json()["records"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn sms_to_a_disabled_user_is_dropped() {
    let mock = mock().await;
    let nora = Api::login(&mock, "jwt-105").await;
    let r = nora.post(&format!("{EXT}/~/sms"), sms(NORA_DIRECT, DAVE_DIRECT)).await;
    assert_eq!(r.status, 200);
    let to_dave: u64 = id_of(&r.json());
    let store = nora.get(&format!("{EXT}/~/message-store")).await.json();
    assert_eq!(store["records"][0]["messageStatus"], "Sent");
    // Dave cannot log in and nobody may read his store: the contrast with an enabled
    // recipient, who does get a copy, is what a user can see.
    let wayne = Api::login(&mock, "jwt-101").await;
    assert_eq!(wayne.get(&format!("{EXT}/~/message-store")).await.json()["records"].as_array().unwrap().len(), 0);
    let r = wayne.post(&format!("{EXT}/~/sms"), sms(WAYNE_DIRECT, NORA_DIRECT)).await;
    assert_eq!(r.status, 200);
    // An enabled user receives it.
    let inbox = nora.get(&format!("{EXT}/~/message-store")).await.json();
    assert!(inbox["records"].as_array().unwrap().iter().any(|m| m["direction"] == "Inbound"), "{inbox}");
    // Every stored copy takes the next message id: Wayne's message came right after the one to
    // Dave, so no copy was stored for Dave in between.
    let next: u64 = id_of(&r.json());
    assert_eq!(next, to_dave + 1, "a copy for Dave took an id");
}

/// A message's id, given as a string or a number.
fn id_of(m: &serde_json::Value) -> u64 {
    m["id"].as_u64().or_else(|| m["id"].as_str().and_then(|s| s.parse().ok())).unwrap_or_else(|| panic!("no id in {m}"))
}

/// A body listing the same recipients many times, or too many different ones.
fn sms_to(from: &str, to: &[String]) -> serde_json::Value {
    let to: Vec<_> = to.iter().map(|n| json!({"phoneNumber": n})).collect();
    json!({"from": {"phoneNumber": from}, "to": to, "text": "Hello"})
}

#[tokio::test]
async fn recipients_are_de_duplicated_and_bounded() {
    let mock = mock().await;
    let nora = Api::login(&mock, "jwt-105").await;
    let wayne = Api::login(&mock, "jwt-101").await;
    // Wayne's number 3,000 times is one recipient: one copy in his store, one number in `to`.
    let r = nora.post(&format!("{EXT}/~/sms"), sms_to(NORA_DIRECT, &vec![WAYNE_DIRECT.to_owned(); 3_000])).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["to"].as_array().unwrap().len(), 1);
    let store = wayne.get(&format!("{EXT}/~/message-store")).await.json();
    assert_eq!(store["records"].as_array().unwrap().len(), 1, "{store}");

    // Eleven different numbers: refused naming `to`, and nothing is stored anywhere.
    let eleven: Vec<String> = (0..11).map(|i| format!("+1650224{i:04}")).collect();
    let r = nora.post(&format!("{EXT}/~/sms"), sms_to(NORA_DIRECT, &eleven)).await;
    assert_eq!((r.status, r.code(), r.parameter()), (400, "CMN-101".to_owned(), "to".to_owned()));
    let ten = &eleven[..10];
    let before = nora.get(&format!("{EXT}/~/message-store")).await.json()["records"].as_array().unwrap().len();
    assert_eq!(before, 1, "only the first message");
    let r = nora.post(&format!("{EXT}/~/sms"), sms_to(NORA_DIRECT, ten)).await;
    assert_eq!(r.status, 200, "ten are allowed");
}
