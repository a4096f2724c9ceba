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

use crate::error::{ApiResult, Failure};
use crate::extract::Caller;
use crate::json::JsonResponse;
use crate::state::{AppState, lock};

/// The header of a `ClientRequest` answer that names the subscription it created.
pub const SUBSCRIPTION_HEADER: &str = "WSG-SubscriptionId";

/// The gateway's path on the mock.
pub const PATH: &str = "/ws";

/// The gateway's state: tokens and sessions, under one lock never held across an await.
#[derive(Debug, Default)]
pub struct Gateway {
    pub(crate) registry: std::sync::Mutex<Registry>,
}

impl Gateway {
    /// Sends a notification to a session's connection (or keeps it for the session's recovery).
    pub(crate) fn deliver(&self, session: &str, body: &serde_json::Value, limits: &Limits) {
        lock(&self.registry).deliver(session, body, limits);
    }

    /// Drops every open connection; sessions stay recoverable. Returns how many were dropped.
    pub fn drop_connections(&self) -> usize {
        lock(&self.registry).drop_all()
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
    let token = lock(&state.gateway.registry).issue(caller.account, caller.extension, caller.now, limits);
    Ok(JsonResponse(WsToken {
        uri: format!("ws://{host}{PATH}"),
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
    upgrade
        .max_message_size(read_limit)
        .max_frame_size(read_limit)
        .on_upgrade(move |socket| connection::run(socket, state, q.access_token, q.wsc))
}
