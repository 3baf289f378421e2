//! `tenantry._tenantry`: the Python binding. Every method converts its
//! arguments, calls core and converts the result; errors are mapped in
//! `error.rs`; calls into core go through `error::core`, which releases the
//! GIL and turns a panic inside core into `InternalError` (`INTERNAL`). No
//! rule lives here.

mod connect;
mod emulator;
mod error;
mod ops;

use error::IntoPy;
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::path::PathBuf;
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

/// An answer of core as plain data, converted to Python once the GIL is
/// back.
fn answer<T: serde::Serialize>(r: tenantry::Result<T>) -> tenantry::Result<serde_json::Value> {
    r.map(|v| serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
}

/// Converts any answer of core to plain Python data (dicts, lists, str,
/// int, bool, None), shaped as FORMAT.md writes it.
fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(PyErr::from)
}

fn ids(seed: Option<u64>) -> tenantry::IdSource {
    seed.map_or_else(tenantry::IdSource::random, tenantry::IdSource::seeded)
}

/// A model under the profile asked for (`None`: as it is).
fn under(
    py: Python<'_>,
    inner: tenantry::Tenancy,
    profile: Option<&str>,
) -> PyResult<tenantry::Tenancy> {
    match profile {
        None => Ok(inner),
        Some(p) => Ok(inner.into_profile(tenantry::Profile::parse(p).or_raise(py)?)),
    }
}

/// Directories, accounts, users, subscriptions and Partner Center accounts,
/// with the documented workflows as methods.
///
/// Shared between threads behind a read-write lock: queries, `plan` and
/// `can` read it with the GIL released, side by side; an operation takes
/// it alone (also with the GIL released, so waiting never holds the GIL).
/// A lock rather than copy-on-write: a write would otherwise copy the
/// whole model, and core applies an operation whole or not at all, so a
/// reader never sees half of one.
#[pyclass(name = "Tenancy", module = "tenantry", frozen)]
pub struct PyTenancy {
    inner: RwLock<tenantry::Tenancy>,
}

/// What an operation did, or would do: `.effects` and the new
/// `.subscription` (None unless one was created; None in a plan).
#[pyclass(name = "Outcome", module = "tenantry", frozen)]
pub struct Outcome {
    #[pyo3(get)]
    effects: Py<PyList>,
    #[pyo3(get)]
    subscription: Option<String>,
}

impl Outcome {
    fn new(py: Python<'_>, outcome: tenantry::Outcome) -> PyResult<Self> {
        let effects = to_python(py, &outcome.effects)?
            .cast_into::<PyList>()?
            .unbind();
        Ok(Outcome {
            effects,
            subscription: outcome.subscription.map(|s| s.to_string()),
        })
    }
}

#[pymethods]
impl Outcome {
    fn __repr__(&self, py: Python<'_>) -> String {
        let n = self.effects.bind(py).len();
        match &self.subscription {
            Some(s) => format!("Outcome({n} effects, subscription='{s}')"),
            None => format!("Outcome({n} effects)"),
        }
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.effects.bind(py).len()
    }
}

/// `tenancy.plan`: every operation as a dry run returning the `Outcome`
/// it would have, changing nothing.
#[pyclass(name = "Planner", module = "tenantry", frozen)]
pub struct Planner {
    tenancy: Py<PyTenancy>,
}

/// `tenancy.can`: every operation as a question, answered with a dict
/// `{"allowed", "rule", "code"?, "message", "hint"?}`.
#[pyclass(name = "Decider", module = "tenantry", frozen)]
pub struct Decider {
    tenancy: Py<PyTenancy>,
}

impl PyTenancy {
    pub(crate) fn wrap(t: tenantry::Tenancy) -> Self {
        PyTenancy {
            inner: RwLock::new(t),
        }
    }

