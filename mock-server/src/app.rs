//! The router: RingCentral's paths, the control API under `/mock/v1/`, and the layers every
//! API request goes through (request journal, fault injection, rate limits).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};

use crate::auth::bearer;
use crate::control;
use crate::error::Failure;
use crate::extract::Caller;
use crate::faults::FaultKind;
use crate::rate_limit::{Group, Key, Mode};
use crate::requests::RequestRecord;
use crate::routes::{config, messages, notes, oauth, sms, subscription, sync, threads};
use crate::state::{AppState, lock};

const THREADS: &str = "/restapi/v1.0/account/{accountId}/message-threads";
const EXT: &str = "/restapi/v1.0/account/{accountId}/extension/{extensionId}";

fn p(prefix: &str, rest: &str) -> String {
    format!("{prefix}{rest}")
}

/// The whole application. Each endpoint is in the rate-limit group the API definitions give
/// it (`Rate Limit Group` of each operation).
pub fn router(state: Arc<AppState>) -> Router {
    build(state, &mut Vec::new())
}

/// Every path the router serves (`/restapi/v1.0/subscription/{subscriptionId}`...), read off the
/// router as it is built: the OpenAPI description is checked against this list.
pub fn served_paths(state: Arc<AppState>) -> Vec<String> {
    let mut served = Vec::new();
    let _router = build(state, &mut served);
    served
}

/// A router that notes each path it is given.
pub(crate) struct Routes<'a> {
    router: Router<Arc<AppState>>,
    served: &'a mut Vec<String>,
}

impl<'a> Routes<'a> {
    pub(crate) fn new(served: &'a mut Vec<String>) -> Self {
        Self { router: Router::new(), served }
    }

    pub(crate) fn route(mut self, path: &str, method: axum::routing::MethodRouter<Arc<AppState>>) -> Self {
        self.served.push(path.to_owned());
        self.router = self.router.route(path, method);
        self
    }

    pub(crate) fn into_router(self) -> Router<Arc<AppState>> {
        self.router
    }
}

fn build(state: Arc<AppState>, served: &mut Vec<String>) -> Router {
    let limit = |group| middleware::from_fn_with_state((Arc::clone(&state), group), rate_limit);
    let medium = Routes::new(served)
        .route(THREADS, get(threads::list))
        .route(&p(THREADS, "/sync"), get(sync::threads))
        .route(&p(THREADS, "/entries/sync"), get(sync::entries))
        .route(&p(THREADS, "/messages"), get(messages::list).post(messages::send).delete(messages::delete))
        .route(&p(THREADS, "/messages/{messageId}/content/{attachmentId}"), get(messages::content))
        .route(&p(THREADS, "/notes"), get(notes::list).post(notes::create).delete(notes::delete_many))
        .route(&p(THREADS, "/notes/{noteId}"), get(notes::read).patch(notes::update).delete(notes::delete_one))
        .route(&p(THREADS, "/{threadId}"), get(threads::read).delete(threads::delete))
        .route(&p(THREADS, "/{threadId}/assign"), post(threads::assign))
        .route(&p(THREADS, "/{threadId}/resolve"), post(threads::resolve))
        .route(&p(EXT, "/sms-recipients/bulk-assign"), post(config::bulk_assign))
        .route(&p(EXT, "/sms"), post(sms::send))
        .route("/restapi/v1.0/account/{accountId}/extension", get(config::extensions))
        .route(&p(EXT, "/features"), get(config::features))
        .route("/restapi/v1.0/account/{accountId}/call-queues", get(config::call_queues))
        .into_router()
        .route_layer(limit(Group::Medium));
    let light = Routes::new(served)
        .route(EXT, get(config::extension))
        .route(&p(EXT, "/phone-number"), get(config::extension_numbers))
        .route(&p(EXT, "/sms-recipients"), get(config::sms_recipients))
        .route(&p(EXT, "/message-store"), get(sms::message_store))
        .route("/restapi/v1.0/account/{accountId}/sites", get(config::sites))
        .into_router()
        .route_layer(limit(Group::Light));
    // Subscriptions: reading is Light, changing is Medium.
    let subscriptions = Routes::new(served)
        .route(
            "/restapi/v1.0/subscription",
            get(subscription::list)
                .layer(limit(Group::Light))
                .merge(post(subscription::create).layer(limit(Group::Medium))),
        )
        .route(
            "/restapi/v1.0/subscription/{subscriptionId}",
            get(subscription::read)
                .layer(limit(Group::Light))
                .merge(put(subscription::renew).delete(subscription::remove).layer(limit(Group::Medium))),
        )
        .into_router();
    let heavy = Routes::new(served)
        .route("/restapi/v2/accounts/{accountId}/phone-numbers", get(config::account_numbers))
        .into_router()
        .route_layer(limit(Group::Heavy));
    let auth = Routes::new(served)
        .route("/restapi/oauth/token", post(oauth::token))
        .route("/restapi/oauth/revoke", post(oauth::revoke))
        .route("/restapi/oauth/wstoken", post(crate::gateway::wstoken))
        .into_router()
        .route_layer(limit(Group::Auth));

    let gateway = Routes::new(served).route(crate::gateway::PATH, get(crate::gateway::connect)).into_router();

    let api = Router::new().merge(medium).merge(light).merge(subscriptions).merge(heavy).merge(auth).merge(gateway);

    let console = crate::console::routes(served);
    let tenants = crate::tenants::routes(served);
    let control = Routes::new(served)
        .route("/mock/v1/health", get(control::health))
        .route("/mock/v1/inbound", post(control::inbound))
        .route("/mock/v1/clock", get(control::clock).post(control::set_clock))
        .route("/mock/v1/reset", post(control::reset))
        .route("/mock/v1/load", post(control::load))
        .route("/mock/v1/snapshot", post(crate::durable::snapshot))
        .route("/mock/v1/restore", post(crate::durable::restore))
        .route("/mock/v1/requests", get(control::requests).delete(control::clear_requests))
        .route("/mock/v1/fixture", get(control::fixture))
        .route("/mock/v1/faults", get(control::faults).post(control::add_fault).delete(control::clear_faults))
        .route("/mock/v1/faults/{faultId}", delete(control::remove_fault))
        .route("/mock/v1/websockets", get(control::websockets))
        .route("/mock/v1/websockets/drop", post(control::drop_websockets))
        .into_router()
        .merge(tenants)
        .merge(console)
        .route_layer(middleware::from_fn_with_state(Arc::clone(&state), control::guard));
    // The description of the API is no secret: readable without the control token.
    let description = Routes::new(served).route("/mock/v1/openapi.json", get(crate::openapi::serve)).into_router();

    Router::new()
        .merge(api)
        .merge(control)
        .merge(description)
        .fallback(unknown_path)
        .method_not_allowed_fallback(wrong_method)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), journal))
        .layer(axum::extract::DefaultBodyLimit::max(crate::extract::BODY_LIMIT))
        .with_state(state)
}

