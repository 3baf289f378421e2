//! The page's data is core's answers, and names from a tenant cannot
//! break out of it: a subscription named like markup stays text.

use tenantry::ops::{SignUpAzure, SignUpOffice365};
use tenantry::{Operation, Profile, Tenancy};

const HOSTILE: &str = "</script><script>alert(1)</script> & \"quoted\" <b>bold</b>";

/// `orgs` signed up for Office 365 under the current rules, and Contoso's
/// admin's Azure subscription (named `name`, if given).
fn signed_up(seed: u64, orgs: &[(&str, &str)], name: Option<&str>) -> (Tenancy, String) {
    let mut t = Tenancy::with_seed(seed).with_profile(Profile::Current);
    for (org, prefix) in orgs {
        t.apply(&Operation::SignUpOffice365(SignUpOffice365 {
            organization: (*org).into(),
            domain_prefix: (*prefix).into(),
            admin: "admin".into(),
            plan: "Office 365 E3".into(),
            ..Default::default()
        }))
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let sub = t
        .apply(&Operation::SignUpAzure(SignUpAzure {
            actor: "admin@contoso.onmicrosoft.com".into(),
            offer: "MS-AZR-0003P".into(),
            name: name.map(Into::into),
            ..Default::default()
        }))
        .unwrap_or_else(|e| panic!("{e}"))
        .subscription
        .map(|s| s.to_string())
        .unwrap_or_default();
    (t, sub)
}

fn tenancy() -> (Tenancy, String) {
    signed_up(
        9,
        &[("Contoso", "contoso"), ("Fabrikam", "fabrikam")],
        Some(HOSTILE),
    )
}

/// The embedded data, parsed back.
fn embedded(page: &str) -> serde_json::Value {
    let open = r#"<script type="application/json" id="tenantry-data">"#;
    let start = page.find(open).map(|i| i + open.len()).unwrap_or(0);
    let end = page[start..]
        .find("</script>")
        .map(|i| start + i)
        .unwrap_or(start);
    serde_json::from_str(&page[start..end]).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn names_stay_text_and_the_page_fetches_nothing() {
    let (t, sub) = tenancy();
    let page = tenantry_report::html(&t).unwrap_or_else(|e| panic!("{e}"));
    // The template's two script elements, no more: the name's markup was
    // escaped inside the JSON.
    assert_eq!(page.matches("<script").count(), 2, "{page}");
    assert_eq!(page.matches("</script>").count(), 2);
    assert!(!page.contains("<b>bold</b>"));
    for attr in ["src=", "href=", "url("] {
        assert!(!page.contains(attr), "{attr} in the page");
    }
    let data = embedded(&page);
    let subs = data["subscriptions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let hostile = subs.iter().find(|s| s["id"] == sub.as_str());
    assert_eq!(hostile.map(|s| s["name"].clone()), Some(HOSTILE.into()));
}

#[test]
fn the_data_is_core_s_answers() {
    let (t, sub) = tenancy();
    let data = tenantry_report::data(&t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(data.profile, "current");
    assert_eq!(data.directories.len(), 2);
    assert_eq!(data.subscriptions.len(), t.subscriptions().len());
    let s = data
        .subscriptions
        .iter()
        .find(|s| s.subscription.id == sub)
        .unwrap_or_else(|| panic!("the Azure subscription"));
    let managers: Vec<tenantry::record::Manager> = t
        .who_can_manage(&sub)
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect();
    assert_eq!(s.managers, managers);
    assert!(!s.orphaned);
    let [m] = s.moves.as_slice() else {
        panic!("one other directory, one move: {:?}", s.moves.len())
    };
    assert_eq!(m.to, "fabrikam.onmicrosoft.com");
    let impact = t
        .move_impact(&sub, "fabrikam.onmicrosoft.com")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.impact.rows, impact.rows);
    assert_eq!(m.blocking_total, impact.blocking.len());
    assert!(m.impact.blocking.len() <= tenantry_report::KEEP);
    // Office 365 subscriptions do not move.
    assert!(data
        .subscriptions
        .iter()
        .filter(|s| s.subscription.kind == "office365")
        .all(|s| s.moves.is_empty()));
}

#[test]
fn one_directory_still_says_what_a_move_would_break() {
    let (mut t, sub) = signed_up(4, &[("Contoso", "contoso")], None);
    t.apply(&Operation::CreateResource(tenantry::ops::CreateResource {
        actor: "admin@contoso.onmicrosoft.com".into(),
        subscription: sub.clone(),
        resource_group: "apps".into(),
        resource_type: "Microsoft.ContainerService/managedClusters".into(),
        name: "aks1".into(),
        ..Default::default()
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    let data = tenantry_report::data(&t).unwrap_or_else(|e| panic!("{e}"));
    let s = data
        .subscriptions
        .iter()
        .find(|s| s.subscription.id == sub)
        .unwrap_or_else(|| panic!("the Azure subscription"));
    assert!(s.moves.is_empty(), "no other directory to move to");
    assert_eq!(s.unrecoverable, vec!["Azure Kubernetes Service".to_owned()]);
    assert_eq!(
        s.inventory,
        t.move_inventory(&sub).unwrap_or_else(|e| panic!("{e}"))
    );
    assert!(s.under_root, "{:?}", s.subscription.management_group);
    assert_eq!(s.grants.len(), s.managers.len());
}

#[test]
fn write_is_atomic_and_says_io_error() {
    let (t, _) = tenancy();
    let dir = std::env::temp_dir().join(format!("tenantry-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("taken")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("taken").join("keep"), b"x").unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("page.html");
    tenantry_report::write(&t, &file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        std::fs::read_to_string(&file).ok(),
        tenantry_report::html(&t).ok()
    );
    // The rename over a directory that holds a file fails after the page
    // was written: IO_ERROR, and the temporary file is gone.
    let err = tenantry_report::write(&t, &dir.join("taken"))
        .err()
        .map(|e| e.code());
    assert_eq!(err, Some("IO_ERROR"));
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    left.sort();
    assert_eq!(left, ["page.html", "taken"]);
    assert!(dir.join("taken").join("keep").exists());
}
