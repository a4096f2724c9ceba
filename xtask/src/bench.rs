//! `cargo xtask bench`: each layer measured against its limit, reported as ratios where the
//! machine's noise would otherwise drown the figure.
//!
//! 1. Domain (criterion): replies per second into 100k open threads, new threads beside them,
//!    ISync on 1M vs 1k threads, expiry cost per thread.
//! 2. The mock under load from `wrk` (64 keep-alive connections): authenticated send-message and
//!    list-threads, and a minimal axum hello-world as the physical baseline.
//! 3. Memory per message after loading 100k threads of 1M messages, and start-up time.
//!
//! Output: a table on stdout and `target/bench/summary.json`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{cargo, workspace_root};

type Result<T> = std::result::Result<T, String>;

/// How long each measurement runs.
struct Budget {
    criterion: &'static [&'static str],
    load_seconds: u32,
}

const FULL: Budget = Budget { criterion: &["--warm-up-time", "1", "--measurement-time", "3"], load_seconds: 10 };
const QUICK: Budget = Budget { criterion: &["--warm-up-time", "0.5", "--measurement-time", "1"], load_seconds: 3 };

/// Targets: (figure, comparison, limit).
const TARGETS: &[(&str, &str, f64)] = &[
    ("domain_send_per_s", ">=", 1_000_000.0),
    ("isync_ratio_1m_vs_1k", "<=", 2.0),
    ("send_rps_ratio_to_baseline", ">=", 0.5),
    ("bytes_per_message", "<=", 256.0),
    ("startup_ms", "<=", 50.0),
    ("ws_fanout_p99_ms", "<=", 50.0),
    ("ws_bytes_per_idle_connection", "<=", 65_536.0),
];

/// Customers' texts timed from the request to their row in the console.
const CONSOLE_SAMPLES_FULL: u32 = 20;
const CONSOLE_SAMPLES_QUICK: u32 = 5;

/// WebSocket fan-out: connections subscribed to the queue's thread events, and inbound texts.
const FANOUT_CONNECTIONS: usize = 1_000;
const FANOUT_ROUNDS_FULL: usize = 20;
const FANOUT_ROUNDS_QUICK: usize = 5;

pub(crate) fn step(title: &str) {
    println!("\n==> {title}");
}

pub(crate) fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd.current_dir(workspace_root()).status().map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}

/// Criterion's mean estimate for a benchmark id, in nanoseconds.
fn criterion_mean(id: &str) -> Result<f64> {
    let path = crate::target_dir().join("criterion").join(id).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    v["mean"]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no mean estimate", path.display()))
}

/// A server process that prints `... listening on http://ADDR` first; killed on drop.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
}

impl Server {
    pub(crate) fn start(exe: &Path, args: &[&str]) -> Result<(Self, Duration)> {
        let started = Instant::now();
        let mut child = Command::new(exe)
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
        let elapsed = started.elapsed();
        let addr = line
            .trim()
            .rsplit_once("http://")
            .map(|(_, a)| a.to_owned())
            .ok_or_else(|| format!("{} printed {line:?} instead of its listening line", exe.display()))?;
        Ok((Server { child, addr }, elapsed))
    }

    pub(crate) fn rss_bytes(&self) -> Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).map_err(|e| e.to_string())?;
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .ok_or("no VmRSS in /proc status")?;
        Ok(kb * 1024)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request with `Connection: close`; returns (status, body).
pub(crate) fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, String)> {
    let mut s = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(120))).map_err(|e| e.to_string())?;
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut resp = String::new();
    s.read_to_string(&mut resp).map_err(|e| e.to_string())?;
    let status = resp.split_whitespace().nth(1).and_then(|c| c.parse().ok()).ok_or("no HTTP status")?;
    let body = resp.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    Ok((status, body))
}

pub(crate) fn login(addr: &str, jwt: &str) -> Result<String> {
    // base64("mock-client-id:mock-client-secret")
    let basic = "Basic bW9jay1jbGllbnQtaWQ6bW9jay1jbGllbnQtc2VjcmV0";
    let form = format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={jwt}");
    let headers = [("Authorization", basic), ("Content-Type", "application/x-www-form-urlencoded")];
    let (status, body) = http(addr, "POST", "/restapi/oauth/token", &headers, &form)?;
    let v: Value = serde_json::from_str(&body).map_err(|e| format!("login answered {status}: {e}"))?;
    v["access_token"].as_str().map(str::to_owned).ok_or_else(|| format!("login answered {status}: {body}"))
}

/// What wrk measured.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Load {
    pub(crate) rps: f64,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
}

