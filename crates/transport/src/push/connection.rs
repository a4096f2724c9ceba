//! One gateway connection: its token, the handshake, the first frame, and frames in and out.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use http::Method;
use rcthreads_wire::gateway::{ConnectionDetails, Frame, FrameMeta, FrameType, GatewayError, WsToken};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use crate::client::{Call, Client};
use crate::error::Error;

/// How long the gateway may take to send `ConnectionDetails` (the JS SDK waits as long).
const FIRST_FRAME_WAIT: Duration = Duration::from_secs(60);
/// The largest frame read: far above any notification or answer of these endpoints.
const MAX_FRAME: usize = 4 << 20;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// An open connection and what the gateway said first.
#[derive(Debug)]
pub(super) struct Connection {
    socket: Socket,
    /// The session's limits, and whether it was recovered.
    pub details: ConnectionDetails,
    /// The session's recovery token.
    pub wsc: String,
    next_id: u64,
}

/// A frame read, or why none can be.
#[derive(Debug)]
pub(super) enum Incoming {
    Frame(Box<Frame>),
    /// A text that is not a frame (multipart answers, which clients skip) or a ping.
    Skip,
    /// The socket closed or broke.
    Closed(String),
}

/// TLS for `wss://`: the HTTP client's (the same roots).
fn tls(client: &Client) -> Connector {
    Connector::Rustls(Arc::clone(&client.inner.tls))
}

/// An `Error` frame as an error.
pub(super) fn gateway_error(frame: &Frame) -> Error {
    let body = frame.body.clone().and_then(|b| serde_json::from_value::<GatewayError>(b).ok());
    Error::Gateway {
        status: frame.meta.status.unwrap_or(0),
        code: body.as_ref().map(|b| b.error_code.clone()).unwrap_or_default(),
        message: body.map(|b| b.message).unwrap_or_else(|| "an Error frame without a body".into()),
    }
}

impl Connection {
    /// Gets a fresh gateway token (the client refreshes its own token first when due), opens
    /// the socket, recovering session `wsc` when given, and reads `ConnectionDetails`.
    pub(super) async fn open(client: &Client, wsc: Option<&str>) -> Result<Self, Error> {
        let token: WsToken = client.execute(Call::new(Method::POST, "/restapi/oauth/wstoken")).await?.json()?;
        let join = if token.uri.contains('?') { '&' } else { '?' };
        let mut url = format!("{}{join}access_token={}", token.uri, encode(&token.ws_access_token));
        if let Some(wsc) = wsc {
            url.push_str("&wsc=");
            url.push_str(&encode(wsc));
        }
        let config = WebSocketConfig::default().max_message_size(Some(MAX_FRAME)).max_frame_size(Some(MAX_FRAME));
        let handshake = tokio_tungstenite::connect_async_tls_with_config(url, Some(config), true, Some(tls(client)));
        let (mut socket, _) = tokio::time::timeout(client.inner.timeout, handshake)
            .await
            .map_err(|_| Error::Timeout(client.inner.timeout))?
            .map_err(|e| Error::WebSocket(Box::new(e)))?;
        let first = tokio::time::timeout(FIRST_FRAME_WAIT, async {
            loop {
                match read(&mut socket).await {
                    Incoming::Frame(f) => return Ok(*f),
                    Incoming::Skip => {}
                    Incoming::Closed(why) => return Err(Error::WebSocket(why.into())),
                }
            }
        })
        .await
        .map_err(|_| Error::Timeout(FIRST_FRAME_WAIT))??;
        match first.meta.kind {
            FrameType::ConnectionDetails => {
                let details = first.body.clone().and_then(|b| serde_json::from_value(b).ok());
                let wsc = first.meta.wsc.as_ref().map(|w| w.token.clone());
                let (Some(details), Some(wsc)) = (details, wsc) else {
                    return Err(Error::WebSocket("ConnectionDetails without its body or wsc".into()));
                };
                Ok(Self { socket, details, wsc, next_id: 0 })
            }
            FrameType::Error => Err(gateway_error(&first)),
            other => {
                Err(Error::WebSocket(format!("the first frame is {}, not ConnectionDetails", other.as_str()).into()))
            }
        }
    }

    /// The next frame, or why there is none.
    pub(super) async fn next(&mut self) -> Incoming {
        read(&mut self.socket).await
    }

    /// Sends a frame; false when the socket is gone.
    pub(super) async fn send(&mut self, frame: &Frame) -> bool {
        self.socket.send(Message::Text(frame.render().into())).await.is_ok()
    }

    /// Sends a `ClientRequest`; returns its `messageId`, or `None` when the socket is gone.
    pub(super) async fn request(&mut self, method: &str, path: &str, body: Option<Value>) -> Option<String> {
        self.next_id += 1;
        let id = format!("rcthreads-{}", self.next_id);
        let mut meta = FrameMeta::new(FrameType::ClientRequest);
        meta.message_id = Some(id.clone());
        meta.method = Some(method.to_owned());
        meta.path = Some(path.to_owned());
        self.send(&Frame::new(meta, body)).await.then_some(id)
    }

    /// Sends a `Heartbeat`; false when the socket is gone.
    pub(super) async fn heartbeat(&mut self) -> bool {
        self.next_id += 1;
        let mut meta = FrameMeta::new(FrameType::Heartbeat);
        meta.message_id = Some(format!("rcthreads-heartbeat-{}", self.next_id));
        self.send(&Frame::new(meta, None)).await
    }

    /// Closes the socket politely.
    pub(super) async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}

/// The next message of a socket, as a frame or why there is none.
async fn read(socket: &mut Socket) -> Incoming {
    match socket.next().await {
        None => Incoming::Closed("the connection ended".into()),
        Some(Err(e)) => Incoming::Closed(e.to_string()),
        Some(Ok(Message::Close(frame))) => {
            Incoming::Closed(frame.map_or_else(|| "closed".into(), |f| format!("closed ({}): {}", f.code, f.reason)))
        }
        Some(Ok(Message::Text(text))) => {
            Frame::parse(text.as_str()).map_or(Incoming::Skip, |f| Incoming::Frame(Box::new(f)))
        }
        Some(Ok(_)) => Incoming::Skip,
    }
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
