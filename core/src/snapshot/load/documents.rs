//! The items of a snapshot as they are written, borrowed from the text
//! wherever a string holds no escapes. Events are [`Effect`]s themselves,
//! named by [`Texts`].

use crate::effect::{Effect, Refs};
use crate::model::{Cloud, DirectoryRole, Origin, RbacRole, SubscriptionKind, UserKind};
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
    type Name = Text<'de>;
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UserDoc<'a> {
    #[serde(borrow)]
    pub(super) account: Cow<'a, str>,
    pub(super) kind: UserKind,
    #[serde(default)]
    pub(super) roles: Vec<DirectoryRole>,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssignmentDoc<'a> {
    #[serde(borrow)]
    pub(super) principal: Cow<'a, str>,
    pub(super) role: RbacRole,
    #[serde(borrow)]
    pub(super) scope: Cow<'a, str>,
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
}
