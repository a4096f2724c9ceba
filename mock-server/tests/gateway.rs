//! The WebSocket gateway: tokens, the first frame, REST over the socket, subscriptions and their
//! notifications, heartbeats, bad frames, and recovery of a dropped session.

mod common;
use std::time::Duration;

use common::ws::{Ws, token};
use common::*;
use rcthreads_mock::gateway::Limits;
use rcthreads_mock::{Fixture, MockServer, Settings};
use serde_json::{Value, json};

fn threads_event() -> String {
    format!("/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/sync")
}

#[tokio::test]
async fn the_first_frame_states_the_session_and_its_limits() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let r = wayne.post("/restapi/oauth/wstoken", json!({})).await;
    assert_eq!(r.status, 200);
    let t = r.json();
    assert_eq!(t["uri"], format!("ws://{}/ws", mock.addr()));
    assert_eq!(t["expires_in"], 600);
    let (_ws, first) = Ws::connect(&wayne, None).await;
    let (meta, body) = (&first[0], &first[1]);
    assert_eq!(meta["status"], 200);
    assert!(meta["wsc"]["token"].as_str().is_some_and(|t| !t.is_empty()), "{meta}");
    assert_eq!(meta["wsc"]["sequence"], 1);
    for field in [
        "maxConnectionsPerSession",
        "recoveryBufferSize",
        "recoveryTimeout",
        "idleTimeout",
        "absoluteTimeout",
        "maxActiveRequests",
    ] {
        assert!(body[field].as_u64().is_some_and(|n| n > 0), "{field} in {body}");
    }
    assert!(body.get("recoveryState").is_none(), "no recovery was asked for");
    // Without a user's token there is no gateway token.
    assert_eq!(Api::anonymous(&mock).post("/restapi/oauth/wstoken", json!({})).await.status, 401);
}

#[tokio::test]
async fn rest_over_the_socket_answers_as_http_does_msg_427_included() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let (mut ws_wayne, _) = Ws::connect(&wayne, None).await;
    let (mut ws_beth, _) = Ws::connect(&beth, None).await;
    let send = |text: &str| json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": CUSTOMER}], "text": text});

    let a = ws_wayne.request("POST", &format!("{MT}/messages"), None, Some(send("Hi Tom"))).await;
    assert_eq!(a[0]["type"], "ClientRequest");
    assert_eq!(a[0]["status"], 200, "{a}");
    assert_eq!(a[1]["author"]["name"], "Wayne T");
    let thread = a[1]["threadId"].as_str().unwrap().to_owned();

    let refused = ws_beth.request("POST", &format!("{MT}/messages"), None, Some(send("Hello"))).await;
    assert_eq!(refused[0]["status"], 403, "{refused}");
    assert_eq!(refused[1]["errorCode"], "MSG-427");
    assert_eq!(refused[1]["errors"][0]["extensionId"], BETH);

    // Queries as an object (lists repeat the key), and the same records as over HTTP.
    let listed = ws_wayne.request("GET", MT, Some(json!({"status": ["Open"], "perPage": 10})), None).await;
    assert_eq!(listed[0]["status"], 200);
    assert_eq!(ids(&listed[1]), std::slice::from_ref(&thread));
    assert_eq!(listed[1], wayne.get(&format!("{MT}?status=Open&perPage=10")).await.json());
    // Errors of the router itself: an unknown path.
    let missing = ws_wayne.request("GET", "/restapi/v1.0/nowhere", None, None).await;
    assert_eq!((missing[0]["status"].as_u64(), missing[1]["errorCode"].as_str()), (Some(404), Some("CMN-102")));
    // Requests over the socket are journaled like any other.
    let journal = wayne.get("/mock/v1/requests").await.json();
    assert!(journal["records"].as_array().unwrap().iter().any(|r| r["status"] == 403), "{journal}");
}

