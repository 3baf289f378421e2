//! What an import reads from and how: the service roots of each cloud,
//! the credentials (kept out of every `Debug` and message), and the
//! limits (concurrency, timeouts, retries).

use crate::error;
use std::fmt;
use std::time::Duration;
use tenantry::{Cloud, Error};

/// A secret (a token or a client secret): shown as `<redacted>` by
/// `Debug` and `Display`, readable only through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How the import authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Bearer tokens obtained elsewhere: one for Graph, one for ARM (the
    /// same one when a test server takes either).
    Tokens {
        /// The token whose audience is Microsoft Graph.
        graph: Secret,
        /// The token whose audience is Azure Resource Manager.
        arm: Secret,
    },
    /// An application's client id and secret (OAuth 2.0 client
    /// credentials at the cloud's login endpoint), tokens refreshed before
    /// they expire.
    ClientSecret {
        /// The tenant to sign in to (id or domain).
        tenant: String,
        /// The application (client) id.
        client_id: String,
        /// The client secret.
        secret: Secret,
    },
    /// An application's client id and certificate: a client assertion
    /// signed with the certificate's key stands in for a secret.
    ClientCertificate {
        /// The tenant to sign in to (id or domain).
        tenant: String,
        /// The application (client) id.
        client_id: String,
        /// A PEM holding the RSA private key and the certificate
        /// registered with the application.
        pem: Secret,
    },
}

/// The service roots of a cloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// Microsoft Graph, e.g. `https://graph.microsoft.com`.
    pub graph: String,
    /// Azure Resource Manager, e.g. `https://management.azure.com`.
    pub arm: String,
    /// The Microsoft identity platform, e.g.
    /// `https://login.microsoftonline.com`.
    pub login: String,
}

impl Endpoints {
    /// The roots of a cloud in service; Germany's closed in 2021.
    pub fn of(cloud: Cloud) -> Result<Endpoints, Error> {
        let (graph, arm, login) = match cloud {
            Cloud::Public => (
                "https://graph.microsoft.com",
                "https://management.azure.com",
                "https://login.microsoftonline.com",
            ),
            Cloud::UsGovernment => (
                "https://graph.microsoft.us",
                "https://management.usgovcloudapi.net",
                "https://login.microsoftonline.us",
            ),
            Cloud::China => (
                "https://microsoftgraph.chinacloudapi.cn",
                "https://management.chinacloudapi.cn",
                "https://login.chinacloudapi.cn",
            ),
            Cloud::Germany => {
                return Err(error::options(
                    "--cloud germany",
                    "names Microsoft Cloud Germany, which closed on 29 October 2021",
                ))
            }
        };
        Ok(Endpoints {
            graph: graph.into(),
            arm: arm.into(),
            login: login.into(),
        })
    }
}

/// Everything an import needs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The cloud the tenant lives in.
    pub cloud: Cloud,
    /// The service roots (the cloud's unless overridden).
    pub endpoints: Endpoints,
    /// How to authenticate.
    pub credentials: Credentials,
    /// A PEM file of extra CA certificates to trust (a test server's).
    pub ca_cert: Option<Vec<u8>>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// The limit of one request, body included.
    pub timeout: Duration,
    /// Attempts of one request before it fails (transient errors and
    /// throttling).
    pub attempts: u32,
    /// The first backoff when a transient failure gives no `Retry-After`;
    /// doubled each attempt, with jitter, up to [`Options::max_backoff`].
    pub backoff: Duration,
    /// The longest single wait, whether backoff or `Retry-After`.
    pub max_backoff: Duration,
}

impl Options {
    /// These options, signing in to `tenant` instead: for an application's
    /// credentials only (a token is for the one tenant it was issued in).
    pub fn for_tenant(&self, tenant: &str) -> Result<Options, Error> {
        let mut options = self.clone();
        match &mut options.credentials {
            Credentials::ClientSecret { tenant: t, .. }
            | Credentials::ClientCertificate { tenant: t, .. } => *t = tenant.to_owned(),
            Credentials::Tokens { .. } => {
                return Err(error::options(
                    "--tenant",
                    "names a tenant to sign in to, which needs an application's credentials (--client-id): a token signs in to the one tenant that issued it",
                ))
            }
        }
        Ok(options)
    }

    /// Defaults for a cloud: its roots, 4 requests at once, 100 s per
    /// request, 8 attempts, backoff from 500 ms to 60 s.
    pub fn new(cloud: Cloud, credentials: Credentials) -> Result<Options, Error> {
        Ok(Options {
            cloud,
            endpoints: Endpoints::of(cloud)?,
            credentials,
            ca_cert: None,
            concurrency: 4,
            timeout: Duration::from_secs(100),
            attempts: 8,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
        })
    }

