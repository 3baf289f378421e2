//! Snapshots: lossless round trips, atomic saves, and every kind of bad
//! snapshot refused with `INVALID_SNAPSHOT` naming where — never a panic.

use serde_json::{json, Value};
use tenantry::ops::*;
use tenantry::{Operation, Tenancy};

fn apply(t: &mut Tenancy, op: impl Into<Operation>) -> Option<String> {
    match t.apply(&op.into()) {
        Ok(outcome) => outcome.subscription.map(|s| s.to_string()),
        Err(e) => panic!("setup step refused: {} {e}", e.code()),
    }
}

/// A small but complete fleet: every kind of entity and relation.
fn fleet() -> Tenancy {
    let mut t = Tenancy::with_seed(42);
    apply(
        &mut t,
        CreateMicrosoftAccount {
            email: "msmith@hotmail.com".into(),
        },
    );
    apply(
        &mut t,
        SignUpOffice365 {
            organization: "Contoso".into(),
            domain_prefix: "contoso".into(),
            admin: "admin".into(),
            admin_name: Some("Kelley Wall".into()),
            plan: "Office 365 E3".into(),
            ..Default::default()
        },
    );
    apply(
        &mut t,
        AddVerifiedDomain {
            actor: "admin@contoso.onmicrosoft.com".into(),
            directory: "contoso.onmicrosoft.com".into(),
            domain: "contoso.com".into(),
        },
    );
    apply(
        &mut t,
        AddUser {
            actor: "admin@contoso.onmicrosoft.com".into(),
            directory: "contoso.onmicrosoft.com".into(),
            user: "JohnDoe@contoso.com".into(),
            name: Some("John Doe".into()),
            role: Some("billing_administrator".into()),
        },
    );
    let azure = apply(
        &mut t,
        SignUpAzure {
            actor: "msa:msmith@hotmail.com".into(),
            offer: "MS-AZR-0003P".into(),
            ..Default::default()
        },
    )
    .unwrap_or_default();
    apply(
        &mut t,
        AddUser {
            actor: "msa:msmith@hotmail.com".into(),
            directory: "msmithhotmail.onmicrosoft.com".into(),
            user: "ops".into(),
            ..Default::default()
        },
    );
    apply(
        &mut t,
        Operation::AddCoAdministrator(CoAdministratorChange {
            actor: "msa:msmith@hotmail.com".into(),
            subscription: azure.clone(),
            account: "ops@msmithhotmail.onmicrosoft.com".into(),
        }),
    );
    apply(
        &mut t,
        Operation::AssignRole(RoleAssignmentChange {
            actor: "msa:msmith@hotmail.com".into(),
            subscription: Some(azure),
            principal: "ops@msmithhotmail.onmicrosoft.com".into(),
            role: "reader".into(),
            resource_group: Some("RG-Web".into()),
            ..Default::default()
        }),
    );
    apply(
        &mut t,
        CreatePartnerCenterAccount {
            name: "Litware".into(),
            domain_prefix: "litware".into(),
            admin: "admin".into(),
            cloud: None,
        },
    );
    apply(
        &mut t,
        CreateDirectory {
            organization: "Contoso DE".into(),
            domain_prefix: "contosode".into(),
            admin: "admin".into(),
            admin_name: None,
            cloud: Some("germany".into()),
        },
    );
    t
}

fn doc() -> Value {
    serde_json::from_str(&fleet().to_json()).unwrap_or(Value::Null)
}

/// Asserts the document is refused with INVALID_SNAPSHOT at a place
/// mentioning `at`.
fn refused(doc: &Value, at: &str) {
    let text = doc.to_string();
    match Tenancy::from_json(&text) {
        Ok(_) => panic!("accepted a bad snapshot (expected a refusal at {at})"),
        Err(e) => {
            assert_eq!(e.code(), "INVALID_SNAPSHOT", "{e}");
            assert_eq!(e.rule(), None);
            let message = e.to_string();
            assert!(
                message.contains(at),
                "expected the refusal to name {at}, got: {message}"
            );
        }
    }
}

