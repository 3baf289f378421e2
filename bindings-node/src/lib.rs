//! The Node binding of tenantry: one method per operation taking one
//! options object, `plan` and `can` for every operation, the queries, and
//! snapshots. Every method converts its arguments, calls core and converts
//! the result; errors are mapped in `error.rs`, and each method's body runs
//! through `error::guarded`, so a panic inside core is a `TenantryError`
//! with code `INTERNAL`, never an abort. No rule lives here.

pub mod connect;
mod convert;
mod emulator;
mod error;
mod ops;

use convert::{
    Account, Administered, Diff, Directory, Effect, ImpactRow, Manager, MoveImpact, Outcome,
    Permission, RestorePlan, RetirementReport, RoleAssignment, Subscription, SubscriptionPolicy,
    User,
};
use error::OrThrow;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

/// The model, shared by a `Tenancy` and the `Planner`s and `Decider`s it hands out.
type Shared = Rc<RefCell<tenantry::Tenancy>>;

/// Directories, accounts, users, subscriptions and Partner Center accounts,
/// with the documented workflows as methods. Every method that changes the
/// model is atomic: when it throws, nothing changed.
#[napi]
pub struct Tenancy {
    pub(crate) inner: Shared,
}

/// `tenancy.plan`: every operation as a dry run returning the outcome it
/// would have, changing nothing.
#[napi]
pub struct Planner {
    inner: Shared,
}

/// `tenancy.can`: every operation as a question, answered with a decision.
#[napi]
pub struct Decider {
    inner: Shared,
}

/// Options of `new Tenancy()`, `Tenancy.fromJson()` and `Tenancy.load()`.
#[napi(object)]
pub struct TenancyOptions {
    /// Makes new ids reproducible: the same operations give the same ids.
    /// A whole number from 0 to `Number.MAX_SAFE_INTEGER`.
    pub seed: Option<f64>,
    /// The rules the model follows: `'classic'` (the default) or
    /// `'current'`. A loaded snapshot is evaluated under it.
    #[napi(ts_type = "'classic' | 'current'")]
    pub profile: Option<String>,
}

/// `{ principal, action, scope }` of `canPerform()`.
#[napi(object)]
pub struct PermissionArgs {
    /// An account, `group:`, `foreign-group:`, `sp:` or `id:`.
    pub principal: String,
    /// An ARM action, e.g. `Microsoft.Authorization/roleAssignments/write`.
    pub action: String,
    /// `/`, or a management group's, subscription's, resource group's or
    /// resource's ARM path.
    pub scope: String,
}

/// `{ group, transitive? }` of `groupMembers()`.
#[napi(object)]
pub struct GroupArgs {
    /// A group's name or `id:<object id>`.
    pub group: String,
    /// Members of nested groups too (default false).
    pub transitive: Option<bool>,
}

/// Options of `toJson()`.
#[napi(object)]
pub struct JsonOptions {
    /// Indent the JSON, one field per line.
    pub pretty: Option<bool>,
}

/// `{ subscription, directory }` of `moveImpact()` and `restorePlan()`.
#[napi(object)]
pub struct MoveArgs {
    /// The subscription's id.
    pub subscription: String,
    /// The directory it would move to.
    pub directory: String,
}

/// `{ directory }`: a directory by initial domain, verified domain or tenant id.
#[napi(object)]
pub struct DirectoryArgs {
    pub directory: String,
}

/// `{ account }`: `msa:<e-mail>` or a user principal name.
#[napi(object)]
pub struct AccountArgs {
    pub account: String,
}

/// `{ directory, account }`.
#[napi(object)]
pub struct UserArgs {
    pub directory: String,
    pub account: String,
}

/// `{ subscription }`: a subscription id.
#[napi(object)]
pub struct SubscriptionArgs {
    pub subscription: String,
}

/// `{ partner }`: a Partner Center account's name.
#[napi(object)]
pub struct PartnerArgs {
    pub partner: String,
}

/// The id source the options ask for: seeded, or random. A seed that is
/// not a whole number from 0 to `Number.MAX_SAFE_INTEGER` (above which a
/// JavaScript number no longer holds every integer) is a `RangeError`.
fn ids(env: &Env, method: &str, options: Option<TenancyOptions>) -> Result<tenantry::IdSource> {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    match options.and_then(|o| o.seed) {
        None => Ok(tenantry::IdSource::random()),
        Some(seed) if seed.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&seed) => {
            // Exact: a whole number in this range converts without loss.
            Ok(tenantry::IdSource::seeded(seed as u64))
        }
        Some(seed) => Err(error::range_error(
            env,
            &format!(
                "{method}(): seed must be a whole number from 0 to {MAX_SAFE_INTEGER}, not {seed}"
            ),
        )),
    }
}

