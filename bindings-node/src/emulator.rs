//! `serve(tenancy, options?)`: the emulator in-process, the moto way. The
//! emulator runs on its own runtime and threads (`tenantry_emulator::
//! Background`) on a copy of the tenancy, so it answers while JavaScript
//! drives Microsoft's clients against it; `close()` stops it and keeps the
//! final state readable.

// The test build registers no napi exports, so they look unused there.
#![cfg_attr(test, allow(dead_code))]

use crate::error;
use crate::Tenancy;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::cell::RefCell;
use std::rc::Rc;
use tenantry_emulator::{Background, Config, Secret, DEFAULT_SECRET};

/// Options of `serve()`.
#[napi(object)]
pub struct ServeOptions {
    /// The client secret every sign-in presents (default
    /// `'tenantry-emulator-secret'`).
    pub secret: Option<String>,
    /// The port; 0 (the default) picks a free one.
    pub port: Option<u32>,
    /// The most items in a page of any list, to force paging.
    pub page_size: Option<u32>,
    /// Where to write `ca.pem` (default: a temporary directory).
    pub tls_dir: Option<String>,
}

/// A running emulator: `url`, `ca`, `secret`, `snapshot()`, `tenancy()`,
/// `close()`.
#[napi]
pub struct Emulator {
    running: Option<Background>,
    url: String,
    ca: String,
    secret: String,
    last: Option<String>,
}

#[napi]
impl Emulator {
    /// `https://127.0.0.1:PORT`: the authority host, Graph's and ARM's base.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The CA certificate (a PEM file) to trust: `NODE_EXTRA_CA_CERTS`.
    #[napi(getter)]
    pub fn ca(&self) -> String {
        self.ca.clone()
    }

    /// The client secret sign-ins present (client id: the account).
    #[napi(getter)]
    pub fn secret(&self) -> String {
        self.secret.clone()
    }

    /// Whether it still serves.
    #[napi(getter)]
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// The served state's snapshot (JSON text); after `close()`, the final one.
    #[napi]
    pub fn snapshot(&self) -> String {
        match (&self.running, &self.last) {
            (Some(running), _) => running.snapshot(),
            (None, Some(last)) => last.clone(),
            (None, None) => String::new(),
        }
    }

    /// The served state as a `Tenancy` (after `close()`, the final state).
    #[napi]
    pub fn tenancy(&self, env: Env) -> Result<Tenancy> {
        let inner = tenantry::guard(|| tenantry::Tenancy::from_json(&self.snapshot()))
            .map_err(|e| error::tenantry(&env, &e))?;
        Ok(Tenancy {
            inner: Rc::new(RefCell::new(inner)),
        })
    }

    /// Stops serving (again: nothing).
    #[napi]
    pub fn close(&mut self) {
        if let Some(running) = self.running.take() {
            self.last = Some(running.stop());
        }
    }
}

/// Serves a copy of `tenancy` as Microsoft Graph, ARM and an identity
/// endpoint over HTTPS on 127.0.0.1 until `close()`.
#[napi]
pub fn serve(env: Env, tenancy: &Tenancy, options: Option<ServeOptions>) -> Result<Emulator> {
    let options = options.unwrap_or(ServeOptions {
        secret: None,
        port: None,
        page_size: None,
        tls_dir: None,
    });
    let secret = options.secret.unwrap_or_else(|| DEFAULT_SECRET.to_owned());
    if secret.is_empty() {
        return Err(error::type_error(&env, "secret must not be empty"));
    }
    let port = match options.port {
        None => 0,
        Some(p) => {
            u16::try_from(p).map_err(|_| error::range_error(&env, "port must be 0 to 65535"))?
        }
    };
    if options.page_size == Some(0) {
        return Err(error::range_error(&env, "pageSize must be at least 1"));
    }
    let mut config = Config::new(Secret::new(secret.clone()));
    config.port = port;
    config.page_size = options.page_size.map(|n| n as usize);
    config.tls_dir = options.tls_dir.map(Into::into);
    config.quiet = true;
    let running = tenantry::guard(|| {
        let copy = tenantry::Tenancy::from_json(&tenancy.inner.borrow().to_json())?;
        Background::start(copy, config)
    })
    .map_err(|e| error::tenantry(&env, &e))?;
    Ok(Emulator {
        url: running.url().to_owned(),
        ca: running.ca().display().to_string(),
        secret,
        running: Some(running),
        last: None,
    })
}
