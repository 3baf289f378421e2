//! Effects: what an operation changes, in FORMAT.md's vocabulary. Plans
//! return them, applied operations return them, and the event log keeps
//! them.

use crate::model::{DirectoryRole, Name, RbacRole, UserKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Whether a subscription is an Azure or an Office 365 subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionKind {
    /// Owned by a user (its account administrator).
    Azure,
    /// Owned by its directory.
    #[serde(rename = "office365")]
    Office365,
}

impl SubscriptionKind {
    /// FORMAT.md's spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            SubscriptionKind::Azure => "azure",
            SubscriptionKind::Office365 => "office365",
        }
    }
}

/// The scope of an RBAC role assignment, written `subscription` or
/// `resource_group:<name>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// The whole subscription.
    Subscription,
    /// One resource group of the subscription.
    ResourceGroup(Name),
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
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "subscription" {
            return Ok(Scope::Subscription);
        }
        match s.strip_prefix("resource_group:") {
            Some(rg) => {
                crate::names::check_resource_group(rg).map(|()| Scope::ResourceGroup(rg.into()))
            }
            None => Err(format!(
                "'{s}' is not a scope (subscription or resource_group:<name>)"
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

/// One effect of an operation. Serialized as FORMAT.md writes it, e.g.
/// `{"subscription_moved": {"subscription": "…", "from": "…", "to": "…"}}`.
/// Directories are written by initial domain, accounts by reference,
/// subscriptions by id (`*` in a plan for one not created yet), partners
/// by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)]
pub enum Effect {
    DirectoryCreated {
        directory: Name,
    },
    AccountCreated {
        account: Name,
    },
    UserAdded {
        directory: Name,
        account: Name,
        kind: UserKind,
    },
    DirectoryRoleAssigned {
        directory: Name,
        account: Name,
        role: DirectoryRole,
    },
    DirectoryRoleRemoved {
        directory: Name,
        account: Name,
        role: DirectoryRole,
    },
    DomainAdded {
        directory: Name,
        domain: Name,
    },
    SubscriptionCreated {
        subscription: Name,
        kind: SubscriptionKind,
        directory: Name,
    },
    SubscriptionMoved {
        subscription: Name,
        from: Name,
        to: Name,
    },
    CoAdministratorAdded {
        subscription: Name,
        account: Name,
    },
    CoAdministratorRemoved {
        subscription: Name,
        account: Name,
    },
    RoleAssignmentAdded {
        subscription: Name,
        principal: Name,
        role: RbacRole,
        scope: Scope,
    },
    RoleAssignmentRemoved {
        subscription: Name,
        principal: Name,
        role: RbacRole,
        scope: Scope,
    },
    ServiceAdministratorChanged {
        subscription: Name,
        from: Name,
        to: Name,
    },
    PartnerCreated {
        partner: Name,
        directory: Name,
    },
}

impl Effect {
    /// FORMAT.md's name of this effect, e.g. `subscription_moved`.
    pub const fn name(&self) -> &'static str {
        match self {
            Effect::DirectoryCreated { .. } => "directory_created",
            Effect::AccountCreated { .. } => "account_created",
            Effect::UserAdded { .. } => "user_added",
            Effect::DirectoryRoleAssigned { .. } => "directory_role_assigned",
            Effect::DirectoryRoleRemoved { .. } => "directory_role_removed",
            Effect::DomainAdded { .. } => "domain_added",
            Effect::SubscriptionCreated { .. } => "subscription_created",
            Effect::SubscriptionMoved { .. } => "subscription_moved",
            Effect::CoAdministratorAdded { .. } => "co_administrator_added",
            Effect::CoAdministratorRemoved { .. } => "co_administrator_removed",
            Effect::RoleAssignmentAdded { .. } => "role_assignment_added",
            Effect::RoleAssignmentRemoved { .. } => "role_assignment_removed",
            Effect::ServiceAdministratorChanged { .. } => "service_administrator_changed",
            Effect::PartnerCreated { .. } => "partner_created",
        }
    }
}

impl fmt::Display for Effect {
    /// A one-line description for people, e.g. `subscription … moved from
    /// a.onmicrosoft.com to b.onmicrosoft.com`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::DirectoryCreated { directory } => write!(f, "directory {directory} created"),
            Effect::AccountCreated { account } => write!(f, "account {account} created"),
            Effect::UserAdded {
                directory,
                account,
                kind,
            } => {
                write!(f, "{account} added to {directory} as {kind} user")
            }
            Effect::DirectoryRoleAssigned {
                directory,
                account,
                role,
            } => {
                write!(f, "{account} made {} of {directory}", role.display_name())
            }
            Effect::DirectoryRoleRemoved {
                directory,
                account,
                role,
            } => {
                write!(
                    f,
                    "{account} no longer {} of {directory}",
                    role.display_name()
                )
            }
            Effect::DomainAdded { directory, domain } => {
                write!(f, "domain {domain} verified for {directory}")
            }
            Effect::SubscriptionCreated {
                subscription,
                kind,
                directory,
            } => {
                write!(
                    f,
                    "{} subscription {subscription} created in {directory}",
                    kind.as_str()
                )
            }
            Effect::SubscriptionMoved {
                subscription,
                from,
                to,
            } => {
                write!(f, "subscription {subscription} moved from {from} to {to}")
            }
            Effect::CoAdministratorAdded {
                subscription,
                account,
            } => {
                write!(f, "{account} made co-administrator of {subscription}")
            }
            Effect::CoAdministratorRemoved {
                subscription,
                account,
            } => {
                write!(f, "{account} removed as co-administrator of {subscription}")
            }
            Effect::RoleAssignmentAdded {
                subscription,
                principal,
                role,
                scope,
            } => {
                write!(
                    f,
                    "{principal} assigned {role} on {subscription} at {scope}"
                )
            }
            Effect::RoleAssignmentRemoved {
                subscription,
                principal,
                role,
                scope,
            } => {
                write!(f, "{principal} lost {role} on {subscription} at {scope}")
            }
            Effect::ServiceAdministratorChanged {
                subscription,
                from,
                to,
            } => {
                write!(
                    f,
                    "service administrator of {subscription} changed from {from} to {to}"
                )
            }
            Effect::PartnerCreated { partner, directory } => {
                write!(
                    f,
                    "Partner Center account '{partner}' created with directory {directory}"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_serialize_as_format_writes_them() {
        let e = Effect::RoleAssignmentRemoved {
            subscription: "s".into(),
            principal: "ops@x.onmicrosoft.com".into(),
            role: RbacRole::Reader,
            scope: Scope::ResourceGroup("rg-web".into()),
        };
        let json = serde_json::to_value(&e).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({"role_assignment_removed": {
                "subscription": "s", "principal": "ops@x.onmicrosoft.com",
                "role": "reader", "scope": "resource_group:rg-web"}}))
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
    fn scopes_parse() {
        assert_eq!("subscription".parse::<Scope>(), Ok(Scope::Subscription));
        assert_eq!(
            "resource_group:rg".parse::<Scope>(),
            Ok(Scope::ResourceGroup("rg".into()))
        );
        assert!("resource_group:".parse::<Scope>().is_err());
        assert!("tenant".parse::<Scope>().is_err());
    }
}