fn owned(list: Vec<&str>) -> Vec<String> {
    list.into_iter().map(str::to_owned).collect()
}

fn string(env: &Env, method: &str, value: Unknown) -> Result<String> {
    if value.get_type()? != ValueType::String {
        return Err(error::type_error(
            env,
            &format!("{method}() takes a string"),
        ));
    }
    String::from_unknown(value)
}

/// A new `Tenancy` from `make`, with the id source and profile the options
/// ask for.
fn tenancy(
    env: &Env,
    method: &str,
    options: Option<Unknown>,
    make: impl FnOnce(tenantry::IdSource) -> tenantry::Result<tenantry::Tenancy>,
) -> Result<Tenancy> {
    let mut options = tenancy_options(env, method, options)?;
    let profile = options.as_mut().and_then(|o| o.profile.take());
    let ids = ids(env, method, options)?;
    let mut inner = make(ids).or_throw(env)?;
    if let Some(p) = profile {
        inner = inner.into_profile(tenantry::Profile::parse(&p).or_throw(env)?);
    }
    Ok(Tenancy {
        inner: shared(inner),
    })
}

fn tenancy_options(
    env: &Env,
    method: &str,
    value: Option<Unknown>,
) -> Result<Option<TenancyOptions>> {
    match value {
        Some(v) if v.get_type()? != ValueType::Undefined => {
            error::options(env, method, v, &["seed", "profile"]).map(Some)
        }
        _ => Ok(None),
    }
}

fn shared(inner: tenantry::Tenancy) -> Shared {
    Rc::new(RefCell::new(inner))
}

/// Reads the model. JavaScript runs one call at a time and core calls no
/// JavaScript, so the model is never borrowed mutably during a read.
fn read(inner: &Shared) -> Result<Ref<'_, tenantry::Tenancy>> {
    inner
        .try_borrow()
        .map_err(|_| Error::from_reason("the model is being changed"))
}

fn write(inner: &Shared) -> Result<RefMut<'_, tenantry::Tenancy>> {
    inner
        .try_borrow_mut()
        .map_err(|_| Error::from_reason("the model is being read"))
}

impl Tenancy {
    fn apply(&self, env: &Env, op: tenantry::Operation) -> Result<Outcome> {
        error::guarded(env, || {
            write(&self.inner)?
                .apply(&op)
                .map(Outcome::of)
                .or_throw(env)
        })
    }
}

impl Planner {
    fn plan(&self, env: &Env, op: tenantry::Operation) -> Result<Outcome> {
        error::guarded(env, || {
            read(&self.inner)?.plan(&op).map(Outcome::of).or_throw(env)
        })
    }
}

impl Decider {
    fn can(&self, env: &Env, op: tenantry::Operation) -> Result<convert::Decision> {
        error::guarded(env, || {
            Ok(convert::Decision::of(read(&self.inner)?.can(&op)))
        })
    }
}

#[napi]
impl Tenancy {
    /// An empty model under `{ profile }` (`'classic'` by default). With
    /// `{ seed }`, new ids are reproducible.
    #[napi(constructor, ts_args_type = "options?: TenancyOptions")]
    pub fn new(env: Env, options: Option<Unknown>) -> Result<Self> {
        error::guarded(&env, || {
            tenancy(&env, "new Tenancy", options, |ids| {
                Ok(tenantry::Tenancy::with_ids(ids))
            })
        })
    }

    /// The rules this model follows: `'classic'` or `'current'`.
    #[napi(getter, ts_return_type = "'classic' | 'current'")]
    pub fn profile(&self, env: Env) -> Result<String> {
        error::guarded(&env, || {
            Ok(read(&self.inner)?.profile().as_str().to_owned())
        })
    }

