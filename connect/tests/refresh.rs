//! Incremental refresh against the loopback server: users renamed, added
//! and removed, members added and taken out, a group created, all logged
//! as Graph's delta queries give them; the refresh must give the very
//! snapshot a full import of the changed tenant gives, in fewer requests,
//! and fall back to a full read when the delta links expired.

mod support;

use serde_json::json;
use support::fixture;
use support::{List, Server};
use tenantry::Uuid;
use tenantry_connect::{import, refresh, Imported, Options, State};

const TOKEN: &str = "refresh-test-token-5d1e";

fn options(server: &Server) -> Options {
    server.options(support::tokens(TOKEN))
}

fn ok(got: Result<Imported, tenantry::Error>) -> Imported {
    got.unwrap_or_else(|e| panic!("{}: {e}", e.code()))
}

fn state(i: &Imported) -> State {
    match &i.state {
        Some(s) => s.clone(),
        None => panic!("the import kept no state: {:?}", i.report.gaps),
    }
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x5eed_0000_0000_0000_0000_0000_0000_0000 + n)
}

fn items(list: &mut List) -> &mut Vec<serde_json::Value> {
    match list {
        List::Items(v) => v,
        List::Made { .. } => panic!("the fixture's lists are items"),
    }
}

/// The fixture's user of extra index `i`.
fn extra(i: u128) -> Uuid {
    fixture::extra_user(i as usize)
}

fn members_path(group: Uuid) -> String {
    format!("groups/{group}/members")
}

/// Edits the server's lists and logs the matching delta items.
fn change_the_tenant(server: &Server, platform: Uuid, newcomer: Uuid) {
    let night = fixture::night_shift();
    let operators = fixture::operators();
    server.edit(|t| {
        let users = items(t.graph.get_mut("users").expect("users"));
        for u in users.iter_mut() {
            if u["id"] == json!(extra(0)) {
                u["displayName"] = json!("User Zero");
            }
        }
        users.retain(|u| u["id"] != json!(extra(1)));
        users.push(json!({
            "id": newcomer, "displayName": "Newcomer",
            "userPrincipalName": "newcomer@contoso.com", "userType": "Member",
            "creationType": null, "mail": "newcomer@contoso.com", "otherMails": [],
            "identities": [],
        }));
        let groups = items(t.graph.get_mut("groups").expect("groups"));
        groups.push(json!({
            "id": platform, "displayName": "Platform",
            "isAssignableToRole": false, "securityEnabled": true,
        }));
        let night_members = items(t.graph.get_mut(&members_path(night)).expect("members"));
        night_members.retain(|m| m["id"] != json!(fixture::dev()) && m["id"] != json!(extra(1)));
        items(t.graph.get_mut(&members_path(operators)).expect("members")).push(json!({
            "@odata.type": "#microsoft.graph.user", "id": extra(2),
        }));
        t.graph.insert(
            members_path(platform),
            List::Items(vec![
                json!({ "@odata.type": "#microsoft.graph.user", "id": newcomer }),
                json!({ "@odata.type": "#microsoft.graph.user", "id": extra(0) }),
            ]),
        );
    });
    // Graph's rounds: a rename gives only what changed, a new user all of
    // it, a removal its id; member changes of one group split in two.
    server.change(
        "users",
        json!({ "id": extra(0), "displayName": "User Zero" }),
    );
    server.change(
        "users",
        json!({ "id": extra(1), "@removed": { "reason": "changed" } }),
    );
    server.change(
        "users",
        json!({
            "id": newcomer, "displayName": "Newcomer",
            "userPrincipalName": "newcomer@contoso.com", "userType": "Member",
            "creationType": null, "mail": "newcomer@contoso.com", "otherMails": [],
            "identities": [],
        }),
    );
    server.change(
        "groups",
        json!({ "id": night, "members@delta": [
            { "@odata.type": "#microsoft.graph.user", "id": fixture::dev(), "@removed": { "reason": "deleted" } },
        ]}),
    );
    server.change(
        "groups",
        json!({ "id": operators, "members@delta": [
            { "@odata.type": "#microsoft.graph.user", "id": extra(2) },
        ]}),
    );
    server.change(
        "groups",
        json!({ "id": platform, "displayName": "Platform", "isAssignableToRole": false,
                "securityEnabled": true, "members@delta": [
            { "@odata.type": "#microsoft.graph.user", "id": newcomer },
        ]}),
    );
    server.change(
        "groups",
        json!({ "id": platform, "members@delta": [
            { "@odata.type": "#microsoft.graph.user", "id": extra(0) },
        ]}),
    );
}

