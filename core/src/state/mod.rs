//! The state: arenas of entities, the indexes kept beside them (their
//! lookups are in [`lookup`]), the event log, and the one place changes are
//! applied.

mod lookup;
mod principals;
mod scopes;

use crate::change::{Change, Event, NewPlan, NewScope};
use crate::effect::SubscriptionKind;
use crate::ids::IdSource;
use crate::index::Index;
use crate::model::{
    sorted_insert, sorted_remove, AccId, Account, AccountKind, Assignment, At, Azure, ClassicRole,
    Cloud, CustomRole, DirId, DirScope, Directory, Gdap, GdapId, Group, GroupId, Held, HeldList,
    Inventory, ManagementGroup, Membership, MgId, Name, Partner, PartnerId, Plan, Principal,
    Profile, Resource, ResourceGroups, RoleDefId, RoleRef, RoleSet, ScopeId, ScopeRef,
    ServicePrincipal, SpId, SubId, Subscription, SubscriptionPolicy,
};
use foldhash::fast::RandomState;
pub(crate) use lookup::{split_msa, Matching, Resolution, Warming};
use lookup::{FastMap, FoldedIndex};
pub(crate) use principals::{DirNames, Holders, PrincipalRef, Unresolved};
pub(crate) use scopes::ScopePath;
use std::hash::BuildHasher;
use uuid::Uuid;

/// Everything tenantry knows.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    /// The rules it follows.
    pub(crate) profile: Profile,
    pub(crate) dirs: Vec<Directory>,
    pub(crate) accounts: Vec<Account>,
    pub(crate) subs: Vec<Subscription>,
    pub(crate) partners: Vec<Partner>,
    pub(crate) groups: Vec<Group>,
    pub(crate) sps: Vec<ServicePrincipal>,
    pub(crate) custom_roles: Vec<CustomRole>,
    pub(crate) mgs: Vec<ManagementGroup>,
    pub(crate) gdaps: Vec<Gdap>,
    pub(crate) resources: Vec<Resource>,
    /// Each subscription's resources and managed identities.
    inventories: FastMap<SubId, Inventory>,
    /// Resources by ARM id, lowercase (ARM ids compare case-insensitively).
    resource_ids: FastMap<Box<str>, u32>,
    pub(crate) events: Vec<Event>,
    pub(crate) rgs: ResourceGroups,
    /// Derived: each directory's cloud, compact, so cloud checks never
    /// touch the directory itself.
    pub(crate) dir_clouds: Vec<Cloud>,
    /// Every initial and verified domain, as given, with its directory.
    domain_names: Vec<(Name, DirId)>,
    domains: FoldedIndex,
    dir_ids: FastMap<Uuid, DirId>,
    /// Microsoft accounts by e-mail.
    msas: FoldedIndex,
    /// Work or school accounts by user principal name.
    works: FoldedIndex,
    /// Subscriptions by id.
    sub_ids: Index,
    uuid_hasher: RandomState,
    /// Partner names.
    partner_names: FoldedIndex,
    /// Groups, service principals and custom roles by directory and name;
    /// management groups by name in any directory.
    group_names: DirNames,
    sp_names: DirNames,
    role_names: DirNames,
    mg_names: DirNames,
    /// Custom roles by id.
    role_ids: FastMap<Uuid, RoleDefId>,
    /// Groups, service principals (by object and application id) and the
    /// users an import gave object ids, by object id.
    object_ids: FastMap<Uuid, Principal>,
    /// Users' object ids, where an import recorded them.
    pub(crate) user_ids: FastMap<(AccId, DirId), Uuid>,
    /// The conditions of conditional assignments, by scope, principal and
    /// role.
    pub(crate) conditions: FastMap<(At, Principal, RoleRef), Name>,
    /// Directory roles an import found that the model has no name for:
    /// (template id, display name) by holder and directory.
    pub(crate) other_roles: FastMap<(Principal, DirId), Vec<(Name, Name)>>,
}

impl State {
    // ----- entities --------------------------------------------------------