    /// The same state under the other rules, as a new Tenancy: from
    /// `classic` to `current` the classic administrators become Owners, as
    /// Microsoft converted them in December 2025.
    #[napi(ts_args_type = "profile: 'classic' | 'current'")]
    pub fn with_profile(&self, env: Env, profile: Unknown) -> Result<Tenancy> {
        error::guarded(&env, || {
            let profile = string(&env, "withProfile", profile)?;
            let p = tenantry::Profile::parse(&profile).or_throw(&env)?;
            let inner = read(&self.inner)?.with_profile(p);
            Ok(Tenancy {
                inner: shared(inner),
            })
        })
    }

    /// Loads a snapshot (JSON text), validating every reference and
    /// invariant; a bad one throws `TenantryError` with code `INVALID_SNAPSHOT`.
    #[napi(factory, ts_args_type = "json: string, options?: TenancyOptions")]
    pub fn from_json(env: Env, json: Unknown, options: Option<Unknown>) -> Result<Self> {
        error::guarded(&env, || {
            let json = string(&env, "fromJson", json)?;
            tenancy(&env, "fromJson", options, |ids| {
                tenantry::Tenancy::from_json_with_ids(&json, ids)
            })
        })
    }

    /// The whole state, event log included, as JSON text.
    #[napi(ts_args_type = "options?: JsonOptions")]
    pub fn to_json(&self, env: Env, options: Option<Unknown>) -> Result<String> {
        error::guarded(&env, || {
            let pretty = match options {
                Some(v) if v.get_type()? != ValueType::Undefined => {
                    error::options::<JsonOptions>(&env, "toJson", v, &["pretty"])?
                        .pretty
                        .unwrap_or(false)
                }
                _ => false,
            };
            let t = read(&self.inner)?;
            Ok(if pretty {
                t.to_json_pretty()
            } else {
                t.to_json()
            })
        })
    }

    /// Loads a snapshot file, validating it.
    #[napi(factory, ts_args_type = "path: string, options?: TenancyOptions")]
    pub fn load(env: Env, path: Unknown, options: Option<Unknown>) -> Result<Self> {
        error::guarded(&env, || {
            let path = string(&env, "load", path)?;
            tenancy(&env, "load", options, |ids| {
                tenantry::Tenancy::load_with_ids(path, ids)
            })
        })
    }

    /// Saves the snapshot atomically: a failed save leaves the old file.
    #[napi(ts_args_type = "path: string")]
    pub fn save(&self, env: Env, path: Unknown) -> Result<()> {
        error::guarded(&env, || {
            let path = string(&env, "save", path)?;
            read(&self.inner)?.save(path).or_throw(&env)
        })
    }

    /// Dry runs of every operation: `t.plan.signUpAzure({ actor, offer })`.
    #[napi(getter)]
    pub fn plan(&self) -> Planner {
        Planner {
            inner: self.inner.clone(),
        }
    }

    /// Decisions for every operation: `t.can.changeSubscriptionDirectory({ ... })`.
    #[napi(getter)]
    pub fn can(&self) -> Decider {
        Decider {
            inner: self.inner.clone(),
        }
    }

    /// Every effect applied so far, oldest first.
    #[napi]
    pub fn events(&self, env: Env) -> Result<Vec<Effect>> {
        error::guarded(&env, || {
            Ok(read(&self.inner)?.events().map(Effect::of).collect())
        })
    }

    /// The directories an account can sign in to (its directory list).
    #[napi(ts_args_type = "options: AccountArgs")]
    pub fn directories_of(&self, env: Env, options: Unknown) -> Result<Vec<String>> {
        error::guarded(&env, || {
            let AccountArgs { account } =
                error::options(&env, "directories_of", options, &["account"])?;
            read(&self.inner)?
                .directories_of(&account)
                .map(owned)
                .or_throw(&env)
        })
    }

    /// The accounts that are users of a directory.
    #[napi(ts_args_type = "options: DirectoryArgs")]
    pub fn users_of(&self, env: Env, options: Unknown) -> Result<Vec<String>> {
        error::guarded(&env, || {
            let DirectoryArgs { directory } =
                error::options(&env, "users_of", options, &["directory"])?;
            read(&self.inner)?
                .users_of(&directory)
                .map(owned)
                .or_throw(&env)
        })
    }

    /// An account's user in a directory (`{ kind, roles }`), or `null`.
    #[napi(ts_args_type = "options: UserArgs")]
    pub fn user(&self, env: Env, options: Unknown) -> Result<Option<User>> {
        error::guarded(&env, || {
            let UserArgs { directory, account } =
                error::options(&env, "user", options, &["directory", "account"])?;
            read(&self.inner)?
                .user(&directory, &account)
                .map(|u| u.map(User::of))
                .or_throw(&env)
        })
    }