#[tokio::test]
async fn a_refresh_gives_the_snapshot_a_full_import_gives_in_fewer_requests() {
    let server = Server::start(fixture::contoso(), TOKEN, 4).await;
    // extra(1) is in Night shift before the first import: its removal
    // must take it out of the group though Graph logs only the user.
    server.edit(|t| {
        let night = items(
            t.graph
                .get_mut(&members_path(fixture::night_shift()))
                .expect("members"),
        );
        night.push(json!({ "@odata.type": "#microsoft.graph.user", "id": extra(1) }));
    });
    let first = ok(import(&options(&server), None).await);
    assert!(first.report.refreshable);
    let before = state(&first);
    let (platform, newcomer) = (id(1), id(2));
    change_the_tenant(&server, platform, newcomer);

    server.forget_seen();
    let refreshed = ok(refresh(&options(&server), before, None).await);
    let seen = server.seen();
    let full = ok(import(&options(&server), None).await);

    assert_eq!(refreshed.tenancy.to_json(), full.tenancy.to_json());
    assert_eq!(refreshed.report.counts, full.report.counts);
    assert_eq!(refreshed.report.unresolved, full.report.unresolved);
    assert_eq!(refreshed.report.gaps, full.report.gaps);
    let changes = &refreshed
        .report
        .refresh
        .as_ref()
        .expect("a refresh reports what changed")
        .changes;
    assert_eq!(
        (changes.users_changed, changes.users_removed),
        (2, 1),
        "{changes:?}"
    );
    assert_eq!(changes.groups_changed, 3, "{changes:?}");
    assert_eq!(
        (changes.memberships_added, changes.memberships_removed),
        (3, 2),
        "{changes:?}"
    );
    assert!(refreshed.report.requests < full.report.requests);
    assert_eq!(refreshed.report.requests, seen.len() as u64);
    for s in &seen {
        let p = &s.path_and_query;
        assert!(
            !p.starts_with("/v1.0/users?") && !p.starts_with("/v1.0/groups?"),
            "{p}"
        );
        assert!(
            !p.contains("/members") || p.contains("directoryRoles"),
            "{p}"
        );
    }
    assert!(full.report.refresh.is_none());

    // Nothing changed since: nothing to lay over, the same snapshot.
    let again = ok(refresh(&options(&server), state(&refreshed), None).await);
    assert_eq!(again.tenancy.to_json(), full.tenancy.to_json());
    let nothing = &again.report.refresh.as_ref().expect("a refresh").changes;
    assert_eq!(nothing, &tenantry_connect::refresh::Changes::default());

    // The state survives its file.
    let file = state(&again).to_json();
    let back = State::from_json("--since", file.as_slice()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&back, again.state.as_ref().expect("a state"));
    assert!(!String::from_utf8_lossy(&file).contains(TOKEN));
}

#[tokio::test]
async fn expired_delta_links_fall_back_to_a_full_read_and_say_so() {
    let server = Server::start(fixture::contoso(), TOKEN, 4).await;
    let first = ok(import(&options(&server), None).await);
    change_the_tenant(&server, id(1), id(2));
    server.expire_delta_links();
    let refreshed = ok(refresh(&options(&server), state(&first), None).await);
    let full = ok(import(&options(&server), None).await);
    assert_eq!(refreshed.tenancy.to_json(), full.tenancy.to_json());
    let why = refreshed
        .report
        .refresh
        .as_ref()
        .and_then(|r| r.full_read.clone())
        .unwrap_or_default();
    assert!(why.contains("expired"), "{why}");
    // Fresh links, for the next refresh.
    assert!(refreshed.state.is_some() && refreshed.report.refreshable);
}

#[tokio::test]
async fn a_state_of_another_graph_is_refused_before_anything_changes() {
    let server = Server::start(fixture::contoso(), TOKEN, 4).await;
    let other = Server::start(fixture::contoso(), TOKEN, 4).await;
    let first = ok(import(&options(&server), None).await);
    match refresh(&options(&other), state(&first), None).await {
        Ok(_) => panic!("a state of another Graph was laid over this one"),
        Err(e) => {
            assert_eq!(e.code(), "IMPORT_OPTIONS");
            assert!(e.to_string().contains("--since"), "{e}");
        }
    }
    assert!(other
        .seen()
        .iter()
        .all(|s| !s.path_and_query.contains("deltatoken=")));
}
