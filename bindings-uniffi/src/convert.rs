//! Results as uniffi records and enums, in FORMAT.md's vocabulary: field
//! names become camelCase in Kotlin and Swift; values (codes, role names,
//! references) are unchanged.

use tenantry::query;

/// One effect of an operation (FORMAT.md "Effects").
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
#[allow(missing_docs)]
pub enum Effect {
    DirectoryCreated {
        directory: String,
    },
    AccountCreated {
        account: String,
    },
    UserAdded {
        directory: String,
        account: String,
        kind: String,
    },
    DirectoryRoleAssigned {
        directory: String,
        account: String,
        role: String,
    },
    DirectoryRoleRemoved {
        directory: String,
        account: String,
        role: String,
    },
    DomainAdded {
        directory: String,
        domain: String,
    },
    SubscriptionCreated {
        subscription: String,
        kind: String,
        directory: String,
    },
    SubscriptionMoved {
        subscription: String,
        from: String,
        to: String,
    },
    CoAdministratorAdded {
        subscription: String,
        account: String,
    },
    CoAdministratorRemoved {
        subscription: String,
        account: String,
    },
    RoleAssignmentAdded {
        subscription: String,
        principal: String,
        role: String,
        scope: String,
    },
    RoleAssignmentRemoved {
        subscription: String,
        principal: String,
        role: String,
        scope: String,
    },
    ServiceAdministratorChanged {
        subscription: String,
        from: String,
        to: String,
    },
    PartnerCreated {
        partner: String,
        directory: String,
    },
}

impl From<tenantry::Effect> for Effect {
    fn from(e: tenantry::Effect) -> Self {
        use tenantry::Effect as E;
        let s = |name: tenantry::model::Name| name.to_string();
        match e {
            E::DirectoryCreated { directory } => Effect::DirectoryCreated {
                directory: s(directory),
            },
            E::AccountCreated { account } => Effect::AccountCreated {
                account: s(account),
            },
            E::UserAdded {
                directory,
                account,
                kind,
            } => Effect::UserAdded {
                directory: s(directory),
                account: s(account),
                kind: kind.to_string(),
            },
            E::DirectoryRoleAssigned {
                directory,
                account,
                role,
            } => Effect::DirectoryRoleAssigned {
                directory: s(directory),
                account: s(account),
                role: role.to_string(),
            },
            E::DirectoryRoleRemoved {
                directory,
                account,
                role,
            } => Effect::DirectoryRoleRemoved {
                directory: s(directory),
                account: s(account),
                role: role.to_string(),
            },
            E::DomainAdded { directory, domain } => Effect::DomainAdded {
                directory: s(directory),
                domain: s(domain),
            },
            E::SubscriptionCreated {
                subscription,
                kind,
                directory,
            } => Effect::SubscriptionCreated {
                subscription: s(subscription),
                kind: kind.as_str().to_owned(),
                directory: s(directory),
            },
            E::SubscriptionMoved {
                subscription,
                from,
                to,
            } => Effect::SubscriptionMoved {
                subscription: s(subscription),
                from: s(from),
                to: s(to),
            },
            E::CoAdministratorAdded {
                subscription,
                account,
            } => Effect::CoAdministratorAdded {
                subscription: s(subscription),
                account: s(account),
            },
            E::CoAdministratorRemoved {
                subscription,
                account,
            } => Effect::CoAdministratorRemoved {
                subscription: s(subscription),
                account: s(account),
            },
            E::RoleAssignmentAdded {
                subscription,
                principal,
                role,
                scope,
            } => Effect::RoleAssignmentAdded {
                subscription: s(subscription),
                principal: s(principal),
                role: role.to_string(),
                scope: scope.to_string(),
            },
            E::RoleAssignmentRemoved {
                subscription,
                principal,
                role,
                scope,
            } => Effect::RoleAssignmentRemoved {
                subscription: s(subscription),
                principal: s(principal),
                role: role.to_string(),
                scope: scope.to_string(),
            },
            E::ServiceAdministratorChanged {
                subscription,
                from,
                to,
            } => Effect::ServiceAdministratorChanged {
                subscription: s(subscription),
                from: s(from),
                to: s(to),
            },
            E::PartnerCreated { partner, directory } => Effect::PartnerCreated {
                partner: s(partner),
                directory: s(directory),
            },
        }
    }
}

/// What an operation did, or would do.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Outcome {
    /// Every effect, in order.
    pub effects: Vec<Effect>,
    /// The subscription created; null in a plan, where it is written `*`.
    pub subscription: Option<String>,
}

impl From<tenantry::Outcome> for Outcome {
    fn from(o: tenantry::Outcome) -> Self {
        Outcome {
            effects: o.effects.into_iter().map(Effect::from).collect(),
            subscription: o.subscription.map(|s| s.to_string()),
        }
    }
}

/// May this account do this now? With the rule, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Decision {
    /// Whether the operation would be applied.
    pub allowed: bool,
    /// The rule of the operation asked about, e.g. `R6`.
    pub rule: Option<String>,
    /// The refusal's code, when refused.
    pub code: Option<String>,
    /// A sentence a person understands.
    pub message: String,
    /// What to do instead, when refused.
    pub hint: Option<String>,
}

