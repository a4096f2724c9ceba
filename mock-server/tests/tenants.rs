//! Tenants: isolated accounts made while the mock runs, so that parallel tests sharing one mock
//! see nothing of each other (threads, notifications, sync tokens, clocks).

mod common;
use std::time::Duration;

use common::webhook::{Delivery, receiver, subscribe};
use common::*;
use rcthreads_mock::MockServer;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedReceiver;

/// Makes a tenant copying Mock Advisory LLC; returns its record.
async fn copy(control: &Api) -> Value {
    let r = control.post("/mock/v1/accounts", json!({"copyOf": ACCOUNT_ID})).await;
    assert_eq!(r.status, 201, "{:?}", r.json());
    r.json()
}

/// The JWT assertion of the user with this extension number in an account record.
fn jwt(record: &Value, extension_number: &str) -> String {
    let users = record["users"].as_array().unwrap();
    let u = users.iter().find(|u| u["extensionNumber"] == extension_number).unwrap();
    u["jwt"].as_str().unwrap().to_owned()
}

async fn login_jwt(base: &str, jwt: &str) -> Api {
    let mut api = Api::at(base.to_owned());
    let form = format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={jwt}");
    let r = api.token_form(&form).await;
    assert_eq!(r.status, 200, "login with {jwt}: {:?}", r.json());
    api.token = Some(r.json()["access_token"].as_str().unwrap().to_owned());
    api
}

/// An account list without the clocks' times, which follow real time.
fn without_clocks(mut list: Value) -> Value {
    for r in list["records"].as_array_mut().unwrap() {
        r["clock"]["now"] = Value::Null;
    }
    list
}

async fn account_count(control: &Api) -> usize {
    control.get("/mock/v1/accounts").await.json()["records"].as_array().unwrap().len()
}

fn sync_token(v: &Value) -> String {
    v["syncInfo"]["syncToken"].as_str().unwrap().to_owned()
}

/// Every delivery that arrives within `quiet` of the previous one.
async fn drain(rx: &mut UnboundedReceiver<Delivery>, quiet: Duration) -> Vec<Value> {
    let mut v = Vec::new();
    while let Ok(Some(d)) = tokio::time::timeout(quiet, rx.recv()).await {
        v.push(d.body);
    }
    v
}

