//! Real-time subscriptions over the mock's WebSocket gateway: delivery, recipients, recovery,
//! subscribing again, errors, heartbeats, removal on drop, and the `watch_inbox` example.

mod common;

use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use rcthreads_mock::gateway::Limits;
use rcthreads_mock::{Fixture, MockServer, Settings};
use rcthreads_transport::{Client, Error, PushEvent, Subscription};
use rcthreads_wire::auth::TokenInfo;
use rcthreads_wire::subscription::{ENTRY_EVENT_FILTER, SubscriptionInfo, THREAD_EVENT_FILTER, TransportType};
use serde_json::{Value, json};

#[allow(dead_code)]
#[path = "../examples/watch_inbox.rs"]
mod watch_inbox;

const CUSTOMER_2: &str = "+16502240002";
const CUSTOMER_3: &str = "+16502240003";
/// Long enough for any event on loopback; reaching it is a failure, not a measurement.
const PATIENCE: Duration = Duration::from_secs(15);

async fn next(s: &mut Subscription) -> Result<PushEvent, Error> {
    tokio::time::timeout(PATIENCE, s.next()).await.expect("an item in time").expect("the stream goes on")
}

async fn subscribed(s: &mut Subscription) -> SubscriptionInfo {
    match next(s).await {
        Ok(PushEvent::Subscribed(info)) => info,
        other => panic!("expected Subscribed, got {other:?}"),
    }
}

/// The next `n` thread or entries events: (kind, lastModifiedTime, subscription id).
async fn events(s: &mut Subscription, n: usize) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    while out.len() < n {
        match next(s).await {
            Ok(PushEvent::Threads(e)) => {
                out.push(("threads", e.body.last_modified_time.to_rfc3339(), e.subscription_id));
            }
            Ok(PushEvent::Entries(e)) => {
                out.push(("entries", e.body.last_modified_time.to_rfc3339(), e.subscription_id));
            }
            other => panic!("expected an event, got {other:?}"),
        }
    }
    out
}

fn both(c: &Client) -> Subscription {
    c.subscribe([THREAD_EVENT_FILTER, ENTRY_EVENT_FILTER])
}

/// The time of an inbound text, as events carry it.
async fn inbound(mock: &MockServer, from: &str, text: &str) -> String {
    let m = mock.inbound(from, QUEUE, text).await.expect("inbound");
    let v = serde_json::to_value(m).unwrap();
    chrono::DateTime::parse_from_rfc3339(v["lastModifiedTime"].as_str().unwrap()).unwrap().to_utc().to_rfc3339()
}

async fn sessions(mock: &MockServer) -> Vec<Value> {
    control(mock, "GET", "/mock/v1/websockets", None).await["records"].as_array().unwrap().clone()
}

