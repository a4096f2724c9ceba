//! One WebSocket connection: the first frame, then requests, heartbeats and notifications until
//! the socket closes, a timeout passes or the drop fault cuts it.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::http::{HeaderValue, Method, Request, header};
use futures_util::{SinkExt, StreamExt};
use http_body_util::BodyExt;
use rcthreads_wire::gateway::{Frame, FrameMeta, FrameType, RecoveryState, codes};
use rcthreads_wire::link::BaseUrl;
use serde_json::{Map, Value};
use tokio::sync::{Semaphore, mpsc};
use tokio::time::{Instant, sleep_until};
use tower::ServiceExt;

use super::registry::{Accepted, CHANNEL, Outgoing, Refusal};
use super::{Limits, Origin};
use crate::extract::Caller;
use crate::state::{AppState, lock};

/// Close codes (RFC 6455): policy violation for a refused token, going away for timeouts.
const CLOSE_POLICY: u16 = 1008;
const CLOSE_AWAY: u16 = 1001;
const CLOSE_TRY_LATER: u16 = 1013;
/// Between `ConnectionDetails` and a recovered session's replay: `@rc-ex/ws` attaches its
/// subscription's listener in a promise continuation after `ConnectionDetails`, so notifications
/// read from the socket together with that frame would reach no listener and be lost.
const REPLAY_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);

type Sink = futures_util::stream::SplitSink<WebSocket, Message>;

async fn send(sink: &mut Sink, text: String) -> bool {
    sink.send(Message::Text(text.into())).await.is_ok()
}

async fn close(sink: &mut Sink, code: u16, reason: &'static str) {
    let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
}

fn details_frame(a: &Accepted, limits: &Limits) -> String {
    let mut details = limits.details(rcthreads_wire::time::format(&a.created.to_datetime()));
    details.recovery_state = a.recovered.map(|ok| if ok { RecoveryState::Successful } else { RecoveryState::Failed });
    let mut meta = FrameMeta::new(FrameType::ConnectionDetails);
    meta.message_id = Some(uuid::Uuid::new_v4().to_string());
    meta.status = Some(200);
    meta.headers = Some(Map::new());
    meta.wsc = Some(a.wsc.clone());
    Frame::new(meta, serde_json::to_value(details).ok()).render()
}

/// Serves one connection to its end.
pub(super) async fn run(
    socket: WebSocket,
    state: Arc<AppState>,
    token: Option<String>,
    wsc: Option<String>,
    base: Option<BaseUrl>,
) {
    let limits = state.settings.gateway.clone();
    let (tx, mut rx) = mpsc::channel(CHANNEL);
    let (mut sink, mut stream) = socket.split();
    let accepted =
        lock(&state.gateway.registry).accept(token.as_deref(), wsc.as_deref(), state.now(), tx.clone(), &limits);
    let a = match accepted {
        Ok(a) => a,
        Err(Refusal::Token) => {
            let f = Frame::error(
                None,
                401,
                codes::TOKEN_INVALID,
                "The WebSocket access token is missing, unknown or expired: get one from POST /restapi/oauth/wstoken",
            );
            let _ = send(&mut sink, f.render()).await;
            close(&mut sink, CLOSE_POLICY, "invalid token").await;
            return;
        }
        Err(Refusal::Full) => {
            let f = Frame::error(
                None,
                429,
                codes::TOO_MANY,
                format!("The mock holds {} WebSocket sessions, its limit", limits.max_sessions),
            );
            let _ = send(&mut sink, f.render()).await;
            close(&mut sink, CLOSE_TRY_LATER, "too many sessions").await;
            return;
        }
    };
    let mut unsent = Vec::new();
    let mut alive = send(&mut sink, details_frame(&a, &limits)).await;
    if alive && !a.replay.is_empty() {
        tokio::time::sleep(REPLAY_PAUSE).await;
    }
    for frame in &a.replay {
        if !alive {
            unsent.push(frame.clone());
        } else if !send(&mut sink, frame.clone()).await {
            alive = false;
            unsent.push(frame.clone());
        }
    }
    let mut conn = Connection {
        base,
        state: Arc::clone(&state),
        accepted: &a,
        tx,
        router: None,
        active: Arc::new(Semaphore::new(limits.max_active_requests)),
        limits: &limits,
    };
    let absolute = Instant::now() + limits.absolute_timeout;
    let mut idle = Instant::now() + limits.idle_timeout;
    loop {
        if !alive {
            break;
        }
        // Biased: frames queued before a client's frame is read go out before its answer.
        tokio::select! {
            biased;
            out = rx.recv() => match out {
                Some(Outgoing::Notification(t)) => {
                    if !send(&mut sink, t.clone()).await {
                        unsent.push(t);
                        break;
                    }
                }
                Some(Outgoing::Frame(t)) => {
                    if !send(&mut sink, t).await {
                        break;
                    }
                }
                Some(Outgoing::Shutdown) => {
                    close(&mut sink, CLOSE_AWAY, "the mock is shutting down").await;
                    break;
                }
                Some(Outgoing::Drop) | None => break,
            },
            incoming = stream.next() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(message)) => {
                    idle = Instant::now() + limits.idle_timeout;
                    if let Some(answer) = conn.handle(message) {
                        if !send(&mut sink, answer.render()).await {
                            break;
                        }
                    }
                }
            },
            () = sleep_until(idle) => {
                close(&mut sink, CLOSE_AWAY, "idle timeout").await;
                break;
            }
            () = sleep_until(absolute) => {
                close(&mut sink, CLOSE_AWAY, "absolute timeout").await;
                break;
            }
        }
    }
    drop(conn);
    rx.close();
    while let Ok(o) = rx.try_recv() {
        if let Outgoing::Notification(t) = o {
            unsent.push(t);
        }
    }
    let waiting = lock(&state.gateway.registry).detach(&a.session, a.link, unsent, &limits);
    if waiting {
        let session = a.session.clone();
        tokio::spawn(async move {
            tokio::time::sleep(limits.recovery_timeout).await;
            let ended = lock(&state.gateway.registry).expire(&session, &limits);
            if !ended.is_empty() {
                let mut subs = lock(&state.subscriptions);
                for id in &ended {
                    subs.remove(id);
                }
                state.subscribed.store(!subs.is_empty(), std::sync::atomic::Ordering::Relaxed);
            }
        });
    }
}

