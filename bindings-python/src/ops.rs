//! Every operation of FORMAT.md, from core's table
//! ([`tenantry::for_each_operation!`]): each becomes a method of `Tenancy`
//! (apply), of `Planner` (`t.plan.<op>`) and of `Decider` (`t.can.<op>`),
//! with keyword-only arguments, the optional ones defaulting to `None`.

use crate::{Decider, Outcome, Planner, PyTenancy};
use pyo3::prelude::*;
use tenantry::ops::build;

macro_rules! operation {
    (
        $(#[doc = $doc:literal])*
        $op:ident $variant:ident {
            required { $($field:ident: $ty:ty,)* }
            optional { $($opt:ident: $oty:ty,)* }
        }
    ) => {
        #[pymethods]
        impl PyTenancy {
            $(#[doc = $doc])*
            #[allow(clippy::too_many_arguments)] // keyword arguments, as FORMAT.md lists them
            #[pyo3(signature = (*, $($field,)* $($opt = None,)*))]
            fn $op(&self, py: Python<'_>, $($field: $ty,)* $($opt: Option<$oty>,)*) -> PyResult<Outcome> {
                self.apply(py, build::$op($($field,)* $($opt,)*))
            }
        }

        #[pymethods]
        impl Planner {
            $(#[doc = $doc])*
            #[allow(clippy::too_many_arguments)]
            #[pyo3(signature = (*, $($field,)* $($opt = None,)*))]
            fn $op(&self, py: Python<'_>, $($field: $ty,)* $($opt: Option<$oty>,)*) -> PyResult<Outcome> {
                self.plan(py, build::$op($($field,)* $($opt,)*))
            }
        }

        #[pymethods]
        impl Decider {
            $(#[doc = $doc])*
            #[allow(clippy::too_many_arguments)]
            #[pyo3(signature = (*, $($field,)* $($opt = None,)*))]
            fn $op<'py>(&self, py: Python<'py>, $($field: $ty,)* $($opt: Option<$oty>,)*) -> PyResult<Bound<'py, PyAny>> {
                self.can(py, build::$op($($field,)* $($opt,)*))
            }
        }
    };
}

tenantry::for_each_operation!(operation);
