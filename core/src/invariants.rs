//! The invariants of DESIGN §1, each one named check. The snapshot loader
//! calls them item by item as it builds the state, naming the item it
//! refuses; [`check`] walks a whole state with the same checks, which is
//! what [`Tenancy::check_invariants`](crate::Tenancy::check_invariants) and
//! the property tests run after every operation.
//!
//! Each check returns the reason it fails, a sentence that names the
//! invariant (`… (I9)`); the caller says where.
//!
//! - I1 (one existing directory per subscription, same cloud) and I5 (an
//!   Office 365 subscription has no user owner) hold by construction: a
//!   subscription holds exactly one directory position, it has no cloud of
//!   its own, and an Office 365 plan has no administrator fields.
//! - I2, I3/I4, I6, I7, I8 and I9 are the functions below, with the two
//!   rules that decide how an account can be a user at all: the kind of user
//!   it is, and the cloud it lives in.

use crate::error::{Error, Result};
use crate::model::{
    AccId, AccountKind, DirId, DirectoryRole, Plan, Principal, Profile, UserKind,
    MAX_CO_ADMINISTRATORS, MAX_DIRECTORIES_PER_ACCOUNT, MAX_MANAGEMENT_GROUP_ROLE_ASSIGNMENTS,
    MAX_ROLE_ASSIGNMENTS, MAX_ROLE_ASSIGNMENTS_TODAY,
};
use crate::state::State;

/// Why an invariant does not hold.
pub(crate) type Broken = String;

/// I2: a work or school account is a member user of its home directory.
pub(crate) fn i2_member_of_home(st: &State, acc: AccId) -> Result<(), Broken> {
    let account = st.account(acc);
    match account.kind {
        AccountKind::Work { home } if account.membership(home).is_none() => Err(format!(
            "{} is not a member user of its home directory {} (I2)",
            account.reference,
            st.dir(home).initial_domain
        )),
        _ => Ok(()),
    }
}

/// I3 and I4: a service administrator, co-administrator or role-assignment
/// principal is a user of the subscription's directory.
pub(crate) fn i3_i4_user_of(st: &State, acc: AccId, dir: DirId) -> Result<(), Broken> {
    if st.account(acc).membership(dir).is_some() {
        return Ok(());
    }
    Err(format!(
        "{} is not a user of {} (I3, I4)",
        st.account(acc).reference,
        st.dir(dir).initial_domain
    ))
}

/// I4 for every principal kind: a user of the directory, a group or
/// service principal of it, or a foreign group (of another directory).
pub(crate) fn principal_belongs(st: &State, p: Principal, dir: DirId) -> Result<(), Broken> {
    match p {
        Principal::User(acc) => i3_i4_user_of(st, acc, dir),
        Principal::ForeignGroup(_) if st.principal_directory(p) != Some(dir) => Ok(()),
        Principal::ForeignGroup(_) => Err(format!(
            "{} is a group of {} itself, not a foreign group there (I4)",
            name(st, p),
            st.dir(dir).initial_domain
        )),
        _ if st.principal_directory(p) == Some(dir) => Ok(()),
        _ => Err(format!(
            "{} is not of {} (I4)",
            name(st, p),
            st.dir(dir).initial_domain
        )),
    }
}

fn name(st: &State, p: Principal) -> crate::model::Name {
    st.principal_name(p).unwrap_or_else(|| "?".into())
}

/// I6: at most 200 co-administrators.
pub(crate) fn i6_co_administrators(count: usize) -> Result<(), Broken> {
    if count > MAX_CO_ADMINISTRATORS {
        return Err(format!(
            "more than {MAX_CO_ADMINISTRATORS} co-administrators (I6)"
        ));
    }
    Ok(())
}

/// I6: at most 4,000 role assignments per subscription under the classic
/// rules, 5,000 under the current ones.
pub(crate) fn i6_role_assignments(profile: Profile, count: usize) -> Result<(), Broken> {
    let limit = match profile {
        Profile::Classic => MAX_ROLE_ASSIGNMENTS,
        Profile::Current => MAX_ROLE_ASSIGNMENTS_TODAY,
    };
    if count > limit {
        return Err(format!("more than {limit} role assignments (I6)"));
    }
    Ok(())
}