    /// The model, read. (A panic inside core cannot leave half an
    /// operation: core checks an operation whole before it changes
    /// anything, so a poisoned lock still guards a whole state.)
    pub(crate) fn model(&self) -> RwLockReadGuard<'_, tenantry::Tenancy> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a query with the GIL released, under the read lock, and
    /// converts its answer once the GIL is back.
    fn query<'py>(
        &self,
        py: Python<'py>,
        f: impl FnOnce(&tenantry::Tenancy) -> tenantry::Result<serde_json::Value> + Send,
    ) -> PyResult<Bound<'py, PyAny>> {
        let value = error::core(py, || f(&self.model()))?;
        to_python(py, &value)
    }

    fn apply(&self, py: Python<'_>, op: tenantry::Operation) -> PyResult<Outcome> {
        let outcome = error::core(py, || {
            self.inner
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .apply(&op)
        })?;
        Outcome::new(py, outcome)
    }
}

impl Planner {
    fn plan(&self, py: Python<'_>, op: tenantry::Operation) -> PyResult<Outcome> {
        let t = self.tenancy.get();
        let outcome = error::core(py, || t.model().plan(&op))?;
        Outcome::new(py, outcome)
    }
}

impl Decider {
    fn can<'py>(&self, py: Python<'py>, op: tenantry::Operation) -> PyResult<Bound<'py, PyAny>> {
        let t = self.tenancy.get();
        let decision = error::core(py, || Ok(t.model().can(&op)))?;
        to_python(py, &decision)
    }
}

#[pymethods]
impl PyTenancy {
    /// An empty model under `profile` (`"classic"`, the default, or
    /// `"current"`). With `seed`, new ids are reproducible.
    #[new]
    #[pyo3(signature = (*, seed=None, profile=None))]
    fn new(py: Python<'_>, seed: Option<u64>, profile: Option<&str>) -> PyResult<Self> {
        let inner = under(py, tenantry::Tenancy::with_ids(ids(seed)), profile)?;
        Ok(PyTenancy::wrap(inner))
    }

