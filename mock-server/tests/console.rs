//! The web console's server side: the page and its token, the inbox views, and the event
//! stream (`GET /mock/v1/events`) read over HTTP as a test or the page would.

mod common;

use std::time::Duration;

use bytes::Bytes;
use common::*;
use http_body_util::{BodyExt, Full};
use rcthreads_mock::{Fixture, MockServer, Settings};
use serde_json::{Value, json};

const ACCOUNT: &str = "/mock/v1/console/accounts/37439510";

/// An open event stream, read event by event.
struct Events {
    body: hyper::body::Incoming,
    buf: String,
}

impl Events {
    async fn open(mock: &MockServer, query: &str) -> Self {
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
        let req = hyper::Request::get(format!("{}/mock/v1/events{query}", mock.url()))
            .header("Accept", "text/event-stream")
            .body(Full::new(Bytes::new()))
            .unwrap();
        let resp = client.request(req).await.expect("events");
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["content-type"], "text/event-stream");
        let mut events = Self { body: resp.into_body(), buf: String::new() };
        let (name, _) = events.next().await;
        assert_eq!(name, "ready");
        events
    }

    /// The next event: its name and its data as JSON. A stream that stays silent for 10 s
    /// fails the test rather than hanging it.
    async fn next(&mut self) -> (String, Value) {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if data.is_empty() && name == "message" {
                    continue; // a keep-alive comment
                }
                return (name, serde_json::from_str(&data).unwrap_or(Value::Null));
            }
            let frame = tokio::time::timeout(Duration::from_secs(10), self.body.frame())
                .await
                .expect("an event within 10 s")
                .expect("the stream is open")
                .expect("a frame");
            if let Ok(data) = frame.into_data() {
                self.buf.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }

    /// The names of the next `n` events.
    async fn names(&mut self, n: usize) -> Vec<String> {
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(self.next().await.0);
        }
        v
    }
}

#[tokio::test]
async fn the_page_is_served_at_the_root_with_its_files_and_nothing_from_elsewhere() {
    let mock = mock().await;
    let c = Api::anonymous(&mock);
    let r = c.get("/").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"), "{csp}");
    let html = String::from_utf8_lossy(&r.bytes).into_owned();
    assert!(html.contains("/mock/console/app.js") && html.contains("/mock/console/app.css"));
    for (file, ty) in [("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8")] {
        let r = c.get(&format!("/mock/console/{file}")).await;
        assert_eq!((r.status, r.header("content-type").as_deref()), (200, Some(ty)), "{file}");
        assert!(!r.bytes.is_empty());
    }
    assert_eq!(c.get("/mock/console/other.js").await.status, 404);
    // The page and its files are the mock's own: not in the journal of the API under test.
    let journal = c.get("/mock/v1/requests").await.json();
    assert_eq!(journal["records"], json!([]));
}

#[tokio::test]
async fn with_a_control_token_a_browser_gives_it_once_on_the_url_then_by_cookie() {
    let settings = Settings { control_token: Some("s3 cret".into()), ..Settings::default() };
    let mock = MockServer::start_with(Fixture::default_accounts(), settings).await.unwrap();
    let c = Api::anonymous(&mock);
    assert_eq!(c.get("/").await.status, 401);
    assert_eq!(c.get("/mock/v1/console/accounts").await.status, 401);
    assert_eq!(c.get("/?token=wrong").await.status, 401);

    let r = c.get("/?token=s3+cret").await;
    assert_eq!(r.status, 200);
    let cookie = r.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let pair = cookie.split(';').next().unwrap().to_owned();

    let with_cookie = |path: &'static str| {
        let (c, pair) = (c.clone(), pair.clone());
        async move { c.send("GET", path, None, Vec::new(), &[("Cookie", &pair)]).await }
    };
    assert_eq!(with_cookie("/mock/v1/console/accounts").await.status, 200);
    assert_eq!(with_cookie("/mock/v1/clock").await.status, 200);
    assert_eq!(with_cookie("/mock/console/app.js").await.status, 200);
    let wrong = c.send("GET", "/mock/v1/clock", None, Vec::new(), &[("Cookie", "rcthreads_mock_token=nope")]).await;
    assert_eq!(wrong.status, 401);
    // The token on the URL works for the event stream, which a browser cannot give headers.
    assert_eq!(c.get("/mock/v1/clock?token=s3%20cret").await.status, 200);
}

