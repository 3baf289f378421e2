//! A certificate credential: the client assertion the Microsoft identity
//! platform takes instead of a client secret. A JWT whose header names
//! the certificate by its thumbprints (`x5t`, SHA-1, and `x5t#S256`), whose
//! claims say who asks (`iss` and `sub`: the client id) and of whom
//! (`aud`: the token endpoint), valid ten minutes, signed RS256 with the
//! certificate's private key. The key stays in memory only, and no
//! `Debug` shows it.

use crate::error;
use crate::options::Secret;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::time::{SystemTime, UNIX_EPOCH};
use tenantry::Error;

/// How long an assertion is good for.
const LIFETIME_SECONDS: u64 = 600;

/// The option the PEM came from, for messages.
const OPTION: &str = "--client-certificate";

/// A certificate's private key and thumbprints, ready to sign assertions.
pub(crate) struct Signer {
    key: RsaKeyPair,
    x5t: String,
    x5t_s256: String,
    random: SystemRandom,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("x5t#S256", &self.x5t_s256)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl Signer {
    /// The signer of a PEM holding an RSA private key (PKCS#8 or PKCS#1)
    /// and its certificate; what is missing or unusable is an
    /// `IMPORT_OPTIONS` error that says so.
    pub(crate) fn from_pem(pem: &Secret) -> Result<Signer, Error> {
        let bytes = pem.expose().as_bytes();
        let certificate = CertificateDer::pem_slice_iter(bytes)
            .next()
            .ok_or_else(|| {
                error::options(
                    OPTION,
                    "holds no certificate (-----BEGIN CERTIFICATE-----): the PEM needs the private key and the certificate registered with the application",
                )
            })?
            .map_err(|e| error::options(OPTION, &format!("has a certificate that does not parse ({e})")))?;
        let key = PrivateKeyDer::from_pem_slice(bytes).map_err(|e| {
            error::options(
                OPTION,
                &format!("holds no private key the importer can read ({e}): it needs an unencrypted RSA key, PKCS#8 or PKCS#1"),
            )
        })?;
        let key = match &key {
            PrivateKeyDer::Pkcs8(der) => RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(der) => RsaKeyPair::from_der(der.secret_pkcs1_der()),
            _ => {
                return Err(error::options(
                    OPTION,
                    "holds an elliptic-curve key: the identity platform's certificate credentials are RSA",
                ))
            }
        }
        .map_err(|e| error::options(OPTION, &format!("has an RSA key ring refuses ({e})")))?;
        let thumbprint =
            |algorithm| URL_SAFE_NO_PAD.encode(ring::digest::digest(algorithm, &certificate));
        Ok(Signer {
            key,
            x5t: thumbprint(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY),
            x5t_s256: thumbprint(&ring::digest::SHA256),
            random: SystemRandom::new(),
        })
    }

    /// A fresh client assertion for `client_id` at the token endpoint
    /// `audience`.
    pub(crate) fn assertion(&self, client_id: &str, audience: &str) -> Result<Secret, Error> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).map_err(|e| {
            error::network(audience, &format!("no randomness for the assertion ({e})"))
        })?;
        let header = serde_json::json!({
            "alg": "RS256",
            "typ": "JWT",
            "x5t": self.x5t,
            "x5t#S256": self.x5t_s256,
        });
        let claims = serde_json::json!({
            "aud": audience,
            "iss": client_id,
            "sub": client_id,
            "jti": URL_SAFE_NO_PAD.encode(nonce),
            "iat": now,
            "nbf": now,
            "exp": now + LIFETIME_SECONDS,
        });
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0u8; self.key.public().modulus_len()];
        self.key
            .sign(
                &RSA_PKCS1_SHA256,
                &self.random,
                signed.as_bytes(),
                &mut signature,
            )
            .map_err(|_| error::options(OPTION, "has a key that could not sign the assertion"))?;
        Ok(Secret::new(format!(
            "{signed}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};

    const PEM: &str = include_str!("../tests/data/test-app.pem");

    fn part(jwt: &str, i: usize) -> serde_json::Value {
        let piece = jwt.split('.').nth(i).unwrap_or_default();
        let bytes = URL_SAFE_NO_PAD.decode(piece).unwrap_or_default();
        serde_json::from_slice(&bytes).unwrap_or_default()
    }

    #[test]
    fn an_assertion_is_signed_by_the_key_and_names_the_certificate() {
        let signer = Signer::from_pem(&Secret::new(PEM)).unwrap_or_else(|e| panic!("{e}"));
        let aud = "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token";
        let jwt = signer
            .assertion("app-id", aud)
            .unwrap_or_else(|e| panic!("{e}"));
        let jwt = jwt.expose();
        let (header, claims) = (part(jwt, 0), part(jwt, 1));
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["x5t#S256"].as_str().map(str::len), Some(43));
        assert_eq!(header["x5t"].as_str().map(str::len), Some(27));
        assert_eq!(
            (claims["aud"].as_str(), claims["iss"].as_str()),
            (Some(aud), Some("app-id"))
        );
        assert_eq!(claims["sub"], "app-id");
        let exp = claims["exp"].as_u64().unwrap_or(0);
        assert_eq!(exp - claims["nbf"].as_u64().unwrap_or(0), LIFETIME_SECONDS);
        let (signed, signature) = jwt.rsplit_once('.').unwrap_or_default();
        let public =
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, signer.key.public().as_ref());
        let signature = URL_SAFE_NO_PAD.decode(signature).unwrap_or_default();
        assert!(public.verify(signed.as_bytes(), &signature).is_ok());
        assert_ne!(
            jwt,
            signer
                .assertion("app-id", aud)
                .map(|s| s.expose().to_owned())
                .unwrap_or_default()
        );
        assert!(!format!("{signer:?}").contains("PRIVATE"));
    }

    #[test]
    fn a_pem_without_its_key_or_certificate_is_refused_with_what_is_missing() {
        let cert_only = &PEM[PEM.find("-----BEGIN CERTIFICATE").unwrap_or(0)..];
        let key_only = &PEM[..PEM.find("-----BEGIN CERTIFICATE").unwrap_or(0)];
        for (pem, says) in [
            (cert_only, "no private key"),
            (key_only, "no certificate"),
            ("not a pem", "no certificate"),
        ] {
            match Signer::from_pem(&Secret::new(pem)) {
                Ok(_) => panic!("{pem:.20}: accepted"),
                Err(e) => {
                    assert_eq!(e.code(), "IMPORT_OPTIONS");
                    assert!(e.to_string().contains(says), "{e}");
                    assert!(!e.to_string().contains("PRIVATE KEY-----"), "{e}");
                }
            }
        }
    }
}