impl From<tenantry::Decision> for Decision {
    fn from(d: tenantry::Decision) -> Self {
        Decision {
            allowed: d.allowed,
            rule: d.rule.map(|r| r.to_string()),
            code: d.code.map(str::to_owned),
            message: d.message(),
            hint: d.hint(),
        }
    }
}

/// A user object: its kind (`member` or `external`) and directory roles.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct User {
    /// `member` or `external`.
    pub kind: String,
    /// The directory roles held, highest first.
    pub roles: Vec<String>,
}

impl From<query::UserView> for User {
    fn from(u: query::UserView) -> Self {
        User {
            kind: u.kind.to_string(),
            roles: u.roles.iter().map(|r| r.to_string()).collect(),
        }
    }
}

/// Who owns a subscription: `user` for Azure, `directory` for Office 365.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Owner {
    /// The account administrator of an Azure subscription.
    pub user: Option<String>,
    /// The directory of an Office 365 subscription.
    pub directory: Option<String>,
}

/// One subscription.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[allow(missing_docs)]
pub struct Subscription {
    pub id: String,
    pub name: String,
    /// `azure` or `office365`.
    pub kind: String,
    pub directory: String,
    pub owner: Owner,
    pub offer: Option<String>,
    pub plan: Option<String>,
    pub seats: Option<u32>,
    pub account_administrator: Option<String>,
    pub service_administrator: Option<String>,
    pub co_administrators: Option<Vec<String>>,
}

impl From<query::SubscriptionView<'_>> for Subscription {
    fn from(s: query::SubscriptionView<'_>) -> Self {
        let owner = match s.owner {
            query::Owner::User(u) => Owner {
                user: Some(u.to_owned()),
                directory: None,
            },
            query::Owner::Directory(d) => Owner {
                user: None,
                directory: Some(d.to_owned()),
            },
        };
        let owned = |x: Option<&str>| x.map(str::to_owned);
        Subscription {
            id: s.id.to_string(),
            name: s.name.to_owned(),
            kind: s.kind.as_str().to_owned(),
            directory: s.directory.to_owned(),
            owner,
            offer: owned(s.offer),
            plan: owned(s.plan),
            seats: s.seats,
            account_administrator: owned(s.account_administrator),
            service_administrator: owned(s.service_administrator),
            co_administrators: s
                .co_administrators
                .map(|c| c.into_iter().map(str::to_owned).collect()),
        }
    }
}

/// One RBAC role assignment.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RoleAssignment {
    /// Who holds the role.
    pub principal: String,
    /// The RBAC role.
    pub role: String,
    /// `subscription` or `resource_group:<name>`.
    pub scope: String,
}

impl From<query::RoleAssignmentView<'_>> for RoleAssignment {
    fn from(r: query::RoleAssignmentView<'_>) -> Self {
        RoleAssignment {
            principal: r.principal.to_owned(),
            role: r.role.to_string(),
            scope: r.scope.to_string(),
        }
    }
}

/// An account that can manage a subscription, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Manager {
    /// The account.
    pub account: String,
    /// Why it can, e.g. `service_administrator`.
    pub reason: String,
}

impl From<query::Manager<'_>> for Manager {
    fn from(m: query::Manager<'_>) -> Self {
        Manager {
            account: m.account.to_owned(),
            reason: m.reason.as_str().to_owned(),
        }
    }
}

/// A subscription an account administers, and how.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Administered {
    /// The subscription.
    pub subscription: String,
    /// The account's classic roles on it.
    pub roles: Vec<String>,
}

impl From<query::Administered> for Administered {
    fn from(a: query::Administered) -> Self {
        Administered {
            subscription: a.subscription.to_string(),
            roles: a.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        }
    }
}

/// A directory's facts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[allow(missing_docs)]
pub struct Directory {
    pub id: String,
    pub name: String,
    pub initial_domain: String,
    pub verified_domains: Vec<String>,
    pub cloud: String,
    pub origin: String,
    pub users: u64,
    pub subscriptions: u64,
    pub partner: Option<String>,
}

impl From<query::DirectoryView<'_>> for Directory {
    fn from(d: query::DirectoryView<'_>) -> Self {
        Directory {
            id: d.id.to_string(),
            name: d.name.to_owned(),
            initial_domain: d.initial_domain.to_owned(),
            verified_domains: d.verified_domains.into_iter().map(str::to_owned).collect(),
            cloud: d.cloud.to_string(),
            origin: d.origin.to_string(),
            users: d.users as u64,
            subscriptions: d.subscriptions as u64,
            partner: d.partner.map(str::to_owned),
        }
    }
}

/// An account's facts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[allow(missing_docs)]
pub struct Account {
    pub account: String,
    /// `microsoft` or `work`.
    pub kind: String,
    pub name: Option<String>,
    pub home: Option<String>,
    pub default_directory: Option<String>,
}

impl From<query::AccountView<'_>> for Account {
    fn from(a: query::AccountView<'_>) -> Self {
        Account {
            account: a.account.to_owned(),
            kind: a.kind.to_owned(),
            name: a.name.map(str::to_owned),
            home: a.home.map(str::to_owned),
            default_directory: a.default_directory.map(str::to_owned),
        }
    }
}
