//! The walkthrough: the five source documents told on the in-memory model.
//! Each step says who does what, what changed, or why it was refused and
//! what to do instead; at the end, who owns and who can manage every
//! subscription.
//!
//! ```text
//! cargo run --example walkthrough
//! tenantry walkthrough [--out FINAL.json]
//! ```

use crate::table::Table;
use tenantry::ops::*;
use tenantry::{Operation, Profile, Tenancy};

/// Tells the story step by step on one model.
struct Story {
    t: Tenancy,
    problems: Vec<String>,
}

impl Story {
    fn chapter(&self, seed: &str, title: &str, summary: &str) {
        println!("\n{}", "═".repeat(78));
        println!("{seed}: {title}");
        println!("{}", "═".repeat(78));
        for line in wrap(summary, 76) {
            println!("  {line}");
        }
        println!();
    }

    fn say(&self, text: &str) {
        for line in wrap(text, 76) {
            println!("  {line}");
        }
    }

    /// A step that the documents say succeeds; returns the new subscription.
    fn ok(&mut self, who: &str, what: &str, op: impl Into<Operation>) -> String {
        let op = op.into();
        println!("  ✔ {who} {what}");
        match self.t.apply(&op) {
            Ok(outcome) => {
                for effect in &outcome.effects {
                    println!("      + {effect}");
                }
                outcome
                    .subscription
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            }
            Err(e) => {
                println!("      ! unexpectedly refused: {} {e}", e.code());
                self.problems
                    .push(format!("{who} {what}: {} {e}", e.code()));
                String::new()
            }
        }
    }

    /// A step the documents say is refused.
    fn refused(&mut self, who: &str, what: &str, op: impl Into<Operation>, code: &str) {
        let op = op.into();
        println!("  ✘ {who} {what}");
        match self.t.apply(&op) {
            Err(e) => {
                let rule = e.rule().map(|r| format!("{r} ")).unwrap_or_default();
                println!("      refused ({rule}{}): {e}", e.code());
                for line in wrap(&e.hint(), 66) {
                    println!("      → {line}");
                }
                if e.code() != code {
                    self.problems
                        .push(format!("{who} {what}: expected {code}, got {}", e.code()));
                }
            }
            Ok(_) => self
                .problems
                .push(format!("{who} {what}: expected {code}, but it was applied")),
        }
    }

    /// The dry run of a step: what it would change, without changing it.
    fn plan(&mut self, who: &str, what: &str, op: impl Into<Operation>) {
        let op = op.into();
        println!("  ? Plan: {who} {what}");
        match self.t.plan(&op) {
            Ok(outcome) => {
                for effect in &outcome.effects {
                    println!("      would: {effect}");
                }
            }
            Err(e) => self
                .problems
                .push(format!("plan {who} {what}: {} {e}", e.code())),
        }
    }

    /// Before the move: what blocks it, who can make it, and every object
    /// it affects, as Microsoft's impact table gives them.
    fn impact(&mut self, subscription: &str, directory: &str) {
        println!("  ? Before moving it to {directory}: the impact");
        let report = match self.t.move_impact(subscription, directory) {
            Ok(r) => r,
            Err(e) => {
                self.problems
                    .push(format!("move_impact {directory}: {} {e}", e.code()));
                return;
            }
        };
        for b in &report.blocking {
            println!(
                "      blocked ({}): {}",
                b.code.as_deref().unwrap_or_default(),
                b.message
            );
        }
        if !report.movers.is_empty() {
            println!("      who can make the move: {}", report.movers.join(", "));
        }
        for row in &report.rows {
            let recoverable = if row.recoverable {
                ""
            } else {
                " — NOT recoverable"
            };
            for o in &row.objects {
                println!("      {}: {}{recoverable}", row.service, o.object);
            }
        }
    }

