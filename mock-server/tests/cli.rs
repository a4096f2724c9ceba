//! The `rcthreads-mock` program: its first line, flags, fixture errors and SIGTERM.

mod common;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::*;

const BIN: &str = env!("CARGO_BIN_EXE_rcthreads-mock");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_on_a_free_port_and_stops_on_sigterm() {
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let url =
        line.trim().strip_prefix("rcthreads-mock listening on ").unwrap_or_else(|| panic!("first line: {line:?}"));
    let port: u16 = url.strip_prefix("http://127.0.0.1:").expect("loopback URL").parse().expect("a port");
    assert_ne!(port, 0);

    let api = Api::at(url.to_owned());
    assert_eq!(api.get("/mock/v1/health").await.json()["status"], "ok");
    let r = api.token_form("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=jwt-101").await;
    assert_eq!(r.status, 200);

    let kill = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap()).await.unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn help_mentions_every_flag() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--listen",
        "--fixture",
        "--rate-limits",
        "--control-token",
        "--allow-remote-webhooks",
        "--tls-cert",
        "--tls-key",
        "--log-format",
        "--help",
        "--version",
    ] {
        assert!(help.contains(flag), "{flag} in:\n{help}");
    }
}

#[test]
fn an_invalid_fixture_exits_with_code_2_naming_the_field() {
    let mut fixture = serde_json::to_value(rcthreads_mock::Fixture::default_accounts()).unwrap();
    fixture["accounts"][0]["users"][1]["status"] = "Sleeping".into();
    let path = std::env::temp_dir().join(format!("rcthreads-mock-bad-fixture-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(&fixture).unwrap()).unwrap();
    let out = Command::new(BIN).args(["--listen", "127.0.0.1:0", "--fixture"]).arg(&path).output().unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("accounts[0].users[1].status"), "{err}");
    assert!(out.stdout.is_empty(), "no listening line");

    let out =
        Command::new(BIN).args(["--listen", "127.0.0.1:0", "--fixture", "/nonexistent/fixture.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/fixture.json"));
}

#[test]
fn a_public_address_needs_a_control_token() {
    let out =
        Command::new(BIN).args(["--listen", "0.0.0.0:0"]).env_remove("RCTHREADS_MOCK_CONTROL_TOKEN").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--control-token"));
}

#[test]
fn logs_to_a_pipe_carry_no_colour_codes() {
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.starts_with("rcthreads-mock listening on"), "{line:?}");
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let out = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&out.stderr);
    assert!(logs.contains("serving"), "{logs}");
    assert!(!logs.contains('\u{1b}'), "no ANSI escape codes in piped logs: {logs:?}");
}

#[test]
fn serves_https_with_a_certificate_and_key() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let dir = std::env::temp_dir().join(format!("rcthreads-mock-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert_file, key_file) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();

    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&cert_file)
        .arg("--tls-key")
        .arg(&key_file)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let _ = child.wait();
    assert!(line.starts_with("rcthreads-mock listening on https://127.0.0.1:"), "{line:?}");

    // A key file that holds no key: exit 2 naming the file, before listening.
    let out = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&cert_file)
        .arg("--tls-key")
        .arg(&cert_file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("private key") && err.contains("cert.pem"), "{err}");
    assert!(out.stdout.is_empty(), "no listening line");

    // One without the other is a usage error.
    let out = Command::new(BIN).args(["--listen", "127.0.0.1:0", "--tls-cert", "x.pem"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--tls-key"));
}
