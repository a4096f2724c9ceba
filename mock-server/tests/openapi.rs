//! The OpenAPI description matches the mock: the same routes, real answers valid against its
//! schemas, every error status documented.

mod common;
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

/// The document as served (without the control token, which it does not need).
async fn document(mock: &rcthreads_mock::MockServer) -> Value {
    let r = Api::anonymous(mock).get("/mock/v1/openapi.json").await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    doc
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// A concrete path for a template: ids become `~` or a made-up id.
fn concrete(template: &str) -> String {
    template
        .replace("{accountId}", "~")
        .replace("{extensionId}", "~")
        .replace("{file}", "app.js")
        .replace(['{', '}'], "")
}

/// Whether the router has this method at this path (anything but its method-not-allowed answer).
async fn serves(api: &Api, method: &str, template: &str) -> bool {
    let path = concrete(template);
    let reply = tokio::time::timeout(Duration::from_secs(2), api.try_send(method, &path, None, Vec::new(), &[]));
    match reply.await {
        // An event stream answers and never ends.
        Err(_) => true,
        Ok(r) => {
            let r = r.expect("an answer");
            !(r.status == 405 && r.json()["message"].as_str().is_some_and(|m| m.contains("is not allowed")))
        }
    }
}

#[tokio::test]
async fn every_route_served_is_described_and_every_described_route_is_served() {
    let mock = mock().await;
    let doc = document(&mock).await;
    let api = Api::login(&mock, "jwt-101").await;
    let mut served = rcthreads_mock::served_paths(std::sync::Arc::clone(mock.state()));
    served.sort();
    served.dedup();
    let mut described: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    described.sort();
    assert_eq!(served, described, "the router's paths and the document's");

    for path in &served {
        for method in METHODS {
            let in_doc = doc["paths"][path].get(method.to_lowercase()).is_some();
            assert_eq!(serves(&api, method, path).await, in_doc, "{method} {path}: served vs described");
        }
    }
}

/// Checks an answer against the document: its status is listed for the operation and a JSON body
/// validates against that status's schema.
fn check(doc: &Value, method: &str, template: &str, reply: &Reply) {
    let op = &doc["paths"][template][method.to_lowercase()];
    assert!(op.is_object(), "{method} {template} is described");
    let response = &op["responses"][reply.status.to_string()];
    assert!(response.is_object(), "{method} {template}: status {} is documented", reply.status);
    let Some(schema) = response["content"].as_object().and_then(|c| c.values().next()).map(|c| &c["schema"]) else {
        return;
    };
    // The operation's schema with the document's components beside it, so that its
    // `#/components/...` references resolve.
    let body = reply.json();
    let errors = invalid(doc, schema, &body);
    assert!(errors.is_empty(), "{method} {template} {}: {errors:?}\n{body}", reply.status);
}

/// Where `body` breaks `schema` (a schema of the document).
fn invalid(doc: &Value, schema: &Value, body: &Value) -> Vec<String> {
    // The schema with the document's components beside it, so that `#/components/...` resolves.
    let root = json!({ "allOf": [schema], "components": doc["components"] });
    let validator = jsonschema::draft202012::new(&root).unwrap_or_else(|e| panic!("{schema} compiles: {e}"));
    validator.iter_errors(body).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[tokio::test]
async fn real_answers_match_the_document() {
    let mock = mock().await;
    let doc = document(&mock).await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let nora = Api::login(&mock, "jwt-105").await;
    let mt = "/restapi/v1.0/account/{accountId}/message-threads";
    let ext = "/restapi/v1.0/account/{accountId}/extension/{extensionId}";

    let r = Api::anonymous(&mock)
        .token_form("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=jwt-101")
        .await;
    check(&doc, "POST", "/restapi/oauth/token", &r);
    let r = Api::anonymous(&mock)
        .token_form("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=nope")
        .await;
    check(&doc, "POST", "/restapi/oauth/token", &r);
    check(&doc, "POST", "/restapi/oauth/wstoken", &wayne.post("/restapi/oauth/wstoken", json!({})).await);

    mock.inbound(CUSTOMER, QUEUE, "Hello").await.unwrap();
    let r = wayne.get(MT).await;
    check(&doc, "GET", mt, &r);
    let thread = r.json()["records"][0]["id"].as_str().unwrap().to_owned();
    check(&doc, "GET", &format!("{mt}/{{threadId}}"), &wayne.thread(&thread).await);
    check(&doc, "POST", &format!("{mt}/{{threadId}}/assign"), &wayne.assign(&thread, Some(WAYNE)).await);
    let r = wayne.reply(&thread, QUEUE, CUSTOMER, "Hi back").await;
    check(&doc, "POST", &format!("{mt}/messages"), &r);
    // Nora is not assigned: MSG-427.
    let r = nora.reply(&thread, QUEUE, CUSTOMER, "Me too").await;
    assert!(r.status >= 400);
    check(&doc, "POST", &format!("{mt}/messages"), &r);
    check(&doc, "GET", &format!("{mt}/messages"), &wayne.get(&format!("{MT}/messages?threadIds={thread}")).await);
    let r = wayne.post(&format!("{MT}/notes"), json!({"threadId": thread, "text": "a note"})).await;
    check(&doc, "POST", &format!("{mt}/notes"), &r);
    let note = r.json()["id"].as_str().unwrap().to_owned();
    check(&doc, "GET", &format!("{mt}/notes/{{noteId}}"), &wayne.get(&format!("{MT}/notes/{note}")).await);
    let r = wayne.json("PATCH", &format!("{MT}/notes/{note}"), json!({"text": "edited"})).await;
    check(&doc, "PATCH", &format!("{mt}/notes/{{noteId}}"), &r);
    check(&doc, "GET", &format!("{mt}/notes"), &wayne.get(&format!("{MT}/notes")).await);
    let r = wayne.get(&format!("{MT}/sync")).await;
    check(&doc, "GET", &format!("{mt}/sync"), &r);
    let token = r.json()["syncInfo"]["syncToken"].as_str().unwrap().to_owned();
    check(&doc, "GET", &format!("{mt}/sync"), &wayne.get(&format!("{MT}/sync?syncType=ISync&syncToken={token}")).await);
    check(
        &doc,
        "GET",
        &format!("{mt}/entries/sync"),
        &wayne.get(&format!("{MT}/entries/sync?scope=AllAvailable")).await,
    );
    check(&doc, "POST", &format!("{mt}/{{threadId}}/resolve"), &wayne.resolve(&thread).await);
    check(
        &doc,
        "GET",
        &format!("{mt}/entries/sync"),
        &wayne.get(&format!("{MT}/entries/sync?scope=AllAvailable")).await,
    );

    // Configuration.
    check(&doc, "GET", "/restapi/v1.0/account/{accountId}/extension", &wayne.get(EXT).await);
    check(&doc, "GET", ext, &wayne.get(&format!("{EXT}/~")).await);
    check(&doc, "GET", &format!("{ext}/features"), &wayne.get(&format!("{EXT}/~/features")).await);
    check(&doc, "GET", &format!("{ext}/phone-number"), &wayne.get(&format!("{EXT}/~/phone-number")).await);
    check(&doc, "GET", &format!("{ext}/sms-recipients"), &wayne.get(&format!("{EXT}/{QUEUE_ID}/sms-recipients")).await);
    check(
        &doc,
        "GET",
        "/restapi/v1.0/account/{accountId}/call-queues",
        &wayne.get("/restapi/v1.0/account/~/call-queues").await,
    );
    check(&doc, "GET", "/restapi/v1.0/account/{accountId}/sites", &wayne.get("/restapi/v1.0/account/~/sites").await);
    check(
        &doc,
        "GET",
        "/restapi/v2/accounts/{accountId}/phone-numbers",
        &wayne.get("/restapi/v2/accounts/~/phone-numbers").await,
    );
    let r = wayne
        .post(
            &format!("{EXT}/~/sms"),
            json!({"from": {"phoneNumber": MAIN_NUMBER}, "to": [{"phoneNumber": CUSTOMER_2}], "text": "classic"}),
        )
        .await;
    check(&doc, "POST", &format!("{ext}/sms"), &r);
    check(&doc, "GET", &format!("{ext}/message-store"), &wayne.get(&format!("{EXT}/~/message-store")).await);

    // Subscriptions.
    let r = wayne
        .post(
            "/restapi/v1.0/subscription",
            json!({"eventFilters": ["/restapi/v1.0/account/~/extension/~/message-threads"],
            "deliveryMode": {"transportType": "WebHook", "address": "http://nowhere.invalid/hook"}}),
        )
        .await;
    check(&doc, "POST", "/restapi/v1.0/subscription", &r);
    check(&doc, "GET", "/restapi/v1.0/subscription", &wayne.get("/restapi/v1.0/subscription").await);

    // Errors.
    check(&doc, "GET", mt, &Api::anonymous(&mock).get(MT).await);
    check(&doc, "GET", mt, &wayne.get(&format!("{MT}?threadStatus=Bogus")).await);
    check(&doc, "GET", mt, &wayne.get(&format!("{MT}?perPage=0")).await);
    check(&doc, "GET", &format!("{mt}/{{threadId}}"), &wayne.thread("no-such-thread").await);
    check(&doc, "GET", &format!("{mt}/sync"), &wayne.get(&format!("{MT}/sync?syncType=ISync")).await);
    let r = wayne.send("POST", &format!("{MT}/messages"), Some("text/plain"), b"hi".to_vec(), &[]).await;
    check(&doc, "POST", &format!("{mt}/messages"), &r);
    check(&doc, "POST", &format!("{mt}/messages"), &wayne.post(&format!("{MT}/messages"), json!({"text": 5})).await);

    // The control API.
    let control = Api::anonymous(&mock);
    check(&doc, "GET", "/mock/v1/health", &control.get("/mock/v1/health").await);
    check(&doc, "GET", "/mock/v1/clock", &control.get("/mock/v1/clock").await);
    check(&doc, "POST", "/mock/v1/clock", &control.post("/mock/v1/clock", json!({"advanceSeconds": 5})).await);
    check(&doc, "POST", "/mock/v1/clock", &control.post("/mock/v1/clock", json!({"advanceSeconds": -5})).await);
    check(&doc, "GET", "/mock/v1/requests", &control.get("/mock/v1/requests").await);
    check(&doc, "GET", "/mock/v1/fixture", &control.get("/mock/v1/fixture").await);
    let r = control
        .post("/mock/v1/faults", json!({"pathPattern": "^/nowhere$", "fault": {"type": "delay", "ms": 1}}))
        .await;
    check(&doc, "POST", "/mock/v1/faults", &r);
    check(&doc, "GET", "/mock/v1/faults", &control.get("/mock/v1/faults").await);
    check(&doc, "DELETE", "/mock/v1/faults/{faultId}", &control.delete("/mock/v1/faults/999").await);
    check(
        &doc,
        "POST",
        "/mock/v1/inbound",
        &control.post("/mock/v1/inbound", json!({"from": CUSTOMER, "to": "+1999", "text": "x"})).await,
    );
    check(&doc, "GET", "/mock/v1/websockets", &control.get("/mock/v1/websockets").await);
    check(
        &doc,
        "POST",
        "/mock/v1/load",
        &control.post("/mock/v1/load", json!({"threads": 2, "messagesPerThread": 1})).await,
    );
}

#[tokio::test]
async fn the_schemas_follow_the_wire_types() {
    let mock = mock().await;
    let doc = document(&mock).await;
    let thread = &doc["components"]["schemas"]["MessageThread"];
    let required: Vec<&str> = thread["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    for field in ["id", "status", "availability", "owner", "creationTime", "lastModifiedTime"] {
        assert!(required.contains(&field), "MessageThread requires {field}: {thread}");
    }
    assert_eq!(doc["components"]["schemas"]["ThreadStatus"]["enum"], json!(["Open", "Resolved"]));
    // The validation can fail: a thread with a status it does not know, without its owner.
    let schema = json!({ "$ref": "#/components/schemas/MessageThread" });
    let thread = json!({ "id": "1", "status": "Pending", "availability": "Alive",
        "creationTime": "2026-01-01T00:00:00.000Z", "lastModifiedTime": "2026-01-01T00:00:00.000Z" });
    assert_eq!(invalid(&doc, &schema, &thread).len(), 2, "{:?}", invalid(&doc, &schema, &thread));
    // The document is readable with a control token configured, without giving it.
    let settings = rcthreads_mock::Settings { control_token: Some("sesame".into()), ..Default::default() };
    let guarded =
        rcthreads_mock::MockServer::start_with(rcthreads_mock::Fixture::default_accounts(), settings).await.unwrap();
    assert_eq!(Api::anonymous(&guarded).get("/mock/v1/openapi.json").await.status, 200);
    assert_eq!(Api::anonymous(&guarded).get("/mock/v1/health").await.status, 401);
}
