//! Synthetic fleets for tenantry: deterministic tenancies of any size, built
//! through the public operations (so every rule is checked on the way), for
//! the `synth` example, the benchmarks and the side-by-side with Cedar.

pub mod cedar;
pub mod cedar_current;
pub mod memory;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};
use tenantry::ops::*;
use tenantry::{Operation, Profile, Tenancy};

/// The size of a fleet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Its name: `small`, `medium` or `large`.
    pub name: &'static str,
    /// Directories, each signed up for Office 365 by its admin.
    pub directories: usize,
    /// Work accounts, all told.
    pub users: usize,
    /// Of those, how many are in the first (largest) directory.
    pub big_directory_users: usize,
    /// Azure subscriptions, signed up by users.
    pub azure: usize,
    /// Office 365 subscriptions (one per directory, the rest bought).
    pub office365: usize,
    /// RBAC role assignments.
    pub assignments: usize,
    /// Co-administrators.
    pub co_admins: usize,
    /// Microsoft accounts using several existing directories.
    pub msas: usize,
    /// The most directories one Microsoft account joins.
    pub directories_per_msa: usize,
    /// The rules it is built under; `current` adds [`Today`]'s objects.
    pub profile: Profile,
    /// Under `current`: groups, service principals, custom roles,
    /// management groups and assignments to groups.
    pub today: Today,
}

/// What a `current` fleet holds besides a classic one's (nothing for
/// `classic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Today {
    /// Security groups, spread over the directories as their users are.
    pub groups: usize,
    /// How deep groups nest (a group inside a group … this many levels).
    pub group_depth: usize,
    /// Service principals (applications).
    pub service_principals: usize,
    /// Custom roles, each assignable in one subscription.
    pub custom_roles: usize,
    /// Levels of each directory's management-group tree below the root.
    pub management_group_depth: usize,
    /// Role assignments to groups, at subscriptions and resource groups.
    pub group_assignments: usize,
}

impl Today {
    /// A classic fleet's: nothing.
    pub const NONE: Today = Today {
        groups: 0,
        group_depth: 0,
        service_principals: 0,
        custom_roles: 0,
        management_group_depth: 0,
        group_assignments: 0,
    };
}

impl Preset {
    /// 10 directories, 1,000 users.
    pub const SMALL: Preset = Preset {
        name: "small",
        directories: 10,
        users: 1_000,
        big_directory_users: 300,
        azure: 100,
        office365: 20,
        assignments: 1_000,
        co_admins: 100,
        msas: 5,
        directories_per_msa: 4,
        profile: Profile::Classic,
        today: Today::NONE,
    };

    /// 100 directories, 100,000 users.
    pub const MEDIUM: Preset = Preset {
        name: "medium",
        directories: 100,
        users: 100_000,
        big_directory_users: 30_000,
        azure: 10_000,
        office365: 2_000,
        assignments: 100_000,
        co_admins: 10_000,
        msas: 500,
        directories_per_msa: 6,
        profile: Profile::Classic,
        today: Today::NONE,
    };

    /// 1,000 directories, 1,000,000 users (300,000 in one directory),
    /// 100,000 Azure and 20,000 Office 365 subscriptions, 1,000,000 RBAC
    /// role assignments, 100,000 co-administrators, 5,000 Microsoft
    /// accounts spanning several directories.
    pub const LARGE: Preset = Preset {
        name: "large",
        directories: 1_000,
        users: 1_000_000,
        big_directory_users: 300_000,
        azure: 100_000,
        office365: 20_000,
        assignments: 1_000_000,
        co_admins: 100_000,
        msas: 5_000,
        directories_per_msa: 8,
        profile: Profile::Classic,
        today: Today::NONE,
    };

    /// The same fleet under today's rules (`--profile current`): no
    /// co-administrators, guests instead of "Use existing directory", and
    /// per 1,000,000 users 100,000 groups nested up to depth 5, 50,000
    /// service principals, 2,000 custom roles, management-group trees of
    /// depth 4 and 100,000 role assignments to groups (scaled down with
    /// the users, at least a few of each).
    pub fn current(self) -> Preset {
        let per = |n: usize| (n * self.users / 1_000_000).max(n / 1_000).max(4);
        Preset {
            co_admins: 0,
            profile: Profile::Current,
            today: Today {
                groups: per(100_000),
                group_depth: 5,
                service_principals: per(50_000),
                custom_roles: per(2_000),
                management_group_depth: 4,
                group_assignments: per(100_000),
            },
            ..self
        }
    }

