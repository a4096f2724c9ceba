//! Seed 000: send a text from the Financial Advising Queue's shared number.
//!
//! Finds the queue's number (with `SmsSender`) among the caller's numbers, sends, and prints the
//! message record as JSON, or the error with its code (MSG-427 when the thread belongs to
//! someone else).
//!
//! ```sh
//! cargo xtask mock &   # http://127.0.0.1:8090
//! RC_SERVER=http://127.0.0.1:8090 RC_CLIENT_ID=mock-client-id RC_CLIENT_SECRET=mock-client-secret \
//! RC_USER_JWT=jwt-101 RC_RECIPIENT=+16502240001 cargo run -p rcthreads-transport --example send_thread_message
//! ```

use std::process::ExitCode;

use rcthreads_transport::Client;
use rcthreads_wire::message::NewThreadMessageRequest;
use rcthreads_wire::phone_number::PhoneNumberFeature;
use rcthreads_wire::query::ListExtensionPhoneNumbersParameters;

const QUEUE_NAME: &str = "Financial Advising Queue";

/// What the example needs, from the environment.
#[derive(Debug)]
pub struct Settings {
    pub server: String,
    pub client_id: String,
    pub client_secret: String,
    pub jwt: String,
    pub recipient: String,
}

impl Settings {
    /// Reads the settings with `get` (the environment in `main`); names every missing one.
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let names = ["RC_SERVER", "RC_CLIENT_ID", "RC_CLIENT_SECRET", "RC_USER_JWT", "RC_RECIPIENT"];
        let missing: Vec<&str> = names.iter().copied().filter(|n| get(n).is_none_or(|v| v.is_empty())).collect();
        if !missing.is_empty() {
            return Err(format!("set {} (e.g. RC_SERVER=http://127.0.0.1:8090 for the mock)", missing.join(", ")));
        }
        let var = |n: &str| get(n).unwrap_or_default();
        Ok(Self {
            server: var("RC_SERVER"),
            client_id: var("RC_CLIENT_ID"),
            client_secret: var("RC_CLIENT_SECRET"),
            jwt: var("RC_USER_JWT"),
            recipient: var("RC_RECIPIENT"),
        })
    }
}

pub async fn run(s: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().server(&s.server).credentials(&s.client_id, &s.client_secret).build()?;
    client.login_jwt(&s.jwt).await?;

    // The caller's numbers include those of the resources they handle.
    let numbers = client.extension_phone_numbers("~", &ListExtensionPhoneNumbersParameters::default()).await?;
    let from = numbers
        .records
        .iter()
        .filter(|n| n.has_feature(&PhoneNumberFeature::SmsSender))
        .find(|n| n.extension.as_ref().and_then(|e| e.name.as_deref()) == Some(QUEUE_NAME))
        .and_then(|n| n.phone_number.clone())
        .ok_or_else(|| format!("no {QUEUE_NAME} number with SmsSender among the caller's numbers"))?;

    let request =
        NewThreadMessageRequest::new(from, &s.recipient, "Hi, this is your advisor from the Financial Advising team.");
    let sent = client.send_message(&request).await?;
    println!("{}", serde_json::to_string_pretty(&sent)?);
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
    match run(&settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.downcast_ref::<rcthreads_transport::Error>().and_then(|e| e.code()).unwrap_or("none");
            eprintln!("error: {e}\nerror code: {code}");
            ExitCode::FAILURE
        }
    }
}
