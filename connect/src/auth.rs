//! Tokens for Graph and ARM: given ones, or got with an application's
//! client credentials (its secret, or an assertion signed with its
//! certificate) from the Microsoft identity platform and got again five
//! minutes before they expire (or when a service says one expired).
//! Tokens and secrets live in [`Secret`]s: no `Debug`, log or error shows
//! them.

use crate::certificate::Signer;
use crate::error;
use crate::http::Service;
use crate::options::{Credentials, Options, Secret};
use serde::Deserialize;
use std::time::{Duration, Instant};
use tenantry::Error;
use tokio::sync::Mutex;

/// Renew a token this long before it expires.
const EARLY: Duration = Duration::from_secs(300);

/// Where tokens come from.
pub(crate) struct Auth {
    source: Source,
    graph_audience: String,
    arm_audience: String,
}

enum Source {
    Given {
        graph: Secret,
        arm: Secret,
    },
    Client {
        client: reqwest::Client,
        endpoint: String,
        client_id: String,
        proof: Proof,
        /// Graph's, then ARM's: the token and when to renew it.
        cache: Mutex<[Option<(Secret, Instant)>; 2]>,
    },
}

/// How an application proves it is itself.
enum Proof {
    Secret(Secret),
    Certificate(Box<Signer>),
}

/// The token endpoint's answer.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// The token endpoint's refusal.
#[derive(Deserialize)]
struct TokenError {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
}

impl Source {
    /// Client credentials at the tenant's token endpoint.
    fn client(
        options: &Options,
        client: reqwest::Client,
        tenant: &str,
        client_id: &str,
        proof: Proof,
    ) -> Result<Source, Error> {
        if tenant.is_empty() || tenant.contains(['/', '?', '#']) {
            return Err(error::options(
                "--tenant",
                "must be a tenant id or domain to sign in to",
            ));
        }
        Ok(Source::Client {
            client,
            endpoint: format!(
                "{}/{tenant}/oauth2/v2.0/token",
                options.endpoints.login.trim_end_matches('/')
            ),
            client_id: client_id.to_owned(),
            proof,
            cache: Mutex::new([None, None]),
        })
    }
}

impl Auth {
    pub(crate) fn new(options: &Options, client: reqwest::Client) -> Result<Auth, Error> {
        let source = match &options.credentials {
            Credentials::Tokens { graph, arm } => Source::Given {
                graph: graph.clone(),
                arm: arm.clone(),
            },
            Credentials::ClientSecret {
                tenant,
                client_id,
                secret,
            } => Source::client(
                options,
                client,
                tenant,
                client_id,
                Proof::Secret(secret.clone()),
            )?,
            Credentials::ClientCertificate {
                tenant,
                client_id,
                pem,
            } => Source::client(
                options,
                client,
                tenant,
                client_id,
                Proof::Certificate(Box::new(Signer::from_pem(pem)?)),
            )?,
        };
        Ok(Auth {
            source,
            graph_audience: options.endpoints.graph.trim_end_matches('/').to_owned(),
            arm_audience: options.endpoints.arm.trim_end_matches('/').to_owned(),
        })
    }

    /// The audience a service's token is for.
    pub(crate) fn audience(&self, service: Service) -> &str {
        match service {
            Service::Graph => &self.graph_audience,
            Service::Arm => &self.arm_audience,
        }
    }

    /// A token for the service, renewed if it is about to expire.
    pub(crate) async fn token(&self, service: Service) -> Result<Secret, Error> {
        match &self.source {
            Source::Given { graph, arm } => Ok(match service {
                Service::Graph => graph.clone(),
                Service::Arm => arm.clone(),
            }),
            Source::Client { cache, .. } => {
                let mut cache = cache.lock().await;
                let slot = &mut cache[service as usize];
                if let Some((token, renew)) = slot {
                    if Instant::now() < *renew {
                        return Ok(token.clone());
                    }
                }
                let (token, renew) = self.fetch(service).await?;
                *slot = Some((token.clone(), renew));
                Ok(token)
            }
        }
    }

    /// Forgets the service's token so the next is fresh; false when
    /// tokens were given and cannot be renewed.
    pub(crate) async fn refresh(&self, service: Service) -> Result<bool, Error> {
        match &self.source {
            Source::Given { .. } => Ok(false),
            Source::Client { cache, .. } => {
                cache.lock().await[service as usize] = None;
                Ok(true)
            }
        }
    }

    /// Client credentials: a token for the service's `.default` scope.
    async fn fetch(&self, service: Service) -> Result<(Secret, Instant), Error> {
        let Source::Client {
            client,
            endpoint,
            client_id,
            proof,
            ..
        } = &self.source
        else {
            return Err(error::options("credentials", "cannot be renewed"));
        };
        let audience = self.audience(service);
        let scope = format!("{audience}/.default");
        let assertion;
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("scope", scope.as_str()),
        ];
        match proof {
            Proof::Secret(secret) => form.push(("client_secret", secret.expose())),
            Proof::Certificate(signer) => {
                assertion = signer.assertion(client_id, endpoint)?;
                form.push((
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ));
                form.push(("client_assertion", assertion.expose()));
            }
        }
        let response = client
            .post(endpoint)
            .form(&form)
            .send()
            .await
            .map_err(|e| error::network(endpoint, &e.without_url().to_string()))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| error::network(endpoint, &e.without_url().to_string()))?;
        if !status.is_success() {
            let detail = serde_json::from_slice::<TokenError>(&body)
                .map(|e| format!("{} {}", e.error, e.error_description))
                .unwrap_or_else(|_| format!("the token endpoint answered HTTP {status}"));
            return Err(error::unauthorized(audience, &detail));
        }
        let token: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            error::bad_response(
                endpoint,
                &format!("the token response does not parse ({e})"),
            )
        })?;
        let lifetime = Duration::from_secs(token.expires_in.unwrap_or(3600));
        let renew = Instant::now() + lifetime.saturating_sub(EARLY);
        Ok((Secret::new(token.access_token), renew))
    }
}
