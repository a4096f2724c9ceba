//! Rate-limit headers on every API response, and enforcement.

mod common;
use common::*;
use rcthreads_mock::rate_limit::Mode;
use rcthreads_mock::{Fixture, MockServer, Settings};

fn group(r: &Reply) -> (Option<String>, Option<String>, Option<String>) {
    assert!(r.header("x-rate-limit-remaining").is_some());
    (r.header("x-rate-limit-group"), r.header("x-rate-limit-limit"), r.header("x-rate-limit-window"))
}

fn g(name: &str, limit: &str) -> (Option<String>, Option<String>, Option<String>) {
    (Some(name.into()), Some(limit.into()), Some("60".into()))
}

#[tokio::test]
async fn every_api_response_names_its_group() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let token = wayne.token_form("grant_type=refresh_token&refresh_token=nope").await;
    assert_eq!(group(&token), g("Auth", "5"), "errors too");
    assert_eq!(group(&wayne.get(MT).await), g("Medium", "40"));
    assert_eq!(group(&wayne.get(&format!("{MT}/sync")).await), g("Medium", "40"));
    assert_eq!(group(&wayne.send_message(QUEUE, CUSTOMER, "Hi").await), g("Medium", "40"));
    assert_eq!(group(&wayne.get(&format!("{MT}/not-a-thread")).await), g("Medium", "40"));
    assert_eq!(group(&wayne.get(&format!("{EXT}/{QUEUE_ID}/sms-recipients")).await), g("Light", "50"));
    assert_eq!(group(&wayne.get(&format!("{EXT}/~/phone-number")).await), g("Light", "50"));
    assert_eq!(group(&wayne.get("/restapi/v2/accounts/~/phone-numbers").await), g("Heavy", "10"));
    // Off by default: headers only, the count still goes down.
    let a: u32 = wayne.get(MT).await.header("x-rate-limit-remaining").unwrap().parse().unwrap();
    let b: u32 = wayne.get(MT).await.header("x-rate-limit-remaining").unwrap().parse().unwrap();
    assert_eq!(b + 1, a);
}

#[tokio::test]
async fn enforced_limits_answer_429_until_the_penalty_ends() {
    let settings = Settings { rate_limits: Mode::Enforce, ..Settings::default() };
    let mock = MockServer::start_with(Fixture::default_accounts(), settings).await.unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    wayne.advance(0).await; // one window for all of it
    for i in 0..40 {
        let r = wayne.get(MT).await;
        assert_eq!(r.status, 200, "request {}", i + 1);
        assert_eq!(r.header("x-rate-limit-remaining"), Some((39 - i).to_string()));
    }
    let r = wayne.get(MT).await;
    assert_eq!((r.status, r.code()), (429, "CMN-301".into()));
    assert_eq!(r.header("retry-after").as_deref(), Some("60"));
    assert_eq!(r.header("x-rate-limit-group").as_deref(), Some("Medium"));
    // Other groups and other users have their own counters.
    assert_eq!(wayne.get(&format!("{EXT}/~/phone-number")).await.status, 200);
    assert_eq!(beth.get(MT).await.status, 200);
    wayne.advance(30).await;
    let r = wayne.get(MT).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after").as_deref(), Some("30"));
    wayne.advance(30).await;
    assert_eq!(wayne.get(MT).await.status, 200, "the penalty is over");
}
