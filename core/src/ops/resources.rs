//! `create_resource`: an Azure resource of the inventory a directory move
//! affects (DESIGN §5 "Resource", §6's impact table) — a key vault, an
//! Entra-authenticated SQL or MySQL server, an AKS cluster, a storage
//! account with ACLs, a policy assignment… — created in a resource group.
//!
//! Imports bring most resources; this operation lets a scenario (or a
//! what-if) build an inventory through the same evaluator ARM uses: the
//! actor must be allowed `<type>/write` at the resource group, as
//! Contributor or Owner are (or be a classic administrator of the
//! subscription, who has full access to it). A key vault is tied to the tenant id of the
//! subscription's directory when it is created (transfer-subscription.md,
//! "List key vaults"); its access policies name objects of that directory.

use super::common::{self, invalid, Checked};
use super::groups::where_written;
use super::CreateResource;
use crate::access::{self, Wanted};
use crate::change::{Change, NewResource};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{Name, Principal};

/// The longest resource name ARM takes in any provider.
const MAX_NAME_LEN: usize = 260;

pub(super) fn create(v: &impl Facts, op: &CreateResource) -> Checked<Vec<Change>> {
    let actor = common::actor(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    if v.state().sub(sub).azure().is_none() {
        return Err(invalid(
            "subscription",
            &op.subscription,
            "an Office 365 subscription holds no Azure resources".into(),
        ));
    }
    crate::names::check_resource_group(&op.resource_group)
        .map_err(|r| invalid("resource_group", &op.resource_group, r))?;
    check_type(&op.resource_type)?;
    check_name(&op.name)?;
    let dir = v.sub_directory(sub);
    common::clouds_in_service(v, [dir])?;
    common::actor_in_cloud_of(v, actor, dir)?;
    let id = format!(
        "/subscriptions/{}/resourceGroups/{}/providers/{}/{}",
        common::sub_name(v, sub),
        op.resource_group,
        op.resource_type,
        op.name
    );
    let write = format!("{}/write", op.resource_type);
    // A classic administrator has full access to the subscription's
    // resources (classic-administrators.md); anyone else needs the write.
    let classic = matches!(actor, Principal::User(acc) if common::is_classic_admin(v, acc, sub));
    if !classic && !access::allows(v, actor, where_written(v, sub, &id), Wanted::Named(&write)) {
        return Err(ErrorKind::NotAuthorized {
            actor: common::principal_name(v, actor),
            action: "create resources in",
            target: common::sub_name(v, sub),
            needs: "allowed the resource type's write action at its resource group (Owner, Contributor, or a custom role that grants it)",
        });
    }
    if v.state().find_resource(&id).is_some() {
        return Err(ErrorKind::ResourceExists { resource: id });
    }
    let mut access_policies = Vec::with_capacity(op.access_policies.len());
    for reference in &op.access_policies {
        let p = common::principal(v, reference)?;
        let home = match p {
            Principal::User(acc) => v.is_user(acc, dir),
            Principal::Group(g) => v.state().group(g).directory == dir,
            Principal::App(s) => v
                .state()
                .sps
                .get(s.idx())
                .is_some_and(|s| s.directory == dir),
            Principal::ForeignGroup(_) => false,
        };
        if !home {
            return Err(ErrorKind::NotAUserOfDirectory {
                account: reference.as_str().into(),
                directory: common::dir_name(v, dir),
            });
        }
        access_policies.push(p);
    }
    Ok(vec![Change::CreateResource(Box::new(NewResource {
        id: Name::from(id),
        kind: Name::from(op.resource_type.as_str()),
        subscription: sub,
        access_policies,
        entra_authentication: op.entra_authentication.unwrap_or(false),
        acls: op.acls.unwrap_or(false),
    }))])
}

/// `<namespace>/<type>`, e.g. `Microsoft.KeyVault/vaults`.
fn check_type(kind: &str) -> Checked<()> {
    let part = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    };
    match kind.split_once('/') {
        Some((namespace, name)) if part(namespace) && part(name) && namespace.contains('.') => {
            Ok(())
        }
        _ => Err(invalid(
            "resource_type",
            kind,
            "a resource type is <namespace>/<type>, e.g. Microsoft.KeyVault/vaults".into(),
        )),
    }
}

fn check_name(name: &str) -> Checked<()> {
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(invalid(
            "name",
            name,
            format!("a resource name has 1 to {MAX_NAME_LEN} characters"),
        ));
    }
    if name
        .chars()
        .any(|c| c.is_control() || matches!(c, '/' | '\\' | '?' | '#' | '%' | '&' | '<' | '>'))
    {
        return Err(invalid(
            "name",
            name,
            "a resource name may not hold / \\ ? # % & < > or control characters".into(),
        ));
    }
    Ok(())
}
