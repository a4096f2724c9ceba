//! WebSocket gateway frames as the SDKs send and read them: `[meta]` or `[meta, body]`.

use rcthreads_wire::gateway::{Frame, FrameMeta, FrameType, WsToken, Wsc};
use serde_json::{Value, json};

fn parsed(text: &str) -> Frame {
    Frame::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn a_client_request_is_read_with_its_meta_and_body() {
    let text = r#"[{"type":"ClientRequest","messageId":"m-1","method":"POST","path":"/restapi/v1.0/subscription","headers":{}},{"eventFilters":["/restapi/v1.0/account/~/message-threads/sync"],"deliveryMode":{"transportType":"WebSocket"}}]"#;
    let frame = parsed(text);
    assert_eq!(frame.meta.kind, FrameType::ClientRequest);
    assert_eq!(frame.meta.message_id.as_deref(), Some("m-1"));
    assert_eq!(
        (frame.meta.method.as_deref(), frame.meta.path.as_deref()),
        (Some("POST"), Some("/restapi/v1.0/subscription"))
    );
    assert_eq!(frame.body.as_ref().unwrap()["deliveryMode"]["transportType"], json!("WebSocket"));
    assert_eq!(serde_json::from_str::<Value>(&frame.render()).unwrap(), serde_json::from_str::<Value>(text).unwrap());
}

#[test]
fn a_heartbeat_has_no_body() {
    let frame = parsed(r#"[{"type":"Heartbeat","messageId":"h-1"}]"#);
    assert_eq!((frame.meta.kind, frame.body), (FrameType::Heartbeat, None));
    let mut answer = FrameMeta::new(FrameType::Heartbeat);
    answer.message_id = Some("h-1".into());
    let rendered: Value = serde_json::from_str(&Frame::new(answer, None).render()).unwrap();
    assert_eq!(rendered, json!([{ "type": "Heartbeat", "messageId": "h-1" }]));
}

#[test]
fn what_is_not_a_frame_is_refused_saying_why() {
    for (text, why) in [
        ("nope", "not JSON"),
        (r#"{"type":"Heartbeat"}"#, "JSON array"),
        ("[]", "not 0"),
        (r#"[{"type":"Heartbeat"},{},{}]"#, "not 3"),
        (r#"[{"messageId":"m-1"}]"#, "frame meta"),
    ] {
        let e = Frame::parse(text).expect_err(text);
        assert!(e.to_string().contains(why), "{text}: {e}");
    }
    // One body or none.
    assert!(Frame::parse(r#"[{"type":"Heartbeat"},{}]"#).unwrap().body.is_some());
}

#[test]
fn a_notification_is_written_around_its_body_as_it_is() {
    let mut meta = FrameMeta::new(FrameType::ServerNotification);
    meta.message_id = Some("n-1".into());
    meta.status = Some(200);
    meta.wsc = Some(Wsc { token: "w-1".into(), sequence: 7 });
    let body = r#"{"uuid":"u-1","event":"/restapi/v1.0/account/~/message-threads/sync"}"#;
    let text = Frame::render_raw(&meta, body);
    assert_eq!(
        text,
        r#"[{"type":"ServerNotification","messageId":"n-1","status":200,"wsc":{"token":"w-1","sequence":7}},{"uuid":"u-1","event":"/restapi/v1.0/account/~/message-threads/sync"}]"#
    );
    let frame = parsed(&text);
    assert_eq!(frame.meta, meta);
    assert_eq!(frame.body.unwrap()["uuid"], json!("u-1"));
}

#[test]
fn an_error_frame_answers_the_bad_frame_with_a_status_code_and_message() {
    let frame = Frame::error(Some("m-9".into()), 400, "WSG-400", "a frame is a JSON array");
    assert_eq!(
        serde_json::from_str::<Value>(&frame.render()).unwrap(),
        json!([{ "type": "Error", "messageId": "m-9", "status": 400 }, { "errorCode": "WSG-400", "message": "a frame is a JSON array" }])
    );
    let unanswered = Frame::error(None, 401, "WSG-401", "bad token");
    assert_eq!((unanswered.meta.message_id, unanswered.meta.status), (None, Some(401)));
}

#[test]
fn a_ws_token_shows_its_address_and_lifetime_but_not_itself_in_debug_output() {
    let token = WsToken { uri: "ws://127.0.0.1:1/ws".into(), ws_access_token: "wst-secret".into(), expires_in: 600 };
    let shown = format!("{token:?}");
    assert!(shown.contains("ws://127.0.0.1:1/ws") && shown.contains("600"), "{shown}");
    assert!(!shown.contains("wst-secret"), "{shown}");
}
