//! `tenantry._tenantry`: the Python binding. Every method converts its
//! arguments, calls core and converts the result; errors are mapped in
//! `error.rs`. No rule lives here.

mod connect;
mod emulator;
mod error;
mod ops;

use error::IntoPy;
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::path::PathBuf;

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
#[pyclass(name = "Tenancy", module = "tenantry")]
pub struct PyTenancy {
    inner: tenantry::Tenancy,
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
    fn apply(&mut self, py: Python<'_>, op: tenantry::Operation) -> PyResult<Outcome> {
        let outcome = self.inner.apply(&op).or_raise(py)?;
        Outcome::new(py, outcome)
    }
}

impl Planner {
    fn plan(&self, py: Python<'_>, op: tenantry::Operation) -> PyResult<Outcome> {
        let outcome = self.tenancy.borrow(py).inner.plan(&op).or_raise(py)?;
        Outcome::new(py, outcome)
    }
}

impl Decider {
    fn can<'py>(&self, py: Python<'py>, op: tenantry::Operation) -> PyResult<Bound<'py, PyAny>> {
        let decision = self.tenancy.borrow(py).inner.can(&op);
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
        Ok(PyTenancy { inner })
    }

    /// The rules this model follows: `"classic"` or `"current"`.
    #[getter]
    fn profile(&self) -> &'static str {
        self.inner.profile().as_str()
    }

    /// The same state under the other rules, as a new Tenancy: from
    /// `classic` to `current` the classic administrators become Owners, as
    /// Microsoft converted them in December 2025.
    fn with_profile(&self, py: Python<'_>, profile: &str) -> PyResult<Self> {
        let p = tenantry::Profile::parse(profile).or_raise(py)?;
        Ok(PyTenancy {
            inner: self.inner.with_profile(p),
        })
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
        let inner = py
            .detach(|| tenantry::Tenancy::from_json_with_ids(&json, ids(seed)))
            .or_raise(py)?;
        Ok(PyTenancy {
            inner: under(py, inner, profile)?,
        })
    }

    /// The whole state, event log included, as JSON text.
    #[pyo3(signature = (*, pretty=false))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> String {
        let inner = &self.inner;
        py.detach(|| {
            if pretty {
                inner.to_json_pretty()
            } else {
                inner.to_json()
            }
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
        let inner = py
            .detach(|| tenantry::Tenancy::load_with_ids(&path, ids(seed)))
            .or_raise(py)?;
        Ok(PyTenancy {
            inner: under(py, inner, profile)?,
        })
    }

    /// Saves the snapshot atomically: a failed save leaves the old file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let inner = &self.inner;
        py.detach(|| inner.save(&path)).or_raise(py)
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
        to_python(py, &self.inner.events().collect::<Vec<_>>())
    }

    /// The directories an account can sign in to (its directory list).
    #[pyo3(signature = (*, account))]
    fn directories_of<'py>(&self, py: Python<'py>, account: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.directories_of(account).or_raise(py)?)
    }

    /// The accounts that are users of a directory.
    #[pyo3(signature = (*, directory))]
    fn users_of<'py>(&self, py: Python<'py>, directory: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.users_of(directory).or_raise(py)?)
    }

    /// `{"kind", "roles"}` of an account's user in a directory, or None.
    #[pyo3(signature = (*, directory, account))]
    fn user<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
        account: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.user(directory, account).or_raise(py)?)
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
        to_python(
            py,
            &self
                .inner
                .organizational_role(directory, account)
                .or_raise(py)?,
        )
    }

    /// The ids of the subscriptions that trust a directory.
    #[pyo3(signature = (*, directory))]
    fn subscriptions_of<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.subscriptions_of(directory).or_raise(py)?)
    }

    /// One subscription: kind, directory, owner, administrators.
    #[pyo3(signature = (*, subscription))]
    fn subscription<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.subscription(subscription).or_raise(py)?)
    }

    /// The RBAC role assignments of a subscription.
    #[pyo3(signature = (*, subscription))]
    fn role_assignments<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.role_assignments(subscription).or_raise(py)?)
    }

    /// Who can manage a subscription, and why.
    #[pyo3(signature = (*, subscription))]
    fn who_can_manage<'py>(
        &self,
        py: Python<'py>,
        subscription: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.who_can_manage(subscription).or_raise(py)?)
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
        to_python(
            py,
            &self
                .inner
                .can_perform(principal, action, scope)
                .or_raise(py)?,
        )
    }

    /// A directory's subscription policy.
    #[pyo3(signature = (*, directory))]
    fn subscription_policy<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.subscription_policy(directory).or_raise(py)?)
    }

    /// The Azure subscriptions trusting a directory that nobody can manage.
    #[pyo3(signature = (*, directory))]
    fn orphaned_subscriptions<'py>(
        &self,
        py: Python<'py>,
        directory: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(
            py,
            &self.inner.orphaned_subscriptions(directory).or_raise(py)?,
        )
    }

    /// A group's members, direct or (with `transitive`) through nested groups.
    #[pyo3(signature = (*, group, transitive=false))]
    fn group_members<'py>(
        &self,
        py: Python<'py>,
        group: &str,
        transitive: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(
            py,
            &self.inner.group_members(group, transitive).or_raise(py)?,
        )
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
        to_python(
            py,
            &self
                .inner
                .move_impact(subscription, directory)
                .or_raise(py)?,
        )
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
        to_python(
            py,
            &self
                .inner
                .restore_plan(subscription, directory)
                .or_raise(py)?,
        )
    }

    /// What changed from this tenancy (before) to `after`: who gained or
    /// lost the ability to manage which subscription first, then every
    /// object added, removed or changed.
    fn diff<'py>(
        &self,
        py: Python<'py>,
        after: PyRef<'py, PyTenancy>,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.diff(&after.inner))
    }

    /// What the retirement of the classic administrators changes: who
    /// became an Owner, and each operation the profiles decide differently.
    fn retirement_report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.retirement_report())
    }

    /// The subscriptions a Partner Center account's storefront lists.
    #[pyo3(signature = (*, partner))]
    fn storefront<'py>(&self, py: Python<'py>, partner: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.storefront(partner).or_raise(py)?)
    }

    /// The subscriptions an account administers, with its classic roles.
    #[pyo3(signature = (*, account))]
    fn administered_by<'py>(&self, py: Python<'py>, account: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.administered_by(account).or_raise(py)?)
    }

    /// A directory's facts.
    #[pyo3(signature = (*, directory))]
    fn directory<'py>(&self, py: Python<'py>, directory: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.directory(directory).or_raise(py)?)
    }

    /// An account's facts.
    #[pyo3(signature = (*, account))]
    fn account<'py>(&self, py: Python<'py>, account: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.account(account).or_raise(py)?)
    }

    /// Every directory's facts, oldest first.
    fn directories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.directories().collect::<Vec<_>>())
    }

    /// Every account's facts, oldest first.
    fn accounts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.accounts().collect::<Vec<_>>())
    }

    /// Every subscription, oldest first.
    fn subscriptions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.subscriptions().collect::<Vec<_>>())
    }

    /// Every Partner Center account's name.
    fn partners(&self) -> Vec<String> {
        self.inner.partners().map(str::to_owned).collect()
    }

    fn __repr__(&self) -> String {
        self.inner.to_string()
    }
}

/// Writes one self-contained HTML page of who can manage what in `t`
/// (tenantry-report, as `tenantry report` does) to `path`, atomically.
#[pyfunction]
fn report(py: Python<'_>, t: &PyTenancy, path: PathBuf) -> PyResult<()> {
    let inner = &t.inner;
    py.detach(|| tenantry_report::write(inner, &path))
        .or_raise(py)
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
    m.add_class::<emulator::PyEmulator>()?;
    m.add("_EMULATOR_SECRET", tenantry_emulator::DEFAULT_SECRET)?;
    error::register(m)?;
    m.add("CODES", tenantry::CODES.to_vec())?;
    m.add("SNAPSHOT_VERSION", tenantry::SNAPSHOT_VERSION)?;
    m.add("NAME_KEYS", tenantry::scenario::NAME_KEYS.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
