//! Changes: the internal form of an effect, produced by an operation's
//! checks and applied to the state afterwards. Checks never mutate; applying
//! never fails. That split is what makes every operation atomic and every
//! plan exact: a plan is the list of changes, rendered, and not applied.

use crate::effect::{Effect, Scope, SubscriptionKind};
use crate::model::{
    AccId, Cloud, DirId, DirectoryRole, Name, Origin, PartnerId, RbacRole, ScopeId, SubId, UserKind,
};
use crate::state::State;

/// A directory about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewDirectory {
    pub(crate) id: DirId,
    pub(crate) name: Box<str>,
    pub(crate) initial_domain: Name,
    pub(crate) cloud: Cloud,
    pub(crate) origin: Origin,
    /// The Microsoft account whose default directory this becomes.
    pub(crate) default_for: Option<AccId>,
}

/// An account about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewAccount {
    pub(crate) id: AccId,
    pub(crate) reference: Name,
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
    pub(crate) name: Name,
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
        domain: Name,
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
        resource_group: Option<Name>,
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
        domain: Name,
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

impl Change {
    /// The event this change logs once applied. `added_scope` is the
    /// interned scope of an added assignment (interning happens on apply).
    pub(crate) fn event(&self, added_scope: ScopeId) -> Event {
        match self {
            Change::CreateDirectory(nd) => Event::DirectoryCreated(nd.id),
            Change::CreateAccount(na) => Event::AccountCreated(na.id),
            Change::AddUser { dir, acc, kind } => Event::UserAdded {
                dir: *dir,
                acc: *acc,
                kind: *kind,
            },
            Change::AssignDirectoryRole { dir, acc, role } => Event::DirectoryRoleAssigned {
                dir: *dir,
                acc: *acc,
                role: *role,
            },
            Change::RemoveDirectoryRole { dir, acc, role } => Event::DirectoryRoleRemoved {
                dir: *dir,
                acc: *acc,
                role: *role,
            },
            Change::AddDomain { dir, domain } => Event::DomainAdded {
                dir: *dir,
                domain: domain.clone(),
            },
            Change::CreateSubscription(ns) => Event::SubscriptionCreated {
                sub: ns.id,
                dir: ns.directory,
            },
            Change::MoveSubscription { sub, from, to } => Event::SubscriptionMoved {
                sub: *sub,
                from: *from,
                to: *to,
            },
            Change::AddCoAdmin { sub, acc } => Event::CoAdministratorAdded {
                sub: *sub,
                acc: *acc,
            },
            Change::RemoveCoAdmin { sub, acc } => Event::CoAdministratorRemoved {
                sub: *sub,
                acc: *acc,
            },
            Change::AddAssignment {
                sub,
                principal,
                role,
                ..
            } => Event::RoleAssignmentAdded {
                sub: *sub,
                principal: *principal,
                role: *role,
                scope: added_scope,
            },
            Change::RemoveAssignment {
                sub,
                principal,
                role,
                scope,
            } => Event::RoleAssignmentRemoved {
                sub: *sub,
                principal: *principal,
                role: *role,
                scope: *scope,
            },
            Change::SetServiceAdmin { sub, from, to } => Event::ServiceAdministratorChanged {
                sub: *sub,
                from: *from,
                to: *to,
            },
            Change::CreatePartner(np) => Event::PartnerCreated {
                partner: np.id,
                dir: np.directory,
            },
        }
    }
}

/// Names entities for rendering: from the state, or from the creations in
/// a list of changes not yet applied (a plan).
struct Names<'a> {
    state: &'a State,
    pending: &'a [Change],
}