    /// The operations that re-create in the target what the move deletes.
    fn restore(&mut self, subscription: &str, directory: &str) {
        println!("  ? The restore plan in {directory}");
        match self.t.restore_plan(subscription, directory) {
            Ok(plan) => {
                for step in &plan.steps {
                    println!("      {} ({})", step.operation, step.restores);
                    if let Some(az) = &step.az {
                        println!("        $ {az}");
                    }
                }
                for u in &plan.unmapped {
                    println!("      cannot map {}: {}", u.principal, u.reason);
                }
            }
            Err(e) => self
                .problems
                .push(format!("restore_plan {directory}: {} {e}", e.code())),
        }
    }

    fn can(&mut self, who: &str, what: &str, op: impl Into<Operation>) {
        let d = self.t.can(&op.into());
        let verdict = if d.allowed { "yes" } else { "no" };
        let rule = d.rule.map(|r| r.to_string()).unwrap_or_default();
        println!(
            "  ? May {who} {what}? {verdict} ({rule}{})",
            d.code.map(|c| format!(", {c}")).unwrap_or_default()
        );
        println!("      {}", d.message());
    }

    fn users_table(&self, directory: &str) {
        let mut table = Table::new(["User", "Kind", "Organizational role"]);
        for account in self.t.users_of(directory).unwrap_or_default() {
            let kind = self
                .t
                .user(directory, account)
                .ok()
                .flatten()
                .map(|u| u.kind.to_string())
                .unwrap_or_default();
            let role = self
                .t
                .organizational_role(directory, account)
                .ok()
                .flatten()
                .map(|r| r.to_string())
                .unwrap_or_default();
            table.row([account.to_owned(), kind, role]);
        }
        println!("  Users of {directory}:");
        table.print(4);
        println!();
    }
}

/// What the walkthrough leaves: the final state, and each step that did
/// not behave as the documents describe (none, when the model is right).
pub struct Told {
    /// The directories, accounts and subscriptions after the last chapter
    /// (under the current profile).
    pub tenancy: Tenancy,
    /// The steps that did not behave as the documents describe.
    pub problems: Vec<String>,
}

/// Tells the five source documents and today's rules on one model, on
/// standard output, and ends with the verdict.
pub fn tell() -> Told {
    let mut s = Story {
        t: Tenancy::with_seed(2016),
        problems: Vec::new(),
    };
    seed_000(&mut s);
    seed_001(&mut s);
    seed_002(&mut s);
    seed_003(&mut s);
    seed_004(&mut s);
    summary(&s, "Who owns and who can manage each subscription");
    today(&mut s);
    summary(&s, "Who owns and who can manage each subscription, today");
    if s.problems.is_empty() {
        println!("\nEvery step behaved as the documents describe.");
    } else {
        println!("\nSteps that did not behave as the documents describe:");
        for p in &s.problems {
            println!("  - {p}");
        }
    }
    Told {
        tenancy: s.t,
        problems: s.problems,
    }
}

const CONTOSO: &str = "contoso.onmicrosoft.com";
const KELLEY: &str = "admin@contoso.onmicrosoft.com";