#[tokio::test]
async fn subscriptions_over_the_socket_get_the_webhook_envelope_and_a_non_handler_gets_nothing() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let nora = Api::login(&mock, "jwt-105").await;
    let (mut ws, _) = Ws::connect(&wayne, None).await;
    let (mut ws_nora, _) = Ws::connect(&nora, None).await;
    let created = ws.subscribe().await;
    assert_eq!(created[0]["status"], 200, "{created}");
    let id = created[1]["id"].as_str().unwrap().to_owned();
    assert_eq!(created[0]["headers"]["WSG-SubscriptionId"], id.as_str());
    assert_eq!(created[1]["deliveryMode"]["transportType"], "WebSocket");
    assert_eq!(ws_nora.subscribe().await[0]["status"], 200);

    let message = wayne.inbound(CUSTOMER, QUEUE, "Hello?").await.json();
    let mut got = Vec::new();
    while got.len() < 2 {
        let f = ws.next().await;
        assert_eq!(f[0]["type"], "ServerNotification", "{f}");
        got.push(f);
    }
    let mut events: Vec<_> = got.iter().map(|f| f[1]["event"].as_str().unwrap().to_owned()).collect();
    events.sort();
    assert_eq!(events, [threads_event().replace("/sync", "/entries/sync"), threads_event()]);
    let mut sequences = Vec::new();
    for f in &got {
        assert_eq!(f[1]["subscriptionId"], id.as_str());
        assert_eq!(f[1]["ownerId"], WAYNE);
        assert_eq!(f[1]["body"]["lastModifiedTime"], message["lastModifiedTime"]);
        sequences.push(f[0]["wsc"]["sequence"].as_u64().unwrap());
    }
    assert!(sequences[0] < sequences[1], "wsc sequence grows: {sequences:?}");
    // Nora handles nothing: by the time her heartbeat is answered, nothing came before it.
    assert_eq!(ws_nora.heartbeat().await, Vec::<Value>::new());

    // Removed over the socket: nothing more arrives.
    let removed = ws.request("DELETE", &format!("/restapi/v1.0/subscription/{id}"), None, None).await;
    assert_eq!(removed[0]["status"], 204);
    wayne.inbound(CUSTOMER_2, QUEUE, "Anyone?").await;
    assert_eq!(ws.heartbeat().await, Vec::<Value>::new());
}

#[tokio::test]
async fn the_python_sdks_subscription_request_and_renewal_work() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (mut ws, _) = Ws::connect(&wayne, None).await;
    // No headers, a trailing slash: as the Python SDK sends it.
    ws.send(json!([
        {"type": "ClientRequest", "messageId": "py-1", "method": "POST", "path": "/restapi/v1.0/subscription/"},
        {"eventFilters": ["/restapi/v1.0/account/~/message-threads/sync"], "deliveryMode": {"transportType": "WebSocket"}}
    ]))
    .await;
    let a = ws.next().await;
    assert_eq!((a[0]["messageId"].as_str(), a[0]["status"].as_u64()), (Some("py-1"), Some(200)), "{a}");
    let id = a[0]["headers"]["WSG-SubscriptionId"].as_str().expect("the header the Python SDK looks for").to_owned();
    let renewed = ws
        .request(
            "PUT",
            &format!("/restapi/v1.0/subscription/{id}"),
            None,
            Some(json!({"eventFilters": [threads_event()], "deliveryMode": {"transportType": "WebSocket"}})),
        )
        .await;
    assert_eq!(renewed[0]["status"], 200);
    let unknown = ws.request("PUT", "/restapi/v1.0/subscription/nope", None, Some(json!({}))).await;
    assert_eq!(unknown[0]["status"], 404, "a 404 makes the JS SDK subscribe again");
    // Over plain HTTP a WebSocket subscription has no connection to go to.
    let r = wayne
        .post(
            "/restapi/v1.0/subscription",
            json!({"eventFilters": [threads_event()], "deliveryMode": {"transportType": "WebSocket"}}),
        )
        .await;
    assert_eq!((r.status, r.parameter()), (400, "deliveryMode.transportType".to_owned()));
}

#[tokio::test]
async fn bad_tokens_get_an_error_frame_and_a_close() {
    let mock = mock().await;
    let base = format!("ws://{}/ws", mock.addr());
    for url in [base.clone(), format!("{base}?access_token=made-up")] {
        let mut ws = Ws::open(&url).await;
        let f = ws.next().await;
        assert_eq!((f[0]["type"].as_str(), f[1]["errorCode"].as_str()), (Some("Error"), Some("WSG-401")), "{f}");
        assert!(f[1]["message"].as_str().unwrap().contains("wstoken"));
        assert!(ws.try_next().await.is_none(), "closed after the error");
    }
    // A token stops working when it expires on the mock's clock.
    let wayne = Api::login(&mock, "jwt-101").await;
    let (uri, t) = token(&wayne).await;
    wayne.advance(601).await;
    let mut ws = Ws::open(&format!("{uri}?access_token={t}")).await;
    assert_eq!(ws.next().await[1]["errorCode"], "WSG-401");
    // A plain GET is not a WebSocket.
    assert_eq!(Api::anonymous(&mock).get("/ws").await.status, 400);
}

