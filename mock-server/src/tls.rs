//! HTTPS: the certificate and key the mock serves with (rustls on the ring provider).

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

/// Why a certificate or key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The certificate file holds no PEM certificate, or cannot be read.
    #[error("certificate {path}: {reason}")]
    Certificate {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The key file holds no PEM private key, or cannot be read.
    #[error("private key {path}: {reason}")]
    Key {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// rustls refused the pair (a key that does not match the certificate, say).
    #[error("certificate and key: {0}")]
    Config(#[from] rustls::Error),
}

/// A server certificate chain and its key, ready to accept TLS connections. Cheap to clone.
#[derive(Clone)]
pub struct Tls {
    acceptor: TlsAcceptor,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is a secret: say only that TLS is on.
        f.write_str("Tls(..)")
    }
}

impl Tls {
    /// From a chain (leaf first) and its private key, in DER.
    pub fn new(chain: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>) -> Result<Self, TlsError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(chain, key)?;
        // The mock speaks HTTP/1.1 only (WebSocket upgrades need it).
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Self { acceptor: TlsAcceptor::from(Arc::new(config)) })
    }

    /// From PEM text: every certificate of `chain_pem` (leaf first) and the first key of `key_pem`.
    pub fn from_pem(chain_pem: &[u8], key_pem: &[u8]) -> Result<Self, TlsError> {
        Self::from_pem_named(chain_pem, "(certificate)", key_pem, "(key)")
    }

    /// From PEM files, as `--tls-cert` and `--tls-key` name them.
    pub fn from_pem_files(cert: &Path, key: &Path) -> Result<Self, TlsError> {
        let cert_name = cert.display().to_string();
        let key_name = key.display().to_string();
        let chain_pem = std::fs::read(cert)
            .map_err(|e| TlsError::Certificate { path: cert_name.clone(), reason: e.to_string() })?;
        let key_pem =
            std::fs::read(key).map_err(|e| TlsError::Key { path: key_name.clone(), reason: e.to_string() })?;
        Self::from_pem_named(&chain_pem, &cert_name, &key_pem, &key_name)
    }

    fn from_pem_named(chain_pem: &[u8], cert_name: &str, key_pem: &[u8], key_name: &str) -> Result<Self, TlsError> {
        let chain = CertificateDer::pem_slice_iter(chain_pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| TlsError::Certificate { path: cert_name.to_owned(), reason: e.to_string() })?;
        if chain.is_empty() {
            return Err(TlsError::Certificate {
                path: cert_name.to_owned(),
                reason: "no PEM certificate (BEGIN CERTIFICATE) in it".into(),
            });
        }
        let key = PrivateKeyDer::from_pem_slice(key_pem)
            .map_err(|e| TlsError::Key { path: key_name.to_owned(), reason: e.to_string() })?;
        Self::new(chain, key)
    }

    pub(crate) fn acceptor(&self) -> &TlsAcceptor {
        &self.acceptor
    }
}
