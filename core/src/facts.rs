//! What an operation's checks read. [`State`] answers directly; a
//! [`Staged`] view answers as if some changes were already applied, which is
//! how a composite operation (R10, R11) checks each step against the state
//! its earlier steps would leave, without touching the real state. A
//! [`Prepared`] view is the state with an operation's references already
//! resolved together (see [`State::resolve`]).

use crate::change::{Change, NewScope};
use crate::model::{
    roles_at, AccId, Assignment, At, ChangeRequest, ClassicRole, DirId, DirScope, DirectoryRole,
    Held, MgId, Principal, RbacRole, RoleRef, RoleSet, ScopeId, ScopeRef, SubId,
    SubscriptionPolicy, UserKind,
};
use crate::ops::References;
use crate::state::{Matching, State, Warming};
use smallvec::SmallVec;
use std::borrow::Cow;
use std::ops::ControlFlow;

/// The mutable facts a check may read. Immutable facts (names, clouds,
/// kinds) and those no composite operation stages (groups, role
/// definitions, management groups, GDAP) are read from [`Facts::state`].
pub(crate) trait Facts {
    /// The underlying state.
    fn state(&self) -> &State;
    /// The account's user object in the directory: its kind and roles.
    fn membership(&self, acc: AccId, dir: DirId) -> Option<(UserKind, RoleSet)>;
    /// How many directories the account is a user of (I9).
    fn directory_count(&self, acc: AccId) -> usize;
    /// How many Global Administrators the directory has (I8).
    fn global_admin_count(&self, dir: DirId) -> usize;
    /// The directory the subscription trusts.
    fn sub_directory(&self, sub: SubId) -> DirId;
    /// The management group an Azure subscription sits under.
    fn management_group(&self, sub: SubId) -> Option<MgId>;
    /// The service administrator of an Azure subscription.
    fn service_admin(&self, sub: SubId) -> Option<AccId>;
    /// The co-administrators, in order.
    fn co_admins(&self, sub: SubId) -> Vec<AccId>;
    /// Whether the account is a co-administrator.
    fn is_co_admin(&self, sub: SubId, acc: AccId) -> bool;
    /// How many co-administrators the subscription has.
    fn co_admin_count(&self, sub: SubId) -> usize;
    /// The RBAC assignments at the subscription's scope or below, in order.
    fn assignments(&self, sub: SubId) -> Cow<'_, [Assignment<ScopeId>]>;
    /// How many RBAC assignments the subscription has at its scope or below.
    fn assignment_count(&self, sub: SubId) -> usize;
    /// The roles the principal (itself, not through its groups) holds at
    /// exactly this scope.
    fn roles_at(&self, principal: Principal, at: At) -> SmallVec<[RoleRef; 4]>;
    /// The directory's subscription policy (the default if none was set).
    fn policy(&self, dir: DirId) -> SubscriptionPolicy;
    /// The subscription's pending directory change, if any.
    fn change_request(&self, sub: SubId) -> Option<ChangeRequest>;

    /// Calls `found(distance, role)` for each role the principal itself
    /// holds at a scope of `chain` (its index there), scope by scope in
    /// chain order, roles in their order at each scope, until `found`
    /// breaks.
    fn roles_in(
        &self,
        principal: Principal,
        chain: &[At],
        found: &mut dyn FnMut(usize, RoleRef) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        for (distance, at) in chain.iter().enumerate() {
            for role in self.roles_at(principal, *at) {
                found(distance, role)?;
            }
        }
        ControlFlow::Continue(())
    }

    /// Whether the principal itself holds the role at exactly this scope.
    fn holds(&self, principal: Principal, at: At, role: RoleRef) -> bool {
        self.roles_at(principal, at).contains(&role)
    }

    /// The scope an assignment at `at` is inherited from (see
    /// [`State::parent`]), as staged.
    fn parent(&self, at: At) -> Option<At> {
        match at {
            At::Sub(sub, 0) => self.management_group(sub).map(At::Group),
            other => self.state().parent(other),
        }
    }

    /// Whether the account elevated its access in the directory: User
    /// Access Administrator at `/`.
    fn is_elevated(&self, dir: DirId, acc: AccId) -> bool {
        self.holds(
            Principal::User(acc),
            At::Root(dir),
            RoleRef::Builtin(RbacRole::UserAccessAdministrator),
        )
    }

    /// Whether the account is a user of the directory.
    fn is_user(&self, acc: AccId, dir: DirId) -> bool {
        self.membership(acc, dir).is_some()
    }