/// Polls the control API until `ok` holds (the gateway's own tasks move on their own).
async fn until(mock: &MockServer, what: &str, ok: impl Fn(&[Value]) -> bool) {
    for _ in 0..150 {
        if ok(&sessions(mock).await) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: {:?}", sessions(mock).await);
}

fn statuses(journal: &[(String, String, u16)], suffix: &str) -> Vec<u16> {
    journal.iter().filter(|(_, p, _)| p.ends_with(suffix)).map(|r| r.2).collect()
}

fn mock_with(limits: Limits) -> Settings {
    Settings { gateway: limits, ..Settings::default() }
}

#[tokio::test]
async fn an_inbound_text_arrives_as_a_thread_and_an_entries_event() {
    let (mock, wayne) = wayne().await;
    let mut s = both(&wayne);
    let info = subscribed(&mut s).await;
    assert_eq!(info.delivery_mode.transport_type, TransportType::WebSocket);
    let listed = wayne.list_subscriptions().await.unwrap();
    assert_eq!(listed.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [info.id.as_str()]);

    let at = inbound(&mock, CUSTOMER, "Hello?").await;
    let mut got = events(&mut s, 2).await;
    got.sort();
    assert_eq!(got, [("entries", at.clone(), info.id.clone()), ("threads", at, info.id.clone())]);
}

#[tokio::test]
async fn a_non_handler_gets_nothing() {
    let (mock, wayne) = wayne().await;
    let nora = login(&mock, "jwt-105").await;
    let mut to_wayne = both(&wayne);
    subscribed(&mut to_wayne).await;
    // Renewed every 1.5 s; once removed, the renewal's 404 makes the stream subscribe again.
    let mut to_nora = nora.subscription([THREAD_EVENT_FILTER, ENTRY_EVENT_FILTER]).expires_in(2).start();
    let first = subscribed(&mut to_nora).await;

    let at = inbound(&mock, CUSTOMER, "Hello?").await;
    assert!(events(&mut to_wayne, 2).await.iter().all(|e| e.1 == at), "Wayne, a handler, is told");
    // The gateway sends a session's frames in order: had the text been for Nora, it would come
    // before the answer that makes her stream subscribe again.
    nora.delete_subscription(&first.id).await.unwrap();
    match next(&mut to_nora).await {
        Ok(PushEvent::Resubscribed(again)) => assert_ne!(again.id, first.id),
        other => panic!("Nora handles nothing, yet got {other:?}"),
    }
    // The new subscription goes on (quietly: Nora handles nothing).
    let after = tokio::time::timeout(Duration::from_secs(1), to_nora.next()).await;
    assert!(after.is_err(), "the stream yielded {after:?} after subscribing again");
    let journal = journal(&mock).await;
    assert!(journal.iter().any(|(m, p, s)| m == "PUT" && p.ends_with(&first.id) && *s == 404), "{journal:?}");
}

#[tokio::test]
async fn a_dropped_connection_is_recovered_and_what_was_missed_arrives_once_in_order() {
    let (mock, wayne) = wayne().await;
    let mut s = both(&wayne);
    let info = subscribed(&mut s).await;
    // The gateway token expires while connected: the reconnection must get a new one. Its first
    // attempt meets a 503, so that the texts below arrive while the client is away.
    mock.advance_clock(601);
    control(
        &mock,
        "POST",
        "/mock/v1/faults",
        Some(json!({"pathPattern": "/oauth/wstoken$", "times": 1,
        "fault": {"type": "unavailable", "retryAfter": 2}})),
    )
    .await;
    let dropped = control(&mock, "POST", "/mock/v1/websockets/drop", Some(json!({}))).await;
    assert_eq!(dropped["dropped"], 1);
    until(&mock, "Wayne's session waits for a recovery", |r| r.len() == 1 && r[0]["connected"] == false).await;
    let one = inbound(&mock, CUSTOMER, "One").await;
    let two = inbound(&mock, CUSTOMER_2, "Two").await;
    let missed = sessions(&mock).await;
    assert_eq!(missed[0]["missed"], 4, "{missed:?}");

    let mut got = events(&mut s, 4).await;
    got[..2].sort();
    got[2..].sort();
    let id = info.id.clone();
    let expected = [
        ("entries", one.clone(), id.clone()),
        ("threads", one, id.clone()),
        ("entries", two.clone(), id.clone()),
        ("threads", two, id.clone()),
    ];
    assert_eq!(got, expected);
    // Nothing twice: the next event is the next text's, on the same subscription.
    let three = inbound(&mock, CUSTOMER_3, "Three").await;
    assert!(events(&mut s, 2).await.iter().all(|e| e.1 == three && e.2 == id));
    let j = journal(&mock).await;
    assert_eq!(statuses(&j, "/oauth/wstoken"), [200, 503, 200], "{j:?}");
    assert_eq!(sessions(&mock).await.len(), 1, "the same session, recovered");
}

#[tokio::test]
async fn a_session_that_cannot_be_recovered_is_subscribed_again() {
    let limits = Limits { recovery_timeout: Duration::from_millis(200), ..Limits::default() };
    let mock = MockServer::start_with(Fixture::default_accounts(), mock_with(limits)).await.unwrap();
    let wayne = login(&mock, "jwt-101").await;
    let mut s = both(&wayne);
    let first = subscribed(&mut s).await;
    // The reconnection waits out a 503 of 2 s: the session has ended by then.
    control(
        &mock,
        "POST",
        "/mock/v1/faults",
        Some(json!({"pathPattern": "/oauth/wstoken$", "times": 1,
        "fault": {"type": "unavailable", "retryAfter": 2}})),
    )
    .await;
    control(&mock, "POST", "/mock/v1/websockets/drop", Some(json!({}))).await;
    let again = match next(&mut s).await {
        Ok(PushEvent::Resubscribed(info)) => info,
        other => panic!("expected Resubscribed, got {other:?}"),
    };
    assert_ne!(again.id, first.id);
    let at = inbound(&mock, CUSTOMER, "Still there?").await;
    assert!(events(&mut s, 2).await.iter().all(|e| e.1 == at && e.2 == again.id));
    let listed = wayne.list_subscriptions().await.unwrap();
    assert_eq!(listed.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [again.id.as_str()]);
}

#[tokio::test]
async fn a_refused_token_is_an_error_item_and_the_stream_ends() {
    let mock = MockServer::start().await.unwrap();
    let c = client(&mock);
    let made_up: TokenInfo = serde_json::from_value(
        json!({"access_token": "made-up", "token_type": "bearer", "expires_in": 3600, "scope": ""}),
    )
    .unwrap();
    c.set_token(made_up);
    let mut s = both(&c);
    let e = next(&mut s).await.unwrap_err();
    assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
    assert!(s.next().await.is_none(), "an error ends the stream");
    // Never logged in at all: the same, as the client's own error.
    let mut s = both(&client(&mock));
    assert!(matches!(next(&mut s).await, Err(Error::NotLoggedIn)));
}

#[tokio::test]
async fn a_session_that_cannot_be_reopened_is_an_error_item() {
    let (mock, wayne) = wayne().await;
    let mut s = wayne.subscription([THREAD_EVENT_FILTER]).reconnect_for(Duration::from_secs(1)).start();
    subscribed(&mut s).await;
    // Every new gateway token is refused by a broken connection, then the socket goes.
    control(
        &mock,
        "POST",
        "/mock/v1/faults",
        Some(json!({"pathPattern": "/oauth/wstoken$", "fault": {"type": "drop"}})),
    )
    .await;
    let dropped = std::time::Instant::now();
    control(&mock, "POST", "/mock/v1/websockets/drop", Some(json!({}))).await;
    let e = next(&mut s).await.unwrap_err();
    assert!(matches!(&e, Error::SessionClosed(last) if last.is_transport()), "{e:?}");
    assert!(s.next().await.is_none());
    // Tried again after 0.1, 0.2 and 0.4 s, and not once more as the next pause (0.8 s) would
    // end past the second allowed: at most four attempts, the last one 0.7 s or more after the drop.
    assert!(dropped.elapsed() >= Duration::from_millis(700), "gave up after {:?}", dropped.elapsed());
    let attempts = statuses(&journal(&mock).await, "/oauth/wstoken").len() - 1;
    assert!((2..=4).contains(&attempts), "{attempts} attempts to reopen");
}

#[tokio::test]
async fn heartbeats_keep_an_idle_connection_open() {
    let limits = Limits { idle_timeout: Duration::from_secs(1), ..Limits::default() };
    let mock = MockServer::start_with(Fixture::default_accounts(), mock_with(limits)).await.unwrap();
    let wayne = login(&mock, "jwt-101").await;
    let mut s = both(&wayne);
    subscribed(&mut s).await;
    // Three idle timeouts pass with nothing to deliver.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let at = inbound(&mock, CUSTOMER, "Hello?").await;
    assert!(events(&mut s, 2).await.iter().all(|e| e.1 == at));
    assert_eq!(statuses(&journal(&mock).await, "/oauth/wstoken"), [200], "never reconnected");
}

#[tokio::test]
async fn dropping_the_stream_removes_the_subscription_and_closes_the_socket() {
    let (mock, wayne) = wayne().await;
    let mut s = both(&wayne);
    subscribed(&mut s).await;
    until(&mock, "one connected session", |r| r.len() == 1 && r[0]["connected"] == true).await;
    drop(s);
    until(&mock, "the socket closed, the subscription removed", |r| {
        r.len() == 1 && r[0]["connected"] == false && r[0]["subscriptions"] == json!([])
    })
    .await;
    assert!(wayne.list_subscriptions().await.unwrap().records.is_empty());
}

#[tokio::test]
async fn the_watch_inbox_example_prints_events_as_they_arrive() {
    let mock = MockServer::start().await.unwrap();
    let lookup = |vars: Vec<(&'static str, String)>| move |n: &str| vars.iter().find(|v| v.0 == n).map(|v| v.1.clone());
    let missing = watch_inbox::Settings::read(lookup(vec![])).unwrap_err();
    assert!(missing.contains("RC_SERVER") && missing.contains("RC_USER_JWT"), "{missing}");
    let vars = vec![
        ("RC_SERVER", mock.url()),
        ("RC_CLIENT_ID", CLIENT_ID.to_owned()),
        ("RC_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
        ("RC_USER_JWT", "jwt-101".to_owned()),
        ("RC_WATCH_EVENTS", "2".to_owned()),
    ];
    let settings = watch_inbox::Settings::read(lookup(vars)).unwrap();
    let mut lines = Vec::new();
    let watching = tokio::spawn(async move {
        let mut out = Vec::new();
        watch_inbox::run(&settings, &mut out).await.map_err(|e| e.to_string())?;
        Ok::<_, String>(String::from_utf8(out).unwrap())
    });
    until(&mock, "the example subscribed", |r| {
        r.len() == 1 && r[0]["subscriptions"].as_array().is_some_and(|s| s.len() == 1)
    })
    .await;
    inbound(&mock, CUSTOMER, "Hello?").await;
    let printed = tokio::time::timeout(PATIENCE, watching).await.expect("done in time").unwrap().unwrap();
    lines.extend(printed.lines().map(str::to_owned));
    assert!(lines[0].starts_with("subscribed"), "{printed}");
    assert!(lines.iter().any(|l| l.starts_with("thread event") && l.contains(CUSTOMER)), "{printed}");
    assert!(lines.iter().any(|l| l.starts_with("message event")), "{printed}");
}
