//! Building a tenancy from an image's items (what an import produces):
//! the same validation as loading a snapshot, naming the item it refuses.

use std::borrow::Cow;
use tenantry::image::{Account, Assignment, Directory, Group, Image, User};
use tenantry::{Cloud, Origin, Profile, Tenancy, UserKind, Uuid};

fn image() -> Image<'static> {
    let tenant = Uuid::from_u128(1);
    Image {
        profile: Profile::Current,
        directories: vec![Directory {
            id: tenant,
            name: "Contoso".into(),
            initial_domain: "contoso.onmicrosoft.com".into(),
            verified_domains: vec!["contoso.com".into()],
            cloud: Cloud::Public,
            origin: Origin::Imported,
            users: vec![
                User {
                    account: "admin@contoso.com".into(),
                    kind: UserKind::Member,
                    roles: vec![tenantry::DirectoryRole::GlobalAdministrator],
                    id: Some(Uuid::from_u128(10)),
                    other_roles: vec![],
                },
                User {
                    account: "ops@contoso.com".into(),
                    kind: UserKind::Member,
                    roles: vec![],
                    id: Some(Uuid::from_u128(11)),
                    other_roles: vec![],
                },
            ],
            policy: None,
            guest_invites: None,
            management_groups: vec![],
        }],
        accounts: ["admin@contoso.com", "ops@contoso.com"]
            .into_iter()
            .map(|a| Account {
                account: a.into(),
                home: Some("contoso.onmicrosoft.com".into()),
                ..Account::default()
            })
            .collect(),
        groups: vec![Group {
            id: Uuid::from_u128(20),
            name: "Operators".into(),
            directory: tenant.to_string().into(),
            role_assignable: false,
            roles: vec![],
            members: vec![Cow::Owned(format!("id:{}", Uuid::from_u128(11)))],
        }],
        role_assignments: vec![Assignment {
            principal: format!("id:{}", Uuid::from_u128(20)).into(),
            role: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635".into(),
            scope: "/".into(),
            directory: Some("contoso.onmicrosoft.com".into()),
            condition: None,
        }],
        ..Image::default()
    }
}

#[test]
fn an_image_builds_a_tenancy_that_answers_and_round_trips() -> Result<(), tenantry::Error> {
    let t = Tenancy::from_image(image())?;
    assert_eq!(t.profile(), Profile::Current);
    let members = t.group_members("id:00000000-0000-0000-0000-000000000014", true)?;
    assert_eq!(members.len(), 1);
    assert_eq!(&*members[0], "ops@contoso.com");
    let allowed = t.can_perform(
        "ops@contoso.com",
        "Microsoft.Compute/virtualMachines/start/action",
        "/",
    )?;
    assert!(allowed.allowed, "Owner at the root, through the group");
    let again = Tenancy::from_json(&t.to_json())?;
    assert_eq!(again.to_json(), t.to_json());
    Ok(())
}

#[test]
fn an_image_is_refused_naming_the_item() {
    let mut bad = image();
    bad.groups[0]
        .members
        .push("id:00000000-0000-0000-0000-0000000000ff".into());
    let e = Tenancy::from_image(bad)
        .err()
        .map(|e| (e.code(), e.to_string()));
    let (code, text) = e.unwrap_or_default();
    assert_eq!(code, "INVALID_SNAPSHOT");
    assert!(text.contains("groups[0].members[1]"), "{text}");
}

fn with_azure(profile: Profile) -> Image<'static> {
    let mut im = image();
    im.profile = profile;
    im.subscriptions.push(tenantry::image::Subscription {
        offer: Some("MS-AZR-0003P".into()),
        ..tenantry::image::Subscription::new(
            Uuid::from_u128(30),
            "Production".into(),
            tenantry::SubscriptionKind::Azure,
            "contoso.onmicrosoft.com".into(),
        )
    });
    im
}

#[test]
fn an_imported_subscriptions_billing_owner_may_be_unknown_under_current_rules_only(
) -> Result<(), tenantry::Error> {
    let t = Tenancy::from_image(with_azure(Profile::Current))?;
    let s = t.subscription("00000000-0000-0000-0000-00000000001e")?;
    assert_eq!(s.owner, tenantry::query::Owner::Unknown);
    assert_eq!(s.account_administrator, None);
    let managers = t.who_can_manage("00000000-0000-0000-0000-00000000001e")?;
    assert!(managers.iter().any(|m| &*m.account == "ops@contoso.com"));
    assert_eq!(Tenancy::from_json(&t.to_json())?.to_json(), t.to_json());

    let e = Tenancy::from_image(with_azure(Profile::Classic)).err();
    let text = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        text.contains("subscriptions[0].account_administrator"),
        "{text}"
    );
    Ok(())
}