    /// The directory roles the account's user holds there itself (none if
    /// not a user).
    fn roles(&self, acc: AccId, dir: DirId) -> RoleSet {
        self.membership(acc, dir)
            .map(|(_, roles)| roles)
            .unwrap_or_default()
    }

    /// Whether the account holds the directory role there itself.
    fn has_direct_role(&self, acc: AccId, dir: DirId, role: DirectoryRole) -> bool {
        self.roles(acc, dir).contains(role)
    }

    /// Whether the account holds the directory role there by any grant: its
    /// own, a role-assignable group's it is a member of, or a partner's
    /// approved GDAP relationship through its Admin Agents group.
    fn has_role(&self, acc: AccId, dir: DirId, role: DirectoryRole) -> bool {
        self.has_direct_role(acc, dir, role) || self.state().granted_role(acc, dir, role).is_some()
    }

    /// An account by FORMAT.md reference.
    fn find_account(&self, reference: &str) -> Option<AccId> {
        self.state().find_account(reference)
    }

    /// A subscription by id.
    fn find_subscription(&self, reference: &str) -> Option<SubId> {
        self.state().find_subscription(reference)
    }

    /// A directory by initial domain, verified domain or tenant id.
    fn find_directory(&self, reference: &str) -> Option<DirId> {
        self.state().find_directory(reference)
    }
}