fn seed_000(s: &mut Story) {
    s.chapter(
        "Seed 000",
        "Use your existing Office 365 account with your Azure subscription, or vice versa",
        "Kelley Wall runs Contoso's Office 365 with two more users, Jane and Tricia. Azure and Office 365 share one directory: users belong to directories, a subscription lands in the directory of the user who creates it, Azure subscriptions are owned by users and Office 365 subscriptions by the directory.",
    );
    s.ok(
        "Contoso",
        "signs up for Office 365 Business Premium",
        SignUpOffice365 {
            organization: "Contoso".into(),
            domain_prefix: "contoso".into(),
            admin: "admin".into(),
            admin_name: Some("Kelley Wall".into()),
            plan: "Office 365 Business Premium".into(),
            seats: Some(25),
            cloud: None,
        },
    );
    for (user, name) in [("jane", "Jane"), ("tricia", "Tricia")] {
        s.ok(
            "Kelley",
            &format!("adds {name} as a user"),
            AddUser {
                actor: KELLEY.into(),
                directory: CONTOSO.into(),
                user: user.into(),
                name: Some(name.into()),
                role: None,
            },
        );
    }
    println!("\n  Scenario 1: Office 365 users plan to buy Azure");
    s.ok(
        "Kelley",
        "signs up for an Azure free trial with her organizational account",
        SignUpAzure {
            actor: KELLEY.into(),
            offer: "MS-AZR-0044P".into(),
            name: Some("Contoso Free Trial".into()),
            directory: None,
        },
    );
    s.say("The same users show up in the same directory:");
    s.users_table(CONTOSO);
    s.refused(
        "Tricia",
        "signs up with an Enterprise Agreement offer",
        SignUpAzure {
            actor: "tricia@contoso.onmicrosoft.com".into(),
            offer: "MS-AZR-0017P".into(),
            ..Default::default()
        },
        "ENTERPRISE_AGREEMENT_NOT_SUPPORTED",
    );

    println!("\n  Scenario 2: Azure users plan to buy Office 365");
    s.refused(
        "Jane",
        "tries to buy Office 365 Enterprise E3",
        BuyOffice365 {
            actor: "jane@contoso.onmicrosoft.com".into(),
            plan: "Office 365 Enterprise E3".into(),
            ..Default::default()
        },
        "REQUIRES_GLOBAL_OR_BILLING_ADMIN",
    );
    s.ok(
        "Kelley",
        "gives Tricia the Billing Administrator role",
        Operation::AssignDirectoryRole(DirectoryRoleChange {
            actor: KELLEY.into(),
            directory: CONTOSO.into(),
            account: "tricia@contoso.onmicrosoft.com".into(),
            role: "billing_administrator".into(),
        }),
    );
    s.ok(
        "Tricia",
        "buys Office 365 Enterprise E3 for 10 seats; it joins the same directory",
        BuyOffice365 {
            actor: "tricia@contoso.onmicrosoft.com".into(),
            plan: "Office 365 Enterprise E3".into(),
            seats: Some(10),
            directory: None,
        },
    );
}

fn seed_001(s: &mut Story) {
    s.chapter(
        "Seed 001",
        "Sign up for an Azure subscription with your Office 365 account",
        "The account used doesn't need administrator permissions. The subscription is created in the same directory as the Office 365 subscriptions; its creator owns it.",
    );
    s.can(
        "Jane (no directory role)",
        "sign up for pay-as-you-go Azure",
        SignUpAzure {
            actor: "jane@contoso.onmicrosoft.com".into(),
            offer: "MS-AZR-0003P".into(),
            ..Default::default()
        },
    );
    let janes = s.ok(
        "Jane",
        "signs up for pay-as-you-go Azure",
        SignUpAzure {
            actor: "jane@contoso.onmicrosoft.com".into(),
            offer: "MS-AZR-0003P".into(),
            name: Some("Jane's Pay-As-You-Go".into()),
            directory: None,
        },
    );
    s.ok(
        "Jane",
        "shares it with Tricia through role-based access control (Reader)",
        Operation::AssignRole(RoleAssignmentChange {
            actor: "jane@contoso.onmicrosoft.com".into(),
            subscription: Some(janes),
            principal: "tricia@contoso.onmicrosoft.com".into(),
            role: "reader".into(),
            ..Default::default()
        }),
    );
}

