//! Every operation of FORMAT.md, from core's table
//! ([`tenantry::for_each_operation!`]): each becomes a method of `Tenancy`
//! (apply), `Planner` (`tenancy.plan().<op>`) and `Decider`
//! (`tenancy.can().<op>`), its parameters in the table's order (`actor`
//! first, optional ones last, defaulting to null).

use crate::error::Result;
use crate::{Decider, Decision, Outcome, Planner, Tenancy};
use tenantry::ops::build;

macro_rules! operation {
    // No optional parameters: no defaults to declare.
    (
        $(#[doc = $doc:literal])*
        $op:ident $variant:ident {
            required { $($field:ident: $ty:ty,)* }
            optional {}
        }
    ) => {
        methods! { [$(#[doc = $doc])*] [] $op ($($field: $ty,)*) () }
    };
    (
        $(#[doc = $doc:literal])*
        $op:ident $variant:ident {
            required { $($field:ident: $ty:ty,)* }
            optional { $($opt:ident: $oty:ty,)+ }
        }
    ) => {
        methods! {
            [$(#[doc = $doc])*] [#[uniffi::method(default($($opt = None),+))]]
            $op ($($field: $ty,)*) ($($opt: $oty,)+)
        }
    };
}

macro_rules! methods {
    ([$($doc:tt)*] [$($default:tt)*] $op:ident ($($field:ident: $ty:ty,)*) ($($opt:ident: $oty:ty,)*)) => {
        #[uniffi::export]
        impl Tenancy {
            $($doc)*
            $($default)*
            #[allow(clippy::too_many_arguments)]
            pub fn $op(&self, $($field: $ty,)* $($opt: Option<$oty>,)*) -> Result<Outcome> {
                self.apply(build::$op($($field,)* $($opt,)*))
            }
        }

        #[uniffi::export]
        impl Planner {
            $($doc)*
            $($default)*
            #[allow(clippy::too_many_arguments)]
            pub fn $op(&self, $($field: $ty,)* $($opt: Option<$oty>,)*) -> Result<Outcome> {
                self.plan(build::$op($($field,)* $($opt,)*))
            }
        }

        #[uniffi::export]
        impl Decider {
            $($doc)*
            $($default)*
            #[allow(clippy::too_many_arguments)]
            pub fn $op(&self, $($field: $ty,)* $($opt: Option<$oty>,)*) -> Result<Decision> {
                self.can(build::$op($($field,)* $($opt,)*))
            }
        }
    };
}

tenantry::for_each_operation!(operation);
