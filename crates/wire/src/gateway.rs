//! RingCentral's WebSocket gateway: the token answer and the frames of its protocol.
//!
//! Every frame is a JSON array, `[meta]` or `[meta, body]`, whose `meta.type` says what it is:
//! `ConnectionDetails` (the server's first frame), `ClientRequest` (a REST call over the socket
//! and its answer), `ServerNotification` (an event), `Heartbeat` and `Error`. Names and fields
//! follow the official SDKs (`@rc-ex/ws`, the Python SDK's `ringcentral.websocket`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::string_enum::string_enum;

string_enum! {
    /// What a frame is.
    pub enum FrameType {
        /// The server's first frame: the session and its limits.
        ConnectionDetails = "ConnectionDetails",
        /// A REST request from the client, or the server's answer to one.
        ClientRequest = "ClientRequest",
        /// An event for one of the session's subscriptions.
        ServerNotification = "ServerNotification",
        /// Keep-alive, answered in kind.
        Heartbeat = "Heartbeat",
        /// Something was wrong with the connection or a frame.
        Error = "Error",
    }
}

string_enum! {
    /// Whether a session asked for with `wsc` was recovered.
    pub enum RecoveryState {
        /// The session and its subscriptions continue; missed notifications follow.
        Successful = "Successful",
        /// A new session: subscribe again.
        Failed = "Failed",
    }
}

/// The answer of `POST /restapi/oauth/wstoken`. `Debug` leaves the token out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WsToken {
    /// The gateway's address; clients open `{uri}?access_token={ws_access_token}`.
    pub uri: String,
    /// The token for the connection.
    pub ws_access_token: String,
    /// Seconds the token may be used to connect.
    pub expires_in: u32,
}

impl std::fmt::Debug for WsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WsToken")
            .field("uri", &self.uri)
            .field("ws_access_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// A session's recovery token and the sequence number of the frame that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Wsc {
    /// Given back as `&wsc=` to recover the session.
    pub token: String,
    /// Grows with every frame that carries it.
    pub sequence: u64,
}

/// The first element of every frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FrameMeta {
    /// What the frame is.
    #[serde(rename = "type")]
    pub kind: FrameType,
    /// Pairs a request with its answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// HTTP status of an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// HTTP method of a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Path of a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Headers of a request or an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Map<String, Value>>,
    /// Query parameters of a request: an object (a list value repeats the key) or a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Value>,
    /// The session's recovery token, on frames that carry a sequence number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsc: Option<Wsc>,
}

impl FrameMeta {
    /// A meta of `kind` with nothing else set.
    pub fn new(kind: FrameType) -> Self {
        Self { kind, message_id: None, status: None, method: None, path: None, headers: None, query: None, wsc: None }
    }
}

/// The body of `ConnectionDetails`: the session's limits, in seconds where a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionDetails {
    /// When the session was created (RFC 3339).
    pub creation_time: String,
    /// How many connections one session may have at once.
    pub max_connections_per_session: u32,
    /// How many notifications are kept for a recovery.
    pub recovery_buffer_size: u32,
    /// How long after a disconnection the session can be recovered.
    pub recovery_timeout: u32,
    /// A connection that receives nothing for this long is closed.
    pub idle_timeout: u32,
    /// A connection is closed this long after it opened, whatever it does.
    pub absolute_timeout: u32,
    /// How many `ClientRequest`s may be in progress at once on a connection.
    pub max_active_requests: u32,
    /// Present when the client asked to recover a session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_state: Option<RecoveryState>,
}

/// The body of an `Error` frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GatewayError {
    /// A `WSG-` code, or the code of the REST error behind it.
    pub error_code: String,
    /// What was wrong.
    pub message: String,
}

/// A frame: its meta and, for most types, a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The first element.
    pub meta: FrameMeta,
    /// The second element, when there is one.
    pub body: Option<Value>,
}

/// Why text is not a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameError(pub String);

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FrameError {}

impl Frame {
    /// A frame with a meta and a body.
    pub fn new(meta: FrameMeta, body: Option<Value>) -> Self {
        Self { meta, body }
    }

