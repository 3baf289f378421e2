//! Results as uniffi records and enums: core's own records
//! ([`tenantry::record`]), declared to uniffi as remote types from core's
//! tables ([`tenantry::for_each_record!`], [`tenantry::for_each_effect!`]),
//! so there is nothing to convert. Field names become camelCase in Kotlin
//! and Swift; values (codes, role names, references) are unchanged.

pub use tenantry::record::{
    AccessChange, Account, Administered, Conversion, Decision, Diff, DiffItem, Directory, Effect,
    ImpactObject, ImpactRow, Manager, MoveImpact, Outcome, Owner, Permission, ProfileDifference,
    RestorePlan, RestoreStep, RetirementReport, RoleAssignment, Subscription, SubscriptionPolicy,
    Unmapped, User, Via,
};

macro_rules! record {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            required { $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty,)* }
            optional { $($(#[doc = $odoc:literal])* $opt:ident: $oty:ty,)* }
        }
    ) => {
        $(#[doc = $doc])*
        #[uniffi::remote(Record)]
        pub struct $name {
            $($(#[doc = $fdoc])* pub $field: $ty,)*
            $($(#[doc = $odoc])* pub $opt: Option<$oty>,)*
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
        /// One effect of an operation (FORMAT.md "Effects").
        #[uniffi::remote(Enum)]
        pub enum Effect {
            $($(#[doc = $doc])* $variant {
                $($field: String,)*
                $($opt: Option<String>,)*
                $($flag: bool,)*
            },)*
        }
    };
}

tenantry::for_each_effect!(effects);
