//! Principals by reference and by object id, and their names as FORMAT.md
//! writes them: `group:<display name>@<directory>`, `sp:<display
//! name>@<directory>`, `foreign-group:<display name>@<directory>`,
//! `id:<object id>`, or an account's reference. A display name need not be
//! unique: a reference that matches more than one object is ambiguous, and
//! such an object is written by its object id.

use super::lookup::FastMap;
use super::State;
use crate::index::prefetch;
use crate::model::{
    AccId, DirId, DirectoryRole, GroupId, Name, PartnerId, Principal, RoleDefId, SpId,
};
use crate::names::hash_folded;
use foldhash::fast::RandomState;
use smallvec::SmallVec;
use std::hash::{BuildHasher, Hasher};
use uuid::Uuid;

/// A case-insensitive index of display names within directories. Only
/// hashes are kept; candidates are confirmed against the arena.
#[derive(Debug, Clone, Default)]
pub(crate) struct DirNames {
    map: FastMap<u64, SmallVec<[u32; 1]>>,
    hasher: RandomState,
}

impl DirNames {
    /// The "directory" of an index across every directory.
    pub(crate) const ANY: DirId = DirId(u32::MAX);

    fn hash(&self, dir: DirId, name: &str) -> u64 {
        let mut h = self.hasher.build_hasher();
        h.write_u32(dir.0);
        h.write_u64(hash_folded(&self.hasher, name));
        h.finish()
    }

    pub(crate) fn insert(&mut self, dir: DirId, name: &str, id: u32) {
        let hash = self.hash(dir, name);
        self.map.entry(hash).or_default().push(id);
    }

    /// The ids filed under this directory and name (possibly colliding
    /// ones: confirm each).
    pub(crate) fn candidates(&self, dir: DirId, name: &str) -> &[u32] {
        self.map
            .get(&self.hash(dir, name))
            .map(|v| v.as_slice())
            .unwrap_or_default()
    }
}

/// How a directory role reaches an account that does not hold it itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoleGrant {
    /// A role-assignable group holds it.
    Group(GroupId),
    /// A partner's approved GDAP relationship grants it.
    Gdap(PartnerId),
}

/// Why a principal reference did not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unresolved {
    /// Nothing has that name (or id).
    Unknown,
    /// More than one object has that display name; use `id:`.
    Ambiguous,
}