    pub(crate) fn dir(&self, id: DirId) -> &Directory {
        // Ids are only ever minted for entities in the arena.
        &self.dirs[id.idx()]
    }

    pub(crate) fn account(&self, id: AccId) -> &Account {
        &self.accounts[id.idx()]
    }

    pub(crate) fn sub(&self, id: SubId) -> &Subscription {
        &self.subs[id.idx()]
    }

    pub(crate) fn partner(&self, id: PartnerId) -> &Partner {
        &self.partners[id.idx()]
    }

    pub(crate) fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.idx()]
    }

    pub(crate) fn custom_role(&self, id: RoleDefId) -> &CustomRole {
        &self.custom_roles[id.idx()]
    }

    pub(crate) fn mg(&self, id: MgId) -> &ManagementGroup {
        &self.mgs[id.idx()]
    }

    pub(crate) fn gdap(&self, id: GdapId) -> &Gdap {
        &self.gdaps[id.idx()]
    }

    pub(crate) fn sub_kind(&self, id: SubId) -> SubscriptionKind {
        match self.sub(id).plan {
            Plan::Azure(_) => SubscriptionKind::Azure,
            Plan::Office365 { .. } => SubscriptionKind::Office365,
        }
    }

    /// The assignments a principal holds, sorted by scope.
    pub(crate) fn held(&self, p: Principal) -> &[Held] {
        match p.entity() {
            Principal::User(a) => self.accounts.get(a.idx()).map(|x| x.held.as_held()),
            Principal::Group(g) => self.groups.get(g.idx()).map(|x| x.held.as_held()),
            Principal::App(s) => self.sps.get(s.idx()).map(|x| x.held.as_held()),
            Principal::ForeignGroup(_) => None,
        }
        .unwrap_or_default()
    }

    /// Starts loading the assignments a principal holds.
    pub(crate) fn prefetch_held(&self, p: Principal) {
        if let Some(first) = self.held(p).first() {
            crate::index::prefetch(first);
        }
    }

    fn held_mut(&mut self, p: Principal) -> Option<&mut dyn HeldList> {
        match p.entity() {
            Principal::User(a) => self
                .accounts
                .get_mut(a.idx())
                .map(|x| &mut x.held as &mut dyn HeldList),
            Principal::Group(g) => self
                .groups
                .get_mut(g.idx())
                .map(|x| &mut x.held as &mut dyn HeldList),
            Principal::App(s) => self
                .sps
                .get_mut(s.idx())
                .map(|x| &mut x.held as &mut dyn HeldList),
            Principal::ForeignGroup(_) => None,
        }
    }

    /// A role definition's ARM `roleName`.
    pub(crate) fn role_name(&self, role: RoleRef) -> &str {
        match role {
            RoleRef::Builtin(r) => r.role_name(),
            RoleRef::Custom(id) => &self.custom_role(id).name,
        }
    }

    // ----- applying changes ------------------------------------------------

    /// Applies one checked change. Never fails: the checks that produced it
    /// established everything it relies on.
    pub(crate) fn apply(&mut self, change: &Change, ids: &mut IdSource) {
        let mut added_scope = None;
        match change {
            Change::CreateDirectory(nd) => {
                let id = ids.next_uuid();
                let dir = self.insert_directory(
                    id,
                    nd.name.clone(),
                    nd.initial_domain.clone(),
                    nd.cloud,
                    nd.origin,
                );
                if let Some(acc) = nd.default_for {
                    self.set_default_directory(acc, dir);
                }
            }
            Change::CreateAccount(na) => {
                let kind = match na.home {
                    Some(home) => AccountKind::Work { home },
                    None => AccountKind::Microsoft {
                        default_directory: None,
                    },
                };
                self.insert_account(Account::new(na.reference.clone(), na.name.clone(), kind));
            }
            Change::AddUser { dir, acc, kind } => self.add_user(*dir, *acc, *kind),
            Change::AssignDirectoryRole { dir, holder, role } => {
                self.set_role(*dir, *holder, *role, true)
            }
            Change::RemoveDirectoryRole { dir, holder, role } => {
                self.set_role(*dir, *holder, *role, false)
            }
            Change::AddDomain { dir, domain } => self.add_verified_domain(*dir, domain.clone()),
            Change::CreateSubscription(ns) => {
                let root = self.dir(ns.directory).root_group;
                let plan = match &ns.plan {
                    NewPlan::Azure {
                        offer,
                        account_admin,
                        service_admin,
                    } => Plan::Azure(Azure {
                        offer: offer.clone(),
                        account_admin: Some(*account_admin),
                        service_admin: *service_admin,
                        co_admins: Vec::new(),
                        assignments: Vec::new(),
                        management_group: root,
                        change_request: None,
                        managed_by: Vec::new(),
                    }),
                    NewPlan::Office365 { plan, seats } => Plan::Office365 {
                        plan: plan.clone(),
                        seats: *seats,
                    },
                };
                let id = ids.next_uuid();
                self.insert_subscription(Subscription {
                    id,
                    key: id.to_string().into(),
                    name: ns.name.clone(),
                    directory: ns.directory,
                    plan,
                });
            }
            Change::MoveSubscription { sub, from, to } => {
                let root = self.dir(*to).root_group;
                if let Some(s) = self.subs.get_mut(sub.idx()) {
                    s.directory = *to;
                    if let Some(a) = s.azure_mut() {
                        a.management_group = root;
                        a.change_request = None;
                    }
                }
                if let Some(d) = self.dirs.get_mut(from.idx()) {
                    sorted_remove(&mut d.subscriptions, sub);
                }
                if let Some(d) = self.dirs.get_mut(to.idx()) {
                    sorted_insert(&mut d.subscriptions, *sub);
                }
            }
            Change::AddCoAdmin { sub, acc } => {
                if let Some(a) = self.azure_mut(*sub) {
                    a.co_admins.push(*acc);
                }
                if let Some(a) = self.accounts.get_mut(acc.idx()) {
                    a.set_classic(*sub, ClassicRole::Co, true);
                }
            }
            Change::RemoveCoAdmin { sub, acc } => {
                if let Some(a) = self.azure_mut(*sub) {
                    a.co_admins.retain(|c| c != acc);
                }
                if let Some(a) = self.accounts.get_mut(acc.idx()) {
                    a.set_classic(*sub, ClassicRole::Co, false);
                }
            }
            Change::AddAssignment {
                scope,
                principal,
                role,
                condition,
            } => {
                let at = self.intern_scope(scope);
                added_scope = Some(at);
                self.add_assignment(at, *principal, *role, condition.clone());
            }
            Change::RemoveAssignment {
                scope,
                principal,
                role,
            } => self.remove_assignment(*scope, *principal, *role),
            Change::SetServiceAdmin { sub, from, to } => {
                if let Some(a) = self.azure_mut(*sub) {
                    a.service_admin = Some(*to);
                }
                if let Some(a) = self.accounts.get_mut(from.idx()) {
                    a.set_classic(*sub, ClassicRole::Service, false);
                }
                if let Some(a) = self.accounts.get_mut(to.idx()) {
                    a.set_classic(*sub, ClassicRole::Service, true);
                }
            }
            Change::RemoveServiceAdmin { sub, acc } => {
                if let Some(a) = self.azure_mut(*sub) {
                    a.service_admin = None;
                }
                if let Some(a) = self.accounts.get_mut(acc.idx()) {
                    a.set_classic(*sub, ClassicRole::Service, false);
                }
            }
            Change::CreatePartner(np) => {
                self.insert_partner(Partner {
                    name: np.name.clone(),
                    directory: np.directory,
                    admin: np.admin,
                    admin_agents: None,
                    gdap: Vec::new(),
                });
            }
            Change::SetPolicy { dir, policy } => {
                if let Some(d) = self.dirs.get_mut(dir.idx()) {
                    d.policy = Some(SubscriptionPolicy::clone(policy));
                }
            }
            Change::CreateGroup(ng) => {
                let id = ids.next_uuid();
                let group = self.insert_group(Group::new(
                    id,
                    ng.name.clone(),
                    ng.directory,
                    ng.role_assignable,
                ));
                if let Some(partner) = ng.admin_agents_of {
                    if let Some(p) = self.partners.get_mut(partner.idx()) {
                        p.admin_agents = Some(group);
                    }
                    if let Some(g) = self.groups.get_mut(group.idx()) {
                        g.admin_agents_of = Some(partner);
                    }
                }
            }
            Change::AddGroupMember { group, member } => self.add_member(*group, *member),
            Change::RemoveGroupMember { group, member } => self.remove_member(*group, *member),
            Change::CreateServicePrincipal(ns) => {
                let (id, app_id) = (ids.next_uuid(), ids.next_uuid());
                self.insert_sp(ServicePrincipal {
                    id,
                    app_id,
                    name: ns.name.clone(),
                    directory: ns.directory,
                    kind: ns.kind,
                    resource: ns.resource.clone(),
                    subscription: ns.subscription,
                    member_of: Default::default(),
                    held: Vec::new(),
                });
            }
            Change::CreateCustomRole(nr) => {
                let id = ids.next_uuid();
                let scopes = nr
                    .assignable_scopes
                    .iter()
                    .map(|s| self.intern_scope(s))
                    .collect();
                self.insert_custom_role(CustomRole::new(
                    id,
                    nr.name.clone(),
                    nr.directory,
                    nr.actions.clone(),
                    nr.not_actions.clone(),
                    scopes,
                ));
            }
            Change::DeleteCustomRole { role } => self.delete_custom_role(*role),
            Change::CreateManagementGroup(nm) => {
                let depth = self.mg(nm.parent).depth.saturating_add(1);
                self.insert_mg(ManagementGroup {
                    name: nm.name.clone(),
                    display_name: nm.name.as_ref().into(),
                    directory: nm.directory,
                    parent: Some(nm.parent),
                    depth,
                    assignments: Vec::new(),
                });
            }
            Change::PlaceSubscription { sub, group } => {
                if let Some(a) = self.azure_mut(*sub) {
                    a.management_group = *group;
                }
            }
            Change::RequestMove { sub, request } => {
                if let Some(a) = self.azure_mut(*sub) {
                    a.change_request = Some(*request);
                }
            }
            Change::CancelMove { sub } => {
                if let Some(a) = self.azure_mut(*sub) {
                    a.change_request = None;
                }
            }
            Change::CreateGdap(ng) => {
                let id = ids.next_uuid();
                self.insert_gdap(Gdap {
                    id,
                    partner: ng.partner,
                    customer: ng.customer,
                    roles: ng.roles,
                    approved: false,
                    duration_days: ng.duration_days,
                });
            }
            Change::ApproveGdap { gdap } => {
                if let Some(g) = self.gdaps.get_mut(gdap.idx()) {
                    g.approved = true;
                }
            }
            Change::CreateResource(nr) => {
                let dir = self.sub(nr.subscription).directory;
                let access_policies = nr
                    .access_policies
                    .iter()
                    .filter_map(|p| self.object_id_minted(*p, dir, ids))
                    .collect();
                let key_vault = nr.kind.eq_ignore_ascii_case(crate::model::KEY_VAULT);
                self.insert_resource(Resource {
                    id: nr.id.clone(),
                    kind: nr.kind.clone(),
                    subscription: nr.subscription,
                    system_identity: None,
                    user_identities: Vec::new(),
                    key_vault_tenant: key_vault.then(|| self.dir(dir).id),
                    access_policies,
                    entra_authentication: nr.entra_authentication,
                    acls: nr.acls,
                });
            }
        }
        let event = change.event(self, added_scope);
        self.events.push(event);
    }

    fn azure_mut(&mut self, sub: SubId) -> Option<&mut Azure> {
        self.subs
            .get_mut(sub.idx())
            .and_then(Subscription::azure_mut)
    }

    /// The scope an operation named, interned.
    pub(crate) fn intern_scope(&mut self, scope: &NewScope) -> ScopeRef {
        match scope {
            NewScope::Dir(dir, DirScope::Root) => ScopeRef::Root(*dir),
            NewScope::Dir(_, DirScope::Group(mg)) => ScopeRef::Group(*mg),
            NewScope::Sub(sub, None) => ScopeRef::Sub(*sub, ScopeId::SUBSCRIPTION),
            NewScope::Sub(sub, Some(path)) => ScopeRef::Sub(*sub, self.rgs.intern(path)),
        }
    }

    // ----- building blocks shared by `apply` and snapshot loading ---------

    /// Adds a directory with its tenant root management group, and indexes
    /// its initial domain and id.
    pub(crate) fn insert_directory(
        &mut self,
        id: Uuid,
        name: Box<str>,
        initial_domain: Name,
        cloud: Cloud,
        origin: crate::model::Origin,
    ) -> DirId {
        let dir = DirId::at(self.dirs.len());
        let root = self.insert_mg(ManagementGroup {
            name: id.to_string().into(),
            display_name: "Tenant Root Group".into(),
            directory: dir,
            parent: None,
            depth: 0,
            assignments: Vec::new(),
        });
        let d = Directory::new(id, name, initial_domain, cloud, origin, root);
        self.index_domain(d.initial_domain.clone(), dir);
        self.dir_ids.insert(d.id, dir);
        self.dir_clouds.push(d.cloud);
        self.dirs.push(d);
        dir
    }

    /// Adds a verified domain to an existing directory, indexed.
    pub(crate) fn add_verified_domain(&mut self, dir: DirId, domain: Name) {
        self.index_domain(domain.clone(), dir);
        if let Some(d) = self.dirs.get_mut(dir.idx()) {
            d.verified_domains.push(domain);
        }
    }

    /// Makes `dir` a Microsoft account's default directory.
    pub(crate) fn set_default_directory(&mut self, acc: AccId, dir: DirId) {
        if let Some(AccountKind::Microsoft { default_directory }) =
            self.accounts.get_mut(acc.idx()).map(|a| &mut a.kind)
        {
            *default_directory = Some(dir);
        }
    }

    /// Indexes a verified domain of an existing directory.
    pub(crate) fn index_domain(&mut self, domain: Name, dir: DirId) {
        let at = u32::try_from(self.domain_names.len()).unwrap_or(u32::MAX);
        self.domain_names.push((domain, dir));
        let name = self
            .domain_names
            .last()
            .map(|(n, _)| &**n)
            .unwrap_or_default();
        self.domains.insert(at, name);
    }

    /// Adds an account and indexes its sign-in name.
    pub(crate) fn insert_account(&mut self, account: Account) -> AccId {
        let id = AccId::at(self.accounts.len());
        let microsoft = account.is_microsoft();
        self.accounts.push(account);
        let name = self
            .accounts
            .get(id.idx())
            .map(Account::sign_in_name)
            .unwrap_or_default();
        let hash = if microsoft {
            self.msas.insert(id.0, name)
        } else {
            self.works.insert(id.0, name)
        };
        if let Some(account) = self.accounts.get_mut(id.idx()) {
            account.key_hash = hash as u32;
        }
        id
    }

    pub(crate) fn add_user(&mut self, dir: DirId, acc: AccId, kind: crate::model::UserKind) {
        if let Some(d) = self.dirs.get_mut(dir.idx()) {
            d.users.push(acc);
        }
        if let Some(a) = self.accounts.get_mut(acc.idx()) {
            let at = a
                .memberships
                .iter()
                .position(|m| m.dir > dir)
                .unwrap_or(a.memberships.len());
            a.memberships.insert(
                at,
                Membership {
                    dir,
                    kind,
                    roles: RoleSet::default(),
                },
            );
        }
    }

    /// A principal's object id in `dir`: a user gets one minted the first
    /// time something (a key vault's access policy) names it by id.
    fn object_id_minted(&mut self, p: Principal, dir: DirId, ids: &mut IdSource) -> Option<Uuid> {
        match p.entity() {
            Principal::User(acc) => Some(match self.user_ids.get(&(acc, dir)) {
                Some(id) => *id,
                None => {
                    let id = ids.next_uuid();
                    self.set_user_id(acc, dir, id);
                    id
                }
            }),
            Principal::Group(g) => self.groups.get(g.idx()).map(|g| g.id),
            Principal::App(s) => self.sps.get(s.idx()).map(|s| s.id),
            Principal::ForeignGroup(_) => None,
        }
    }

    /// Records a user's object id from an import.
    pub(crate) fn set_user_id(&mut self, acc: AccId, dir: DirId, id: Uuid) {
        self.user_ids.insert((acc, dir), id);
        self.object_ids.insert(id, Principal::User(acc));
    }

    pub(crate) fn set_role(
        &mut self,
        dir: DirId,
        holder: Principal,
        role: crate::model::DirectoryRole,
        held: bool,
    ) {
        match holder.entity() {
            Principal::User(acc) => {
                if let Some(m) = self
                    .accounts
                    .get_mut(acc.idx())
                    .and_then(|a| a.membership_mut(dir))
                {
                    if held {
                        m.roles.insert(role);
                    } else {
                        m.roles.remove(role);
                    }
                }
                if let Some(holders) = self
                    .dirs
                    .get_mut(dir.idx())
                    .and_then(|d| d.holders_mut(role))
                {
                    if held {
                        sorted_insert(holders, acc);
                    } else {
                        sorted_remove(holders, &acc);
                    }
                }
            }
            Principal::Group(g) => {
                let mut any = false;
                if let Some(group) = self.groups.get_mut(g.idx()) {
                    if held {
                        group.roles.insert(role);
                    } else {
                        group.roles.remove(role);
                    }
                    any = group.roles != RoleSet::default();
                }
                if let Some(d) = self.dirs.get_mut(dir.idx()) {
                    if any {
                        sorted_insert(&mut d.role_groups, g);
                    } else {
                        sorted_remove(&mut d.role_groups, &g);
                    }
                }
            }
            Principal::App(_) | Principal::ForeignGroup(_) => {}
        }
    }

    /// Adds a subscription, indexing its id, its directory and its classic
    /// administrators.
    pub(crate) fn insert_subscription(&mut self, sub: Subscription) -> SubId {
        let id = SubId::at(self.subs.len());
        self.sub_ids.insert(self.uuid_hasher.hash_one(sub.id), id.0);
        if let Some(d) = self.dirs.get_mut(sub.directory.idx()) {
            sorted_insert(&mut d.subscriptions, id);
        }
        if let Some(azure) = sub.azure() {
            let holders: Vec<(AccId, ClassicRole)> = (azure
                .account_admin
                .map(|a| (a, ClassicRole::Account))
                .into_iter())
            .chain(azure.service_admin.map(|s| (s, ClassicRole::Service)))
            .chain(azure.co_admins.iter().map(|c| (*c, ClassicRole::Co)))
            .collect();
            for (acc, role) in holders {
                if let Some(a) = self.accounts.get_mut(acc.idx()) {
                    a.set_classic(id, role, true);
                }
            }
        }
        self.subs.push(sub);
        id
    }

    /// Adds an assignment at an interned scope: to the scope's list, to its
    /// principal's, and to the counts it is limited by.
    pub(crate) fn add_assignment(
        &mut self,
        scope: ScopeRef,
        principal: Principal,
        role: RoleRef,
        condition: Option<Name>,
    ) {
        let at = self.at(scope);
        match scope {
            ScopeRef::Sub(sub, id) => {
                if let Some(a) = self.azure_mut(sub) {
                    a.assignments.push(Assignment {
                        principal,
                        role,
                        scope: id,
                    });
                }
            }
            ScopeRef::Root(dir) => {
                if let Some(d) = self.dirs.get_mut(dir.idx()) {
                    d.assignments.push(Assignment {
                        principal,
                        role,
                        scope: (),
                    });
                }
            }
            ScopeRef::Group(mg) => {
                if let Some(m) = self.mgs.get_mut(mg.idx()) {
                    m.assignments.push(Assignment {
                        principal,
                        role,
                        scope: (),
                    });
                }
            }
        }
        if let Some(list) = self.held_mut(principal) {
            list.insert_sorted(Held { at, role });
        }
        if let RoleRef::Custom(id) = role {
            if let Some(r) = self.custom_roles.get_mut(id.idx()) {
                r.in_use = r.in_use.saturating_add(1);
            }
        }
        if let Some(condition) = condition {
            self.conditions
                .insert((at, principal.entity(), role), condition);
        }
    }

    /// Removes the assignment of `role` to `principal` at exactly `scope`.
    pub(crate) fn remove_assignment(
        &mut self,
        scope: ScopeRef,
        principal: Principal,
        role: RoleRef,
    ) {
        let at = self.at(scope);
        let same = |p: Principal, r: RoleRef| p.entity() == principal.entity() && r == role;
        match scope {
            ScopeRef::Sub(sub, id) => {
                if let Some(a) = self.azure_mut(sub) {
                    if let Some(i) = a
                        .assignments
                        .iter()
                        .position(|x| same(x.principal, x.role) && x.scope == id)
                    {
                        a.assignments.remove(i);
                    }
                }
            }
            ScopeRef::Root(dir) => {
                if let Some(d) = self.dirs.get_mut(dir.idx()) {
                    if let Some(i) = d.assignments.iter().position(|x| same(x.principal, x.role)) {
                        d.assignments.remove(i);
                    }
                }
            }
            ScopeRef::Group(mg) => {
                if let Some(m) = self.mgs.get_mut(mg.idx()) {
                    if let Some(i) = m.assignments.iter().position(|x| same(x.principal, x.role)) {
                        m.assignments.remove(i);
                    }
                }
            }
        }
        if let Some(list) = self.held_mut(principal) {
            list.remove_sorted(&Held { at, role });
        }
        if let RoleRef::Custom(id) = role {
            if let Some(r) = self.custom_roles.get_mut(id.idx()) {
                r.in_use = r.in_use.saturating_sub(1);
            }
        }
        self.conditions.remove(&(at, principal.entity(), role));
    }

    pub(crate) fn insert_partner(&mut self, partner: Partner) -> PartnerId {
        let id = PartnerId::at(self.partners.len());
        if let Some(d) = self.dirs.get_mut(partner.directory.idx()) {
            d.partner = Some(id);
        }
        self.partner_names.insert(id.0, &partner.name);
        self.partners.push(partner);
        id
    }

    pub(crate) fn insert_group(&mut self, group: Group) -> GroupId {
        let id = GroupId::at(self.groups.len());
        self.group_names.insert(group.directory, &group.name, id.0);
        self.object_ids.insert(group.id, Principal::Group(id));
        self.groups.push(group);
        id
    }

    pub(crate) fn add_member(&mut self, group: GroupId, member: Principal) {
        if let Some(g) = self.groups.get_mut(group.idx()) {
            g.members.push(member);
        }
        if let Some(list) = self.member_of_mut(member) {
            list.insert(group);
        }
    }

    pub(crate) fn remove_member(&mut self, group: GroupId, member: Principal) {
        if let Some(g) = self.groups.get_mut(group.idx()) {
            g.members.retain(|m| m.entity() != member.entity());
        }
        if let Some(list) = self.member_of_mut(member) {
            list.remove(group);
        }
    }

    /// The list of groups a principal is a direct member of, to change.
    fn member_of_mut(&mut self, member: Principal) -> Option<&mut crate::model::GroupList> {
        match member.entity() {
            Principal::User(a) => self.accounts.get_mut(a.idx()).map(|x| &mut x.member_of),
            Principal::Group(g) => self.groups.get_mut(g.idx()).map(|x| &mut x.member_of),
            Principal::App(s) => self.sps.get_mut(s.idx()).map(|x| &mut x.member_of),
            Principal::ForeignGroup(_) => None,
        }
    }

    pub(crate) fn insert_sp(&mut self, sp: ServicePrincipal) -> SpId {
        let id = SpId::at(self.sps.len());
        if let Some(sub) = sp.subscription {
            self.inventories.entry(sub).or_default().identities.push(id);
        }
        self.sp_names.insert(sp.directory, &sp.name, id.0);
        self.object_ids.insert(sp.id, Principal::App(id));
        self.object_ids
            .entry(sp.app_id)
            .or_insert(Principal::App(id));
        self.sps.push(sp);
        id
    }

    /// Adds a resource to its subscription's inventory; `None` (and
    /// nothing added) if a resource of that id exists.
    pub(crate) fn insert_resource(&mut self, resource: Resource) -> Option<u32> {
        let at = u32::try_from(self.resources.len()).ok()?;
        let key = resource.id.to_ascii_lowercase().into_boxed_str();
        if self.resource_ids.contains_key(&key) {
            return None;
        }
        self.resource_ids.insert(key, at);
        self.inventories
            .entry(resource.subscription)
            .or_default()
            .resources
            .push(at);
        self.resources.push(resource);
        Some(at)
    }

    /// The resource of an ARM id, compared case-insensitively.
    pub(crate) fn find_resource(&self, id: &str) -> Option<&Resource> {
        let at = self.resource_ids.get(id.to_ascii_lowercase().as_str())?;
        self.resources.get(*at as usize)
    }

    /// A subscription's resources and managed identities.
    pub(crate) fn inventory(&self, sub: SubId) -> (impl Iterator<Item = &Resource>, &[SpId]) {
        let inventory = self.inventories.get(&sub);
        let resources = inventory
            .map(|i| i.resources.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|at| self.resources.get(*at as usize));
        let identities = inventory
            .map(|i| i.identities.as_slice())
            .unwrap_or_default();
        (resources, identities)
    }

    pub(crate) fn insert_custom_role(&mut self, role: CustomRole) -> RoleDefId {
        let id = RoleDefId::at(self.custom_roles.len());
        self.role_names.insert(role.directory, &role.name, id.0);
        self.role_ids.insert(role.id, id);
        if let Some(d) = self.dirs.get_mut(role.directory.idx()) {
            d.custom_roles.push(id);
        }
        self.custom_roles.push(role);
        id
    }

    /// Marks a custom role deleted. It keeps its place and its name in the
    /// index (the event log still names it); lookups skip it.
    pub(crate) fn delete_custom_role(&mut self, id: RoleDefId) {
        let Some(role) = self.custom_roles.get_mut(id.idx()) else {
            return;
        };
        role.deleted = true;
        let dir = role.directory;
        if let Some(d) = self.dirs.get_mut(dir.idx()) {
            d.custom_roles.retain(|r| *r != id);
        }
    }

    /// Whether a custom role has this id.
    pub(crate) fn role_ids_contains(&self, id: Uuid) -> bool {
        self.role_ids.contains_key(&id)
    }

    /// A custom role of any directory by name, deleted ones included (the
    /// event log's names).
    pub(crate) fn custom_role_named_any(&self, name: &str) -> Option<RoleDefId> {
        self.custom_roles
            .iter()
            .position(|r| r.name.eq_ignore_ascii_case(name))
            .map(RoleDefId::at)
    }

    pub(crate) fn insert_mg(&mut self, mg: ManagementGroup) -> MgId {
        let id = MgId::at(self.mgs.len());
        self.mg_names.insert(DirNames::ANY, &mg.name, id.0);
        if mg.parent.is_some() {
            if let Some(d) = self.dirs.get_mut(mg.directory.idx()) {
                d.management_groups.push(id);
            }
        }
        self.mgs.push(mg);
        id
    }

    pub(crate) fn insert_gdap(&mut self, gdap: Gdap) -> GdapId {
        let id = GdapId::at(self.gdaps.len());
        if let Some(p) = self.partners.get_mut(gdap.partner.idx()) {
            p.gdap.push(id);
        }
        if let Some(d) = self.dirs.get_mut(gdap.customer.idx()) {
            d.gdap.push(id);
        }
        self.gdaps.push(gdap);
        id
    }
}

/// Whether `at` is `scope` or lies below it.
pub(crate) fn within(state: &State, at: At, scope: At) -> bool {
    state.chain(at).any(|a| a == scope)
}
