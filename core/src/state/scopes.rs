//! Scopes as ARM paths: parsing what an operation or snapshot writes,
//! writing what the state holds, and walking from a scope up to `/` (the
//! chain an assignment is inherited along).

use super::principals::DirNames;
use super::State;
use crate::effect::Scope;
use crate::model::{At, DirId, MgId, Name, Profile, ScopeRef};
use crate::names;

/// A scope as written, before anything is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopePath<'a> {
    /// `/`.
    Root,
    /// `/providers/Microsoft.Management/managementGroups/<name>`.
    Group(&'a str),
    /// `/subscriptions/<id>`, with what follows `/resourceGroups/`: a
    /// resource group, or a resource inside one
    /// (`<rg>/providers/<namespace>/<type>/<name>…`).
    Sub(&'a str, Option<&'a str>),
}

const GROUPS: &str = "/providers/Microsoft.Management/managementGroups/";

impl<'a> ScopePath<'a> {
    /// Parses an ARM scope path (segment names compared ignoring case).
    pub(crate) fn parse(path: &'a str) -> Result<Self, String> {
        if path == "/" {
            return Ok(ScopePath::Root);
        }
        if let Some(name) = super::principals::strip_prefix_folded(path, GROUPS) {
            if name.is_empty() || name.contains('/') || name.len() > 90 {
                return Err(format!("'{name}' is not a management group name"));
            }
            return Ok(ScopePath::Group(name));
        }
        let Some(rest) = super::principals::strip_prefix_folded(path, "/subscriptions/") else {
            return Err(
                "a scope is /, /providers/Microsoft.Management/managementGroups/<name>, \
                 /subscriptions/<id>, or a resource group or resource inside one"
                    .into(),
            );
        };
        let (sub, below) = match rest.split_once('/') {
            None => (rest, None),
            Some((sub, below)) => (sub, Some(below)),
        };
        if sub.is_empty() {
            return Err("the subscription id is missing".into());
        }
        let Some(below) = below else {
            return Ok(ScopePath::Sub(sub, None));
        };
        let Some(inner) = super::principals::strip_prefix_folded(below, "resourceGroups/") else {
            return Err(format!(
                "'{below}' is not resourceGroups/<name> inside the subscription"
            ));
        };
        let (rg, resource) = match inner.split_once('/') {
            None => (inner, None),
            Some((rg, resource)) => (rg, Some(resource)),
        };
        names::check_resource_group(rg)?;
        if let Some(resource) = resource {
            check_resource(resource)?;
        }
        Ok(ScopePath::Sub(sub, Some(inner)))
    }
}

/// `providers/<namespace>/<type>/<name>[/<type>/<name>…]`.
fn check_resource(path: &str) -> Result<(), String> {
    let bad = || format!("'{path}' is not providers/<namespace>/<type>/<name>");
    let rest = super::principals::strip_prefix_folded(path, "providers/").ok_or_else(bad)?;
    let segments: Vec<&str> = rest.split('/').collect();
    let namespace_ok = segments.first().is_some_and(|ns| ns.contains('.'));
    let pairs = segments.len().saturating_sub(1);
    if !namespace_ok || pairs == 0 || pairs % 2 != 0 || segments.iter().any(|s| s.is_empty()) {
        return Err(bad());
    }
    if path.len() > 2_000 {
        return Err("a resource id is at most 2,000 characters".into());
    }
    Ok(())
}

impl State {
    /// The folded form of a scope, as authorization compares it.
    pub(crate) fn at(&self, scope: ScopeRef) -> At {
        match scope {
            ScopeRef::Root(dir) => At::Root(dir),
            ScopeRef::Group(mg) => At::Group(mg),
            ScopeRef::Sub(sub, id) => At::Sub(sub, self.rgs.key(id)),
        }
    }

    /// The scope an assignment at `at` is inherited from: a resource's
    /// resource group, a resource group's subscription, a subscription's
    /// management group, a management group's parent, the tenant root
    /// group's `/`; `None` above `/` (and above an Office 365
    /// subscription, which has no ARM scope).
    pub(crate) fn parent(&self, at: At) -> Option<At> {
        match at {
            At::Sub(sub, key) => match self.rgs.parent(key) {
                Some(parent) => Some(At::Sub(sub, parent)),
                None => self.sub(sub).azure().map(|a| At::Group(a.management_group)),
            },
            At::Group(mg) => {
                let group = self.mgs.get(mg.idx())?;
                Some(match group.parent {
                    Some(parent) => At::Group(parent),
                    None => At::Root(group.directory),
                })
            }
            At::Root(_) => None,
        }
    }

