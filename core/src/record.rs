//! Records: every answer of tenantry as plain, owned data — strings in
//! FORMAT.md's spelling, numbers, lists, other records — serialized as
//! FORMAT.md writes them. The Rust API answers with typed, borrowed views
//! ([`crate::query`], [`crate::Outcome`], [`crate::Decision`]); each view
//! converts into its record, and serializes as it, so the shape of an
//! answer on the wire is declared once, here.
//!
//! The bindings return these records: uniffi declares them as remote
//! types, Node mirrors them field for field, Python serializes them. All
//! of it comes from one table ([`for_each_record!`]), as do the plain
//! [`Effect`]s (from [`for_each_effect!`](crate::for_each_effect)'s table).

use serde::{Deserialize, Serialize};

/// The table of every record, handed to a macro (`[path::to::macro]`, then
/// anything to pass before the table). A row is
///
/// ```text
/// #[doc = "docs"]
/// Record from path::to::View<'_> {     // or `via Type` (From written by hand), or neither
///     #[doc = "field docs"]
///     field: Type,
/// } optional {
///     field: Inner,                     // an `Option<Inner>`, left out when `None`
/// }
/// ```
///
/// Docs are `#[doc = "…"]` rather than `///`, so that they reach the
/// bindings' generated documentation intact.
#[doc(hidden)]
#[macro_export]
macro_rules! __record_table {
    ([$($m:tt)+] $($pass:tt)*) => {
        $($m)+! { $($pass)*
            #[doc = "May this account do this operation now? With the rule, and if not, why."]
            Decision via $crate::Decision {
                #[doc = "Whether the operation would be applied."]
                allowed: bool,
                #[doc = "A sentence a person understands."]
                message: String,
            } optional {
                #[doc = "The rule of the operation asked about, e.g. `R6`."]
                rule: String,
                #[doc = "The refusal's code, when refused."]
                code: String,
                #[doc = "What to do instead, when refused."]
                hint: String,
            }

            #[doc = "What an operation did, or would do."]
            Outcome from $crate::Outcome {
                #[doc = "Every effect, in the order applied."]
                effects: Vec<Effect>,
            } optional {
                #[doc = "The subscription the operation created; absent in a plan, where it is written `*`."]
                subscription: String,
            }

            #[doc = "A user object: its kind (`member` or `external`) and directory roles."]
            User from $crate::query::UserView {
                #[doc = "`member` or `external`."]
                kind: String,
                #[doc = "The directory roles held, highest first."]
                roles: Vec<String>,
            }

            #[doc = "Who owns a subscription: `user` for Azure, `directory` for Office 365; neither for an imported Azure subscription whose billing owner Graph and ARM do not reveal."]
            Owner via $crate::query::Owner<'_> {
            } optional {
                #[doc = "The account administrator of an Azure subscription."]
                user: String,
                #[doc = "The directory of an Office 365 subscription."]
                directory: String,
            }

            #[doc = "One subscription: its kind, directory, owner and administrators."]
            Subscription from $crate::query::SubscriptionView<'_> {
                #[doc = "Its id."]
                id: String,
                #[doc = "Its display name."]
                name: String,
                #[doc = "`azure` or `office365`."]
                kind: String,
                #[doc = "The directory it trusts."]
                directory: String,
                #[doc = "Who owns it."]
                owner: Owner,
            } optional {
                #[doc = "Azure: the offer id."]
                offer: String,
                #[doc = "Office 365: the plan."]
                plan: String,
                #[doc = "Office 365: the licensed seats."]
                seats: u32,
                #[doc = "Azure: the billing owner."]
                account_administrator: String,
                #[doc = "Azure, classic: the service administrator."]
                service_administrator: String,
                #[doc = "Azure, classic: the co-administrators, in the order added."]
                co_administrators: Vec<String>,
                #[doc = "Azure, current: the management group it sits under."]
                management_group: String,
            }

            #[doc = "One RBAC role assignment."]
            RoleAssignment from $crate::query::RoleAssignmentView {
                #[doc = "Who holds the role: an account, `group:`, `foreign-group:`, `sp:` or `id:`."]
                principal: String,
                #[doc = "The role: a built-in one as FORMAT.md writes it, or a custom role's name."]
                role: String,
                #[doc = "Classic: `subscription` or `resource_group:<name>`; current: the ARM path."]
                scope: String,
            } optional {
                #[doc = "Its condition, kept as text."]
                condition: String,
            }

            #[doc = "One step of how a grant reaches a principal: exactly one field is set."]
            Via via $crate::query::Via {
            } optional {
                #[doc = "Through this group's membership."]
                group: String,
                #[doc = "From an assignment at this scope above the one asked about."]
                scope: String,
                #[doc = "An elevated Global Administrator of this directory."]
                elevated: String,
                #[doc = "A partner's GDAP relationship."]
                gdap: String,
                #[doc = "An Azure Lighthouse delegation to this tenant."]
                lighthouse: String,
            }

            #[doc = "A principal that can manage a subscription, and why."]
            Manager via $crate::query::Manager {
                #[doc = "The account, or a service principal (`sp:`)."]
                account: String,
                #[doc = "Why it can, e.g. `owner`, or a custom role's name."]
                reason: String,
            } optional {
                #[doc = "How the grant reaches it; absent for a direct assignment at the subscription."]
                via: Vec<Via>,
                #[doc = "The assignment's condition, if it has one."]
                condition: String,
            }

            #[doc = "Whether a principal may perform an ARM action at a scope, and through what."]
            Permission from $crate::query::Permission {
                #[doc = "Whether an unconditional grant allows it."]
                allowed: bool,
                #[doc = "How the grant that allows it reaches the principal."]
                via: Vec<Via>,
                #[doc = "Conditions of conditional grants that would allow it if met (not evaluated)."]
                conditions: Vec<String>,
            } optional {
                #[doc = "The role that allows it."]
                role: String,
            }

            #[doc = "A directory's subscription policy."]
            SubscriptionPolicy from $crate::query::PolicyView {
                #[doc = "Whether subscriptions may not leave the directory."]
                block_leaving: bool,
                #[doc = "Whether subscriptions may not enter it."]
                block_entering: bool,
                #[doc = "The users exempted from both."]
                exempted: Vec<String>,
            }

            #[doc = "A classic administrator that the December 2025 conversion made an Owner."]
            Conversion from $crate::retirement::Conversion {
                #[doc = "The subscription."]
                subscription: String,
                #[doc = "The account."]
                account: String,
                #[doc = "Its classic roles there."]
                roles: Vec<String>,
                #[doc = "Whether it already held Owner at the subscription's scope."]
                already_owner: bool,
            }

            #[doc = "An operation the two profiles decide differently."]
            ProfileDifference from $crate::retirement::ProfileDifference {
                #[doc = "The account asking."]
                account: String,
                #[doc = "The operation, as FORMAT.md names it."]
                operation: String,
                #[doc = "The decision under `classic`."]
                classic: Decision,
                #[doc = "The decision under `current`."]
                current: Decision,
            } optional {
                #[doc = "The subscription it is about."]
                subscription: String,
                #[doc = "The account or directory it names besides."]
                target: String,
            }

            #[doc = "What the retirement of the classic administrators changes for a tenancy."]
            RetirementReport from $crate::retirement::RetirementReport {
                #[doc = "Each service administrator and co-administrator that became an Owner."]
                converted: Vec<Conversion>,
                #[doc = "Each operation decided differently."]
                differences: Vec<ProfileDifference>,
            }

            #[doc = "A subscription an account administers, and how."]
            Administered from $crate::query::Administered {
                #[doc = "The subscription."]
                subscription: String,
                #[doc = "The account's classic roles on it."]
                roles: Vec<String>,
            }

            #[doc = "A directory's facts."]
            Directory from $crate::query::DirectoryView<'_> {
                #[doc = "The tenant id."]
                id: String,
                #[doc = "Its display name."]
                name: String,
                #[doc = "`<prefix>.onmicrosoft.com`."]
                initial_domain: String,
                #[doc = "Verified custom domains, in the order added."]
                verified_domains: Vec<String>,
                #[doc = "Its cloud."]
                cloud: String,
                #[doc = "How it came to be."]
                origin: String,
                #[doc = "How many users it has."]
                users: u32,
                #[doc = "How many subscriptions trust it."]
                subscriptions: u32,
            } optional {
                #[doc = "The Partner Center account it belongs to."]
                partner: String,
            }

            #[doc = "One object a directory move affects."]
            ImpactObject {
                #[doc = "The object: an assignment (`<principal> <role> at <scope>`), a custom role, an account, a resource id."]
                object: String,
            } optional {
                #[doc = "Particulars: a key vault's tenant id and access policies, an identity's name and object id, an assignment's condition."]
                detail: String,
            }

            #[doc = "One row of Microsoft's impact table that applies: what the move does to that kind of object, whether Microsoft calls it recoverable, what to do, and the objects it applies to."]
            ImpactRow {
                #[doc = "The row's stable key, e.g. `role_assignments`, `key_vaults`, `aks`."]
                row: String,
                #[doc = "The service or resource, as Microsoft names it."]
                service: String,
                #[doc = "What the move does to it."]
                impact: String,
                #[doc = "Whether Microsoft calls it recoverable."]
                recoverable: bool,
                #[doc = "What to do."]
                remedy: String,
                #[doc = "The objects of this subscription it applies to, sorted."]
                objects: Vec<ImpactObject>,
            }

            #[doc = "Everything moving one subscription to another directory does: what blocks it, who can make it, the model's effects, and every object it affects."]
            MoveImpact {
                #[doc = "The subscription."]
                subscription: String,
                #[doc = "The directory it trusts now."]
                from: String,
                #[doc = "The directory it would move to."]
                to: String,
                #[doc = "The rules it was read under: `classic` or `current`."]
                profile: String,
                #[doc = "The refusals that stand, blocking facts first (policy, offer, pending request, clouds), then each would-be mover's own; empty if the move can be made."]
                blocking: Vec<Decision>,
                #[doc = "The accounts R6 lets make the move now."]
                movers: Vec<String>,
                #[doc = "The accounts that may ask for the two-party move (N4, current profile)."]
                requesters: Vec<String>,
                #[doc = "The move's effects in the model besides the removed role assignments (which are the `role_assignments` row's objects): the first mover's plan, or without the Owner given to whoever completes it."]
                effects: Vec<Effect>,
                #[doc = "The rows of the impact table that apply, in the table's order, each with its objects."]
                rows: Vec<ImpactRow>,
                #[doc = "The pages the table comes from."]
                sources: Vec<String>,
            }

            #[doc = "One operation of a restore plan: what it re-creates, its arguments as FORMAT.md names them (the optional fields present), and the same as an `az` command."]
            RestoreStep {
                #[doc = "The operation: `create_custom_role`, `assign_role` or `add_co_administrator`."]
                operation: String,
                #[doc = "What the move deleted that it re-creates, as the impact report names it."]
                restores: String,
            } optional {
                #[doc = "The subscription (classic scopes, co-administrators)."]
                subscription: String,
                #[doc = "The principal of the target directory that gets the role."]
                principal: String,
                #[doc = "The role."]
                role: String,
                #[doc = "The scope, as an ARM path (current profile)."]
                scope: String,
                #[doc = "The resource group (classic profile)."]
                resource_group: String,
                #[doc = "The assignment's condition."]
                condition: String,
                #[doc = "The directory a custom role is created in."]
                directory: String,
                #[doc = "The custom role's name."]
                name: String,
                #[doc = "The co-administrator's account."]
                account: String,
                #[doc = "The custom role's actions."]
                actions: Vec<String>,
                #[doc = "The custom role's not-actions."]
                not_actions: Vec<String>,
                #[doc = "Where the custom role may be assigned."]
                assignable_scopes: Vec<String>,
                #[doc = "The same as an `az` command (none for co-administrators: the portal only)."]
                az: String,
            }

            #[doc = "Something a move deletes that a restore plan cannot re-create by itself, and why."]
            Unmapped {
                #[doc = "The principal of the source directory."]
                principal: String,
                #[doc = "What the move deleted."]
                restores: String,
                #[doc = "Why it cannot be mapped, and what to do."]
                reason: String,
            }

            #[doc = "The operations that re-create in the target directory what a move deletes, and what they cannot."]
            RestorePlan {
                #[doc = "The subscription."]
                subscription: String,
                #[doc = "The target directory."]
                directory: String,
                #[doc = "The steps, in order: custom roles, assignments, co-administrators."]
                steps: Vec<RestoreStep>,
                #[doc = "What cannot be mapped to an object of the target."]
                unmapped: Vec<Unmapped>,
            }

            #[doc = "One object added, removed or changed between two snapshots."]
            DiffItem {
                #[doc = "`subscription`, `policy`, `owner`, `role_assignment`, `directory_role`, `user`, `group`, `membership` or `service_principal`."]
                kind: String,
                #[doc = "`added`, `removed` or `changed`."]
                change: String,
                #[doc = "The object, named the same on both sides."]
                object: String,
            } optional {
                #[doc = "What it was (a subscription's directory, a user's kind, a policy...)."]
                before: String,
                #[doc = "What it is now."]
                after: String,
            }

            #[doc = "An account or service principal that gained, lost or changed its ability to manage a subscription, with the chains of both sides."]
            AccessChange {
                #[doc = "The subscription."]
                subscription: String,
                #[doc = "The account, or a service principal (`sp:`)."]
                account: String,
                #[doc = "`gained`, `lost` or `changed`."]
                change: String,
                #[doc = "How it could manage it before (`who_can_manage`'s entries)."]
                before: Vec<Manager>,
                #[doc = "How it can now."]
                after: Vec<Manager>,
            }

            #[doc = "What changed between two snapshots: who gained or lost the ability to manage which subscription first, then every object added, removed or changed, sorted."]
            Diff {
                #[doc = "The security-relevant summary, by subscription and account."]
                access: Vec<AccessChange>,
                #[doc = "Every change, by kind and object."]
                changes: Vec<DiffItem>,
            }

            #[doc = "An account's facts."]
            Account from $crate::query::AccountView<'_> {
                #[doc = "Its reference: `msa:<e-mail>` or its UPN."]
                account: String,
                #[doc = "`microsoft` or `work`."]
                kind: String,
            } optional {
                #[doc = "Its display name."]
                name: String,
                #[doc = "A work account's home directory."]
                home: String,
                #[doc = "A Microsoft account's default directory, once it has one."]
                default_directory: String,
            }
        }
    };
}