    /// The preset of this name.
    pub fn by_name(name: &str) -> Option<Preset> {
        [Preset::SMALL, Preset::MEDIUM, Preset::LARGE]
            .into_iter()
            .find(|p| p.name == name)
    }

    /// How many operations building it applies, about (the Microsoft
    /// accounts join a varying number of directories).
    pub fn operations(&self) -> usize {
        self.office365
            + self.users
            + self.azure
            + self.co_admins
            + self.assignments
            + self.msas * (1 + self.directories_per_msa / 2 + 1)
            + self.today.operations(self.directories, self.azure)
    }
}

impl Today {
    /// How many operations building these objects applies, about.
    fn operations(&self, directories: usize, azure: usize) -> usize {
        if self.groups == 0 {
            return 0;
        }
        directories * (2 + 2 * self.management_group_depth)
            + azure
            + self.groups * 4
            + self.service_principals
            + self.custom_roles
            + self.group_assignments
    }
}

/// A deterministic source of choices (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A source seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }
}

/// An Azure subscription of the fleet, as the generator made it.
#[derive(Debug, Clone)]
pub struct AzureSubscription {
    /// Its id.
    pub id: String,
    /// The index of its directory.
    pub directory: usize,
    /// Its service (and account) administrator.
    pub admin: String,
}

/// A fleet and what the generator knows about it.
pub struct Fleet {
    /// The model.
    pub tenancy: Tenancy,
    /// How many operations were applied.
    pub operations: usize,
    /// How long applying them took.
    pub elapsed: Duration,
    /// Initial domains, by index.
    pub directories: Vec<String>,
    /// The users of each directory, by index (the admin first).
    pub users: Vec<Vec<String>>,
    /// The Azure subscriptions.
    pub azure: Vec<AzureSubscription>,
    /// The Microsoft accounts.
    pub msas: Vec<String>,
    /// Under `current`: the groups of each directory, by reference.
    pub groups: Vec<Vec<String>>,
    /// Under `current`: the management groups of each directory, root
    /// first, by ARM path.
    pub management_groups: Vec<Vec<String>>,
}

impl Fleet {
    /// Operations applied per second while building.
    pub fn operations_per_second(&self) -> f64 {
        self.operations as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// A progress bar on stderr, shown only for work that takes over a second
/// and only when stderr is a terminal.
pub fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(4));
    if let Ok(style) =
        ProgressStyle::with_template("{msg:12} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

struct Builder<'p> {
    t: Tenancy,
    operations: usize,
    bar: &'p ProgressBar,
}

impl Builder<'_> {
    fn apply(&mut self, op: impl Into<Operation>) -> Result<Option<String>, tenantry::Error> {
        let outcome = self.t.apply(&op.into())?;
        self.operations += 1;
        if self.operations % 1024 == 0 {
            self.bar.set_position(self.operations as u64);
        }
        Ok(outcome.subscription.map(|s| s.to_string()))
    }
}

fn domain(d: usize) -> String {
    format!("org{d}.onmicrosoft.com")
}