    /// The organizational role the portal shows ('Global Administrator' …
    /// 'User'), or `null` if the account is not a user there.
    #[napi(ts_args_type = "options: UserArgs")]
    pub fn organizational_role(&self, env: Env, options: Unknown) -> Result<Option<String>> {
        error::guarded(&env, || {
            let UserArgs { directory, account } = error::options(
                &env,
                "organizational_role",
                options,
                &["directory", "account"],
            )?;
            let t = read(&self.inner)?;
            t.organizational_role(&directory, &account)
                .map(|r| r.map(|r| r.to_string()))
                .or_throw(&env)
        })
    }

    /// The ids of the subscriptions that trust a directory.
    #[napi(ts_args_type = "options: DirectoryArgs")]
    pub fn subscriptions_of(&self, env: Env, options: Unknown) -> Result<Vec<String>> {
        error::guarded(&env, || {
            let DirectoryArgs { directory } =
                error::options(&env, "subscriptions_of", options, &["directory"])?;
            let t = read(&self.inner)?;
            t.subscriptions_of(&directory)
                .map(|s| s.iter().map(|id| id.to_string()).collect())
                .or_throw(&env)
        })
    }

    /// One subscription: kind, directory, owner, administrators.
    #[napi(ts_args_type = "options: SubscriptionArgs")]
    pub fn subscription(&self, env: Env, options: Unknown) -> Result<Subscription> {
        error::guarded(&env, || {
            let SubscriptionArgs { subscription } =
                error::options(&env, "subscription", options, &["subscription"])?;
            read(&self.inner)?
                .subscription(&subscription)
                .map(Subscription::of)
                .or_throw(&env)
        })
    }

    /// The RBAC role assignments of a subscription.
    #[napi(ts_args_type = "options: SubscriptionArgs")]
    pub fn role_assignments(&self, env: Env, options: Unknown) -> Result<Vec<RoleAssignment>> {
        error::guarded(&env, || {
            let SubscriptionArgs { subscription } =
                error::options(&env, "role_assignments", options, &["subscription"])?;
            let t = read(&self.inner)?;
            t.role_assignments(&subscription)
                .map(|l| l.into_iter().map(RoleAssignment::of).collect())
                .or_throw(&env)
        })
    }

    /// Who can manage a subscription, and why.
    #[napi(ts_args_type = "options: SubscriptionArgs")]
    pub fn who_can_manage(&self, env: Env, options: Unknown) -> Result<Vec<Manager>> {
        error::guarded(&env, || {
            let SubscriptionArgs { subscription } =
                error::options(&env, "who_can_manage", options, &["subscription"])?;
            let t = read(&self.inner)?;
            t.who_can_manage(&subscription)
                .map(|l| l.into_iter().map(Manager::of).collect())
                .or_throw(&env)
        })
    }

    /// Whether a principal may perform an ARM action at a scope, and
    /// through what.
    #[napi(ts_args_type = "options: PermissionArgs")]
    pub fn can_perform(&self, env: Env, options: Unknown) -> Result<Permission> {
        error::guarded(&env, || {
            let PermissionArgs {
                principal,
                action,
                scope,
            } = error::options(
                &env,
                "can_perform",
                options,
                &["principal", "action", "scope"],
            )?;
            let t = read(&self.inner)?;
            t.can_perform(&principal, &action, &scope)
                .map(Permission::of)
                .or_throw(&env)
        })
    }

    /// A directory's subscription policy.
    #[napi(ts_args_type = "options: DirectoryArgs")]
    pub fn subscription_policy(&self, env: Env, options: Unknown) -> Result<SubscriptionPolicy> {
        error::guarded(&env, || {
            let DirectoryArgs { directory } =
                error::options(&env, "subscription_policy", options, &["directory"])?;
            let t = read(&self.inner)?;
            t.subscription_policy(&directory)
                .map(SubscriptionPolicy::of)
                .or_throw(&env)
        })
    }