/// Hands every record to the macro `$callback`, one at a time:
///
/// ```text
/// #[doc = "docs"]
/// Record {
///     required { #[doc = "…"] field: Type, ... }
///     optional { #[doc = "…"] field: Inner, ... }   // Option<Inner>
/// }
/// ```
///
/// Field types are `String`, `bool`, `u32`, `Vec<…>` and the other
/// records (`Owner`, `Effect`) by their plain names, so a binding that
/// declares records of the same names gets matching fields.
///
/// ```
/// macro_rules! fields {
///     (
///         $(#[doc = $doc:literal])*
///         $name:ident {
///             required { $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty,)* }
///             optional { $($(#[doc = $odoc:literal])* $opt:ident: $oty:ty,)* }
///         }
///     ) => {
///         println!("{}: {}", stringify!($name), [$(stringify!($field),)* $(stringify!($opt),)*].join(", "));
///     };
/// }
/// tenantry::for_each_record!(fields);
/// ```
#[macro_export]
macro_rules! for_each_record {
    ($callback:ident) => {
        $crate::__record_table!([$crate::__each_record] $callback);
    };
}

/// One `$callback!` call per record, without its source.
#[doc(hidden)]
#[macro_export]
macro_rules! __each_record {
    ($callback:ident $(
        $(#[doc = $doc:literal])+
        $name:ident $($how:ident $src:ty)? { $($required:tt)* } $(optional { $($optional:tt)* })?
    )*) => {
        $($callback! {
            $(#[doc = $doc])+
            $name {
                required { $($required)* }
                optional { $($($optional)*)? }
            }
        })*
    };
}

/// Converts a view's field into its record's: names and ids become
/// strings, vocabulary its FORMAT.md spelling, counts `u32`.
trait Plain {
    type Plain;
    fn plain(self) -> Self::Plain;
}

impl Plain for &str {
    type Plain = String;
    fn plain(self) -> String {
        self.to_owned()
    }
}

impl Plain for bool {
    type Plain = bool;
    fn plain(self) -> bool {
        self
    }
}

impl Plain for u32 {
    type Plain = u32;
    fn plain(self) -> u32 {
        self
    }
}

/// A count; no model holds more than `u32::MAX` of anything.
impl Plain for usize {
    type Plain = u32;
    fn plain(self) -> u32 {
        u32::try_from(self).unwrap_or(u32::MAX)
    }
}

impl<T: Plain> Plain for Option<T> {
    type Plain = Option<T::Plain>;
    fn plain(self) -> Self::Plain {
        self.map(T::plain)
    }
}

impl<T: Plain> Plain for Vec<T> {
    type Plain = Vec<T::Plain>;
    fn plain(self) -> Self::Plain {
        self.into_iter().map(T::plain).collect()
    }
}

impl Plain for crate::Effect {
    type Plain = Effect;
    fn plain(self) -> Effect {
        Effect::from(self)
    }
}

impl Plain for crate::Decision {
    type Plain = Decision;
    fn plain(self) -> Decision {
        Decision::from(self)
    }
}

impl Plain for crate::retirement::Conversion {
    type Plain = Conversion;
    fn plain(self) -> Conversion {
        Conversion::from(self)
    }
}

impl Plain for crate::retirement::ProfileDifference {
    type Plain = ProfileDifference;
    fn plain(self) -> ProfileDifference {
        ProfileDifference::from(self)
    }
}

impl Plain for crate::query::Via {
    type Plain = Via;
    fn plain(self) -> Via {
        Via::from(self)
    }
}

impl Plain for crate::model::Name {
    type Plain = String;
    fn plain(self) -> String {
        self.to_string()
    }
}

impl Plain for crate::query::Owner<'_> {
    type Plain = Owner;
    fn plain(self) -> Owner {
        Owner::from(self)
    }
}

/// Values held as their text: ids, and vocabulary in FORMAT.md's spelling.
macro_rules! plain_as_text {
    ($($ty:ty),+) => {
        $(impl Plain for $ty {
            type Plain = String;
            fn plain(self) -> String {
                self.to_string()
            }
        })+
    };
}

plain_as_text!(
    uuid::Uuid,
    crate::model::SubscriptionKind,
    crate::model::UserKind,
    crate::model::DirectoryRole,
    crate::model::RbacRole,
    crate::model::Cloud,
    crate::model::Origin,
    crate::query::ManageReason,
    crate::query::Reason,
    crate::RoleName,
    crate::Scope
);

/// The records, and each view's conversion into its record and
/// serialization as it.
macro_rules! declare_records {
    ($(
        // At least one line of docs: it is what tells `optional` from the
        // next record's name.
        $(#[doc = $doc:literal])+
        $name:ident $($how:ident $src:ty)? {
            $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty,)*
        } $(optional {
            $($(#[doc = $odoc:literal])* $opt:ident: $oty:ty,)*
        })?
    )*) => {
        $(
            $(#[doc = $doc])+
            #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
            pub struct $name {
                $($(#[doc = $fdoc])* pub $field: $ty,)*
                $($(
                    $(#[doc = $odoc])*
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub $opt: Option<$oty>,
                )*)?
            }

            source!([$($how $src)?] $name { $($field)* $($($opt)*)? });
        )*
    };
}

/// What a record's source gets: `from`, a conversion field by field;
/// either way, serialization as the record.
macro_rules! source {
    ([] $name:ident { $($field:ident)* }) => {};
    ([from $src:ty] $name:ident { $($field:ident)* }) => {
        impl From<$src> for $name {
            fn from(view: $src) -> Self {
                $name { $($field: Plain::plain(view.$field),)* }
            }
        }
        source!([via $src] $name {});
    };
    ([via $src:ty] $name:ident { $($field:ident)* }) => {
        impl Serialize for $src {
            /// As its record.
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $name::from(self.clone()).serialize(s)
            }
        }
    };
}

crate::__record_table!([declare_records]);

impl From<crate::Decision> for Decision {
    fn from(d: crate::Decision) -> Self {
        Decision {
            allowed: d.allowed,
            message: d.message(),
            rule: d.rule.map(|r| r.to_string()),
            code: d.code.map(str::to_owned),
            hint: d.hint(),
        }
    }
}

impl From<crate::query::Via> for Via {
    fn from(via: crate::query::Via) -> Self {
        let mut out = Via {
            group: None,
            scope: None,
            elevated: None,
            gdap: None,
            lighthouse: None,
        };
        let (slot, name) = match via {
            crate::query::Via::Group(n) => (&mut out.group, n),
            crate::query::Via::Scope(n) => (&mut out.scope, n),
            crate::query::Via::Elevated(n) => (&mut out.elevated, n),
            crate::query::Via::Gdap(n) => (&mut out.gdap, n),
            crate::query::Via::Lighthouse(n) => (&mut out.lighthouse, n),
        };
        *slot = Some(name.to_string());
        out
    }
}

impl std::fmt::Display for Via {
    /// As [`crate::query::Via`] says it: `through group:Ops@…`,
    /// `inherited from /`, `elevated in …`, `by GDAP of …`, `by Lighthouse
    /// from …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::query::Via as Q;
        let via = [
            self.group.as_deref().map(|n| Q::Group(n.into())),
            self.scope.as_deref().map(|n| Q::Scope(n.into())),
            self.elevated.as_deref().map(|n| Q::Elevated(n.into())),
            self.gdap.as_deref().map(|n| Q::Gdap(n.into())),
            self.lighthouse.as_deref().map(|n| Q::Lighthouse(n.into())),
        ];
        match via.into_iter().flatten().next() {
            Some(v) => v.fmt(f),
            None => Ok(()),
        }
    }
}

impl From<crate::query::Manager> for Manager {
    fn from(m: crate::query::Manager) -> Self {
        Manager {
            account: m.account.to_string(),
            reason: m.reason.to_string(),
            via: (!m.via.is_empty()).then(|| m.via.into_iter().map(Via::from).collect()),
            condition: m.condition.map(|c| c.to_string()),
        }
    }
}

impl From<crate::query::Owner<'_>> for Owner {
    fn from(owner: crate::query::Owner<'_>) -> Self {
        match owner {
            crate::query::Owner::User(user) => Owner {
                user: Some(user.to_owned()),
                directory: None,
            },
            crate::query::Owner::Directory(directory) => Owner {
                user: None,
                directory: Some(directory.to_owned()),
            },
            crate::query::Owner::Unknown => Owner {
                user: None,
                directory: None,
            },
        }
    }
}

/// The plain effects, from the effect table.
macro_rules! plain_effects {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident $variant:ident { $($field:ident: $($kind:ident)::+),* }
            $(optional { $($opt:ident: $($okind:ident)::+),* })?
            $(flags { $($flag:ident),* })?
            => $display:literal $(, $arg:expr)*;
    )*) => {
        /// One effect, every field a name or a FORMAT.md spelling but the
        /// flags: [`crate::Effect`] as plain data, serialized alike.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        #[allow(missing_docs)] // the fields are FORMAT.md's
        pub enum Effect {
            $(
                $(#[doc = $doc])*
                $variant {
                    $($field: String,)*
                    $($(
                        #[serde(skip_serializing_if = "Option::is_none")]
                        $opt: Option<String>,
                    )*)?
                    $($($flag: bool,)*)?
                },
            )*
        }

        impl From<crate::Effect> for Effect {
            fn from(effect: crate::Effect) -> Self {
                match effect {
                    $(crate::Effect::$variant { $($field,)* $($($opt,)*)? $($($flag,)*)? } => Effect::$variant {
                        $($field: $field.to_string(),)*
                        $($($opt: $opt.map(|value| value.to_string()),)*)?
                        $($($flag,)*)?
                    },)*
                }
            }
        }
    };
}

crate::__effect_table!([plain_effects]);