#[tokio::test]
async fn accounts_list_their_shared_numbers_handlers_and_users() {
    let mock = mock().await;
    let v = Api::anonymous(&mock).get("/mock/v1/console/accounts").await.json();
    assert_eq!(v["clientId"], "mock-client-id");
    let acc = &v["records"][0];
    assert_eq!(acc["id"], "37439510");
    let queue = acc["sharedNumbers"].as_array().unwrap().iter().find(|n| n["number"] == QUEUE).unwrap();
    assert_eq!(queue["resource"]["name"], "Financial Advising Queue");
    let handlers: Vec<&str> =
        queue["handlers"].as_array().unwrap().iter().map(|h| h["name"].as_str().unwrap()).collect();
    assert_eq!(handlers, ["Wayne T", "Beth S", "Federick J", "Sam R"]);
    // A user's direct number is no shared number.
    assert!(!acc["sharedNumbers"].as_array().unwrap().iter().any(|n| n["number"] == WAYNE_DIRECT));
    let wayne = acc["users"].as_array().unwrap().iter().find(|u| u["id"] == WAYNE).unwrap();
    assert_eq!((wayne["name"].as_str(), wayne["jwt"].as_str()), (Some("Wayne T"), Some("jwt-101")));
}

#[tokio::test]
async fn threads_are_listed_per_number_with_status_assignee_and_time_left_and_filtered() {
    let mock = mock().await;
    mock.set_clock(rcthreads_domain::Timestamp::from_millis(1_800_000_000_000));
    let c = Api::anonymous(&mock);
    let first = c.inbound_thread(CUSTOMER, QUEUE, "first").await;
    let second = c.inbound_thread(CUSTOMER_2, QUEUE, "second").await;
    c.inbound_thread(CUSTOMER_3, BILLING, "billing").await;
    let wayne = Api::login(&mock, "jwt-101").await;
    assert_eq!(wayne.assign(&first, Some(WAYNE)).await.status, 200);
    mock.advance_clock(3600);

    let list = c.get(&format!("{ACCOUNT}/threads?sharedNumber=%2B15559870001")).await.json();
    assert_eq!(list["totalElements"], 2);
    let recs = list["records"].as_array().unwrap();
    // Latest activity first: the second customer wrote last.
    assert_eq!(recs[0]["id"], second.as_str());
    assert_eq!(recs[0]["status"], "open");
    assert_eq!(recs[1]["status"], "assigned");
    assert_eq!(recs[1]["assignee"]["name"], "Wayne T");
    assert_eq!(recs[1]["customerNumber"], CUSTOMER);
    assert_eq!(recs[1]["label"], "first");
    assert_eq!(recs[1]["expiresInSeconds"], 71 * 3600);

    let only = |q: &str| {
        let c = c.clone();
        let q = q.to_owned();
        async move {
            let v = c.get(&format!("{ACCOUNT}/threads?{q}")).await.json();
            v["records"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    assert_eq!(only("status=assigned").await, [first.as_str()]);
    assert_eq!(only(&format!("assigneeId={WAYNE}")).await, [first.as_str()]);
    assert_eq!(only(&format!("assigneeId={BETH}")).await, Vec::<String>::new());
    assert_eq!(only("sharedNumber=%2B15559870001&status=open").await, [second.as_str()]);
    assert_eq!(only("").await.len(), 3);

    // An hour on, Wayne's token has lapsed: he logs in again.
    let wayne = Api::login(&mock, "jwt-101").await;
    assert_eq!(wayne.resolve(&first).await.status, 200);
    mock.advance_clock(72 * 3600);
    assert_eq!(only("status=resolved").await, [first.as_str()]);
    assert_eq!(only("sharedNumber=%2B15559870001&status=expired").await, [second.as_str()]);
    let expired = c.get(&format!("{ACCOUNT}/threads?status=expired")).await.json();
    assert_eq!(expired["records"][0]["expiresInSeconds"], Value::Null);

    for (q, param) in [
        ("status=closed", "status"),
        ("sharedNumber=%2B16505550111", "sharedNumber"),
        ("sharedNumber=abc", "sharedNumber"),
        ("assigneeId=x", "assigneeId"),
        ("perPage=0", "perPage"),
        ("colour=red", "colour"),
    ] {
        let r = c.get(&format!("{ACCOUNT}/threads?{q}")).await;
        assert_eq!((r.status, r.parameter()), (400, param.to_owned()), "{q}: {}", String::from_utf8_lossy(&r.bytes));
    }
    let r = c.get("/mock/v1/console/accounts/1/threads").await;
    assert_eq!((r.status, r.parameter()), (404, "accountId".to_owned()));
}

#[tokio::test]
async fn ten_thousand_threads_are_paged() {
    let mock = mock().await;
    let c = Api::anonymous(&mock);
    let r = c.post("/mock/v1/load", json!({"threads": 10_000, "messagesPerThread": 1, "to": QUEUE})).await;
    assert_eq!(r.status, 200);
    let page = c.get(&format!("{ACCOUNT}/threads?sharedNumber=%2B15559870001&page=3&perPage=100")).await.json();
    assert_eq!((page["totalElements"].as_u64(), page["totalPages"].as_u64()), (Some(10_000), Some(100)));
    assert_eq!(page["records"].as_array().unwrap().len(), 100);
    let last = c.get(&format!("{ACCOUNT}/threads?sharedNumber=%2B15559870001&page=100&perPage=100")).await.json();
    assert_eq!(last["records"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn a_thread_shows_its_messages_delivery_notes_and_assignment_history() {
    let mock = mock().await;
    mock.set_clock(rcthreads_domain::Timestamp::from_millis(1_800_000_000_000));
    let c = Api::anonymous(&mock);
    let id = c.inbound_thread(CUSTOMER, QUEUE, "Hello?").await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    assert_eq!(wayne.assign(&id, Some(WAYNE)).await.status, 200);
    assert_eq!(wayne.reply(&id, QUEUE, CUSTOMER, "Hi Tom").await.status, 200);
    assert_eq!(beth.reply(&id, QUEUE, CUSTOMER, "Me too").await.code(), "MSG-427");
    assert_eq!(wayne.post(&format!("{MT}/notes"), json!({"threadId": id, "text": "VIP"})).await.status, 200);
    mock.advance_clock(5);
    c.inbound_thread(CUSTOMER, QUEUE, "STOP").await;
    assert_eq!(wayne.reply(&id, QUEUE, CUSTOMER, "Are you there?").await.status, 200);
    assert_eq!(wayne.assign(&id, Some(BETH)).await.status, 200);

    let v = c.get(&format!("{ACCOUNT}/threads/{id}")).await.json();
    assert_eq!(v["thread"]["assignee"]["name"], "Beth S");
    let msgs: Vec<(&str, &str, Option<&str>)> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["direction"].as_str().unwrap(), m["status"].as_str().unwrap(), m["deliveryErrorCode"].as_str()))
        .collect();
    assert_eq!(
        msgs,
        [
            ("Inbound", "Received", None),
            ("Outbound", "Delivered", None),
            ("Inbound", "Received", None),
            ("Outbound", "SendingFailed", Some("SMS-RC-410")),
        ]
    );
    assert_eq!(v["messages"][1]["author"]["name"], "Wayne T");
    assert_eq!(v["notes"][0]["text"], "VIP");
    assert_eq!(v["notes"][0]["author"]["name"], "Wayne T");
    let history: Vec<(String, String, String)> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let name = |k: &str| h[k]["name"].as_str().unwrap_or("-").to_owned();
            (h["kind"].as_str().unwrap().to_owned(), name("assignee"), name("initiator"))
        })
        .collect();
    let row = |k: &str, a: &str, i: &str| (k.to_owned(), a.to_owned(), i.to_owned());
    assert_eq!(
        history,
        [row("created", "-", "-"), row("assigned", "Wayne T", "Wayne T"), row("assigned", "Beth S", "Wayne T")]
    );

    let r = c.get(&format!("{ACCOUNT}/threads/not-a-thread")).await;
    assert_eq!((r.status, r.parameter()), (404, "threadId".to_owned()));
    let r = c.get(&format!("{ACCOUNT}/threads/00000000-0000-4000-8000-000000000000")).await;
    assert_eq!((r.status, r.parameter()), (404, "threadId".to_owned()));
}

#[tokio::test]
async fn events_stream_what_happens_as_it_happens() {
    let mock = mock().await;
    let c = Api::anonymous(&mock);
    let mut all = Events::open(&mock, "").await;

    let id = c.inbound_thread(CUSTOMER, QUEUE, "Hello").await;
    let (name, e) = all.next().await;
    assert_eq!(name, "threadCreated");
    assert_eq!((e["type"].as_str(), e["threadId"].as_str()), (Some("threadCreated"), Some(id.as_str())));
    assert_eq!(e["accountId"], "37439510");
    let (name, e) = all.next().await;
    assert_eq!((name.as_str(), e["status"].as_str()), ("messageAdded", Some("Received")));

    // A send by the app under test, then its delivery, moved on by the clock.
    let wayne = Api::login(&mock, "jwt-101").await;
    assert_eq!(wayne.assign(&id, Some(WAYNE)).await.status, 200);
    let (name, e) = all.next().await;
    assert_eq!((name.as_str(), e["extensionId"].as_str()), ("threadAssigned", Some(WAYNE)));
    assert_eq!(wayne.reply(&id, QUEUE, CUSTOMER, "Hi").await.status, 200);
    assert_eq!(all.next().await.1["status"], "Queued");
    mock.advance_clock(10);
    assert_eq!(all.names(3).await, ["messageStatusChanged", "messageStatusChanged", "clockMoved"]);

    // The 72-hour rule, by the clock.
    mock.advance_clock(72 * 3600);
    let (name, e) = all.next().await;
    assert_eq!((name.as_str(), e["threadId"].as_str()), ("threadExpired", Some(id.as_str())));
    assert_eq!(all.next().await.0, "clockMoved");

    mock.reset();
    assert_eq!(all.next().await.0, "reset");
}

#[tokio::test]
async fn events_can_be_filtered_and_a_bad_filter_is_refused() {
    let mock = mock().await;
    let c = Api::anonymous(&mock);
    let first = c.inbound_thread(CUSTOMER, QUEUE, "one").await;
    let mut mine = Events::open(&mock, &format!("?threadId={first}&types=messageAdded,noteAdded")).await;
    let mut other_account = Events::open(&mock, "?accountId=48550620&types=threadCreated").await;

    c.inbound_thread(CUSTOMER_2, QUEUE, "someone else").await;
    c.inbound_thread(CUSTOMER, QUEUE, "two").await;
    let (name, e) = mine.next().await;
    assert_eq!((name.as_str(), e["threadId"].as_str()), ("messageAdded", Some(first.as_str())));

    c.inbound_thread(CUSTOMER, SUPPORT_QUEUE, "other corp").await;
    let (name, e) = other_account.next().await;
    assert_eq!((name.as_str(), e["accountId"].as_str()), ("threadCreated", Some("48550620")));

    for (q, param) in
        [("?types=everything", "types"), ("?accountId=1", "accountId"), ("?threadId=x", "threadId"), ("?x=1", "x")]
    {
        let r = c.get(&format!("/mock/v1/events{q}")).await;
        assert_eq!((r.status, r.parameter()), (400, param.to_owned()), "{q}");
    }
}

#[tokio::test]
async fn a_bulk_change_is_one_resync_not_thousands_of_events() {
    let mock = mock().await;
    let c = Api::anonymous(&mock);
    let mut all = Events::open(&mock, "").await;
    let r = c.post("/mock/v1/load", json!({"threads": 2_000, "messagesPerThread": 1})).await;
    assert_eq!(r.status, 200);
    let (name, e) = all.next().await;
    assert_eq!((name.as_str(), e["accountId"].as_str()), ("resync", Some("37439510")));
    // Then events flow one by one again.
    let id = c.inbound_thread(CUSTOMER, QUEUE, "after the load").await;
    assert_eq!(all.next().await.1["threadId"], id.as_str());
}

#[tokio::test]
async fn stopping_the_mock_ends_the_event_streams() {
    let mock = mock().await;
    let mut events = Events::open(&mock, "").await;
    // A guard against a hang, not a measure: shutdown must not wait for the listener.
    tokio::time::timeout(Duration::from_secs(10), mock.shutdown()).await.expect("shutdown ends the streams");
    let end = tokio::time::timeout(Duration::from_secs(10), events.body.frame()).await.expect("the stream ends");
    assert!(end.is_none_or(|f| f.is_err()), "no more events after shutdown");
}
