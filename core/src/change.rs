//! Changes: the internal form of an effect, produced by an operation's
//! checks and applied to the state afterwards. Checks never mutate; applying
//! never fails. That split is what makes every operation atomic and every
//! plan exact: a plan is the list of changes, rendered, and not applied.

use crate::effect::{Convert, Effect, Named, Refs, RoleName, Scope};
use crate::model::{
    AccId, ChangeRequest, Cloud, DirId, DirScope, DirectoryRole, GdapId, GroupId, MgId, Name,
    Origin, PartnerId, Principal, Profile, RoleDefId, RoleRef, RoleSet, ScopeId, ScopeRef,
    ServicePrincipalKind, SpId, SubId, SubscriptionKind, SubscriptionPolicy, UserKind,
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

/// A group about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewGroup {
    pub(crate) id: GroupId,
    pub(crate) name: Name,
    pub(crate) directory: DirId,
    pub(crate) role_assignable: bool,
    /// The partner whose Admin Agents group this is.
    pub(crate) admin_agents_of: Option<PartnerId>,
}

/// A service principal or managed identity about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewServicePrincipal {
    pub(crate) id: SpId,
    pub(crate) name: Name,
    pub(crate) directory: DirId,
    pub(crate) kind: ServicePrincipalKind,
    pub(crate) resource: Option<Name>,
    pub(crate) subscription: Option<SubId>,
}

/// A custom role about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewRole {
    pub(crate) id: RoleDefId,
    pub(crate) name: Name,
    pub(crate) directory: DirId,
    pub(crate) actions: Vec<Name>,
    pub(crate) not_actions: Vec<Name>,
    pub(crate) assignable_scopes: Vec<NewScope>,
}

/// A management group about to be created.
#[derive(Debug, Clone)]
pub(crate) struct NewManagementGroup {
    pub(crate) id: MgId,
    pub(crate) name: Name,
    pub(crate) directory: DirId,
    pub(crate) parent: MgId,
}

/// A GDAP relationship about to be proposed.
#[derive(Debug, Clone)]
pub(crate) struct NewGdap {
    pub(crate) partner: PartnerId,
    pub(crate) customer: DirId,
    pub(crate) roles: RoleSet,
    pub(crate) duration_days: u16,
}

/// A resource about to be created (`create_resource`).
#[derive(Debug, Clone)]
pub(crate) struct NewResource {
    pub(crate) id: Name,
    pub(crate) kind: Name,
    pub(crate) subscription: SubId,
    /// The principals a key vault's access policies name.
    pub(crate) access_policies: Vec<Principal>,
    pub(crate) entra_authentication: bool,
    pub(crate) acls: bool,
}

/// A scope named by an operation: above a subscription, or inside one by
/// the spelling given (interned when applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NewScope {
    Dir(DirId, DirScope),
    Sub(SubId, Option<Name>),
}

impl NewScope {
    /// The subscription scope.
    pub(crate) fn sub(sub: SubId) -> Self {
        NewScope::Sub(sub, None)
    }
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
    /// `holder` is a user or a role-assignable group.
    AssignDirectoryRole {
        dir: DirId,
        holder: Principal,
        role: DirectoryRole,
    },
    RemoveDirectoryRole {
        dir: DirId,
        holder: Principal,
        role: DirectoryRole,
    },
    AddDomain {
        dir: DirId,
        domain: Name,
    },
    CreateSubscription(Box<NewSubscription>),
    /// Also places the subscription under the target's tenant root group
    /// and drops any pending change request.
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
    AddAssignment {
        scope: NewScope,
        principal: Principal,
        role: RoleRef,
        condition: Option<Name>,
    },
    /// `scope` is the existing assignment's scope.
    RemoveAssignment {
        scope: ScopeRef,
        principal: Principal,
        role: RoleRef,
    },
    SetServiceAdmin {
        sub: SubId,
        from: AccId,
        to: AccId,
    },
    /// The classic service administrator is dropped (the retirement).
    RemoveServiceAdmin {
        sub: SubId,
        acc: AccId,
    },
    CreatePartner(Box<NewPartner>),
    SetPolicy {
        dir: DirId,
        policy: Box<SubscriptionPolicy>,
    },
    CreateGroup(Box<NewGroup>),
    AddGroupMember {
        group: GroupId,
        member: Principal,
    },
    RemoveGroupMember {
        group: GroupId,
        member: Principal,
    },
    CreateServicePrincipal(Box<NewServicePrincipal>),
    CreateCustomRole(Box<NewRole>),
    DeleteCustomRole {
        role: RoleDefId,
    },
    CreateManagementGroup(Box<NewManagementGroup>),
    PlaceSubscription {
        sub: SubId,
        group: MgId,
    },
    RequestMove {
        sub: SubId,
        request: ChangeRequest,
    },
    CancelMove {
        sub: SubId,
    },
    CreateGdap(Box<NewGdap>),
    ApproveGdap {
        gdap: GdapId,
    },
    CreateResource(Box<NewResource>),
}

