//! The client over HTTPS against the mock serving TLS with a certificate from a test CA made
//! here: a trusted certificate works (REST and `wss://`), a wrong host name or an unknown CA is
//! refused with an error that says so.

mod common;

use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rcthreads_mock::{Fixture, MockServer, Settings, Tls};
use rcthreads_transport::{Client, Error, PushEvent, RetryPolicy};
use rcthreads_wire::query::MthListThreadsParameters;
use rcthreads_wire::subscription::THREAD_EVENT_FILTER;

/// A CA and its DER certificate.
fn ca(name: &str) -> (CertifiedIssuer<'static, KeyPair>, Vec<u8>) {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(rcgen::DnType::CommonName, name);
    let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().expect("CA key")).expect("CA");
    let der = issuer.der().to_vec();
    (issuer, der)
}

/// A mock serving TLS with a certificate for `names`, signed by `issuer`.
async fn mock_with_cert(issuer: &CertifiedIssuer<'static, KeyPair>, names: &[&str]) -> MockServer {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let key = KeyPair::generate().expect("server key");
    let cert = CertificateParams::new(names).expect("params").signed_by(&key, &**issuer).expect("server certificate");
    let tls = Tls::from_pem(cert.pem().as_bytes(), key.serialize_pem().as_bytes()).expect("certificate and key");
    MockServer::start_with(Fixture::default_accounts(), Settings { tls: Some(tls), ..Settings::default() })
        .await
        .expect("mock")
}

fn client(url: String, root: Option<&[u8]>) -> Client {
    let mut b = Client::builder()
        .server(url)
        .credentials(CLIENT_ID, CLIENT_SECRET)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::default().max_retries(0));
    if let Some(root) = root {
        b = b.add_root_certificate(root.to_vec());
    }
    b.build().expect("client")
}

fn connect_error(e: Error) -> String {
    assert!(matches!(e, Error::Connect(_)), "a connection error, got {e:?}");
    e.to_string()
}

#[tokio::test]
async fn a_certificate_from_a_trusted_ca_works_for_rest_and_wss() {
    let (issuer, root) = ca("rcthreads test CA");
    let mock = mock_with_cert(&issuer, &["localhost"]).await;
    assert!(mock.url().starts_with("https://"), "{}", mock.url());
    let wayne = client(mock.url_for_host("localhost"), Some(&root));
    wayne.login_jwt("jwt-101").await.expect("login over HTTPS");
    let sent = wayne.send_message(&text(QUEUE, CUSTOMER, "Hi over TLS")).await.expect("send over HTTPS");
    let threads = wayne.list_threads(&MthListThreadsParameters::default()).await.expect("list over HTTPS");
    assert!(threads.records.iter().any(|t| t.id == sent.thread_id), "the thread of the message sent is listed");

    // The gateway answers a wss:// address, and the client reaches it with the same roots.
    let mut subscription = wayne.subscribe([THREAD_EVENT_FILTER]);
    let first = tokio::time::timeout(Duration::from_secs(15), subscription.next()).await.expect("in time");
    assert!(matches!(first, Some(Ok(PushEvent::Subscribed(_)))), "subscribed over wss://, got {first:?}");
}

#[tokio::test]
async fn a_certificate_for_another_host_name_is_refused() {
    let (issuer, root) = ca("rcthreads test CA");
    let mock = mock_with_cert(&issuer, &["other.invalid"]).await;
    let c = client(mock.url_for_host("localhost"), Some(&root));
    let text = connect_error(c.login_jwt("jwt-101").await.unwrap_err());
    assert!(text.contains("certificate not valid for name"), "{text}");

    // A certificate for `localhost` does not cover 127.0.0.1 either.
    let mock = mock_with_cert(&issuer, &["localhost"]).await;
    let c = client(mock.url(), Some(&root));
    let text = connect_error(c.login_jwt("jwt-101").await.unwrap_err());
    assert!(text.contains("certificate not valid for name"), "{text}");
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_is_refused() {
    let (issuer, _) = ca("rcthreads test CA");
    let (_, other_root) = ca("another CA");
    let mock = mock_with_cert(&issuer, &["localhost"]).await;
    for root in [None, Some(other_root.as_slice())] {
        let c = client(mock.url_for_host("localhost"), root);
        let text = connect_error(c.login_jwt("jwt-101").await.unwrap_err());
        assert!(text.contains("invalid peer certificate: UnknownIssuer"), "{text}");
    }
}

#[tokio::test]
async fn a_root_that_is_not_a_certificate_is_refused_when_building() {
    let e = Client::builder()
        .server("https://localhost:1")
        .credentials(CLIENT_ID, CLIENT_SECRET)
        .add_root_certificate(b"not DER".to_vec())
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("root certificate"), "{e}");
}
