//! `cargo xtask bench --durable`: the mock with `--data-dir` beside the same run in memory
//! (send-message under `wrk`), start-up with 1,000,000 stored messages, and bytes on disk per
//! message. Output: a table on stdout and `target/bench/durable.json`.
//!
//! The directory of a million messages is written here, from the format docs/mock-server.md
//! describes (one JSON line per change, its CRC32 last), rather than through the mock: sending
//! a million messages one request at a time would take longer than the rest together.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::bench::{Server, exe, login, median, run, step};
use crate::cargo;

type Result<T> = std::result::Result<T, String>;

/// Stored messages for the start-up figure: customers × messages each.
const CUSTOMERS: u64 = 100_000;
const PER_CUSTOMER: u64 = 10;

/// The Financial Advising Queue, a shared number of the first built-in account (key 0).
const QUEUE: &str = "+15559870001";

/// One record line as the format defines it: the record's JSON with `,"crc":N` (CRC32 of that
/// JSON) as its last field.
fn line(record: &str) -> String {
    let crc = crc32fast::hash(record.as_bytes());
    format!("{},\"crc\":{crc}}}\n", &record[..record.len() - 1])
}

/// Writes a data directory holding `CUSTOMERS × PER_CUSTOMER` customers' texts, an hour old.
fn write_million(dir: &Path) -> Result<u64> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("format.json"), "{\"format\": 1}\n").map_err(|e| e.to_string())?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|e| e.to_string())?.as_millis() as u64;
    let start = now - 3_600_000;
    let file = std::fs::File::create(dir.join("log.jsonl")).map_err(|e| e.to_string())?;
    let mut out = std::io::BufWriter::new(file);
    let mut i = 0u64;
    for _ in 0..PER_CUSTOMER {
        for c in 0..CUSTOMERS {
            let record = format!(
                r#"{{"kind":"inbox","account":0,"at":{},"command":{{"op":"receive","from":"+{}","to":"{QUEUE}","text":"Thanks for the updat"}}}}"#,
                start + i / 1000,
                19_000_000_000 + c
            );
            out.write_all(line(&record).as_bytes()).map_err(|e| e.to_string())?;
            i += 1;
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    Ok(std::fs::metadata(dir.join("log.jsonl")).map_err(|e| e.to_string())?.len())
}

/// Average bytes of the log's lines that hold `op`.
fn bytes_per_line(log: &Path, op: &str) -> Result<(f64, u64)> {
    let text = std::fs::read_to_string(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let needle = format!("\"op\":\"{op}\"");
    let (count, bytes) =
        text.lines().filter(|l| l.contains(&needle)).fold((0u64, 0u64), |(n, b), l| (n + 1, b + l.len() as u64 + 1));
    if count == 0 {
        return Err(format!("no {op} record in {}", log.display()));
    }
    Ok((bytes as f64 / count as f64, count))
}

/// Runs the durable-state figures and writes them.
pub fn bench(quick: bool) -> Result<()> {
    let seconds = if quick { 3 } else { 10 };
    let out_dir = crate::target_dir().join("bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let mut figures = serde_json::Map::new();

    step("release build of the mock");
    run(Command::new(cargo()).args(["build", "--release", "-p", "rcthreads-mock"]), "cargo build --release")?;
    crate::bench::ensure_wrk()?;
    let script = out_dir.join("send.lua");
    std::fs::write(&script, crate::bench::SEND_SCRIPT).map_err(|e| e.to_string())?;

    // In memory before and after, as the ratio's base: the shared machine's capacity drifts.
    let send_with = |data_dir: Option<&Path>, connections: u32| -> Result<crate::bench::Load> {
        let mut args = vec!["--listen".to_owned(), "127.0.0.1:0".to_owned()];
        if let Some(d) = data_dir {
            let _ = std::fs::remove_dir_all(d);
            args.extend(["--data-dir".to_owned(), d.display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (mock, _) = Server::start(&exe("rcthreads-mock"), &args)?;
        let auth = format!("Authorization: Bearer {}", login(&mock.addr, "jwt-101")?);
        crate::bench::wrk_with(&format!("http://{}/", mock.addr), seconds, connections, Some(&script), &[auth])
    };
    let send = |data_dir: Option<&Path>| send_with(data_dir, 64);
    step(&format!("send-message in memory (before), {seconds} s"));
    let before = send(None)?;
    let send_dir = out_dir.join("data-send");
    step(&format!("send-message with --data-dir {}, {seconds} s", send_dir.display()));
    let durable = send(Some(&send_dir))?;
    step(&format!("send-message in memory (after), {seconds} s"));
    let after = send(None)?;
    let memory_rps = (before.rps + after.rps) / 2.0;
    figures.insert("send_memory_rps".into(), json!(memory_rps));
    figures.insert("send_durable_rps".into(), json!(durable.rps));
    figures.insert("send_durable_p50_ms".into(), json!(durable.p50_ms));
    figures.insert("send_durable_p99_ms".into(), json!(durable.p99_ms));
    figures.insert("send_durable_ratio_to_memory".into(), json!(durable.rps / memory_rps));
    // Group commit shares a sync among the requests in flight: the same pair with 256 of them.
    step(&format!("send-message with 256 connections, in memory then with --data-dir, {seconds} s each"));
    let memory_256 = send_with(None, 256)?;
    let durable_256 = send_with(Some(&out_dir.join("data-send-256")), 256)?;
    figures.insert("send_memory_c256_rps".into(), json!(memory_256.rps));
    figures.insert("send_durable_c256_rps".into(), json!(durable_256.rps));
    figures.insert("send_durable_c256_ratio_to_memory".into(), json!(durable_256.rps / memory_256.rps));
    let (send_bytes, sent) = bytes_per_line(&send_dir.join("log.jsonl"), "sendMessage")?;
    figures.insert("disk_bytes_per_sent_message".into(), json!(send_bytes));
    figures.insert("durable_messages_sent".into(), json!(sent));

    let million = CUSTOMERS * PER_CUSTOMER;
    let dir = out_dir.join("data-million");
    step(&format!("writing {million} customers' texts to {}", dir.display()));
    let size = write_million(&dir)?;
    figures.insert("disk_bytes_per_received_message".into(), json!(size as f64 / million as f64));
    step("start-up with 1,000,000 stored messages: exec to the listening line, median of 3");
    let mut times = Vec::new();
    for _ in 0..3 {
        let args = ["--listen", "127.0.0.1:0", "--data-dir", &dir.display().to_string()].map(str::to_owned);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (mock, t) = Server::start(&exe("rcthreads-mock"), &args)?;
        // The state is there: every customer's thread, open and unassigned in the queue.
        let token = login(&mock.addr, "jwt-101")?;
        let auth = format!("Bearer {token}");
        let (status, body) = crate::bench::http(
            &mock.addr,
            "GET",
            "/restapi/v1.0/account/~/message-threads?perPage=1",
            &[("Authorization", &auth)],
            "",
        )?;
        let total = serde_json::from_str::<Value>(&body).ok().and_then(|v| v["paging"]["totalElements"].as_u64());
        if status != 200 || total != Some(CUSTOMERS) {
            return Err(format!("after the restart, threads answered {status} with {total:?} threads: {body}"));
        }
        times.push(t.as_secs_f64() * 1000.0);
    }
    figures.insert("startup_1m_messages_ms".into(), json!(median(times)));

    let summary = Value::Object(figures);
    let path = out_dir.join("durable.json");
    std::fs::write(&path, serde_json::to_string_pretty(&summary).unwrap_or_default()).map_err(|e| e.to_string())?;
    crate::bench::print_table(&summary);
    println!("\nwritten to {}", path.display());
    Ok(())
}