    /// The Azure subscriptions trusting a directory that nobody can manage.
    #[napi(ts_args_type = "options: DirectoryArgs")]
    pub fn orphaned_subscriptions(&self, env: Env, options: Unknown) -> Result<Vec<String>> {
        error::guarded(&env, || {
            let DirectoryArgs { directory } =
                error::options(&env, "orphaned_subscriptions", options, &["directory"])?;
            let t = read(&self.inner)?;
            t.orphaned_subscriptions(&directory)
                .map(|s| s.iter().map(|id| id.to_string()).collect())
                .or_throw(&env)
        })
    }

    /// A group's members, direct or (with `transitive`) through nested groups.
    #[napi(ts_args_type = "options: GroupArgs")]
    pub fn group_members(&self, env: Env, options: Unknown) -> Result<Vec<String>> {
        error::guarded(&env, || {
            let GroupArgs { group, transitive } =
                error::options(&env, "group_members", options, &["group", "transitive"])?;
            let t = read(&self.inner)?;
            t.group_members(&group, transitive.unwrap_or(false))
                .map(|l| l.iter().map(|n| n.to_string()).collect())
                .or_throw(&env)
        })
    }

    /// What moving a subscription to another directory would do: what
    /// blocks it, who can make it, its effects, and every object it
    /// affects, row by row as Microsoft's impact table gives them.
    #[napi(ts_args_type = "options: MoveArgs")]
    pub fn move_impact(&self, env: Env, options: Unknown) -> Result<MoveImpact> {
        error::guarded(&env, || {
            let MoveArgs {
                subscription,
                directory,
            } = error::options(&env, "move_impact", options, &["subscription", "directory"])?;
            read(&self.inner)?
                .move_impact(&subscription, &directory)
                .map(MoveImpact::of)
                .or_throw(&env)
        })
    }

    /// What a move to any directory does to the subscription's own
    /// objects, whoever moves it (managed identities, resources by type,
    /// billing ownership), row by row: `moveImpact()`'s rows that depend on
    /// neither the target nor the mover. An Office 365 subscription throws
    /// (it does not move).
    #[napi(ts_args_type = "options: SubscriptionArgs")]
    pub fn move_inventory(&self, env: Env, options: Unknown) -> Result<Vec<ImpactRow>> {
        error::guarded(&env, || {
            let SubscriptionArgs { subscription } =
                error::options(&env, "move_inventory", options, &["subscription"])?;
            read(&self.inner)?
                .move_inventory(&subscription)
                .map(|rows| rows.into_iter().map(ImpactRow::of).collect())
                .or_throw(&env)
        })
    }

    /// The operations that re-create in the target directory what the
    /// move deletes, and what cannot be mapped and why.
    #[napi(ts_args_type = "options: MoveArgs")]
    pub fn restore_plan(&self, env: Env, options: Unknown) -> Result<RestorePlan> {
        error::guarded(&env, || {
            let MoveArgs {
                subscription,
                directory,
            } = error::options(
                &env,
                "restore_plan",
                options,
                &["subscription", "directory"],
            )?;
            read(&self.inner)?
                .restore_plan(&subscription, &directory)
                .map(RestorePlan::of)
                .or_throw(&env)
        })
    }

    /// What changed from this tenancy (before) to `after`: who gained or
    /// lost the ability to manage which subscription first, then every
    /// object added, removed or changed.
    #[napi]
    pub fn diff(&self, env: Env, after: &Tenancy) -> Result<Diff> {
        error::guarded(&env, || {
            let before = read(&self.inner)?;
            if Rc::ptr_eq(&self.inner, &after.inner) {
                return Ok(Diff::of(before.diff(&before)));
            }
            Ok(Diff::of(before.diff(&*read(&after.inner)?)))
        })
    }

    /// What the retirement of the classic administrators changes: who
    /// became an Owner, and each operation the profiles decide differently.
    #[napi]
    pub fn retirement_report(&self, env: Env) -> Result<RetirementReport> {
        error::guarded(&env, || {
            Ok(RetirementReport::of(read(&self.inner)?.retirement_report()))
        })
    }

    /// The subscriptions a Partner Center account's storefront lists.
    #[napi(ts_args_type = "options: PartnerArgs")]
    pub fn storefront(&self, env: Env, options: Unknown) -> Result<Vec<String>> {
        error::guarded(&env, || {
            let PartnerArgs { partner } =
                error::options(&env, "storefront", options, &["partner"])?;
            let t = read(&self.inner)?;
            t.storefront(&partner)
                .map(|s| s.iter().map(|id| id.to_string()).collect())
                .or_throw(&env)
        })
    }

