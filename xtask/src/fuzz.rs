//! `cargo xtask fuzz`: schemathesis (PyPI, pinned in `xtask/fuzz/requirements.txt`, installed
//! under `target/fuzz/venv`) against a fresh debug mock, from the mock's own OpenAPI description.
//!
//! It logs in as Wayne (`jwt-101`) for a valid bearer token and checks every answer: no 5xx,
//! the status documented, the content type and the body as described, and every error an
//! envelope with an `errorCode` (`xtask/fuzz/hooks.py`). The bounded run of `cargo xtask test`
//! takes about a minute; `--long` runs for as long as asked.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::conformance::{Mock, step};

/// The checks asked of every answer (`error_envelope` is ours, in hooks.py).
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_schema_conformance,error_envelope";

/// Operations left out: each would break the run rather than find a fault. The WebSocket upgrade
/// and the event stream never answer a plain request in full; reset, load and the clock change
/// the world under the run, for the mock or one account (a moved clock expires its token); an injected fault answers 503 or
/// cuts the connection by design; dropping WebSockets has nothing to drop; a restore replaces
/// the world.
const EXCLUDED: &str = "^(GET /ws|GET /mock/v1/events|POST /mock/v1/(reset|load|clock|faults|websockets/drop|restore)\
                        |POST /mock/v1/accounts/\\{accountId\\}/(reset|clock))$";

/// How long and how hard.
pub struct Budget {
    /// Wall-clock budget of the whole run.
    pub duration: Duration,
    /// Test cases per operation (none: as many as the time allows).
    pub max_examples: Option<u32>,
}

impl Budget {
    /// The bounded run of `cargo xtask test`: about a minute.
    pub fn bounded() -> Self {
        Self { duration: Duration::from_secs(60), max_examples: Some(30) }
    }
}

/// Installs schemathesis, starts the mock, logs in and runs the fuzzer.
pub fn run(root: &Path, budget: &Budget) -> Result<(), String> {
    let started = Instant::now();
    let work = crate::target_dir().join("fuzz");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let requirements = root.join("xtask").join("fuzz").join("requirements.txt");
    let python = crate::conformance::venv(&requirements, &work.join("venv"))?;

    let binary = crate::build_debug_mock(false)?;
    let log = work.join("mock.log");
    let mock = Mock::start(&binary, &log)?;
    println!("    mock at {} (its log: {})", mock.url, log.display());
    let token = login(&python, &mock.url)?;

    let mut fuzz = Command::new(&python);
    fuzz.args(["-m", "schemathesis.cli", "run"])
        .arg(format!("{}/mock/v1/openapi.json", mock.url))
        .args(["--url", &mock.url])
        .args(["--checks", CHECKS])
        .args(["--exclude-name-regex", EXCLUDED])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--max-time", &budget.duration.as_secs().to_string()])
        .args(["--workers", "2", "--request-timeout", "10", "--no-shrink"])
        .args(["--report", "junit", "--report-dir"])
        .arg(work.join("report"))
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .env("PYTHONPATH", root.join("xtask").join("fuzz"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(&work);
    if let Some(n) = budget.max_examples {
        fuzz.args(["--max-examples", &n.to_string()]);
    }
    let result = step("schemathesis against /mock/v1/openapi.json", &mut fuzz);
    drop(mock);
    result
        .map_err(|e| format!("{e} (the mock's log: {}; reports: {})", log.display(), work.join("report").display()))?;
    println!("<== fuzz passed in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// A bearer token for Wayne, from the token endpoint (with the venv's Python: no HTTP client here).
fn login(python: &Path, url: &str) -> Result<String, String> {
    let script = r#"
import base64, json, sys, urllib.request
basic = base64.b64encode(b"mock-client-id:mock-client-secret").decode()
data = b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=jwt-101"
req = urllib.request.Request(sys.argv[1] + "/restapi/oauth/token", data=data, headers={
    "Authorization": "Basic " + basic, "Content-Type": "application/x-www-form-urlencoded"})
print(json.load(urllib.request.urlopen(req, timeout=10))["access_token"])
"#;
    let out = Command::new(python)
        .args(["-c", script, url])
        .output()
        .map_err(|e| format!("could not run {}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!("logging in to the mock failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
