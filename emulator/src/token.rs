//! Access tokens: JWTs the emulator signs (HS256 with a key made at
//! startup) and checks on every request: signature, expiry, audience and
//! tenant. The claims are the ones tooling reads from Microsoft's tokens:
//! `tid`, `oid`, `upn`, `aud`, `iss`, `exp` (and `iat`, `nbf`); a service
//! principal's token carries `appid` and `idtyp: "app"` instead of `upn`,
//! as Entra ID's app-only tokens do.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::hmac;
use serde::{Deserialize, Serialize};
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// How long a token lasts, in seconds (what Entra ID answers).
pub(crate) const LIFETIME: u64 = 3599;

/// The service a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    Arm,
    Graph,
    /// The emulator's own host: kiota asks for it for Graph, and an
    /// importer pointed at the emulator asks for it for both services.
    Own,
}

impl Audience {
    /// Whether a token for this audience may call `service`.
    pub fn admits(self, service: Audience) -> bool {
        self == service || self == Audience::Own
    }
}

/// ARM's resource identifiers.
const ARM: [&str; 3] = [
    "https://management.azure.com",
    "https://management.core.windows.net",
    "https://management.azure.com/",
];

/// The audience of a requested scope (`<resource>/.default`): ARM's
/// resource, Graph's, or the emulator's own host (kiota asks for
/// `https://<request host>/.default`, dropping the port), which serves
/// both.
pub(crate) fn audience_of(scope: &str) -> Option<(Audience, String)> {
    let resource = scope
        .split_whitespace()
        .find_map(|s| s.strip_suffix("/.default"))?
        .trim_end_matches('/');
    if ARM
        .iter()
        .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(resource))
    {
        return Some((Audience::Arm, resource.to_owned()));
    }
    let authority = resource.strip_prefix("https://")?;
    if authority.eq_ignore_ascii_case("graph.microsoft.com") {
        return Some((Audience::Graph, resource.to_owned()));
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => authority,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let own = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    own.then(|| (Audience::Own, resource.to_owned()))
}

/// What a token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Claims {
    pub aud: String,
    pub iss: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
    pub tid: Uuid,
    pub oid: Uuid,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub upn: String,
    /// The application's id, in an app-only token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<Uuid>,
    /// `app` in an app-only token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idtyp: Option<String>,
    pub sub: Uuid,
    pub ver: String,
}

impl Claims {
    /// The claims of a token for `oid` (signing in as `upn`) in `tid`.
    pub fn new(aud: String, tid: Uuid, oid: Uuid, upn: &str) -> Claims {
        let now = now();
        Claims {
            aud,
            iss: format!("https://sts.windows.net/{tid}/"),
            iat: now,
            nbf: now,
            exp: now + LIFETIME,
            tid,
            oid,
            upn: upn.to_owned(),
            appid: None,
            idtyp: None,
            sub: oid,
            ver: "1.0".to_owned(),
        }
    }

    /// The claims of an app-only token for the service principal `oid`
    /// of the application `appid`, in `tid`.
    pub fn app(aud: String, tid: Uuid, oid: Uuid, appid: Uuid) -> Claims {
        Claims {
            appid: Some(appid),
            idtyp: Some("app".to_owned()),
            ..Claims::new(aud, tid, oid, "")
        }
    }

    /// Whether it is an app-only token (a service principal's).
    pub fn is_app(&self) -> bool {
        self.idtyp.as_deref() == Some("app")
    }

    /// The service it is for.
    pub fn audience(&self) -> Option<Audience> {
        audience_of(&format!("{}/.default", self.aud)).map(|(a, _)| a)
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a JWT this emulator signed.
    Invalid,
    /// Past its `exp`.
    Expired,
}

/// Signs and checks tokens.
pub(crate) struct Signer {
    key: hmac::Key,
}

impl Signer {
    /// A signer with a fresh random key.
    pub fn new() -> Signer {
        let mut secret = [0u8; 32];
        // Without randomness, a key of the time: tokens still check, they
        // are only guessable, which a local test server can live with.
        if getrandom::fill(&mut secret).is_err() {
            secret[..8].copy_from_slice(&now().to_le_bytes());
        }
        Signer {
            key: hmac::Key::new(hmac::HMAC_SHA256, &secret),
        }
    }

    /// A signed token.
    pub fn sign(&self, claims: &Claims) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
        let signed = format!("{header}.{body}");
        let tag = hmac::sign(&self.key, signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
    }

    /// The claims of a token this signer signed and that has not expired.
    pub fn check(&self, token: &str) -> Result<Claims, Refusal> {
        let (signed, tag) = token.rsplit_once('.').ok_or(Refusal::Invalid)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| Refusal::Invalid)?;
        hmac::verify(&self.key, signed.as_bytes(), &tag).map_err(|_| Refusal::Invalid)?;
        let (_, body) = signed.split_once('.').ok_or(Refusal::Invalid)?;
        let body = URL_SAFE_NO_PAD.decode(body).map_err(|_| Refusal::Invalid)?;
        let claims: Claims = serde_json::from_slice(&body).map_err(|_| Refusal::Invalid)?;
        if claims.exp <= now() {
            return Err(Refusal::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_checks_with_its_signer_only() {
        let a = Signer::new();
        let b = Signer::new();
        let claims = Claims::new(
            "https://management.azure.com".into(),
            Uuid::nil(),
            Uuid::nil(),
            "admin@contoso.onmicrosoft.com",
        );
        let token = a.sign(&claims);
        assert_eq!(a.check(&token), Ok(claims));
        assert_eq!(b.check(&token), Err(Refusal::Invalid));
        let mut tampered = token.clone();
        tampered.insert(token.len() / 2, 'x');
        assert_eq!(a.check(&tampered), Err(Refusal::Invalid));
        assert_eq!(a.check("not a token"), Err(Refusal::Invalid));
    }

    #[test]
    fn an_expired_token_is_refused() {
        let a = Signer::new();
        let mut claims = Claims::new(
            "https://graph.microsoft.com".into(),
            Uuid::nil(),
            Uuid::nil(),
            "x",
        );
        claims.exp = 1;
        assert_eq!(a.check(&a.sign(&claims)), Err(Refusal::Expired));
    }

    #[test]
    fn scopes_name_their_service() {
        let arm = audience_of("https://management.azure.com/.default").map(|x| x.0);
        assert_eq!(arm, Some(Audience::Arm));
        let graph = audience_of("https://graph.microsoft.com/.default").map(|x| x.0);
        assert_eq!(graph, Some(Audience::Graph));
        let own = audience_of("https://127.0.0.1/.default").map(|x| x.0);
        assert_eq!(own, Some(Audience::Own));
        let port = audience_of("https://localhost:8443/.default").map(|x| x.0);
        assert_eq!(port, Some(Audience::Own));
        assert!(Audience::Own.admits(Audience::Arm) && Audience::Own.admits(Audience::Graph));
        assert!(!Audience::Graph.admits(Audience::Arm));
        assert_eq!(audience_of("https://vault.azure.net/.default"), None);
        assert_eq!(audience_of("openid"), None);
    }
}
