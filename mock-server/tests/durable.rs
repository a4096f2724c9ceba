//! `--data-dir`: a restart restores what was acknowledged; a torn last record is dropped, a
//! damaged one or a newer format refused; snapshot and restore; and a crash (SIGKILL of the
//! binary under load) loses no acknowledged message.

mod common;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use rcthreads_mock::{Fixture, MockServer, Settings};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_rcthreads-mock");

/// A fresh directory for one test.
fn data_dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("durable-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

async fn start(dir: &Path) -> MockServer {
    let settings = Settings { data_dir: Some(dir.to_owned()), ..Settings::default() };
    MockServer::start_with(Fixture::default_accounts(), settings).await.expect("the mock starts on its data dir")
}

fn log_of(dir: &Path) -> PathBuf {
    dir.join("log.jsonl")
}

/// The same user, on another server, with the same tokens.
fn same_user(api: &Api, mock: &MockServer) -> Api {
    let mut a = Api::anonymous(mock);
    a.token.clone_from(&api.token);
    a.refresh_token.clone_from(&api.refresh_token);
    a
}

fn ok(r: &Reply) -> Value {
    assert!((200..300).contains(&r.status), "{}: {}", r.status, String::from_utf8_lossy(&r.bytes));
    if r.bytes.is_empty() { Value::Null } else { r.json() }
}

/// What a user and the control API see: compared before and after.
async fn views(wayne: &Api, control: &Api, token: &str) -> Vec<Value> {
    let mut v = Vec::new();
    for path in [
        format!("{MT}?perPage=1000"),
        format!("{MT}/messages?perPage=1000"),
        format!("{MT}/notes?perPage=1000"),
        format!("{MT}/sync?syncType=ISync&syncToken={token}"),
        format!("{MT}/entries/sync?syncType=FSync"),
        "/restapi/v1.0/subscription".to_owned(),
    ] {
        v.push(ok(&wayne.get(&path).await));
    }
    let mut accounts = ok(&control.get("/mock/v1/accounts").await);
    // A clock that follows real time reads differently a moment later.
    for a in accounts["records"].as_array_mut().unwrap() {
        if a["clock"]["followsRealTime"] == true {
            a["clock"]["now"] = Value::Null;
        }
    }
    v.push(accounts);
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_restores_what_was_acknowledged() {
    let dir = data_dir("restart");
    let mock = start(&dir).await;
    let control = Api::anonymous(&mock);
    ok(&control.post("/mock/v1/clock", json!({"set": "2030-01-01T00:00:00Z"})).await);
    let wayne = Api::login(&mock, "jwt-101").await;
    let beth = Api::login(&mock, "jwt-102").await;
    let first = wayne.get(&format!("{MT}/sync?syncType=FSync")).await.json();
    let token = first["syncInfo"]["syncToken"].as_str().unwrap().to_owned();

    let a = control.inbound_thread(CUSTOMER, QUEUE, "Hello").await;
    let b = start_thread(&wayne, QUEUE, CUSTOMER_2, "Hi there").await;
    ok(&wayne.assign(&a, Some(BETH)).await);
    ok(&beth.reply(&a, QUEUE, CUSTOMER, "On it").await);
    let note = ok(&wayne.post(&format!("{MT}/notes"), json!({"threadId": a, "text": "VIP"})).await);
    let note_id = note["id"].as_str().unwrap();
    ok(&wayne.json("PATCH", &format!("{MT}/notes/{note_id}"), json!({"text": "VIP customer"})).await);
    ok(&wayne.resolve(&b).await);
    control.advance(1800).await;
    let (hook, _deliveries) = webhook::receiver(true).await;
    ok(&webhook::subscribe(&wayne, &hook, "secret").await);
    let tenant = ok(&control.post("/mock/v1/accounts", json!({"copyOf": ACCOUNT_ID})).await);
    let tenant_id = tenant["id"].as_str().unwrap().to_owned();
    ok(&control
        .post(
            &format!("/mock/v1/accounts/{tenant_id}/inbound"),
            json!({"from": CUSTOMER, "to": QUEUE, "text": "Tenant"}),
        )
        .await);
    ok(&control.post(&format!("/mock/v1/accounts/{tenant_id}/clock"), json!({"advanceSeconds": 60})).await);
    let gone = ok(&control.post("/mock/v1/accounts", json!({"copyOf": ACCOUNT_ID})).await);
    ok(&control.delete(&format!("/mock/v1/accounts/{}", gone["id"].as_str().unwrap())).await);
    let before = views(&wayne, &control, &token).await;
    mock.shutdown().await;

    let mock = start(&dir).await;
    let control = Api::anonymous(&mock);
    // The access token from before still works, and so does the sync token.
    let wayne = same_user(&wayne, &mock);
    let after = views(&wayne, &control, &token).await;
    assert_eq!(before, after);
    // Ids go on where they stopped: the next message is the next id, in the same thread.
    let last: u64 = before[1]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().parse::<u64>().unwrap())
        .max()
        .unwrap();
    let next = ok(&beth_on(&mock, &beth).reply(&a, QUEUE, CUSTOMER, "Still here").await);
    assert_eq!(next["threadId"], a.as_str());
    assert!(next["id"].as_str().unwrap().parse::<u64>().unwrap() > last);
    // A refresh token from before trades for a new session.
    let r = wayne
        .token_form(&format!("grant_type=refresh_token&refresh_token={}", wayne.refresh_token.as_deref().unwrap()))
        .await;
    assert_eq!(r.status, 200);
    mock.shutdown().await;
}

fn beth_on(mock: &MockServer, beth: &Api) -> Api {
    same_user(beth, mock)
}

/// Three inbound messages, then the server stops: returns their ids.
async fn three_messages(dir: &Path) -> Vec<String> {
    let mock = start(dir).await;
    let control = Api::anonymous(&mock);
    let mut ids = Vec::new();
    for text in ["one", "two", "three"] {
        ids.push(ok(&control.inbound(CUSTOMER, QUEUE, text).await)["id"].as_str().unwrap().to_owned());
    }
    mock.shutdown().await;
    ids
}

async fn texts_after_restart(dir: &Path) -> Vec<String> {
    let mock = start(dir).await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let list = ok(&wayne.get(&format!("{MT}/messages?perPage=1000")).await);
    let mut texts: Vec<String> =
        list["records"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap().to_owned()).collect();
    texts.sort();
    mock.shutdown().await;
    texts
}

fn last_line_start(bytes: &[u8]) -> usize {
    bytes[..bytes.len() - 1].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_torn_last_record_is_dropped_and_the_rest_loads() {
    // Cut in the middle of the last line, as a crash during its write leaves it.
    let dir = data_dir("torn-cut");
    three_messages(&dir).await;
    let bytes = std::fs::read(log_of(&dir)).unwrap();
    let start = last_line_start(&bytes);
    let cut = start + (bytes.len() - start) / 2;
    std::fs::write(log_of(&dir), &bytes[..cut]).unwrap();
    assert_eq!(texts_after_restart(&dir).await, ["one", "two"]);
    // Dropped from the file too (then the restart's own login appended).
    assert_eq!(std::fs::read(log_of(&dir)).unwrap()[..start], bytes[..start]);

    // A whole last line whose CRC does not match its content.
    let dir = data_dir("torn-crc");
    three_messages(&dir).await;
    let mut bytes = std::fs::read(log_of(&dir)).unwrap();
    let start = last_line_start(&bytes);
    let at = start + bytes[start..].windows(5).position(|w| w == b"three").unwrap();
    bytes[at] = b'T';
    std::fs::write(log_of(&dir), &bytes).unwrap();
    // The binary says so on stderr, before its listening line.
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .env("RUST_LOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (_, mut child) = tokio::task::spawn_blocking(move || (listening(&mut child), child)).await.unwrap();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("dropped a torn last record at byte {start}")), "{stderr}");
    assert_eq!(std::fs::metadata(log_of(&dir)).unwrap().len(), start as u64);
    assert_eq!(texts_after_restart(&dir).await, ["one", "two"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_record_before_the_last_is_refused() {
    let dir = data_dir("damaged");
    three_messages(&dir).await;
    let mut bytes = std::fs::read(log_of(&dir)).unwrap();
    let second = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let at = second + bytes[second..].windows(3).position(|w| w == b"two").unwrap();
    bytes[at] = b'T';
    std::fs::write(log_of(&dir), &bytes).unwrap();
    let settings = Settings { data_dir: Some(dir.clone()), ..Settings::default() };
    let e = MockServer::start_with(Fixture::default_accounts(), settings).await.unwrap_err().to_string();
    assert!(e.contains("log.jsonl") && e.contains(&format!("damaged at byte {second}")), "{e}");
    // Nothing was cut: the file is left for a person to look at.
    assert_eq!(std::fs::read(log_of(&dir)).unwrap(), bytes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_of_a_newer_format_is_refused() {
    let dir = data_dir("newer");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("format.json"), r#"{"format": 2}"#).unwrap();
    let settings = Settings { data_dir: Some(dir.clone()), ..Settings::default() };
    let e = MockServer::start_with(Fixture::default_accounts(), settings).await.unwrap_err().to_string();
    assert!(e.contains("format 2") && e.contains("format 1"), "{e}");
    // The binary says the same and stops.
    let out = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("format 2") && stderr.contains("format 1"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_restored_into_a_fresh_mock_answers_the_same() {
    let mock = MockServer::start().await.unwrap();
    let control = Api::anonymous(&mock);
    // A stopped clock: delivery progress would otherwise differ between two reads.
    ok(&control.post("/mock/v1/clock", json!({"set": "2030-01-01T00:00:00Z"})).await);
    let wayne = Api::login(&mock, "jwt-101").await;
    let token = wayne.get(&format!("{MT}/sync?syncType=FSync")).await.json()["syncInfo"]["syncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = control.inbound_thread(CUSTOMER, QUEUE, "Hello").await;
    ok(&wayne.assign(&a, Some(WAYNE)).await);
    ok(&wayne.reply(&a, QUEUE, CUSTOMER, "Hi").await);
    ok(&wayne.post(&format!("{MT}/notes"), json!({"threadId": a, "text": "note"})).await);
    ok(&control.post("/mock/v1/accounts", json!({"copyOf": ACCOUNT_ID})).await);
    let snapshot = ok(&control.post("/mock/v1/snapshot", json!({})).await);
    assert_eq!(snapshot["format"], 1);
    let before = views(&wayne, &control, &token).await;

    let fresh = MockServer::start().await.unwrap();
    let control = Api::anonymous(&fresh);
    // Bad documents are refused naming the field, and change nothing.
    let untouched = ok(&control.post("/mock/v1/accounts", json!({"copyOf": ACCOUNT_ID})).await);
    for (doc, parameter) in [
        (json!({"format": 2, "records": []}), "format"),
        (json!({"records": []}), "format"),
        (json!({"format": 1, "records": [{"kind": "nothing"}]}), "records[0].kind"),
        (json!({"format": 1, "records": [{"kind": "reset"}, {"kind": "tenantDeleted"}]}), "records[1]"),
        (
            json!({"format": 1, "records": [{"kind": "inbox", "account": 0, "at": 0, "command": {"op": "receive", "from": CUSTOMER, "to": "+15550000000", "text": "x"}}]}),
            "records[0]",
        ),
    ] {
        let r = control.post("/mock/v1/restore", doc.clone()).await;
        assert_eq!(
            (r.status, r.parameter().as_str()),
            (400, parameter),
            "{doc}: {}",
            String::from_utf8_lossy(&r.bytes)
        );
        assert_eq!(r.code(), "CMN-101");
    }
    let accounts = ok(&control.get("/mock/v1/accounts").await);
    assert_eq!(accounts["records"].as_array().unwrap().last().unwrap()["id"], untouched["id"]);

    ok(&control.post("/mock/v1/restore", snapshot.clone()).await);
    let wayne = same_user(&wayne, &fresh);
    assert_eq!(views(&wayne, &control, &token).await, before);
    // And a snapshot of the restored state is the same document.
    assert_eq!(ok(&control.post("/mock/v1/snapshot", json!({})).await), snapshot);
}

/// Reads the binary's first line: its URL.
fn listening(child: &mut std::process::Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    line.trim()
        .strip_prefix("rcthreads-mock listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_owned()
}

fn spawn(dir: &Path) -> std::process::Child {
    Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn login_at(url: &str, jwt: &str) -> Api {
    let mut api = Api::at(url.to_owned());
    let r = api
        .token_form(&format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={jwt}"))
        .await;
    let j = ok(&r);
    api.token = Some(j["access_token"].as_str().unwrap().to_owned());
    api
}

/// Messages acknowledged before the kill.
const ACKNOWLEDGED_BEFORE_KILL: usize = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_under_load_loses_no_acknowledged_message() {
    let dir = data_dir("crash");
    let mut child = spawn(&dir);
    let (url, mut child) = tokio::task::spawn_blocking(move || (listening(&mut child), child)).await.unwrap();
    let wayne = login_at(&url, "jwt-101").await;
    let token = ok(&wayne.get(&format!("{MT}/sync?syncType=FSync")).await)["syncInfo"]["syncToken"]
        .as_str()
        .unwrap()
        .to_owned();

    // Four handlers, each in a thread of its own with its own customer, sending as fast as the
    // mock answers; each keeps the id and text of every message answered 200.
    let acked = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for (i, jwt) in ["jwt-101", "jwt-102", "jwt-103", "jwt-104"].into_iter().enumerate() {
        let api = login_at(&url, jwt).await;
        let acked = Arc::clone(&acked);
        clients.push(tokio::spawn(async move {
            let customer = format!("+1650224{:04}", 1000 + i);
            let mut sent: Vec<(String, String, String)> = Vec::new();
            for n in 0.. {
                let text = format!("client {i} message {n}");
                let body = json!({"from": {"phoneNumber": QUEUE}, "to": [{"phoneNumber": customer}], "text": text});
                let r = api
                    .try_send(
                        "POST",
                        &format!("{MT}/messages"),
                        Some("application/json"),
                        body.to_string().into_bytes(),
                        &[],
                    )
                    .await;
                match r {
                    Ok(r) if r.status == 200 => {
                        let m = r.json();
                        sent.push((
                            m["id"].as_str().unwrap().to_owned(),
                            m["threadId"].as_str().unwrap().to_owned(),
                            text,
                        ));
                        acked.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok(r) => panic!("send answered {}: {}", r.status, String::from_utf8_lossy(&r.bytes)),
                    // The server is gone.
                    Err(_) => break,
                }
            }
            sent
        }));
    }
    // Killed once enough sends are acknowledged, while the clients go on sending.
    while acked.load(Ordering::SeqCst) < ACKNOWLEDGED_BEFORE_KILL {
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut sent = Vec::new();
    for c in clients {
        sent.extend(c.await.unwrap());
    }
    assert!(sent.len() >= ACKNOWLEDGED_BEFORE_KILL);

    let mut child = spawn(&dir);
    let (url, mut child) = tokio::task::spawn_blocking(move || (listening(&mut child), child)).await.unwrap();
    // The session from before the kill still works, and so does its sync token.
    let mut wayne_again = Api::at(url.clone());
    wayne_again.token.clone_from(&wayne.token);
    let isync = wayne_again.get(&format!("{MT}/sync?syncType=ISync&syncToken={token}")).await;
    assert_eq!(isync.status, 200, "{}", String::from_utf8_lossy(&isync.bytes));
    assert!(!isync.json()["records"].as_array().unwrap().is_empty());
    let mut found = std::collections::HashMap::new();
    let threads: std::collections::BTreeSet<&String> = sent.iter().map(|(_, t, _)| t).collect();
    for t in threads {
        let list = ok(&wayne_again.get(&format!("{MT}/messages?threadIds={t}&perPage=1000")).await);
        for m in list["records"].as_array().unwrap() {
            found.insert(m["id"].as_str().unwrap().to_owned(), m["text"].as_str().unwrap().to_owned());
        }
    }
    for (id, _, text) in &sent {
        assert_eq!(found.get(id), Some(text), "acknowledged message {id} ({text}) after the restart");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
