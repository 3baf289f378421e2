//! The items of a snapshot as they are written, borrowed from the text
//! wherever a string holds no escapes: the types of [`crate::image`].
//! Events are [`Effect`]s themselves, named by [`Texts`].

use crate::effect::{Effect, Refs};
use serde::de::{Deserializer, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

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

/// The items themselves, declared once in [`crate::image`].
pub(super) use crate::image::{
    Account as AccountDoc, Assignment as AssignmentDoc, CustomRole as CustomRoleDoc,
    Directory as DirectoryDoc, Gdap as GdapDoc, Group as GroupDoc,
    ManagementGroup as ManagementGroupDoc, Partner as PartnerDoc, Policy as PolicyDoc,
    Resource as ResourceDoc, ServicePrincipal as ServicePrincipalDoc,
    Subscription as SubscriptionDoc, User as UserDoc,
};