    /// The scope and everything above it, nearest first.
    pub(crate) fn chain(&self, at: At) -> impl Iterator<Item = At> + '_ {
        std::iter::successors(Some(at), move |a| self.parent(*a))
    }

    /// The directory a scope belongs to.
    pub(crate) fn scope_directory(&self, at: At) -> DirId {
        match at {
            At::Root(dir) => dir,
            At::Group(mg) => self.mg(mg).directory,
            At::Sub(sub, _) => self.sub(sub).directory,
        }
    }

    /// A scope as the public [`Scope`]: an ARM path under the current
    /// rules; under the classic ones relative to its subscription where it
    /// can be.
    pub(crate) fn scope(&self, scope: ScopeRef) -> Scope {
        match (scope, self.profile) {
            (ScopeRef::Sub(sub, id), Profile::Classic) => self.rgs.scope(id, &self.sub(sub).key),
            (other, _) => Scope::Path(self.scope_path(other)),
        }
    }

    /// A scope's ARM path.
    pub(crate) fn scope_path(&self, scope: ScopeRef) -> Name {
        match scope {
            ScopeRef::Root(_) => "/".into(),
            ScopeRef::Group(mg) => crate::change::management_group_path(&self.mg(mg).name),
            ScopeRef::Sub(sub, id) => self.rgs.path(id, &self.sub(sub).key),
        }
    }

    /// The ARM path of a folded scope (the spelling first interned).
    pub(crate) fn at_path(&self, at: At) -> Name {
        match at {
            At::Root(dir) => self.scope_path(ScopeRef::Root(dir)),
            At::Group(mg) => self.scope_path(ScopeRef::Group(mg)),
            At::Sub(sub, key) => self.scope_path(ScopeRef::Sub(sub, self.rgs.exact_of_key(key))),
        }
    }

    /// A management group of a directory by name; without a directory,
    /// the one management group of that name in any.
    pub(crate) fn find_mg(&self, dir: Option<DirId>, name: &str) -> Option<MgId> {
        let matches = |m: &MgId| {
            self.mgs.get(m.idx()).is_some_and(|g| {
                g.name.eq_ignore_ascii_case(name) && dir.map_or(true, |d| g.directory == d)
            })
        };
        let index: &DirNames = &self.mg_names;
        let found: Vec<MgId> = index
            .candidates(DirNames::ANY, name)
            .iter()
            .map(|i| MgId(*i))
            .filter(matches)
            .collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// A subscription's place for a parsed path: the subscription and, for
    /// a resource group or resource, its interned scope if any assignment
    /// used that spelling or another (`None`: none can match it).
    pub(crate) fn sub_scope_key(&self, path: Option<&str>) -> Option<u32> {
        match path {
            None => Some(0),
            Some(p) => self.rgs.key_of_name(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_paths_parse() {
        assert_eq!(ScopePath::parse("/"), Ok(ScopePath::Root));
        assert_eq!(
            ScopePath::parse("/providers/microsoft.management/managementGroups/platform"),
            Ok(ScopePath::Group("platform"))
        );
        assert_eq!(
            ScopePath::parse("/subscriptions/abc"),
            Ok(ScopePath::Sub("abc", None))
        );
        assert_eq!(
            ScopePath::parse("/Subscriptions/abc/resourcegroups/rg-web"),
            Ok(ScopePath::Sub("abc", Some("rg-web")))
        );
        assert_eq!(
            ScopePath::parse(
                "/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Web/sites/app"
            ),
            Ok(ScopePath::Sub(
                "abc",
                Some("rg/providers/Microsoft.Web/sites/app")
            ))
        );
        for bad in [
            "",
            "subscriptions/abc",
            "/subscriptions/",
            "/subscriptions/abc/",
            "/subscriptions/abc/resourceGroups/",
            "/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Web/sites",
            "/subscriptions/abc/resourceGroups/rg/providers/web/sites/app",
            "/subscriptions/abc/other/x",
            "/providers/Microsoft.Management/managementGroups/",
            "/tenants",
        ] {
            assert!(ScopePath::parse(bad).is_err(), "{bad}");
        }
    }
}
