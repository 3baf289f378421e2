//! Changes: the internal form of an effect, produced by an operation's
//! checks and applied to the state afterwards. Checks never mutate; applying
//! never fails. That split is what makes every operation atomic and every
//! plan exact: a plan is the list of changes, rendered, and not applied.

use crate::effect::{Effect, Scope, SubscriptionKind};
use crate::model::{
    AccId, Cloud, DirId, DirectoryRole, Origin, PartnerId, RbacRole, ScopeId, SubId, UserKind,
};
use crate::state::State;

/// A directory about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewDirectory {
    pub(crate) id: DirId,
    pub(crate) name: Box<str>,
    pub(crate) initial_domain: Box<str>,
    pub(crate) cloud: Cloud,
    pub(crate) origin: Origin,
    /// The Microsoft account whose default directory this becomes.
    pub(crate) default_for: Option<AccId>,
}

/// An account about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewAccount {
    pub(crate) id: AccId,
    pub(crate) reference: Box<str>,
    pub(crate) name: Option<Box<str>>,
    /// `None` for a Microsoft account.
    pub(crate) home: Option<DirId>,
}

/// What kind of subscription is about to be created.
#[derive(Debug, Clone)]
pub(crate) enum NewPlan {
    Azure { offer: Box<str>, admin: AccId },
    Office365 { plan: Box<str>, seats: u32 },
}

/// A subscription about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewSubscription {
    pub(crate) id: SubId,
    pub(crate) name: Box<str>,
    pub(crate) directory: DirId,
    pub(crate) plan: NewPlan,
}

/// A Partner Center account about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewPartner {
    pub(crate) id: PartnerId,
    pub(crate) name: Box<str>,
    pub(crate) directory: DirId,
    pub(crate) admin: AccId,
}

/// One change to the state.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    CreateDirectory(Box<NewDirectory>),
    CreateAccount(Box<NewAccount>),
    AddUser {
        dir: DirId,
        acc: AccId,
        kind: UserKind,
    },
    AssignDirectoryRole {
        dir: DirId,
        acc: AccId,
        role: DirectoryRole,
    },
    RemoveDirectoryRole {
        dir: DirId,
        acc: AccId,
        role: DirectoryRole,
    },
    AddDomain {
        dir: DirId,
        domain: Box<str>,
    },
    CreateSubscription(Box<NewSubscription>),
    MoveSubscription {
        sub: SubId,
        from: DirId,
        to: DirId,
    },
    AddCoAdmin {
        sub: SubId,
        acc: AccId,
    },
    RemoveCoAdmin {
        sub: SubId,
        acc: AccId,
    },
    /// `resource_group` is the spelling given; interned when applied.
    AddAssignment {
        sub: SubId,
        principal: AccId,
        role: RbacRole,
        resource_group: Option<Box<str>>,
    },
    /// `scope` is the existing assignment's scope.
    RemoveAssignment {
        sub: SubId,
        principal: AccId,
        role: RbacRole,
        scope: ScopeId,
    },
    SetServiceAdmin {
        sub: SubId,
        from: AccId,
        to: AccId,
    },
    CreatePartner(Box<NewPartner>),
}

/// One entry of the event log: an applied change, by index. Entities are
/// never deleted, so every index in the log stays valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    DirectoryCreated(DirId),
    AccountCreated(AccId),
    UserAdded {
        dir: DirId,
        acc: AccId,
        kind: UserKind,
    },
    DirectoryRoleAssigned {
        dir: DirId,
        acc: AccId,
        role: DirectoryRole,
    },
    DirectoryRoleRemoved {
        dir: DirId,
        acc: AccId,
        role: DirectoryRole,
    },
    DomainAdded {
        dir: DirId,
        domain: Box<str>,
    },
    SubscriptionCreated {
        sub: SubId,
        dir: DirId,
    },
    SubscriptionMoved {
        sub: SubId,
        from: DirId,
        to: DirId,
    },
    CoAdministratorAdded {
        sub: SubId,
        acc: AccId,
    },
    CoAdministratorRemoved {
        sub: SubId,
        acc: AccId,
    },
    RoleAssignmentAdded {
        sub: SubId,
        principal: AccId,
        role: RbacRole,
        scope: ScopeId,
    },
    RoleAssignmentRemoved {
        sub: SubId,
        principal: AccId,
        role: RbacRole,
        scope: ScopeId,
    },
    ServiceAdministratorChanged {
        sub: SubId,
        from: AccId,
        to: AccId,
    },
    PartnerCreated {
        partner: PartnerId,
        dir: DirId,
    },
}

