//! `cargo xtask mutants`: mutation testing with cargo-mutants, pinned and installed under
//! target/tools when missing. Each mutant is a small change to the code (a return value
//! replaced, an operator swapped); a mutant no test notices is a gap in the tests.
//! Accepted survivors are listed, each with its reason, in `.cargo/mutants.toml`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::conformance::step;

/// The cargo-mutants release this project's figures were measured with.
const VERSION: &str = "27.1.0";

/// What to mutate and how.
pub(crate) struct Options {
    /// A package (e.g. `rcthreads-domain`); none means the whole workspace.
    pub(crate) package: Option<String>,
    /// Files to mutate (globs relative to the workspace root), within the package if any.
    pub(crate) files: Vec<String>,
    /// Mutants built and tested at once; each has its own copy of the tree and target dir.
    pub(crate) jobs: u32,
    /// Arguments passed to cargo-mutants as they are.
    pub(crate) extra: Vec<String>,
}

/// Installs cargo-mutants when missing, then runs it with output under target/mutants.
pub(crate) fn run(root: &Path, target: &Path, options: &Options) -> Result<(), String> {
    let binary = install(target)?;
    // One folder per package, so that runs on different crates keep their results.
    let output = target.join("mutants").join(options.package.as_deref().unwrap_or("workspace"));
    std::fs::create_dir_all(&output).map_err(|e| format!("could not create {}: {e}", output.display()))?;
    let mut command = Command::new(&binary);
    command.arg("mutants").arg("--output").arg(&output).args(["--jobs", &options.jobs.to_string()]).current_dir(root);
    // The defaults the recorded scores were measured with (docs/testing.md); each is left out
    // when given after `--`, as cargo-mutants refuses an option twice.
    let mut defaults: Vec<(&str, String)> = vec![
        // A mutant that loops forever is caught by the timeout: a few times the baseline's test
        // time, never less than 30 s, as a loaded 2-core machine is slow to start tests.
        ("--timeout-multiplier", "3".into()),
        ("--minimum-test-timeout", "30".into()),
        ("--build-timeout-multiplier", "3".into()),
    ];
    // nextest runs a package's test binaries at once and skips the doc tests, whose examples
    // the crates' own tests cover: a mutant costs its build and link, not its tests.
    if crate::has_nextest() {
        defaults.push(("--test-tool", "nextest".into()));
    }
    for (flag, value) in &defaults {
        if !given(&options.extra, flag) {
            command.args([flag, value.as_str()]);
        }
    }
    // Every feature, as `cargo xtask test` builds the tests: code behind a feature (the
    // domain's serde impls) is otherwise mutated but never compiled, and always "missed".
    if !given(&options.extra, "--features") && !given(&options.extra, "--no-default-features") {
        command.arg("--all-features");
    }
    if let Some(package) = &options.package {
        command.args(["--package", package]);
    }
    for file in &options.files {
        command.args(["--file", file]);
    }
    command.args(&options.extra);
    // One job builds in a target dir of its own, kept between runs so that dependencies are
    // built once. Not the workspace's: cargo names a workspace crate's artifacts the same
    // wherever the tree lies, so the mutated copy and the tree would overwrite each other's.
    // Several jobs each build in their own copy of the tree.
    if options.jobs == 1 {
        command.env("CARGO_TARGET_DIR", target.join("mutants").join("build"));
    } else {
        command.env_remove("CARGO_TARGET_DIR");
    }
    println!(
        "    results: {} (caught.txt, missed.txt, timeout.txt, unviable.txt)",
        output.join("mutants.out").display()
    );
    step("mutants", &mut command)
}

/// Whether `flag` is among the arguments passed to cargo-mutants as they are.
fn given(extra: &[String], flag: &str) -> bool {
    extra.iter().any(|arg| arg == flag || arg.strip_prefix(flag).is_some_and(|rest| rest.starts_with('=')))
}

/// The pinned cargo-mutants under target/tools, installed with `cargo install --locked`.
fn install(target: &Path) -> Result<PathBuf, String> {
    let root = target.join("tools");
    let binary = root.join("bin").join(format!("cargo-mutants{}", std::env::consts::EXE_SUFFIX));
    if installed_version(&binary).as_deref() == Some(VERSION) {
        return Ok(binary);
    }
    println!("    cargo-mutants {VERSION} not found under {}: installing it (a few minutes)", root.display());
    let mut install = Command::new(crate::cargo());
    install.args(["install", "--locked", "--root"]).arg(&root).arg(format!("cargo-mutants@{VERSION}"));
    step("install cargo-mutants", &mut install)?;
    Ok(binary)
}

/// The version a cargo-mutants binary reports (`cargo-mutants 27.1.0`), if it runs.
fn installed_version(binary: &Path) -> Option<String> {
    let out = Command::new(binary).args(["mutants", "--version"]).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace().nth(1).map(str::to_owned)
}
