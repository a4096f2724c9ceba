//! A WebSocket client for tests of the gateway: frames in and out as JSON.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::Api;

/// One connection to the gateway.
pub struct Ws {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

/// A gateway token for the user behind `api`: (uri, token).
pub async fn token(api: &Api) -> (String, String) {
    let r = api.post("/restapi/oauth/wstoken", json!({})).await;
    assert_eq!(r.status, 200, "wstoken: {}", String::from_utf8_lossy(&r.bytes));
    let v = r.json();
    (v["uri"].as_str().unwrap().to_owned(), v["ws_access_token"].as_str().unwrap().to_owned())
}

impl Ws {
    /// Opens `url` as is.
    pub async fn open(url: &str) -> Self {
        let (socket, _) = tokio_tungstenite::connect_async(url).await.expect("the gateway accepts the connection");
        Self { socket, next_id: 0 }
    }

    /// Gets a token for `api`'s user and connects (recovering `wsc` when given); returns the
    /// connection and its first frame.
    pub async fn connect(api: &Api, wsc: Option<&str>) -> (Self, Value) {
        let (uri, token) = token(api).await;
        let url = match wsc {
            Some(w) => format!("{uri}?access_token={token}&wsc={w}"),
            None => format!("{uri}?access_token={token}"),
        };
        let mut ws = Self::open(&url).await;
        let first = ws.next().await;
        assert_eq!(first[0]["type"], "ConnectionDetails", "{first}");
        (ws, first)
    }

    /// Sends text as it is.
    pub async fn send_text(&mut self, text: &str) {
        self.socket.send(Message::Text(text.into())).await.expect("send");
    }

    /// Sends a frame.
    pub async fn send(&mut self, frame: Value) {
        self.send_text(&frame.to_string()).await;
    }

    /// The next text frame, within 10 s.
    pub async fn next(&mut self) -> Value {
        self.try_next().await.expect("a frame")
    }

    /// The next text frame, or `None` when the socket closes.
    pub async fn try_next(&mut self) -> Option<Value> {
        loop {
            let m =
                tokio::time::timeout(Duration::from_secs(10), self.socket.next()).await.expect("a frame within 10 s");
            match m {
                Some(Ok(Message::Text(t))) => return Some(serde_json::from_str(&t).expect("frames are JSON")),
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
                Some(Ok(_)) => {}
            }
        }
    }

    /// Sends a `ClientRequest` and returns its answer: `[meta, body?]`.
    pub async fn request(&mut self, method: &str, path: &str, query: Option<Value>, body: Option<Value>) -> Value {
        self.next_id += 1;
        let id = format!("req-{}", self.next_id);
        let mut meta = json!({"type": "ClientRequest", "messageId": id, "method": method, "path": path, "headers": {"X-User-Agent": "rcthreads-tests"}});
        if let Some(q) = query {
            meta["query"] = q;
        }
        let frame = match body {
            Some(b) => json!([meta, b]),
            None => json!([meta]),
        };
        self.send(frame).await;
        loop {
            let f = self.next().await;
            if f[0]["messageId"] == id {
                return f;
            }
        }
    }

    /// Sends a heartbeat and returns the frames that arrive before its answer.
    pub async fn heartbeat(&mut self) -> Vec<Value> {
        self.next_id += 1;
        let id = format!("hb-{}", self.next_id);
        self.send(json!([{"type": "Heartbeat", "messageId": id}])).await;
        let mut before = Vec::new();
        loop {
            let f = self.next().await;
            if f[0]["type"] == "Heartbeat" && f[0]["messageId"] == id {
                return before;
            }
            before.push(f);
        }
    }

    /// Subscribes to thread and message events over this connection; returns the answer.
    pub async fn subscribe(&mut self) -> Value {
        self.request(
            "POST",
            "/restapi/v1.0/subscription",
            None,
            Some(json!({
                "eventFilters": [
                    "/restapi/v1.0/account/~/message-threads/sync",
                    "/restapi/v1.0/account/~/message-threads/entries/sync"
                ],
                "deliveryMode": {"transportType": "WebSocket"}
            })),
        )
        .await
    }
}
