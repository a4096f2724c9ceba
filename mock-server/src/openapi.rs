//! The OpenAPI 3.1 description of everything the mock serves, at `GET /mock/v1/openapi.json`.
//!
//! The schemas of RingCentral's bodies are generated from the wire types (`utoipa`), so a field
//! added to a wire type appears here by itself; the paths, their parameters and their answers
//! are listed below by hand, in this one place. `tests/openapi.rs` proves both halves: every
//! path the router serves is here and every path here is served, and real answers validate
//! against these schemas.

use std::sync::{Arc, OnceLock};

use axum::extract::State;
use rcthreads_wire as w;
use rcthreads_wire::StringEnum;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{ComponentsBuilder, RefOr};

use crate::json::JsonResponse;
use crate::state::AppState;

/// `GET /mock/v1/openapi.json`: readable without the control token (it says nothing about the
/// state, only what the mock serves).
pub async fn serve(State(_): State<Arc<AppState>>) -> JsonResponse<Value> {
    JsonResponse(document().clone())
}

/// The document, built once.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(build)
}

fn build() -> Value {
    let mut schemas = serde_json::to_value(wire_schemas()).expect("utoipa components serialize");
    let generated = schemas["schemas"].as_object_mut().expect("components have schemas");
    generated.extend(control_schemas());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "rcthreads mock RingCentral server",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "RingCentral's SMS thread messaging paths, OAuth, the WebSocket gateway \
                and the mock's control API (/mock/v1). Bodies follow RingCentral's definitions; \
                every error is an envelope with an errorCode.",
        },
        "servers": [{ "url": "/" }],
        "components": {
            "schemas": schemas["schemas"],
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "An access token from POST /restapi/oauth/token" },
                "basic": { "type": "http", "scheme": "basic", "description": "The app's client id and secret" },
                "controlToken": { "type": "apiKey", "in": "header", "name": "X-Mock-Control-Token",
                    "description": "Needed by the control API only when the mock was started with --control-token" },
            },
        },
        "paths": paths(),
    })
}

/// Every wire type a path below names, with the types they contain.
fn wire_schemas() -> utoipa::openapi::Components {
    let mut all = Vec::new();
    add::<w::ApiError>(&mut all);
    add::<w::auth::TokenInfo>(&mut all);
    add::<w::gateway::WsToken>(&mut all);
    add::<w::MessageThread>(&mut all);
    add::<w::MessageThreadList>(&mut all);
    add::<w::thread::AssignMessageThreadRequest>(&mut all);
    add::<w::ThreadMessageModel>(&mut all);
    add::<w::ThreadMessageList>(&mut all);
    add::<w::NewThreadMessageRequest>(&mut all);
    add::<w::message::ThreadMessagesDeleteRequest>(&mut all);
    add::<w::ThreadNoteModel>(&mut all);
    add::<w::ThreadNoteList>(&mut all);
    add::<w::note::ThreadNoteCreateRequest>(&mut all);
    add::<w::note::ThreadNoteUpdateRequest>(&mut all);
    add::<w::note::ThreadNotesDeleteRequest>(&mut all);
    add::<w::ThreadSyncList>(&mut all);
    add::<w::ThreadEntriesSyncList>(&mut all);
    add::<w::extension::GetExtensionListResponse>(&mut all);
    add::<w::extension::GetExtensionListInfoResponse>(&mut all);
    add::<w::extension::CallQueueList>(&mut all);
    add::<w::extension::SitesList>(&mut all);
    add::<w::feature::FeatureList>(&mut all);
    add::<w::phone_number::GetExtensionPhoneNumbersResponse>(&mut all);
    add::<w::phone_number::AccountPhoneNumberList>(&mut all);
    add::<w::recipient::SmsRecipientsResource>(&mut all);
    add::<w::recipient::BulkAssignSmsRecipientsRequest>(&mut all);
    add::<w::classic::CreateSmsMessage>(&mut all);
    add::<w::classic::GetMessageInfoResponse>(&mut all);
    add::<w::classic::GetMessageList>(&mut all);
    add::<w::subscription::CreateSubscriptionRequest>(&mut all);
    add::<w::subscription::SubscriptionInfo>(&mut all);
    ComponentsBuilder::new().schemas_from_iter(all).build()
}

