//! HTTPS: a CA and a leaf for 127.0.0.1 and localhost, made at startup
//! with rcgen, and the rustls server configuration that serves the leaf
//! over HTTP/2 or HTTP/1.1 (ALPN). Every Microsoft client refuses to send a
//! token over plain http (CLIENTS.md §1), and each trusts the CA written to
//! `ca.pem` when told to.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tenantry::{Error, Result};

/// The certificates of one run.
pub(crate) struct Certificates {
    /// Where the CA's certificate was written.
    pub ca_path: PathBuf,
    /// The server configuration presenting the leaf.
    pub config: Arc<rustls::ServerConfig>,
}

fn tls_error(e: impl std::fmt::Display) -> Error {
    Error::io("the emulator's TLS certificates", e)
}

/// Makes a CA and a leaf signed by it, writes `ca.pem` (and the leaf's
/// `cert.pem`, for tools that want the chain) into `dir`, and builds the
/// server configuration.
pub(crate) fn make(dir: &Path) -> Result<Certificates> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ca_key = KeyPair::generate().map_err(tls_error)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(tls_error)?;
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "tenantry emulator CA");
    name.push(DnType::OrganizationName, "tenantry");
    ca.distinguished_name = name;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca.self_signed(&ca_key).map_err(tls_error)?;
    let issuer = Issuer::new(ca, ca_key);

    let leaf_key = KeyPair::generate().map_err(tls_error)?;
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .map_err(tls_error)?;
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "localhost");
    leaf.distinguished_name = name;
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf.use_authority_key_identifier_extension = true;
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).map_err(tls_error)?;

    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
    let ca_path = dir.join("ca.pem");
    write(&ca_path, &ca_cert.pem())?;
    write(&dir.join("cert.pem"), &leaf_cert.pem())?;

    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let chain = vec![leaf_cert.der().clone(), ca_cert.der().clone()];
    let mut config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(tls_error)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Certificates {
        ca_path,
        config: Arc::new(config),
    })
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io(path.display(), e))
}