fn seed_002(s: &mut Story) {
    const MICHAEL: &str = "msa:msmith@hotmail.com";
    const MSMITH_WORK: &str = "msmith@contoso.com";
    s.chapter(
        "Seed 002",
        "Manage the directory for your Office 365 subscription in Azure",
        "Michael Smith signed up for Azure with his Microsoft account msmith@hotmail.com, which gave him a Default Directory. He also administers Contoso's Office 365 as msmith@contoso.com. He wants to manage both directories while signed in with his Microsoft account, then move his subscription so that John Doe can administer it.",
    );
    s.ok(
        "Kelley",
        "verifies contoso.com for the Contoso directory",
        AddVerifiedDomain {
            actor: KELLEY.into(),
            directory: CONTOSO.into(),
            domain: "contoso.com".into(),
        },
    );
    s.ok(
        "Kelley",
        "adds Michael Smith as a Global Administrator",
        AddUser {
            actor: KELLEY.into(),
            directory: CONTOSO.into(),
            user: MSMITH_WORK.into(),
            name: Some("Michael Smith".into()),
            role: Some("global_administrator".into()),
        },
    );
    s.ok(
        "Kelley",
        "adds John Doe",
        AddUser {
            actor: KELLEY.into(),
            directory: CONTOSO.into(),
            user: "JohnDoe@contoso.com".into(),
            name: Some("John Doe".into()),
            role: None,
        },
    );
    s.ok(
        "Michael",
        "creates his Microsoft account",
        CreateMicrosoftAccount {
            email: "msmith@hotmail.com".into(),
        },
    );
    let azure = s.ok(
        "Michael",
        "signs up for Azure with msmith@hotmail.com",
        SignUpAzure {
            actor: MICHAEL.into(),
            offer: "MS-AZR-0003P".into(),
            name: Some("Michael's Azure".into()),
            directory: None,
        },
    );
    s.ok(
        "Michael",
        "adds an operator to his Default Directory",
        AddUser {
            actor: MICHAEL.into(),
            directory: "msmithhotmail.onmicrosoft.com".into(),
            user: "ops".into(),
            name: Some("Operator".into()),
            role: None,
        },
    );
    s.ok(
        "Michael",
        "makes the operator a co-administrator",
        Operation::AddCoAdministrator(CoAdministratorChange {
            actor: MICHAEL.into(),
            subscription: azure.clone(),
            account: "ops@msmithhotmail.onmicrosoft.com".into(),
        }),
    );
    s.ok(
        "Michael",
        "gives the operator Contributor on resource group web-prod",
        Operation::AssignRole(RoleAssignmentChange {
            actor: MICHAEL.into(),
            subscription: Some(azure.clone()),
            principal: "ops@msmithhotmail.onmicrosoft.com".into(),
            role: "contributor".into(),
            resource_group: Some("web-prod".into()),
            ..Default::default()
        }),
    );

    println!("\n  To manage two independent directories");
    s.refused(
        "Michael, signed in as msmith@contoso.com,",
        "tries \"Use existing directory\"",
        UseExistingDirectory {
            actor: MSMITH_WORK.into(),
            directory: "msmithhotmail.onmicrosoft.com".into(),
            global_admin: MICHAEL.into(),
        },
        "HOME_DIRECTORY_ONLY",
    );
    s.ok(
        "Michael, as msmith@hotmail.com with msmith@contoso.com's credentials,",
        "uses the existing Contoso directory",
        UseExistingDirectory {
            actor: MICHAEL.into(),
            directory: CONTOSO.into(),
            global_admin: MSMITH_WORK.into(),
        },
    );
    let dirs = s.t.directories_of(MICHAEL).unwrap_or_default().join(", ");
    s.say(&format!(
        "msmith@hotmail.com's directory list now shows: {dirs}."
    ));

    println!("\n  To administer resources as the global admin");
    s.refused(
        "The operator (a co-administrator)",
        "tries to move the subscription to Contoso",
        ChangeSubscriptionDirectory {
            actor: "ops@msmithhotmail.onmicrosoft.com".into(),
            subscription: azure.clone(),
            directory: CONTOSO.into(),
        },
        "REQUIRES_SERVICE_ADMIN",
    );
    s.say("The portal warns that co-administrators will be removed. The impact report names everything the move removes or breaks, RBAC assignments included, and the restore plan how to put back what it can:");
    s.impact(&azure, CONTOSO);
    s.restore(&azure, CONTOSO);
    s.plan(
        "Michael",
        "moves the subscription to Contoso",
        ChangeSubscriptionDirectory {
            actor: MICHAEL.into(),
            subscription: azure.clone(),
            directory: CONTOSO.into(),
        },
    );
    s.ok(
        "Michael",
        "moves the subscription to Contoso (Edit Directory)",
        ChangeSubscriptionDirectory {
            actor: MICHAEL.into(),
            subscription: azure.clone(),
            directory: CONTOSO.into(),
        },
    );
    s.refused(
        "John Doe",
        "signs in to the management portal",
        SignInManagementPortal {
            actor: "JohnDoe@contoso.com".into(),
        },
        "NO_SUBSCRIPTION_ACCESS",
    );
    s.ok(
        "Michael",
        "adds JohnDoe@Contoso.com as co-administrator",
        Operation::AddCoAdministrator(CoAdministratorChange {
            actor: MICHAEL.into(),
            subscription: azure,
            account: "JohnDoe@Contoso.com".into(),
        }),
    );
    s.ok(
        "John Doe",
        "signs in to the management portal",
        SignInManagementPortal {
            actor: "JohnDoe@contoso.com".into(),
        },
    );
}