/// What a connection needs to answer frames.
struct Connection<'a> {
    /// The address the socket was opened at: the base of the links its requests answer.
    base: Option<BaseUrl>,
    state: Arc<AppState>,
    accepted: &'a Accepted,
    tx: mpsc::Sender<Outgoing>,
    /// The same router as HTTP, taken on the first request.
    router: Option<axum::Router>,
    /// Requests in progress.
    active: Arc<Semaphore>,
    limits: &'a Limits,
}

impl Connection<'_> {
    /// Answers a frame at once (heartbeats, errors), or starts a request whose answer follows.
    fn handle(&mut self, message: Message) -> Option<Frame> {
        let text = match message {
            Message::Text(t) => t,
            Message::Binary(_) => {
                return Some(Frame::error(None, 400, codes::MALFORMED_FRAME, "Frames are JSON text, not binary"));
            }
            Message::Ping(_) | Message::Pong(_) | Message::Close(_) => return None,
        };
        if text.len() > self.limits.max_frame {
            let why = format!("A frame may have at most {} bytes; this one has {}", self.limits.max_frame, text.len());
            return Some(Frame::error(None, 413, codes::FRAME_TOO_LARGE, why));
        }
        let frame = match Frame::parse(text.as_str()) {
            Ok(f) => f,
            Err(e) => return Some(Frame::error(None, 400, codes::MALFORMED_FRAME, e.0)),
        };
        let id = frame.meta.message_id.clone();
        match frame.meta.kind {
            FrameType::Heartbeat => {
                let mut meta = FrameMeta::new(FrameType::Heartbeat);
                meta.message_id = id;
                meta.status = Some(200);
                meta.headers = Some(Map::new());
                Some(Frame::new(meta, None))
            }
            FrameType::ClientRequest => self.request(frame).err().map(|refused| *refused),
            other => Some(Frame::error(
                id,
                400,
                codes::UNKNOWN_FRAME_TYPE,
                format!("Clients send ClientRequest or Heartbeat frames, not {}", other.as_str()),
            )),
        }
    }

    /// Starts a `ClientRequest` through the router; its answer comes through the channel.
    fn request(&mut self, frame: Frame) -> Result<(), Box<Frame>> {
        let id = frame.meta.message_id.clone();
        let Some(message_id) = id.clone() else {
            return Err(Box::new(Frame::error(None, 400, codes::MALFORMED_FRAME, "A ClientRequest needs a messageId")));
        };
        let permit = Arc::clone(&self.active).try_acquire_owned().map_err(|_| {
            let why =
                format!("At most {} requests may be in progress on a connection", self.limits.max_active_requests);
            Box::new(Frame::error(id.clone(), 429, codes::TOO_MANY, why))
        })?;
        // A deleted tenant's sessions are dropped; a frame read before that is refused.
        let caller = Caller::of(&self.state, self.accepted.account, self.accepted.extension).ok_or_else(|| {
            Box::new(Frame::error(id.clone(), 401, codes::TOKEN_INVALID, "The account of this session was deleted"))
        })?;
        let origin = Origin { session: self.accepted.session.clone() };
        let mut request = http_request(&frame, caller, origin)
            .map_err(|why| Box::new(Frame::error(id.clone(), 400, codes::MALFORMED_FRAME, why)))?;
        if let Some(base) = &self.base {
            request.extensions_mut().insert(base.clone());
        }
        let router = self.router.get_or_insert_with(|| self.state.gateway.router(&self.state)).clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let answer = match router.oneshot(request).await {
                Ok(response) => answer(message_id, response).await,
                Err(never) => match never {},
            };
            drop(permit);
            let _ = tx.send(Outgoing::Frame(answer.render())).await;
        });
        Ok(())
    }
}

