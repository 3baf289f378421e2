//! The one place core errors become Python exceptions.
//!
//! `TenantryError` is the base of every error and carries `.code`, `.rule`,
//! `.message` and `.hint`. Each family also derives from the built-in a
//! Python user would catch:
//!
//! | class | also a | codes |
//! |---|---|---|
//! | `UnknownReferenceError` | `KeyError` | `UNKNOWN_*` |
//! | `InvalidInputError` | `ValueError` | `INVALID_NAME`, `INVALID_SNAPSHOT`, `INVALID_SCENARIO` |
//! | `RefusedError` | `PermissionError` | every refusal of a rule |
//! | `SnapshotIOError` | `OSError` | `IO_ERROR` |
//! | `TenantImportError` | `OSError` | `IMPORT_*` |
//! | `InternalError` | `RuntimeError` | `INTERNAL`: a panic inside tenantry, caught |

use pyo3::exceptions::{
    PyException, PyKeyError, PyOSError, PyPermissionError, PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

pyo3::create_exception!(
    tenantry,
    TenantryError,
    PyException,
    "The base of every tenantry error: `.code` (FORMAT.md), `.rule` (e.g. 'R6', or None), `.message` and `.hint` (what to do instead)."
);

/// An error family: its name, its built-in base and its docstring.
struct Family {
    name: &'static str,
    doc: &'static str,
    builtin: fn(Python<'_>) -> Bound<'_, PyType>,
    cell: PyOnceLock<Py<PyType>>,
}

static UNKNOWN: Family = Family {
    name: "UnknownReferenceError",
    doc: "A reference (account, directory, subscription, partner) that resolves to nothing: UNKNOWN_*. Also a KeyError.",
    builtin: |py| py.get_type::<PyKeyError>(),
    cell: PyOnceLock::new(),
};
static INVALID: Family = Family {
    name: "InvalidInputError",
    doc: "Malformed input: INVALID_NAME, INVALID_SNAPSHOT, INVALID_SCENARIO. Also a ValueError.",
    builtin: |py| py.get_type::<PyValueError>(),
    cell: PyOnceLock::new(),
};
static REFUSED: Family = Family {
    name: "RefusedError",
    doc: "An operation refused by a rule (NOT_AUTHORIZED, REQUIRES_SERVICE_ADMIN, ...). Also a PermissionError.",
    builtin: |py| py.get_type::<PyPermissionError>(),
    cell: PyOnceLock::new(),
};
static IO: Family = Family {
    name: "SnapshotIOError",
    doc: "A snapshot file could not be read or written: IO_ERROR. Also an OSError.",
    builtin: |py| py.get_type::<PyOSError>(),
    cell: PyOnceLock::new(),
};

static IMPORT: Family = Family {
    name: "TenantImportError",
    doc: "Reading a live tenant from Microsoft Graph or Azure Resource Manager failed: IMPORT_*. Also an OSError.",
    builtin: |py| py.get_type::<PyOSError>(),
    cell: PyOnceLock::new(),
};

static INTERNAL: Family = Family {
    name: "InternalError",
    doc: "A bug inside tenantry, caught instead of crashing the interpreter: INTERNAL. The call changed nothing. Also a RuntimeError.",
    builtin: |py| py.get_type::<PyRuntimeError>(),
    cell: PyOnceLock::new(),
};

impl Family {
    /// The class `Name(TenantryError, <builtin>)`, created once.
    fn class<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyType>> {
        self.cell
            .get_or_try_init(py, || {
                let bases = PyTuple::new(py, [py.get_type::<TenantryError>(), (self.builtin)(py)])?;
                let namespace = PyDict::new(py);
                namespace.set_item("__module__", "tenantry")?;
                namespace.set_item("__doc__", self.doc)?;
                // KeyError quotes its message; show it as written.
                namespace.set_item("__str__", py.get_type::<PyException>().getattr("__str__")?)?;
                let class = py
                    .get_type::<PyType>()
                    .call1((self.name, bases, namespace))?;
                Ok(class.cast_into::<PyType>()?.unbind())
            })
            .map(|c| c.bind(py))
    }
}

/// The Python class of core's error family.
fn family(family: tenantry::Family) -> &'static Family {
    match family {
        tenantry::Family::UnknownReference => &UNKNOWN,
        tenantry::Family::InvalidInput => &INVALID,
        tenantry::Family::Refused => &REFUSED,
        tenantry::Family::Io => &IO,
        tenantry::Family::Import => &IMPORT,
        tenantry::Family::Internal => &INTERNAL,
    }
}

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("TenantryError", py.get_type::<TenantryError>())?;
    for f in [&UNKNOWN, &INVALID, &REFUSED, &IO, &IMPORT, &INTERNAL] {
        m.add(f.name, f.class(py)?)?;
    }
    Ok(())
}

/// A core error as the matching Python exception.
pub fn to_py(py: Python<'_>, e: &tenantry::Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let message = e.to_string();
        let value = family(e.family()).class(py)?.call1((message.as_str(),))?;
        value.setattr("code", e.code())?;
        value.setattr("rule", e.rule().map(|r| r.as_str()))?;
        value.setattr("message", message)?;
        value.setattr("hint", e.hint())?;
        Ok(PyErr::from_value(value))
    };
    build().unwrap_or_else(|err| err)
}

/// Converts core results; `?` on a `Result<T, Mapped>` raises the mapped
/// exception.
pub trait IntoPy<T> {
    /// The value, or the core error as a Python exception.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

/// Runs a call into core with the GIL released, a panic inside it caught
/// as `INTERNAL` ([`tenantry::guard`]), and raises its error.
pub fn core<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> tenantry::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| tenantry::guard(f)).or_raise(py)
}

impl<T> IntoPy<T> for Result<T, tenantry::Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e))
    }
}
