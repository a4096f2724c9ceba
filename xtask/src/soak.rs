//! `cargo xtask soak`: the release mock under a mixed load for a given time, its memory sampled.
//!
//! Load: `wrk` lists threads the whole time; scripted clients log in, refresh, send, list, run
//! full and incremental syncs, make and remove webhook subscriptions (to a receiver here), and
//! send bad input. Sends run in alternate 30-second phases: memory that grows while nothing is
//! sent is growth that stored data does not explain; what grows while sending, less that, is
//! the cost of a stored message.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::bench::{Server, ensure_wrk, exe, http, run, step};
use crate::cargo;

type Result<T> = std::result::Result<T, String>;

const BASIC: &str = "Basic bW9jay1jbGllbnQtaWQ6bW9jay1jbGllbnQtc2VjcmV0";
const MT: &str = "/restapi/v1.0/account/~/message-threads";
const PHASE: Duration = Duration::from_secs(30);
const SAMPLE: Duration = Duration::from_secs(5);
/// Samples before this are the allocator settling, not a trend.
const WARM_UP: Duration = Duration::from_secs(60);
const CLIENTS: usize = 3;

/// Parses `10m`, `90s`, `1h` or a number of seconds.
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num.parse().map_err(|_| format!("{s:?} is not a duration like 10m, 90s or 1h"))?;
    match unit {
        "" | "s" => Ok(Duration::from_secs(n)),
        "m" => Ok(Duration::from_secs(n * 60)),
        "h" => Ok(Duration::from_secs(n * 3600)),
        _ => Err(format!("{s:?}: the unit is s, m or h")),
    }
}

#[derive(Default)]
struct Counters {
    stored: AtomicU64,
    requests: AtomicU64,
    unexpected: AtomicU64,
    webhook_events: AtomicU64,
}

struct Sample {
    at: Duration,
    rss: u64,
    stored: u64,
    sending: bool,
}

/// Runs the soak and prints its report.
pub fn soak(duration: Duration) -> Result<()> {
    step("release build of the mock");
    run(Command::new(cargo()).args(["build", "--release", "-p", "rcthreads-mock"]), "cargo build --release")?;
    ensure_wrk()?;
    let (mock, _) = Server::start(&exe("rcthreads-mock"), &["--listen", "127.0.0.1:0"])?;
    let addr = mock.addr.clone();
    let counters = Arc::new(Counters::default());
    let sending = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let hook = receiver(Arc::clone(&counters))?;

    step(&format!("soak: {} s of mixed load on {addr}", duration.as_secs()));
    let token = login(&addr, "jwt-101")?.0;
    let mut wrk = Command::new("wrk")
        .args(["-t1", "-c16", &format!("-d{}s", duration.as_secs()), "-H", &format!("Authorization: Bearer {token}")])
        .arg(format!("http://{addr}{MT}?perPage=100"))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let workers: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let (addr, hook, counters, sending, stop) =
                (addr.clone(), hook.clone(), Arc::clone(&counters), Arc::clone(&sending), Arc::clone(&stop));
            std::thread::spawn(move || client(n, &addr, &hook, &counters, &sending, &stop))
        })
        .collect();

    let started = Instant::now();
    let mut samples = Vec::new();
    let mut phase_started = started;
    while started.elapsed() < duration {
        std::thread::sleep(SAMPLE);
        if phase_started.elapsed() >= PHASE {
            sending.fetch_xor(true, Ordering::SeqCst);
            phase_started = Instant::now();
        }
        let s = Sample {
            at: started.elapsed(),
            rss: mock.rss_bytes()?,
            stored: counters.stored.load(Ordering::SeqCst),
            sending: sending.load(Ordering::SeqCst),
        };
        println!(
            "  {:>4} s  RSS {:>7.1} MiB  stored messages {:>8}  requests {:>8}  unexpected {:>3}  webhook events {:>6}  {}",
            s.at.as_secs(),
            s.rss as f64 / 1048576.0,
            s.stored,
            counters.requests.load(Ordering::SeqCst),
            counters.unexpected.load(Ordering::SeqCst),
            counters.webhook_events.load(Ordering::SeqCst),
            if s.sending { "sending" } else { "quiet" },
        );
        samples.push(s);
    }
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        let _ = w.join();
    }
    let mut wrk_out = String::new();
    if let Some(mut out) = wrk.stdout.take() {
        let _ = out.read_to_string(&mut wrk_out);
    }
    let _ = wrk.wait();
    let wrk_rps = wrk_out.lines().find_map(|l| l.trim().strip_prefix("Requests/sec:")).map(str::trim).unwrap_or("?");
    report(&samples, &counters, wrk_rps)
}

