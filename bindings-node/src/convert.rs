//! The shapes results take in JavaScript: FORMAT.md's vocabulary with
//! camelCase keys; values (codes, role names, references) unchanged.

use napi_derive::napi;
use tenantry::query;

/// `{ directory }`
#[napi(object)]
pub struct DirectoryEffect {
    pub directory: String,
}

/// `{ account }`
#[napi(object)]
pub struct AccountEffect {
    pub account: String,
}

/// `{ directory, account, kind }`
#[napi(object)]
pub struct UserAddedEffect {
    pub directory: String,
    pub account: String,
    pub kind: String,
}

/// `{ directory, account, role }`
#[napi(object)]
pub struct DirectoryRoleEffect {
    pub directory: String,
    pub account: String,
    pub role: String,
}

/// `{ directory, domain }`
#[napi(object)]
pub struct DomainAddedEffect {
    pub directory: String,
    pub domain: String,
}

/// `{ subscription, kind, directory }`
#[napi(object)]
pub struct SubscriptionCreatedEffect {
    pub subscription: String,
    pub kind: String,
    pub directory: String,
}

/// `{ subscription, from, to }`
#[napi(object)]
pub struct ChangeEffect {
    pub subscription: String,
    pub from: String,
    pub to: String,
}

/// `{ subscription, account }`
#[napi(object)]
pub struct CoAdministratorEffect {
    pub subscription: String,
    pub account: String,
}

/// `{ subscription, principal, role, scope }`
#[napi(object)]
pub struct RoleAssignmentEffect {
    pub subscription: String,
    pub principal: String,
    pub role: String,
    pub scope: String,
}

/// `{ partner, directory }`
#[napi(object)]
pub struct PartnerCreatedEffect {
    pub partner: String,
    pub directory: String,
}

/// One effect: exactly one key is set, e.g. `{ subscriptionMoved: { subscription, from, to } }`.
#[napi(object)]
#[derive(Default)]
pub struct Effect {
    pub directory_created: Option<DirectoryEffect>,
    pub account_created: Option<AccountEffect>,
    pub user_added: Option<UserAddedEffect>,
    pub directory_role_assigned: Option<DirectoryRoleEffect>,
    pub directory_role_removed: Option<DirectoryRoleEffect>,
    pub domain_added: Option<DomainAddedEffect>,
    pub subscription_created: Option<SubscriptionCreatedEffect>,
    pub subscription_moved: Option<ChangeEffect>,
    pub co_administrator_added: Option<CoAdministratorEffect>,
    pub co_administrator_removed: Option<CoAdministratorEffect>,
    pub role_assignment_added: Option<RoleAssignmentEffect>,
    pub role_assignment_removed: Option<RoleAssignmentEffect>,
    pub service_administrator_changed: Option<ChangeEffect>,
    pub partner_created: Option<PartnerCreatedEffect>,
}

