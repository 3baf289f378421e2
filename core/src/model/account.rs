//! Accounts (who signs in) and their users in directories.
//!
//! An account is read on almost every decision, so its layout is compact
//! and its hot fields come first: the reference (compared by lookups), the
//! kind, the memberships (one, inline, for most work accounts) and the
//! classic roles it holds.

use super::{Cloud, DirId, Held, Name, RoleSet, SubId, UserKind};
use smallvec::SmallVec;

/// Whether an account is a Microsoft account or a work or school account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccountKind {
    /// A personal Microsoft account, homed in no directory. Its default
    /// directory is created on its first Azure sign-up (R3).
    Microsoft { default_directory: Option<DirId> },
    /// A work or school account, homed in exactly one directory (I2).
    Work { home: DirId },
}

/// An account's user object in one directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Membership {
    pub(crate) dir: DirId,
    pub(crate) kind: UserKind,
    pub(crate) roles: RoleSet,
}

/// A classic administrator role of an Azure subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ClassicRole {
    /// The account administrator.
    Account,
    /// The service administrator.
    Service,
    /// A co-administrator.
    Co,
}

/// Who signs in.
#[derive(Debug, Clone)]
#[repr(C)]
pub(crate) struct Account {
    /// The reference as FORMAT.md writes it: `msa:<e-mail>` or the UPN.
    pub(crate) reference: Name,
    pub(crate) kind: AccountKind,
    /// The low half of its sign-in name's hash in the index that holds it
    /// (the index slot keeps the high half): with the slot's tag, a 64-bit
    /// fingerprint a decision can trust before it has read the name, and
    /// confirms afterwards (see `State::resolve`).
    pub(crate) key_hash: u32,
    /// The directories it is a user of, sorted by directory.
    pub(crate) memberships: SmallVec<[Membership; 1]>,
    /// Derived: the classic roles it holds, sorted by subscription.
    pub(crate) administers: SmallVec<[(SubId, ClassicRole); 1]>,
    /// Derived: the RBAC assignments its users hold, sorted.
    pub(crate) held: SmallVec<[Held; 1]>,
    /// Derived: the groups its users are direct members of, sorted.
    pub(crate) member_of: super::GroupList,
    /// The display name, if one was given.
    pub(crate) name: Option<Box<str>>,
}

impl Account {
    pub(crate) fn new(reference: Name, name: Option<Box<str>>, kind: AccountKind) -> Self {
        Account {
            reference,
            kind,
            key_hash: 0,
            memberships: SmallVec::new(),
            administers: SmallVec::new(),
            held: SmallVec::new(),
            member_of: Default::default(),
            name,
        }
    }

    /// The sign-in name: the e-mail of a Microsoft account, else the UPN.
    pub(crate) fn sign_in_name(&self) -> &str {
        match self.kind {
            AccountKind::Microsoft { .. } => self.reference.get(4..).unwrap_or_default(),
            AccountKind::Work { .. } => &self.reference,
        }
    }

    pub(crate) fn is_microsoft(&self) -> bool {
        matches!(self.kind, AccountKind::Microsoft { .. })
    }

    pub(crate) fn home(&self) -> Option<DirId> {
        match self.kind {
            AccountKind::Work { home } => Some(home),
            AccountKind::Microsoft { .. } => None,
        }
    }

    /// The account's user object in `dir`, if it is a user there.
    pub(crate) fn membership(&self, dir: DirId) -> Option<&Membership> {
        self.memberships
            .binary_search_by_key(&dir, |m| m.dir)
            .ok()
            .and_then(|at| self.memberships.get(at))
    }

    pub(crate) fn membership_mut(&mut self, dir: DirId) -> Option<&mut Membership> {
        self.memberships
            .binary_search_by_key(&dir, |m| m.dir)
            .ok()
            .and_then(|at| self.memberships.get_mut(at))
    }

    /// Whether it holds this classic role on the subscription.
    pub(crate) fn holds_classic(&self, sub: SubId, role: ClassicRole) -> bool {
        self.administers.binary_search(&(sub, role)).is_ok()
    }

    /// Records or forgets a classic role.
    pub(crate) fn set_classic(&mut self, sub: SubId, role: ClassicRole, held: bool) {
        match (self.administers.binary_search(&(sub, role)), held) {
            (Err(at), true) => self.administers.insert(at, (sub, role)),
            (Ok(at), false) => {
                self.administers.remove(at);
            }
            _ => {}
        }
    }

    /// Whether it is a service administrator or co-administrator of any
    /// subscription (R12).
    pub(crate) fn administers_any(&self) -> bool {
        self.administers
            .iter()
            .any(|(_, role)| *role != ClassicRole::Account)
    }
}

impl AccountKind {
    /// A work account's home directory.
    pub(crate) fn home(self) -> Option<DirId> {
        match self {
            AccountKind::Work { home } => Some(home),
            AccountKind::Microsoft { .. } => None,
        }
    }

    /// The cloud an account lives in: Microsoft accounts exist in the public
    /// cloud only; a work account lives in its home directory's cloud.
    pub(crate) fn cloud(self, dir_cloud: impl Fn(DirId) -> Cloud) -> Cloud {
        match self {
            AccountKind::Microsoft { .. } => Cloud::Public,
            AccountKind::Work { home } => dir_cloud(home),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_names() {
        let msa = Account::new(
            "msa:jo@outlook.com".into(),
            None,
            AccountKind::Microsoft {
                default_directory: None,
            },
        );
        assert_eq!(msa.sign_in_name(), "jo@outlook.com");
        let work = Account::new("a@b.com".into(), None, AccountKind::Work { home: DirId(0) });
        assert_eq!(work.sign_in_name(), "a@b.com");
        assert_eq!(work.home(), Some(DirId(0)));
    }

    #[test]
    fn classic_roles_are_kept_sorted_and_unique() {
        let mut a = Account::new("a@b.com".into(), None, AccountKind::Work { home: DirId(0) });
        a.set_classic(SubId(2), ClassicRole::Co, true);
        a.set_classic(SubId(1), ClassicRole::Service, true);
        a.set_classic(SubId(1), ClassicRole::Account, true);
        a.set_classic(SubId(1), ClassicRole::Account, true);
        assert_eq!(a.administers.len(), 3);
        assert!(a.holds_classic(SubId(2), ClassicRole::Co));
        assert!(a.administers_any());
        a.set_classic(SubId(1), ClassicRole::Service, false);
        a.set_classic(SubId(2), ClassicRole::Co, false);
        assert!(!a.administers_any());
        // Two cache lines and a little: the hot fields (reference, kind,
        // fingerprint, memberships, classic roles) sit in the first.
        assert!(
            std::mem::size_of::<Account>() <= 136,
            "{}",
            std::mem::size_of::<Account>()
        );
    }
}