fn report(samples: &[Sample], counters: &Counters, wrk_rps: &str) -> Result<()> {
    // Phases: runs of samples with the same `sending`, after the warm-up.
    let steady: Vec<&Sample> = samples.iter().filter(|s| s.at >= WARM_UP).collect();
    let (mut quiet_bytes, mut quiet_secs) = (0f64, 0f64);
    let (mut send_bytes, mut send_secs, mut send_messages) = (0f64, 0f64, 0f64);
    for pair in steady.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.sending != b.sending {
            continue;
        }
        let (dr, dt, dm) = (b.rss as f64 - a.rss as f64, (b.at - a.at).as_secs_f64(), (b.stored - a.stored) as f64);
        if b.sending {
            (send_bytes, send_secs, send_messages) = (send_bytes + dr, send_secs + dt, send_messages + dm);
        } else {
            (quiet_bytes, quiet_secs) = (quiet_bytes + dr, quiet_secs + dt);
        }
    }
    let quiet_rate = if quiet_secs > 0.0 { quiet_bytes / quiet_secs } else { 0.0 };
    let per_message =
        if send_messages > 0.0 { (send_bytes - quiet_rate * send_secs) / send_messages } else { f64::NAN };
    let (first, last) = (samples.first().ok_or("no samples")?, samples.last().ok_or("no samples")?);
    println!("\n==> soak result");
    println!("  duration                       {} s", last.at.as_secs());
    println!(
        "  RSS                            {:.1} MiB -> {:.1} MiB",
        first.rss as f64 / 1048576.0,
        last.rss as f64 / 1048576.0
    );
    println!("  stored messages                {}", last.stored);
    println!(
        "  scripted requests              {} ({} unexpected answers)",
        counters.requests.load(Ordering::SeqCst),
        counters.unexpected.load(Ordering::SeqCst)
    );
    println!("  wrk list-threads rate          {wrk_rps} requests/s");
    println!("  webhook events received        {}", counters.webhook_events.load(Ordering::SeqCst));
    println!("  memory per stored message      {per_message:.0} bytes (while sending, less the quiet trend)");
    println!(
        "  growth while nothing is stored {:.1} KiB/min ({quiet_secs:.0} s of quiet phases)",
        quiet_rate * 60.0 / 1024.0
    );
    let unexpected = counters.unexpected.load(Ordering::SeqCst);
    if unexpected > 0 {
        return Err(format!("{unexpected} answers were not the expected status (see above)"));
    }
    Ok(())
}

/// Logs in; (access token, refresh token).
fn login(addr: &str, jwt: &str) -> Result<(String, String)> {
    let form = format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={jwt}");
    token(addr, &form)
}

fn token(addr: &str, form: &str) -> Result<(String, String)> {
    let headers = [("Authorization", BASIC), ("Content-Type", "application/x-www-form-urlencoded")];
    let (status, body) = http(addr, "POST", "/restapi/oauth/token", &headers, form)?;
    let v: Value = serde_json::from_str(&body).map_err(|e| format!("token answered {status}: {e}"))?;
    match (v["access_token"].as_str(), v["refresh_token"].as_str()) {
        (Some(a), Some(r)) => Ok((a.to_owned(), r.to_owned())),
        _ => Err(format!("token answered {status}: {body}")),
    }
}

