#![doc = include_str!("../../README.md")]
#![warn(missing_docs)]

mod access;
mod batch;
mod change;
mod decision;
mod diff;
pub mod effect;
mod error;
mod facts;
mod guard;
mod ids;
pub mod image;
pub mod impact;
mod index;
mod invariants;
pub mod model;
mod names;
pub mod ops;
pub mod query;
pub mod record;
pub mod retirement;
pub mod scenario;
mod snapshot;
mod state;
mod tenancy;

pub use decision::Decision;
pub use effect::{Effect, RoleName, Scope, SubscriptionKind};
pub use error::{Error, ErrorKind, Family, Result, Rule, CODES};
pub use guard::guard;
#[doc(hidden)]
pub use guard::panic_for_tests;
pub use ids::IdSource;
pub use model::{
    Cloud, DirectoryRole, GuestInvites, Name, OrganizationalRole, Origin, Profile, RbacRole,
    ServicePrincipalKind, UserKind,
};
pub use ops::Operation;
pub use snapshot::{write_atomically, SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
pub use tenancy::{Outcome, Tenancy};
/// The ids of directories and subscriptions.
pub use uuid::Uuid;