fn find_index(list: &Value, key: &str, value: &str) -> usize {
    list.as_array()
        .and_then(|l| l.iter().position(|x| x[key] == value))
        .unwrap_or_else(|| panic!("no item with {key} = {value}"))
}

#[test]
fn round_trip_is_byte_identical_and_keeps_every_answer() {
    let t = fleet();
    let json = t.to_json();
    let back = Tenancy::from_json(&json).expect("the fleet's own snapshot loads");
    assert_eq!(back.to_json(), json);
    assert_eq!(back.events().count(), t.events().count());
    assert!(t.event_count() > 20);
    let pretty = Tenancy::from_json(&t.to_json_pretty()).expect("pretty snapshots load");
    assert_eq!(pretty.to_json(), json);
    let doc: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
    assert_eq!(doc["format"], "tenantry-snapshot");
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["profile"], "classic");
}

/// The same state as a version-1 snapshot: no profile, no version-2
/// sections, role assignments inside their subscriptions with scopes
/// relative to them.
fn as_version_1(mut d: Value) -> Value {
    let assignments = d["role_assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if let Some(map) = d.as_object_mut() {
        for key in [
            "profile",
            "groups",
            "service_principals",
            "custom_roles",
            "role_assignments",
            "gdap_relationships",
            "resources",
        ] {
            map.remove(key);
        }
    }
    d["version"] = json!(1);
    for s in d["subscriptions"].as_array_mut().into_iter().flatten() {
        if s["kind"] != "azure" {
            continue;
        }
        let prefix = format!("/subscriptions/{}", s["id"].as_str().unwrap_or_default());
        let mine: Vec<Value> = assignments
            .iter()
            .filter_map(|a| {
                let scope = a["scope"].as_str()?;
                let rest = scope.strip_prefix(&prefix)?;
                let scope = match rest.strip_prefix("/resourceGroups/") {
                    None if rest.is_empty() => "subscription".to_owned(),
                    None => return None,
                    Some(rg) => format!("resource_group:{rg}"),
                };
                Some(json!({"principal": a["principal"], "role": a["role"], "scope": scope}))
            })
            .collect();
        s["role_assignments"] = Value::Array(mine);
    }
    d
}

#[test]
fn version_1_snapshots_load_as_classic() {
    let t = fleet();
    let json = t.to_json();
    let old = as_version_1(serde_json::from_str(&json).unwrap_or(Value::Null));
    let back = Tenancy::from_json(&old.to_string()).expect("a version-1 snapshot loads");
    assert_eq!(back.profile(), tenantry::Profile::Classic);
    assert_eq!(back.to_json(), json);
    // A version-1 document holds none of version 2's sections.
    let mut bad = old.clone();
    bad["groups"] = json!([]);
    refused(&bad, "groups");
}

/// The snapshot's sections written in `order`, whatever ordering
/// serde_json's map keeps (it depends on enabled features).
fn in_order(order: &[&str]) -> String {
    let d = doc();
    let fields: Vec<String> = order
        .iter()
        .map(|key| format!("{}:{}", json!(key), d[*key]))
        .collect();
    format!("{{{}}}", fields.join(","))
}

