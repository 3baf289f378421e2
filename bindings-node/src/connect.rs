//! `importTenant()`: a live tenant read, read-only, on the libuv thread
//! pool, the Promise settled with `{ tenancy, report }` or rejected with a
//! `TenantryError` (`IMPORT_*`). Options go to the importer's settings,
//! checked there.

use crate::{error, Tenancy};
use napi::bindgen_prelude::*;
use napi::ScopedTask;
use napi_derive::napi;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use tenantry_connect::{Secret, Settings};

/// Options of `importTenant()`: the service roots (the cloud's unless
/// given) and one way of signing in.
#[napi(object)]
pub struct ImportOptions {
    /// Microsoft Graph's root, e.g. `https://graph.microsoft.com`.
    pub graph_url: Option<String>,
    /// Azure Resource Manager's root, e.g. `https://management.azure.com`.
    pub arm_url: Option<String>,
    /// The identity platform's root, for client credentials.
    pub login_url: Option<String>,
    /// `'public'` (the default), `'us_government'` or `'china'`.
    #[napi(ts_type = "'public' | 'us_government' | 'china'")]
    pub cloud: Option<String>,
    /// One bearer token for both services.
    pub token: Option<String>,
    /// Graph's token, with `armToken`.
    pub graph_token: Option<String>,
    /// ARM's token, with `graphToken`.
    pub arm_token: Option<String>,
    /// The tenant to sign in to with `clientId`.
    pub tenant: Option<String>,
    /// An application's client id, with `clientSecret` and `tenant`.
    pub client_id: Option<String>,
    /// Its client secret.
    pub client_secret: Option<String>,
    /// PEM text of CA certificates to trust besides the system's.
    pub ca_cert: Option<String>,
    /// Requests in flight at once (1–64, default 4).
    pub concurrency: Option<u32>,
    /// Attempts of one request before the import fails (default 8).
    pub attempts: Option<u32>,
    /// The limit of one request, in seconds (default 100).
    pub timeout_seconds: Option<f64>,
}

impl ImportOptions {
    fn settings(self) -> std::result::Result<tenantry_connect::Options, tenantry::Error> {
        let timeout = self
            .timeout_seconds
            .filter(|t| t.is_finite() && *t > 0.0)
            .map(Duration::from_secs_f64)
            .or(self.timeout_seconds.map(|_| Duration::ZERO));
        Settings {
            cloud: self.cloud,
            graph_url: self.graph_url,
            arm_url: self.arm_url,
            login_url: self.login_url,
            token: self.token.map(Secret::new),
            graph_token: self.graph_token.map(Secret::new),
            arm_token: self.arm_token.map(Secret::new),
            tenant: self.tenant,
            client_id: self.client_id,
            client_secret: self.client_secret.map(Secret::new),
            client_certificate: None,
            ca_cert: self.ca_cert.map(String::into_bytes),
            concurrency: self.concurrency.map(|n| n as usize),
            attempts: self.attempts,
            timeout,
        }
        .into_options()
    }
}

/// The import, run off the JavaScript thread.
pub struct ImportTask {
    options: Option<std::result::Result<tenantry_connect::Options, tenantry::Error>>,
}

impl<'env> ScopedTask<'env> for ImportTask {
    type Output = std::result::Result<tenantry_connect::Imported, tenantry::Error>;
    type JsValue = Object<'env>;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(match self.options.take() {
            // Off the JavaScript thread: a panic is caught here, and
            // rejects the Promise with INTERNAL.
            Some(Ok(options)) => {
                tenantry::guard(|| tenantry_connect::import_blocking(&options, None))
            }
            Some(Err(e)) => Err(e),
            None => Err(tenantry::Error::io("importTenant", "the import ran twice")),
        })
    }

    fn resolve(&mut self, env: &'env Env, output: Self::Output) -> Result<Object<'env>> {
        let imported = output.map_err(|e| error::rejection(env, &e))?;
        let report = env.to_js_value(&imported.report)?;
        let mut result = Object::new(env)?;
        result.set(
            "tenancy",
            Tenancy {
                inner: Rc::new(RefCell::new(imported.tenancy)),
            },
        )?;
        result.set("report", report)?;
        Ok(result)
    }
}

/// Reads one live tenant, read-only, from Microsoft Graph and Azure
/// Resource Manager: a Promise of `{ tenancy, report }` (the tenant under
/// the current rules, and what was read, joined, left out and spent).
/// Rejects with a `TenantryError` whose code is `IMPORT_*`.
#[napi(ts_return_type = "Promise<{ tenancy: Tenancy; report: ImportReport }>")]
pub fn import_tenant(options: ImportOptions) -> AsyncTask<ImportTask> {
    AsyncTask::new(ImportTask {
        options: Some(options.settings()),
    })
}