/// `T`'s schema and, recursively, those it refers to.
fn add<T: ToSchema>(all: &mut Vec<(String, RefOr<Schema>)>) {
    all.push((T::name().into_owned(), T::schema()));
    T::schemas(all);
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn wire<T: ToSchema>() -> Value {
    r(&T::name())
}

fn string_enum<T: StringEnum>() -> Value {
    json!({ "type": "string", "enum": T::KNOWN })
}

/// The mock's own bodies (control API, subscription list): small, written here.
fn control_schemas() -> Map<String, Value> {
    let object =
        |props: Value, required: &[&str]| json!({ "type": "object", "properties": props, "required": required });
    let records = |item: Value| object(json!({ "records": { "type": "array", "items": item } }), &["records"]);
    let mut m = Map::new();
    m.insert("SubscriptionList".into(), records(r("SubscriptionInfo")));
    m.insert(
        "MockHealth".into(),
        object(
            json!({ "status": {"const": "ok"}, "accounts": {"type": "integer"}, "time": {"type": "string"} }),
            &["status", "accounts", "time"],
        ),
    );
    m.insert(
        "MockInbound".into(),
        json!({ "type": "object", "additionalProperties": false, "required": ["from", "to", "text"], "properties": {
            "from": { "type": "string", "description": "The outside number (E.164)" },
            "to": { "type": "string", "description": "The shared number (E.164)" },
            "text": { "type": "string" },
        }}),
    );
    m.insert(
        "MockClock".into(),
        object(
            json!({ "now": {"type": "string"}, "followsRealTime": {"type": "boolean"} }),
            &["now", "followsRealTime"],
        ),
    );
    m.insert(
        "MockClockChange".into(),
        json!({ "description": "Exactly one of advanceSeconds, set or realTime: true",
        "type": "object", "additionalProperties": false, "properties": {
            "advanceSeconds": { "type": "integer", "minimum": 0, "maximum": 3_153_600_000_i64 },
            "set": { "type": "string", "format": "date-time" },
            "realTime": { "const": true },
        }}),
    );
    m.insert(
        "MockLoad".into(),
        json!({ "type": "object", "additionalProperties": false, "required": ["threads", "messagesPerThread"], "properties": {
            "threads": { "type": "integer", "minimum": 1 },
            "messagesPerThread": { "type": "integer", "minimum": 1 },
            "textLength": { "type": "integer", "minimum": 1, "maximum": rcthreads_domain::MAX_TEXT_CHARS },
            "to": { "type": "string" },
        }}),
    );
    m.insert(
        "MockSnapshot".into(),
        json!({ "type": "object", "additionalProperties": false, "required": ["format", "records"], "properties": {
            "format": { "const": crate::durable::FORMAT },
            "records": { "type": "array", "items": {
                "type": "object", "required": ["kind"], "properties": { "kind": { "type": "string" } } } },
        }}),
    );
    m.insert(
        "MockLoaded".into(),
        object(
            json!({ "messages": {"type": "integer"}, "openThreads": {"type": "integer"} }),
            &["messages", "openThreads"],
        ),
    );
    m.insert(
        "MockRequestList".into(),
        records(object(
            json!({ "seq": {"type": "integer"}, "method": {"type": "string"}, "path": {"type": "string"},
                "query": {"type": "string"}, "status": {"type": "integer"}, "time": {"type": "string"} }),
            &["seq", "method", "path", "status", "time"],
        )),
    );
    m.insert(
        "MockAccount".into(),
        object(
            json!({ "id": {"type": "string"}, "tenant": {"type": "boolean"}, "users": {"type": "array"},
                    "clock": r("MockClock") }),
            &["id", "tenant", "users", "clock"],
        ),
    );
    m.insert("MockAccountList".into(), records(r("MockAccount")));
    m.insert(
        "MockFixture".into(),
        object(json!({ "app": {"type": "object"}, "accounts": {"type": "array"} }), &["app", "accounts"]),
    );
    m.insert(
        "MockFault".into(),
        json!({ "type": "object", "additionalProperties": false, "required": ["fault"], "properties": {
            "pathPattern": { "type": "string" },
            "method": { "type": "string" },
            "times": { "type": "integer", "minimum": 1 },
            "fault": { "oneOf": [
                { "type": "object", "additionalProperties": false, "required": ["type", "ms"],
                  "properties": { "type": {"const": "delay"}, "ms": {"type": "integer", "minimum": 0, "maximum": 60_000} } },
                { "type": "object", "additionalProperties": false, "required": ["type"],
                  "properties": { "type": {"const": "rateLimit"}, "retryAfter": {"type": "integer", "minimum": 0} } },
                { "type": "object", "additionalProperties": false, "required": ["type"],
                  "properties": { "type": {"const": "unavailable"}, "retryAfter": {"type": "integer", "minimum": 0} } },
                { "type": "object", "additionalProperties": false, "required": ["type"],
                  "properties": { "type": {"const": "drop"} } },
            ]},
        }}),
    );
    m.insert("MockFaultList".into(), records(json!({ "type": "object" })));
    m.insert("MockFaultId".into(), object(json!({ "id": {"type": "integer"} }), &["id"]));
    m.insert("MockWebSocketList".into(), records(json!({ "type": "object" })));
    m.insert("MockDropped".into(), object(json!({ "dropped": {"type": "integer"} }), &["dropped"]));
    m.insert("MockConsoleData".into(), json!({ "type": "object" }));
    m
}

/// What a route can be asked with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    /// RingCentral's API: bearer token, rate limits and injected faults.
    Api,
    /// The OAuth endpoints: Basic credentials or a token, rate limits and faults.
    Auth,
    /// The control API: the control token when configured; no faults or limits.
    Control,
}

