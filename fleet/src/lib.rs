//! Synthetic fleets for tenantry: deterministic tenancies of any size, built
//! through the public operations (so every rule is checked on the way), for
//! the `synth` example, the benchmarks and the side-by-side with Cedar.

pub mod cedar;
pub mod memory;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};
use tenantry::ops::*;
use tenantry::{Operation, Tenancy};

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
    };

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
    let mut b = Builder {
        t: Tenancy::with_seed(seed),
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
        b.apply(Operation::AssignRole(RoleAssignmentChange {
            actor: sub.admin.clone(),
            subscription: Some(sub.id.clone()),
            principal,
            role: ROLES[(j / (3 * list.len())) % ROLES.len()].into(),
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
            b.apply(UseExistingDirectory {
                actor: reference.clone(),
                directory: directories[d].clone(),
                global_admin: users[d][0].clone(),
            })?;
            users[d].push(reference.clone());
        }
        msas.push(reference);
    }

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
    })
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
    let owner = "msa:dense.owner@outlook.com";
    t.apply(
        &CreateMicrosoftAccount {
            email: "dense.owner@outlook.com".into(),
        }
        .into(),
    )?;
    let sub = t
        .apply(
            &SignUpAzure {
                actor: owner.into(),
                offer: "MS-AZR-0003P".into(),
                name: None,
                directory: None,
            }
            .into(),
        )?
        .subscription
        .map(|s| s.to_string())
        .unwrap_or_default();
    let home = "denseowneroutlook.onmicrosoft.com";
    for n in 0..1000 {
        t.apply(
            &AddUser {
                actor: owner.into(),
                directory: home.into(),
                user: format!("d{n}"),
                name: None,
                role: None,
            }
            .into(),
        )?;
    }
    for role in [
        "owner",
        "contributor",
        "reader",
        "user_access_administrator",
    ] {
        for n in 0..1000 {
            t.apply(&Operation::AssignRole(RoleAssignmentChange {
                actor: owner.into(),
                subscription: Some(sub.clone()),
                principal: format!("d{n}@{home}"),
                role: role.into(),
                ..Default::default()
            }))?;
        }
    }
    t.apply(
        &UseExistingDirectory {
            actor: owner.into(),
            directory: target.into(),
            global_admin: target_admin.into(),
        }
        .into(),
    )?;
    Ok(ChangeSubscriptionDirectory {
        actor: owner.into(),
        subscription: sub,
        directory: target.into(),
    }
    .into())
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
