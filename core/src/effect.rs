//! Effects: what an operation changes, in FORMAT.md's vocabulary. Plans
//! return them, applied operations return them, and the event log keeps
//! them.
//!
//! Each effect is declared once, in [`for_each_effect!`]'s table. The one
//! [`Effect`] type is generic over how it names what it touches
//! ([`Refs`]): by name ([`Named`], the public form), by arena position
//! (the event log), or as text borrowed from a snapshot being loaded; one
//! generated conversion goes from one naming to another. The plain form the
//! bindings return ([`crate::record::Effect`]) comes from the same table.

pub use crate::model::SubscriptionKind;
use crate::model::{DirectoryRole, Name, RbacRole, ServicePrincipalKind, UserKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::{self, Debug};
use std::hash::Hash;

/// The scope of an RBAC role assignment. The classic rules write it
/// relative to its subscription, `subscription` or `resource_group:<name>`;
/// the current ones as an ARM path (`/subscriptions/<id>/resourceGroups/
/// <name>`, `/` for a directory's root).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// The whole subscription.
    Subscription,
    /// One resource group of the subscription.
    ResourceGroup(Name),
    /// An ARM path.
    Path(Name),
}

impl Scope {
    /// The scope for an optional resource group name.
    pub fn of(resource_group: Option<&str>) -> Self {
        match resource_group {
            None => Scope::Subscription,
            Some(rg) => Scope::ResourceGroup(rg.into()),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Subscription => f.write_str("subscription"),
            Scope::ResourceGroup(rg) => write!(f, "resource_group:{rg}"),
            Scope::Path(path) => f.write_str(path),
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "subscription" {
            return Ok(Scope::Subscription);
        }
        if s.starts_with('/') {
            return Ok(Scope::Path(s.into()));
        }
        match s.strip_prefix("resource_group:") {
            Some(rg) => {
                crate::names::check_resource_group(rg).map(|()| Scope::ResourceGroup(rg.into()))
            }
            None => Err(format!(
                "'{s}' is not a scope (subscription, resource_group:<name> or an ARM path)"
            )),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How an [`Effect`] refers to the directories, accounts, subscriptions,
/// partners, scopes and other names it touches.
pub trait Refs {
    /// A directory.
    type Dir: Debug + Clone + PartialEq + Eq + Hash;
    /// An account.
    type Acc: Debug + Clone + PartialEq + Eq + Hash;
    /// Who holds a role assignment.
    type Principal: Debug + Clone + PartialEq + Eq + Hash;
    /// A subscription.
    type Sub: Debug + Clone + PartialEq + Eq + Hash;
    /// A Partner Center account.
    type Partner: Debug + Clone + PartialEq + Eq + Hash;
    /// An RBAC scope.
    type Scope: Debug + Clone + PartialEq + Eq + Hash;
    /// A role definition.
    type Role: Debug + Clone + PartialEq + Eq + Hash;
    /// A management group.
    type Group: Debug + Clone + PartialEq + Eq + Hash;
    /// Any other name (a domain).
    type Name: Debug + Clone + PartialEq + Eq + Hash;
    /// Free text (an assignment's condition).
    type Text: Debug + Clone + PartialEq + Eq + Hash;
}

/// Effects as FORMAT.md writes them: directories by initial domain,
/// accounts by reference, subscriptions by id (`*` in a plan for one not
/// created yet), partners by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Named;

impl Refs for Named {
    type Dir = Name;
    type Acc = Name;
    type Principal = Name;
    type Sub = Name;
    type Partner = Name;
    type Scope = Scope;
    type Role = RoleName;
    type Group = Name;
    type Name = Name;
    type Text = Name;
}

/// A role definition by name: a built-in role in FORMAT.md's spelling
/// (`owner`), or a custom role by its `roleName`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoleName {
    /// A built-in role.
    Builtin(RbacRole),
    /// A custom role's name.
    Custom(Name),
}

impl RoleName {
    /// The name as written.
    pub fn as_str(&self) -> &str {
        match self {
            RoleName::Builtin(r) => r.as_str(),
            RoleName::Custom(name) => name,
        }
    }

    /// The built-in role, if it is one.
    pub fn builtin(&self) -> Option<RbacRole> {
        match self {
            RoleName::Builtin(r) => Some(*r),
            RoleName::Custom(_) => None,
        }
    }
}

impl fmt::Display for RoleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<RbacRole> for RoleName {
    fn from(role: RbacRole) -> Self {
        RoleName::Builtin(role)
    }
}

impl PartialEq<RbacRole> for RoleName {
    fn eq(&self, other: &RbacRole) -> bool {
        self.builtin() == Some(*other)
    }
}

impl Serialize for RoleName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RoleName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(match s.parse::<RbacRole>() {
            Ok(r) => RoleName::Builtin(r),
            Err(_) => RoleName::Custom(Name::from(&*s)),
        })
    }
}

/// Converts an effect's references from one naming to another, field by
/// field; see [`Effect::try_map`].
pub(crate) trait Convert<F: Refs, T: Refs> {
    /// Why a reference could not be converted.
    type Error;
    fn dir(&mut self, dir: F::Dir) -> Result<T::Dir, Self::Error>;
    fn acc(&mut self, acc: F::Acc) -> Result<T::Acc, Self::Error>;
    fn principal(&mut self, principal: F::Principal) -> Result<T::Principal, Self::Error>;
    fn sub(&mut self, sub: F::Sub) -> Result<T::Sub, Self::Error>;
    fn partner(&mut self, partner: F::Partner) -> Result<T::Partner, Self::Error>;
    fn scope(&mut self, scope: F::Scope) -> Result<T::Scope, Self::Error>;
    fn role(&mut self, role: F::Role) -> Result<T::Role, Self::Error>;
    fn group(&mut self, group: F::Group) -> Result<T::Group, Self::Error>;
    fn name(&mut self, name: F::Name) -> Result<T::Name, Self::Error>;
    fn text(&mut self, text: F::Text) -> Result<T::Text, Self::Error>;
}

/// The table of every effect, handed to a macro (`[path::to::macro]`, then
/// anything to pass before the table). A row is
///
/// ```text
/// #[doc = "docs"]
/// format_name Variant { field: Kind, ... }
///     optional { field: Kind, ... }   // left out when absent
///     flags { field, ... }            // booleans
///     => "display {field}", extra args;
/// ```
///
/// where a field's type is `R::Dir`, `R::Acc`, `R::Principal`, `R::Sub`,
/// `R::Partner`, `R::Scope`, `R::Role`, `R::Group` (a management group),
/// `R::Name` or `R::Text` (named through [`Refs`]) or a vocabulary type
/// (`UserKind`, `DirectoryRole`, `ServicePrincipalKind`,
/// `SubscriptionKind`). In a binding every field is a string but flags.
#[doc(hidden)]
#[macro_export]
macro_rules! __effect_table {
    ([$($m:tt)+] $($pass:tt)*) => {
        $($m)+! { $($pass)*
            #[doc = "A directory was created."]
            directory_created DirectoryCreated { directory: R::Dir }
                => "directory {directory} created";
            #[doc = "An account was created."]
            account_created AccountCreated { account: R::Acc }
                => "account {account} created";
            #[doc = "An account became a user of a directory."]
            user_added UserAdded { directory: R::Dir, account: R::Acc, kind: UserKind }
                => "{account} added to {directory} as {kind} user";
            #[doc = "A user or a role-assignable group was given a directory role."]
            directory_role_assigned DirectoryRoleAssigned { directory: R::Dir, account: R::Principal, role: DirectoryRole }
                => "{account} made {} of {directory}", role.display_name();
            #[doc = "A user or group lost a directory role."]
            directory_role_removed DirectoryRoleRemoved { directory: R::Dir, account: R::Principal, role: DirectoryRole }
                => "{account} no longer {} of {directory}", role.display_name();
            #[doc = "A custom domain was verified."]
            domain_added DomainAdded { directory: R::Dir, domain: R::Name }
                => "domain {domain} verified for {directory}";
            #[doc = "A subscription was created."]
            subscription_created SubscriptionCreated { subscription: R::Sub, kind: SubscriptionKind, directory: R::Dir }
                => "{kind} subscription {subscription} created in {directory}";
            #[doc = "A subscription now trusts another directory."]
            subscription_moved SubscriptionMoved { subscription: R::Sub, from: R::Dir, to: R::Dir }
                => "subscription {subscription} moved from {from} to {to}";
            #[doc = "An account became a co-administrator."]
            co_administrator_added CoAdministratorAdded { subscription: R::Sub, account: R::Acc }
                => "{account} made co-administrator of {subscription}";
            #[doc = "A co-administrator was removed."]
            co_administrator_removed CoAdministratorRemoved { subscription: R::Sub, account: R::Acc }
                => "{account} removed as co-administrator of {subscription}";
            #[doc = "An RBAC role was assigned."]
            role_assignment_added RoleAssignmentAdded { principal: R::Principal, role: R::Role, scope: R::Scope }
                optional { subscription: R::Sub, directory: R::Dir, condition: R::Text }
                => "{principal} assigned {role} on {} at {scope}", Place(subscription, directory);
            #[doc = "An RBAC role assignment was removed."]
            role_assignment_removed RoleAssignmentRemoved { principal: R::Principal, role: R::Role, scope: R::Scope }
                optional { subscription: R::Sub, directory: R::Dir, condition: R::Text }
                => "{principal} lost {role} on {} at {scope}", Place(subscription, directory);
            #[doc = "The service administrator changed."]
            service_administrator_changed ServiceAdministratorChanged { subscription: R::Sub, from: R::Acc, to: R::Acc }
                => "service administrator of {subscription} changed from {from} to {to}";
            #[doc = "A Partner Center account was created."]
            partner_created PartnerCreated { partner: R::Partner, directory: R::Dir }
                => "Partner Center account '{partner}' created with directory {directory}";
            #[doc = "A directory's subscription policy was set."]
            subscription_policy_set SubscriptionPolicySet { directory: R::Dir }
                flags { block_leaving, block_entering }
                => "subscription policy of {directory} set: leaving {}, entering {}",
                    blocked(*block_leaving), blocked(*block_entering);
            #[doc = "A classic service administrator was dropped (the retirement of classic roles)."]
            service_administrator_removed ServiceAdministratorRemoved { subscription: R::Sub, account: R::Acc }
                => "{account} no longer service administrator of {subscription}";
            #[doc = "A group was created."]
            group_created GroupCreated { group: R::Principal, directory: R::Dir }
                => "group {group} created in {directory}";
            #[doc = "A principal became a direct member of a group."]
            group_member_added GroupMemberAdded { group: R::Principal, member: R::Principal }
                => "{member} added to {group}";
            #[doc = "A principal stopped being a direct member of a group."]
            group_member_removed GroupMemberRemoved { group: R::Principal, member: R::Principal }
                => "{member} removed from {group}";
            #[doc = "A service principal or managed identity was created."]
            service_principal_created ServicePrincipalCreated { principal: R::Principal, directory: R::Dir, kind: ServicePrincipalKind }
                => "{kind} {principal} created in {directory}";
            #[doc = "A custom role was created."]
            custom_role_created CustomRoleCreated { role: R::Role, directory: R::Dir }
                => "custom role {role} created in {directory}";
            #[doc = "A custom role was deleted."]
            custom_role_deleted CustomRoleDeleted { role: R::Role }
                => "custom role {role} deleted";
            #[doc = "A management group was created."]
            management_group_created ManagementGroupCreated { management_group: R::Group, directory: R::Dir, parent: R::Group }
                => "management group {management_group} created under {parent} in {directory}";
            #[doc = "A subscription was placed under a management group."]
            subscription_placed SubscriptionPlaced { subscription: R::Sub, management_group: R::Group }
                => "subscription {subscription} placed under management group {management_group}";
            #[doc = "An Owner asked to move a subscription to another directory."]
            directory_change_requested DirectoryChangeRequested { subscription: R::Sub, to: R::Dir }
                => "move of subscription {subscription} to {to} requested";
            #[doc = "A pending directory change was cancelled."]
            directory_change_cancelled DirectoryChangeCancelled { subscription: R::Sub }
                => "move of subscription {subscription} cancelled";
            #[doc = "A partner proposed a GDAP relationship to a customer directory."]
            gdap_relationship_created GdapRelationshipCreated { partner: R::Partner, directory: R::Dir }
                => "GDAP relationship of '{partner}' with {directory} proposed";
            #[doc = "A customer's Global Administrator approved a GDAP relationship."]
            gdap_relationship_approved GdapRelationshipApproved { partner: R::Partner, directory: R::Dir }
                => "GDAP relationship of '{partner}' with {directory} approved";
            #[doc = "An Azure resource was created in a subscription."]
            resource_created ResourceCreated { subscription: R::Sub, resource: R::Text, resource_type: R::Text }
                => "{resource_type} {resource} created in {subscription}";
        }
    };
}

/// Hands every effect of FORMAT.md to the macro `$callback`, all at once:
///
/// ```text
/// $( #[doc = "docs"]
///    format_name Variant { field, ... } optional { field, ... } flags { field, ... } )*
/// ```
///
/// The fields are names or FORMAT.md spellings, so a binding holds them as
/// strings (the optional ones as optional strings), and the flags as
/// booleans, as [`crate::record::Effect`] does.
///
/// ```
/// macro_rules! names {
///     ($(
///         $(#[doc = $doc:literal])*
///         $name:ident $variant:ident { $($field:ident),* }
///             optional { $($opt:ident),* } flags { $($flag:ident),* }
///     )*) => {
///         [$(stringify!($name)),*]
///     };
/// }
/// let names = tenantry::for_each_effect!(names);
/// assert_eq!(names.first(), Some(&"directory_created"));
/// ```
#[macro_export]
macro_rules! for_each_effect {
    ($callback:ident) => {
        $crate::__effect_table! { [$crate::__effect_names] $callback }
    };
}

/// The table with field names only, for [`for_each_effect!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __effect_names {
    ($callback:ident $(
        $(#[doc = $doc:literal])*
        $name:ident $variant:ident { $($field:ident: $($kind:ident)::+),* }
            $(optional { $($opt:ident: $($okind:ident)::+),* })?
            $(flags { $($flag:ident),* })?
            => $display:literal $(, $arg:expr)*;
    )*) => {
        $callback! { $(
            $(#[doc = $doc])*
            $name $variant { $($field),* }
                optional { $($($opt),*)? } flags { $($($flag),*)? }
        )* }
    };
}

/// A field converted by `Convert` (references) or kept (vocabulary).
macro_rules! convert_field {
    ($c:ident, [R::Dir], $v:expr) => {
        $c.dir($v)?
    };
    ($c:ident, [R::Acc], $v:expr) => {
        $c.acc($v)?
    };
    ($c:ident, [R::Principal], $v:expr) => {
        $c.principal($v)?
    };
    ($c:ident, [R::Sub], $v:expr) => {
        $c.sub($v)?
    };
    ($c:ident, [R::Partner], $v:expr) => {
        $c.partner($v)?
    };
    ($c:ident, [R::Scope], $v:expr) => {
        $c.scope($v)?
    };
    ($c:ident, [R::Role], $v:expr) => {
        $c.role($v)?
    };
    ($c:ident, [R::Group], $v:expr) => {
        $c.group($v)?
    };
    ($c:ident, [R::Name], $v:expr) => {
        $c.name($v)?
    };
    ($c:ident, [R::Text], $v:expr) => {
        $c.text($v)?
    };
    ($c:ident, [$ty:ident], $v:expr) => {
        $v
    };
}

/// Collects a field if it names an account or a subscription.
macro_rules! collect_reference {
    ($accounts:ident, $subscriptions:ident, [R::Acc], $v:expr) => {
        $accounts.push($v)
    };
    ($accounts:ident, $subscriptions:ident, [R::Principal], $v:expr) => {
        $accounts.push($v)
    };
    ($accounts:ident, $subscriptions:ident, [R::Sub], $v:expr) => {
        $subscriptions.push($v)
    };
    ($accounts:ident, $subscriptions:ident, [$($kind:tt)*], $v:expr) => {};
}

macro_rules! declare_effects {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident $variant:ident { $($field:ident: $($kind:ident)::+),* }
            $(optional { $($opt:ident: $($okind:ident)::+),* })?
            $(flags { $($flag:ident),* })?
            => $display:literal $(, $arg:expr)*;
    )*) => {
        /// One effect of an operation. Serialized as FORMAT.md writes it,
        /// e.g. `{"subscription_moved": {"subscription": "…", "from": "…",
        /// "to": "…"}}`. Named ([`Named`], the default), directories are
        /// written by initial domain, accounts by reference, subscriptions
        /// by id (`*` in a plan for one not created yet), partners by name.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(
            rename_all = "snake_case",
            deny_unknown_fields,
            bound(
                serialize = "R::Dir: Serialize, R::Acc: Serialize, R::Principal: Serialize, \
                             R::Sub: Serialize, R::Partner: Serialize, R::Scope: Serialize, \
                             R::Role: Serialize, R::Group: Serialize, R::Name: Serialize, \
                             R::Text: Serialize",
                deserialize = "R::Dir: Deserialize<'de>, R::Acc: Deserialize<'de>, \
                               R::Principal: Deserialize<'de>, R::Sub: Deserialize<'de>, \
                               R::Partner: Deserialize<'de>, R::Scope: Deserialize<'de>, \
                               R::Role: Deserialize<'de>, R::Group: Deserialize<'de>, \
                               R::Name: Deserialize<'de>, R::Text: Deserialize<'de>"
            )
        )]
        #[allow(missing_docs)] // the fields are FORMAT.md's
        pub enum Effect<R: Refs = Named> {
            $(
                $(#[doc = $doc])*
                $variant {
                    $($field: $($kind)::+,)*
                    $($(
                        #[serde(skip_serializing_if = "Option::is_none")]
                        $opt: Option<$($okind)::+>,
                    )*)?
                    $($($flag: bool,)*)?
                },
            )*
        }

        /// Every effect's FORMAT.md name, in the table's order.
        pub const EFFECT_NAMES: &[&str] = &[$(stringify!($name)),*];

        impl<R: Refs> Effect<R> {
            /// FORMAT.md's name of this effect, e.g. `subscription_moved`.
            pub const fn name(&self) -> &'static str {
                match self {
                    $(Effect::$variant { .. } => stringify!($name),)*
                }
            }

            /// The same effect under another naming, each reference
            /// converted by `convert` in the order the table lists the
            /// fields; the first that fails is the error.
            pub(crate) fn try_map<T: Refs, C: Convert<R, T>>(
                self,
                convert: &mut C,
            ) -> Result<Effect<T>, C::Error> {
                Ok(match self {
                    $(Effect::$variant { $($field,)* $($($opt,)*)? $($($flag,)*)? } => Effect::$variant {
                        $($field: convert_field!(convert, [$($kind)::+], $field),)*
                        $($($opt: match $opt {
                            Some(value) => Some(convert_field!(convert, [$($okind)::+], value)),
                            None => None,
                        },)*)?
                        $($($flag,)*)?
                    },)*
                })
            }

            /// The accounts and subscriptions it names.
            #[allow(unused_variables)] // not every effect names both
            pub(crate) fn references<'s>(
                &'s self,
                accounts: &mut Vec<&'s R::Acc>,
                subscriptions: &mut Vec<&'s R::Sub>,
            ) where
                R: Refs<Principal = <R as Refs>::Acc>,
            {
                match self {
                    $(Effect::$variant { $($field,)* $($($opt,)*)? .. } => {
                        $(collect_reference!(accounts, subscriptions, [$($kind)::+], $field);)*
                        $($(if let Some(value) = $opt {
                            collect_reference!(accounts, subscriptions, [$($okind)::+], value);
                        })*)?
                    })*
                }
            }
        }

        impl fmt::Display for Effect {
            /// A one-line description for people, e.g. `subscription … moved
            /// from a.onmicrosoft.com to b.onmicrosoft.com`.
            #[allow(unused_variables)] // a sentence names the fields it needs
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(Effect::$variant { $($field,)* $($($opt,)*)? $($($flag,)*)? } => {
                        write!(f, $display $(, $arg)*)
                    })*
                }
            }
        }
    };
}