    /// The rules this model follows: `"classic"` or `"current"`.
    #[getter]
    fn profile(&self) -> &'static str {
        self.model().profile().as_str()
    }

    /// The same state under the other rules, as a new Tenancy: from
    /// `classic` to `current` the classic administrators become Owners, as
    /// Microsoft converted them in December 2025.
    fn with_profile(&self, py: Python<'_>, profile: &str) -> PyResult<Self> {
        let p = tenantry::Profile::parse(profile).or_raise(py)?;
        let t = error::core(py, || Ok(self.model().with_profile(p)))?;
        Ok(PyTenancy::wrap(t))
    }

    /// Loads a snapshot (JSON text), validating every reference and
    /// invariant; refuses a bad one with InvalidInputError (INVALID_SNAPSHOT).
    #[staticmethod]
    /// With `profile`, the snapshot is evaluated under that profile.
    #[pyo3(signature = (json, *, seed=None, profile=None))]
    fn from_json(
        py: Python<'_>,
        json: String,
        seed: Option<u64>,
        profile: Option<&str>,
    ) -> PyResult<Self> {
        let inner = error::core(py, || {
            tenantry::Tenancy::from_json_with_ids(&json, ids(seed))
        })?;
        Ok(PyTenancy::wrap(under(py, inner, profile)?))
    }

    /// The whole state, event log included, as JSON text.
    #[pyo3(signature = (*, pretty=false))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> PyResult<String> {
        error::core(py, || {
            let t = self.model();
            Ok(if pretty {
                t.to_json_pretty()
            } else {
                t.to_json()
            })
        })
    }

    /// Loads a snapshot file, validating it.
    #[staticmethod]
    #[pyo3(signature = (path, *, seed=None, profile=None))]
    fn load(
        py: Python<'_>,
        path: PathBuf,
        seed: Option<u64>,
        profile: Option<&str>,
    ) -> PyResult<Self> {
        let inner = error::core(py, || tenantry::Tenancy::load_with_ids(&path, ids(seed)))?;
        Ok(PyTenancy::wrap(under(py, inner, profile)?))
    }

    /// Saves the snapshot atomically: a failed save leaves the old file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        error::core(py, || self.model().save(&path))
    }

    /// Dry runs of every operation: `t.plan.sign_up_azure(actor=..., offer=...)`.
    #[getter]
    fn plan(slf: &Bound<'_, Self>) -> Planner {
        Planner {
            tenancy: slf.clone().unbind(),
        }
    }

    /// Decisions for every operation: `t.can.change_subscription_directory(...)`.
    #[getter]
    fn can(slf: &Bound<'_, Self>) -> Decider {
        Decider {
            tenancy: slf.clone().unbind(),
        }
    }

    /// Every effect applied so far, oldest first.
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(Ok(t.events().collect::<Vec<_>>())))
    }

    /// The directories an account can sign in to (its directory list).
    #[pyo3(signature = (*, account))]
    fn directories_of<'py>(&self, py: Python<'py>, account: &str) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.directories_of(account)))
    }

    /// The accounts that are users of a directory.
    #[pyo3(signature = (*, directory))]
    fn users_of<'py>(&self, py: Python<'py>, directory: &str) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.users_of(directory)))
    }

    /// `{"kind", "roles"}` of an account's user in a directory, or None.
    #[pyo3(signature = (*, directory, account))]
    fn user<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
        account: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.user(directory, account)))
    }

    /// The organizational role the portal shows ("Global Administrator" …
    /// "User"), or None if the account is not a user there.
    #[pyo3(signature = (*, directory, account))]
    fn organizational_role<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
        account: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.organizational_role(directory, account)))
    }

    /// The ids of the subscriptions that trust a directory.
    #[pyo3(signature = (*, directory))]
    fn subscriptions_of<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.subscriptions_of(directory)))
    }

    /// One subscription: kind, directory, owner, administrators.
    #[pyo3(signature = (*, subscription))]
    fn subscription<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.subscription(subscription)))
    }

    /// The RBAC role assignments of a subscription.
    #[pyo3(signature = (*, subscription))]
    fn role_assignments<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.role_assignments(subscription)))
    }

    /// Who can manage a subscription, and why.
    #[pyo3(signature = (*, subscription))]
    fn who_can_manage<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.who_can_manage(subscription)))
    }

    /// Whether a principal may perform an ARM action at a scope (`/`, a
    /// management group's or subscription's ARM path, a resource group or
    /// resource), and through what.
    #[pyo3(signature = (*, principal, action, scope))]
    fn can_perform<'py>(
        &self,
        py: Python<'py>,
        principal: &str,
        action: &str,
        scope: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.can_perform(principal, action, scope)))
    }

    /// A directory's subscription policy.
    #[pyo3(signature = (*, directory))]
    fn subscription_policy<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.subscription_policy(directory)))
    }

    /// The Azure subscriptions trusting a directory that nobody can manage.
    #[pyo3(signature = (*, directory))]
    fn orphaned_subscriptions<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.orphaned_subscriptions(directory)))
    }

    /// A group's members, direct or (with `transitive`) through nested groups.
    #[pyo3(signature = (*, group, transitive=false))]
    fn group_members<'py>(
        &self,
        py: Python<'py>,
        group: &str,
        transitive: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.group_members(group, transitive)))
    }

    /// What moving a subscription to another directory would do: what
    /// blocks it, who can make it, its effects, and every object it
    /// affects, row by row as Microsoft's impact table gives them.
    #[pyo3(signature = (*, subscription, directory))]
    fn move_impact<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
        directory: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.move_impact(subscription, directory)))
    }

    /// What a move to any directory does to the subscription's own
    /// objects, whoever moves it (managed identities, resources by type,
    /// billing ownership), row by row: `move_impact`'s rows that depend on
    /// neither the target nor the mover. An Office 365 subscription is
    /// refused (it does not move).
    #[pyo3(signature = (*, subscription))]
    fn move_inventory<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.move_inventory(subscription)))
    }

    /// The operations that re-create in the target directory what the move
    /// deletes (each with its arguments and an `az` command), and what
    /// cannot be mapped and why.
    #[pyo3(signature = (*, subscription, directory))]
    fn restore_plan<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
        directory: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.restore_plan(subscription, directory)))
    }

    /// What changed from this tenancy (before) to `after`: who gained or
    /// lost the ability to manage which subscription first, then every
    /// object added, removed or changed.
    fn diff<'py>(
        &self,
        py: Python<'py>,
        after: PyRef<'py, PyTenancy>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // The same tenancy on both sides is read once (a second read
        // lock on one thread could wait behind a writer).
        let after: &PyTenancy = &after;
        if std::ptr::eq(self, after) {
            return self.query(py, |t| answer(Ok(t.diff(t))));
        }
        self.query(py, |t| answer(Ok(t.diff(&after.model()))))
    }

    /// What the retirement of the classic administrators changes: who
    /// became an Owner, and each operation the profiles decide differently.
    fn retirement_report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(Ok(t.retirement_report())))
    }

    /// The subscriptions a Partner Center account's storefront lists.
    #[pyo3(signature = (*, partner))]
    fn storefront<'py>(&self, py: Python<'py>, partner: &str) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.storefront(partner)))
    }

    /// The subscriptions an account administers, with its classic roles.
    #[pyo3(signature = (*, account))]
    fn administered_by<'py>(&self, py: Python<'py>, account: &str) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.administered_by(account)))
    }

    /// A directory's facts.
    #[pyo3(signature = (*, directory))]
    fn directory<'py>(&self, py: Python<'py>, directory: &str) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.directory(directory)))
    }

    /// An account's facts.
    #[pyo3(signature = (*, account))]
    fn account<'py>(&self, py: Python<'py>, account: &str) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(t.account(account)))
    }

    /// Every directory's facts, oldest first.
    fn directories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(Ok(t.directories().collect::<Vec<_>>())))
    }

    /// Every account's facts, oldest first.
    fn accounts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(Ok(t.accounts().collect::<Vec<_>>())))
    }

    /// Every subscription, oldest first.
    fn subscriptions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |t| answer(Ok(t.subscriptions().collect::<Vec<_>>())))
    }

    /// Every Partner Center account's name.
    fn partners(&self) -> Vec<String> {
        self.model().partners().map(str::to_owned).collect()
    }

    fn __repr__(&self) -> String {
        self.model().to_string()
    }
}

