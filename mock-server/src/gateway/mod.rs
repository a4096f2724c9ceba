//! RingCentral's WebSocket gateway: `POST /restapi/oauth/wstoken` and the socket behind it.
//!
//! A connection speaks the frame protocol of `rcthreads_wire::gateway`: `ConnectionDetails`
//! first, `ClientRequest`s answered by the same router as HTTP (so every endpoint and every
//! error is the same over the socket), `Heartbeat`s answered in kind, and `ServerNotification`s
//! for the subscriptions made over it, chosen by the same recipients table as webhooks.

mod connection;
mod limits;
mod registry;

use std::sync::Arc;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use rcthreads_wire::error::ErrorResponse;
use rcthreads_wire::gateway::WsToken;
use serde::Deserialize;

pub use limits::Limits;
pub(crate) use registry::Registry;
pub use registry::SessionView;

use crate::base_url::RequestBase;
use crate::error::{ApiResult, Failure};
use crate::extract::Caller;
use crate::json::JsonResponse;
use crate::state::{AppState, lock};

/// The header of a `ClientRequest` answer that names the subscription it created.
pub const SUBSCRIPTION_HEADER: &str = "WSG-SubscriptionId";

/// The most a connection buffers for a client that does not read (a large answer fits).
const MAX_WRITE_BUFFER: usize = 16 * 1024 * 1024;

/// The gateway's path on the mock.
pub const PATH: &str = "/ws";

/// The gateway's state: tokens and sessions, under one lock never held across an await.
#[derive(Debug, Default)]
pub struct Gateway {
    pub(crate) registry: std::sync::Mutex<Registry>,
    /// The router `ClientRequest`s go through, shared by every connection while the mock
    /// serves (set and cleared by `serve`, so the state does not hold itself for ever).
    router: std::sync::Mutex<Option<axum::Router>>,
}

impl Gateway {
    /// Shares the serving router with the connections.
    pub(crate) fn set_router(&self, router: Option<axum::Router>) {
        *lock(&self.router) = router;
    }

    /// The router for a `ClientRequest`: the serving one, or one built for the occasion.
    pub(crate) fn router(&self, state: &Arc<AppState>) -> axum::Router {
        let shared = lock(&self.router).clone();
        shared.unwrap_or_else(|| crate::app::router(Arc::clone(state)))
    }

    /// Sends notifications (session, envelope as JSON) to their sessions' connections, or keeps
    /// them for the sessions' recovery. One lock for the lot.
    pub(crate) fn deliver(&self, notifications: &[(String, String)], limits: &Limits) {
        let mut registry = lock(&self.registry);
        for (session, envelope) in notifications {
            registry.deliver(session, envelope, limits);
        }
    }

    /// Drops every open connection; sessions stay recoverable. Returns how many were dropped.
    pub fn drop_connections(&self) -> usize {
        lock(&self.registry).drop_all()
    }

    /// Closes every open connection with a close frame (the mock is shutting down).
    pub(crate) fn shutdown(&self) {
        lock(&self.registry).shutdown();
    }

    /// The sessions, for the control API.
    pub fn sessions(&self) -> Vec<SessionView> {
        lock(&self.registry).list()
    }
}

/// The session a `ClientRequest` came over, handed to the router's handlers.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The session's `wsc` token.
    pub session: String,
}

/// `POST /restapi/oauth/wstoken`: a token to open the gateway with, for the bearer's user.
pub async fn wstoken(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    headers: HeaderMap,
) -> ApiResult<JsonResponse<WsToken>> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(|| Failure::from(ErrorResponse::missing_parameter("Host")))?;
    let limits = &state.settings.gateway;
    let token = lock(&state.gateway.registry).issue(caller.account, caller.extension, state.now(), limits);
    Ok(JsonResponse(WsToken {
        uri: format!("{}://{host}{PATH}", if state.settings.tls.is_some() { "wss" } else { "ws" }),
        ws_access_token: token,
        expires_in: limits.token_ttl,
    }))
}

/// The query of the gateway's address.
#[derive(Debug, Deserialize)]
pub struct ConnectQuery {
    /// From `wstoken`.
    pub access_token: Option<String>,
    /// A session to recover.
    pub wsc: Option<String>,
}

/// `GET /ws?access_token=...[&wsc=...]`: the WebSocket. A bad token is told in an `Error`
/// frame on the socket, where the SDKs look for it, and the socket is closed.
pub async fn connect(
    State(state): State<Arc<AppState>>,
    Query(q): Query<ConnectQuery>,
    base: Result<RequestBase, Failure>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let upgrade = match upgrade {
        Ok(u) => u,
        Err(e) => {
            return Failure::new(
                400,
                rcthreads_wire::error::codes::INVALID_PARAMETER,
                format!("{PATH} is a WebSocket: {e}"),
            )
            .into_response();
        }
    };
    // Frames over the limit are answered with an `Error` frame, so the socket reads a little
    // more than the limit before it gives up on a frame.
    let read_limit = state.settings.gateway.max_frame.saturating_mul(2);
    // Small buffers: most frames are a few hundred bytes, and an idle connection should cost
    // little (the defaults hold 256 KiB per socket). Writes flush frame by frame.
    upgrade
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_write_buffer_size(MAX_WRITE_BUFFER)
        .max_message_size(read_limit)
        .max_frame_size(read_limit)
        .on_upgrade(move |socket| connection::run(socket, state, q.access_token, q.wsc, base.ok().map(|b| b.0)))
}
