//! `tenantry.emulator`: the emulator in-process, the moto way. Starts a
//! `tenantry_emulator::Background` (its own runtime and threads, so it
//! serves while Python runs the clients under test) on a copy of a
//! Tenancy, and stops it; the Python side (`tenantry/emulator.py`) wraps it
//! as a context manager with credentials already pointed at it.

use crate::PyTenancy;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tenantry_emulator::{Background, Config, Secret};

/// A running emulator (see `tenantry.emulator.serve`).
#[pyclass(name = "_Emulator", module = "tenantry")]
pub struct PyEmulator {
    running: Option<Background>,
    url: String,
    ca: String,
    /// The final snapshot, once stopped.
    last: Option<String>,
}

#[pymethods]
impl PyEmulator {
    /// Serves a copy of `tenancy` on 127.0.0.1 (`port` 0: a free one).
    #[new]
    #[pyo3(signature = (tenancy, *, secret, port=0, page_size=None, tls_dir=None, quiet=true))]
    fn new(
        py: Python<'_>,
        tenancy: &PyTenancy,
        secret: String,
        port: u16,
        page_size: Option<usize>,
        tls_dir: Option<std::path::PathBuf>,
        quiet: bool,
    ) -> PyResult<Self> {
        if secret.is_empty() {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "secret must not be empty",
            ));
        }
        if page_size == Some(0) {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "page_size must be at least 1",
            ));
        }
        let json = crate::error::core(py, || Ok(tenancy.model().to_json()))?;
        let mut config = Config::new(Secret::new(secret));
        config.port = port;
        config.page_size = page_size;
        config.tls_dir = tls_dir;
        config.quiet = quiet;
        let running = crate::error::core(py, || {
            let copy = tenantry::Tenancy::from_json(&json)?;
            Background::start(copy, config)
        })?;
        Ok(PyEmulator {
            url: running.url().to_owned(),
            ca: running.ca().display().to_string(),
            running: Some(running),
            last: None,
        })
    }

    /// `https://127.0.0.1:PORT`: the authority, and Graph's and ARM's base.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// The CA certificate (PEM file) the clients must trust.
    #[getter]
    fn ca(&self) -> &str {
        &self.ca
    }

    /// Whether it still serves.
    #[getter]
    fn running(&self) -> bool {
        self.running.is_some()
    }

    /// The served state's snapshot (JSON text); after `stop`, the final one.
    fn snapshot(&self, py: Python<'_>) -> PyResult<String> {
        match (&self.running, &self.last) {
            (Some(running), _) => Ok(py.detach(|| running.snapshot())),
            (None, Some(last)) => Ok(last.clone()),
            (None, None) => Err(PyRuntimeError::new_err("the emulator never started")),
        }
    }

    /// Stops serving (again: nothing) and keeps the final snapshot.
    fn stop(&mut self, py: Python<'_>) {
        if let Some(running) = self.running.take() {
            self.last = Some(py.detach(|| running.stop()));
        }
    }
}
