//! Project automation for rcthreads, in Rust rather than shell scripts.
//!
//! `cargo xtask test` is the one test command: README and `.ci/run` call it. Each step is printed
//! before it runs and the first failing step stops the run with a message naming it.

use std::process::{Command, ExitCode};
use std::time::Instant;

use clap::{Parser, Subcommand};

mod conformance;
mod console;
mod dist;
mod fuzz;
mod mutants;

mod bench;
mod bench_durable;
mod soak;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "rcthreads project automation", version)]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Format check, clippy with warnings denied, every test (unit, property, integration, doc
    /// tests), then the official SDKs' conformance suites, the Python and npm packages installed
    /// and used as a user would, and the web console in chromium against the mock.
    Test {
        /// Skip `cargo fmt --check` and clippy; run only the tests.
        #[arg(long)]
        tests_only: bool,
    },
    /// Measure each layer against its limit: domain (criterion), the mock under load (wrk), memory
    /// and start-up. Writes target/bench/summary.json.
    Bench {
        /// Shorter measurements (about 2 minutes once built).
        #[arg(long)]
        quick: bool,
        /// Only the durable-state figures: send-message with --data-dir against the same run in
        /// memory, start-up with 1,000,000 stored messages, bytes on disk per message. Writes
        /// target/bench/durable.json.
        #[arg(long)]
        durable: bool,
    },
    /// The release mock under a mixed load (wrk lists, scripted logins, refreshes, sends, syncs,
    /// webhook subscriptions, bad input) for a given time, its memory sampled: reports memory
    /// per stored message and whether anything else grows. Not part of `test`.
    Soak {
        /// How long: `10m`, `90s`, `1h`.
        #[arg(long, default_value = "10m", value_parser = soak::parse_duration)]
        duration: std::time::Duration,
    },
    /// The official SDKs (Python `ringcentral`, `@ringcentral/sdk`, `@rc-ex/core`) against a
    /// fresh mock; installs them under target/conformance (needs python3, node and npm).
    Conformance,
    /// The Python wheel and the npm packages of the mock (release build) into target/dist/
    /// (needs python3 and npm; installs maturin under target/dist-tools).
    Dist {
        /// Package the debug build instead, install the packages into a fresh venv and npm
        /// project and run their checks (the step of `cargo xtask test`).
        #[arg(long)]
        check: bool,
    },
    /// The mock's web console walked in Debian's chromium (installed with apt-get when missing)
    /// by playwright-core (installed under target/console); screenshots in
    /// target/console/screenshots.
    Console,
    /// Mutation testing with cargo-mutants (installed under target/tools when missing): which
    /// small changes to the code no test notices. Results under target/mutants; not part of
    /// `test`. Arguments after `--` go to cargo-mutants.
    Mutants {
        /// The package to mutate, e.g. rcthreads-domain (default: the whole workspace).
        #[arg(long = "crate", value_name = "PACKAGE")]
        package: Option<String>,
        /// A file (or glob) to mutate, relative to the workspace root; may be repeated.
        #[arg(long = "file", value_name = "FILE")]
        files: Vec<String>,
        /// Mutants tested at once (each builds its own copy of the tree).
        #[arg(long, default_value_t = 2)]
        jobs: u32,
        /// Arguments for cargo-mutants, e.g. `-- --list`.
        #[arg(last = true)]
        extra: Vec<String>,
    },
    /// schemathesis (installed under target/fuzz) against a fresh mock, from its OpenAPI
    /// description: no 5xx, documented statuses and bodies, every error an envelope. About a
    /// minute unless `--long`.
    Fuzz {
        /// Run for `--duration` instead of the bounded minute, with no cap on cases per
        /// operation.
        #[arg(long)]
        long: bool,
        /// How long a `--long` run lasts: `90s`, `30m`, `2h`.
        #[arg(long, default_value = "30m", value_parser = parse_duration)]
        duration: std::time::Duration,
    },
    /// Build and run the mock RingCentral server (`rcthreads-mock`); arguments after `--` go to
    /// it, e.g. `cargo xtask mock -- --listen 127.0.0.1:0`.
    Mock {
        /// Arguments for rcthreads-mock (see `cargo xtask mock -- --help`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

/// A step of a task: a command line shown to the user and run from the workspace root.
struct Step {
    title: &'static str,
    program: String,
    args: Vec<String>,
}

impl Step {
    fn cargo(title: &'static str, args: &[&str]) -> Self {
        Step {
            title,
            program: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    fn run(&self) -> Result<(), String> {
        println!("\n==> {}: {} {}", self.title, display_program(&self.program), self.args.join(" "));
        let started = Instant::now();
        let status = Command::new(&self.program)
            .args(&self.args)
            .current_dir(workspace_root())
            .status()
            .map_err(|e| format!("step '{}' could not start {}: {e}", self.title, self.program))?;
        if status.success() {
            println!("<== {} passed in {:.1}s", self.title, started.elapsed().as_secs_f64());
            Ok(())
        } else {
            Err(format!(
                "step '{}' failed ({status}); rerun `{} {}` to see it alone",
                self.title,
                display_program(&self.program),
                self.args.join(" ")
            ))
        }
    }
}

/// The cargo that runs us.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn display_program(program: &str) -> &str {
    std::path::Path::new(program).file_name().and_then(|n| n.to_str()).unwrap_or(program)
}

fn workspace_root() -> std::path::PathBuf {
    // xtask lives one level below the workspace root.
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent directory").to_path_buf()
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, else `target/` in the workspace.
fn target_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), Into::into)
}

/// Builds the mock's debug binary and returns its path.
fn build_debug_mock(quiet: bool) -> Result<std::path::PathBuf, String> {
    let mut build = Command::new(cargo());
    build.args(["build", "--package", "rcthreads-mock", "--bin", "rcthreads-mock"]).current_dir(workspace_root());
    if quiet {
        build.arg("--quiet");
        let status = build.status().map_err(|e| format!("could not start cargo: {e}"))?;
        if !status.success() {
            return Err(format!("building the mock failed ({status})"));
        }
    } else {
        conformance::step("build the mock", &mut build)?;
    }
    Ok(target_dir().join("debug").join(format!("rcthreads-mock{}", std::env::consts::EXE_SUFFIX)))
}

fn has_nextest() -> bool {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["nextest", "--version"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn test_steps(tests_only: bool) -> Vec<Step> {
    let mut steps = Vec::new();
    if !tests_only {
        steps.push(Step::cargo("format check", &["fmt", "--all", "--check"]));
        steps.push(Step::cargo(
            "clippy",
            &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"],
        ));
    }
    if has_nextest() {
        steps.push(Step::cargo(
            "tests (nextest)",
            &["nextest", "run", "--workspace", "--all-features", "--no-fail-fast"],
        ));
        steps.push(Step::cargo("doc tests", &["test", "--workspace", "--all-features", "--doc"]));
    } else {
        println!("cargo-nextest not found: running the tests with `cargo test` (doc tests included)");
        steps.push(Step::cargo("tests", &["test", "--workspace", "--all-features"]));
    }
    steps
}

/// Runs the mock in the foreground; its exit status becomes ours.
fn run_mock(args: &[String]) -> ExitCode {
    let binary = match build_debug_mock(true) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("xtask: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut mock = Command::new(&binary);
    mock.args(args);
    // The mock takes this process's place, so `kill` and Ctrl-C reach it directly (as a child
    // it would outlive a killed xtask and keep its port).
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = mock.exec();
        eprintln!("xtask: could not start {}: {e}", binary.display());
        ExitCode::FAILURE
    }
    #[cfg(not(unix))]
    match mock.status() {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => ExitCode::from(u8::try_from(s.code().unwrap_or(1)).unwrap_or(1)),
        Err(e) => {
            eprintln!("xtask: could not start {}: {e}", binary.display());
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let steps = match cli.command {
        Task::Test { tests_only } => test_steps(tests_only),
        Task::Conformance => return conformance(),
        Task::Dist { check } => {
            let root = workspace_root();
            let done = if check { dist::check(&root) } else { dist::build(&root, dist::Profile::Release).map(drop) };
            return match done {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("\nxtask dist: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Task::Console => return console(),
        Task::Mock { args } => return run_mock(&args),
        Task::Mutants { package, files, jobs, extra } => {
            let options = mutants::Options { package, files, jobs, extra };
            return match mutants::run(&workspace_root(), &target_dir(), &options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("\nxtask mutants: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Task::Soak { duration } => {
            return match soak::soak(duration) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("\nxtask soak: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Task::Fuzz { long, duration } => {
            let budget = if long { fuzz::Budget { duration, max_examples: None } } else { fuzz::Budget::bounded() };
            return fuzz(&budget);
        }
        Task::Bench { quick, durable } => {
            let measured = if durable { bench_durable::bench(quick) } else { bench::bench(quick) };
            return match measured {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("\nxtask bench: {e}");
                    ExitCode::FAILURE
                }
            };
        }
    };
    let started = Instant::now();
    for step in &steps {
        if let Err(message) = step.run() {
            eprintln!("\nxtask: {message}");
            return ExitCode::FAILURE;
        }
    }
    // The mock fuzzed from its own description, for about a minute.
    if fuzz(&fuzz::Budget::bounded()) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    // Last, as it needs the others to pass: the official SDKs against the mock.
    if conformance() != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    // The packages, installed from target/dist/ as a Python or JavaScript team would.
    if let Err(e) = dist::check(&workspace_root()) {
        eprintln!("\nxtask test (packages): {e}");
        return ExitCode::FAILURE;
    }
    // Then a person's session in the web console, in a real browser.
    if console() != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    println!(
        "\nxtask: all {} steps, the fuzz run, conformance, the packages and the console passed in {:.1}s",
        steps.len(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

fn console() -> ExitCode {
    match console::run(&workspace_root()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask console: {e}");
            ExitCode::FAILURE
        }
    }
}

fn fuzz(budget: &fuzz::Budget) -> ExitCode {
    match fuzz::run(&workspace_root(), budget) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask fuzz: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `90s`, `30m`, `2h` or plain seconds.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let (number, unit) = s.find(|c: char| !c.is_ascii_digit()).map_or((s, "s"), |i| s.split_at(i));
    let n: u64 = number.parse().map_err(|_| format!("not a duration: {s:?} (try 90s, 30m, 2h)"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("unknown unit in {s:?} (s, m or h)")),
    };
    if secs == 0 {
        return Err("the duration must be positive".into());
    }
    Ok(std::time::Duration::from_secs(secs))
}

fn conformance() -> ExitCode {
    match conformance::run(&workspace_root()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask conformance: {e}");
            ExitCode::FAILURE
        }
    }
}
