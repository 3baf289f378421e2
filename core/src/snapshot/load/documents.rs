//! The items of a snapshot as they are written, borrowed from the text
//! wherever a string holds no escapes. Events are [`Effect`]s themselves,
//! named by [`Texts`].

use crate::effect::{Effect, Refs};
use crate::model::{
    Cloud, DirectoryRole, GuestInvites, Origin, ServicePrincipalKind, SubscriptionKind, UserKind,
};
use serde::de::{Deserializer, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use uuid::Uuid;

/// A string of the document: borrowed from the text where it holds no
/// escapes, else its unescaped copy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Text<'de>(pub(super) Cow<'de, str>);

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

/// Effects as a snapshot's event log writes them: every reference as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Texts<'de>(PhantomData<&'de ()>);

impl<'de> Refs for Texts<'de> {
    type Dir = Text<'de>;
    type Acc = Text<'de>;
    type Principal = Text<'de>;
    type Sub = Text<'de>;
    type Partner = Text<'de>;
    type Scope = Text<'de>;
    type Role = Text<'de>;
    type Group = Text<'de>;
    type Name = Text<'de>;
    type Text = Text<'de>;
}

/// One entry of the event log, as written.
pub(super) type EventDoc<'de> = Effect<Texts<'de>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DirectoryDoc<'a> {
    pub(super) id: Uuid,
    #[serde(borrow)]
    pub(super) name: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) initial_domain: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) verified_domains: Vec<Cow<'a, str>>,
    pub(super) cloud: Cloud,
    pub(super) origin: Origin,
    #[serde(default, borrow)]
    pub(super) users: Vec<UserDoc<'a>>,
    #[serde(default, borrow)]
    pub(super) policy: Option<PolicyDoc<'a>>,
    #[serde(default)]
    pub(super) guest_invites: Option<GuestInvites>,
    #[serde(default, borrow)]
    pub(super) management_groups: Vec<ManagementGroupDoc<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PolicyDoc<'a> {
    pub(super) block_leaving: bool,
    pub(super) block_entering: bool,
    #[serde(default, borrow)]
    pub(super) exempted: Vec<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ManagementGroupDoc<'a> {
    #[serde(borrow)]
    pub(super) name: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) display_name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) parent: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OtherRoleDoc<'a> {
    #[serde(borrow)]
    pub(super) template_id: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) name: Cow<'a, str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UserDoc<'a> {
    #[serde(borrow)]
    pub(super) account: Cow<'a, str>,
    pub(super) kind: UserKind,
    #[serde(default)]
    pub(super) roles: Vec<DirectoryRole>,
    #[serde(default)]
    pub(super) id: Option<Uuid>,
    #[serde(default, borrow)]
    pub(super) other_roles: Vec<OtherRoleDoc<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AccountDoc<'a> {
    #[serde(borrow)]
    pub(super) account: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) home: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) default_directory: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SubscriptionDoc<'a> {
    pub(super) id: Uuid,
    #[serde(borrow)]
    pub(super) name: Cow<'a, str>,
    pub(super) kind: SubscriptionKind,
    #[serde(borrow)]
    pub(super) directory: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) offer: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) account_administrator: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) service_administrator: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) co_administrators: Option<Vec<Cow<'a, str>>>,
    #[serde(default, borrow)]
    pub(super) role_assignments: Option<Vec<AssignmentDoc<'a>>>,
    #[serde(default, borrow)]
    pub(super) plan: Option<Cow<'a, str>>,
    #[serde(default)]
    pub(super) seats: Option<u32>,
    #[serde(default, borrow)]
    pub(super) management_group: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) change_request: Option<ChangeRequestDoc<'a>>,
    #[serde(default, borrow)]
    pub(super) managed_by: Vec<DelegationDoc<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChangeRequestDoc<'a> {
    #[serde(borrow)]
    pub(super) initiator: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) to: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) acceptor: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DelegationDoc<'a> {
    pub(super) tenant: Uuid,
    pub(super) principal_id: Uuid,
    #[serde(default, borrow)]
    pub(super) principal_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) role: Cow<'a, str>,
}

/// A role assignment: in a version-1 subscription, `scope` is
/// `subscription` or `resource_group:<name>`; at the top level of version
/// 2, an ARM path (`/` with its `directory`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssignmentDoc<'a> {
    #[serde(borrow)]
    pub(super) principal: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) role: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) scope: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) directory: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) condition: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GroupDoc<'a> {
    pub(super) id: Uuid,
    #[serde(borrow)]
    pub(super) name: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) directory: Cow<'a, str>,
    #[serde(default)]
    pub(super) role_assignable: bool,
    #[serde(default)]
    pub(super) roles: Vec<DirectoryRole>,
    #[serde(default, borrow)]
    pub(super) members: Vec<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ServicePrincipalDoc<'a> {
    pub(super) id: Uuid,
    pub(super) app_id: Uuid,
    #[serde(borrow)]
    pub(super) name: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) directory: Cow<'a, str>,
    pub(super) kind: ServicePrincipalKind,
    #[serde(default, borrow)]
    pub(super) resource: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) subscription: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CustomRoleDoc<'a> {
    pub(super) id: Uuid,
    #[serde(borrow)]
    pub(super) name: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) directory: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) actions: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) not_actions: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) assignable_scopes: Vec<Cow<'a, str>>,
    #[serde(default)]
    pub(super) deleted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GdapDoc<'a> {
    pub(super) id: Uuid,
    #[serde(borrow)]
    pub(super) partner: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) directory: Cow<'a, str>,
    pub(super) roles: Vec<DirectoryRole>,
    #[serde(default)]
    pub(super) approved: bool,
    pub(super) duration_days: u16,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ResourceDoc<'a> {
    #[serde(borrow)]
    pub(super) id: Cow<'a, str>,
    #[serde(borrow, rename = "type")]
    pub(super) kind: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) system_identity: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub(super) user_identities: Vec<Cow<'a, str>>,
    #[serde(default)]
    pub(super) key_vault_tenant: Option<Uuid>,
    #[serde(default)]
    pub(super) access_policies: Vec<Uuid>,
    #[serde(default)]
    pub(super) entra_authentication: bool,
    #[serde(default)]
    pub(super) acls: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PartnerDoc<'a> {
    #[serde(borrow)]
    pub(super) name: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) directory: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) admin: Cow<'a, str>,
    #[serde(default, borrow)]
    pub(super) admin_agents: Option<Cow<'a, str>>,
}