async fn unknown_path(req: Request) -> Failure {
    Failure::unknown_path(req.method().as_str(), req.uri().path())
}

async fn wrong_method(req: Request) -> Failure {
    Failure::method_not_allowed(req.method().as_str(), req.uri().path())
}

/// Who a request counts against: the session's user, else the app of a valid Basic header, else
/// one shared anonymous counter. A valid
/// session is also handed to the handler (as its `Caller`), so the token is checked once.
fn rate_key(state: &AppState, req: &mut Request) -> Key {
    // A request over the WebSocket gateway arrives as its session's user.
    if let Some(c) = req.extensions().get::<Caller>() {
        return Key::User(c.account, c.extension);
    }
    let auth = req.headers().get(header::AUTHORIZATION).and_then(|h| h.to_str().ok());
    if let Ok(token) = bearer(auth) {
        if let Ok(c) = Caller::from_token(state, token) {
            let key = Key::User(c.account, c.extension);
            req.extensions_mut().insert(c);
            return key;
        }
    }
    // Only the app's real credentials count as the app: made-up client ids would each add a
    // counter, and a wrong secret must not use up the real app's budget.
    match crate::auth::basic(auth) {
        Some((id, secret)) if id == state.app.client_id && secret == state.app.client_secret => Key::App(id),
        _ => Key::Anonymous,
    }
}

/// The rate-limit layer of one group: headers always, 429 when enforced and over the limit.
async fn rate_limit(State((state, group)): State<(Arc<AppState>, Group)>, mut req: Request, next: Next) -> Response {
    let key = rate_key(&state, &mut req);
    let verdict = lock(&state.limits).check(state.settings.rate_limits, key, group, state.now());
    let mut response = match verdict.retry_after {
        Some(secs) if state.settings.rate_limits == Mode::Enforce => {
            Failure::from(rcthreads_wire::error::ErrorResponse::rate_exceeded()).retry_after(secs).into_response()
        }
        _ => next.run(req).await,
    };
    let h = response.headers_mut();
    h.insert("X-Rate-Limit-Group", HeaderValue::from_static(group.name()));
    h.insert("X-Rate-Limit-Limit", HeaderValue::from(group.limit()));
    h.insert("X-Rate-Limit-Remaining", HeaderValue::from(verdict.remaining));
    h.insert("X-Rate-Limit-Window", HeaderValue::from(crate::rate_limit::WINDOW_SECONDS));
    response
}

/// Applies an injected fault, if one matches.
async fn inject_faults(state: &AppState, req: Request, next: Next) -> Response {
    let fault = lock(&state.faults).take(req.method().as_str(), req.uri().path());
    match fault {
        None => next.run(req).await,
        Some(FaultKind::Delay { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Some(FaultKind::RateLimit { retry_after }) => {
            let f = Failure::from(rcthreads_wire::error::ErrorResponse::rate_exceeded());
            match retry_after {
                Some(s) => f.retry_after(s).into_response(),
                None => f.into_response(),
            }
        }
        Some(FaultKind::Unavailable { retry_after }) => {
            let f = Failure::new(503, crate::error::mock_codes::SERVICE_UNAVAILABLE, "Service temporarily unavailable");
            match retry_after {
                Some(s) => f.retry_after(s).into_response(),
                None => f.into_response(),
            }
        }
        Some(FaultKind::Drop) => {
            // Headers promise a body that never comes: the connection is cut mid-response.
            let body = Body::from_stream(futures_util::stream::once(async {
                Err::<bytes::Bytes, std::io::Error>(std::io::Error::other("fault injected: connection dropped"))
            }));
            let mut r = Response::new(body);
            r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from_static("64"));
            r
        }
    }
}

/// Records each request outside the control API and the console, and its status, in the journal; applies
/// injected faults to them.
async fn journal(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    // The control API and the console page are the mock's own, not the API under test.
    if req.uri().path().starts_with("/mock/") || req.uri().path() == "/" {
        return next.run(req).await;
    }
    let (method, uri) = (req.method().clone(), req.uri().clone());
    let time = state.now();
    // One layer for both: every `from_fn` layer costs a service clone and a boxed future.
    let response = inject_faults(&state, req, next).await;
    lock(&state.requests).push(RequestRecord { seq: 0, method, uri, status: response.status().as_u16(), time });
    response
}