/// Where a role assignment is: a subscription, or (at `/` or a management
/// group) a directory.
struct Place<'a>(&'a Option<Name>, &'a Option<Name>);

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(subscription), _) => f.write_str(subscription),
            (None, Some(directory)) => write!(f, "directory {directory}"),
            (None, None) => f.write_str("?"),
        }
    }
}

/// A policy setting in words.
fn blocked(block: bool) -> &'static str {
    if block {
        "blocked"
    } else {
        "allowed"
    }
}

crate::__effect_table!([declare_effects]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_serialize_as_format_writes_them() {
        let e: Effect = Effect::RoleAssignmentRemoved {
            subscription: Some("s".into()),
            directory: None,
            principal: "ops@x.onmicrosoft.com".into(),
            role: RbacRole::Reader.into(),
            scope: Scope::ResourceGroup("rg-web".into()),
            condition: None,
        };
        let json = serde_json::to_value(&e).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({"role_assignment_removed": {
                "subscription": "s", "principal": "ops@x.onmicrosoft.com",
                "role": "reader", "scope": "resource_group:rg-web"}}))
        );
        assert_eq!(e.name(), "role_assignment_removed");
        assert_eq!(
            e.to_string(),
            "ops@x.onmicrosoft.com lost reader on s at resource_group:rg-web"
        );
        let back: Result<Effect, _> = serde_json::from_value(serde_json::json!(
            {"subscription_created": {"subscription": "*", "kind": "office365", "directory": "c.onmicrosoft.com"}}
        ));
        assert!(back.is_ok());
        let bad: Result<Effect, _> = serde_json::from_value(serde_json::json!(
            {"subscription_moved": {"subscription": "*", "from": "a", "to": "b", "extra": 1}}
        ));
        assert!(bad.is_err());
    }

    #[test]
    fn every_effect_name_is_its_serialized_tag() {
        let all: Vec<Effect> = vec![
            Effect::DirectoryCreated {
                directory: "d".into(),
            },
            Effect::DirectoryRoleAssigned {
                directory: "d".into(),
                account: "a".into(),
                role: DirectoryRole::GlobalAdministrator,
            },
            Effect::PartnerCreated {
                partner: "p".into(),
                directory: "d".into(),
            },
            Effect::ResourceCreated {
                subscription: "s".into(),
                resource: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/w"
                    .into(),
                resource_type: "Microsoft.Web/sites".into(),
            },
        ];
        for e in all {
            let json = serde_json::to_value(&e).unwrap_or_default();
            assert!(json.get(e.name()).is_some(), "{json}");
            assert!(EFFECT_NAMES.contains(&e.name()));
        }
        assert_eq!(EFFECT_NAMES.len(), 29);
    }

    #[test]
    fn scopes_parse() {
        assert_eq!("subscription".parse::<Scope>(), Ok(Scope::Subscription));
        assert_eq!(
            "resource_group:rg".parse::<Scope>(),
            Ok(Scope::ResourceGroup("rg".into()))
        );
        assert!("resource_group:".parse::<Scope>().is_err());
        assert!("tenant".parse::<Scope>().is_err());
        assert_eq!("/".parse::<Scope>(), Ok(Scope::Path("/".into())));
    }
}
