//! The accept loop: one task per connection, HTTP/1.1 with upgrades, TLS when configured, a
//! deadline on reading request headers, and a graceful close of every connection on shutdown.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::tls::Tls;

/// How connections are served.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// TLS, or plain HTTP.
    pub tls: Option<Tls>,
    /// The longest a client may take to send a request's headers (and, under TLS, to finish
    /// the handshake). An idle keep-alive connection is closed after it too.
    pub header_read_timeout: Duration,
}

/// Accepts connections until `shutdown` completes, then asks each to close after its request in
/// flight and waits for them all (the caller bounds that wait).
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    options: Options,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            // Reap finished connections so that the set holds only live ones.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((tcp, _peer)) => {
                    connections.spawn(connection(tcp, app.clone(), options.clone(), closed.clone()));
                }
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // the listener stays good; wait a little instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    let _ = closing.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

async fn connection(tcp: TcpStream, app: Router, options: Options, closed: watch::Receiver<bool>) {
    // Small JSON answers on keep-alive connections: do not let Nagle hold them back.
    let _ = tcp.set_nodelay(true);
    match &options.tls {
        None => http(tcp, app, options.header_read_timeout, closed).await,
        Some(tls) => match tokio::time::timeout(options.header_read_timeout, tls.acceptor().accept(tcp)).await {
            Ok(Ok(stream)) => http(stream, app, options.header_read_timeout, closed).await,
            Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
            Err(_) => tracing::debug!("TLS handshake timed out"),
        },
    }
}

async fn http<I>(io: I, app: Router, header_read_timeout: Duration, mut closed: watch::Receiver<bool>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(header_read_timeout);
    let conn = builder.serve_connection(TokioIo::new(io), TowerToHyperService::new(app)).with_upgrades();
    tokio::pin!(conn);
    let result = tokio::select! {
        result = conn.as_mut() => result,
        () = async { let _ = closed.wait_for(|closing| *closing).await; } => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "connection ended with an error");
    }
}
