//! `cargo xtask conformance`: the official RingCentral SDKs (Python `ringcentral` with its
//! WebSocket client, JavaScript `@ringcentral/sdk`, `@ringcentral/subscriptions`, `@rc-ex/core`
//! and `@rc-ex/ws`) run unchanged against a freshly started mock, REST and real-time both.
//!
//! Everything installed lives under `target/conformance/`: a Python venv and a `node_modules`,
//! each reinstalled only when its committed lock file changes (a stamp file keeps the lock's
//! hash). The suites start the mock themselves, through the helpers the packages ship
//! (`packages/python`'s `rcthreads_mock.MockServer`, `packages/npm`'s `startMock()`), with the
//! freshly built debug binary named in `RCTHREADS_MOCK_BINARY`; its log goes to
//! `target/conformance/mock.log`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PYTHON_HINT: &str = "install Python 3 with venv support, e.g. `apt-get install python3 python3-venv`";
const NODE_HINT: &str = "install Node.js 20 or newer with npm, e.g. `apt-get install nodejs npm`";

/// Runs the whole conformance step: tools, installs, mock, suites.
pub fn run(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let work = crate::target_dir().join("conformance");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;

    check_tools()?;
    let python = python_env(root, &work)?;
    let node_modules = js_env(root, &work)?;

    let binary = crate::build_debug_mock(false)?;
    let log = work.join("mock.log");
    std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    println!("    mock: {} (its log: {})", binary.display(), log.display());

    let py_dir = root.join("conformance").join("python");
    let mut py = Command::new(&python);
    py.args(["-m", "unittest", "discover", "--start-directory"])
        .arg(&py_dir)
        .args(["--pattern", "test_*.py", "--verbose"])
        .env("PYTHONPATH", root.join("packages").join("python").join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(&py_dir);
    mock_env(&mut py, &binary, &log);
    let python_result = step("Python SDK suites (ringcentral, ringcentral.websocket)", &mut py);

    let js_dir = root.join("conformance").join("js");
    let mut js = Command::new("node");
    js.args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(js_test_files(&js_dir)?)
        .env("NODE_PATH", &node_modules)
        .current_dir(&js_dir);
    mock_env(&mut js, &binary, &log);
    let js_result =
        step("JavaScript SDK suites (@ringcentral/sdk, @ringcentral/subscriptions, @rc-ex/core, @rc-ex/ws)", &mut js);

    python_result.and(js_result).map_err(|e| format!("{e} (the mock's log: {})", log.display()))?;
    println!("<== conformance passed in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// What the suites' start-up needs to run `binary` through the packages' helpers.
fn mock_env(command: &mut Command, binary: &Path, log: &Path) {
    command
        .env("RCTHREADS_MOCK_BINARY", binary)
        .env("CONFORMANCE_MOCK_LOG", log)
        .env("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "info".to_owned()));
}

/// Prints and runs one command; a failure names it.
pub(crate) fn step(title: &str, command: &mut Command) -> Result<(), String> {
    let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    let program = Path::new(command.get_program())
        .file_name()
        .map_or_else(|| command.get_program().to_string_lossy().into_owned(), |n| n.to_string_lossy().into_owned());
    println!("\n==> {title}: {program} {}", args.join(" "));
    let started = Instant::now();
    let status = command.status().map_err(|e| format!("step '{title}' could not start {program}: {e}"))?;
    if status.success() {
        println!("<== {title} passed in {:.1}s", started.elapsed().as_secs_f64());
        Ok(())
    } else {
        Err(format!("step '{title}' failed ({status})"))
    }
}

/// The tools the suites need, each with how to install it when missing.
fn check_tools() -> Result<(), String> {
    println!("\n==> conformance: checking python3, node and npm");
    for (tool, hint) in [("python3", PYTHON_HINT), ("node", NODE_HINT), ("npm", NODE_HINT)] {
        let out = Command::new(tool).arg("--version").output();
        match out {
            Ok(o) if o.status.success() => {
                let v = String::from_utf8_lossy(&o.stdout).trim().to_owned();
                let v = if v.is_empty() { String::from_utf8_lossy(&o.stderr).trim().to_owned() } else { v };
                println!("    {tool} {v}");
                if tool == "node" && node_major(&v).is_some_and(|m| m < 20) {
                    return Err(format!("the conformance suites need Node.js 20 or newer, found {v}: {NODE_HINT}"));
                }
            }
            _ => return Err(format!("`{tool}` was not found on PATH; the conformance suites need it: {hint}")),
        }
    }
    Ok(())
}

fn node_major(version: &str) -> Option<u32> {
    version.trim_start_matches('v').split('.').next()?.parse().ok()
}

/// The venv at `target/conformance/venv` with `conformance/python/requirements.txt` installed;
/// returns its python.
fn python_env(root: &Path, work: &Path) -> Result<PathBuf, String> {
    venv(&root.join("conformance").join("python").join("requirements.txt"), &work.join("venv"))
}

/// A venv at `venv` with the pinned `requirements` installed, again only when they change;
/// returns its python.
pub(crate) fn venv(requirements: &Path, venv: &Path) -> Result<PathBuf, String> {
    let python = if cfg!(windows) { venv.join("Scripts").join("python.exe") } else { venv.join("bin").join("python") };
    let stamp = venv.join("requirements.hash");
    let hash = lock_hash(&[requirements])?;
    if python.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == hash) {
        println!("\n==> Python venv: up to date ({})", venv.display());
        return Ok(python);
    }
    println!("\n==> Python venv: creating {} (requirements.txt changed or not installed)", venv.display());
    let out = Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(venv)
        .output()
        .map_err(|e| format!("could not run `python3 -m venv`: {e}; {PYTHON_HINT}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
        let why = if err.contains("ensurepip") { " (ensurepip is missing)" } else { "" };
        return Err(format!(
            "`python3 -m venv {}` failed{why}: install the venv module, e.g. `apt-get install python3-venv`\n{}",
            venv.display(),
            err.trim()
        ));
    }
    let mut pip = Command::new(&python);
    pip.args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--requirement"]).arg(requirements);
    step("pip install (pinned)", &mut pip)?;
    write_stamp(&stamp, &hash)?;
    Ok(python)
}

/// `target/conformance/js/node_modules` from the committed `package.json` and
/// `package-lock.json` (`npm ci`); returns the `node_modules` path.
fn js_env(root: &Path, work: &Path) -> Result<PathBuf, String> {
    npm_ci(&root.join("conformance").join("js"), &work.join("js"))
}

/// `dir/node_modules` from the `package.json` and `package-lock.json` committed in `src`
/// (`npm ci`), reinstalled only when the lock changes; returns the `node_modules` path.
pub(crate) fn npm_ci(src: &Path, dir: &Path) -> Result<PathBuf, String> {
    let files = [src.join("package.json"), src.join("package-lock.json")];
    let node_modules = dir.join("node_modules");
    let stamp = dir.join("package-lock.hash");
    let hash = lock_hash(&[&files[0], &files[1]])?;
    if node_modules.is_dir() && std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == hash) {
        println!("\n==> node_modules: up to date ({})", node_modules.display());
        return Ok(node_modules);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for f in &files {
        let to = dir.join(f.file_name().expect("a file name"));
        std::fs::copy(f, &to).map_err(|e| format!("cannot copy {} to {}: {e}", f.display(), to.display()))?;
    }
    let mut npm = Command::new("npm");
    npm.args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(dir);
    step("npm ci (package-lock.json)", &mut npm)?;
    write_stamp(&stamp, &hash)?;
    Ok(node_modules)
}

fn js_test_files(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut files: Vec<String> =
        entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|n| n.ends_with(".test.js")).collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.js files in {}", dir.display()));
    }
    Ok(files)
}

/// FNV-1a (64 bits) over the lock files: stable across Rust versions, enough to notice a change.
fn lock_hash(files: &[&Path]) -> Result<String, String> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        for b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    Ok(format!("{h:016x}"))
}

fn write_stamp(path: &Path, hash: &str) -> Result<(), String> {
    std::fs::write(path, format!("{hash}\n")).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The mock binary, running; killed when dropped, whatever happened meanwhile.
pub(crate) struct Mock {
    child: Child,
    pub(crate) url: String,
}

impl Mock {
    /// Starts `binary` on a free loopback port, its stderr to `log`; waits until it listens.
    pub(crate) fn start(binary: &Path, log: &Path) -> Result<Self, String> {
        println!("\n==> start the mock: {} --listen 127.0.0.1:0", binary.display());
        let log_file = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let mut child = Command::new(binary)
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let mut mock = Mock { child, url: String::new() };
        // Read the first line on a thread, so a mock that never prints cannot hang us; the
        // thread then drains the rest of stdout.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = tx.send(lines.next());
            lines.for_each(drop);
        });
        let first = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Some(Ok(line))) => line,
            Ok(_) => return Err(format!("the mock exited before listening; see {}", log.display())),
            Err(_) => return Err(format!("the mock printed nothing within 30 s; see {}", log.display())),
        };
        mock.url = first
            .strip_prefix("rcthreads-mock listening on ")
            .map(|u| u.trim().to_owned())
            .ok_or_else(|| format!("unexpected first line from the mock: {first:?}"))?;
        Ok(mock)
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        println!("    mock stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_versions() {
        assert_eq!(node_major("v20.20.2"), Some(20));
        assert_eq!(node_major("v18.0.0"), Some(18));
        assert_eq!(node_major("garbage"), None);
    }

    #[test]
    fn lock_hash_is_fnv1a() {
        let dir = std::env::temp_dir().join(format!("xtask-hash-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("lock");
        std::fs::write(&f, "a").unwrap();
        // FNV-1a 64 of "a".
        assert_eq!(lock_hash(&[&f]).unwrap(), "af63dc4c8601ec8c");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