/// Builds the fleet of `preset` from `seed`, through the public operations.
/// The same preset and seed give the same fleet, ids included.
pub fn build(preset: &Preset, seed: u64, bar: &ProgressBar) -> Result<Fleet, tenantry::Error> {
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let current = preset.profile == Profile::Current;
    let start = Tenancy::with_seed(seed);
    let mut b = Builder {
        t: if current {
            start.with_profile(Profile::Current)
        } else {
            start
        },
        operations: 0,
        bar,
    };
    let dirs = preset.directories.max(1);

    // Directories, each with Office 365 and its admin as Global Administrator.
    let directories: Vec<String> = (0..dirs).map(domain).collect();
    let mut users: Vec<Vec<String>> = Vec::with_capacity(dirs);
    for (d, directory) in directories.iter().enumerate() {
        b.apply(SignUpOffice365 {
            organization: format!("Organization {d}"),
            domain_prefix: format!("org{d}"),
            admin: "admin".into(),
            admin_name: Some(format!("Admin {d}")),
            plan: "Office 365 E3".into(),
            seats: Some(25),
            cloud: None,
        })?;
        users.push(vec![format!("admin@{directory}")]);
    }
    for i in dirs..preset.office365 {
        let d = i % dirs;
        b.apply(BuyOffice365 {
            actor: users[d][0].clone(),
            plan: "Office 365 E1".into(),
            seats: Some(10),
            directory: None,
        })?;
    }

    // Users: the first directory gets its share, the rest round-robin.
    let big = preset.big_directory_users.min(preset.users);
    for n in 0..preset.users {
        let d = if n < big || dirs == 1 {
            0
        } else {
            1 + (n - big) % (dirs - 1)
        };
        let local = format!("u{n}");
        b.apply(AddUser {
            actor: users[d][0].clone(),
            directory: directories[d].clone(),
            user: local.clone(),
            name: None,
            role: None,
        })?;
        users[d].push(format!("{local}@{}", directories[d]));
    }

    // Azure subscriptions, signed up by users (no admin role needed).
    let mut azure = Vec::with_capacity(preset.azure);
    for s in 0..preset.azure {
        // A tenth in the big directory, the rest spread evenly.
        let d = if s % 10 == 0 || dirs == 1 {
            0
        } else {
            1 + rng.below(dirs - 1)
        };
        let list = &users[d];
        let admin = list[rng.below(list.len())].clone();
        let id = b
            .apply(SignUpAzure {
                actor: admin.clone(),
                offer: "MS-AZR-0003P".into(),
                name: Some(format!("Subscription {s}")),
                directory: None,
            })?
            .unwrap_or_default();
        azure.push(AzureSubscription {
            id,
            directory: d,
            admin,
        });
    }

    // Co-administrators: distinct users of the subscription's directory.
    let subs = azure.len().max(1);
    for k in 0..preset.co_admins.min(preset.azure * 20) {
        let sub = &azure[k % subs];
        let list = &users[sub.directory];
        let round = k / subs;
        // A different user each round, never the service administrator.
        let start = rng.below(list.len());
        let Some(account) = (0..list.len())
            .map(|i| &list[(start + i * (round + 1)) % list.len()])
            .find(|a| {
                **a != sub.admin
                    && !b
                        .t
                        .administered_by(a)
                        .is_ok_and(|l| l.iter().any(|x| x.subscription.to_string() == sub.id))
            })
        else {
            continue;
        };
        b.apply(Operation::AddCoAdministrator(CoAdministratorChange {
            actor: sub.admin.clone(),
            subscription: sub.id.clone(),
            account: account.clone(),
        }))?;
    }

    // RBAC role assignments: per subscription, distinct principals, roles
    // and scopes, so no two repeat.
    const ROLES: [&str; 4] = [
        "owner",
        "contributor",
        "reader",
        "user_access_administrator",
    ];
    for k in 0..preset.assignments {
        let s = k % subs;
        let j = k / subs;
        let sub = &azure[s];
        let list = &users[sub.directory];
        let principal = list[(s * 31 + j) % list.len()].clone();
        let resource_group = match j / list.len() % 3 {
            0 => None,
            x => Some(format!("rg{x}")),
        };
        let role = ROLES[(j / (3 * list.len())) % ROLES.len()];
        if current && role == "owner" && resource_group.is_none() && principal == sub.admin {
            // Under `current` the creator is Owner already (R3).
            continue;
        }
        b.apply(Operation::AssignRole(RoleAssignmentChange {
            actor: sub.admin.clone(),
            subscription: Some(sub.id.clone()),
            principal,
            role: role.into(),
            resource_group,
            ..Default::default()
        }))?;
    }

    // Microsoft accounts spanning several directories.
    let mut msas = Vec::with_capacity(preset.msas);
    for m in 0..preset.msas {
        let email = format!("person{m}@outlook.com");
        b.apply(CreateMicrosoftAccount {
            email: email.clone(),
        })?;
        let reference = format!("msa:{email}");
        let count = 2 + rng.below(preset.directories_per_msa.saturating_sub(1).max(1));
        let first = rng.below(dirs);
        for i in 0..count.min(dirs) {
            let d = (first + i * 7) % dirs;
            if b.t
                .user(&directories[d], &reference)
                .is_ok_and(|u| u.is_some())
            {
                continue;
            }
            if current {
                // "Use existing directory" is retired: the admin invites it.
                b.apply(InviteGuest {
                    actor: users[d][0].clone(),
                    directory: directories[d].clone(),
                    account: reference.clone(),
                })?;
            } else {
                b.apply(UseExistingDirectory {
                    actor: reference.clone(),
                    directory: directories[d].clone(),
                    global_admin: users[d][0].clone(),
                })?;
            }
            users[d].push(reference.clone());
        }
        msas.push(reference);
    }

    let (groups, management_groups) = if current {
        today(
            &mut b,
            &preset.today,
            &mut rng,
            &directories,
            &users,
            &azure,
        )?
    } else {
        (Vec::new(), Vec::new())
    };

    let operations = b.operations;
    bar.set_position(operations as u64);
    Ok(Fleet {
        tenancy: b.t,
        operations,
        elapsed: started.elapsed(),
        directories,
        users,
        azure,
        msas,
        groups,
        management_groups,
    })
}