fn millis(s: &str) -> Option<f64> {
    let (num, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = num.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

fn parse_wrk(out: &str) -> Result<Load> {
    let field = |prefix: &str| out.lines().map(str::trim).find_map(|l| l.strip_prefix(prefix)).map(str::trim);
    if let Some(n) = field("Non-2xx or 3xx responses:") {
        return Err(format!("{n} requests failed under load:\n{out}"));
    }
    let rps = field("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk output:\n{out}"))?;
    let p50 = field("50%").and_then(millis).ok_or("no p50 in wrk output")?;
    let p99 = field("99%").and_then(millis).ok_or("no p99 in wrk output")?;
    Ok(Load { rps, p50_ms: p50, p99_ms: p99 })
}

pub(crate) fn wrk(url: &str, seconds: u32, script: Option<&Path>, headers: &[String]) -> Result<Load> {
    wrk_with(url, seconds, 64, script, headers)
}

/// `wrk` with `connections` requests in flight.
pub(crate) fn wrk_with(
    url: &str,
    seconds: u32,
    connections: u32,
    script: Option<&Path>,
    headers: &[String],
) -> Result<Load> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency"]);
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    for h in headers {
        cmd.args(["-H", h]);
    }
    let out = cmd.arg(url).output().map_err(|e| format!("cannot run wrk: {e}"))?;
    if !out.status.success() {
        return Err(format!("wrk failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    parse_wrk(&String::from_utf8_lossy(&out.stdout))
}

pub(crate) fn ensure_wrk() -> Result<()> {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return Ok(());
    }
    println!("wrk not found: installing Debian's package");
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false);
    let sudo: &[&str] = if root { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.to_vec();
        all.push("apt-get");
        all.extend_from_slice(args);
        Command::new(all[0]).args(&all[1..]).status().is_ok_and(|s| s.success())
    };
    if apt(&["install", "-y", "wrk"]) || (apt(&["update"]) && apt(&["install", "-y", "wrk"])) {
        Ok(())
    } else {
        Err("wrk is needed for the load benchmarks: install it with `apt-get install wrk`".into())
    }
}

pub(crate) const SEND_SCRIPT: &str = r#"-- Replies by the assignee into 1000 threads of the Financial Advising Queue.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local to = 16503000000 + (n % 1000)
  local body = '{"from":{"phoneNumber":"+15559870001"},"to":[{"phoneNumber":"+' .. to .. '"}],"text":"Thanks, see you soon"}'
  return wrk.format(nil, "/restapi/v1.0/account/~/message-threads/messages", nil, body)
end
"#;

pub(crate) fn exe(name: &str) -> PathBuf {
    crate::target_dir().join("release").join(name)
}

pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs every benchmark and writes the summary.
pub fn bench(quick: bool) -> Result<()> {
    let budget = if quick { QUICK } else { FULL };
    let out_dir = crate::target_dir().join("bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let mut figures = serde_json::Map::new();

    step("domain (criterion)");
    let mut args = vec!["bench", "-p", "rcthreads-domain", "--bench", "inbox", "--"];
    args.extend_from_slice(budget.criterion);
    run(Command::new(cargo()).args(&args), "cargo bench")?;
    let reply = criterion_mean("domain/reply_100k_open")?;
    let new_thread = criterion_mean("domain/new_thread_100k_open")?;
    let isync_1k = criterion_mean("isync_10_changes/1000")?;
    let isync_1m = criterion_mean("isync_10_changes/1000000")?;
    let expiry = criterion_mean("domain/expiry_sweep")? / 10_000.0;
    figures.insert("domain_send_per_s".into(), json!(1e9 / reply));
    figures.insert("domain_new_thread_per_s".into(), json!(1e9 / new_thread));
    figures.insert("isync_10_changes_1k_ns".into(), json!(isync_1k));
    figures.insert("isync_10_changes_1m_ns".into(), json!(isync_1m));
    figures.insert("isync_ratio_1m_vs_1k".into(), json!(isync_1m / isync_1k));
    figures.insert("expiry_ns_per_thread".into(), json!(expiry));

    step("release build of the mock and the baseline");
    run(
        Command::new(cargo()).args([
            "build",
            "--release",
            "-p",
            "rcthreads-mock",
            "-p",
            "rcthreads-baseline",
            "-p",
            "rcthreads-fanout",
        ]),
        "cargo build --release",
    )?;
    ensure_wrk()?;

    // The baseline runs before and after the mock, and the ratio uses their mean: on a shared
    // machine the capacity drifts during a run, and both sides should see the same drift.
    let baseline_run = |what: &str| -> Result<Load> {
        step(&format!("load: baseline hello-world ({what}), {} s", budget.load_seconds));
        let (server, _) = Server::start(&exe("rcthreads-baseline"), &["127.0.0.1:0"])?;
        wrk(&format!("http://{}/", server.addr), budget.load_seconds, None, &[])
    };
    let before = baseline_run("before")?;

    step(&format!("load: mock send-message and list threads, {} s each", budget.load_seconds));
    let (mock, _) = Server::start(&exe("rcthreads-mock"), &["--listen", "127.0.0.1:0", "--log-format", "json"])?;
    let token = login(&mock.addr, "jwt-101")?;
    let auth = format!("Authorization: Bearer {token}");
    let script = out_dir.join("send.lua");
    std::fs::write(&script, SEND_SCRIPT).map_err(|e| e.to_string())?;
    let send = wrk(&format!("http://{}/", mock.addr), budget.load_seconds, Some(&script), std::slice::from_ref(&auth))?;
    let list_url = format!("http://{}/restapi/v1.0/account/~/message-threads?perPage=100", mock.addr);
    let list = wrk(&list_url, budget.load_seconds, None, &[auth])?;
    drop(mock);
    let after = baseline_run("after")?;
    let baseline = Load {
        rps: (before.rps + after.rps) / 2.0,
        p50_ms: (before.p50_ms + after.p50_ms) / 2.0,
        p99_ms: (before.p99_ms + after.p99_ms) / 2.0,
    };
    for (name, l) in [("baseline", baseline), ("send", send), ("list", list)] {
        figures.insert(format!("{name}_rps"), json!(l.rps));
        figures.insert(format!("{name}_p50_ms"), json!(l.p50_ms));
        figures.insert(format!("{name}_p99_ms"), json!(l.p99_ms));
    }
    figures.insert("send_rps_ratio_to_baseline".into(), json!(send.rps / baseline.rps));
    figures.insert("list_rps_ratio_to_baseline".into(), json!(list.rps / baseline.rps));

    step("memory: 100,000 threads holding 1,000,000 messages of 20 characters");
    let (mock, _) = Server::start(&exe("rcthreads-mock"), &["--listen", "127.0.0.1:0", "--log-format", "json"])?;
    let before = mock.rss_bytes()?;
    let body = r#"{"threads": 100000, "messagesPerThread": 10, "textLength": 20}"#;
    let (status, answer) = http(&mock.addr, "POST", "/mock/v1/load", &[("Content-Type", "application/json")], body)?;
    if status != 200 {
        return Err(format!("loading messages answered {status}: {answer}"));
    }
    let after = mock.rss_bytes()?;
    drop(mock);
    figures.insert("rss_before_bytes".into(), json!(before));
    figures.insert("rss_after_bytes".into(), json!(after));
    figures.insert("bytes_per_message".into(), json!((after.saturating_sub(before)) as f64 / 1_000_000.0));

    let rounds = if quick { FANOUT_ROUNDS_QUICK } else { FANOUT_ROUNDS_FULL };
    step(&format!("WebSocket fan-out: {FANOUT_CONNECTIONS} subscribed connections, {rounds} inbound texts"));
    let fanout = ws_fanout(rounds)?;
    for (k, v) in fanout {
        figures.insert(k, v);
    }

    let samples = if quick { CONSOLE_SAMPLES_QUICK } else { CONSOLE_SAMPLES_FULL };
    step(&format!("web console in chromium: first rows with 10,000 threads, {samples} texts to their rows"));
    for (k, v) in console_figures(samples)? {
        figures.insert(k, v);
    }

    step("start-up: exec to the listening line, median of 11");
    let mut times = Vec::new();
    for _ in 0..11 {
        let (_server, t) = Server::start(&exe("rcthreads-mock"), &["--listen", "127.0.0.1:0"])?;
        times.push(t.as_secs_f64() * 1000.0);
    }
    figures.insert("startup_ms".into(), json!(median(times)));

    let summary = Value::Object(figures);
    let path = out_dir.join("summary.json");
    std::fs::write(&path, serde_json::to_string_pretty(&summary).unwrap_or_default()).map_err(|e| e.to_string())?;
    print_table(&summary);
    println!("\nwritten to {}", path.display());
    Ok(())
}

/// Runs the fan-out load generator against a fresh mock: memory per idle connection from the
/// mock's RSS before and after the connections, then the notification latencies.
fn ws_fanout(rounds: usize) -> Result<serde_json::Map<String, Value>> {
    let (mock, _) = Server::start(&exe("rcthreads-mock"), &["--listen", "127.0.0.1:0", "--log-format", "json"])?;
    let before = mock.rss_bytes()?;
    let mut child = Command::new(exe("rcthreads-fanout"))
        .args([mock.addr.as_str(), &FANOUT_CONNECTIONS.to_string(), &rounds.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start rcthreads-fanout: {e}"))?;
    let mut out = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut line = String::new();
    out.read_line(&mut line).map_err(|e| e.to_string())?;
    if !line.starts_with("connected") {
        let _ = child.kill();
        return Err(format!("the fan-out generator did not connect: {line:?} (see its error above)"));
    }
    // Let the connections settle before reading the mock's memory.
    std::thread::sleep(Duration::from_millis(500));
    let after = mock.rss_bytes()?;
    child.stdin.take().ok_or("no stdin")?.write_all(b"go\n").map_err(|e| e.to_string())?;
    line.clear();
    out.read_line(&mut line).map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("the fan-out generator failed ({status})"));
    }
    let v: Value = serde_json::from_str(line.trim()).map_err(|e| format!("fan-out output {line:?}: {e}"))?;
    let mut figures = serde_json::Map::new();
    figures.insert("ws_fanout_p50_ms".into(), v["p50_ms"].clone());
    figures.insert("ws_fanout_p99_ms".into(), v["p99_ms"].clone());
    figures.insert("ws_fanout_max_ms".into(), v["max_ms"].clone());
    figures.insert("ws_fanout_notifications".into(), v["received"].clone());
    let per = after.saturating_sub(before) as f64 / FANOUT_CONNECTIONS as f64;
    figures.insert("ws_bytes_per_idle_connection".into(), json!(per));
    Ok(figures)
}

/// The console's figures: `mock-server/tests/browser/console.bench.js` in chromium against a
/// fresh release mock.
fn console_figures(samples: u32) -> Result<serde_json::Map<String, Value>> {
    let browser = crate::console::prepare(&workspace_root())?;
    let (mock, _) = Server::start(&exe("rcthreads-mock"), &["--listen", "127.0.0.1:0", "--log-format", "json"])?;
    let out = Command::new("node")
        .arg(browser.scripts.join("console.bench.js"))
        .env("MOCK_URL", format!("http://{}", mock.addr))
        .env("CHROMIUM", &browser.chromium)
        .env("NODE_PATH", &browser.node_modules)
        .env("SAMPLES", samples.to_string())
        .current_dir(&browser.work)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    drop(mock);
    if !out.status.success() {
        return Err(format!("the console measurement failed ({})", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or_default();
    let v: Value = serde_json::from_str(line).map_err(|e| format!("console measurement output {line:?}: {e}"))?;
    let mut figures = serde_json::Map::new();
    figures.insert("console_first_render_10k_ms".into(), v["first_render_ms"].clone());
    figures.insert("console_live_p50_ms".into(), v["live_p50_ms"].clone());
    figures.insert("console_live_max_ms".into(), v["live_max_ms"].clone());
    Ok(figures)
}

pub(crate) fn print_table(summary: &Value) {
    println!("\n{:<32} {:>16}  target", "figure", "value");
    let mut keys: Vec<_> = summary.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    keys.sort();
    for k in keys {
        let v = summary[&k].as_f64().unwrap_or(f64::NAN);
        let target = TARGETS.iter().find(|(name, _, _)| *name == k).map(|&(_, op, limit)| {
            let met = if op == ">=" { v >= limit } else { v <= limit };
            format!("{op} {limit} {}", if met { "met" } else { "MISSED" })
        });
        println!("{k:<32} {v:>16.3}  {}", target.unwrap_or_default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_latency_and_rate() {
        let out = "Running 3s test @ http://127.0.0.1:1/\n  2 threads and 64 connections\n  Latency Distribution\n     50%  812.00us\n     75%    1.10ms\n     90%    1.52ms\n     99%    3.05ms\n  81234 requests in 3.00s, 9.7MB read\nRequests/sec:  27078.12\nTransfer/sec:      3.2MB\n";
        let l = parse_wrk(out).unwrap();
        assert!((l.rps - 27078.12).abs() < 1e-6);
        assert!((l.p50_ms - 0.812).abs() < 1e-9);
        assert!((l.p99_ms - 3.05).abs() < 1e-9);
        assert!(parse_wrk("Non-2xx or 3xx responses: 12\nRequests/sec: 1").is_err());
    }
}
