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
    // As the API definitions group them (`Rate Limit Group`).
    assert_eq!(group(&wayne.get(&format!("{EXT}/~/features")).await), g("Medium", "40"));
    assert_eq!(group(&wayne.get(EXT).await), g("Medium", "40"));
    assert_eq!(group(&wayne.get("/restapi/v1.0/account/~/call-queues").await), g("Medium", "40"));
    assert_eq!(group(&wayne.get(&format!("{EXT}/~")).await), g("Light", "50"));
    assert_eq!(group(&wayne.get("/restapi/v1.0/account/~/sites").await), g("Light", "50"));
    assert_eq!(group(&wayne.get("/restapi/v1.0/subscription").await), g("Light", "50"));
    let created = wayne.post("/restapi/v1.0/subscription", serde_json::json!({})).await;
    assert_eq!(group(&created), g("Medium", "40"), "creating a subscription");
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

/// A token request with made-up or wrong app credentials.
async fn token_as(mock: &MockServer, basic_user_pass: &str) -> u16 {
    use base64::Engine;
    let basic = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(basic_user_pass));
    let api = Api::anonymous(mock);
    let form = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=jwt-101";
    api.token_form_with(&basic, form).await.status
}

#[tokio::test]
async fn made_up_client_ids_add_no_counters() {
    let mock = mock().await;
    for i in 0..200 {
        let status = token_as(&mock, &format!("made-up-{i}:secret")).await;
        assert!((400..500).contains(&status), "refused: {status}");
    }
    let counters = mock.state().limits.lock().unwrap().len();
    assert!(counters <= 1, "one shared anonymous counter, not one per id: {counters}");
}

#[tokio::test]
async fn wrong_secrets_do_not_use_up_the_real_apps_budget() {
    let settings = Settings { rate_limits: Mode::Enforce, ..Settings::default() };
    let mock = MockServer::start_with(Fixture::default_accounts(), settings).await.unwrap();
    for _ in 0..10 {
        assert_ne!(token_as(&mock, "mock-client-id:wrong-secret").await, 200);
    }
    // The Auth group allows 5 a minute: the real app still has all of them.
    for _ in 0..5 {
        assert_eq!(token_as(&mock, "mock-client-id:mock-client-secret").await, 200);
    }
}
