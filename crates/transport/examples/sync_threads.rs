//! Keeps a thread sync token: FSync once, then ISync every few seconds, printing what changed.
//!
//! `RC_SYNC_ROUNDS` (optional) stops after that many ISyncs; `RC_SYNC_INTERVAL_SECS` (default 5)
//! sets the pause between them.
//!
//! ```sh
//! RC_SERVER=http://127.0.0.1:8090 RC_CLIENT_ID=mock-client-id RC_CLIENT_SECRET=mock-client-secret \
//! RC_USER_JWT=jwt-101 RC_SYNC_ROUNDS=3 cargo run -p rcthreads-transport --example sync_threads
//! ```

use std::process::ExitCode;
use std::time::Duration;

use rcthreads_transport::Client;
use rcthreads_wire::thread::MessageThread;

/// What the example needs, from the environment.
#[derive(Debug)]
pub struct Settings {
    pub server: String,
    pub client_id: String,
    pub client_secret: String,
    pub jwt: String,
    pub rounds: Option<u32>,
    pub interval: Duration,
}

impl Settings {
    /// Reads the settings with `get` (the environment in `main`); names every missing one.
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let names = ["RC_SERVER", "RC_CLIENT_ID", "RC_CLIENT_SECRET", "RC_USER_JWT"];
        let missing: Vec<&str> = names.iter().copied().filter(|n| get(n).is_none_or(|v| v.is_empty())).collect();
        if !missing.is_empty() {
            return Err(format!("set {} (e.g. RC_SERVER=http://127.0.0.1:8090 for the mock)", missing.join(", ")));
        }
        let number = |n: &str| -> Result<Option<u32>, String> {
            get(n).map(|v| v.parse().map_err(|_| format!("{n} must be a whole number, not {v:?}"))).transpose()
        };
        let var = |n: &str| get(n).unwrap_or_default();
        Ok(Self {
            server: var("RC_SERVER"),
            client_id: var("RC_CLIENT_ID"),
            client_secret: var("RC_CLIENT_SECRET"),
            jwt: var("RC_USER_JWT"),
            rounds: number("RC_SYNC_ROUNDS")?,
            interval: Duration::from_secs(number("RC_SYNC_INTERVAL_SECS")?.unwrap_or(5).into()),
        })
    }
}

fn print(t: &MessageThread) {
    let party = |p: &Option<rcthreads_wire::thread::MessagePhoneParty>| {
        p.as_ref().map_or("?".to_owned(), |p| p.phone_number.clone())
    };
    let assignee = t.assignee.as_ref().and_then(|a| a.name.clone()).unwrap_or_else(|| "nobody".into());
    println!(
        "  {} {} {}/{} {} <-> {} assignee: {assignee} label: {:?}",
        t.id,
        t.status,
        t.status_reason.as_ref().map_or("-", |r| r.as_str()),
        t.availability,
        party(&t.owner_party),
        party(&t.guest_party),
        t.label.as_deref().unwrap_or(""),
    );
}

pub async fn run(s: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().server(&s.server).credentials(&s.client_id, &s.client_secret).build()?;
    client.login_jwt(&s.jwt).await?;

    // The syncer runs FSync first (and again if the server refuses the token), ISync after.
    let mut syncer = client.thread_syncer();
    let mut round = 0;
    loop {
        let answer = syncer.sync().await?;
        println!(
            "{} at {}: {} thread(s)",
            answer.sync_info.sync_type,
            answer.sync_info.sync_time,
            answer.records.len()
        );
        answer.records.iter().for_each(print);
        if s.rounds.is_some_and(|r| round >= r) {
            return Ok(());
        }
        round += 1;
        tokio::time::sleep(s.interval).await;
    }
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
    match run(&settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.downcast_ref::<rcthreads_transport::Error>().and_then(|e| e.code()).unwrap_or("none");
            eprintln!("error: {e}\nerror code: {code}");
            ExitCode::FAILURE
        }
    }
}