/// Effects as the event log keeps them: by arena position. Entities are
/// never deleted, so every position in the log stays valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Ids;

impl Refs for Ids {
    type Dir = DirId;
    type Acc = AccId;
    type Principal = Principal;
    type Sub = SubId;
    type Partner = PartnerId;
    type Scope = ScopeRef;
    type Role = RoleRef;
    type Group = MgId;
    type Name = Name;
    type Text = Name;
}

/// One entry of the event log: an applied change, by arena position.
pub(crate) type Event = Effect<Ids>;

impl Change {
    /// The event this change logs once applied. `added_scope` is the
    /// interned scope of an added assignment (interning happens on apply).
    pub(crate) fn event(&self, st: &State, added_scope: Option<ScopeRef>) -> Event {
        match self {
            Change::CreateDirectory(nd) => Effect::DirectoryCreated { directory: nd.id },
            Change::CreateAccount(na) => Effect::AccountCreated { account: na.id },
            Change::AddUser { dir, acc, kind } => Effect::UserAdded {
                directory: *dir,
                account: *acc,
                kind: *kind,
            },
            Change::AssignDirectoryRole { dir, holder, role } => Effect::DirectoryRoleAssigned {
                directory: *dir,
                account: *holder,
                role: *role,
            },
            Change::RemoveDirectoryRole { dir, holder, role } => Effect::DirectoryRoleRemoved {
                directory: *dir,
                account: *holder,
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
                scope,
                principal,
                role,
                condition,
            } => {
                let scope = added_scope.unwrap_or(match scope {
                    NewScope::Dir(dir, DirScope::Root) => ScopeRef::Root(*dir),
                    NewScope::Dir(_, DirScope::Group(mg)) => ScopeRef::Group(*mg),
                    NewScope::Sub(sub, _) => ScopeRef::Sub(*sub, ScopeId::SUBSCRIPTION),
                });
                let (subscription, directory) = place(st, scope);
                Effect::RoleAssignmentAdded {
                    subscription,
                    directory,
                    principal: *principal,
                    role: *role,
                    scope,
                    condition: condition.clone(),
                }
            }
            Change::RemoveAssignment {
                scope,
                principal,
                role,
            } => {
                let (subscription, directory) = place(st, *scope);
                Effect::RoleAssignmentRemoved {
                    subscription,
                    directory,
                    principal: *principal,
                    role: *role,
                    scope: *scope,
                    condition: None,
                }
            }
            Change::SetServiceAdmin { sub, from, to } => Effect::ServiceAdministratorChanged {
                subscription: *sub,
                from: *from,
                to: *to,
            },
            Change::RemoveServiceAdmin { sub, acc } => Effect::ServiceAdministratorRemoved {
                subscription: *sub,
                account: *acc,
            },
            Change::CreatePartner(np) => Effect::PartnerCreated {
                partner: np.id,
                directory: np.directory,
            },
            Change::SetPolicy { dir, policy } => Effect::SubscriptionPolicySet {
                directory: *dir,
                block_leaving: policy.block_leaving,
                block_entering: policy.block_entering,
            },
            Change::CreateGroup(ng) => Effect::GroupCreated {
                group: Principal::Group(ng.id),
                directory: ng.directory,
            },
            Change::AddGroupMember { group, member } => Effect::GroupMemberAdded {
                group: Principal::Group(*group),
                member: *member,
            },
            Change::RemoveGroupMember { group, member } => Effect::GroupMemberRemoved {
                group: Principal::Group(*group),
                member: *member,
            },
            Change::CreateServicePrincipal(ns) => Effect::ServicePrincipalCreated {
                principal: Principal::App(ns.id),
                directory: ns.directory,
                kind: ns.kind,
            },
            Change::CreateCustomRole(nr) => Effect::CustomRoleCreated {
                role: RoleRef::Custom(nr.id),
                directory: nr.directory,
            },
            Change::DeleteCustomRole { role } => Effect::CustomRoleDeleted {
                role: RoleRef::Custom(*role),
            },
            Change::CreateManagementGroup(nm) => Effect::ManagementGroupCreated {
                management_group: nm.id,
                directory: nm.directory,
                parent: nm.parent,
            },
            Change::PlaceSubscription { sub, group } => Effect::SubscriptionPlaced {
                subscription: *sub,
                management_group: *group,
            },
            Change::RequestMove { sub, request } => Effect::DirectoryChangeRequested {
                subscription: *sub,
                to: request.to,
            },
            Change::CancelMove { sub } => Effect::DirectoryChangeCancelled { subscription: *sub },
            Change::CreateGdap(ng) => Effect::GdapRelationshipCreated {
                partner: ng.partner,
                directory: ng.customer,
            },
            Change::ApproveGdap { gdap } => {
                let g = st.gdap(*gdap);
                Effect::GdapRelationshipApproved {
                    partner: g.partner,
                    directory: g.customer,
                }
            }
            Change::CreateResource(nr) => Effect::ResourceCreated {
                subscription: nr.subscription,
                resource: nr.id.clone(),
                resource_type: nr.kind.clone(),
            },
        }
    }
}