/// The limits a whole state is checked against once loaded, when the
/// profile is surely known: I6 per subscription and management group, no
/// classic administrators under the current rules.
pub(crate) fn limits(st: &State) -> Result<()> {
    for (i, s) in st.subs.iter().enumerate() {
        let Plan::Azure(azure) = &s.plan else {
            continue;
        };
        let at = |field: &str| format!("subscriptions[{i}].{field}");
        i6_role_assignments(st.profile, azure.assignments.len())
            .map_err(|r| Error::invalid_snapshot(at("role_assignments"), r))?;
        if st.profile == Profile::Current {
            if !azure.co_admins.is_empty() {
                return Err(Error::invalid_snapshot(
                    at("co_administrators"),
                    "the current rules have no co-administrators (I6)",
                ));
            }
            if azure.service_admin.is_some() {
                return Err(Error::invalid_snapshot(
                    at("service_administrator"),
                    "the current rules have no service administrator (I3)",
                ));
            }
        }
    }
    for m in &st.mgs {
        if m.assignments.len() > MAX_MANAGEMENT_GROUP_ROLE_ASSIGNMENTS {
            return Err(Error::invalid_snapshot(
                format!("management group {}", m.name),
                format!("more than {MAX_MANAGEMENT_GROUP_ROLE_ASSIGNMENTS} role assignments (I6)"),
            ));
        }
    }
    Ok(())
}

/// I7: a domain not yet held by any directory (compared case-insensitively).
pub(crate) fn i7_domain_free(st: &State, domain: &str) -> Result<(), Broken> {
    match st.domain_owner(domain) {
        Some(_) => Err(format!("{domain} belongs to two directories (I7)")),
        None => Ok(()),
    }
}

/// I8: the directory has at least one Global Administrator.
///
/// An imported directory is exempt: the import may not see who holds the
/// role (its token may not read directory roles, or the role is held
/// through a role-assignable group or only eligibly).
pub(crate) fn i8_global_admin(st: &State, dir: DirId) -> Result<(), Broken> {
    let d = st.dir(dir);
    if d.origin != crate::model::Origin::Imported
        && d.holders(DirectoryRole::GlobalAdministrator).is_empty()
    {
        return Err(format!(
            "{} has no Global Administrator (I8)",
            d.initial_domain
        ));
    }
    Ok(())
}

/// I9: the account can be a user of one more directory.
pub(crate) fn i9_room_for_directory(st: &State, acc: AccId) -> Result<(), Broken> {
    let account = st.account(acc);
    if account.memberships.len() >= MAX_DIRECTORIES_PER_ACCOUNT {
        return Err(format!(
            "{} is a user of more than {MAX_DIRECTORIES_PER_ACCOUNT} directories (I9)",
            account.reference
        ));
    }
    Ok(())
}

/// A user is a member exactly when it is a work account in its home
/// directory; every other user is external.
pub(crate) fn user_kind(st: &State, acc: AccId, dir: DirId, kind: UserKind) -> Result<(), Broken> {
    let account = st.account(acc);
    let expected = match account.kind {
        AccountKind::Work { home } if home == dir => UserKind::Member,
        _ => UserKind::External,
    };
    if kind != expected {
        return Err(format!(
            "{} must be {expected} here: members are work accounts in their home directory",
            account.reference
        ));
    }
    Ok(())
}

/// Nothing crosses clouds: an account is a user only of directories of the
/// cloud it lives in (a Microsoft account, the public cloud).
pub(crate) fn user_cloud(st: &State, acc: AccId, dir: DirId) -> Result<(), Broken> {
    let account = st.account(acc);
    let (lives, cloud) = (account.kind.cloud(|d| st.dir(d).cloud), st.dir(dir).cloud);
    if lives != cloud {
        return Err(format!(
            "{} lives in the {lives} cloud, the directory in {cloud}",
            account.reference
        ));
    }
    Ok(())
}