impl From<tenantry::Effect> for Effect {
    fn from(e: tenantry::Effect) -> Self {
        use tenantry::Effect as E;
        let s = |name: tenantry::model::Name| name.to_string();
        let mut out = Effect::default();
        match e {
            E::DirectoryCreated { directory } => {
                out.directory_created = Some(DirectoryEffect {
                    directory: s(directory),
                })
            }
            E::AccountCreated { account } => {
                out.account_created = Some(AccountEffect {
                    account: s(account),
                })
            }
            E::UserAdded {
                directory,
                account,
                kind,
            } => {
                out.user_added = Some(UserAddedEffect {
                    directory: s(directory),
                    account: s(account),
                    kind: kind.to_string(),
                })
            }
            E::DirectoryRoleAssigned {
                directory,
                account,
                role,
            } => {
                out.directory_role_assigned = Some(DirectoryRoleEffect {
                    directory: s(directory),
                    account: s(account),
                    role: role.to_string(),
                })
            }
            E::DirectoryRoleRemoved {
                directory,
                account,
                role,
            } => {
                out.directory_role_removed = Some(DirectoryRoleEffect {
                    directory: s(directory),
                    account: s(account),
                    role: role.to_string(),
                })
            }
            E::DomainAdded { directory, domain } => {
                out.domain_added = Some(DomainAddedEffect {
                    directory: s(directory),
                    domain: s(domain),
                })
            }
            E::SubscriptionCreated {
                subscription,
                kind,
                directory,
            } => {
                out.subscription_created = Some(SubscriptionCreatedEffect {
                    subscription: s(subscription),
                    kind: kind.as_str().to_owned(),
                    directory: s(directory),
                })
            }
            E::SubscriptionMoved {
                subscription,
                from,
                to,
            } => {
                out.subscription_moved = Some(ChangeEffect {
                    subscription: s(subscription),
                    from: s(from),
                    to: s(to),
                })
            }
            E::CoAdministratorAdded {
                subscription,
                account,
            } => {
                out.co_administrator_added = Some(CoAdministratorEffect {
                    subscription: s(subscription),
                    account: s(account),
                })
            }
            E::CoAdministratorRemoved {
                subscription,
                account,
            } => {
                out.co_administrator_removed = Some(CoAdministratorEffect {
                    subscription: s(subscription),
                    account: s(account),
                })
            }
            E::RoleAssignmentAdded {
                subscription,
                principal,
                role,
                scope,
            } => {
                out.role_assignment_added = Some(RoleAssignmentEffect {
                    subscription: s(subscription),
                    principal: s(principal),
                    role: role.to_string(),
                    scope: scope.to_string(),
                })
            }
            E::RoleAssignmentRemoved {
                subscription,
                principal,
                role,
                scope,
            } => {
                out.role_assignment_removed = Some(RoleAssignmentEffect {
                    subscription: s(subscription),
                    principal: s(principal),
                    role: role.to_string(),
                    scope: scope.to_string(),
                })
            }
            E::ServiceAdministratorChanged {
                subscription,
                from,
                to,
            } => {
                out.service_administrator_changed = Some(ChangeEffect {
                    subscription: s(subscription),
                    from: s(from),
                    to: s(to),
                })
            }
            E::PartnerCreated { partner, directory } => {
                out.partner_created = Some(PartnerCreatedEffect {
                    partner: s(partner),
                    directory: s(directory),
                })
            }
        }
        out
    }
}

/// What an operation did, or would do.
#[napi(object)]
pub struct Outcome {
    /// Every effect, in order.
    pub effects: Vec<Effect>,
    /// The subscription created (`signUpOffice365`, `signUpAzure`,
    /// `buyOffice365`); absent in a plan, where it is written `*`.
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
#[napi(object)]
pub struct Decision {
    pub allowed: bool,
    /// The rule of the operation asked about, e.g. `'R6'`.
    pub rule: Option<String>,
    /// The refusal's code, when refused.
    pub code: Option<String>,
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

/// A user object: `{ kind, roles }`.
#[napi(object)]
pub struct User {
    pub kind: String,
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

/// The owner: `{ user }` for Azure, `{ directory }` for Office 365.
#[napi(object)]
pub struct Owner {
    pub user: Option<String>,
    pub directory: Option<String>,
}

/// One subscription.
#[napi(object)]
pub struct Subscription {
    pub id: String,
    pub name: String,
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
#[napi(object)]
pub struct RoleAssignment {
    pub principal: String,
    pub role: String,
    /// `'subscription'` or `'resource_group:<name>'`.
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
#[napi(object)]
pub struct Manager {
    pub account: String,
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
#[napi(object)]
pub struct Administered {
    pub subscription: String,
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
#[napi(object)]
pub struct Directory {
    pub id: String,
    pub name: String,
    pub initial_domain: String,
    pub verified_domains: Vec<String>,
    pub cloud: String,
    pub origin: String,
    pub users: u32,
    pub subscriptions: u32,
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
            users: u32::try_from(d.users).unwrap_or(u32::MAX),
            subscriptions: u32::try_from(d.subscriptions).unwrap_or(u32::MAX),
            partner: d.partner.map(str::to_owned),
        }
    }
}

/// An account's facts.
#[napi(object)]
pub struct Account {
    pub account: String,
    /// `'microsoft'` or `'work'`.
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
