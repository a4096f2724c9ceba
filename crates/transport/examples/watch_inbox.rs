//! Watches the inbox live: subscribes to thread and message events over the WebSocket gateway
//! and prints each one as it arrives, with the threads it changed (an event carries only a time,
//! so each thread event is followed by a thread ISync).
//!
//! `RC_WATCH_EVENTS` (optional) stops after that many events; without it the example runs until
//! interrupted.
//!
//! ```sh
//! cargo xtask mock &   # http://127.0.0.1:8090
//! RC_SERVER=http://127.0.0.1:8090 RC_CLIENT_ID=mock-client-id RC_CLIENT_SECRET=mock-client-secret \
//! RC_USER_JWT=jwt-101 cargo run -p rcthreads-transport --example watch_inbox
//! # in another shell, a customer texts the queue:
//! curl -s -H 'Content-Type: application/json' \
//!   -d '{"from": "+16502240002", "to": "+15559870001", "text": "Hi?"}' http://127.0.0.1:8090/mock/v1/inbound
//! ```

use std::io::Write;
use std::process::ExitCode;

use futures_util::StreamExt;
use rcthreads_transport::{Client, PushEvent, ThreadSyncer};
use rcthreads_wire::subscription::{ENTRY_EVENT_FILTER, THREAD_EVENT_FILTER};
use rcthreads_wire::thread::MessageThread;

/// What the example needs, from the environment.
#[derive(Debug)]
pub struct Settings {
    pub server: String,
    pub client_id: String,
    pub client_secret: String,
    pub jwt: String,
    pub events: Option<u32>,
}

impl Settings {
    /// Reads the settings with `get` (the environment in `main`); names every missing one.
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let names = ["RC_SERVER", "RC_CLIENT_ID", "RC_CLIENT_SECRET", "RC_USER_JWT"];
        let missing: Vec<&str> = names.iter().copied().filter(|n| get(n).is_none_or(|v| v.is_empty())).collect();
        if !missing.is_empty() {
            return Err(format!("set {} (e.g. RC_SERVER=http://127.0.0.1:8090 for the mock)", missing.join(", ")));
        }
        let events = get("RC_WATCH_EVENTS")
            .map(|v| v.parse().map_err(|_| format!("RC_WATCH_EVENTS must be a whole number, not {v:?}")))
            .transpose()?;
        let var = |n: &str| get(n).unwrap_or_default();
        Ok(Self {
            server: var("RC_SERVER"),
            client_id: var("RC_CLIENT_ID"),
            client_secret: var("RC_CLIENT_SECRET"),
            jwt: var("RC_USER_JWT"),
            events,
        })
    }
}

fn describe(t: &MessageThread) -> String {
    let guest = t.guest_party.as_ref().map_or("?", |p| p.phone_number.as_str());
    let assignee = t.assignee.as_ref().and_then(|a| a.name.as_deref()).unwrap_or("nobody");
    format!("thread {} {} with {guest}, assigned to {assignee}", t.id, t.status)
}

/// Brings the thread sync token up to date; the threads that changed since the last call.
async fn changed(syncer: &mut ThreadSyncer) -> Result<Vec<MessageThread>, rcthreads_transport::Error> {
    Ok(syncer.sync().await?.records)
}

pub async fn run(s: &Settings, out: &mut (dyn Write + Send)) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().server(&s.server).credentials(&s.client_id, &s.client_secret).build()?;
    client.login_jwt(&s.jwt).await?;

    let mut events = client.subscribe([THREAD_EVENT_FILTER, ENTRY_EVENT_FILTER]);
    let mut syncer = client.thread_syncer();
    let mut seen = 0;
    while let Some(item) = events.next().await {
        match item? {
            PushEvent::Subscribed(info) => {
                // Subscribed first, then a snapshot: nothing can fall between the two.
                let threads = changed(&mut syncer).await?;
                writeln!(out, "subscribed ({}); {} thread(s) now", info.id, threads.len())?;
            }
            PushEvent::Resubscribed(info) => {
                let threads = changed(&mut syncer).await?;
                writeln!(out, "subscribed again ({}); caught up on {} thread(s)", info.id, threads.len())?;
            }
            PushEvent::Threads(event) => {
                seen += 1;
                let at = event.body.last_modified_time;
                let threads = changed(&mut syncer).await?;
                if threads.is_empty() {
                    writeln!(out, "thread event at {at}: already up to date")?;
                }
                for t in &threads {
                    writeln!(out, "thread event at {at}: {}", describe(t))?;
                }
            }
            PushEvent::Entries(event) => {
                seen += 1;
                writeln!(out, "message event at {}", event.body.last_modified_time)?;
            }
            PushEvent::Other(event) => writeln!(out, "event {} at {}", event.event, event.timestamp)?,
            other => writeln!(out, "{other:?}")?,
        }
        out.flush()?;
        if s.events.is_some_and(|n| seen >= n) {
            return Ok(());
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::read(|n| std::env::var(n).ok()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&settings, &mut std::io::stdout()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.downcast_ref::<rcthreads_transport::Error>().and_then(|e| e.code()).unwrap_or("none");
            eprintln!("error: {e}\nerror code: {code}");
            ExitCode::FAILURE
        }
    }
}
