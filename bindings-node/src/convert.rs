//! The shapes results take in JavaScript: core's records
//! ([`tenantry::record`]) and effects, declared as napi objects from core's
//! own tables ([`tenantry::for_each_record!`],
//! [`tenantry::for_each_effect!`]) and filled field for field. napi-rs
//! names the fields in camelCase; values (codes, role names, references)
//! are unchanged.

use napi_derive::napi;
use tenantry::record;

/// A core record's field as this binding's: the same data, with nested
/// records as this binding's records.
pub trait FromCore<C> {
    /// The field, converted.
    fn from_core(core: C) -> Self;
}

macro_rules! same {
    ($($ty:ty),+) => {
        $(impl FromCore<$ty> for $ty {
            fn from_core(core: $ty) -> Self {
                core
            }
        })+
    };
}

same!(String, bool, u32);

impl<C, T: FromCore<C>> FromCore<Vec<C>> for Vec<T> {
    fn from_core(core: Vec<C>) -> Self {
        core.into_iter().map(T::from_core).collect()
    }
}

impl<C, T: FromCore<C>> FromCore<Option<C>> for Option<T> {
    fn from_core(core: Option<C>) -> Self {
        core.map(T::from_core)
    }
}

macro_rules! record {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            required { $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty,)* }
            optional { $($(#[doc = $odoc:literal])* $opt:ident: $oty:ty,)* }
        }
    ) => {
        $(#[doc = $doc])*
        #[napi(object)]
        pub struct $name {
            $($(#[doc = $fdoc])* pub $field: $ty,)*
            // `Option` is written here, not passed in: napi-rs recognises
            // optional fields by the path `Option<…>`.
            $($(#[doc = $odoc])* pub $opt: Option<$oty>,)*
        }

        impl FromCore<record::$name> for $name {
            fn from_core(core: record::$name) -> Self {
                $name {
                    $($field: FromCore::from_core(core.$field),)*
                    $($opt: FromCore::from_core(core.$opt),)*
                }
            }
        }

        impl $name {
            /// The record of a core answer.
            pub fn of(answer: impl Into<record::$name>) -> Self {
                FromCore::from_core(answer.into())
            }
        }
    };
}

tenantry::for_each_record!(record);

macro_rules! effects {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident $variant:ident { $($field:ident),* }
            optional { $($opt:ident),* } flags { $($flag:ident),* }
    )*) => {
        $(
            $(#[doc = $doc])*
            #[napi(object)]
            pub struct $variant {
                $(pub $field: String,)*
                $(pub $opt: Option<String>,)*
                $(pub $flag: bool,)*
            }
        )*

        /// One effect: exactly one key is set, e.g.
        /// `{ subscriptionMoved: { subscription, from, to } }`.
        #[napi(object)]
        #[derive(Default)]
        pub struct Effect {
            $(pub $name: Option<$variant>,)*
        }

        impl FromCore<record::Effect> for Effect {
            fn from_core(core: record::Effect) -> Self {
                let mut out = Effect::default();
                match core {
                    $(record::Effect::$variant { $($field,)* $($opt,)* $($flag,)* } => {
                        out.$name = Some($variant { $($field,)* $($opt,)* $($flag,)* })
                    })*
                }
                out
            }
        }

        impl Effect {
            /// The plain form of a core effect.
            pub fn of(effect: tenantry::Effect) -> Self {
                FromCore::from_core(record::Effect::from(effect))
            }
        }
    };
}

tenantry::for_each_effect!(effects);
