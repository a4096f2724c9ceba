//! Refresh, retries, transport failures, the domain port, and the examples, against the mock.

mod common;

use std::time::{Duration, Instant};

use common::*;
use rcthreads_domain::{self as d, ThreadMessaging};
use rcthreads_mock::MockServer;
use rcthreads_transport::{Client, Error, RetryPolicy};
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::query::MthListThreadsParameters;
use serde_json::json;

#[allow(dead_code)]
#[path = "../examples/send_thread_message.rs"]
mod send_thread_message;
#[allow(dead_code)]
#[path = "../examples/shared_numbers.rs"]
mod shared_numbers;
#[allow(dead_code)]
#[path = "../examples/sync_threads.rs"]
mod sync_threads;

fn all() -> MthListThreadsParameters {
    MthListThreadsParameters::default()
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_call_succeeds() {
    let (mock, wayne) = wayne().await;
    let before = wayne.token().unwrap();
    mock.advance_clock(3600);
    wayne.list_threads(&all()).await.unwrap();
    assert_ne!(wayne.token().unwrap().access_token(), before.access_token());
    let journal = journal(&mock).await;
    let threads: Vec<u16> = journal.iter().filter(|(_, p, _)| p.ends_with("/message-threads")).map(|r| r.2).collect();
    assert_eq!(threads, [401, 200]);
    assert_eq!(count(&mock, "POST", "/oauth/token").await, 2);
}

/// A client of the mock that refreshes its token when less than an hour (its whole lifetime)
/// is left, so before every call.
fn refreshing_early(mock: &MockServer) -> Client {
    Client::builder()
        .server(mock.url())
        .credentials(CLIENT_ID, CLIENT_SECRET)
        .refresh_before(Duration::from_secs(3600))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_token_close_to_expiry_is_refreshed_before_the_call() {
    let mock = MockServer::start().await.unwrap();
    let c = refreshing_early(&mock);
    let first = c.login_jwt("jwt-101").await.unwrap();
    c.list_threads(&all()).await.unwrap();
    assert_ne!(c.token().unwrap().access_token(), first.access_token());
    assert_eq!(count(&mock, "POST", "/oauth/token").await, 2);
    assert!(journal(&mock).await.iter().all(|r| r.2 != 401));
}

#[tokio::test]
async fn a_session_without_a_refresh_token_is_used_as_it_is() {
    let mock = MockServer::start().await.unwrap();
    let c = refreshing_early(&mock);
    let mut info = c.login_jwt("jwt-101").await.unwrap().info;
    // Kept without its refresh token: close to expiry, but nothing to refresh it with.
    info.refresh_token = None;
    c.set_token(info.clone());
    c.list_threads(&all()).await.unwrap();
    assert_eq!(c.token().unwrap().access_token(), info.access_token);
    assert_eq!(count(&mock, "POST", "/oauth/token").await, 1);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_at_most_once_per_call() {
    let threads = "GET /restapi/v1.0/account/~/message-threads";
    let refresh = "POST /restapi/oauth/token";
    // Still expired after the refresh (a server whose clock is ahead): the 401 is the answer.
    let (url, seen) = scripted(vec![
        envelope(&ErrorResponse::token_expired()),
        (200, token_json("a2")),
        envelope(&ErrorResponse::token_expired()),
        (200, token_json("a3")),
    ])
    .await;
    let c = holding_a1(&url);
    let e = c.list_threads(&all()).await.unwrap_err();
    assert!(matches!(&e, Error::Unauthorized(_)), "{e:?}");
    assert_eq!(*seen.lock().unwrap(), [threads, refresh, threads]);
    assert_eq!(c.token().unwrap().access_token(), "a2");
}

#[tokio::test]
async fn only_an_expired_token_is_refreshed() {
    // A token the server does not know (revoked, say) is not refreshed: the user must log in.
    let (url, seen) = scripted(vec![envelope(&ErrorResponse::token_invalid()), (200, token_json("a2"))]).await;
    let c = holding_a1(&url);
    let e = c.list_threads(&all()).await.unwrap_err();
    assert!(matches!(&e, Error::Unauthorized(_)), "{e:?}");
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(c.token().unwrap().access_token(), "a1");
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after() {
    let (mock, wayne) = wayne().await;
    fault(&mock, json!({"type": "rateLimit", "retryAfter": 1})).await;
    let started = Instant::now();
    wayne.list_threads(&all()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "the retry came before Retry-After: {:?}", started.elapsed());
    let statuses: Vec<u16> =
        journal(&mock).await.iter().filter(|r| r.1.ends_with("/message-threads")).map(|r| r.2).collect();
    assert_eq!(statuses, [429, 200]);
}

#[tokio::test]
async fn a_503_is_retried_after_retry_after() {
    let (mock, wayne) = wayne().await;
    fault(&mock, json!({"type": "unavailable", "retryAfter": 1})).await;
    let started = Instant::now();
    wayne.list_threads(&all()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "the retry came before Retry-After: {:?}", started.elapsed());
    let statuses: Vec<u16> =
        journal(&mock).await.iter().filter(|r| r.1.ends_with("/message-threads")).map(|r| r.2).collect();
    assert_eq!(statuses, [503, 200]);
}

#[tokio::test]
async fn a_send_answered_503_is_not_sent_again() {
    let (mock, wayne) = wayne().await;
    fault(&mock, json!({"type": "unavailable", "retryAfter": 1})).await;
    let e = wayne.send_message(&text(QUEUE, CUSTOMER, "Hi")).await.unwrap_err();
    assert!(matches!(&e, Error::Api(f) if f.status == 503), "{e:?}");
    let statuses: Vec<u16> = journal(&mock).await.iter().filter(|r| r.1.ends_with("/messages")).map(|r| r.2).collect();
    assert_eq!(statuses, [503], "a gateway's 503 may come after the send went out: it is not repeated");
    // A 429 is refused before anything runs, so a send is retried after it.
    fault(&mock, json!({"type": "rateLimit", "retryAfter": 1})).await;
    wayne.send_message(&text(QUEUE, CUSTOMER, "Hi")).await.unwrap();
}

#[tokio::test]
async fn with_retries_off_429_and_503_come_back_typed() {
    let mock = MockServer::start().await.unwrap();
    let c = Client::builder()
        .server(mock.url())
        .credentials(CLIENT_ID, CLIENT_SECRET)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    c.login_jwt("jwt-101").await.unwrap();
    fault(&mock, json!({"type": "rateLimit", "retryAfter": 7})).await;
    let e = c.list_threads(&all()).await.unwrap_err();
    let Error::RateLimited { retry_after, .. } = &e else { panic!("{e:?}") };
    assert_eq!(*retry_after, Duration::from_secs(7));
    assert_eq!(e.code(), Some("CMN-301"));
    fault(&mock, json!({"type": "unavailable", "retryAfter": 1})).await;
    let e = c.list_threads(&all()).await.unwrap_err();
    assert!(matches!(&e, Error::Api(f) if f.status == 503), "{e:?}");
    assert_eq!(count(&mock, "GET", "/message-threads").await, 2);
}

#[tokio::test]
async fn retries_are_bounded() {
    let (mock, wayne) = wayne().await;
    // Three 429s in a row: the policy of the tests allows two retries.
    let spec = json!({"pathPattern": "/message-threads$", "times": 3, "fault": {"type": "rateLimit", "retryAfter": 0}});
    control(&mock, "POST", "/mock/v1/faults", Some(spec)).await;
    let e = wayne.list_threads(&all()).await.unwrap_err();
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert_eq!(count(&mock, "GET", "/message-threads").await, 3);
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let (mock, wayne) = wayne().await;
    let q = MthListThreadsParameters { per_page: Some(0), ..Default::default() };
    let e = wayne.list_threads(&q).await.unwrap_err();
    assert_eq!((e.status(), e.code(), e.parameter_name()), (Some(400), Some("CMN-101"), Some("perPage")));
    assert!(e.has_code("CMN-101") && !e.has_code("MSG-427"), "{e:?}");
    assert!(!e.is_transport(), "an answer came");
    assert!(e.to_string().starts_with("HTTP 400: CMN-101: "), "{e}");
    assert_eq!(count(&mock, "GET", "/message-threads").await, 1);
}

#[tokio::test]
async fn transport_failures_are_their_own_variants() {
    // Nothing listens on a port just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = Client::builder().server(format!("http://127.0.0.1:{port}")).credentials("a", "b").build().unwrap();
    let e = c.login_jwt("jwt-101").await.unwrap_err();
    assert!(matches!(e, Error::Connect(_)), "{e:?}");
    assert!(e.is_transport());
    // The first message a user sees says why, not only "client error (Connect)".
    assert!(e.to_string().to_lowercase().contains("connection refused"), "{e}");
    assert!(e.to_string().starts_with(&format!("cannot connect to http://127.0.0.1:{port}: ")), "{e}");
    // hyper's own wrapper says nothing its sources do not.
    assert!(!e.to_string().contains("client error ("), "{e}");

    // The short timeout covers only the delayed call: the token comes from a client with the
    // usual timeout, so a slow login on a loaded machine cannot fail the test.
    let (mock, wayne) = wayne().await;
    let slow = Client::builder()
        .server(mock.url())
        .credentials(CLIENT_ID, CLIENT_SECRET)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    slow.set_token(wayne.token().unwrap().info);
    fault(&mock, json!({"type": "delay", "ms": 3000})).await;
    assert!(matches!(slow.list_threads(&all()).await, Err(Error::Timeout(_))));

    fault(&mock, json!({"type": "drop"})).await;
    let e = slow.list_threads(&all()).await.unwrap_err();
    assert!(matches!(e, Error::Body(_) | Error::Transport(_)), "{e:?}");
}

/// What an application does through the port, whatever implements it.
async fn handle_a_customer<P: ThreadMessaging>(port: &P, me: d::ExtensionId) -> Result<(), P::Error> {
    let queue: d::PhoneNumber = QUEUE.parse().unwrap();
    let customer: d::PhoneNumber = CUSTOMER.parse().unwrap();
    let sent = port.send_message(d::OutboundMessage::sms(queue, customer, "Hi Tom")).await?;
    let thread = port.read_thread(sent.thread_id()).await?;
    assert_eq!(thread.state(), d::ThreadState::Assigned(me));

    let page = port.list_threads(d::ThreadQuery::default()).await?;
    assert_eq!((page.records.len(), page.paging.total_elements), (1, 1));
    let open = port.assign_thread(thread.id(), None).await?;
    assert_eq!(open.state(), d::ThreadState::Open);
    port.assign_thread(thread.id(), Some(me)).await?;

    let note = port.create_note(thread.id(), "Called him".into()).await?;
    let note = port.update_note(note.id(), "Called him twice".into()).await?;
    assert_eq!(note.text(), "Called him twice");
    let q = d::NoteQuery { thread_ids: vec![thread.id()], ..Default::default() };
    assert_eq!(port.list_notes(q).await?.records.len(), 1);

    let q = d::MessageQuery { thread_ids: vec![thread.id()], ..Default::default() };
    let messages = port.list_messages(q.clone()).await?;
    assert_eq!(messages.records[0].text(), "Hi Tom");

    let full = port.sync_threads(None).await?;
    assert_eq!((full.sync_type, full.threads.len()), (d::SyncType::FSync, 1));
    let entries = port.sync_entries(d::EntryScope::AssignedToMe, None).await?;
    assert!(entries.entries.iter().any(|e| matches!(e, d::OwnedEntry::Message(_))));
    assert!(entries.entries.iter().any(|e| matches!(e, d::OwnedEntry::Hint(_))));

    port.delete_notes(vec![note.id()]).await?;
    let q = d::NoteQuery { thread_ids: vec![thread.id()], ..Default::default() };
    assert!(port.list_notes(q).await?.records.is_empty(), "the note is deleted");
    port.delete_messages(vec![sent.id()]).await?;
    let later = port.sync_entries(d::EntryScope::AssignedToMe, Some(entries.token)).await?;
    assert_eq!(later.sync_type, d::SyncType::ISync);
    assert!(
        later
            .entries
            .iter()
            .any(|e| matches!(e, d::OwnedEntry::Message(m) if m.availability() == d::Availability::Deleted))
    );

    let resolved = port.resolve_thread(thread.id()).await?;
    assert_eq!(resolved.state(), d::ThreadState::Resolved);
    let changed = port.sync_threads(Some(full.token)).await?;
    assert_eq!(changed.sync_type, d::SyncType::ISync);
    port.delete_thread(thread.id()).await?;
    assert!(port.list_threads(d::ThreadQuery::default()).await?.records.is_empty());
    Ok(())
}

#[tokio::test]
async fn the_port_over_http_behaves_as_the_in_memory_port() {
    let (_mock, wayne) = wayne().await;
    let me: d::ExtensionId = wayne.token().unwrap().owner_id().unwrap().parse().unwrap();
    handle_a_customer(&wayne, me).await.unwrap();

    let start = d::Timestamp::from_millis(1_773_349_593_706);
    let inbox = d::Inbox::new(d::sample::ACCOUNT, d::sample::directory(), d::SequentialIds::default());
    let memory = d::InMemoryThreadMessaging::new(inbox, d::sample::WAYNE, start);
    handle_a_customer(&memory, d::sample::WAYNE).await.unwrap();
}

#[tokio::test]
async fn the_port_reports_msg_427() {
    let (mock, wayne) = wayne().await;
    let beth = login(&mock, "jwt-102").await;
    wayne.send_message(&text(QUEUE, CUSTOMER, "Hi")).await.unwrap();
    let sms = d::OutboundMessage::sms(QUEUE.parse().unwrap(), CUSTOMER.parse().unwrap(), "Hello");
    let e = ThreadMessaging::send_message(&beth, sms).await.unwrap_err();
    assert!(matches!(e, Error::ThreadNotAssigned { .. }), "{e:?}");
}

fn settings(mock: &MockServer) -> [(&'static str, String); 4] {
    [
        ("RC_SERVER", mock.url()),
        ("RC_CLIENT_ID", CLIENT_ID.to_owned()),
        ("RC_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
        ("RC_USER_JWT", "jwt-101".to_owned()),
    ]
}

fn lookup<'a>(vars: &'a [(&'static str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |k| vars.iter().find(|(name, _)| *name == k).map(|(_, v)| v.clone())
}

#[tokio::test]
async fn example_send_thread_message() {
    let mock = MockServer::start().await.unwrap();
    let mut vars = settings(&mock).to_vec();
    let missing = send_thread_message::Settings::read(lookup(&vars)).unwrap_err();
    assert!(missing.contains("RC_RECIPIENT"), "{missing}");
    vars.push(("RC_RECIPIENT", CUSTOMER.to_owned()));
    let s = send_thread_message::Settings::read(lookup(&vars)).unwrap();
    send_thread_message::run(&s).await.unwrap();
    // Run again as Beth: the thread is Wayne's, so MSG-427 is printed, not a crash.
    let wayne = login(&mock, "jwt-101").await;
    assert_eq!(wayne.list_threads(&all()).await.unwrap().records.len(), 1);
    let beth = send_thread_message::Settings { jwt: "jwt-102".into(), ..s };
    let e = send_thread_message::run(&beth).await.unwrap_err();
    assert!(e.to_string().contains("MSG-427"), "{e}");
}

#[tokio::test]
async fn example_shared_numbers() {
    let mock = MockServer::start().await.unwrap();
    let vars = settings(&mock);
    let s = shared_numbers::Settings::read(lookup(&vars)).unwrap();
    shared_numbers::run(&s).await.unwrap();
    // The example showed the main site, every sub-site and every call queue: one handler
    // listing each, and none of the listings it walked was empty.
    let c = login(&mock, "jwt-101").await;
    let sites = c.sites().await.unwrap().records.len();
    let queues = c.call_queues().await.unwrap().records.len();
    assert!(sites > 0 && queues > 0, "the seed has sub-sites ({sites}) and call queues ({queues})");
    assert_eq!(count(&mock, "GET", "/sms-recipients").await, 1 + sites + queues);
    assert_eq!(count(&mock, "GET", "/phone-number").await, 1 + sites + queues);
    assert!(shared_numbers::Settings::read(|_| None).unwrap_err().contains("RC_SERVER"));
}

#[tokio::test]
async fn example_sync_threads() {
    let mock = MockServer::start().await.unwrap();
    mock.inbound(CUSTOMER, QUEUE, "Hello").await.unwrap();
    let mut vars = settings(&mock).to_vec();
    vars.push(("RC_SYNC_ROUNDS", "2".into()));
    vars.push(("RC_SYNC_INTERVAL_SECS", "0".into()));
    let s = sync_threads::Settings::read(lookup(&vars)).unwrap();
    assert_eq!(s.rounds, Some(2));
    sync_threads::run(&s).await.unwrap();
    assert_eq!(count(&mock, "GET", "/message-threads/sync").await, 3);
}

#[tokio::test]
async fn debug_output_never_shows_a_secret() {
    let (mock, client) = wayne().await;
    let token = client.token().expect("logged in");
    let secrets = [
        "mock-client-secret".to_owned(),
        "jwt-101".to_owned(),
        token.access_token().to_owned(),
        token.info.refresh_token.clone().expect("a refresh token"),
    ];
    let builder = Client::builder().server(mock.url()).credentials("mock-client-id", "mock-client-secret");
    let request = rcthreads_wire::auth::GetTokenRequest::jwt("jwt-101");
    let revoke = rcthreads_wire::auth::RevokeTokenRequest { token: token.access_token().to_owned() };
    let shown = [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{token:?}"),
        format!("{:?}", token.info),
        format!("{request:?}"),
        format!("{revoke:?}"),
    ];
    for text in &shown {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{text} shows {secret}");
        }
    }
    assert!(shown[1].contains("mock-client-id"), "the client id is not a secret: {}", shown[1]);
    // What a client shows: where it talks to and whether it is logged in.
    assert!(shown[0].contains(&format!("{:?}", mock.url())) && shown[0].contains("logged_in: true"), "{}", shown[0]);
}

#[tokio::test]
async fn answers_over_the_size_limit_are_refused() {
    let mock = MockServer::start().await.unwrap();
    let c = Client::builder()
        .server(mock.url())
        .credentials(CLIENT_ID, CLIENT_SECRET)
        .max_response_bytes(64)
        .build()
        .unwrap();
    // A token answer is a few hundred bytes.
    let e = c.login_jwt("jwt-101").await.unwrap_err();
    assert!(matches!(e, Error::Body(_)), "{e:?}");
}

#[tokio::test]
async fn answers_of_several_mebibytes_are_read_by_default() {
    // A token answer padded to 8 MiB, as a large attachment would be.
    let mut big = token_json("big");
    big.insert_str(big.len() - 1, &" ".repeat(8 << 20));
    let (url, _) = scripted(vec![(200, big)]).await;
    let c = Client::builder().server(url).credentials("a", "b").build().unwrap();
    assert_eq!(c.login_jwt("jwt-101").await.unwrap().access_token(), "big");
}

#[tokio::test]
async fn an_id_of_dots_stays_one_path_segment() {
    let (mock, wayne) = wayne().await;
    let e = wayne.read_thread("..").await.unwrap_err();
    assert!(matches!(&e, Error::Api(_) | Error::NotFound(_)), "{e:?}");
    let paths: Vec<String> = journal(&mock).await.into_iter().map(|r| r.1).collect();
    assert!(paths.iter().any(|p| p.ends_with("/message-threads/%2E%2E")), "{paths:?}");
    assert!(!paths.iter().any(|p| p.ends_with("/account/~")), "never the parent path: {paths:?}");
}