    /// Checks what the options say before anything is read: https roots
    /// (http only for loopback hosts), at least one request at a time.
    pub fn validate(&self) -> Result<(), Error> {
        for (option, root) in [
            ("--graph-url", &self.endpoints.graph),
            ("--arm-url", &self.endpoints.arm),
            ("--login-url", &self.endpoints.login),
        ] {
            check_root(option, root)?;
        }
        if self.concurrency == 0 || self.concurrency > 64 {
            return Err(error::options("--concurrency", "must be between 1 and 64"));
        }
        if self.attempts == 0 {
            return Err(error::options("--attempts", "must be at least 1"));
        }
        Ok(())
    }
}

/// A service root: an absolute https URL, or http to a loopback host.
fn check_root(option: &str, root: &str) -> Result<(), Error> {
    let url = reqwest::Url::parse(root)
        .map_err(|e| error::options(option, &format!("'{root}' is not a URL ({e})")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(error::options(
                option,
                &format!("'{root}' is http: only https is allowed, but for loopback hosts"),
            ))
        }
        other => {
            return Err(error::options(
                option,
                &format!("'{root}' has scheme {other}: expected https"),
            ))
        }
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(error::options(
            option,
            &format!("'{root}' must be a service root without query, fragment or user"),
        ));
    }
    Ok(())
}

/// Whether the URL's host is this machine.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// An import's options as front-ends take them (the command line, Python,
/// Node): every field optional, checked and turned into [`Options`] in one
/// place by [`Settings::into_options`].
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `public` (the default), `us_government` or `china`.
    pub cloud: Option<String>,
    /// Graph's root instead of the cloud's.
    pub graph_url: Option<String>,
    /// ARM's root instead of the cloud's.
    pub arm_url: Option<String>,
    /// The identity platform's root instead of the cloud's.
    pub login_url: Option<String>,
    /// One token for both services.
    pub token: Option<Secret>,
    /// Graph's token (with `arm_token`).
    pub graph_token: Option<Secret>,
    /// ARM's token (with `graph_token`).
    pub arm_token: Option<Secret>,
    /// The tenant to sign in to with client credentials.
    pub tenant: Option<String>,
    /// An application's client id (with `client_secret` and `tenant`).
    pub client_id: Option<String>,
    /// Its client secret.
    pub client_secret: Option<Secret>,
    /// Or its certificate: a PEM with the private key and certificate.
    pub client_certificate: Option<Secret>,
    /// PEM certificates to trust besides the system's.
    pub ca_cert: Option<Vec<u8>>,
    /// Requests in flight at once.
    pub concurrency: Option<usize>,
    /// Attempts of one request.
    pub attempts: Option<u32>,
    /// The limit of one request.
    pub timeout: Option<Duration>,
}

impl Settings {
    /// The options these settings give, checked: one way of signing in,
    /// a cloud in service, https roots (http for loopback only).
    pub fn into_options(self) -> Result<Options, Error> {
        let cloud = match self.cloud.as_deref() {
            None => Cloud::Public,
            Some(c) => c.parse::<Cloud>().map_err(|_| {
                error::options(
                    "the cloud",
                    &format!("'{c}' is not one of public, us_government, china"),
                )
            })?,
        };
        let tenant = || {
            self.tenant.clone().ok_or_else(|| {
                error::options("the tenant", "is needed to sign in with a client id")
            })
        };
        let credentials = match (
            self.token,
            self.graph_token,
            self.arm_token,
            self.client_id,
            self.client_secret,
            self.client_certificate,
        ) {
            (Some(token), None, None, None, None, None) => Credentials::Tokens {
                graph: token.clone(),
                arm: token,
            },
            (None, Some(graph), Some(arm), None, None, None) => Credentials::Tokens { graph, arm },
            (None, None, None, Some(client_id), Some(secret), None) => Credentials::ClientSecret {
                tenant: tenant()?,
                client_id,
                secret,
            },
            (None, None, None, Some(client_id), None, Some(pem)) => {
                Credentials::ClientCertificate {
                    tenant: tenant()?,
                    client_id,
                    pem,
                }
            }
            _ => {
                return Err(error::options(
                    "the credentials",
                    "must be one of: a token; a Graph token and an ARM token; a client id with its secret or its certificate",
                ))
            }
        };
        let mut options = Options::new(cloud, credentials)?;
        if let Some(u) = self.graph_url {
            options.endpoints.graph = u;
        }
        if let Some(u) = self.arm_url {
            options.endpoints.arm = u;
        }
        if let Some(u) = self.login_url {
            options.endpoints.login = u;
        }
        options.ca_cert = self.ca_cert;
        if let Some(n) = self.concurrency {
            options.concurrency = n;
        }
        if let Some(n) = self.attempts {
            options.attempts = n;
        }
        if let Some(t) = self.timeout {
            if t.is_zero() {
                return Err(error::options("the timeout", "must be more than zero"));
            }
            options.timeout = t;
        }
        options.validate()?;
        Ok(options)
    }
}
