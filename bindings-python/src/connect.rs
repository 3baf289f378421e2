//! `tenantry.connect`: importing a live tenant. Converts the keyword
//! arguments to the importer's settings, runs the import with the GIL
//! released (progress reported through a callback, which takes the GIL
//! for each call), and returns the model and the report.

use crate::error::IntoPy;
use crate::PyTenancy;
use pyo3::prelude::*;
use std::sync::Arc;
use std::time::Duration;
use tenantry_connect::{Secret, Settings};

/// Reads one live tenant, read-only, from Microsoft Graph and Azure
/// Resource Manager: `(Tenancy, report)`.
#[pyfunction]
#[pyo3(signature = (
    *,
    graph_url=None,
    arm_url=None,
    login_url=None,
    cloud=None,
    token=None,
    graph_token=None,
    arm_token=None,
    tenant=None,
    client_id=None,
    client_secret=None,
    ca_cert=None,
    concurrency=None,
    attempts=None,
    timeout=None,
    progress=None,
))]
#[allow(clippy::too_many_arguments)] // one keyword each, as the importer takes them
pub fn import_tenant(
    py: Python<'_>,
    graph_url: Option<String>,
    arm_url: Option<String>,
    login_url: Option<String>,
    cloud: Option<String>,
    token: Option<String>,
    graph_token: Option<String>,
    arm_token: Option<String>,
    tenant: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    ca_cert: Option<std::path::PathBuf>,
    concurrency: Option<usize>,
    attempts: Option<u32>,
    timeout: Option<f64>,
    progress: Option<Py<PyAny>>,
) -> PyResult<(PyTenancy, Py<PyAny>)> {
    let ca_cert = match ca_cert {
        None => None,
        Some(path) => Some(std::fs::read(&path).map_err(|e| {
            pyo3::exceptions::PyOSError::new_err(format!(
                "ca_cert {}: cannot be read ({e})",
                path.display()
            ))
        })?),
    };
    let timeout = match timeout {
        None => None,
        Some(t) if t.is_finite() && t > 0.0 => Some(Duration::from_secs_f64(t)),
        Some(t) => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "timeout must be a positive number of seconds, not {t}"
            )))
        }
    };
    let settings = Settings {
        cloud,
        graph_url,
        arm_url,
        login_url,
        token: token.map(Secret::new),
        graph_token: graph_token.map(Secret::new),
        arm_token: arm_token.map(Secret::new),
        tenant,
        client_id,
        client_secret: client_secret.map(Secret::new),
        client_certificate: None,
        ca_cert,
        concurrency,
        attempts,
        timeout,
    };
    let options = settings.into_options().or_raise(py)?;
    let on_progress = progress.map(|callback| {
        let f: tenantry_connect::OnProgress = Arc::new(move |p: tenantry_connect::Progress| {
            Python::attach(|py| {
                let called = (|| -> PyResult<()> {
                    let d = pyo3::types::PyDict::new(py);
                    d.set_item("objects", p.objects)?;
                    d.set_item("requests", p.requests)?;
                    d.set_item("retries", p.retries)?;
                    d.set_item("throttled_seconds", p.throttled_ms as f64 / 1000.0)?;
                    callback.call1(py, (d,))?;
                    Ok(())
                })();
                if let Err(e) = called {
                    // A callback's exception cannot stop the import: Python
                    // reports it as unraisable, as for other callbacks.
                    e.write_unraisable(py, None);
                }
            })
        });
        f
    });
    let imported = crate::error::core(py, || {
        tenantry_connect::import_blocking(&options, on_progress)
    })?;
    let report = crate::to_python(py, &imported.report)?.unbind();
    Ok((PyTenancy::wrap(imported.tenancy), report))
}