/// The state, with the accounts and subscription an operation names
/// already looked up: its checks find them without hashing again. A name
/// is recognised by identity (the operation's own string), so any other
/// lookup simply goes to the state.
pub(crate) struct Prepared<'a> {
    state: &'a State,
    accounts: [(&'a str, Option<AccId>); 3],
    subscription: (&'a str, Option<SubId>),
    directory: (&'a str, Option<DirId>),
}

impl<'a> Prepared<'a> {
    /// The references of one operation, resolved.
    pub(crate) fn new(state: &'a State, names: &References<'a>) -> Self {
        Prepared::resolved(state, names, Matching::Name)
    }

    /// The references of one operation, its accounts matched by
    /// fingerprint: faster when cold, but whatever is computed from it
    /// stands only once [`Prepared::confirm`] returns true.
    pub(crate) fn fingerprinted(state: &'a State, names: &References<'a>) -> Self {
        Prepared::resolved(state, names, Matching::Fingerprint)
    }

    #[inline(always)] // `matching` then folds away in each of the two above
    fn resolved(state: &'a State, names: &References<'a>, matching: Matching) -> Self {
        let resolution = state.resolve::<3, 1>(
            names.accounts(),
            names.subscription.as_slice(),
            names.directory.as_slice(),
            Warming::None,
            matching,
        );
        Prepared::from_parts(
            state,
            names,
            resolution.accounts(),
            resolution.subscriptions().first().copied(),
            resolution.directories().first().copied(),
        )
    }

    /// Checks every account found against the name it was found for.
    /// True if all were right; otherwise the wrong ones are looked up again
    /// by name, and whatever was computed from this view must be computed
    /// again.
    pub(crate) fn confirm(&mut self) -> bool {
        let state = self.state;
        let mut right = true;
        for (name, found) in &mut self.accounts {
            if let Some(id) = *found {
                if !state.is_account(id, name) {
                    *found = state.find_account(name);
                    right = false;
                }
            }
        }
        right
    }

    /// References resolved earlier (in a batch). A name without a
    /// resolution (`None`, or past the end of `accounts`) is looked up in
    /// the state when asked for.
    pub(crate) fn from_parts(
        state: &'a State,
        names: &References<'a>,
        accounts: &[Option<AccId>],
        subscription: Option<Option<SubId>>,
        directory: Option<Option<DirId>>,
    ) -> Self {
        let mut prepared = Prepared {
            state,
            accounts: [("", None); 3],
            subscription: ("", None),
            directory: ("", None),
        };
        for (slot, pair) in prepared
            .accounts
            .iter_mut()
            .zip(names.accounts().iter().zip(accounts))
        {
            *slot = (pair.0, *pair.1);
        }
        if let (Some(name), Some(found)) = (names.subscription, subscription) {
            prepared.subscription = (name, found);
        }
        if let (Some(name), Some(found)) = (names.directory, directory) {
            prepared.directory = (name, found);
        }
        prepared
    }
}

/// The same string: the same address and length.
fn same(a: &str, b: &str) -> bool {
    !a.is_empty() && std::ptr::eq(a, b)
}

impl Facts for Prepared<'_> {
    fn state(&self) -> &State {
        self.state
    }

    fn find_account(&self, reference: &str) -> Option<AccId> {
        match self.accounts.iter().find(|(name, _)| same(name, reference)) {
            Some((_, found)) => *found,
            None => self.state.find_account(reference),
        }
    }

    fn find_subscription(&self, reference: &str) -> Option<SubId> {
        if same(self.subscription.0, reference) {
            return self.subscription.1;
        }
        self.state.find_subscription(reference)
    }

    fn find_directory(&self, reference: &str) -> Option<DirId> {
        if same(self.directory.0, reference) {
            return self.directory.1;
        }
        self.state.find_directory(reference)
    }

    fn membership(&self, acc: AccId, dir: DirId) -> Option<(UserKind, RoleSet)> {
        self.state.membership(acc, dir)
    }

    fn directory_count(&self, acc: AccId) -> usize {
        self.state.directory_count(acc)
    }

    fn global_admin_count(&self, dir: DirId) -> usize {
        self.state.global_admin_count(dir)
    }

    fn sub_directory(&self, sub: SubId) -> DirId {
        self.state.sub_directory(sub)
    }

    fn management_group(&self, sub: SubId) -> Option<MgId> {
        self.state.management_group(sub)
    }

    fn service_admin(&self, sub: SubId) -> Option<AccId> {
        self.state.service_admin(sub)
    }

    fn co_admins(&self, sub: SubId) -> Vec<AccId> {
        self.state.co_admins(sub)
    }

    fn is_co_admin(&self, sub: SubId, acc: AccId) -> bool {
        self.state.is_co_admin(sub, acc)
    }

    fn co_admin_count(&self, sub: SubId) -> usize {
        self.state.co_admin_count(sub)
    }

    fn assignments(&self, sub: SubId) -> Cow<'_, [Assignment<ScopeId>]> {
        self.state.assignments(sub)
    }

    fn assignment_count(&self, sub: SubId) -> usize {
        self.state.assignment_count(sub)
    }

    fn roles_at(&self, principal: Principal, at: At) -> SmallVec<[RoleRef; 4]> {
        self.state.roles_at(principal, at)
    }

    fn roles_in(
        &self,
        principal: Principal,
        chain: &[At],
        found: &mut dyn FnMut(usize, RoleRef) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        self.state.roles_in(principal, chain, found)
    }

    fn holds(&self, principal: Principal, at: At, role: RoleRef) -> bool {
        self.state.holds(principal, at, role)
    }

    fn parent(&self, at: At) -> Option<At> {
        self.state.parent(at)
    }

    fn policy(&self, dir: DirId) -> SubscriptionPolicy {
        self.state.policy(dir)
    }

    fn change_request(&self, sub: SubId) -> Option<ChangeRequest> {
        self.state.change_request(sub)
    }
}

impl Facts for State {
    fn state(&self) -> &State {
        self
    }

    fn membership(&self, acc: AccId, dir: DirId) -> Option<(UserKind, RoleSet)> {
        self.accounts
            .get(acc.idx())?
            .membership(dir)
            .map(|m| (m.kind, m.roles))
    }

    fn directory_count(&self, acc: AccId) -> usize {
        self.accounts
            .get(acc.idx())
            .map_or(0, |a| a.memberships.len())
    }

    fn global_admin_count(&self, dir: DirId) -> usize {
        self.dirs
            .get(dir.idx())
            .map_or(0, |d| d.holders(DirectoryRole::GlobalAdministrator).len())
    }

    fn sub_directory(&self, sub: SubId) -> DirId {
        self.sub(sub).directory
    }

    fn service_admin(&self, sub: SubId) -> Option<AccId> {
        self.sub(sub).azure().and_then(|a| a.service_admin)
    }

    fn co_admins(&self, sub: SubId) -> Vec<AccId> {
        self.sub(sub)
            .azure()
            .map(|a| a.co_admins.clone())
            .unwrap_or_default()
    }

    fn is_co_admin(&self, sub: SubId, acc: AccId) -> bool {
        self.accounts
            .get(acc.idx())
            .is_some_and(|a| a.holds_classic(sub, ClassicRole::Co))
    }

    fn co_admin_count(&self, sub: SubId) -> usize {
        self.sub(sub).azure().map_or(0, |a| a.co_admins.len())
    }

    fn assignments(&self, sub: SubId) -> Cow<'_, [Assignment<ScopeId>]> {
        Cow::Borrowed(
            self.sub(sub)
                .azure()
                .map(|a| a.assignments.as_slice())
                .unwrap_or_default(),
        )
    }

    fn assignment_count(&self, sub: SubId) -> usize {
        self.sub(sub).azure().map_or(0, |a| a.assignments.len())
    }

    fn management_group(&self, sub: SubId) -> Option<MgId> {
        self.sub(sub).azure().map(|a| a.management_group)
    }

    fn roles_at(&self, principal: Principal, at: At) -> SmallVec<[RoleRef; 4]> {
        roles_at(self.held(principal), at).collect()
    }

    fn roles_in(
        &self,
        principal: Principal,
        chain: &[At],
        found: &mut dyn FnMut(usize, RoleRef) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let held = self.held(principal);
        if held.len() > 4 * chain.len() {
            // Many assignments: look each scope up.
            for (distance, at) in chain.iter().enumerate() {
                for role in roles_at(held, *at) {
                    found(distance, role)?;
                }
            }
        } else {
            // A few: one pass, then in chain order.
            let mut hits: SmallVec<[(usize, RoleRef); 8]> = SmallVec::new();
            for h in held {
                if let Some(distance) = chain.iter().position(|at| *at == h.at) {
                    hits.push((distance, h.role));
                }
            }
            hits.sort_by_key(|(distance, _)| *distance);
            for (distance, role) in hits {
                found(distance, role)?;
            }
        }
        ControlFlow::Continue(())
    }

    fn holds(&self, principal: Principal, at: At, role: RoleRef) -> bool {
        self.held(principal)
            .binary_search(&Held { at, role })
            .is_ok()
    }

    fn parent(&self, at: At) -> Option<At> {
        State::parent(self, at)
    }

    fn policy(&self, dir: DirId) -> SubscriptionPolicy {
        self.dirs
            .get(dir.idx())
            .map(|d| d.policy().clone())
            .unwrap_or_else(|| SubscriptionPolicy {
                block_leaving: true,
                block_entering: true,
                exempted: Vec::new(),
            })
    }

    fn change_request(&self, sub: SubId) -> Option<ChangeRequest> {
        self.sub(sub).azure().and_then(|a| a.change_request)
    }
}