/// The kinds of principal reference, by prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrincipalRef<'a> {
    /// `group:<name>@<directory>`.
    Group(&'a str, &'a str),
    /// `foreign-group:<name>@<directory>`.
    ForeignGroup(&'a str, &'a str),
    /// `sp:<name>@<directory>`.
    ServicePrincipal(&'a str, &'a str),
    /// `id:<object id>`.
    Id(&'a str),
    /// An account reference.
    Account(&'a str),
}

impl<'a> PrincipalRef<'a> {
    /// Splits a reference by its prefix (compared case-insensitively).
    pub(crate) fn parse(reference: &'a str) -> Self {
        let named = |rest: &'a str| rest.rsplit_once('@').unwrap_or((rest, ""));
        // Every prefix starts with one of these letters; most references
        // are accounts.
        if !matches!(
            reference.as_bytes().first().map(u8::to_ascii_lowercase),
            Some(b'g' | b'f' | b's' | b'i')
        ) {
            return PrincipalRef::Account(reference);
        }
        if let Some(rest) = strip_prefix_folded(reference, "group:") {
            let (name, dir) = named(rest);
            return PrincipalRef::Group(name, dir);
        }
        if let Some(rest) = strip_prefix_folded(reference, "foreign-group:") {
            let (name, dir) = named(rest);
            return PrincipalRef::ForeignGroup(name, dir);
        }
        if let Some(rest) = strip_prefix_folded(reference, "sp:") {
            let (name, dir) = named(rest);
            return PrincipalRef::ServicePrincipal(name, dir);
        }
        if let Some(rest) = strip_prefix_folded(reference, "id:") {
            return PrincipalRef::Id(rest);
        }
        PrincipalRef::Account(reference)
    }
}

/// `text` without `prefix`, if it starts with it ignoring ASCII case.
pub(crate) fn strip_prefix_folded<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

impl State {
    /// The groups of a directory with this display name.
    pub(crate) fn groups_named(&self, dir: DirId, name: &str) -> SmallVec<[GroupId; 1]> {
        self.group_names
            .candidates(dir, name)
            .iter()
            .map(|i| GroupId(*i))
            .filter(|g| {
                self.groups
                    .get(g.idx())
                    .is_some_and(|x| x.directory == dir && x.name.eq_ignore_ascii_case(name))
            })
            .collect()
    }

    /// The service principals of a directory with this display name.
    pub(crate) fn sps_named(&self, dir: DirId, name: &str) -> SmallVec<[SpId; 1]> {
        self.sp_names
            .candidates(dir, name)
            .iter()
            .map(|i| SpId(*i))
            .filter(|s| {
                self.sps
                    .get(s.idx())
                    .is_some_and(|x| x.directory == dir && x.name.eq_ignore_ascii_case(name))
            })
            .collect()
    }

    /// A live custom role of a directory by name or id.
    pub(crate) fn find_custom_role(&self, dir: DirId, reference: &str) -> Option<RoleDefId> {
        let id = reference
            .rsplit('/')
            .next()
            .and_then(|last| Uuid::try_parse(last).ok());
        if let Some(uuid) = id {
            return self
                .role_ids
                .get(&uuid)
                .copied()
                .filter(|r| self.custom_roles.get(r.idx()).is_some_and(|x| !x.deleted));
        }
        self.role_names
            .candidates(dir, reference)
            .iter()
            .map(|i| RoleDefId(*i))
            .find(|r| {
                self.custom_roles.get(r.idx()).is_some_and(|x| {
                    !x.deleted && x.directory == dir && x.name.eq_ignore_ascii_case(reference)
                })
            })
    }

    /// A principal by object id: a group, a service principal (by object
    /// or application id), or a user whose object id an import recorded.
    pub(crate) fn find_object(&self, id: Uuid) -> Option<Principal> {
        self.object_ids.get(&id).copied()
    }

    /// A principal by FORMAT.md reference. Whether it belongs where it is
    /// used (a group of the subscription's directory, a foreign group of
    /// another) is the caller's check.
    pub(crate) fn find_principal(&self, reference: &str) -> Result<Principal, Unresolved> {
        let one = |found: SmallVec<[u32; 1]>| match found.as_slice() {
            [] => Err(Unresolved::Unknown),
            [one] => Ok(*one),
            _ => Err(Unresolved::Ambiguous),
        };
        match PrincipalRef::parse(reference) {
            PrincipalRef::Account(r) => self
                .find_account(r)
                .map(Principal::User)
                .ok_or(Unresolved::Unknown),
            PrincipalRef::Id(id) => Uuid::try_parse(id)
                .ok()
                .and_then(|u| self.find_object(u))
                .ok_or(Unresolved::Unknown),
            PrincipalRef::Group(name, dir) => {
                let dir = self.find_directory(dir).ok_or(Unresolved::Unknown)?;
                let g = one(self.groups_named(dir, name).iter().map(|g| g.0).collect())?;
                Ok(Principal::Group(GroupId(g)))
            }
            PrincipalRef::ForeignGroup(name, dir) => {
                let dir = self.find_directory(dir).ok_or(Unresolved::Unknown)?;
                let g = one(self.groups_named(dir, name).iter().map(|g| g.0).collect())?;
                Ok(Principal::ForeignGroup(GroupId(g)))
            }
            PrincipalRef::ServicePrincipal(name, dir) => {
                let dir = self.find_directory(dir).ok_or(Unresolved::Unknown)?;
                let s = one(self.sps_named(dir, name).iter().map(|s| s.0).collect())?;
                Ok(Principal::App(SpId(s)))
            }
        }
    }

    /// Starts loading a principal's entity, for a [`State::principal_name`]
    /// soon after.
    pub(crate) fn prefetch_principal(&self, p: Principal) {
        match p {
            Principal::User(acc) => self.accounts.get(acc.idx()).map(prefetch),
            Principal::Group(g) | Principal::ForeignGroup(g) => {
                self.groups.get(g.idx()).map(prefetch)
            }
            Principal::App(s) => self.sps.get(s.idx()).map(prefetch),
        };
    }

    /// Starts loading what [`State::principal_name`] reads past the
    /// entity: an account's reference (its count is written by the
    /// clone), a group's or service principal's display name. Reads the
    /// entity: warm it first with [`State::prefetch_principal`].
    pub(crate) fn prefetch_principal_name(&self, p: Principal) {
        match p {
            Principal::User(acc) => self
                .accounts
                .get(acc.idx())
                .map(|a| prefetch(&*a.reference)),
            Principal::Group(g) | Principal::ForeignGroup(g) => {
                self.groups.get(g.idx()).map(|x| prefetch(&*x.name))
            }
            Principal::App(s) => self.sps.get(s.idx()).map(|x| prefetch(&*x.name)),
        };
    }

    /// How FORMAT.md writes a principal: an account's reference, or a group
    /// or service principal by display name and directory when that is
    /// unique there, else by object id. `None` if it is not in the state.
    pub(crate) fn principal_name(&self, p: Principal) -> Option<Name> {
        match p {
            Principal::User(acc) => self.accounts.get(acc.idx()).map(|a| a.reference.clone()),
            Principal::Group(g) | Principal::ForeignGroup(g) => {
                let group = self.groups.get(g.idx())?;
                let prefix = if matches!(p, Principal::ForeignGroup(_)) {
                    "foreign-group"
                } else {
                    "group"
                };
                Some(
                    if self.groups_named(group.directory, &group.name).len() == 1 {
                        let domain = &self.dir(group.directory).initial_domain;
                        format!("{prefix}:{}@{domain}", group.name).into()
                    } else {
                        format!("id:{}", group.id).into()
                    },
                )
            }
            Principal::App(s) => {
                let sp = self.sps.get(s.idx())?;
                Some(if self.sps_named(sp.directory, &sp.name).len() == 1 {
                    let domain = &self.dir(sp.directory).initial_domain;
                    format!("sp:{}@{domain}", sp.name).into()
                } else {
                    format!("id:{}", sp.id).into()
                })
            }
        }
    }

    /// The directory a principal belongs to: a group's or service
    /// principal's own; `None` for a user, who may be one in many.
    pub(crate) fn principal_directory(&self, p: Principal) -> Option<DirId> {
        match p {
            Principal::User(_) => None,
            Principal::Group(g) | Principal::ForeignGroup(g) => {
                self.groups.get(g.idx()).map(|x| x.directory)
            }
            Principal::App(s) => self.sps.get(s.idx()).map(|x| x.directory),
        }
    }

    /// The groups a principal is a direct member of.
    pub(crate) fn member_of(&self, p: Principal) -> &[GroupId] {
        match p.entity() {
            Principal::User(acc) => self.accounts.get(acc.idx()).map(|a| a.member_of.as_slice()),
            Principal::Group(g) => self.groups.get(g.idx()).map(|x| x.member_of.as_slice()),
            Principal::App(s) => self.sps.get(s.idx()).map(|x| x.member_of.as_slice()),
            Principal::ForeignGroup(_) => None,
        }
        .unwrap_or_default()
    }

    /// The principal itself (first), then each group it belongs to,
    /// directly or through nested groups, each once, breadth first (the
    /// nearest path to each), with the index of the holder it was reached
    /// from (`None` for the principal itself). Starts loading each one's
    /// assignments, which the evaluator reads next.
    pub(crate) fn holders(&self, p: Principal) -> Holders {
        let mut out = Holders::new();
        out.push((p, None));
        let mut at = 0;
        while let Some((holder, _)) = out.get(at).copied() {
            self.prefetch_held(holder);
            for g in self.member_of(holder) {
                let g = Principal::Group(*g);
                if !out.iter().any(|(x, _)| *x == g) {
                    out.push((g, Some(at as u32)));
                }
            }
            at += 1;
        }
        out
    }

    /// How an account holds a directory role it was not assigned itself:
    /// through a role-assignable group of the directory it is a member of
    /// (such groups cannot nest), or as a member of a partner's Admin
    /// Agents group with an approved GDAP relationship granting it.
    pub(crate) fn granted_role(
        &self,
        acc: AccId,
        dir: DirId,
        role: DirectoryRole,
    ) -> Option<RoleGrant> {
        let account = self.accounts.get(acc.idx())?;
        for g in account.member_of.as_slice() {
            let group = self.groups.get(g.idx())?;
            if group.directory == dir
                && group.roles.contains(role)
                && account.membership(dir).is_some()
            {
                return Some(RoleGrant::Group(*g));
            }
            if let Some(partner) = group.admin_agents_of {
                let granted = self.partners.get(partner.idx()).is_some_and(|p| {
                    p.gdap.iter().any(|r| {
                        let r = self.gdap(*r);
                        r.customer == dir && r.approved && r.roles.contains(role)
                    })
                });
                if granted {
                    return Some(RoleGrant::Gdap(partner));
                }
            }
        }
        None
    }

    /// Every member of a group at any depth, nested groups included, each
    /// once, breadth first, with how it was reached (see [`Members`]).
    pub(crate) fn members_of(&self, group: GroupId) -> Members {
        let mut found = Members {
            groups: vec![(group, None)],
            members: Vec::new(),
        };
        let mut seen: hashbrown::HashSet<Principal, RandomState> = Default::default();
        seen.insert(Principal::Group(group));
        let mut at = 0;
        while let Some((g, _)) = found.groups.get(at).copied() {
            // The next group's entity was warmed when it was found; warm
            // its member list while this one is read.
            if let Some(next) = found
                .groups
                .get(at + 1)
                .and_then(|(n, _)| self.groups.get(n.idx()))
            {
                if let Some(first) = next.members.first() {
                    prefetch(first);
                }
            }
            if let Some(x) = self.groups.get(g.idx()) {
                found.members.reserve(x.members.len());
                for m in &x.members {
                    let m = m.entity();
                    if !seen.insert(m) {
                        continue;
                    }
                    found.members.push((m, at as u32));
                    if let Principal::Group(inner) = m {
                        if let Some(x) = self.groups.get(inner.idx()) {
                            prefetch(x);
                        }
                        found.groups.push((inner, Some(at as u32)));
                    }
                }
            }
            at += 1;
        }
        found
    }

    /// Whether `inner` is `outer` or is nested in it, at any depth.
    pub(crate) fn is_within(&self, inner: GroupId, outer: GroupId) -> bool {
        inner == outer
            || self
                .holders(Principal::Group(inner))
                .iter()
                .skip(1)
                .any(|(g, _)| *g == Principal::Group(outer))
    }
}

/// The transitive members of a group, as [`State::members_of`] finds them.
pub(crate) struct Members {
    /// The group asked about (first), then each nested group, with the
    /// index here of the group it is a direct member of.
    pub(crate) groups: Vec<(GroupId, Option<u32>)>,
    /// Each member, with the index in `groups` of the group it is a direct
    /// member of.
    pub(crate) members: Vec<(Principal, u32)>,
}

impl Members {
    /// The groups a member reached through `groups[index]` came through:
    /// from the group asked about down to that one.
    pub(crate) fn path(&self, index: u32) -> SmallVec<[GroupId; 8]> {
        let mut path = SmallVec::new();
        let mut next = Some(index);
        while let Some(i) = next {
            let Some((g, up)) = self.groups.get(i as usize) else {
                break;
            };
            path.push(*g);
            next = *up;
        }
        path.reverse();
        path
    }
}

/// A principal and the groups it belongs to, as [`State::holders`] finds
/// them.
pub(crate) type Holders = SmallVec<[(Principal, Option<u32>); 16]>;