impl Names<'_> {
    fn directory(&self, id: DirId) -> Name {
        match self.state.dirs.get(id.idx()) {
            Some(d) => d.initial_domain.clone(),
            None => self.pending_name(|c| match c {
                Change::CreateDirectory(nd) if nd.id == id => Some(&nd.initial_domain),
                _ => None,
            }),
        }
    }

    fn account(&self, id: AccId) -> Name {
        match self.state.accounts.get(id.idx()) {
            Some(a) => a.reference.clone(),
            None => self.pending_name(|c| match c {
                Change::CreateAccount(na) if na.id == id => Some(&na.reference),
                _ => None,
            }),
        }
    }

    fn partner(&self, id: PartnerId) -> Name {
        match self.state.partners.get(id.idx()) {
            Some(p) => p.name.clone(),
            None => self.pending_name(|c| match c {
                Change::CreatePartner(np) if np.id == id => Some(&np.name),
                _ => None,
            }),
        }
    }

    fn pending_name<'c>(&'c self, found: impl Fn(&'c Change) -> Option<&'c Name>) -> Name {
        self.pending
            .iter()
            .find_map(found)
            .cloned()
            .unwrap_or_else(|| Name::from("*"))
    }

    /// A subscription not created yet is written `*` (FORMAT.md).
    fn subscription(&self, id: SubId) -> Name {
        self.state
            .subs
            .get(id.idx())
            .map_or_else(|| Name::from("*"), |s| s.key.clone())
    }

    fn subscription_kind(&self, id: SubId) -> SubscriptionKind {
        if self.state.subs.get(id.idx()).is_some() {
            return self.state.sub_kind(id);
        }
        let pending = self.pending.iter().find_map(|c| match c {
            Change::CreateSubscription(ns) if ns.id == id => Some(&ns.plan),
            _ => None,
        });
        match pending {
            Some(NewPlan::Office365 { .. }) => SubscriptionKind::Office365,
            _ => SubscriptionKind::Azure,
        }
    }

    fn scope(&self, scope: ScopeId) -> Scope {
        self.state.rgs.scope(scope)
    }

    fn effect(&self, event: &Event) -> Effect {
        match event {
            Event::DirectoryCreated(dir) => Effect::DirectoryCreated {
                directory: self.directory(*dir),
            },
            Event::AccountCreated(acc) => Effect::AccountCreated {
                account: self.account(*acc),
            },
            Event::UserAdded { dir, acc, kind } => Effect::UserAdded {
                directory: self.directory(*dir),
                account: self.account(*acc),
                kind: *kind,
            },
            Event::DirectoryRoleAssigned { dir, acc, role } => Effect::DirectoryRoleAssigned {
                directory: self.directory(*dir),
                account: self.account(*acc),
                role: *role,
            },
            Event::DirectoryRoleRemoved { dir, acc, role } => Effect::DirectoryRoleRemoved {
                directory: self.directory(*dir),
                account: self.account(*acc),
                role: *role,
            },
            Event::DomainAdded { dir, domain } => Effect::DomainAdded {
                directory: self.directory(*dir),
                domain: domain.clone(),
            },
            Event::SubscriptionCreated { sub, dir } => Effect::SubscriptionCreated {
                subscription: self.subscription(*sub),
                kind: self.subscription_kind(*sub),
                directory: self.directory(*dir),
            },
            Event::SubscriptionMoved { sub, from, to } => Effect::SubscriptionMoved {
                subscription: self.subscription(*sub),
                from: self.directory(*from),
                to: self.directory(*to),
            },
            Event::CoAdministratorAdded { sub, acc } => Effect::CoAdministratorAdded {
                subscription: self.subscription(*sub),
                account: self.account(*acc),
            },
            Event::CoAdministratorRemoved { sub, acc } => Effect::CoAdministratorRemoved {
                subscription: self.subscription(*sub),
                account: self.account(*acc),
            },
            Event::RoleAssignmentAdded {
                sub,
                principal,
                role,
                scope,
            } => Effect::RoleAssignmentAdded {
                subscription: self.subscription(*sub),
                principal: self.account(*principal),
                role: *role,
                scope: self.scope(*scope),
            },
            Event::RoleAssignmentRemoved {
                sub,
                principal,
                role,
                scope,
            } => Effect::RoleAssignmentRemoved {
                subscription: self.subscription(*sub),
                principal: self.account(*principal),
                role: *role,
                scope: self.scope(*scope),
            },
            Event::ServiceAdministratorChanged { sub, from, to } => {
                Effect::ServiceAdministratorChanged {
                    subscription: self.subscription(*sub),
                    from: self.account(*from),
                    to: self.account(*to),
                }
            }
            Event::PartnerCreated { partner, dir } => Effect::PartnerCreated {
                partner: self.partner(*partner),
                directory: self.directory(*dir),
            },
        }
    }
}

/// Renders changes as effects. Works before they are applied (a plan) and
/// after (the outcome).
pub(crate) fn render(state: &State, changes: &[Change]) -> Vec<Effect> {
    let names = Names {
        state,
        pending: changes,
    };
    changes
        .iter()
        .map(|c| match c {
            // Before applying, the resource group may not be interned yet:
            // render the spelling given.
            Change::AddAssignment {
                sub,
                principal,
                role,
                resource_group,
            } => Effect::RoleAssignmentAdded {
                subscription: names.subscription(*sub),
                principal: names.account(*principal),
                role: *role,
                scope: resource_group
                    .clone()
                    .map_or(Scope::Subscription, Scope::ResourceGroup),
            },
            other => names.effect(&other.event(ScopeId::SUBSCRIPTION)),
        })
        .collect()
}

/// Renders one entry of the event log.
pub(crate) fn render_event(state: &State, event: &Event) -> Effect {
    Names {
        state,
        pending: &[],
    }
    .effect(event)
}