fn seed_003(s: &mut Story) {
    const PAT: &str = "msa:pat@fabrikam.com";
    const PAT_PERSONAL: &str = "msa:pat.fabrikam@outlook.com";
    const FABRIKAM: &str = "fabrikam.onmicrosoft.com";
    s.chapter(
        "Seed 003 (Dutch)",
        "Een Office 365-tenant koppelen aan een Azure-abonnement — link an Office 365 tenant to an Azure subscription",
        "Pat bought Azure and Office 365 separately. Before you begin: you need the service administrator's credentials (co-administrators cannot do every step) and a Global Administrator's of the Office 365 tenant; the service administrator's e-mail address must not be in the tenant, nor be a Global Administrator's, and an address that is both a Microsoft account and an organizational account must first be replaced by another Microsoft account. Then: step 1 use the existing directory, step 2 edit the directory, step 3 add the Office 365 accounts as co-administrators.",
    );
    s.ok(
        "Fabrikam",
        "signs up for Office 365 Business Premium",
        SignUpOffice365 {
            organization: "Fabrikam".into(),
            domain_prefix: "fabrikam".into(),
            admin: "admin".into(),
            admin_name: Some("Fabrikam Admin".into()),
            plan: "Office 365 Business Premium".into(),
            seats: Some(5),
            cloud: None,
        },
    );
    s.ok(
        "Fabrikam's admin",
        "verifies fabrikam.com",
        AddVerifiedDomain {
            actor: "admin@fabrikam.onmicrosoft.com".into(),
            directory: FABRIKAM.into(),
            domain: "fabrikam.com".into(),
        },
    );
    s.ok(
        "Fabrikam's admin",
        "adds pat@fabrikam.com",
        AddUser {
            actor: "admin@fabrikam.onmicrosoft.com".into(),
            directory: FABRIKAM.into(),
            user: "pat@fabrikam.com".into(),
            name: Some("Pat".into()),
            role: None,
        },
    );
    s.ok(
        "Pat",
        "once created a Microsoft account with the work address pat@fabrikam.com",
        CreateMicrosoftAccount {
            email: "pat@fabrikam.com".into(),
        },
    );
    let azure = s.ok(
        "Pat",
        "signed up for Azure with that Microsoft account",
        SignUpAzure {
            actor: PAT.into(),
            offer: "MS-AZR-0003P".into(),
            name: Some("Fabrikam Azure".into()),
            directory: None,
        },
    );
    s.refused(
        "Pat",
        "links the Fabrikam tenant to the subscription",
        LinkOffice365Tenant {
            actor: PAT.into(),
            subscription: azure.clone(),
            directory: FABRIKAM.into(),
            global_admin: "admin@fabrikam.onmicrosoft.com".into(),
            admins: vec!["pat@fabrikam.com".into()],
        },
        "SERVICE_ADMIN_IN_TARGET_TENANT",
    );
    s.ok(
        "Pat",
        "creates another Microsoft account, pat.fabrikam@outlook.com",
        CreateMicrosoftAccount {
            email: "pat.fabrikam@outlook.com".into(),
        },
    );
    s.ok(
        "Pat (account administrator)",
        "makes it the service administrator",
        ChangeServiceAdministrator {
            actor: PAT.into(),
            subscription: azure.clone(),
            account: PAT_PERSONAL.into(),
        },
    );
    s.say("Before linking, the move on its own is blocked: Pat is not yet a user of Fabrikam, which the link's first step (R5) changes.");
    s.impact(&azure, FABRIKAM);
    s.plan(
        "Pat, signed in as pat.fabrikam@outlook.com,",
        "links the Fabrikam tenant",
        LinkOffice365Tenant {
            actor: PAT_PERSONAL.into(),
            subscription: azure.clone(),
            directory: FABRIKAM.into(),
            global_admin: "admin@fabrikam.onmicrosoft.com".into(),
            admins: vec![
                "pat@fabrikam.com".into(),
                "admin@fabrikam.onmicrosoft.com".into(),
            ],
        },
    );
    s.ok(
        "Pat, signed in as pat.fabrikam@outlook.com,",
        "links the Fabrikam tenant (steps 1-3)",
        LinkOffice365Tenant {
            actor: PAT_PERSONAL.into(),
            subscription: azure,
            directory: FABRIKAM.into(),
            global_admin: "admin@fabrikam.onmicrosoft.com".into(),
            admins: vec![
                "pat@fabrikam.com".into(),
                "admin@fabrikam.onmicrosoft.com".into(),
            ],
        },
    );
    s.users_table(FABRIKAM);
}