/// The state as it would be after `pending`. Composite operations stage
/// memberships and directory roles (R5, N3), a move with its removals and
/// its new Owner (R6), co-administrators (R7) and role assignments at a
/// subscription's own scope (R8); those are the changes this view folds in.
pub(crate) struct Staged<'a> {
    base: &'a State,
    pending: &'a [Change],
}

impl<'a> Staged<'a> {
    pub(crate) fn new(base: &'a State, pending: &'a [Change]) -> Self {
        Staged { base, pending }
    }
}

impl Facts for Staged<'_> {
    fn state(&self) -> &State {
        self.base
    }

    fn membership(&self, acc: AccId, dir: DirId) -> Option<(UserKind, RoleSet)> {
        let mut found = self.base.membership(acc, dir);
        for change in self.pending {
            match change {
                Change::AddUser {
                    dir: d,
                    acc: a,
                    kind,
                } if *d == dir && *a == acc => {
                    found = Some((*kind, RoleSet::default()));
                }
                Change::AssignDirectoryRole {
                    dir: d,
                    holder: Principal::User(a),
                    role,
                } if *d == dir && *a == acc => {
                    if let Some((_, roles)) = found.as_mut() {
                        roles.insert(*role);
                    }
                }
                Change::RemoveDirectoryRole {
                    dir: d,
                    holder: Principal::User(a),
                    role,
                } if *d == dir && *a == acc => {
                    if let Some((_, roles)) = found.as_mut() {
                        roles.remove(*role);
                    }
                }
                _ => {}
            }
        }
        found
    }

    fn directory_count(&self, acc: AccId) -> usize {
        let added = self
            .pending
            .iter()
            .filter(|c| matches!(c, Change::AddUser { acc: a, .. } if *a == acc))
            .count();
        self.base.directory_count(acc) + added
    }

    fn global_admin_count(&self, dir: DirId) -> usize {
        let ga = DirectoryRole::GlobalAdministrator;
        self.pending
            .iter()
            .fold(self.base.global_admin_count(dir), |n, c| match c {
                Change::AssignDirectoryRole {
                    dir: d,
                    holder: Principal::User(_),
                    role,
                } if *d == dir && *role == ga => n + 1,
                Change::RemoveDirectoryRole {
                    dir: d,
                    holder: Principal::User(_),
                    role,
                } if *d == dir && *role == ga => n.saturating_sub(1),
                _ => n,
            })
    }

    fn sub_directory(&self, sub: SubId) -> DirId {
        self.pending
            .iter()
            .rev()
            .find_map(|c| match c {
                Change::MoveSubscription { sub: s, to, .. } if *s == sub => Some(*to),
                _ => None,
            })
            .unwrap_or_else(|| self.base.sub_directory(sub))
    }

    fn service_admin(&self, sub: SubId) -> Option<AccId> {
        self.pending
            .iter()
            .rev()
            .find_map(|c| match c {
                Change::SetServiceAdmin { sub: s, to, .. } if *s == sub => Some(*to),
                _ => None,
            })
            .or_else(|| self.base.service_admin(sub))
    }

    fn co_admins(&self, sub: SubId) -> Vec<AccId> {
        let mut list = self.base.co_admins(sub);
        for change in self.pending {
            match change {
                Change::AddCoAdmin { sub: s, acc } if *s == sub => list.push(*acc),
                Change::RemoveCoAdmin { sub: s, acc } if *s == sub => list.retain(|a| a != acc),
                _ => {}
            }
        }
        list
    }

    fn is_co_admin(&self, sub: SubId, acc: AccId) -> bool {
        self.co_admins(sub).contains(&acc)
    }

    fn co_admin_count(&self, sub: SubId) -> usize {
        self.co_admins(sub).len()
    }

    fn management_group(&self, sub: SubId) -> Option<MgId> {
        self.pending
            .iter()
            .rev()
            .find_map(|c| match c {
                Change::MoveSubscription { sub: s, to, .. } if *s == sub => {
                    Some(Some(self.base.dir(*to).root_group))
                }
                Change::PlaceSubscription { sub: s, group } if *s == sub => Some(Some(*group)),
                _ => None,
            })
            .unwrap_or_else(|| self.base.management_group(sub))
    }

    fn assignments(&self, sub: SubId) -> Cow<'_, [Assignment<ScopeId>]> {
        let mut list = self.base.assignments(sub).into_owned();
        for change in self.pending {
            match change {
                Change::RemoveAssignment {
                    scope: ScopeRef::Sub(s, scope),
                    principal,
                    role,
                } if *s == sub => list.retain(|a| {
                    !(a.principal.entity() == principal.entity()
                        && a.role == *role
                        && a.scope == *scope)
                }),
                Change::AddAssignment {
                    scope: NewScope::Sub(s, None),
                    principal,
                    role,
                    ..
                } if *s == sub => list.push(Assignment {
                    principal: *principal,
                    role: *role,
                    scope: ScopeId::SUBSCRIPTION,
                }),
                _ => {}
            }
        }
        Cow::Owned(list)
    }

    fn assignment_count(&self, sub: SubId) -> usize {
        self.assignments(sub).len()
    }

    fn roles_at(&self, principal: Principal, at: At) -> SmallVec<[RoleRef; 4]> {
        let mut roles = self.base.roles_at(principal, at);
        for change in self.pending {
            match change {
                Change::AddAssignment {
                    scope,
                    principal: p,
                    role,
                    ..
                } if p.entity() == principal.entity()
                    && self.new_at(scope) == Some(at)
                    && !roles.contains(role) =>
                {
                    roles.push(*role);
                }
                Change::RemoveAssignment {
                    scope,
                    principal: p,
                    role,
                } if p.entity() == principal.entity() && self.base.at(*scope) == at => {
                    roles.retain(|r| r != role);
                }
                _ => {}
            }
        }
        roles
    }

    fn holds(&self, principal: Principal, at: At, role: RoleRef) -> bool {
        self.roles_at(principal, at).contains(&role)
    }

    fn policy(&self, dir: DirId) -> SubscriptionPolicy {
        self.pending
            .iter()
            .rev()
            .find_map(|c| match c {
                Change::SetPolicy { dir: d, policy } if *d == dir => Some((**policy).clone()),
                _ => None,
            })
            .unwrap_or_else(|| self.base.policy(dir))
    }

    fn change_request(&self, sub: SubId) -> Option<ChangeRequest> {
        self.pending
            .iter()
            .rev()
            .find_map(|c| match c {
                Change::RequestMove { sub: s, request } if *s == sub => Some(Some(*request)),
                Change::CancelMove { sub: s } | Change::MoveSubscription { sub: s, .. }
                    if *s == sub =>
                {
                    Some(None)
                }
                _ => None,
            })
            .unwrap_or_else(|| self.base.change_request(sub))
    }
}

impl Staged<'_> {
    /// The folded scope a pending assignment is at; `None` for a resource
    /// group or resource no assignment has named yet (it matches no
    /// scope asked about by key).
    fn new_at(&self, scope: &NewScope) -> Option<At> {
        Some(match scope {
            NewScope::Dir(dir, DirScope::Root) => At::Root(*dir),
            NewScope::Dir(_, DirScope::Group(mg)) => At::Group(*mg),
            NewScope::Sub(sub, path) => At::Sub(*sub, self.base.sub_scope_key(path.as_deref())?),
        })
    }
}
