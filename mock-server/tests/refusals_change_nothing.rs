//! Random sequences of valid and mutated requests against the in-process mock: a refused
//! request (4xx) leaves everything as it was, and nothing answers 5xx.

mod common;
use common::*;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A request of the sequence; thread and note ids are picked among the existing ones by index
/// (or made up).
#[derive(Debug, Clone)]
enum Req {
    Send { thread: Pick, text: Value, from: &'static str, to: Value },
    Assign { thread: Pick, assignee: Value },
    Resolve { thread: Pick },
    DeleteThread { thread: Pick },
    Note { thread: Pick, text: Value },
    EditNote { note: Pick, body: Value },
    DeleteNotes { ids: Value },
    DeleteMessages { ids: Value },
    List { path: &'static str, query: &'static str },
    Recipients { body: Value },
    Subscribe { body: Value },
    Inbound { from: &'static str, to: &'static str, text: Value },
    Raw { method: &'static str, path: &'static str, content_type: &'static str, body: &'static str },
}

/// An existing id by index, or one that does not exist.
#[derive(Debug, Clone)]
enum Pick {
    Existing(usize),
    Unknown(&'static str),
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        3 => (0usize..8).prop_map(Pick::Existing),
        1 => prop::sample::select(vec!["no-such-id", "0", "-1", "..", "%2e%2e", "99999999999999999999"]).prop_map(Pick::Unknown),
    ]
}

/// Valid values and wrong types.
fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => "[a-z ]{1,20}".prop_map(Value::from),
        1 => Just(json!("")),
        1 => Just(json!(5)),
        1 => Just(json!(null)),
        1 => Just(json!(["a"])),
        1 => Just(Value::from("x".repeat(1001))),
    ]
}

fn extension() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!({"extensionId": WAYNE}),
        json!({"extensionId": BETH}),
        json!({"extensionId": NORA}),
        json!({"extensionId": DAVE}),
        json!({"extensionId": "1"}),
        json!({"extensionId": 696658052_u64}),
        json!({"extensionId": true}),
        json!({}),
        json!(null),
        json!("Wayne"),
    ])
}

fn ids() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![json!([]), json!(["no-such-id"]), json!("x"), json!([1, 2]), json!(null)])
}

fn numbers() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![QUEUE, CUSTOMER, CUSTOMER_2, MAIN_NUMBER, "+1", "12345", "not a number", "+16505550199"])
}

fn req() -> impl Strategy<Value = Req> {
    prop_oneof![
        4 => (pick(), text(), prop_oneof![3 => Just(QUEUE), 1 => numbers()], prop::sample::select(vec![
            json!([{"phoneNumber": CUSTOMER}]), json!([{"phoneNumber": CUSTOMER_2}]), json!([]),
            json!([{"phoneNumber": CUSTOMER}, {"phoneNumber": CUSTOMER_2}]), json!("x"), json!([{"phone": 1}]),
        ]))
            .prop_map(|(thread, text, from, to)| Req::Send { thread, text, from, to }),
        3 => (pick(), extension()).prop_map(|(thread, assignee)| Req::Assign { thread, assignee }),
        2 => pick().prop_map(|thread| Req::Resolve { thread }),
        1 => pick().prop_map(|thread| Req::DeleteThread { thread }),
        3 => (pick(), text()).prop_map(|(thread, text)| Req::Note { thread, text }),
        2 => (pick(), prop_oneof![text().prop_map(|t| json!({"text": t})), Just(json!({})), Just(json!([]))])
            .prop_map(|(note, body)| Req::EditNote { note, body }),
        1 => ids().prop_map(|ids| Req::DeleteNotes { ids }),
        1 => ids().prop_map(|ids| Req::DeleteMessages { ids }),
        2 => prop::sample::select(vec![
            (MT, "threadStatus=Bogus"), (MT, "perPage=0"), (MT, "perPage=100000"), (MT, "page=-1"),
            (MT, "availability=Gone"), (MT, "creationTimeFrom=yesterday"), (MT, ""),
        ]).prop_map(|(path, query)| Req::List { path, query }),
        1 => prop::sample::select(vec![
            json!({"addedExtensionIds": [NORA]}), json!({"addedExtensionIds": ["1"]}), json!({}),
            json!({"removedExtensionIds": "x"}), json!({"addedExtensionIds": [NORA], "removedExtensionIds": [NORA]}),
        ]).prop_map(|body| Req::Recipients { body }),
        1 => prop::sample::select(vec![
            json!({"eventFilters": [], "deliveryMode": {"transportType": "WebHook", "address": "http://a.invalid/"}}),
            json!({"eventFilters": ["/restapi/v1.0/account/~/extension/~/message-threads"], "deliveryMode": {"transportType": "Pigeon"}}),
            json!({"eventFilters": ["/restapi/v1.0/account/~/extension/~/message-threads"], "deliveryMode": {"transportType": "WebHook", "address": "http://a.invalid/"}}),
            json!({"eventFilters": "x"}),
        ]).prop_map(|body| Req::Subscribe { body }),
        2 => (numbers(), numbers(), text()).prop_map(|(from, to, text)| Req::Inbound { from, to, text }),
        1 => prop::sample::select(vec![
            ("POST", "/message-threads/messages", "application/json", "{\"from\": "),
            ("POST", "/message-threads/notes", "text/plain", "hello"),
            ("POST", "/message-threads/messages", "application/json", "[1,2]"),
            ("PUT", "/message-threads", "application/json", "{}"),
            ("POST", "/message-threads/messages", "multipart/form-data", "--x\r\n"),
        ]).prop_map(|(method, path, content_type, body)| Req::Raw { method, path, content_type, body }),
    ]
}