/// A Microsoft account's default directory is one it is a user of.
pub(crate) fn default_directory_joined(st: &State, acc: AccId) -> Result<(), Broken> {
    let account = st.account(acc);
    match account.kind {
        AccountKind::Microsoft {
            default_directory: Some(dir),
        } if account.membership(dir).is_none() => Err(format!(
            "{} is not a user of its default directory {}",
            account.reference,
            st.dir(dir).initial_domain
        )),
        _ => Ok(()),
    }
}

/// Every invariant over the whole state, item by item; the first that
/// fails is refused with `INVALID_SNAPSHOT`, naming the item as a snapshot
/// of this state would (`subscriptions[3].co_administrators[1]`).
pub(crate) fn check(st: &State) -> Result<()> {
    let broken = |at: String| move |reason: Broken| Error::invalid_snapshot(at, reason);
    for (i, d) in st.dirs.iter().enumerate() {
        let dir = DirId::at(i);
        i8_global_admin(st, dir).map_err(broken(format!("directories[{i}]")))?;
        for domain in std::iter::once(&d.initial_domain).chain(&d.verified_domains) {
            if st.domain_owner(domain) != Some(dir) {
                return Err(broken(format!("directories[{i}]"))(format!(
                    "{domain} belongs to two directories (I7)"
                )));
            }
        }
        for (j, acc) in d.users.iter().enumerate() {
            let at = || format!("directories[{i}].users[{j}]");
            let kind = st
                .account(*acc)
                .membership(dir)
                .map_or(UserKind::External, |m| m.kind);
            user_kind(st, *acc, dir, kind).map_err(broken(at()))?;
            user_cloud(st, *acc, dir).map_err(broken(at()))?;
        }
    }
    for (i, a) in st.accounts.iter().enumerate() {
        let acc = AccId::at(i);
        let at = || format!("accounts[{i}]");
        i2_member_of_home(st, acc).map_err(broken(at()))?;
        default_directory_joined(st, acc).map_err(broken(at()))?;
        if a.memberships.len() > MAX_DIRECTORIES_PER_ACCOUNT {
            return Err(broken(at())(format!(
                "{} is a user of more than {MAX_DIRECTORIES_PER_ACCOUNT} directories (I9)",
                a.reference
            )));
        }
    }
    for (i, s) in st.subs.iter().enumerate() {
        let Plan::Azure(azure) = &s.plan else {
            continue;
        };
        let at = |field: &str| format!("subscriptions[{i}].{field}");
        if let Some(service_admin) = azure.service_admin {
            i3_i4_user_of(st, service_admin, s.directory)
                .map_err(broken(at("service_administrator")))?;
        }
        i6_co_administrators(azure.co_admins.len()).map_err(broken(at("co_administrators")))?;
        for (j, acc) in azure.co_admins.iter().enumerate() {
            i3_i4_user_of(st, *acc, s.directory)
                .map_err(broken(at(&format!("co_administrators[{j}]"))))?;
        }
        for (j, x) in azure.assignments.iter().enumerate() {
            principal_belongs(st, x.principal, s.directory)
                .map_err(broken(at(&format!("role_assignments[{j}].principal"))))?;
        }
    }
    for (i, g) in st.groups.iter().enumerate() {
        let group = crate::model::GroupId::at(i);
        for (j, m) in g.members.iter().enumerate() {
            let at = || format!("groups[{i}].members[{j}]");
            let belongs = match m.entity() {
                Principal::User(acc) => st.account(acc).membership(g.directory).is_some(),
                other => st.principal_directory(other) == Some(g.directory),
            };
            if !belongs {
                return Err(broken(at())("a member of another directory".into()));
            }
        }
        if st
            .holders(Principal::Group(group))
            .iter()
            .skip(1)
            .any(|(x, _)| *x == Principal::Group(group))
        {
            return Err(broken(format!("groups[{i}]"))(
                "the group is inside itself: groups nest in a cycle".into(),
            ));
        }
    }
    for (i, m) in st.mgs.iter().enumerate() {
        if let Some(parent) = m.parent {
            let p = st.mg(parent);
            if p.directory != m.directory || p.depth.saturating_add(1) != m.depth {
                return Err(broken(format!("management group {}", m.name))(format!(
                    "its parent is not a management group one level up in its directory ({i})"
                )));
            }
        }
    }
    limits(st)
}