/// Names entities for rendering: from the state, or from the creations in
/// a list of changes not yet applied.
struct Names<'a> {
    state: &'a State,
    pending: &'a [Change],
}

impl Names<'_> {
    fn directory(&self, id: DirId) -> String {
        if let Some(d) = self.state.dirs.get(id.idx()) {
            return d.initial_domain.to_string();
        }
        self.pending
            .iter()
            .find_map(|c| match c {
                Change::CreateDirectory(nd) if nd.id == id => Some(nd.initial_domain.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| "*".into())
    }

    fn account(&self, id: AccId) -> String {
        if let Some(a) = self.state.accounts.get(id.idx()) {
            return a.reference.to_string();
        }
        self.pending
            .iter()
            .find_map(|c| match c {
                Change::CreateAccount(na) if na.id == id => Some(na.reference.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| "*".into())
    }

    /// A subscription not created yet is written `*` (FORMAT.md).
    fn subscription(&self, id: SubId) -> String {
        self.state
            .subs
            .get(id.idx())
            .map(|s| s.id.to_string())
            .unwrap_or_else(|| "*".into())
    }

    fn partner(&self, id: PartnerId) -> String {
        if let Some(p) = self.state.partners.get(id.idx()) {
            return p.name.to_string();
        }
        self.pending
            .iter()
            .find_map(|c| match c {
                Change::CreatePartner(np) if np.id == id => Some(np.name.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| "*".into())
    }

    fn scope(&self, scope: ScopeId) -> Scope {
        Scope::of(self.state.rgs.name(scope))
    }
}

/// Renders changes as effects. Works before they are applied (a plan) and
/// after (the outcome).
pub(crate) fn render(state: &State, changes: &[Change]) -> Vec<Effect> {
    let n = Names {
        state,
        pending: changes,
    };
    changes
        .iter()
        .map(|c| match c {
            Change::CreateDirectory(nd) => Effect::DirectoryCreated {
                directory: nd.initial_domain.to_string(),
            },
            Change::CreateAccount(na) => Effect::AccountCreated {
                account: na.reference.to_string(),
            },
            Change::AddUser { dir, acc, kind } => Effect::UserAdded {
                directory: n.directory(*dir),
                account: n.account(*acc),
                kind: *kind,
            },
            Change::AssignDirectoryRole { dir, acc, role } => Effect::DirectoryRoleAssigned {
                directory: n.directory(*dir),
                account: n.account(*acc),
                role: *role,
            },
            Change::RemoveDirectoryRole { dir, acc, role } => Effect::DirectoryRoleRemoved {
                directory: n.directory(*dir),
                account: n.account(*acc),
                role: *role,
            },
            Change::AddDomain { dir, domain } => Effect::DomainAdded {
                directory: n.directory(*dir),
                domain: domain.to_string(),
            },
            Change::CreateSubscription(ns) => Effect::SubscriptionCreated {
                subscription: n.subscription(ns.id),
                kind: match ns.plan {
                    NewPlan::Azure { .. } => SubscriptionKind::Azure,
                    NewPlan::Office365 { .. } => SubscriptionKind::Office365,
                },
                directory: n.directory(ns.directory),
            },
            Change::MoveSubscription { sub, from, to } => Effect::SubscriptionMoved {
                subscription: n.subscription(*sub),
                from: n.directory(*from),
                to: n.directory(*to),
            },
            Change::AddCoAdmin { sub, acc } => Effect::CoAdministratorAdded {
                subscription: n.subscription(*sub),
                account: n.account(*acc),
            },
            Change::RemoveCoAdmin { sub, acc } => Effect::CoAdministratorRemoved {
                subscription: n.subscription(*sub),
                account: n.account(*acc),
            },
            Change::AddAssignment {
                sub,
                principal,
                role,
                resource_group,
            } => Effect::RoleAssignmentAdded {
                subscription: n.subscription(*sub),
                principal: n.account(*principal),
                role: *role,
                scope: Scope::of(resource_group.as_deref()),
            },
            Change::RemoveAssignment {
                sub,
                principal,
                role,
                scope,
            } => Effect::RoleAssignmentRemoved {
                subscription: n.subscription(*sub),
                principal: n.account(*principal),
                role: *role,
                scope: n.scope(*scope),
            },
            Change::SetServiceAdmin { sub, from, to } => Effect::ServiceAdministratorChanged {
                subscription: n.subscription(*sub),
                from: n.account(*from),
                to: n.account(*to),
            },
            Change::CreatePartner(np) => Effect::PartnerCreated {
                partner: np.name.to_string(),
                directory: n.directory(np.directory),
            },
        })
        .collect()
}

/// Renders one entry of the event log.
pub(crate) fn render_event(state: &State, event: &Event) -> Effect {
    let n = Names {
        state,
        pending: &[],
    };
    match event {
        Event::DirectoryCreated(dir) => Effect::DirectoryCreated {
            directory: n.directory(*dir),
        },
        Event::AccountCreated(acc) => Effect::AccountCreated {
            account: n.account(*acc),
        },
        Event::UserAdded { dir, acc, kind } => Effect::UserAdded {
            directory: n.directory(*dir),
            account: n.account(*acc),
            kind: *kind,
        },
        Event::DirectoryRoleAssigned { dir, acc, role } => Effect::DirectoryRoleAssigned {
            directory: n.directory(*dir),
            account: n.account(*acc),
            role: *role,
        },
        Event::DirectoryRoleRemoved { dir, acc, role } => Effect::DirectoryRoleRemoved {
            directory: n.directory(*dir),
            account: n.account(*acc),
            role: *role,
        },
        Event::DomainAdded { dir, domain } => Effect::DomainAdded {
            directory: n.directory(*dir),
            domain: domain.to_string(),
        },
        Event::SubscriptionCreated { sub, dir } => Effect::SubscriptionCreated {
            subscription: n.subscription(*sub),
            kind: state.sub_kind(*sub),
            directory: n.directory(*dir),
        },
        Event::SubscriptionMoved { sub, from, to } => Effect::SubscriptionMoved {
            subscription: n.subscription(*sub),
            from: n.directory(*from),
            to: n.directory(*to),
        },
        Event::CoAdministratorAdded { sub, acc } => Effect::CoAdministratorAdded {
            subscription: n.subscription(*sub),
            account: n.account(*acc),
        },
        Event::CoAdministratorRemoved { sub, acc } => Effect::CoAdministratorRemoved {
            subscription: n.subscription(*sub),
            account: n.account(*acc),
        },
        Event::RoleAssignmentAdded {
            sub,
            principal,
            role,
            scope,
        } => Effect::RoleAssignmentAdded {
            subscription: n.subscription(*sub),
            principal: n.account(*principal),
            role: *role,
            scope: n.scope(*scope),
        },
        Event::RoleAssignmentRemoved {
            sub,
            principal,
            role,
            scope,
        } => Effect::RoleAssignmentRemoved {
            subscription: n.subscription(*sub),
            principal: n.account(*principal),
            role: *role,
            scope: n.scope(*scope),
        },
        Event::ServiceAdministratorChanged { sub, from, to } => {
            Effect::ServiceAdministratorChanged {
                subscription: n.subscription(*sub),
                from: n.account(*from),
                to: n.account(*to),
            }
        }
        Event::PartnerCreated { partner, dir } => Effect::PartnerCreated {
            partner: n.partner(*partner),
            directory: n.directory(*dir),
        },
    }
}