/// The subscription or directory an assignment's effect names.
fn place(st: &State, scope: ScopeRef) -> (Option<SubId>, Option<DirId>) {
    match scope {
        ScopeRef::Sub(sub, _) => (Some(sub), None),
        ScopeRef::Root(dir) => (None, Some(dir)),
        ScopeRef::Group(mg) => (None, st.mgs.get(mg.idx()).map(|m| m.directory)),
    }
}

/// Names what events refer to, for rendering: from the state, or from the
/// creations in a list of changes not yet applied (a plan).
struct Renderer<'a> {
    state: &'a State,
    pending: &'a [Change],
    /// The scope rendered last: a move's thousands of removals share one,
    /// and an ARM path is formatted once, not once per effect.
    last_scope: Option<(ScopeRef, Scope)>,
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
            Ok(effect) => effect,
            Err(never) => match never {},
        }
    }

    /// A scope named by an operation, before it is interned.
    fn new_scope(&mut self, scope: &NewScope) -> Scope {
        let current = self.state.profile == Profile::Current;
        match scope {
            NewScope::Dir(_, DirScope::Root) => Scope::Path("/".into()),
            NewScope::Dir(_, DirScope::Group(mg)) => {
                let Ok(name) = self.group(*mg);
                Scope::Path(management_group_path(&name))
            }
            NewScope::Sub(sub, path) => {
                let Ok(id) = self.sub(*sub);
                match path {
                    None if !current => Scope::Subscription,
                    None => Scope::Path(format!("/subscriptions/{id}").into()),
                    Some(rg) if !current && !rg.contains('/') => Scope::ResourceGroup(rg.clone()),
                    Some(path) => {
                        Scope::Path(format!("/subscriptions/{id}/resourceGroups/{path}").into())
                    }
                }
            }
        }
    }
}