#[test]
fn sections_load_in_any_order() {
    let json = fleet().to_json();
    let orders: [&[&str]; 3] = [
        // Alphabetical: format and version come after the sections.
        &[
            "accounts",
            "custom_roles",
            "directories",
            "events",
            "format",
            "gdap_relationships",
            "groups",
            "partners",
            "profile",
            "resources",
            "role_assignments",
            "service_principals",
            "subscriptions",
            "version",
        ],
        // Events before everything else, header last.
        &[
            "events",
            "resources",
            "gdap_relationships",
            "partners",
            "role_assignments",
            "custom_roles",
            "service_principals",
            "subscriptions",
            "groups",
            "accounts",
            "directories",
            "profile",
            "version",
            "format",
        ],
        // Subscriptions before the directories and accounts they name.
        &[
            "format",
            "version",
            "profile",
            "role_assignments",
            "subscriptions",
            "directories",
            "partners",
            "accounts",
            "groups",
            "service_principals",
            "custom_roles",
            "gdap_relationships",
            "resources",
            "events",
        ],
    ];
    for order in orders {
        let text = in_order(order);
        assert_ne!(text, json);
        assert_eq!(
            Tenancy::from_json(&text).map(|t| t.to_json()),
            Ok(json.clone()),
            "sections in the order {order:?}"
        );
    }
}

#[test]
fn a_loaded_snapshot_continues_with_the_same_ids_when_seeded_alike() {
    let json = fleet().to_json();
    let op: Operation = SignUpAzure {
        actor: "msa:msmith@hotmail.com".into(),
        offer: "MS-AZR-0044P".into(),
        ..Default::default()
    }
    .into();
    let mut a = Tenancy::from_json_with_ids(&json, tenantry::IdSource::seeded(9)).expect("loads");
    let mut b = Tenancy::from_json_with_ids(&json, tenantry::IdSource::seeded(9)).expect("loads");
    assert_eq!(a.apply(&op).ok(), b.apply(&op).ok());
}

#[test]
fn dangling_references_are_refused() {
    let mut d = doc();
    d["subscriptions"][0]["directory"] = json!("nowhere.onmicrosoft.com");
    refused(&d, "subscriptions[0].directory");

    let mut d = doc();
    let i = find_index(&d["accounts"], "account", "JohnDoe@contoso.com");
    d["accounts"][i]["home"] = json!("nowhere.onmicrosoft.com");
    refused(&d, &format!("accounts[{i}].home"));

    let mut d = doc();
    d["directories"][0]["users"][0]["account"] = json!("ghost@contoso.onmicrosoft.com");
    refused(&d, "directories[0].users[0].account");

    let mut d = doc();
    let n = d["events"].as_array().map_or(0, Vec::len);
    d["events"][n - 1] = json!({"account_created": {"account": "msa:ghost@outlook.com"}});
    refused(&d, &format!("events[{}]", n - 1));

    let mut d = doc();
    d["partners"][0]["admin"] = json!("admin@contoso.onmicrosoft.com");
    refused(&d, "partners[0].admin");
}

