//! `rcthreads-mock`: the mock RingCentral server as a program.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use rcthreads_mock::rate_limit::Mode;
use rcthreads_mock::{Fixture, Settings};

// Each request allocates many small short-lived buffers; mimalloc serves them faster than the
// system allocator under concurrency.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An offline mock RingCentral server that enforces the SMS thread messaging rules.
///
/// Serves RingCentral's REST paths over plain HTTP (HTTPS with --tls-cert and --tls-key) with
/// built-in accounts (or those of --fixture), so integration tests need no credentials and no
/// network. The first line on stdout is `rcthreads-mock listening on http://HOST:PORT`
/// (`https://` with TLS), printed once the socket is bound;
/// logs go to stderr. Log in with client id `mock-client-id`, secret `mock-client-secret` and a
/// JWT assertion `jwt-<extensionNumber>` (e.g. `jwt-101`); `GET /mock/v1/fixture` lists them.
#[derive(Debug, Parser)]
#[command(name = "rcthreads-mock", version)]
struct Cli {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8090", value_name = "ADDR")]
    listen: SocketAddr,

    /// JSON file with the accounts to serve instead of the built-in ones (see docs/mock-server.md).
    #[arg(long, value_name = "FILE")]
    fixture: Option<PathBuf>,

    /// `off`: report X-Rate-Limit-* headers only; `enforce`: also answer 429 CMN-301 over the limit.
    #[arg(long, value_enum, default_value = "off", value_name = "MODE")]
    rate_limits: Mode,

    /// Token required on the control API (/mock/v1/*) and the console (/), sent as
    /// `X-Mock-Control-Token: TOKEN` or `Authorization: Bearer TOKEN` (the console: open
    /// `/?token=TOKEN` once). Required when listening on a non-loopback address; must not be
    /// empty. Missing: 401 AGW-401; wrong: 401 OAU-149.
    #[arg(long, value_name = "TOKEN", env = "RCTHREADS_MOCK_CONTROL_TOKEN")]
    control_token: Option<String>,

    /// Let webhook subscriptions name hosts other than this machine (by default only localhost,
    /// 127.0.0.0/8 and [::1]: the mock then never connects anywhere else).
    #[arg(long)]
    allow_remote_webhooks: bool,

    /// Serve HTTPS with this PEM certificate chain (leaf first); needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,

    /// The PEM private key of --tls-cert (PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,

    /// Keep the state in this directory (created when missing): every acknowledged change is
    /// on disk before its answer is sent, and a start with the same directory restores
    /// accounts, threads, messages, notes, ids, sync tokens, sessions, webhook subscriptions
    /// and tenants. Off by default: the state lives in memory.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Log format on stderr. The level comes from RUST_LOG (default `info`).
    #[arg(long, value_enum, default_value = "pretty", value_name = "FORMAT")]
    log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colour only for a person at a terminal: a file or a pipe gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    match format {
        LogFormat::Pretty => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled: a signal sent right after the listening line must stop the mock, not
/// kill it with the default action.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let (mut int, mut term) = {
        use tokio::signal::unix::{SignalKind, signal};
        (signal(SignalKind::interrupt()).ok(), signal(SignalKind::terminate()).ok())
    };
    async move {
        #[cfg(unix)]
        {
            let int = async {
                match int.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending::<()>().await,
                }
            };
            let term = async {
                match term.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = int => {},
                () = term => {},
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.log_format);
    let fixture = match &cli.fixture {
        None => Fixture::default_accounts(),
        Some(path) => match Fixture::from_file(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("rcthreads-mock: invalid fixture: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let tls = match (&cli.tls_cert, &cli.tls_key) {
        (Some(cert), Some(key)) => match rcthreads_mock::Tls::from_pem_files(cert, key) {
            Ok(tls) => Some(tls),
            Err(e) => {
                eprintln!("rcthreads-mock: {e}");
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    let settings = Settings {
        tls,
        rate_limits: cli.rate_limits,
        control_token: cli.control_token,
        allow_remote_webhooks: cli.allow_remote_webhooks,
        data_dir: cli.data_dir,
        ..Settings::default()
    };
    let (listener, state) = match rcthreads_mock::server::bind(cli.listen, fixture, settings).await {
        Ok(x) => x,
        Err(e) => {
            eprintln!("rcthreads-mock: {e}");
            return ExitCode::from(2);
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("rcthreads-mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    let shutdown = shutdown_signal();
    // The contract with scripts and tests: this exact first line, once the socket is bound.
    let scheme = rcthreads_mock::server::scheme(&state.settings);
    println!("rcthreads-mock listening on {scheme}://{addr}");
    let _ = std::io::stdout().flush();
    tracing::info!(%addr, accounts = state.accounts.len(), "serving");
    match rcthreads_mock::server::serve(listener, state, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rcthreads-mock: {e}");
            ExitCode::FAILURE
        }
    }
}