#[tokio::test]
async fn malformed_unknown_and_oversized_frames_get_error_frames_and_the_connection_goes_on() {
    let limits = Limits { max_frame: 4096, ..Limits::default() };
    let mock = MockServer::start_with(Fixture::default_accounts(), Settings { gateway: limits, ..Settings::default() })
        .await
        .unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    let (mut ws, _) = Ws::connect(&wayne, None).await;
    let cases: [(String, &str); 7] = [
        ("not json".into(), "WSG-400"),
        ("{}".into(), "WSG-400"),
        ("[]".into(), "WSG-400"),
        (r#"[{"type": "ClientRequest", "method": "GET", "path": "/restapi/v1.0/subscription"}]"#.into(), "WSG-400"),
        (r#"[{"type": "ClientRequest", "messageId": "x", "method": "GET", "path": "relative"}]"#.into(), "WSG-400"),
        (r#"[{"type": "Gossip", "messageId": "g"}]"#.into(), "WSG-405"),
        (format!(r#"[{{"type": "Heartbeat", "messageId": "{}"}}]"#, "x".repeat(5000)), "WSG-413"),
    ];
    for (text, code) in &cases {
        ws.send_text(text).await;
        let f = ws.next().await;
        assert_eq!(
            (f[0]["type"].as_str(), f[1]["errorCode"].as_str()),
            (Some("Error"), Some(*code)),
            "{text:.60}: {f}"
        );
        assert!(!f[1]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(ws.heartbeat().await, Vec::<Value>::new(), "the connection still works");
}

#[tokio::test]
async fn a_dropped_session_is_recovered_with_what_it_missed_in_order() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (mut ws, first) = Ws::connect(&wayne, None).await;
    let wsc = first[0]["wsc"]["token"].as_str().unwrap().to_owned();
    let id = ws.subscribe().await[1]["id"].as_str().unwrap().to_owned();
    let listed = wayne.get("/mock/v1/websockets").await.json();
    assert_eq!(listed["records"][0]["subscriptions"], json!([id]));
    assert_eq!(listed["records"][0]["connected"], true);

    assert_eq!(wayne.post("/mock/v1/websockets/drop", json!({})).await.json()["dropped"], 1);
    assert!(ws.try_next().await.is_none(), "the connection is cut");
    // Two customers text while Wayne is away: four notifications wait for him.
    let first_text = wayne.inbound(CUSTOMER, QUEUE, "One").await.json();
    let second_text = wayne.inbound(CUSTOMER_2, QUEUE, "Two").await.json();
    let waiting = wayne.get("/mock/v1/websockets").await.json();
    assert_eq!(
        (waiting["records"][0]["connected"].as_bool(), waiting["records"][0]["missed"].as_u64()),
        (Some(false), Some(4))
    );

    let (mut ws, details) = Ws::connect(&wayne, Some(&wsc)).await;
    assert_eq!(details[1]["recoveryState"], "Successful");
    assert_eq!(details[0]["wsc"]["token"], wsc.as_str());
    let mut times = Vec::new();
    for _ in 0..4 {
        let f = ws.next().await;
        assert_eq!(
            (f[0]["type"].as_str(), f[1]["subscriptionId"].as_str()),
            (Some("ServerNotification"), Some(id.as_str()))
        );
        times.push(f[1]["body"]["lastModifiedTime"].clone());
    }
    let (one, two) = (&first_text["lastModifiedTime"], &second_text["lastModifiedTime"]);
    assert_eq!(times, [one.clone(), one.clone(), two.clone(), two.clone()], "once each, in order");
    assert_eq!(ws.heartbeat().await, Vec::<Value>::new(), "nothing twice");
    // The subscription still delivers after the recovery.
    wayne.inbound("+14083210003", QUEUE, "Three").await;
    assert_eq!(ws.next().await[0]["type"], "ServerNotification");

    // An unknown session is not recovered: a new one starts.
    let (_other, details) = Ws::connect(&wayne, Some("wsc-unknown")).await;
    assert_eq!(details[1]["recoveryState"], "Failed");
    assert_ne!(details[0]["wsc"]["token"], wsc.as_str());
}

#[tokio::test]
async fn a_session_not_recovered_in_time_ends_with_its_subscriptions() {
    let limits = Limits { recovery_timeout: Duration::from_millis(200), ..Limits::default() };
    let mock = MockServer::start_with(Fixture::default_accounts(), Settings { gateway: limits, ..Settings::default() })
        .await
        .unwrap();
    let wayne = Api::login(&mock, "jwt-101").await;
    let (mut ws, first) = Ws::connect(&wayne, None).await;
    let wsc = first[0]["wsc"]["token"].as_str().unwrap().to_owned();
    ws.subscribe().await;
    drop(ws);
    let mut ended = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if wayne.get("/mock/v1/websockets").await.json()["records"] == json!([]) {
            ended = true;
            break;
        }
    }
    assert!(ended, "the session ends after its recovery timeout");
    assert_eq!(wayne.get("/restapi/v1.0/subscription").await.json()["records"], json!([]));
    let (_ws, details) = Ws::connect(&wayne, Some(&wsc)).await;
    assert_eq!(details[1]["recoveryState"], "Failed");
}

#[tokio::test]
async fn shutting_the_mock_down_closes_its_websockets() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let (mut ws, _) = Ws::connect(&wayne, None).await;
    ws.subscribe().await;
    mock.shutdown().await;
    assert!(ws.try_next().await.is_none(), "the connection is closed, not left open");
}
