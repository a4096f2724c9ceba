//! Enforced limits in every rate-limit group: the group's limit of requests in a window, then
//! 429 CMN-301 with Retry-After. The group is read from `X-Rate-Limit-Group`, so the test holds
//! whichever group a route is in.

mod common;
use common::*;
use rcthreads_mock::rate_limit::Mode;
use rcthreads_mock::{Fixture, MockServer, Settings};

async fn enforcing() -> MockServer {
    let settings = Settings { rate_limits: Mode::Enforce, ..Settings::default() };
    MockServer::start_with(Fixture::default_accounts(), settings).await.unwrap()
}

/// Sends `request` until the window is used up, checking the group and its limit, then once more:
/// that one is refused.
async fn exhaust<F, Fut>(group: &str, limit: u32, request: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Reply>,
{
    let mut sent = 0;
    loop {
        let r = request().await;
        sent += 1;
        assert_ne!(r.status, 429, "{group}: refused after {sent} requests, before the limit");
        assert_eq!(r.header("x-rate-limit-group").as_deref(), Some(group));
        assert_eq!(r.header("x-rate-limit-limit"), Some(limit.to_string()));
        let remaining: u32 = r.header("x-rate-limit-remaining").unwrap().parse().unwrap();
        if remaining == 0 {
            break;
        }
        assert!(sent < limit, "{group}: {remaining} left after {sent} of {limit}");
    }
    let r = request().await;
    assert_eq!((r.status, r.code()), (429, "CMN-301".to_owned()), "{group}");
    assert_eq!(r.header("x-rate-limit-group").as_deref(), Some(group));
    assert_eq!(r.header("retry-after").as_deref(), Some("60"), "{group}");
}

#[tokio::test]
async fn every_group_is_enforced() {
    let mock = enforcing().await;
    // One window for all of it, whatever the machine's speed.
    Api::anonymous(&mock).advance(0).await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;

    let recipients = format!("{EXT}/{QUEUE_ID}/sms-recipients");
    exhaust("Light", 50, || wayne.get(&recipients)).await;
    exhaust("Heavy", 10, || wayne.get("/restapi/v2/accounts/~/phone-numbers")).await;
    // The Auth group counts per app: the two logins above used part of its window.
    exhaust("Auth", 5, || wayne.token_form("grant_type=refresh_token&refresh_token=nope")).await;

    // Each group has its own counter, and other users theirs.
    assert_eq!(wayne.get(MT).await.status, 200);
    assert_eq!(beth.get(&recipients).await.status, 200);
    assert_eq!(beth.get("/restapi/v2/accounts/~/phone-numbers").await.status, 200);
}