    /// The subscriptions an account administers, with its classic roles.
    #[napi(ts_args_type = "options: AccountArgs")]
    pub fn administered_by(&self, env: Env, options: Unknown) -> Result<Vec<Administered>> {
        error::guarded(&env, || {
            let AccountArgs { account } =
                error::options(&env, "administered_by", options, &["account"])?;
            let t = read(&self.inner)?;
            t.administered_by(&account)
                .map(|l| l.into_iter().map(Administered::of).collect())
                .or_throw(&env)
        })
    }

    /// A directory's facts.
    #[napi(ts_args_type = "options: DirectoryArgs")]
    pub fn directory(&self, env: Env, options: Unknown) -> Result<Directory> {
        error::guarded(&env, || {
            let DirectoryArgs { directory } =
                error::options(&env, "directory", options, &["directory"])?;
            read(&self.inner)?
                .directory(&directory)
                .map(Directory::of)
                .or_throw(&env)
        })
    }

    /// An account's facts.
    #[napi(ts_args_type = "options: AccountArgs")]
    pub fn account(&self, env: Env, options: Unknown) -> Result<Account> {
        error::guarded(&env, || {
            let AccountArgs { account } = error::options(&env, "account", options, &["account"])?;
            read(&self.inner)?
                .account(&account)
                .map(Account::of)
                .or_throw(&env)
        })
    }

    /// Every directory, oldest first.
    #[napi]
    pub fn directories(&self, env: Env) -> Result<Vec<Directory>> {
        error::guarded(&env, || {
            Ok(read(&self.inner)?
                .directories()
                .map(Directory::of)
                .collect())
        })
    }

    /// Every account, oldest first.
    #[napi]
    pub fn accounts(&self, env: Env) -> Result<Vec<Account>> {
        error::guarded(&env, || {
            Ok(read(&self.inner)?.accounts().map(Account::of).collect())
        })
    }

    /// Every subscription, oldest first.
    #[napi]
    pub fn subscriptions(&self, env: Env) -> Result<Vec<Subscription>> {
        error::guarded(&env, || {
            Ok(read(&self.inner)?
                .subscriptions()
                .map(Subscription::of)
                .collect())
        })
    }

    /// Every Partner Center account's name.
    #[napi]
    pub fn partners(&self, env: Env) -> Result<Vec<String>> {
        error::guarded(&env, || {
            Ok(read(&self.inner)?.partners().map(str::to_owned).collect())
        })
    }

    /// A one-line summary: `Tenancy(3 directories, …)`.
    #[napi(js_name = "toString")]
    pub fn summary(&self, env: Env) -> Result<String> {
        error::guarded(&env, || Ok(read(&self.inner)?.to_string()))
    }
}

/// Writes one self-contained HTML page of who can manage what in
/// `tenancy` (tenantry-report, as `tenantry report` does) to `path`,
/// atomically. Throws a `TenantryError` with code `IO_ERROR` if it cannot
/// be written.
#[napi(ts_args_type = "tenancy: Tenancy, path: string")]
pub fn report(env: Env, tenancy: &Tenancy, path: Unknown) -> Result<()> {
    error::guarded(&env, || {
        let path = string(&env, "report", path)?;
        let t = read(&tenancy.inner)?;
        tenantry_report::write(&t, std::path::Path::new(&path)).or_throw(&env)
    })
}

/// Panics inside core, deliberately, through the same guard as every
/// method: for the tests that show a panic reaches JavaScript as a
/// `TenantryError` with code `INTERNAL` and Node lives on.
#[napi(js_name = "_panicForTests", skip_typescript)]
pub fn panic_for_tests(env: Env) -> Result<()> {
    error::guarded(&env, || tenantry::panic_for_tests().or_throw(&env))
}

/// Registers `TenantryError`, `CODES`, `SNAPSHOT_VERSION` and `NAME_KEYS`
/// beside the classes.
#[napi(module_exports)]
pub fn init(mut exports: Object, env: Env) -> Result<()> {
    let class = error::define_class(&env)?;
    exports.set("TenantryError", class)?;
    exports.set(
        "CODES",
        tenantry::CODES
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
    )?;
    exports.set("SNAPSHOT_VERSION", tenantry::SNAPSHOT_VERSION)?;
    exports.set(
        "NAME_KEYS",
        tenantry::scenario::NAME_KEYS
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}