/// One operation: its summary, parameters, body and success answer.
struct Op {
    summary: &'static str,
    area: Area,
    params: Vec<Value>,
    body: Option<Value>,
    ok: (u16, Option<Value>),
    /// Statuses beyond those of its area (e.g. 404 for an id in the path).
    errors: &'static [u16],
}

impl Op {
    fn new(area: Area, summary: &'static str, ok: u16, answer: Option<Value>) -> Self {
        Self { summary, area, params: Vec::new(), body: None, ok: (ok, answer), errors: &[] }
    }
    fn query(mut self, name: &str, schema: Value) -> Self {
        self.params.push(json!({ "name": name, "in": "query", "required": false, "schema": schema }));
        self
    }
    fn json(mut self, schema: Value) -> Self {
        self.body = Some(json!({ "required": true, "content": { "application/json": { "schema": schema } } }));
        self
    }
    fn errors(mut self, errors: &'static [u16]) -> Self {
        self.errors = errors;
        self
    }

    fn render(self, path: &str) -> Value {
        let mut params: Vec<Value> = path_params(path);
        params.extend(self.params);
        let mut statuses: Vec<u16> = match self.area {
            // Any id may be unknown, any caller may lack a permission, and a fault or the rate
            // limit may answer any of these.
            Area::Api => vec![400, 401, 403, 404, 429, 503],
            Area::Auth => vec![400, 401, 429, 503],
            Area::Control => vec![400, 401],
        };
        if self.body.is_some() {
            statuses.extend([413, 415]);
        }
        statuses.extend(self.errors);
        statuses.sort_unstable();
        statuses.dedup();
        let mut responses = Map::new();
        let ok = match self.ok.1 {
            Some(schema) => {
                json!({ "description": "Success", "content": { "application/json": { "schema": schema } } })
            }
            None => json!({ "description": "Success, no body" }),
        };
        responses.insert(self.ok.0.to_string(), ok);
        for s in statuses {
            responses.insert(
                s.to_string(),
                json!({
                    "description": "An error envelope",
                    "content": { "application/json": { "schema": r("ApiError") } },
                }),
            );
        }
        let security = match self.area {
            Area::Api => json!([{ "bearer": [] }]),
            Area::Auth => json!([{ "basic": [] }, { "bearer": [] }]),
            Area::Control => json!([{ "controlToken": [] }, {}]),
        };
        let mut op =
            json!({ "summary": self.summary, "parameters": params, "responses": responses, "security": security });
        if let Some(b) = self.body {
            op["requestBody"] = b;
        }
        op
    }
}

fn path_params(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            let description = match name {
                "accountId" | "extensionId" => "An id, or ~ for the caller's",
                _ => "An id",
            };
            let mut param = json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } });
            if description.contains('~') {
                // The caller's own: lets a fuzzer reach past the 404 of an unknown account.
                param["example"] = json!("~");
            }
            param
        })
        .collect()
}

fn ids() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn page() -> Value {
    json!({ "type": "integer", "minimum": 1 })
}

fn per_page() -> Value {
    json!({ "type": "integer", "minimum": 1, "maximum": 1000 })
}