/// Everything a refused request could have touched, as the users and the control API see it.
async fn snapshot(users: &[Api], control: &Api) -> Value {
    let mut seen = Vec::new();
    for u in users {
        for path in [
            format!("{MT}?availability=Alive&availability=Deleted&perPage=1000"),
            format!("{MT}/messages?availability=Alive&availability=Deleted&perPage=1000"),
            format!("{MT}/notes?availability=Alive&availability=Deleted&perPage=1000"),
            format!("{EXT}/{QUEUE_ID}/sms-recipients"),
            "/restapi/v1.0/subscription".to_owned(),
        ] {
            let r = u.get(&path).await;
            seen.push(json!({"path": path, "status": r.status, "body": r.json()}));
        }
    }
    seen.push(control.get("/mock/v1/websockets").await.json());
    Value::Array(seen)
}

fn ids_of(listing: &Value) -> Vec<String> {
    listing["records"]
        .as_array()
        .map(|r| r.iter().filter_map(|t| t["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn resolve(p: &Pick, known: &[String]) -> String {
    match p {
        Pick::Existing(i) if !known.is_empty() => known[i % known.len()].clone(),
        Pick::Existing(_) => "no-such-id".to_owned(),
        Pick::Unknown(s) => (*s).to_owned(),
    }
}

async fn send(api: &Api, control: &Api, req: &Req) -> Reply {
    let threads = ids_of(&api.get(&format!("{MT}?perPage=1000")).await.json());
    let notes = ids_of(&api.get(&format!("{MT}/notes?perPage=1000")).await.json());
    match req {
        Req::Send { thread, text, from, to } => {
            let body =
                json!({"threadId": resolve(thread, &threads), "from": {"phoneNumber": from}, "to": to, "text": text});
            api.post(&format!("{MT}/messages"), body).await
        }
        Req::Assign { thread, assignee } => {
            api.post(&format!("{MT}/{}/assign", resolve(thread, &threads)), json!({"assignee": assignee})).await
        }
        Req::Resolve { thread } => api.resolve(&resolve(thread, &threads)).await,
        Req::DeleteThread { thread } => api.delete(&format!("{MT}/{}", resolve(thread, &threads))).await,
        Req::Note { thread, text } => {
            api.post(&format!("{MT}/notes"), json!({"threadId": resolve(thread, &threads), "text": text})).await
        }
        Req::EditNote { note, body } => {
            api.json("PATCH", &format!("{MT}/notes/{}", resolve(note, &notes)), body.clone()).await
        }
        Req::DeleteNotes { ids } => api.json("DELETE", &format!("{MT}/notes"), json!({"ids": ids})).await,
        Req::DeleteMessages { ids } => api.json("DELETE", &format!("{MT}/messages"), json!({"ids": ids})).await,
        Req::List { path, query } => api.get(&format!("{path}?{query}")).await,
        Req::Recipients { body } => {
            api.post(&format!("{EXT}/{QUEUE_ID}/sms-recipients/bulk-assign"), body.clone()).await
        }
        Req::Subscribe { body } => api.post("/restapi/v1.0/subscription", body.clone()).await,
        Req::Inbound { from, to, text } => {
            control.post("/mock/v1/inbound", json!({"from": from, "to": to, "text": text})).await
        }
        Req::Raw { method, path, content_type, body } => {
            let path = format!("/restapi/v1.0/account/~{path}");
            api.send(method, &path, Some(content_type), body.as_bytes().to_vec(), &[]).await
        }
    }
}

proptest! {
    // Each case is a few HTTP round trips per request: a modest count keeps the suite fast.
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_refused_request_changes_nothing_and_nothing_is_a_server_error(
        seq in prop::collection::vec((0usize..3, req()), 1..10)
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let mock = mock().await;
            // The clock stands still, so that nothing falls due between two snapshots.
            mock.set_clock(mock.now());
            mock.inbound(CUSTOMER, QUEUE, "Hello").await.unwrap();
            mock.inbound(CUSTOMER_2, QUEUE, "Hi there").await.unwrap();
            let users = [Api::login(&mock, "jwt-101").await, Api::login(&mock, "jwt-102").await, Api::login(&mock, "jwt-105").await];
            let control = Api::anonymous(&mock);
            for (who, req) in &seq {
                let before = snapshot(&users, &control).await;
                let r = send(&users[*who], &control, req).await;
                prop_assert!(r.status < 500, "{req:?} answered {}: {}", r.status, String::from_utf8_lossy(&r.bytes));
                if r.status >= 400 {
                    prop_assert!(!r.code().is_empty(), "{req:?}: an envelope with an errorCode: {}", String::from_utf8_lossy(&r.bytes));
                    let after = snapshot(&users, &control).await;
                    prop_assert_eq!(&before, &after, "{:?} was refused ({}) but changed the state", req, r.status);
                }
            }
            mock.shutdown().await;
            Ok(())
        })?;
    }
}
