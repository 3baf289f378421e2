//! The visitor over a snapshot's sections. They may come in any order;
//! each refers only to those before it in [`Section::ALL`], so a section
//! whose predecessors are built is built as it parses (streaming), and one
//! that comes early is kept until they are.

use super::bad;
use super::build::Builder;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// A section of a snapshot, in the order each may refer to the ones before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Section {
    Format,
    Version,
    Profile,
    Directories,
    Accounts,
    Groups,
    Subscriptions,
    ServicePrincipals,
    CustomRoles,
    RoleAssignments,
    Partners,
    Gdap,
    Resources,
    Events,
}

impl Section {
    pub(super) const ALL: [Section; 14] = [
        Section::Format,
        Section::Version,
        Section::Profile,
        Section::Directories,
        Section::Accounts,
        Section::Groups,
        Section::Subscriptions,
        Section::ServicePrincipals,
        Section::CustomRoles,
        Section::RoleAssignments,
        Section::Partners,
        Section::Gdap,
        Section::Resources,
        Section::Events,
    ];

    /// The keys of the document, as serde reports them for an unknown one.
    pub(super) const KEYS: [&'static str; 14] = [
        "format",
        "version",
        "profile",
        "directories",
        "accounts",
        "groups",
        "subscriptions",
        "service_principals",
        "custom_roles",
        "role_assignments",
        "partners",
        "gdap_relationships",
        "resources",
        "events",
    ];

    /// Whether only version 2 has it.
    pub(super) fn since_version_2(self) -> bool {
        matches!(
            self,
            Section::Profile
                | Section::Groups
                | Section::ServicePrincipals
                | Section::CustomRoles
                | Section::RoleAssignments
                | Section::Gdap
                | Section::Resources
        )
    }

    fn of(key: &str) -> Option<Section> {
        let at = Section::KEYS.iter().position(|k| *k == key)?;
        Section::ALL.get(at).copied()
    }

    /// Whether it holds the document's header rather than items.
    pub(super) fn is_header(self) -> bool {
        self < Section::Directories
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// A set of sections.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sections(u16);

impl Sections {
    /// Adds `section`; returns whether it was already there.
    pub(super) fn insert(&mut self, section: Section) -> bool {
        let had = self.contains(section);
        self.0 |= section.bit();
        had
    }

    pub(super) fn contains(self, section: Section) -> bool {
        self.0 & section.bit() != 0
    }

    /// Whether every item section before `section` is in the set.
    pub(super) fn all_before(self, section: Section) -> bool {
        Section::ALL
            .iter()
            .filter(|s| !s.is_header() && **s < section)
            .all(|s| self.contains(*s))
    }
}

/// The whole document.
pub(super) struct SnapshotVisitor<'b, 'de>(pub(super) &'b mut Builder<'de>);

impl<'de> Visitor<'de> for SnapshotVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tenantry snapshot (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.0;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let Some(section) = Section::of(&key) else {
                return Err(de::Error::unknown_field(&key, &Section::KEYS));
            };
            if b.seen.insert(section) {
                return Err(b.stash(bad(&*key, "the section is given twice")));
            }
            let streaming = b.ready(section).map_err(|e| b.stash(e))?;
            match section {
                Section::Format => b.format = Some(map.next_value::<Cow<'de, str>>()?.into_owned()),
                Section::Version => b.version = Some(map.next_value()?),
                Section::Profile => b.profile = Some(map.next_value()?),
                Section::Directories => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::directory,
                    keep: |b| &mut b.kept.directories,
                })?,
                Section::Accounts => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::account,
                    keep: |b| &mut b.kept.accounts,
                })?,
                Section::Groups => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::group,
                    keep: |b| &mut b.kept.groups,
                })?,
                Section::Subscriptions => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::subscription,
                    keep: |b| &mut b.kept.subscriptions,
                })?,
                Section::ServicePrincipals => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::service_principal,
                    keep: |b| &mut b.kept.service_principals,
                })?,
                Section::CustomRoles => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::custom_role,
                    keep: |b| &mut b.kept.custom_roles,
                })?,
                Section::RoleAssignments => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::role_assignment,
                    keep: |b| &mut b.kept.role_assignments,
                })?,
                Section::Partners => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::partner,
                    keep: |b| &mut b.kept.partners,
                })?,
                Section::Gdap => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::gdap,
                    keep: |b| &mut b.kept.gdap,
                })?,
                Section::Resources => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::resource,
                    keep: |b| &mut b.kept.resources,
                })?,
                Section::Events => map.next_value_seed(Items {
                    b,
                    streaming,
                    add: Builder::event,
                    keep: |b| &mut b.kept.events,
                })?,
            }
            if streaming {
                b.built.insert(section);
            }
        }
        Ok(())
    }
}

type Add<'de, T> = fn(&mut Builder<'de>, usize, T) -> crate::Result<()>;

/// The items of one section: each is built as it parses when the sections
/// it refers to are built (`streaming`), else kept for later.
struct Items<'b, 'de, T> {
    b: &'b mut Builder<'de>,
    streaming: bool,
    add: Add<'de, T>,
    keep: for<'x> fn(&'x mut Builder<'de>) -> &'x mut Vec<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Items<'_, 'de, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Items<'_, 'de, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Items {
            b,
            streaming,
            add,
            keep,
        } = self;
        let mut i = 0;
        while let Some(item) = seq.next_element::<T>()? {
            if streaming {
                add(b, i, item).map_err(|e| b.stash(e))?;
            } else {
                keep(b).push(item);
            }
            i += 1;
        }
        Ok(())
    }
}