/// The HTTP request a `ClientRequest` stands for, as the caller of the session.
fn http_request(frame: &Frame, caller: Caller, origin: Origin) -> Result<Request<Body>, String> {
    let meta = &frame.meta;
    let method = Method::from_bytes(meta.method.as_deref().unwrap_or("GET").as_bytes())
        .map_err(|_| format!("Unknown method {:?}", meta.method))?;
    let path =
        meta.path.as_deref().filter(|p| p.starts_with('/')).ok_or("A ClientRequest needs a path starting with /")?;
    // The Python SDK asks for `/restapi/v1.0/subscription/`.
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    let query = query_string(meta.query.as_ref())?;
    let uri = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in meta.headers.iter().flatten() {
        let lower = name.to_ascii_lowercase();
        if matches!(lower.as_str(), "host" | "authorization" | "content-length" | "transfer-encoding") {
            continue;
        }
        if let Some(v) = value.as_str().and_then(|v| HeaderValue::from_str(v).ok()) {
            builder = builder.header(name.as_str(), v);
        }
    }
    let body = match &frame.body {
        None | Some(Value::Null) => Body::empty(),
        Some(b) => {
            let has_type = meta.headers.iter().flatten().any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
            if !has_type {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
            }
            Body::from(serde_json::to_vec(b).map_err(|e| e.to_string())?)
        }
    };
    let mut request = builder.body(body).map_err(|e| format!("Not a request: {e}"))?;
    request.extensions_mut().insert(caller);
    request.extensions_mut().insert(origin);
    Ok(request)
}

/// Query parameters as the SDKs send them: an object (lists repeat the key) or a string.
fn query_string(query: Option<&Value>) -> Result<String, String> {
    let object = match query {
        None | Some(Value::Null) => return Ok(String::new()),
        Some(Value::String(s)) => return Ok(s.trim_start_matches('?').to_owned()),
        Some(Value::Object(o)) => o,
        Some(_) => return Err("query is an object or a string".into()),
    };
    let mut out = form_urlencoded::Serializer::new(String::new());
    let mut add = |k: &str, v: &Value| match v {
        Value::Null => {}
        Value::String(s) => {
            out.append_pair(k, s);
        }
        other => {
            out.append_pair(k, &other.to_string());
        }
    };
    for (k, v) in object {
        match v {
            Value::Array(items) => items.iter().for_each(|i| add(k, i)),
            v => add(k, v),
        }
    }
    Ok(out.finish())
}

/// Header names as the gateway writes them (`Content-Type`, `WSG-SubscriptionId`): the Python
/// SDK looks for `WSG-SubscriptionId` by exact name.
fn header_case(lower: &str) -> String {
    if lower == "wsg-subscriptionid" {
        return super::SUBSCRIPTION_HEADER.to_owned();
    }
    let mut out = String::with_capacity(lower.len());
    let mut upper = true;
    for c in lower.chars() {
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = c == '-';
    }
    out
}

/// The `ClientRequest` answer to a response: status, headers and the JSON body.
async fn answer(message_id: String, response: axum::response::Response) -> Frame {
    let (parts, body) = response.into_parts();
    let mut headers = Map::new();
    for (name, value) in &parts.headers {
        headers
            .insert(header_case(name.as_str()), Value::String(String::from_utf8_lossy(value.as_bytes()).into_owned()));
    }
    let bytes = body.collect().await.map(http_body_util::Collected::to_bytes).unwrap_or_default();
    let body = if bytes.is_empty() {
        None
    } else {
        Some(
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        )
    };
    let mut meta = FrameMeta::new(FrameType::ClientRequest);
    meta.message_id = Some(message_id);
    meta.status = Some(parts.status.as_u16());
    meta.headers = Some(headers);
    Frame::new(meta, body)
}