/// The seed story in one tenant: a customer texts the queue, Wayne takes the thread and
/// answers, Beth is refused (MSG-427); the tenant then moves its clock by `n` × 5 minutes.
async fn story(base: String, n: usize) -> (String, Value, Vec<Value>, String) {
    let control = Api::at(base.clone());
    let record = copy(&control).await;
    let id = record["id"].as_str().unwrap().to_owned();
    let wayne = login_jwt(&base, &jwt(&record, "101")).await;
    let beth = login_jwt(&base, &jwt(&record, "102")).await;
    let (address, mut rx) = receiver(true).await;
    assert_eq!(subscribe(&wayne, &address, "t").await.status, 200);
    let fsync = wayne.get(&format!("{MT}/sync")).await.json();

    let customer = format!("+1650224{:04}", n);
    let r = control
        .post(&format!("/mock/v1/accounts/{id}/inbound"), json!({"from": customer, "to": QUEUE, "text": "Hi"}))
        .await;
    assert_eq!(r.status, 200, "{:?}", r.json());
    let thread = r.json()["threadId"].as_str().unwrap().to_owned();
    assert_eq!(wayne.assign(&thread, Some(WAYNE)).await.status, 200);
    assert_eq!(wayne.reply(&thread, QUEUE, &customer, "Hello").await.status, 200);
    let refused = beth.reply(&thread, QUEUE, &customer, "Me too").await;
    assert_eq!(refused.code(), "MSG-427");

    // The tenant's own clock: n × 5 minutes ahead, stopped (within the access token's hour).
    let clock = control.post(&format!("/mock/v1/accounts/{id}/clock"), json!({"advanceSeconds": n * 300})).await;
    assert_eq!(clock.status, 200);
    let isync = wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={}", sync_token(&fsync))).await.json();
    assert_eq!(ids(&isync), vec![thread.clone()], "only this tenant's thread");
    assert_eq!(wayne.thread_count().await, 1);
    let events = drain(&mut rx, Duration::from_millis(500)).await;
    (id, clock.json(), events, sync_token(&isync))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_tenants_run_the_seed_story_without_crosstalk() {
    let mock = mock().await;
    let control = Api::anonymous(&mock);
    let runs: Vec<_> = (1..=6).map(|n| tokio::spawn(story(mock.url(), n))).collect();
    let mut results = Vec::new();
    for r in runs {
        results.push(r.await.expect("story"));
    }
    let mut seen = std::collections::HashSet::new();
    for (n, (id, clock, events, _)) in results.iter().enumerate() {
        assert!(seen.insert(id.clone()), "ids never repeat");
        assert_ne!(id, ACCOUNT_ID);
        assert_ne!(id, OTHER_ACCOUNT_ID);
        assert_eq!(clock["followsRealTime"], false);
        let own = format!("/restapi/v1.0/account/{id}/");
        assert!(!events.is_empty(), "tenant {id} was notified");
        for e in events {
            assert!(e["event"].as_str().unwrap().starts_with(&own), "tenant {id} got {e}");
        }
        // The clocks moved by different amounts, each its own.
        let shown = control.get(&format!("/mock/v1/accounts/{id}/clock")).await.json();
        assert_eq!(shown, *clock, "tenant {n}'s clock stayed where it put it");
    }
    // The clocks differ by the minutes each moved (each was frozen at its own move).
    let times: Vec<chrono::DateTime<chrono::Utc>> =
        results.iter().map(|r| rcthreads_wire::time::parse(r.1["now"].as_str().unwrap()).unwrap()).collect();
    assert!(times.windows(2).all(|w| w[1] > w[0] + chrono::Duration::minutes(4)), "{times:?}");

    // A sync token of one tenant means nothing in another.
    let (first, second) = (&results[0], &results[1]);
    let first_record = control.get(&format!("/mock/v1/accounts/{}", first.0)).await.json();
    let wayne_1 = login_jwt(&mock.url(), &jwt(&first_record, "101")).await;
    let r = wayne_1.get(&format!("{MT}/sync?syncType=ISync&syncToken={}", second.3)).await;
    assert_eq!((r.status, r.parameter()), (400, "syncToken".into()));
    // Nor can one tenant's user name another account.
    let r = wayne_1.get(&format!("/restapi/v1.0/account/{}/message-threads", second.0)).await;
    assert_eq!((r.status, r.parameter()), (404, "accountId".into()));

    // The built-in accounts saw nothing, and the mock-wide clock still follows real time.
    let built_in = Api::login(&mock, "jwt-101").await;
    assert_eq!(built_in.thread_count().await, 0);
    assert_eq!(control.get("/mock/v1/clock").await.json()["followsRealTime"], true);
    assert_eq!(account_count(&control).await, 2 + 6);
}

#[tokio::test]
async fn a_tenant_from_a_fixture_account_gets_a_fresh_id_and_assertions() {
    let mock = mock().await;
    let control = Api::anonymous(&mock);
    let mut account = serde_json::to_value(rcthreads_mock::Fixture::default_accounts().accounts[1].clone()).unwrap();
    account.as_object_mut().unwrap().remove("id");
    let r = control.post("/mock/v1/accounts", account.clone()).await;
    assert_eq!(r.status, 201, "{:?}", r.json());
    let record = r.json();
    let id = record["id"].as_str().unwrap().to_owned();
    assert_eq!(record["tenant"], true);
    assert_eq!(record["name"], "Other Corp");
    assert_eq!(jwt(&record, "201"), format!("jwt-{id}-201"));
    // The same account again: another id, other assertions (parallel suites post one file).
    let again = control.post("/mock/v1/accounts", account).await.json();
    assert_ne!(again["id"], record["id"]);

    let olga = login_jwt(&mock.url(), &jwt(&record, "201")).await;
    assert_eq!(olga.get(&format!("/restapi/v1.0/account/{id}/extension")).await.status, 200);
    // The built-in user of the same extension number still logs in to the built-in account.
    let built_in = Api::login(&mock, "jwt-201").await;
    assert_eq!(built_in.get(&format!("/restapi/v1.0/account/{OTHER_ACCOUNT_ID}/extension")).await.status, 200);
    assert_eq!(built_in.get(&format!("/restapi/v1.0/account/{id}/extension")).await.status, 404);
    // `/mock/v1/inbound` routes by number among the built-in accounts only.
    assert_eq!(control.inbound(CUSTOMER, SUPPORT_QUEUE, "Hi").await.status, 200);
    assert_eq!(built_in.thread_count().await, 1);
    assert_eq!(olga.thread_count().await, 0);
}

#[tokio::test]
async fn refused_requests_change_nothing() {
    let mock = mock().await;
    let control = Api::anonymous(&mock);
    let tenant = copy(&control).await;
    let tid = tenant["id"].as_str().unwrap().to_owned();
    let before = without_clocks(control.get("/mock/v1/accounts").await.json());

    let mut bad_handler =
        serde_json::to_value(rcthreads_mock::Fixture::default_accounts().accounts[0].clone()).unwrap();
    bad_handler["id"] = "".into();
    bad_handler["resources"][0]["handlers"][0]["extensionId"] = "999".into();
    let mut bad_status = bad_handler.clone();
    bad_status["resources"][0]["handlers"][0]["extensionId"] = WAYNE.into();
    bad_status["users"][1]["status"] = "Sleeping".into();
    let mut taken_id = bad_status.clone();
    taken_id["users"][1]["status"] = "Enabled".into();
    let mut taken_jwt = taken_id.clone();
    taken_id["id"] = ACCOUNT_ID.into();
    taken_jwt["users"][0]["jwt"] = "jwt-101".into();
    let mut tenant_jwt = taken_jwt.clone();
    tenant_jwt["users"][0]["jwt"] = jwt(&tenant, "101").into();
    let mut same_jwt_twice = taken_jwt.clone();
    same_jwt_twice["users"][0]["jwt"] = "mine".into();
    same_jwt_twice["users"][2]["jwt"] = "mine".into();

    let cases: Vec<(Value, u16, &str)> = vec![
        (json!([1, 2]), 400, "body"),
        (json!({"copyOf": "123"}), 400, "copyOf"),
        (json!({"copyOf": tid}), 400, "copyOf"),
        (json!({"copyOf": ACCOUNT_ID, "name": "x"}), 400, "body"),
        (json!({"name": "No users"}), 400, "CMN-100"),
        (bad_handler, 400, "resources[0].handlers[0]"),
        (bad_status, 400, "users[1].status"),
        (taken_id, 409, "id"),
        (taken_jwt, 409, "users[0].jwt"),
        (tenant_jwt, 409, "users[0].jwt"),
        (same_jwt_twice, 409, "users[2].jwt"),
    ];
    for (body, status, parameter) in cases {
        let r = control.post("/mock/v1/accounts", body.clone()).await;
        assert_eq!(r.status, status, "{body}: {:?}", r.json());
        assert!(r.parameter() == parameter || r.code() == parameter, "{body}: {:?}", r.json());
    }
    let r = control.send("POST", "/mock/v1/accounts", Some("application/json"), b"{".to_vec(), &[]).await;
    assert_eq!(r.status, 400);

    // A built-in account cannot be deleted or given its own clock; unknown ones are 404.
    let r = control.delete(&format!("/mock/v1/accounts/{ACCOUNT_ID}")).await;
    assert_eq!((r.status, r.parameter()), (400, "accountId".into()));
    let r = control.post(&format!("/mock/v1/accounts/{ACCOUNT_ID}/clock"), json!({"advanceSeconds": 60})).await;
    assert_eq!((r.status, r.parameter()), (400, "accountId".into()));
    for path in ["/mock/v1/accounts/123", "/mock/v1/accounts/abc"] {
        assert_eq!(control.delete(path).await.status, 404);
        assert_eq!(control.post(&format!("{path}/reset"), json!({})).await.status, 404);
    }
    let r = control.post(&format!("/mock/v1/accounts/{tid}/clock"), json!({"advanceSeconds": -1})).await;
    assert_eq!((r.status, r.parameter()), (400, "advanceSeconds".into()));
    let r = control
        .post(&format!("/mock/v1/accounts/{tid}/inbound"), json!({"from": CUSTOMER, "to": SUPPORT_QUEUE, "text": "x"}))
        .await;
    assert_eq!((r.status, r.parameter()), (400, "to".into()), "a number of another account");

    assert_eq!(without_clocks(control.get("/mock/v1/accounts").await.json()), before, "nothing changed");
    assert_eq!(control.get("/mock/v1/clock").await.json()["followsRealTime"], true);
}

#[tokio::test]
async fn deleting_a_tenant_ends_its_sessions_subscriptions_and_websockets() {
    let mock = mock().await;
    let control = Api::anonymous(&mock);
    let record = copy(&control).await;
    let id = record["id"].as_str().unwrap().to_owned();
    let wayne = login_jwt(&mock.url(), &jwt(&record, "101")).await;
    let (address, _rx) = receiver(true).await;
    assert_eq!(subscribe(&wayne, &address, "t").await.status, 200);
    let (mut socket, _) = common::ws::Ws::connect(&wayne, None).await;
    socket.subscribe().await;
    assert_eq!(control.get("/mock/v1/websockets").await.json()["records"].as_array().unwrap().len(), 1);
    let built_in = Api::login(&mock, "jwt-101").await;
    assert_eq!(subscribe(&built_in, &address, "t").await.status, 200);

    assert_eq!(control.delete(&format!("/mock/v1/accounts/{id}")).await.status, 204);
    assert_eq!(wayne.get(MT).await.status, 401, "its sessions ended");
    assert_eq!(control.get("/mock/v1/websockets").await.json()["records"], json!([]));
    assert_eq!(socket.try_next().await, None, "its connection was dropped");
    let form =
        format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={}", jwt(&record, "101"));
    assert_eq!(wayne.token_form(&form).await.status, 400, "its assertions no longer log in");
    assert_eq!(control.get(&format!("/mock/v1/accounts/{id}")).await.status, 404);
    assert_eq!(account_count(&control).await, 2);
    // The built-in account kept its subscription.
    let subs = built_in.get("/restapi/v1.0/subscription").await.json();
    assert_eq!(subs["records"].as_array().unwrap().len(), 1);
    // A new tenant never gets the deleted one's id.
    assert_ne!(copy(&control).await["id"], record["id"]);
}

#[tokio::test]
async fn resets_one_tenant_or_all() {
    let mock = mock().await;
    let control = Api::anonymous(&mock);
    let (a, b) = (copy(&control).await, copy(&control).await);
    let (a_id, b_id) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let wayne_a = login_jwt(&mock.url(), &jwt(&a, "101")).await;
    let wayne_b = login_jwt(&mock.url(), &jwt(&b, "101")).await;
    for id in [a_id, b_id] {
        let r = control
            .post(&format!("/mock/v1/accounts/{id}/inbound"), json!({"from": CUSTOMER, "to": QUEUE, "text": "Hi"}))
            .await;
        assert_eq!(r.status, 200);
    }
    control.post(&format!("/mock/v1/accounts/{a_id}/clock"), json!({"advanceSeconds": 60})).await;
    assert_eq!(control.post(&format!("/mock/v1/accounts/{a_id}/reset"), json!({})).await.status, 204);
    assert_eq!(wayne_a.thread_count().await, 0, "a is back to its configuration");
    assert_eq!(control.get(&format!("/mock/v1/accounts/{a_id}/clock")).await.json()["followsRealTime"], true);
    assert_eq!(wayne_b.thread_count().await, 1, "b kept its thread");

    // `POST /mock/v1/reset` is back to the fixture: no tenants.
    assert_eq!(control.post("/mock/v1/reset", json!({})).await.status, 204);
    assert_eq!(account_count(&control).await, 2);
    assert_eq!(wayne_b.get(MT).await.status, 401);
}

#[tokio::test]
async fn tenants_are_bounded() {
    let mock = mock().await;
    let control = Api::anonymous(&mock);
    let max = rcthreads_mock::state::MAX_TENANTS;
    let mut held = Vec::new();
    for _ in 0..max {
        held.push(mock.tenant().await.expect("a tenant"));
    }
    let r = control.post("/mock/v1/accounts", json!({"copyOf": ACCOUNT_ID})).await;
    assert_eq!((r.status, r.parameter()), (409, "body".into()), "{:?}", r.json());
    assert!(mock.tenant().await.is_err());
    assert_eq!(account_count(&control).await, 2 + max);
    // Dropping a handle deletes its tenant, which makes room.
    held.pop();
    assert_eq!(account_count(&control).await, 2 + max - 1);
    assert_eq!(copy(&control).await["tenant"], true);
}

#[tokio::test]
async fn the_in_process_handle_gives_ids_assertions_and_a_clock() {
    let mock = MockServer::start().await.unwrap();
    let (one, two) = (mock.tenant().await.unwrap(), mock.tenant().await.unwrap());
    assert_ne!(one.id(), two.id());
    let wayne = login_jwt(&mock.url(), one.jwt("101").unwrap()).await;
    let m = one.inbound(CUSTOMER, QUEUE, "Hi").unwrap();
    assert_eq!(wayne.thread_count().await, 1);
    assert!(two.inbound(CUSTOMER, SUPPORT_QUEUE, "Hi").is_err(), "not its number");

    // Its clock moves alone: the thread expires there, nowhere else.
    let built_in = mock.now();
    let t = one.advance_clock(72 * 3600);
    assert_eq!(one.now(), t);
    // Its tokens' lifetimes run on that clock too: the hour-long access token has lapsed.
    assert_eq!(wayne.get(MT).await.code(), "OAU-128");
    let wayne = login_jwt(&mock.url(), one.jwt("101").unwrap()).await;
    assert!(mock.now() < t, "the mock-wide clock did not move");
    assert!(mock.now() >= built_in);
    assert!(two.now() < t);
    let t = wayne.thread(&m.thread_id).await.json();
    assert_eq!(t["statusReason"], "ThreadExpired", "expired on the tenant's clock");
    drop(one);
    assert_eq!(wayne.get(MT).await.status, 401, "dropping the handle deleted the tenant");
}

#[tokio::test]
async fn a_tenant_timer_follows_its_own_clock() {
    let mock = mock().await;
    let control = Api::anonymous(&mock);
    let record = copy(&control).await;
    let id = record["id"].as_str().unwrap();
    // The tenant's clock runs years ahead; the mock-wide clock is stopped.
    let r = control.post(&format!("/mock/v1/accounts/{id}/clock"), json!({"set": "2031-06-01T00:00:00Z"})).await;
    assert_eq!(r.status, 200);
    control.post(&format!("/mock/v1/accounts/{id}/clock"), json!({"realTime": true})).await;
    assert_eq!(control.post("/mock/v1/clock", json!({"set": "2020-01-01T00:00:00Z"})).await.status, 200);

    let wayne = login_jwt(&mock.url(), &jwt(&record, "101")).await;
    let (address, mut rx) = receiver(true).await;
    assert_eq!(subscribe(&wayne, &address, "t").await.status, 200);
    let sent = wayne.send_message(QUEUE, CUSTOMER, "Hi Tom").await.json();
    assert!(sent["creationTime"].as_str().unwrap().starts_with("2031-06-01"), "{sent}");
    // Delivery progress (1 s and 2 s after) is applied and notified by the tenant's timer on
    // its clock, with no request in between.
    let created = rcthreads_wire::time::parse(sent["creationTime"].as_str().unwrap()).unwrap();
    let delivered = rcthreads_wire::time::format(&(created + chrono::Duration::seconds(2)));
    let seen = tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            let d = rx.recv().await.expect("open channel");
            if d.body["body"]["lastModifiedTime"] == delivered.as_str() {
                return d.body;
            }
        }
    })
    .await
    .expect("the change at +2 s of the tenant's clock was notified");
    assert_eq!(seen["event"], format!("/restapi/v1.0/account/{id}/message-threads/entries/sync"));
}
