//! Changes: the internal form of an effect, produced by an operation's
//! checks and applied to the state afterwards. Checks never mutate; applying
//! never fails. That split is what makes every operation atomic and every
//! plan exact: a plan is the list of changes, rendered, and not applied.

use crate::effect::{Convert, Effect, Named, Refs, Scope};
use crate::model::{
    AccId, Cloud, DirId, DirectoryRole, Name, Origin, PartnerId, Profile, RbacRole, ScopeId, SubId,
    SubscriptionKind, SubscriptionPolicy, UserKind,
};
use crate::state::State;
use std::convert::Infallible;

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
    /// An Azure subscription; under the current rules it has no service
    /// administrator.
    Azure {
        offer: Box<str>,
        account_admin: AccId,
        service_admin: Option<AccId>,
    },
    Office365 {
        plan: Box<str>,
        seats: u32,
    },
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
    /// A Global Administrator elevates: User Access Administrator at `/`.
    Elevate {
        dir: DirId,
        acc: AccId,
    },
    RemoveElevation {
        dir: DirId,
        acc: AccId,
    },
    SetPolicy {
        dir: DirId,
        policy: Box<SubscriptionPolicy>,
    },
}

/// Effects as the event log keeps them: by arena position. Entities are
/// never deleted, so every position in the log stays valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Ids;

impl Refs for Ids {
    type Dir = DirId;
    type Acc = AccId;
    type Principal = AccId;
    type Sub = SubId;
    type Partner = PartnerId;
    type Scope = ScopeId;
    type Name = Name;
}

/// One entry of the event log: an applied change, by arena position.
pub(crate) type Event = Effect<Ids>;

impl Change {
    /// The event this change logs once applied. `added_scope` is the
    /// interned scope of an added assignment (interning happens on apply).
    pub(crate) fn event(&self, added_scope: ScopeId) -> Event {
        match self {
            Change::CreateDirectory(nd) => Effect::DirectoryCreated { directory: nd.id },
            Change::CreateAccount(na) => Effect::AccountCreated { account: na.id },
            Change::AddUser { dir, acc, kind } => Effect::UserAdded {
                directory: *dir,
                account: *acc,
                kind: *kind,
            },
            Change::AssignDirectoryRole { dir, acc, role } => Effect::DirectoryRoleAssigned {
                directory: *dir,
                account: *acc,
                role: *role,
            },
            Change::RemoveDirectoryRole { dir, acc, role } => Effect::DirectoryRoleRemoved {
                directory: *dir,
                account: *acc,
                role: *role,
            },
            Change::AddDomain { dir, domain } => Effect::DomainAdded {
                directory: *dir,
                domain: domain.clone(),
            },
            Change::CreateSubscription(ns) => Effect::SubscriptionCreated {
                subscription: ns.id,
                kind: match ns.plan {
                    NewPlan::Azure { .. } => SubscriptionKind::Azure,
                    NewPlan::Office365 { .. } => SubscriptionKind::Office365,
                },
                directory: ns.directory,
            },
            Change::MoveSubscription { sub, from, to } => Effect::SubscriptionMoved {
                subscription: *sub,
                from: *from,
                to: *to,
            },
            Change::AddCoAdmin { sub, acc } => Effect::CoAdministratorAdded {
                subscription: *sub,
                account: *acc,
            },
            Change::RemoveCoAdmin { sub, acc } => Effect::CoAdministratorRemoved {
                subscription: *sub,
                account: *acc,
            },
            Change::AddAssignment {
                sub,
                principal,
                role,
                ..
            } => Effect::RoleAssignmentAdded {
                subscription: Some(*sub),
                directory: None,
                principal: *principal,
                role: *role,
                scope: added_scope,
            },
            Change::RemoveAssignment {
                sub,
                principal,
                role,
                scope,
            } => Effect::RoleAssignmentRemoved {
                subscription: Some(*sub),
                directory: None,
                principal: *principal,
                role: *role,
                scope: *scope,
            },
            Change::SetServiceAdmin { sub, from, to } => Effect::ServiceAdministratorChanged {
                subscription: *sub,
                from: *from,
                to: *to,
            },
            Change::CreatePartner(np) => Effect::PartnerCreated {
                partner: np.id,
                directory: np.directory,
            },
            Change::Elevate { dir, acc } => Effect::RoleAssignmentAdded {
                subscription: None,
                directory: Some(*dir),
                principal: *acc,
                role: RbacRole::UserAccessAdministrator,
                scope: ScopeId::ROOT,
            },
            Change::RemoveElevation { dir, acc } => Effect::RoleAssignmentRemoved {
                subscription: None,
                directory: Some(*dir),
                principal: *acc,
                role: RbacRole::UserAccessAdministrator,
                scope: ScopeId::ROOT,
            },
            Change::SetPolicy { dir, policy } => Effect::SubscriptionPolicySet {
                directory: *dir,
                block_leaving: policy.block_leaving,
                block_entering: policy.block_entering,
            },
        }
    }
}