/// Writes one self-contained HTML page of who can manage what in `t`
/// (tenantry-report, as `tenantry report` does) to `path`, atomically.
#[pyfunction]
fn report(py: Python<'_>, t: &PyTenancy, path: PathBuf) -> PyResult<()> {
    error::core(py, || tenantry_report::write(&t.model(), &path))
}

/// Panics inside core, deliberately, through the same guard as every call:
/// for the tests that show a panic reaches Python as `InternalError`
/// (`INTERNAL`) and the interpreter lives on.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    error::core(py, tenantry::panic_for_tests)
}

/// Microsoft cloud tenancy: directories, accounts, users and subscriptions,
/// with the documented workflows and their rules.
#[pymodule]
fn _tenantry(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTenancy>()?;
    m.add_class::<Outcome>()?;
    m.add_class::<Planner>()?;
    m.add_class::<Decider>()?;
    m.add_function(wrap_pyfunction!(connect::import_tenant, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<emulator::PyEmulator>()?;
    m.add("_EMULATOR_SECRET", tenantry_emulator::DEFAULT_SECRET)?;
    error::register(m)?;
    m.add("CODES", tenantry::CODES.to_vec())?;
    m.add("SNAPSHOT_VERSION", tenantry::SNAPSHOT_VERSION)?;
    m.add("NAME_KEYS", tenantry::scenario::NAME_KEYS.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
