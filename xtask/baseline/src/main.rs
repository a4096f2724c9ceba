//! The smallest useful axum server, built with the same dependencies and profile as the mock:
//! what the hardware, the kernel and the HTTP stack can do on this machine. Prints
//! `rcthreads-baseline listening on http://HOST:PORT` once bound, like the mock.

use std::io::Write;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("rcthreads-baseline listening on http://{}", listener.local_addr()?);
    std::io::stdout().flush()?;
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, World!" }));
    axum::serve(listener, app).await
}
