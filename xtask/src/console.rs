//! `cargo xtask console`: the mock's web console walked in a real browser.
//!
//! Debian's `chromium` (installed with apt-get when missing) is driven by `playwright-core`
//! from npm, pinned by `mock-server/tests/browser/package-lock.json` and installed under
//! `target/console/`; the walk runs against a freshly started mock and leaves its screenshots
//! in `target/console/screenshots/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::conformance::{Mock, npm_ci, step};

const NODE_HINT: &str = "install Node.js 20 or newer with npm, e.g. `apt-get install nodejs npm`";

/// What a browser script needs: chromium, `playwright-core`'s modules, the scripts' folder and
/// the work folder under `target/`.
pub(crate) struct Browser {
    pub(crate) chromium: PathBuf,
    pub(crate) node_modules: PathBuf,
    pub(crate) scripts: PathBuf,
    pub(crate) work: PathBuf,
}

/// Installs what a browser script needs (chromium with apt-get, playwright-core with npm ci),
/// when missing.
pub(crate) fn prepare(root: &Path) -> Result<Browser, String> {
    let work = crate::target_dir().join("console");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    for tool in ["node", "npm"] {
        if !Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success()) {
            return Err(format!("`{tool}` was not found on PATH; the console's browser step needs it: {NODE_HINT}"));
        }
    }
    let chromium = ensure_chromium()?;
    println!("    chromium: {}", chromium.display());
    let scripts = root.join("mock-server").join("tests").join("browser");
    let node_modules = npm_ci(&scripts, &work.join("node"))?;
    Ok(Browser { chromium, node_modules, scripts, work })
}

/// Runs the browser step: chromium, playwright-core, the mock, the walk.
pub fn run(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let Browser { chromium, node_modules, scripts: src, work } = prepare(root)?;

    let binary = crate::build_debug_mock(false)?;
    let log = work.join("mock.log");
    let mock = Mock::start(&binary, &log)?;
    println!("    mock at {} (its log: {})", mock.url, log.display());

    let shots = work.join("screenshots");
    let mut walk = Command::new("node");
    walk.arg(src.join("console.test.js"))
        .env("MOCK_URL", &mock.url)
        .env("CHROMIUM", &chromium)
        .env("SCREENSHOTS", &shots)
        .env("NODE_PATH", &node_modules)
        .current_dir(&work);
    let result = step("the console in chromium (playwright-core)", &mut walk);
    drop(mock);
    result.map_err(|e| format!("{e} (the mock's log: {}; screenshots: {})", log.display(), shots.display()))?;
    println!("<== console passed in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Where `name` is on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Debian's chromium, installed with apt-get when missing.
fn ensure_chromium() -> Result<PathBuf, String> {
    if let Some(p) = on_path("chromium") {
        return Ok(p);
    }
    println!("\n==> chromium not found: installing Debian's package");
    let policy = Command::new("apt-cache").args(["policy", "chromium"]).output();
    let listed = policy.as_ref().is_ok_and(|o| {
        let text = String::from_utf8_lossy(&o.stdout);
        text.lines().any(|l| l.trim_start().starts_with("Candidate:") && !l.contains("(none)"))
    });
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let apt = |args: &[&str]| {
        let mut cmd = if root { Command::new("apt-get") } else { Command::new("sudo") };
        if !root {
            cmd.arg("apt-get");
        }
        cmd.args(args).status().is_ok_and(|s| s.success())
    };
    let installed = if listed {
        apt(&["install", "-y", "chromium"]) || (apt(&["update"]) && apt(&["install", "-y", "chromium"]))
    } else {
        apt(&["update"]) && apt(&["install", "-y", "chromium"])
    };
    match on_path("chromium") {
        Some(p) if installed => Ok(p),
        _ => {
            Err("the console's browser step needs Debian's chromium: install it with `apt-get install chromium`".into())
        }
    }
}
