//! Connections: a client that sends half a header is cut off after the header-read timeout;
//! complete requests on the same server are served.

mod common;

use std::time::{Duration, Instant};

use common::*;
use rcthreads_mock::{Fixture, MockServer, Settings};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TIMEOUT: Duration = Duration::from_secs(1);
/// Far beyond the timeout: reaching it means the connection was never closed.
const PATIENCE: Duration = Duration::from_secs(30);

async fn mock() -> MockServer {
    let settings = Settings { header_read_timeout: Some(TIMEOUT), ..Settings::default() };
    MockServer::start_with(Fixture::default_accounts(), settings).await.expect("mock")
}

#[tokio::test]
async fn half_a_header_is_cut_off_after_the_header_read_timeout() {
    let mock = mock().await;
    let mut tcp = TcpStream::connect(mock.addr()).await.unwrap();
    let began = Instant::now();
    tcp.write_all(b"GET /mock/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").await.unwrap();
    let mut buf = Vec::new();
    let read =
        tokio::time::timeout(PATIENCE, tcp.read_to_end(&mut buf)).await.expect("the server closes the connection");
    // Closed (EOF, or a reset), with at most an error answer, and not before the timeout.
    if read.is_ok() {
        let answer = String::from_utf8_lossy(&buf);
        assert!(buf.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    }
    assert!(began.elapsed() >= TIMEOUT, "closed after {:?}, before the timeout", began.elapsed());

    // The server goes on serving whole requests.
    let api = Api::at(mock.url());
    assert_eq!(api.get("/mock/v1/health").await.json()["status"], "ok");
}
