//! Every operation of FORMAT.md, from core's table
//! ([`tenantry::for_each_operation!`]): its options object (a TypeScript
//! interface in `index.d.ts`, named as the operation, e.g. `SignUpAzure`)
//! and a method of `Tenancy` (apply), `Planner` (`t.plan.<op>`) and
//! `Decider` (`t.can.<op>`), all named in camelCase by napi-rs.
//!
//! An options object is read strictly: not an object, a missing or unknown
//! option, or a value of the wrong type is a `TypeError` naming the method
//! (see `error.rs`), before core is called.

use crate::convert::{Decision, Outcome};
use crate::{error, Decider, Planner, Tenancy};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use tenantry::ops::build;

macro_rules! operation {
    (
        $(#[doc = $doc:literal])*
        $op:ident $variant:ident {
            required { $($field:ident: $ty:ty,)* }
            optional { $($opt:ident: $oty:ty,)* }
        }
    ) => {
        $(#[doc = $doc])*
        #[napi(object, object_from_js = false)]
        pub struct $variant {
            $(pub $field: $ty,)*
            // `Option` is written here, not passed in: napi-rs recognises
            // optional fields by the path `Option<…>`.
            $(pub $opt: Option<$oty>,)*
        }

        impl FromNapiValue for $variant {
            unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
                let env = Env::from(env);
                let options = error::Options::read(
                    &env,
                    stringify!($op),
                    value,
                    &[$(stringify!($field),)* $(stringify!($opt),)*],
                )?;
                Ok($variant {
                    $($field: options.required(stringify!($field))?,)*
                    $($opt: options.optional(stringify!($opt))?,)*
                })
            }
        }

        impl ValidateNapiValue for $variant {}

        impl $variant {
            fn build(self) -> tenantry::Operation {
                let $variant { $($field,)* $($opt,)* } = self;
                build::$op($($field,)* $($opt,)*)
            }
        }

        #[napi]
        impl Tenancy {
            $(#[doc = $doc])*
            #[napi]
            pub fn $op(&self, env: Env, options: $variant) -> Result<Outcome> {
                self.apply(&env, options.build())
            }
        }

        #[napi]
        impl Planner {
            $(#[doc = $doc])*
            #[napi]
            pub fn $op(&self, env: Env, options: $variant) -> Result<Outcome> {
                self.plan(&env, options.build())
            }
        }

        #[napi]
        impl Decider {
            $(#[doc = $doc])*
            #[napi]
            pub fn $op(&self, env: Env, options: $variant) -> Result<Decision> {
                self.can(&env, options.build())
            }
        }
    };
}

tenantry::for_each_operation!(operation);
