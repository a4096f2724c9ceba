//! The shell walk-throughs of the docs, run against an in-process mock: what a reader pastes
//! works and answers what the page shows.
//!
//! A block is taken whole, with `http://127.0.0.1:8090` pointed at the mock; lines that start the
//! mock or run an example (`cargo ...`) are left out. Each comment that shows an answer (a line
//! `# {...` or `# +...`, continued by `#  ...` lines) must match the output, `...` standing for
//! anything: its pieces appear in order.

use std::path::Path;
use std::process::Command;

use rcthreads_mock::MockServer;

/// The `sh` block under `heading` in the page at `path` (from the repository root).
fn block(path: &str, heading: &str) -> String {
    let page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)).unwrap();
    let after = &page[page.find(heading).unwrap_or_else(|| panic!("{path}: no {heading:?}"))..];
    let start = after.find("```sh\n").unwrap() + "```sh\n".len();
    let len = after[start..].find("```").unwrap();
    after[start..start + len].to_owned()
}

/// The answers the comments show, each split into the pieces around `...`.
fn shown_answers(script: &str) -> Vec<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut continuing = false;
    for line in script.lines().map(str::trim_start) {
        if let Some(rest) = line.strip_prefix("#  ").filter(|_| continuing) {
            out.last_mut().unwrap().push_str(rest);
        } else if let Some(rest) = line.strip_prefix("# ").filter(|r| r.starts_with('{') || r.starts_with('+')) {
            out.push(rest.to_owned());
            continuing = true;
        } else {
            continuing = false;
        }
    }
    out.iter().map(|a| a.split("...").filter(|p| !p.is_empty()).map(str::to_owned).collect()).collect()
}

/// Runs the block against the mock with bash, stopping at the first failing command.
fn run(script: &str, mock: &MockServer) -> String {
    let script: Vec<String> = script
        .lines()
        .filter(|l| !l.contains("cargo "))
        .map(|l| l.replace("http://127.0.0.1:8090", &mock.url()))
        .collect();
    let out =
        Command::new("bash").args(["-c", &format!("set -euo pipefail\n{}", script.join("\n"))]).output().expect("bash");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    stdout
}

fn assert_shows(stdout: &str, answers: &[Vec<String>]) {
    for pieces in answers {
        let mut from = 0;
        for piece in pieces {
            match stdout[from..].find(piece.as_str()) {
                Some(at) => from += at + piece.len(),
                None => panic!("the page shows {piece:?} (of {pieces:?}); the output is:\n{stdout}"),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn readme_walk_through_answers_as_shown() {
    let mock = MockServer::start().await.unwrap();
    let script = block("README.md", "## Walk-through");
    let answers = shown_answers(&script);
    assert!(answers.len() >= 3, "the walk-through shows its answers: {answers:?}");
    let stdout = tokio::task::block_in_place(|| run(&script, &mock));
    assert_shows(&stdout, &answers);
    // The last command moved the clock 72 hours: Wayne's thread expired.
    assert!(stdout.trim_end().ends_with(r#""followsRealTime":false}"#), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn client_guide_walk_through_runs() {
    let mock = MockServer::start().await.unwrap();
    let script = block("docs/client.md", "### Walk-through with the mock");
    let stdout = tokio::task::block_in_place(|| run(&script, &mock));
    // Two customers texted the queue; the drop answered how many sockets it cut (none here).
    assert!(stdout.contains(r#"{"dropped":0}"#), "{stdout}");
    assert_eq!(stdout.matches(r#""direction":"Inbound""#).count(), 2, "{stdout}");
}