#[test]
fn invariant_violations_are_refused() {
    // I3: the service administrator is a user of the directory.
    let mut d = doc();
    let s = find_index(&d["subscriptions"], "kind", "azure");
    d["subscriptions"][s]["service_administrator"] = json!("JohnDoe@contoso.com");
    refused(&d, &format!("subscriptions[{s}].service_administrator"));

    // I4: co-administrators are users of the directory.
    let mut d = doc();
    d["subscriptions"][s]["co_administrators"] = json!(["JohnDoe@contoso.com"]);
    refused(&d, &format!("subscriptions[{s}].co_administrators[0]"));

    // I4: role-assignment principals are users of the directory.
    let mut d = doc();
    d["role_assignments"][0]["principal"] = json!("JohnDoe@contoso.com");
    refused(&d, "role_assignments[0].principal");

    // Duplicate assignments, compared case-insensitively.
    let mut d = doc();
    let first = d["role_assignments"][0].clone();
    let mut second = first.clone();
    second["scope"] = json!(first["scope"]
        .as_str()
        .map(|s| s.replace("RG-Web", "rg-web"))
        .unwrap_or_default());
    d["role_assignments"] = json!([first, second]);
    refused(&d, "role_assignments[1]");

    // I5: Office 365 subscriptions have no user owner.
    let mut d = doc();
    let o = find_index(&d["subscriptions"], "kind", "office365");
    d["subscriptions"][o]["account_administrator"] = json!("admin@contoso.onmicrosoft.com");
    refused(&d, &format!("subscriptions[{o}].account_administrator"));

    let mut d = doc();
    d["subscriptions"][o]["seats"] = json!(0);
    refused(&d, &format!("subscriptions[{o}].seats"));

    // I7: initial and verified domains are unique.
    let mut d = doc();
    d["directories"][1]["initial_domain"] = d["directories"][0]["initial_domain"].clone();
    refused(&d, "directories[1].initial_domain");
    let mut d = doc();
    d["directories"][1]["verified_domains"] = json!(["CONTOSO.com"]);
    refused(&d, "directories[1].verified_domains[0]");

    // I8: every directory has a Global Administrator.
    let mut d = doc();
    for u in d["directories"][0]["users"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        u["roles"] = json!([]);
    }
    refused(&d, "directories[0]");

    // I2: a work account is a member user of its home directory.
    let mut d = doc();
    let users = d["directories"][0]["users"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    d["directories"][0]["users"] = Value::Array(
        users
            .into_iter()
            .filter(|u| u["account"] != "JohnDoe@contoso.com")
            .collect(),
    );
    refused(
        &d,
        "JohnDoe@contoso.com is not a member user of its home directory",
    );

    // Member/external follows the account kind.
    let mut d = doc();
    let m = find_index(
        &d["directories"],
        "initial_domain",
        "msmithhotmail.onmicrosoft.com",
    );
    let i = find_index(
        &d["directories"][m]["users"],
        "account",
        "msa:msmith@hotmail.com",
    );
    d["directories"][m]["users"][i]["kind"] = json!("member");
    refused(&d, &format!("directories[{m}].users[{i}].kind"));

    // Microsoft accounts live in the public cloud only.
    let mut d = doc();
    let de = find_index(
        &d["directories"],
        "initial_domain",
        "contosode.onmicrosoft.com",
    );
    if let Some(users) = d["directories"][de]["users"].as_array_mut() {
        users.push(json!({"account": "msa:msmith@hotmail.com", "kind": "external", "roles": []}));
    }
    refused(&d, &format!("directories[{de}].users[1]"));

    // Listed twice.
    let mut d = doc();
    let extra = d["accounts"][0].clone();
    if let Some(accounts) = d["accounts"].as_array_mut() {
        accounts.push(extra);
    }
    refused(&d, "is listed twice");
    let mut d = doc();
    d["subscriptions"][1]["id"] = d["subscriptions"][0]["id"].clone();
    refused(&d, "subscriptions[1].id");
}

#[test]
fn limits_are_checked_on_load() {
    // I6: at most 200 co-administrators.
    let mut d = doc();
    let s = find_index(&d["subscriptions"], "kind", "azure");
    let dir = d["subscriptions"][s]["directory"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let di = find_index(&d["directories"], "initial_domain", &dir);
    let mut co = Vec::new();
    for n in 0..201 {
        let upn = format!("u{n}@{dir}");
        if let Some(a) = d["accounts"].as_array_mut() {
            a.push(json!({"account": upn, "home": dir}));
        }
        if let Some(u) = d["directories"][di]["users"].as_array_mut() {
            u.push(json!({"account": upn, "kind": "member", "roles": []}));
        }
        co.push(json!(upn));
    }
    d["subscriptions"][s]["co_administrators"] = Value::Array(co);
    refused(&d, &format!("subscriptions[{s}].co_administrators"));

    // I9: an account is a user of at most 500 directories.
    let mut d = doc();
    let dirs = d["directories"]
        .as_array_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let mut dirs = dirs;
    let mut accounts = d["accounts"].as_array().cloned().unwrap_or_default();
    for n in 0..500 {
        let domain = format!("extra{n}.onmicrosoft.com");
        accounts.push(json!({"account": format!("a@{domain}"), "home": domain}));
        dirs.push(json!({
            "id": format!("00000000-0000-4000-8000-{n:012}"),
            "name": "Extra", "initial_domain": domain, "cloud": "public", "origin": "created",
            "users": [
                {"account": format!("a@{domain}"), "kind": "member", "roles": ["global_administrator"]},
                {"account": "msa:msmith@hotmail.com", "kind": "external", "roles": []}
            ]
        }));
    }
    d["directories"] = Value::Array(dirs);
    d["accounts"] = Value::Array(accounts);
    refused(&d, "more than 500 directories (I9)");
}

#[test]
fn malformed_documents_are_refused_with_a_place() {
    let json = fleet().to_json();
    for cut in [0, 1, json.len() / 3, json.len() - 1] {
        let e = Tenancy::from_json(json.get(..cut).unwrap_or_default()).err();
        assert_eq!(
            e.as_ref().map(|e| e.code()),
            Some("INVALID_SNAPSHOT"),
            "cut at {cut}"
        );
        assert!(e.is_some_and(|e| e.to_string().contains("line")));
    }
    let mut d = doc();
    d["directories"][0]["colour"] = json!("blue");
    refused(&d, "directories[0]");
    let mut d = doc();
    d["directories"][0]["cloud"] = json!("mars");
    refused(&d, "directories[0].cloud");
    let mut d = doc();
    d["version"] = json!(3);
    refused(&d, "newer than this library reads");
    let mut d = doc();
    d["format"] = json!("something-else");
    refused(&d, "format");
    refused(
        &json!({"format": 1, "scenario": "x", "steps": []}),
        "format",
    );
    refused(&json!([1, 2, 3]), "line");
    for bytes in [
        &b"\x00\x01\x02\xff"[..],
        b"{\"format\": \"tenantry-snapshot\", \"version\": 1, \"directories\": [{",
    ] {
        let text = String::from_utf8_lossy(bytes);
        assert_eq!(
            Tenancy::from_json(&text).err().map(|e| e.code()),
            Some("INVALID_SNAPSHOT")
        );
    }
}

#[test]
fn saves_are_atomic_and_loads_validate() {
    let dir = tempdir();
    let path = dir.join("fleet.json");
    let t = fleet();
    t.save(&path).expect("saves");
    let back = Tenancy::load(&path).expect("loads");
    assert_eq!(back.to_json(), t.to_json());

    // A save that cannot complete leaves the old file and no temporary.
    let blocked = dir.join("blocked");
    std::fs::create_dir_all(blocked.join("inside")).expect("mkdir");
    let e = t
        .save(&blocked)
        .expect_err("cannot replace a directory with a file");
    assert_eq!(e.code(), "IO_ERROR");
    assert!(blocked.join("inside").is_dir());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");

    // Missing, corrupted and binary files.
    assert_eq!(
        Tenancy::load(dir.join("missing.json"))
            .err()
            .map(|e| e.code()),
        Some("IO_ERROR")
    );
    let corrupt = dir.join("corrupt.json");
    let json = t.to_json();
    std::fs::write(&corrupt, json.get(..json.len() / 2).unwrap_or_default()).expect("write");
    assert_eq!(
        Tenancy::load(&corrupt).err().map(|e| e.code()),
        Some("INVALID_SNAPSHOT")
    );
    std::fs::write(&corrupt, [0xffu8, 0xfe, 0x00, 0x41]).expect("write");
    assert_eq!(
        Tenancy::load(&corrupt).err().map(|e| e.code()),
        Some("INVALID_SNAPSHOT")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tenantry-snapshots-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A current-profile tenancy holding every object of DESIGN §5 that
/// operations create: nested groups, a role-assignable group with a
/// directory role, a service principal and a managed identity, a custom
/// role, management groups, assignments at `/`, a management group and a
/// resource group, a partner with an approved GDAP relationship.
fn today() -> Tenancy {
    let mut t = Tenancy::with_seed(43).with_profile(tenantry::Profile::Current);
    let admin = "admin@contoso.onmicrosoft.com";
    let dir = "contoso.onmicrosoft.com";
    apply(
        &mut t,
        CreateDirectory {
            organization: "Contoso".into(),
            domain_prefix: "contoso".into(),
            admin: "admin".into(),
            ..Default::default()
        },
    );
    for user in ["ops", "dev"] {
        apply(
            &mut t,
            AddUser {
                actor: admin.into(),
                directory: dir.into(),
                user: user.into(),
                ..Default::default()
            },
        );
    }
    let sub = apply(
        &mut t,
        SignUpAzure {
            actor: admin.into(),
            offer: "MS-AZR-0003P".into(),
            ..Default::default()
        },
    )
    .unwrap_or_default();
    apply(
        &mut t,
        Operation::ElevateAccess(Elevation {
            actor: admin.into(),
            directory: dir.into(),
        }),
    );
    apply(
        &mut t,
        Operation::AssignRole(RoleAssignmentChange {
            actor: admin.into(),
            principal: admin.into(),
            role: "owner".into(),
            scope: Some("/".into()),
            directory: Some(dir.into()),
            ..Default::default()
        }),
    );
    for (name, ra) in [("Outer", false), ("Inner", false), ("Tier 0", true)] {
        apply(
            &mut t,
            CreateGroup {
                actor: admin.into(),
                directory: dir.into(),
                name: name.into(),
                role_assignable: Some(ra),
            },
        );
    }
    for (group, member) in [
        ("Outer", "group:Inner@contoso.onmicrosoft.com"),
        ("Inner", "ops@contoso.onmicrosoft.com"),
        ("Tier 0", "dev@contoso.onmicrosoft.com"),
    ] {
        apply(
            &mut t,
            Operation::AddGroupMember(GroupMemberChange {
                actor: admin.into(),
                group: format!("group:{group}@{dir}"),
                member: member.into(),
            }),
        );
    }
    apply(
        &mut t,
        Operation::AssignDirectoryRole(DirectoryRoleChange {
            actor: admin.into(),
            directory: dir.into(),
            account: "group:Tier 0@contoso.onmicrosoft.com".into(),
            role: "user_administrator".into(),
        }),
    );
    apply(
        &mut t,
        CreateServicePrincipal {
            actor: admin.into(),
            directory: dir.into(),
            name: "Deployer".into(),
        },
    );
    apply(
        &mut t,
        CreateManagedIdentity {
            actor: admin.into(),
            subscription: sub.clone(),
            name: "web-identity".into(),
            resource: None,
            resource_group: Some("web".into()),
        },
    );
    apply(
        &mut t,
        CreateManagementGroup {
            actor: admin.into(),
            directory: dir.into(),
            name: "platform".into(),
            parent: None,
        },
    );
    apply(
        &mut t,
        CreateManagementGroup {
            actor: admin.into(),
            directory: dir.into(),
            name: "apps".into(),
            parent: Some("platform".into()),
        },
    );
    apply(
        &mut t,
        MoveSubscriptionToManagementGroup {
            actor: admin.into(),
            subscription: sub.clone(),
            management_group: "apps".into(),
        },
    );
    apply(
        &mut t,
        CreateCustomRole {
            actor: admin.into(),
            directory: dir.into(),
            name: "Operator".into(),
            actions: vec!["Microsoft.Compute/*/action".into()],
            not_actions: Vec::new(),
            assignable_scopes: vec![format!("/subscriptions/{sub}")],
        },
    );
    for (principal, role, scope) in [
        (
            "group:Outer@contoso.onmicrosoft.com",
            "reader",
            "/providers/Microsoft.Management/managementGroups/platform".to_owned(),
        ),
        (
            "sp:Deployer@contoso.onmicrosoft.com",
            "Operator",
            format!("/subscriptions/{sub}/resourceGroups/web"),
        ),
    ] {
        apply(
            &mut t,
            Operation::AssignRole(RoleAssignmentChange {
                actor: admin.into(),
                principal: principal.into(),
                role: role.into(),
                scope: Some(scope),
                ..Default::default()
            }),
        );
    }
    apply(
        &mut t,
        CreatePartnerCenterAccount {
            name: "Northwind".into(),
            domain_prefix: "northwind".into(),
            admin: "admin".into(),
            cloud: None,
        },
    );
    apply(
        &mut t,
        CreateGdapRelationship {
            actor: "admin@northwind.onmicrosoft.com".into(),
            partner: "Northwind".into(),
            directory: dir.into(),
            duration_days: 730,
            roles: vec!["user_administrator".into()],
        },
    );
    apply(
        &mut t,
        ApproveGdapRelationship {
            actor: admin.into(),
            partner: "Northwind".into(),
            directory: dir.into(),
        },
    );
    t
}

#[test]
fn current_snapshots_round_trip_and_validate_todays_objects() {
    let t = today();
    let json = t.to_json();
    let back = Tenancy::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.to_json(), json);
    assert_eq!(back.profile(), tenantry::Profile::Current);
    let good: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
    let group = |d: &Value, name: &str| find_index(&d["groups"], "name", name);

    let mut d = good.clone();
    d["profile"] = json!("modern");
    refused(&d, "profile");

    // A member no list has, and a group inside itself.
    let mut d = good.clone();
    let outer = group(&d, "Outer");
    d["groups"][outer]["members"] = json!(["nobody@contoso.onmicrosoft.com"]);
    refused(&d, &format!("groups[{outer}].members[0]"));
    let mut d = good.clone();
    let inner = group(&d, "Inner");
    d["groups"][inner]["members"] = json!(["group:Outer@contoso.onmicrosoft.com"]);
    refused(&d, "groups[");

    // A directory role held by a group that may not hold one.
    let mut d = good.clone();
    let tier0 = group(&d, "Tier 0");
    d["groups"][tier0]["role_assignable"] = json!(false);
    refused(&d, &format!("groups[{tier0}]"));

    // Object ids are unique across principals.
    let mut d = good.clone();
    d["service_principals"][0]["id"] = d["groups"][0]["id"].clone();
    refused(&d, "service_principals[0].id");

    // A management group under a parent that does not exist; seven levels.
    let mut d = good.clone();
    let mgs = &mut d["directories"][0]["management_groups"];
    let apps = find_index(mgs, "name", "apps");
    mgs[apps]["parent"] = json!("nowhere");
    refused(&d, "management_groups");
    let mut d = good.clone();
    let mut parent = json!("apps");
    for level in 0..6 {
        let name = format!("deep{level}");
        if let Some(list) = d["directories"][0]["management_groups"].as_array_mut() {
            list.push(json!({"name": name, "parent": parent}));
        }
        parent = json!(name);
    }
    refused(&d, "management_groups");

    // A custom role scoped to a management group of nowhere; an
    // assignment of a role that does not exist, or to nobody.
    let mut d = good.clone();
    d["custom_roles"][0]["assignable_scopes"] =
        json!(["/providers/Microsoft.Management/managementGroups/nowhere"]);
    refused(&d, "custom_roles[0].assignable_scopes[0]");
    let mut d = good.clone();
    let last = d["role_assignments"].as_array().map_or(0, |l| l.len() - 1);
    d["role_assignments"][last]["role"] = json!("Nonexistent");
    refused(&d, &format!("role_assignments[{last}].role"));
    let mut d = good.clone();
    d["role_assignments"][last]["principal"] = json!("sp:Nobody@contoso.onmicrosoft.com");
    refused(&d, &format!("role_assignments[{last}].principal"));

    // A GDAP relationship longer than two years.
    let mut d = good.clone();
    d["gdap_relationships"][0]["duration_days"] = json!(731);
    refused(&d, "gdap_relationships[0]");
}