fn seed_004(s: &mut Story) {
    const JO: &str = "msa:jo@outlook.com";
    s.chapter(
        "Seed 004",
        "Associate a Partner Center account with an active Azure subscription",
        "Litware is a partner; Jo's Azure subscription, signed up with a Microsoft account, should appear in Litware's web storefront. Step 1-2: use the existing Partner Center directory; step 3: map the directory; step 4: add the Partner Center admin as co-administrator; step 5: confirm in the storefront. National clouds (Germany, US Government) have their own Partner Center: nothing crosses clouds.",
    );
    s.ok(
        "Litware",
        "opens a Partner Center account",
        CreatePartnerCenterAccount {
            name: "Litware Partners".into(),
            domain_prefix: "litware".into(),
            admin: "admin".into(),
            cloud: None,
        },
    );
    s.ok(
        "Litware Germany",
        "opens a Partner Center account in Microsoft Cloud Germany",
        CreatePartnerCenterAccount {
            name: "Litware Germany".into(),
            domain_prefix: "litwarede".into(),
            admin: "admin".into(),
            cloud: Some("germany".into()),
        },
    );
    s.ok(
        "Jo",
        "creates a Microsoft account",
        CreateMicrosoftAccount {
            email: "jo@outlook.com".into(),
        },
    );
    let azure = s.ok(
        "Jo",
        "signs up for Azure",
        SignUpAzure {
            actor: JO.into(),
            offer: "MS-AZR-0003P".into(),
            name: Some("Jo's Azure".into()),
            directory: None,
        },
    );
    s.refused(
        "Jo",
        "associates the subscription with Litware Germany",
        AssociatePartnerCenter {
            actor: JO.into(),
            subscription: azure.clone(),
            partner: "Litware Germany".into(),
        },
        "CROSS_CLOUD",
    );
    s.plan(
        "Jo",
        "associates the subscription with Litware Partners",
        AssociatePartnerCenter {
            actor: JO.into(),
            subscription: azure.clone(),
            partner: "Litware Partners".into(),
        },
    );
    s.ok(
        "Jo",
        "associates the subscription with Litware Partners",
        AssociatePartnerCenter {
            actor: JO.into(),
            subscription: azure,
            partner: "Litware Partners".into(),
        },
    );
    let store: Vec<String> =
        s.t.storefront("Litware Partners")
            .unwrap_or_default()
            .iter()
            .filter_map(|id| {
                s.t.subscription(&id.to_string())
                    .ok()
                    .map(|v| v.name.to_owned())
            })
            .collect();
    s.say(&format!(
        "Litware's web storefront now lists: {}.",
        store.join(", ")
    ));
}