    /// Reads a frame: a JSON array of one or two elements whose first is a meta object.
    pub fn parse(text: &str) -> Result<Self, FrameError> {
        let value: Value = serde_json::from_str(text).map_err(|e| FrameError(format!("not JSON: {e}")))?;
        let Value::Array(mut items) = value else {
            return Err(FrameError("a frame is a JSON array: [meta] or [meta, body]".into()));
        };
        if items.is_empty() || items.len() > 2 {
            return Err(FrameError(format!("a frame has one or two elements, not {}", items.len())));
        }
        let body = if items.len() == 2 { items.pop() } else { None };
        let meta = serde_json::from_value(items.remove(0)).map_err(|e| FrameError(format!("frame meta: {e}")))?;
        Ok(Self { meta, body })
    }

    /// Writes the frame as the gateway sends it.
    pub fn render(&self) -> String {
        let meta = serde_json::to_value(&self.meta).unwrap_or(Value::Null);
        let items = match &self.body {
            Some(b) => vec![meta, b.clone()],
            None => vec![meta],
        };
        Value::Array(items).to_string()
    }

    /// Writes a frame whose body is already JSON text (a notification rendered once), without
    /// reading it back into a value.
    pub fn render_raw(meta: &FrameMeta, body_json: &str) -> String {
        let meta = serde_json::to_string(meta).unwrap_or_else(|_| "null".into());
        let mut out = String::with_capacity(meta.len() + body_json.len() + 3);
        out.push('[');
        out.push_str(&meta);
        out.push(',');
        out.push_str(body_json);
        out.push(']');
        out
    }

    /// An `Error` frame (answering `message_id` when the bad frame had one).
    pub fn error(message_id: Option<String>, status: u16, code: &str, message: impl Into<String>) -> Self {
        let mut meta = FrameMeta::new(FrameType::Error);
        meta.message_id = message_id;
        meta.status = Some(status);
        let body = GatewayError { error_code: code.to_owned(), message: message.into() };
        Self { meta, body: serde_json::to_value(body).ok() }
    }
}

/// Error codes of the gateway itself.
pub mod codes {
    /// The WebSocket access token is missing, unknown or expired.
    pub const TOKEN_INVALID: &str = "WSG-401";
    /// A frame could not be read.
    pub const MALFORMED_FRAME: &str = "WSG-400";
    /// A frame type the gateway does not take from clients.
    pub const UNKNOWN_FRAME_TYPE: &str = "WSG-405";
    /// A frame over the size limit.
    pub const FRAME_TOO_LARGE: &str = "WSG-413";
    /// Too many requests in progress, or too many connections.
    pub const TOO_MANY: &str = "WSG-429";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let text = r#"[{"type":"ClientRequest","messageId":"m1","method":"GET","path":"/restapi/v1.0/subscription","headers":{"X-User-Agent":"a"}},{"k":1}]"#;
        let f = Frame::parse(text).unwrap();
        assert_eq!(f.meta.kind, FrameType::ClientRequest);
        assert_eq!(f.meta.message_id.as_deref(), Some("m1"));
        assert_eq!(Frame::parse(&f.render()).unwrap(), f);
        let raw = Frame::render_raw(&f.meta, r#"{"k":1}"#);
        assert_eq!(Frame::parse(&raw).unwrap(), f);
        let hb = Frame::parse(r#"[{"type":"Heartbeat","messageId":"h"}]"#).unwrap();
        assert_eq!((hb.meta.kind, hb.body), (FrameType::Heartbeat, None));
        assert_eq!(Frame::parse(r#"[{"type":"Mystery"}]"#).unwrap().meta.kind, FrameType::Other("Mystery".into()));
    }

    #[test]
    fn bad_frames_say_why() {
        for bad in ["", "{}", "[]", "[1,2,3]", "[{}]", "[{\"type\": 3}]", "not json"] {
            assert!(Frame::parse(bad).is_err(), "{bad}");
        }
    }
}
