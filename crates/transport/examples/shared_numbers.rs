//! Seed 002: the shared numbers of the main site, each sub-site and each call queue, and the
//! SMS handlers of each.
//!
//! ```sh
//! RC_SERVER=http://127.0.0.1:8090 RC_CLIENT_ID=mock-client-id RC_CLIENT_SECRET=mock-client-secret \
//! RC_USER_JWT=jwt-101 cargo run -p rcthreads-transport --example shared_numbers
//! ```

use std::process::ExitCode;

use rcthreads_transport::Client;
use rcthreads_wire::extension::ExtensionType;
use rcthreads_wire::query::{ListExtensionPhoneNumbersParameters, ListExtensionsParameters};

/// What the example needs, from the environment.
#[derive(Debug)]
pub struct Settings {
    pub server: String,
    pub client_id: String,
    pub client_secret: String,
    pub jwt: String,
}

impl Settings {
    /// Reads the settings with `get` (the environment in `main`); names every missing one.
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let names = ["RC_SERVER", "RC_CLIENT_ID", "RC_CLIENT_SECRET", "RC_USER_JWT"];
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
        })
    }
}

/// Prints one resource: its numbers and its SMS handlers.
async fn show(client: &Client, kind: &str, id: &str, name: &str) -> Result<(), rcthreads_transport::Error> {
    println!("{kind} {name} ({id})");
    let numbers = client.extension_phone_numbers(id, &ListExtensionPhoneNumbersParameters::default()).await?;
    for n in &numbers.records {
        let features: Vec<&str> = n.features.iter().flatten().map(|f| f.as_str()).collect();
        let usage = n.usage_type.as_ref().map_or("", |u| u.as_str());
        println!("  number  {} {usage} [{}]", n.phone_number.as_deref().unwrap_or("?"), features.join(", "));
    }
    for h in client.sms_recipients(id).await?.sms_recipients {
        let assignable = if h.assignable == Some(true) { "assignable" } else { "not assignable" };
        println!("  handler {} ({}), {assignable}", h.name.as_deref().unwrap_or("?"), h.id.as_deref().unwrap_or("?"));
    }
    Ok(())
}

pub async fn run(s: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().server(&s.server).credentials(&s.client_id, &s.client_secret).build()?;
    client.login_jwt(&s.jwt).await?;

    // The main site is the account's CompanyExtension.
    let main = ListExtensionsParameters { types: vec![ExtensionType::CompanyExtension], ..Default::default() };
    for site in client.extensions(&main).await?.records {
        let id = site.id.as_ref().map(|i| i.as_str().to_owned()).unwrap_or_default();
        show(&client, "main site", &id, site.name.as_deref().unwrap_or("?")).await?;
    }
    for site in client.sites().await?.records {
        show(&client, "sub-site", site.id.as_deref().unwrap_or("?"), site.name.as_deref().unwrap_or("?")).await?;
    }
    for queue in client.call_queues().await?.records {
        show(&client, "call queue", queue.id.as_deref().unwrap_or("?"), queue.name.as_deref().unwrap_or("?")).await?;
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
    match run(&settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.downcast_ref::<rcthreads_transport::Error>().and_then(|e| e.code()).unwrap_or("none");
            eprintln!("error: {e}\nerror code: {code}");
            ExitCode::FAILURE
        }
    }
}