fn time() -> Value {
    json!({ "type": "string", "format": "date-time" })
}

fn many<T: StringEnum>() -> Value {
    json!({ "type": "array", "items": string_enum::<T>() })
}

/// The paths with their operations, as `(path, method, operation)`.
fn operations() -> Vec<(&'static str, &'static str, Op)> {
    use Area::{Api, Auth, Control};
    use w::thread::{Availability, ThreadStatus};
    vec![
        // OAuth
        ("/restapi/oauth/token", "post", {
            let mut op = Op::new(Auth, "Log in (JWT, refresh token...)", 200, Some(wire::<w::auth::TokenInfo>()));
            op.body = Some(json!({ "required": true, "content": { "application/x-www-form-urlencoded": { "schema": {
            "type": "object", "required": ["grant_type"], "properties": {
                "grant_type": string_enum::<w::auth::GrantType>(),
                "assertion": { "type": "string" }, "refresh_token": { "type": "string" },
                "code": { "type": "string" }, "redirect_uri": { "type": "string" },
                "code_verifier": { "type": "string" }, "username": { "type": "string" },
                "password": { "type": "string" }, "extension": { "type": "string" },
                "client_id": { "type": "string" }, "scope": { "type": "string" },
                "access_token_ttl": { "type": "integer" }, "refresh_token_ttl": { "type": "integer" },
            }}}}}));
            op
        }),
        ("/restapi/oauth/revoke", "post", {
            let mut op = Op::new(Auth, "Revoke a token and its session", 200, None);
            op.body = Some(json!({ "required": true, "content": { "application/x-www-form-urlencoded": { "schema": {
                "type": "object", "required": ["token"], "properties": { "token": { "type": "string" } } }}}}));
            op
        }),
        (
            "/restapi/oauth/wstoken",
            "post",
            Op::new(Auth, "A token for the WebSocket gateway", 200, Some(wire::<w::gateway::WsToken>())),
        ),
        // The WebSocket gateway
        (
            "/ws",
            "get",
            Op::new(Api, "WebSocket upgrade (frames as JSON arrays; a bad token is told in an Error frame)", 101, None)
                .query("access_token", json!({ "type": "string" }))
                .query("wsc", json!({ "type": "string" })),
        ),
        // Threads
        (
            "/restapi/v1.0/account/{accountId}/message-threads",
            "get",
            Op::new(Api, "List threads", 200, Some(wire::<w::MessageThreadList>()))
                .query("threadStatus", string_enum::<ThreadStatus>())
                .query("ownerExtensionIds", ids())
                .query("creationTimeFrom", time())
                .query("creationTimeTo", time())
                .query("ownerPhoneNumber", json!({ "type": "string" }))
                .query("guestPhoneNumber", json!({ "type": "string" }))
                .query("availability", many::<Availability>())
                .query("perPage", per_page())
                .query("page", page()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/sync",
            "get",
            Op::new(Api, "Sync threads", 200, Some(wire::<w::ThreadSyncList>()))
                .query("syncType", string_enum::<w::SyncType>())
                .query("syncToken", json!({ "type": "string" })),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/entries/sync",
            "get",
            Op::new(Api, "Sync messages, notes and thread events", 200, Some(wire::<w::ThreadEntriesSyncList>()))
                .query("scope", string_enum::<w::entry::SyncEntriesScope>())
                .query("threadIds", ids())
                .query("syncType", string_enum::<w::SyncType>())
                .query("syncToken", json!({ "type": "string" })),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/messages",
            "get",
            Op::new(Api, "List messages", 200, Some(wire::<w::ThreadMessageList>()))
                .query("threadStatus", string_enum::<ThreadStatus>())
                .query("ownerExtensionIds", ids())
                .query("availability", many::<Availability>())
                .query("messageIds", ids())
                .query("threadIds", ids())
                .query("creationTimeFrom", time())
                .query("creationTimeTo", time())
                .query("perPage", per_page())
                .query("page", page()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/messages",
            "post",
            Op::new(Api, "Send a message in a thread, or start one", 200, Some(wire::<w::ThreadMessageModel>()))
                .json(wire::<w::NewThreadMessageRequest>()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/messages",
            "delete",
            Op::new(Api, "Delete messages", 204, None).json(wire::<w::message::ThreadMessagesDeleteRequest>()),
        ),
        ("/restapi/v1.0/account/{accountId}/message-threads/messages/{messageId}/content/{attachmentId}", "get", {
            let mut op = Op::new(Api, "An attachment's bytes", 200, None)
                .query("contentDisposition", string_enum::<w::query::ContentDisposition>())
                .query("contentDispositionFilename", json!({ "type": "string", "maxLength": 255 }));
            op.ok.1 = None;
            op
        }),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/notes",
            "get",
            Op::new(Api, "List notes", 200, Some(wire::<w::ThreadNoteList>()))
                .query("ownerExtensionIds", ids())
                .query("availability", many::<Availability>())
                .query("threadIds", ids())
                .query("noteIds", ids())
                .query("perPage", per_page())
                .query("page", page()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/notes",
            "post",
            Op::new(Api, "Add a note to a thread", 200, Some(wire::<w::ThreadNoteModel>()))
                .json(wire::<w::note::ThreadNoteCreateRequest>()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/notes",
            "delete",
            Op::new(Api, "Delete notes", 204, None).json(wire::<w::note::ThreadNotesDeleteRequest>()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/notes/{noteId}",
            "get",
            Op::new(Api, "Read a note", 200, Some(wire::<w::ThreadNoteModel>())),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/notes/{noteId}",
            "patch",
            Op::new(Api, "Edit a note", 200, Some(wire::<w::ThreadNoteModel>()))
                .json(wire::<w::note::ThreadNoteUpdateRequest>()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/notes/{noteId}",
            "delete",
            Op::new(Api, "Delete a note", 204, None),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/{threadId}",
            "get",
            Op::new(Api, "Read a thread", 200, Some(wire::<w::MessageThread>())),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/{threadId}",
            "delete",
            Op::new(Api, "Delete a thread", 204, None),
        ),
        (
            "/restapi/v1.0/account/{accountId}/message-threads/{threadId}/assign",
            "post",
            Op::new(Api, "Assign or unassign a thread", 200, Some(wire::<w::MessageThread>()))
                .json(wire::<w::thread::AssignMessageThreadRequest>()),
        ),
        ("/restapi/v1.0/account/{accountId}/message-threads/{threadId}/resolve", "post", {
            let mut op = Op::new(Api, "Resolve a thread", 200, Some(wire::<w::MessageThread>()));
            op.body = Some(
                json!({ "required": false, "content": { "application/json": { "schema": { "type": "object" } } } }),
            );
            op
        }),
        // Configuration
        (
            "/restapi/v1.0/account/{accountId}/extension",
            "get",
            Op::new(Api, "List extensions", 200, Some(wire::<w::extension::GetExtensionListResponse>()))
                .query("extensionNumber", json!({ "type": "string" }))
                .query("email", ids())
                .query("page", page())
                .query("perPage", per_page())
                .query("status", many::<w::extension::ExtensionStatus>())
                .query("type", many::<w::extension::ExtensionType>()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/extension/{extensionId}",
            "get",
            Op::new(Api, "Read an extension", 200, Some(wire::<w::extension::GetExtensionListInfoResponse>())),
        ),
        (
            "/restapi/v1.0/account/{accountId}/extension/{extensionId}/features",
            "get",
            Op::new(Api, "An extension's features", 200, Some(wire::<w::feature::FeatureList>()))
                .query("availableOnly", json!({ "type": "boolean" }))
                .query("featureId", ids()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/extension/{extensionId}/phone-number",
            "get",
            Op::new(
                Api,
                "An extension's phone numbers",
                200,
                Some(wire::<w::phone_number::GetExtensionPhoneNumbersResponse>()),
            )
            .query("status", string_enum::<w::phone_number::PhoneNumberStatus>())
            .query("usageType", many::<w::phone_number::PhoneNumberUsageType>())
            .query("page", page())
            .query("perPage", per_page()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/extension/{extensionId}/sms-recipients",
            "get",
            Op::new(
                Api,
                "Who receives a shared number's texts",
                200,
                Some(wire::<w::recipient::SmsRecipientsResource>()),
            ),
        ),
        (
            "/restapi/v1.0/account/{accountId}/extension/{extensionId}/sms-recipients/bulk-assign",
            "post",
            Op::new(Api, "Add or remove SMS recipients (no body in the answer)", 204, None)
                .json(wire::<w::recipient::BulkAssignSmsRecipientsRequest>()),
        ),
        (
            "/restapi/v1.0/account/{accountId}/call-queues",
            "get",
            Op::new(Api, "List call queues", 200, Some(wire::<w::extension::CallQueueList>())),
        ),
        (
            "/restapi/v1.0/account/{accountId}/sites",
            "get",
            Op::new(Api, "List sites", 200, Some(wire::<w::extension::SitesList>())),
        ),
        (
            "/restapi/v2/accounts/{accountId}/phone-numbers",
            "get",
            Op::new(
                Api,
                "List the account's phone numbers",
                200,
                Some(wire::<w::phone_number::AccountPhoneNumberList>()),
            )
            .query("page", page())
            .query("perPage", per_page())
            .query("type", many::<w::phone_number::PhoneNumberType>())
            .query("usageType", many::<w::phone_number::PhoneNumberUsageType>())
            .query("status", string_enum::<w::phone_number::PhoneNumberStatus>())
            .query("tollType", string_enum::<w::phone_number::TollType>())
            .query("extensionStatus", string_enum::<w::extension::ExtensionStatus>())
            .query("byocNumber", json!({ "type": "boolean" }))
            .query("mobileNumber", json!({ "type": "boolean" }))
            .query("phoneNumber", json!({ "type": "string" })),
        ),
        // Classic SMS
        ("/restapi/v1.0/account/{accountId}/extension/{extensionId}/sms", "post", {
            let mut op = Op::new(Api, "Send a classic SMS", 200, Some(wire::<w::classic::GetMessageInfoResponse>()));
            op.body = Some(json!({ "required": true, "content": {
                "application/json": { "schema": wire::<w::classic::CreateSmsMessage>() },
                "multipart/form-data": { "schema": { "type": "object", "properties": { "request": wire::<w::classic::CreateSmsMessage>() } } },
            }}));
            op
        }),
        (
            "/restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store",
            "get",
            Op::new(Api, "The classic message store", 200, Some(wire::<w::classic::GetMessageList>())),
        ),
        // Subscriptions
        (
            "/restapi/v1.0/subscription",
            "get",
            Op::new(Api, "The caller's subscriptions", 200, Some(r("SubscriptionList"))),
        ),
        (
            "/restapi/v1.0/subscription",
            "post",
            Op::new(Api, "Subscribe (webhook or WebSocket)", 200, Some(wire::<w::subscription::SubscriptionInfo>()))
                .json(wire::<w::subscription::CreateSubscriptionRequest>()),
        ),
        (
            "/restapi/v1.0/subscription/{subscriptionId}",
            "get",
            Op::new(Api, "Read a subscription", 200, Some(wire::<w::subscription::SubscriptionInfo>())),
        ),
        ("/restapi/v1.0/subscription/{subscriptionId}", "put", {
            let mut op = Op::new(Api, "Renew a subscription", 200, Some(wire::<w::subscription::SubscriptionInfo>()));
            op.body = Some(json!({ "required": false, "content": { "application/json": { "schema": {
                "type": "object", "properties": { "expiresIn": { "type": "integer", "minimum": 0 } } } } } }));
            op
        }),
        ("/restapi/v1.0/subscription/{subscriptionId}", "delete", Op::new(Api, "Cancel a subscription", 204, None)),
        // The control API
        (
            "/mock/v1/openapi.json",
            "get",
            Op::new(Control, "This document (no control token needed)", 200, Some(json!({ "type": "object" }))),
        ),
        ("/mock/v1/health", "get", Op::new(Control, "Liveness", 200, Some(r("MockHealth")))),
        (
            "/mock/v1/inbound",
            "post",
            Op::new(Control, "A customer texts a shared number", 200, Some(wire::<w::ThreadMessageModel>()))
                .json(r("MockInbound"))
                .errors(&[403, 404]),
        ),
        ("/mock/v1/clock", "get", Op::new(Control, "The mock time", 200, Some(r("MockClock")))),
        (
            "/mock/v1/clock",
            "post",
            Op::new(Control, "Move, set or release the clock", 200, Some(r("MockClock"))).json(r("MockClockChange")),
        ),
        ("/mock/v1/reset", "post", Op::new(Control, "Back to the fixture", 204, None)),
        ("/mock/v1/load", "post", Op::new(Control, "Bulk test data", 200, Some(r("MockLoaded"))).json(r("MockLoad"))),
        (
            "/mock/v1/snapshot",
            "post",
            Op::new(Control, "The whole state as one document (the log of changes)", 200, Some(r("MockSnapshot")))
                .errors(&[409, 500]),
        ),
        (
            "/mock/v1/restore",
            "post",
            Op::new(Control, "Replace the whole state with a snapshot", 204, None)
                .json(r("MockSnapshot"))
                .errors(&[500]),
        ),
        ("/mock/v1/requests", "get", Op::new(Control, "The request journal", 200, Some(r("MockRequestList")))),
        ("/mock/v1/requests", "delete", Op::new(Control, "Clear the request journal", 204, None)),
        (
            "/mock/v1/fixture",
            "get",
            Op::new(Control, "Accounts, users with their JWTs, app credentials", 200, Some(r("MockFixture"))),
        ),
        ("/mock/v1/faults", "get", Op::new(Control, "Faults in force", 200, Some(r("MockFaultList")))),
        (
            "/mock/v1/faults",
            "post",
            Op::new(Control, "Inject a fault", 201, Some(r("MockFaultId"))).json(r("MockFault")),
        ),
        ("/mock/v1/faults", "delete", Op::new(Control, "Clear every fault", 204, None)),
        ("/mock/v1/faults/{faultId}", "delete", Op::new(Control, "Remove one fault", 204, None).errors(&[404])),
        ("/mock/v1/websockets", "get", Op::new(Control, "The gateway's sessions", 200, Some(r("MockWebSocketList")))),
        (
            "/mock/v1/websockets/drop",
            "post",
            Op::new(Control, "Cut every WebSocket connection", 200, Some(r("MockDropped"))),
        ),
        // Tenants
        (
            "/mock/v1/accounts",
            "get",
            Op::new(Control, "The accounts: built-in, then tenants", 200, Some(r("MockAccountList"))),
        ),
        (
            "/mock/v1/accounts",
            "post",
            Op::new(Control, "Add a tenant: {copyOf} or an account in the fixture format", 201, Some(r("MockAccount")))
                .json(json!({ "type": "object" }))
                .errors(&[409]),
        ),
        (
            "/mock/v1/accounts/{accountId}",
            "get",
            Op::new(Control, "One account", 200, Some(r("MockAccount"))).errors(&[404]),
        ),
        (
            "/mock/v1/accounts/{accountId}",
            "delete",
            Op::new(Control, "Remove a tenant and all its data", 204, None).errors(&[404]),
        ),
        (
            "/mock/v1/accounts/{accountId}/reset",
            "post",
            Op::new(Control, "Reset one account", 204, None).errors(&[404]),
        ),
        (
            "/mock/v1/accounts/{accountId}/clock",
            "get",
            Op::new(Control, "A tenant's clock", 200, Some(r("MockClock"))).errors(&[404]),
        ),
        (
            "/mock/v1/accounts/{accountId}/clock",
            "post",
            Op::new(Control, "Move, set or release a tenant's clock", 200, Some(r("MockClock")))
                .json(r("MockClockChange"))
                .errors(&[404]),
        ),
        (
            "/mock/v1/accounts/{accountId}/inbound",
            "post",
            Op::new(
                Control,
                "A customer texts one of this account's numbers",
                200,
                Some(wire::<w::ThreadMessageModel>()),
            )
            .json(r("MockInbound"))
            .errors(&[403, 404]),
        ),
        // The console
        ("/", "get", {
            let mut op = Op::new(Control, "The web console (HTML)", 200, None);
            op.ok.1 = None;
            op
        }),
        ("/mock/console/{file}", "get", Op::new(Control, "The console's scripts and styles", 200, None).errors(&[404])),
        ("/mock/v1/events", "get", Op::new(Control, "Server-sent events of changes (text/event-stream)", 200, None)),
        (
            "/mock/v1/console/accounts",
            "get",
            Op::new(Control, "The console's accounts", 200, Some(r("MockConsoleData"))),
        ),
        (
            "/mock/v1/console/accounts/{accountId}/threads",
            "get",
            Op::new(Control, "The console's threads of an account", 200, Some(r("MockConsoleData"))).errors(&[404]),
        ),
        (
            "/mock/v1/console/accounts/{accountId}/threads/{threadId}",
            "get",
            Op::new(Control, "The console's view of a thread", 200, Some(r("MockConsoleData"))).errors(&[404]),
        ),
    ]
}

fn paths() -> Value {
    let mut paths = Map::new();
    for (path, method, op) in operations() {
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[method] = op.render(path);
    }
    Value::Object(paths)
}