/// References listed per directory index.
type PerDirectory = Vec<Vec<String>>;

/// The custom roles' permissions, in turn: one that writes role
/// assignments, one that only reads, one like Contributor (everything but
/// writing access).
const CUSTOM_ACTIONS: [(&[&str], &[&str]); 3] = [
    (
        &["Microsoft.Authorization/roleAssignments/write", "*/read"],
        &[],
    ),
    (&["Microsoft.Compute/*/read", "Microsoft.Storage/*"], &[]),
    (
        &["*"],
        &[
            "Microsoft.Authorization/*/write",
            "Microsoft.Authorization/*/delete",
        ],
    ),
];

/// Today's objects: per directory an elevated admin who is Owner at `/`,
/// a management-group tree, groups nested in trees (each with three
/// users), service principals, custom roles, and assignments to groups at
/// subscriptions, resource groups and management groups.
fn today(
    b: &mut Builder<'_>,
    today: &Today,
    rng: &mut Rng,
    directories: &[String],
    users: &[Vec<String>],
    azure: &[AzureSubscription],
) -> Result<(PerDirectory, PerDirectory), tenantry::Error> {
    let dirs = directories.len();
    let mut mgs: Vec<Vec<String>> = Vec::with_capacity(dirs);
    for (d, directory) in directories.iter().enumerate() {
        let admin = users[d][0].clone();
        b.apply(Operation::ElevateAccess(Elevation {
            actor: admin.clone(),
            directory: directory.clone(),
        }))?;
        b.apply(Operation::AssignRole(RoleAssignmentChange {
            actor: admin.clone(),
            principal: admin.clone(),
            role: "owner".into(),
            scope: Some("/".into()),
            directory: Some(directory.clone()),
            ..Default::default()
        }))?;
        // Two branches: a chain as deep as allowed, and one level beside it.
        let mut tree = vec!["/".to_owned()];
        let mut parent: Option<String> = None;
        for level in 0..today.management_group_depth {
            let name = format!("org{d}-l{level}");
            b.apply(CreateManagementGroup {
                actor: admin.clone(),
                directory: directory.clone(),
                name: name.clone(),
                parent: parent.clone(),
            })?;
            tree.push(format!(
                "/providers/Microsoft.Management/managementGroups/{name}"
            ));
            parent = Some(name);
        }
        if today.management_group_depth > 0 {
            let name = format!("org{d}-side");
            b.apply(CreateManagementGroup {
                actor: admin.clone(),
                directory: directory.clone(),
                name: name.clone(),
                parent: None,
            })?;
            tree.push(format!(
                "/providers/Microsoft.Management/managementGroups/{name}"
            ));
        }
        mgs.push(tree);
    }
    for sub in azure {
        let tree = &mgs[sub.directory];
        if tree.len() < 2 {
            break;
        }
        let path = &tree[1 + rng.below(tree.len() - 1)];
        let name = path.rsplit('/').next().unwrap_or_default().to_owned();
        b.apply(MoveSubscriptionToManagementGroup {
            actor: users[sub.directory][0].clone(),
            subscription: sub.id.clone(),
            management_group: name,
        })?;
    }

    // Groups: directory by directory as the users are, in trees of
    // `group_depth` levels with four children each; three users apiece.
    let total_users: usize = users.iter().map(Vec::len).sum::<usize>().max(1);
    let tree_size: usize = (0..today.group_depth.max(1))
        .map(|l| 4usize.pow(l as u32))
        .sum();
    let mut groups: Vec<Vec<String>> = vec![Vec::new(); dirs];
    let mut left = today.groups;
    for d in 0..dirs {
        let share = if d + 1 == dirs {
            left
        } else {
            (today.groups * users[d].len() / total_users).min(left)
        };
        left -= share;
        let directory = &directories[d];
        let admin = &users[d][0];
        for j in 0..share {
            let name = format!("g{j}");
            b.apply(CreateGroup {
                actor: admin.clone(),
                directory: directory.clone(),
                name: name.clone(),
                role_assignable: None,
            })?;
            let reference = format!("group:{name}@{directory}");
            let in_tree = j % tree_size;
            if in_tree > 0 {
                let parent = j - in_tree + (in_tree - 1) / 4;
                b.apply(Operation::AddGroupMember(GroupMemberChange {
                    actor: admin.clone(),
                    group: format!("group:g{parent}@{directory}"),
                    member: reference.clone(),
                }))?;
            }
            let list = &users[d];
            for i in 0..3 {
                let member = &list[(j * 7 + i * 13 + 1) % list.len()];
                let change = GroupMemberChange {
                    actor: admin.clone(),
                    group: reference.clone(),
                    member: member.clone(),
                };
                // A user drawn twice for one group is skipped.
                let op = Operation::AddGroupMember(change);
                if b.t.can(&op).allowed {
                    b.apply(op)?;
                }
            }
            groups[d].push(reference);
        }
    }

    for k in 0..today.service_principals {
        let d = k % dirs;
        b.apply(CreateServicePrincipal {
            actor: users[d][0].clone(),
            directory: directories[d].clone(),
            name: format!("app{k}"),
        })?;
    }

    let subs = azure.len().max(1);
    let mut custom: Vec<Vec<String>> = vec![Vec::new(); subs];
    for k in 0..today.custom_roles.min(azure.len() * 8) {
        let s = (k * 37) % subs;
        let sub = &azure[s];
        let (actions, not_actions) = CUSTOM_ACTIONS[k % CUSTOM_ACTIONS.len()];
        let name = format!("role{k}");
        b.apply(CreateCustomRole {
            actor: sub.admin.clone(),
            directory: directories[sub.directory].clone(),
            name: name.clone(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
            not_actions: not_actions.iter().map(|a| a.to_string()).collect(),
            assignable_scopes: vec![format!("/subscriptions/{}", sub.id)],
        })?;
        custom[s].push(name);
    }

    const BUILTIN: [&str; 5] = [
        "reader",
        "contributor",
        "owner",
        "user_access_administrator",
        "role_based_access_control_administrator",
    ];
    for k in 0..today.group_assignments {
        let s = k % subs;
        let sub = &azure[s];
        let list = &groups[sub.directory];
        if list.is_empty() {
            continue;
        }
        let j = k / subs;
        let group = list[(s * 17 + j) % list.len()].clone();
        let role = match custom[s].get(j % 4) {
            Some(name) if j % 3 == 0 => name.clone(),
            _ => BUILTIN[(s + j) % BUILTIN.len()].to_owned(),
        };
        let resource_group = (j % 2 == 1).then(|| format!("rg{}", 1 + j % 2));
        let op = Operation::AssignRole(RoleAssignmentChange {
            actor: sub.admin.clone(),
            subscription: Some(sub.id.clone()),
            principal: group,
            role,
            resource_group,
            ..Default::default()
        });
        // The same group drawn twice for one role and scope is skipped.
        if b.t.can(&op).allowed {
            b.apply(op)?;
        }
    }
    // A reader and an access administrator group at each management group.
    for (d, tree) in mgs.iter().enumerate() {
        for (level, path) in tree.iter().enumerate().skip(1) {
            for (i, role) in ["reader", "user_access_administrator"]
                .into_iter()
                .enumerate()
            {
                let Some(group) = groups[d].get((level * 2 + i) * 5) else {
                    continue;
                };
                b.apply(Operation::AssignRole(RoleAssignmentChange {
                    actor: users[d][0].clone(),
                    principal: group.clone(),
                    role: role.into(),
                    scope: Some(path.clone()),
                    ..Default::default()
                }))?;
            }
        }
    }
    Ok((groups, mgs))
}

/// The owner of the dense subscriptions below, a Microsoft account.
pub const DENSE_OWNER: &str = "msa:dense.owner@outlook.com";

/// A Microsoft account signs up for Azure (a Default Directory with it as
/// Global Administrator) and adds 1,000 users there, then assigns `roles`
/// to each of them at the subscription, stopping after `assignments`;
/// returns the subscription's id.
fn dense(t: &mut Tenancy, roles: &[&str], assignments: usize) -> Result<String, tenantry::Error> {
    let home = "denseowneroutlook.onmicrosoft.com";
    t.apply(
        &CreateMicrosoftAccount {
            email: "dense.owner@outlook.com".into(),
        }
        .into(),
    )?;
    let sub = t
        .apply(
            &SignUpAzure {
                actor: DENSE_OWNER.into(),
                offer: "MS-AZR-0003P".into(),
                name: None,
                directory: None,
            }
            .into(),
        )?
        .subscription
        .map(|s| s.to_string())
        .unwrap_or_default();
    for n in 0..1000 {
        t.apply(
            &AddUser {
                actor: DENSE_OWNER.into(),
                directory: home.into(),
                user: format!("d{n}"),
                name: None,
                role: None,
            }
            .into(),
        )?;
    }
    let each = roles
        .iter()
        .flat_map(|role| (0..1000).map(move |n| (*role, n)));
    for (role, n) in each.take(assignments) {
        t.apply(&Operation::AssignRole(RoleAssignmentChange {
            actor: DENSE_OWNER.into(),
            subscription: Some(sub.clone()),
            principal: format!("d{n}@{home}"),
            role: role.into(),
            ..Default::default()
        }))?;
    }
    Ok(sub)
}

/// The move of the dense subscription to `target`.
fn dense_move(sub: String, target: &str) -> Operation {
    ChangeSubscriptionDirectory {
        actor: DENSE_OWNER.into(),
        subscription: sub,
        directory: target.into(),
    }
    .into()
}

/// Adds a subscription with 4,000 RBAC role assignments (the most allowed)
/// whose service administrator, a Microsoft account, is also a user of
/// another directory; returns the directory change that would remove them
/// all, for planning.
pub fn dense_subscription(
    t: &mut Tenancy,
    target: &str,
    target_admin: &str,
) -> Result<Operation, tenantry::Error> {
    let roles = [
        "owner",
        "contributor",
        "reader",
        "user_access_administrator",
    ];
    let sub = dense(t, &roles, 4000)?;
    t.apply(
        &UseExistingDirectory {
            actor: DENSE_OWNER.into(),
            directory: target.into(),
            global_admin: target_admin.into(),
        }
        .into(),
    )?;
    Ok(dense_move(sub, target))
}

/// Under `current`: adds a subscription with 5,000 role assignments (the
/// most allowed: its creator's Owner and 4,999 more) whose Owner, a
/// Microsoft account, is a guest of `target`, with both directories'
/// subscription policies letting it move; returns the directory change
/// that would delete them all, for planning. `target_admin` is an elevated
/// Global Administrator of `target`.
pub fn dense_subscription_current(
    t: &mut Tenancy,
    target: &str,
    target_admin: &str,
) -> Result<Operation, tenantry::Error> {
    let home = "denseowneroutlook.onmicrosoft.com";
    let roles = [
        "owner",
        "contributor",
        "reader",
        "user_access_administrator",
        "role_based_access_control_administrator",
    ];
    // The creator's Owner is the 5,000th.
    let sub = dense(t, &roles, 4999)?;
    t.apply(
        &InviteGuest {
            actor: target_admin.into(),
            directory: target.into(),
            account: DENSE_OWNER.into(),
        }
        .into(),
    )?;
    t.apply(&Operation::ElevateAccess(Elevation {
        actor: DENSE_OWNER.into(),
        directory: home.into(),
    }))?;
    for (actor, directory, leave, enter) in [
        (DENSE_OWNER, home, false, true),
        (target_admin, target, true, false),
    ] {
        t.apply(
            &SetSubscriptionPolicy {
                actor: actor.into(),
                directory: directory.into(),
                block_leaving: leave,
                block_entering: enter,
                exempted: Vec::new(),
            }
            .into(),
        )?;
    }
    Ok(dense_move(sub, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_small_fleet_is_what_its_preset_says() {
        let bar = ProgressBar::hidden();
        let fleet = build(&Preset::SMALL, 7, &bar).unwrap_or_else(|e| panic!("{} {e}", e.code()));
        let t = &fleet.tenancy;
        let p = Preset::SMALL;
        assert_eq!(t.directories().count(), p.directories);
        assert_eq!(
            t.subscriptions()
                .filter(|s| s.kind == tenantry::SubscriptionKind::Azure)
                .count(),
            p.azure
        );
        assert_eq!(t.subscriptions().count(), p.azure + p.office365);
        let assignments: usize = fleet
            .azure
            .iter()
            .map(|s| t.role_assignments(&s.id).map_or(0, |l| l.len()))
            .sum();
        assert_eq!(assignments, p.assignments);
        let co: usize = fleet
            .azure
            .iter()
            .filter_map(|s| {
                t.subscription(&s.id)
                    .ok()?
                    .co_administrators
                    .map(|c| c.len())
            })
            .sum();
        assert_eq!(co, p.co_admins);
        assert_eq!(
            t.users_of("org0.onmicrosoft.com")
                .map(|u| u.len() >= p.big_directory_users),
            Ok(true)
        );
        assert!(fleet
            .msas
            .iter()
            .all(|m| t.directories_of(m).is_ok_and(|d| d.len() >= 2)));
        // Deterministic: the same seed gives the same snapshot.
        let again = build(&Preset::SMALL, 7, &bar).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.tenancy.to_json(), t.to_json());
    }

    #[test]
    fn a_current_fleet_holds_todays_objects_and_a_dense_move_plans_5000_removals() {
        let bar = ProgressBar::hidden();
        let preset = Preset::SMALL.current();
        let mut fleet = build(&preset, 7, &bar).unwrap_or_else(|e| panic!("{} {e}", e.code()));
        let t = &fleet.tenancy;
        assert_eq!(t.profile(), Profile::Current);
        let groups: usize = fleet.groups.iter().map(Vec::len).sum();
        assert_eq!(groups, preset.today.groups);
        let g = &fleet.groups[0][0];
        let direct = t.group_members(g, false).unwrap_or_else(|e| panic!("{e}"));
        let all = t.group_members(g, true).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            all.len() > direct.len() + 10,
            "{} nested under {g}",
            all.len()
        );
        assert_eq!(
            fleet.management_groups[0].len(),
            1 + preset.today.management_group_depth + 1
        );
        let sub = &fleet.azure[0];
        assert!(t
            .subscription(&sub.id)
            .is_ok_and(|v| v.management_group.is_some()));
        let op = dense_subscription_current(
            &mut fleet.tenancy,
            "org3.onmicrosoft.com",
            "admin@org3.onmicrosoft.com",
        )
        .unwrap_or_else(|e| panic!("{} {e}", e.code()));
        let plan = fleet
            .tenancy
            .plan(&op)
            .unwrap_or_else(|e| panic!("{} {e}", e.code()));
        // The move, 5,000 removals, the mover's new Owner.
        assert_eq!(plan.effects.len(), 1 + 5000 + 1);
    }

    #[test]
    fn a_dense_subscription_plans_4000_removals() {
        let bar = ProgressBar::hidden();
        let mut fleet = build(&Preset::SMALL, 1, &bar).unwrap_or_else(|e| panic!("{e}"));
        let op = dense_subscription(
            &mut fleet.tenancy,
            "org3.onmicrosoft.com",
            "admin@org3.onmicrosoft.com",
        )
        .unwrap_or_else(|e| panic!("{} {e}", e.code()));
        let plan = fleet.tenancy.plan(&op).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.effects.len(), 1 + 4000);
    }
}