/// A management group's ARM path.
pub(crate) fn management_group_path(name: &str) -> Name {
    format!("/providers/Microsoft.Management/managementGroups/{name}").into()
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

    fn principal(&mut self, p: Principal) -> Result<Name, Infallible> {
        if let Some(name) = self.state.principal_name(p) {
            return Ok(name);
        }
        Ok(match p {
            Principal::User(acc) => return self.acc(acc),
            Principal::Group(g) | Principal::ForeignGroup(g) => {
                let found = self.pending.iter().find_map(|c| match c {
                    Change::CreateGroup(ng) if ng.id == g => Some((ng.name.clone(), ng.directory)),
                    _ => None,
                });
                match found {
                    // Another group of that name: the new one goes by its
                    // object id, which it gets when applied (FORMAT.md's `*`).
                    Some((name, dir)) if !self.state.groups_named(dir, &name).is_empty() => {
                        Name::from("id:*")
                    }
                    Some((name, dir)) => {
                        let Ok(domain) = self.dir(dir);
                        let prefix = if matches!(p, Principal::ForeignGroup(_)) {
                            "foreign-group"
                        } else {
                            "group"
                        };
                        format!("{prefix}:{name}@{domain}").into()
                    }
                    None => Name::from("*"),
                }
            }
            Principal::App(sp) => {
                let found = self.pending.iter().find_map(|c| match c {
                    Change::CreateServicePrincipal(ns) if ns.id == sp => {
                        Some((ns.name.clone(), ns.directory))
                    }
                    _ => None,
                });
                match found {
                    Some((name, dir)) if !self.state.sps_named(dir, &name).is_empty() => {
                        Name::from("id:*")
                    }
                    Some((name, dir)) => {
                        let Ok(domain) = self.dir(dir);
                        format!("sp:{name}@{domain}").into()
                    }
                    None => Name::from("*"),
                }
            }
        })
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

    fn scope(&mut self, scope: ScopeRef) -> Result<Scope, Infallible> {
        if let Some((last, rendered)) = &self.last_scope {
            if *last == scope {
                return Ok(rendered.clone());
            }
        }
        let rendered = self.state.scope(scope);
        self.last_scope = Some((scope, rendered.clone()));
        Ok(rendered)
    }

    fn role(&mut self, role: RoleRef) -> Result<RoleName, Infallible> {
        Ok(match role {
            RoleRef::Builtin(r) => RoleName::Builtin(r),
            RoleRef::Custom(id) => RoleName::Custom(match self.state.custom_roles.get(id.idx()) {
                Some(r) => r.name.clone(),
                None => self.pending_name(|c| match c {
                    Change::CreateCustomRole(nr) if nr.id == id => Some(&nr.name),
                    _ => None,
                }),
            }),
        })
    }

    fn group(&mut self, id: MgId) -> Result<Name, Infallible> {
        Ok(match self.state.mgs.get(id.idx()) {
            Some(m) => m.name.clone(),
            None => self.pending_name(|c| match c {
                Change::CreateManagementGroup(nm) if nm.id == id => Some(&nm.name),
                _ => None,
            }),
        })
    }

    fn name(&mut self, name: Name) -> Result<Name, Infallible> {
        Ok(name)
    }

    fn text(&mut self, text: Name) -> Result<Name, Infallible> {
        Ok(text)
    }
}

/// Renders changes as effects. Works before they are applied (a plan) and
/// after (the outcome).
pub(crate) fn render(state: &State, changes: &[Change]) -> Vec<Effect> {
    let mut renderer = Renderer {
        state,
        pending: changes,
        last_scope: None,
    };
    changes
        .iter()
        .map(|c| match c {
            // Before applying, a scope inside a subscription may not be
            // interned yet: render the spelling given.
            Change::AddAssignment {
                scope,
                principal,
                role,
                condition,
            } => {
                let (subscription, directory) = match scope {
                    NewScope::Sub(sub, _) => (Some(renderer.sub(*sub)), None),
                    NewScope::Dir(dir, _) => (None, Some(renderer.dir(*dir))),
                };
                let Ok(principal) = renderer.principal(*principal);
                let Ok(role) = renderer.role(*role);
                Effect::RoleAssignmentAdded {
                    subscription: subscription.map(|Ok(s)| s),
                    directory: directory.map(|Ok(d)| d),
                    principal,
                    role,
                    scope: renderer.new_scope(scope),
                    condition: condition.clone(),
                }
            }
            other => renderer.render(other.event(state, None)),
        })
        .collect()
}

/// Renders one entry of the event log.
pub(crate) fn render_event(state: &State, event: &Event) -> Effect {
    Renderer {
        state,
        pending: &[],
        last_scope: None,
    }
    .render(event.clone())
}
