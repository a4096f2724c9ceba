//! `rcthreads-fanout ADDR CONNECTIONS ROUNDS`: opens CONNECTIONS WebSocket gateway connections to
//! the mock at ADDR, spread over the Financial Advising Queue's four handlers, each subscribed to
//! thread events. It prints `connected N`, waits for a line on stdin (so the caller can measure
//! the mock's memory with every connection idle), then runs ROUNDS times: a new customer texts
//! the queue, and the time from that request to each connection's notification is recorded. It
//! prints one JSON line: received count, p50, p99 and max in milliseconds.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

type Result<T> = std::result::Result<T, String>;

const HANDLERS: [&str; 4] = ["jwt-101", "jwt-102", "jwt-103", "jwt-104"];
const QUEUE: &str = "+15559870001";
const BASIC: &str = "Basic bW9jay1jbGllbnQtaWQ6bW9jay1jbGllbnQtc2VjcmV0";

/// One HTTP/1.1 request with `Connection: close`; the JSON body of the answer.
async fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Result<Value> {
    let mut s = TcpStream::connect(addr).await.map_err(|e| format!("connect {addr}: {e}"))?;
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut resp = String::new();
    s.read_to_string(&mut resp).await.map_err(|e| e.to_string())?;
    let body = resp.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    serde_json::from_str(body).map_err(|e| format!("{method} {path}: {e}: {resp}"))
}

async fn login(addr: &str, jwt: &str) -> Result<String> {
    let form = format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={jwt}");
    let headers = [("Authorization", BASIC), ("Content-Type", "application/x-www-form-urlencoded")];
    let v = http(addr, "POST", "/restapi/oauth/token", &headers, &form).await?;
    v["access_token"].as_str().map(str::to_owned).ok_or_else(|| format!("login: {v}"))
}

/// Opens one connection, subscribes it to thread events, then reports each notification's
/// arrival until the socket closes.
async fn connection(
    addr: String,
    bearer: String,
    index: usize,
    arrivals: mpsc::UnboundedSender<Instant>,
) -> Result<()> {
    let auth = format!("Bearer {bearer}");
    let t = http(&addr, "POST", "/restapi/oauth/wstoken", &[("Authorization", auth.as_str())], "").await?;
    let (uri, token) = (t["uri"].as_str().unwrap_or_default(), t["ws_access_token"].as_str().unwrap_or_default());
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("{uri}?access_token={token}")).await.map_err(|e| e.to_string())?;
    let first = ws.next().await.ok_or("closed before ConnectionDetails")?.map_err(|e| e.to_string())?;
    if !first.to_text().unwrap_or_default().contains("ConnectionDetails") {
        return Err(format!("first frame: {first}"));
    }
    let subscribe = json!([
        {"type": "ClientRequest", "messageId": format!("s{index}"), "method": "POST", "path": "/restapi/v1.0/subscription"},
        {"eventFilters": ["/restapi/v1.0/account/~/message-threads/sync"], "deliveryMode": {"transportType": "WebSocket"}}
    ]);
    ws.send(Message::Text(subscribe.to_string().into())).await.map_err(|e| e.to_string())?;
    let answer = ws.next().await.ok_or("closed before the subscription")?.map_err(|e| e.to_string())?;
    let answer: Value = serde_json::from_str(answer.to_text().unwrap_or_default()).map_err(|e| e.to_string())?;
    if answer[0]["status"] != 200 {
        return Err(format!("subscription: {answer}"));
    }
    let _ = arrivals.send(Instant::now()); // subscribed
    while let Some(Ok(m)) = ws.next().await {
        if m.to_text().is_ok_and(|t| t.contains("ServerNotification")) {
            let _ = arrivals.send(Instant::now());
        }
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn run(addr: String, n: usize, rounds: usize) -> Result<()> {
    let mut bearers = Vec::new();
    for jwt in HANDLERS {
        bearers.push(login(&addr, jwt).await?);
    }
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut tasks = Vec::new();
    for i in 0..n {
        tasks.push(tokio::spawn(connection(addr.clone(), bearers[i % HANDLERS.len()].clone(), i, tx.clone())));
        // A few at a time: the point is the fan-out, not a connection storm.
        if i % 50 == 49 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    for _ in 0..n {
        tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .map_err(|_| "connections not subscribed within 60 s")?
            .ok_or("a connection failed")?;
    }
    println!("connected {n}");
    let mut line = String::new();
    BufReader::new(tokio::io::stdin()).read_line(&mut line).await.map_err(|e| e.to_string())?;

    let mut latencies = Vec::with_capacity(n * rounds);
    for round in 0..rounds {
        let from = format!("+1917555{round:04}");
        let body = json!({"from": from, "to": QUEUE, "text": "Hello?"}).to_string();
        let started = Instant::now();
        http(&addr, "POST", "/mock/v1/inbound", &[("Content-Type", "application/json")], &body).await?;
        for _ in 0..n {
            let at = tokio::time::timeout(Duration::from_secs(30), rx.recv())
                .await
                .map_err(|_| format!("round {round}: not every connection was notified within 30 s"))?
                .ok_or("a connection ended")?;
            latencies.push(at.saturating_duration_since(started).as_secs_f64() * 1000.0);
        }
    }
    latencies.sort_by(f64::total_cmp);
    let summary = json!({
        "received": latencies.len(),
        "p50_ms": percentile(&latencies, 0.50),
        "p99_ms": percentile(&latencies, 0.99),
        "max_ms": latencies.last().copied().unwrap_or_default(),
    });
    println!("{summary}");
    for t in tasks {
        t.abort();
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(addr), Some(n), Some(rounds)) =
        (args.get(1).cloned(), args.get(2).and_then(|n| n.parse().ok()), args.get(3).and_then(|n| n.parse().ok()))
    else {
        eprintln!("usage: rcthreads-fanout ADDR CONNECTIONS ROUNDS");
        return std::process::ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("rcthreads-fanout: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(addr, n, rounds)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rcthreads-fanout: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