/// One scripted client: a loop of every kind of request until told to stop.
fn client(n: usize, addr: &str, hook: &str, counters: &Counters, sending: &AtomicBool, stop: &AtomicBool) {
    let mut round = 0u64;
    while !stop.load(Ordering::SeqCst) {
        round += 1;
        if let Err(e) = one_round(n, round, addr, hook, counters, sending) {
            counters.unexpected.fetch_add(1, Ordering::SeqCst);
            eprintln!("  client {n}: {e}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn one_round(n: usize, round: u64, addr: &str, hook: &str, counters: &Counters, sending: &AtomicBool) -> Result<()> {
    let expect = |what: &str, got: (u16, String), want: u16| -> Result<String> {
        counters.requests.fetch_add(1, Ordering::SeqCst);
        if got.0 == want { Ok(got.1) } else { Err(format!("{what}: {} (wanted {want}): {}", got.0, got.1)) }
    };
    let (_, refresh) = login(addr, "jwt-101")?;
    let (access, _) = token(addr, &format!("grant_type=refresh_token&refresh_token={refresh}"))?;
    counters.requests.fetch_add(2, Ordering::SeqCst);
    let bearer = format!("Bearer {access}");
    let auth = [("Authorization", bearer.as_str()), ("Content-Type", "application/json")];

    // A webhook subscription for this round: events of the sends below go to it.
    let sub = format!(
        r#"{{"eventFilters":["{MT}/sync","{MT}/entries/sync"],"deliveryMode":{{"transportType":"WebHook","address":"{hook}"}},"expiresIn":600}}"#
    );
    let created = expect("subscribe", http(addr, "POST", "/restapi/v1.0/subscription", &auth, &sub)?, 200)?;
    let sub_id = serde_json::from_str::<Value>(&created).ok().and_then(|v| v["id"].as_str().map(str::to_owned));

    for i in 0..20u64 {
        if sending.load(Ordering::SeqCst) {
            let to = 16_503_000_000 + (round * 20 + i + n as u64 * 7) % 2000;
            let body = format!(
                r#"{{"from":{{"phoneNumber":"+15559870001"}},"to":[{{"phoneNumber":"+{to}"}}],"text":"Soak reply {round}-{i}"}}"#
            );
            expect("send", http(addr, "POST", &format!("{MT}/messages"), &auth, &body)?, 200)?;
            counters.stored.fetch_add(1, Ordering::SeqCst);
        }
        expect("list", http(addr, "GET", &format!("{MT}?perPage=50"), &auth, "")?, 200)?;
    }
    let full = expect("fsync", http(addr, "GET", &format!("{MT}/sync?syncType=FSync"), &auth, "")?, 200)?;
    expect("entries fsync", http(addr, "GET", &format!("{MT}/entries/sync?syncType=FSync"), &auth, "")?, 200)?;
    if let Some(t) =
        serde_json::from_str::<Value>(&full).ok().and_then(|v| v["syncInfo"]["syncToken"].as_str().map(str::to_owned))
    {
        expect("isync", http(addr, "GET", &format!("{MT}/sync?syncType=ISync&syncToken={t}"), &auth, "")?, 200)?;
    }
    // Bad input: refused, and nothing kept.
    expect("bad enum", http(addr, "GET", &format!("{MT}?threadStatus=Bogus"), &auth, "")?, 400)?;
    expect("bad perPage", http(addr, "GET", &format!("{MT}?perPage=100000"), &auth, "")?, 400)?;
    expect("bad body", http(addr, "POST", &format!("{MT}/messages"), &auth, "{")?, 400)?;
    expect("bad token", http(addr, "GET", MT, &[("Authorization", "Bearer nope")], "")?, 401)?;
    if let Some(id) = sub_id {
        expect("unsubscribe", http(addr, "DELETE", &format!("/restapi/v1.0/subscription/{id}"), &auth, "")?, 204)?;
    }
    Ok(())
}

/// A webhook receiver on a free loopback port: echoes `Validation-Token`, counts events.
fn receiver(counters: Arc<Counters>) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let counters = Arc::clone(&counters);
            std::thread::spawn(move || {
                let _ = serve_hook(stream, &counters);
            });
        }
    });
    Ok(format!("http://{addr}/hook"))
}

fn serve_hook(stream: TcpStream, counters: &Counters) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let (mut length, mut validation) = (0usize, None);
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                } else if k.eq_ignore_ascii_case("validation-token") {
                    validation = Some(v.trim().to_owned());
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let echo = match validation {
            Some(t) => format!("Validation-Token: {t}\r\n"),
            None => {
                counters.webhook_events.fetch_add(1, Ordering::SeqCst);
                String::new()
            }
        };
        out.write_all(format!("HTTP/1.1 200 OK\r\n{echo}Content-Length: 0\r\n\r\n").as_bytes())?;
    }
}