fn summary(s: &Story, title: &str) {
    println!("\n{}", "═".repeat(78));
    println!("{title}");
    println!("{}", "═".repeat(78));
    let mut table = Table::new([
        "Subscription",
        "Kind",
        "Directory",
        "Owner",
        "Can manage (why)",
    ]);
    for sub in s.t.subscriptions() {
        let id = sub.id.to_string();
        let owner = match sub.owner {
            tenantry::query::Owner::User(u) => u.to_owned(),
            tenantry::query::Owner::Directory(d) => format!("the directory {d}"),
            tenantry::query::Owner::Unknown => "its billing owner (not known)".to_owned(),
        };
        let managers: Vec<String> =
            s.t.who_can_manage(&id)
                .unwrap_or_default()
                .iter()
                .map(|m| {
                    let via: Vec<String> = m.via.iter().map(|v| v.to_string()).collect();
                    let via = if via.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", via.join(", "))
                    };
                    format!(
                        "{} ({}{via})",
                        m.account,
                        m.reason.to_string().replace('_', " ")
                    )
                })
                .collect();
        table.row([
            format!("{}\n{}…", sub.name, id.get(..8).unwrap_or_default()),
            sub.kind.as_str().to_owned(),
            sub.directory.to_owned(),
            owner,
            managers.join("\n"),
        ]);
    }
    table.print(2);
    println!(
        "\n  {} — {} effects in the event log.",
        s.t,
        s.t.event_count()
    );
}