/// Names what events refer to, for rendering: from the state, or from the
/// creations in a list of changes not yet applied (a plan).
struct Renderer<'a> {
    state: &'a State,
    pending: &'a [Change],
}

impl Renderer<'_> {
    fn pending_name<'c>(&'c self, found: impl Fn(&'c Change) -> Option<&'c Name>) -> Name {
        self.pending
            .iter()
            .find_map(found)
            .cloned()
            .unwrap_or_else(|| Name::from("*"))
    }

    fn render(&mut self, event: Event) -> Effect {
        match event.try_map(self) {
            Ok(effect) => self.in_profile(effect),
            Err(never) => match never {},
        }
    }

    /// Under the current rules, role assignments' scopes as ARM paths.
    fn in_profile(&self, effect: Effect) -> Effect {
        if self.state.profile == Profile::Classic {
            return effect;
        }
        match effect {
            Effect::RoleAssignmentAdded {
                principal,
                role,
                scope,
                subscription,
                directory,
            } => Effect::RoleAssignmentAdded {
                scope: arm_path(scope, subscription.as_deref()),
                principal,
                role,
                subscription,
                directory,
            },
            Effect::RoleAssignmentRemoved {
                principal,
                role,
                scope,
                subscription,
                directory,
            } => Effect::RoleAssignmentRemoved {
                scope: arm_path(scope, subscription.as_deref()),
                principal,
                role,
                subscription,
                directory,
            },
            other => other,
        }
    }
}

/// A scope relative to its subscription as an ARM path:
/// `/subscriptions/<id>` or `/subscriptions/<id>/resourceGroups/<name>`.
pub(crate) fn arm_path(scope: Scope, subscription: Option<&str>) -> Scope {
    match (scope, subscription) {
        (Scope::Subscription, Some(sub)) => Scope::Path(format!("/subscriptions/{sub}").into()),
        (Scope::ResourceGroup(rg), Some(sub)) => {
            Scope::Path(format!("/subscriptions/{sub}/resourceGroups/{rg}").into())
        }
        (scope, _) => scope,
    }
}

impl Convert<Ids, Named> for Renderer<'_> {
    type Error = Infallible;

    fn dir(&mut self, id: DirId) -> Result<Name, Infallible> {
        Ok(match self.state.dirs.get(id.idx()) {
            Some(d) => d.initial_domain.clone(),
            None => self.pending_name(|c| match c {
                Change::CreateDirectory(nd) if nd.id == id => Some(&nd.initial_domain),
                _ => None,
            }),
        })
    }

    fn principal(&mut self, id: AccId) -> Result<Name, Infallible> {
        self.acc(id)
    }

    fn acc(&mut self, id: AccId) -> Result<Name, Infallible> {
        Ok(match self.state.accounts.get(id.idx()) {
            Some(a) => a.reference.clone(),
            None => self.pending_name(|c| match c {
                Change::CreateAccount(na) if na.id == id => Some(&na.reference),
                _ => None,
            }),
        })
    }

    /// A subscription not created yet is written `*` (FORMAT.md).
    fn sub(&mut self, id: SubId) -> Result<Name, Infallible> {
        Ok(self
            .state
            .subs
            .get(id.idx())
            .map_or_else(|| Name::from("*"), |s| s.key.clone()))
    }

    fn partner(&mut self, id: PartnerId) -> Result<Name, Infallible> {
        Ok(match self.state.partners.get(id.idx()) {
            Some(p) => p.name.clone(),
            None => self.pending_name(|c| match c {
                Change::CreatePartner(np) if np.id == id => Some(&np.name),
                _ => None,
            }),
        })
    }

    fn scope(&mut self, scope: ScopeId) -> Result<Scope, Infallible> {
        Ok(self.state.rgs.scope(scope))
    }

    fn name(&mut self, name: Name) -> Result<Name, Infallible> {
        Ok(name)
    }
}

/// Renders changes as effects. Works before they are applied (a plan) and
/// after (the outcome).
pub(crate) fn render(state: &State, changes: &[Change]) -> Vec<Effect> {
    let mut renderer = Renderer {
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
            } => {
                let Ok(subscription) = renderer.sub(*sub);
                let Ok(principal) = renderer.acc(*principal);
                renderer.in_profile(Effect::RoleAssignmentAdded {
                    subscription: Some(subscription),
                    directory: None,
                    principal,
                    role: *role,
                    scope: resource_group
                        .clone()
                        .map_or(Scope::Subscription, Scope::ResourceGroup),
                })
            }
            other => renderer.render(other.event(ScopeId::SUBSCRIPTION)),
        })
        .collect()
}

/// Renders one entry of the event log.
pub(crate) fn render_event(state: &State, event: &Event) -> Effect {
    Renderer {
        state,
        pending: &[],
    }
    .render(event.clone())
}