/// The closing chapter: the same state under Microsoft's rules today.
fn today(s: &mut Story) {
    const MICHAEL: &str = "msa:msmith@hotmail.com";
    const DEFAULT_DIRECTORY: &str = "msmithhotmail.onmicrosoft.com";
    s.chapter(
        "Today",
        "The same directories under today's rules",
        "Microsoft has since retired what the documents rely on: no new co-administrators since April 2024, classic administrators retired in August 2024 and converted to Owner in December 2025, the classic portal closed in 2018. Moving a subscription now needs a direct Owner, deletes every role assignment, and is blocked by each directory's subscription policy by default since 1 May 2026. First, what the retirement changes for these directories; then the same state under the current profile.",
    );
    let report = s.t.retirement_report();
    let name_of = |t: &Tenancy, id: &tenantry::Uuid| {
        t.subscription(&id.to_string())
            .map(|v| v.name.to_owned())
            .unwrap_or_else(|_| id.to_string())
    };
    let mut converted = Table::new(["Subscription", "Became an Owner", "Was"]);
    for c in &report.converted {
        let was: Vec<String> = c
            .roles
            .iter()
            .map(|r| r.to_string().replace('_', " "))
            .collect();
        let mut was = was.join(", ");
        if c.already_owner {
            was.push_str(" (already Owner)");
        }
        converted.row([name_of(&s.t, &c.subscription), c.account.to_string(), was]);
    }
    s.say("The December 2025 conversion: each service administrator and co-administrator becomes an Owner of its subscription.");
    converted.print(4);
    let verdict = |d: &tenantry::Decision| match d.code {
        None => "yes".to_owned(),
        Some(code) => format!("no, {code}"),
    };
    let mut differences = Table::new(["Who", "Asks to", "On", "Classic", "Current"]);
    for d in &report.differences {
        differences.row([
            d.account.to_string(),
            d.operation.replace('_', " "),
            d.subscription
                .map(|id| name_of(&s.t, &id))
                .unwrap_or_default(),
            verdict(&d.classic),
            verdict(&d.current),
        ]);
    }
    println!();
    s.say(&format!(
        "Decisions that change: {} of the operations these administrators could ask for.",
        report.differences.len()
    ));
    differences.print(4);
    println!();

    s.t = s.t.with_profile(Profile::Current);
    s.say("The same state under the current profile:");
    s.refused(
        "Michael",
        "adds John Doe as a co-administrator again",
        Operation::AddCoAdministrator(CoAdministratorChange {
            actor: MICHAEL.into(),
            subscription: michaels_azure(s),
            account: "JohnDoe@contoso.com".into(),
        }),
        "CLASSIC_ADMIN_RETIRED",
    );
    s.refused(
        "Michael, now an Owner,",
        "moves his subscription back to his Default Directory",
        ChangeSubscriptionDirectory {
            actor: MICHAEL.into(),
            subscription: michaels_azure(s),
            directory: DEFAULT_DIRECTORY.into(),
        },
        "SUBSCRIPTION_POLICY_BLOCKS_LEAVING",
    );
    s.ok(
        "Kelley",
        "elevates her access in Contoso (User Access Administrator at /)",
        Operation::ElevateAccess(Elevation {
            actor: KELLEY.into(),
            directory: CONTOSO.into(),
        }),
    );
    s.ok(
        "Kelley",
        "lets subscriptions leave Contoso",
        SetSubscriptionPolicy {
            actor: KELLEY.into(),
            directory: CONTOSO.into(),
            block_leaving: false,
            block_entering: true,
            exempted: Vec::new(),
        },
    );
    s.refused(
        "Michael",
        "tries the move again",
        ChangeSubscriptionDirectory {
            actor: MICHAEL.into(),
            subscription: michaels_azure(s),
            directory: DEFAULT_DIRECTORY.into(),
        },
        "SUBSCRIPTION_POLICY_BLOCKS_ENTERING",
    );
    s.ok(
        "Michael",
        "elevates his access in his Default Directory",
        Operation::ElevateAccess(Elevation {
            actor: MICHAEL.into(),
            directory: DEFAULT_DIRECTORY.into(),
        }),
    );
    s.ok(
        "Michael",
        "lets subscriptions enter his Default Directory",
        SetSubscriptionPolicy {
            actor: MICHAEL.into(),
            directory: DEFAULT_DIRECTORY.into(),
            block_leaving: true,
            block_entering: false,
            exempted: Vec::new(),
        },
    );
    s.impact(&michaels_azure(s), DEFAULT_DIRECTORY);
    s.restore(&michaels_azure(s), DEFAULT_DIRECTORY);
    s.plan(
        "Michael",
        "moves his subscription back to his Default Directory",
        ChangeSubscriptionDirectory {
            actor: MICHAEL.into(),
            subscription: michaels_azure(s),
            directory: DEFAULT_DIRECTORY.into(),
        },
    );
    s.ok(
        "Michael",
        "moves it: every role assignment is deleted, as Microsoft warns",
        ChangeSubscriptionDirectory {
            actor: MICHAEL.into(),
            subscription: michaels_azure(s),
            directory: DEFAULT_DIRECTORY.into(),
        },
    );
    let mut managers: Vec<String> =
        s.t.who_can_manage(&michaels_azure(s))
            .unwrap_or_default()
            .iter()
            .map(|m| m.account.to_string())
            .collect();
    managers.dedup();
    s.say(&format!(
        "John Doe's Owner assignment went with the move; in the new directory only the mover is Owner again. Who can manage Michael's Azure now: {}.",
        managers.join(", ")
    ));
    s.refused(
        "Michael",
        "gives John Doe Owner again in the Default Directory",
        Operation::AssignRole(RoleAssignmentChange {
            actor: MICHAEL.into(),
            principal: "JohnDoe@contoso.com".into(),
            role: "owner".into(),
            subscription: Some(michaels_azure(s)),
            resource_group: None,
            scope: None,
            directory: None,
            condition: None,
        }),
        "NOT_A_USER_OF_DIRECTORY",
    );
    s.ok(
        "Michael",
        "invites John Doe as a guest of his Default Directory",
        InviteGuest {
            actor: MICHAEL.into(),
            directory: DEFAULT_DIRECTORY.into(),
            account: "JohnDoe@contoso.com".into(),
        },
    );
    s.ok(
        "Michael",
        "gives John Doe Owner again",
        Operation::AssignRole(RoleAssignmentChange {
            actor: MICHAEL.into(),
            principal: "JohnDoe@contoso.com".into(),
            role: "owner".into(),
            subscription: Some(michaels_azure(s)),
            resource_group: None,
            scope: None,
            directory: None,
            condition: None,
        }),
    );
}

/// Michael's Azure subscription's id.
fn michaels_azure(s: &Story) -> String {
    s.t.subscriptions()
        .find(|v| v.name == "Michael's Azure")
        .map(|v| v.id.to_string())
        .unwrap_or_default()
}

/// Wraps text at word boundaries.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
