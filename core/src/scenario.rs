//! Runs conformance scenarios (FORMAT.md) against a [`Tenancy`].
//!
//! A scenario drives the model through `do`, `plan` and `expect` steps.
//! A step the runner cannot read (unknown operation or query, a missing or
//! unknown argument, an unbound `$name`) fails the scenario with
//! `INVALID_SCENARIO`, naming the step; so does a file that is not a
//! scenario at all. Nothing here panics on bad input.
//!
//! Beyond FORMAT.md, an `expect` step may carry `error` (the query must
//! fail with that code), and four more queries are understood:
//! `administered_by {account}`, `directory {directory}`, `account
//! {account}` and `events {}` (the event log, compared in order).
//!
//! Expected values are compared as FORMAT.md says: objects on the keys they
//! name, lists as multisets, and names (sign-in names, e-mail addresses,
//! domains, ids: the strings under [`NAME_KEYS`]) case-insensitively; every
//! other string exactly.

use crate::error::{Error, CODES};
use crate::model::Profile;
use crate::ops::Operation;
use crate::tenancy::Tenancy;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The seed of every scenario's id source, so runs are reproducible.
pub const SCENARIO_SEED: u64 = 0x007e_4a47;

/// Where answers and effects hold names, which compare case-insensitively
/// (DESIGN §2: sign-in names, e-mail addresses and domains; ids and
/// resource groups too): the keys whose strings (or lists of strings) are
/// names, and the queries whose whole answer is a list of names. Every
/// binding's scenario runner reads this list rather than keeping its own.
pub const NAME_KEYS: &[&str] = &[
    // keys of answers and effects
    "account",
    "account_administrator",
    "co_administrators",
    "default_directory",
    "directory",
    "domain",
    "elevated",
    "exempted",
    "from",
    "gdap",
    "group",
    "home",
    "id",
    "initial_domain",
    "lighthouse",
    "management_group",
    "member",
    "parent",
    "partner",
    "principal",
    "resource",
    "resource_type",
    "scope",
    "service_administrator",
    "subscription",
    "target",
    "to",
    "user",
    "verified_domains",
    // queries that answer with a list of names
    "directories_of",
    "group_members",
    "orphaned_subscriptions",
    "storefront",
    "subscriptions_of",
    "users_of",
];

/// How one scenario went.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file, when run from one.
    pub path: Option<PathBuf>,
    /// The scenario's name, or the file name if unreadable.
    pub scenario: String,
    /// How many steps passed.
    pub steps_passed: usize,
    /// `None` if every step passed.
    pub failure: Option<Failure>,
}

/// Why a scenario failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The step (1-based), or `None` when the file itself is at fault.
    pub step: Option<usize>,
    /// A short description of the step, e.g. `do add_user as jane@…`.
    pub what: String,
    /// Why it failed.
    pub reason: String,
    /// Whether the scenario could not be read (`INVALID_SCENARIO`) rather
    /// than the model behaving otherwise than expected.
    pub invalid: bool,
}

impl Report {
    /// Whether every step passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.invalid {
            f.write_str("INVALID_SCENARIO: ")?;
        }
        match self.step {
            Some(n) => write!(f, "step {n} ({}): {}", self.what, self.reason),
            None => write!(f, "{}", self.reason),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self
            .path
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match &self.failure {
            None => write!(
                f,
                "passed  {file}: {} ({} steps)",
                self.scenario, self.steps_passed
            ),
            Some(fail) => write!(f, "FAILED  {file}: {} — {fail}", self.scenario),
        }
    }
}

/// Expands files and directories (their `*.json` files, sorted) into the
/// list of scenario files; a path that does not exist is kept, so running
/// it reports why.
pub fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|f| f.extension().is_some_and(|x| x == "json") && f.is_file())
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Runs a scenario file.
pub fn run_file(path: &Path) -> Report {
    play_file(path).0
}

/// Runs a scenario file and keeps the tenancy its steps built, as
/// [`play`] does; an unreadable file is a failed report (`invalid`) and an
/// empty tenancy.
pub fn play_file(path: &Path) -> (Report, Tenancy) {
    let fallback = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let (mut report, t) = match std::fs::read(path) {
        Err(e) => (
            invalid_file(fallback, format!("cannot read {}: {e}", path.display())),
            Tenancy::new(),
        ),
        Ok(bytes) => match String::from_utf8(bytes) {
            Err(e) => (
                invalid_file(
                    fallback,
                    format!(
                        "not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                ),
                Tenancy::new(),
            ),
            Ok(text) => play_named(&text, fallback),
        },
    };
    report.path = Some(path.to_path_buf());
    (report, t)
}

/// Runs a scenario given as JSON text.
pub fn run(json: &str) -> Report {
    run_named(json, "<scenario>".into())
}

/// Runs a scenario given as JSON text and keeps the tenancy its steps
/// built: up to the failing step when one fails (the report says which),
/// empty when the scenario cannot be read. An emulator serves what a
/// scenario builds this way.
pub fn play(json: &str) -> (Report, Tenancy) {
    play_named(json, "<scenario>".into())
}

fn invalid_file(scenario: String, reason: String) -> Report {
    Report {
        path: None,
        scenario,
        steps_passed: 0,
        failure: Some(Failure {
            step: None,
            what: String::new(),
            reason,
            invalid: true,
        }),
    }
}

fn run_named(json: &str, fallback: String) -> Report {
    play_named(json, fallback).0
}

fn play_named(json: &str, fallback: String) -> (Report, Tenancy) {
    let doc: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            let report = invalid_file(fallback, format!("not valid JSON: {e}"));
            return (report, Tenancy::new());
        }
    };
    let header = match read_header(&doc) {
        Ok(h) => h,
        Err(reason) => return (invalid_file(fallback, reason), Tenancy::new()),
    };
    let mut runner = Runner {
        t: Tenancy::with_seed(SCENARIO_SEED).with_profile(header.profile),
        bound: HashMap::new(),
    };
    let mut passed = 0;
    for (i, step) in header.steps.iter().enumerate() {
        if let Err(failure) = runner.step(step, i + 1) {
            let report = Report {
                path: None,
                scenario: header.name,
                steps_passed: passed,
                failure: Some(failure),
            };
            return (report, runner.t);
        }
        passed += 1;
    }
    let report = Report {
        path: None,
        scenario: header.name,
        steps_passed: passed,
        failure: None,
    };
    (report, runner.t)
}

struct Header<'a> {
    name: String,
    profile: Profile,
    steps: &'a [Value],
}

fn read_header(doc: &Value) -> Result<Header<'_>, String> {
    let obj = doc.as_object().ok_or("a scenario is a JSON object")?;
    for key in obj.keys() {
        if !["format", "scenario", "source", "profile", "steps"].contains(&key.as_str()) {
            return Err(format!("unknown top-level key '{key}'"));
        }
    }
    match obj.get("format") {
        Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
        other => return Err(format!("\"format\" must be 1, found {}", show(other))),
    }
    let name = obj
        .get("scenario")
        .and_then(Value::as_str)
        .ok_or("\"scenario\" (its name, a string) is missing")?
        .to_owned();
    let steps = obj
        .get("steps")
        .and_then(Value::as_array)
        .ok_or("\"steps\" (a list) is missing")?;
    let profile = match obj.get("profile") {
        None => Profile::default(),
        Some(v) => profile_of(v)?,
    };
    Ok(Header {
        name,
        profile,
        steps,
    })
}

/// A profile as a scenario writes it: `"classic"` or `"current"`.
fn profile_of(v: &Value) -> Result<Profile, String> {
    v.as_str()
        .ok_or_else(|| format!("\"profile\" must be \"classic\" or \"current\", found {v}"))?
        .parse()
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "nothing".into(), |v| v.to_string())
}

struct Runner {
    t: Tenancy,
    bound: HashMap<String, String>,
}

/// A step's failure, before the step number is attached.
enum StepError {
    Invalid(String),
    Failed(String),
}

use StepError::{Failed, Invalid};

impl Runner {
    fn step(&mut self, step: &Value, n: usize) -> Result<(), Failure> {
        let what = describe(step);
        self.run_step(step).map_err(|e| {
            let (reason, invalid) = match e {
                Invalid(r) => (r, true),
                Failed(r) => (r, false),
            };
            Failure {
                step: Some(n),
                what,
                reason,
                invalid,
            }
        })
    }

    fn run_step(&mut self, step: &Value) -> Result<(), StepError> {
        let obj = step
            .as_object()
            .ok_or(Invalid("a step is a JSON object".into()))?;
        let kinds: Vec<&str> = ["do", "plan", "expect", "profile"]
            .into_iter()
            .filter(|k| obj.contains_key(*k))
            .collect();
        let allowed: &[&str] = match kinds.as_slice() {
            ["do"] => &["do", "as", "args", "bind", "error"],
            ["plan"] => &["plan", "as", "args", "effects", "error"],
            ["expect"] => &["expect", "args", "equals", "error"],
            ["profile"] => &["profile"],
            _ => {
                return Err(Invalid(
                    "a step has exactly one of \"do\", \"plan\", \"expect\" or \"profile\"".into(),
                ))
            }
        };
        if let Some(key) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(Invalid(format!("unknown key '{key}'")));
        }
        let error = match obj.get("error") {
            None => None,
            Some(Value::String(code)) if CODES.contains(&code.as_str()) => Some(code.as_str()),
            Some(other) => {
                return Err(Invalid(format!(
                    "\"error\" {other} is not an error code of FORMAT.md"
                )))
            }
        };
        if let Some(profile) = obj.get("profile") {
            let profile = profile_of(profile).map_err(Invalid)?;
            self.t = self.t.with_profile(profile);
            return Ok(());
        }
        if let Some(op) = obj.get("do") {
            return self.do_step(obj, op, error);
        }
        if let Some(op) = obj.get("plan") {
            return self.plan_step(obj, op, error);
        }
        let query = obj
            .get("expect")
            .and_then(Value::as_str)
            .ok_or(Invalid("\"expect\" names a query".into()))?;
        self.expect_step(obj, query, error)
    }

    fn operation(&self, obj: &Map<String, Value>, key: &str) -> Result<Operation, StepError> {
        let name = obj
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| Invalid(format!("\"{key}\" names an operation")))?;
        if !Operation::NAMES.contains(&name) {
            return Err(Invalid(format!("unknown operation '{name}'")));
        }
        let mut args = match obj.get("args") {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(other) => {
                return Err(Invalid(format!(
                    "\"args\" must be an object, found {other}"
                )))
            }
        };
        self.substitute_map(&mut args)?;
        if let Some(actor) = obj.get("as") {
            if !Operation::takes_actor(name) {
                return Err(Invalid(format!(
                    "\"as\": {name} is done without a signed-in account"
                )));
            }
            let actor = actor
                .as_str()
                .ok_or(Invalid("\"as\" must be an account reference".into()))?;
            args.insert("actor".into(), Value::String(actor.to_owned()));
        }
        build_operation(name, args).map_err(Invalid)
    }

    fn do_step(
        &mut self,
        obj: &Map<String, Value>,
        _: &Value,
        error: Option<&str>,
    ) -> Result<(), StepError> {
        let op = self.operation(obj, "do")?;
        let bind = match obj.get("bind") {
            None => None,
            Some(Value::String(name)) => Some(name.clone()),
            Some(other) => return Err(Invalid(format!("\"bind\" must be a name, found {other}"))),
        };
        let before = error.map(|_| self.t.to_json());
        match (self.t.apply(&op), error) {
            (Ok(outcome), None) => {
                if let Some(name) = bind {
                    let sub = outcome.subscription.ok_or_else(|| {
                        Invalid(format!(
                            "\"bind\": {} creates no subscription to bind",
                            op.name()
                        ))
                    })?;
                    self.bound.insert(name, sub.to_string());
                }
                Ok(())
            }
            (Ok(_), Some(code)) => Err(Failed(format!("expected {code}, but it was applied"))),
            (Err(e), None) => Err(Failed(refused(&e))),
            (Err(e), Some(code)) if e.code() != code => {
                Err(Failed(format!("expected {code}, but {}", refused(&e))))
            }
            (Err(_), Some(code)) => {
                if before.as_deref() != Some(self.t.to_json().as_str()) {
                    return Err(Failed(format!(
                        "refused with {code} as expected, but the state changed"
                    )));
                }
                Ok(())
            }
        }
    }

    fn plan_step(
        &mut self,
        obj: &Map<String, Value>,
        _: &Value,
        error: Option<&str>,
    ) -> Result<(), StepError> {
        let op = self.operation(obj, "plan")?;
        let expected = match (obj.get("effects"), error) {
            (Some(Value::Array(list)), None) => Some(self.substitute(&Value::Array(list.clone()))?),
            (None, Some(_)) => None,
            _ => {
                return Err(Invalid(
                    "a plan step has either \"effects\" (a list) or \"error\"".into(),
                ))
            }
        };
        match (self.t.plan(&op), error, expected) {
            (Ok(outcome), None, Some(expected)) => {
                let actual =
                    serde_json::to_value(&outcome.effects).map_err(|e| Failed(e.to_string()))?;
                compare(&expected, &actual, "effects")
                    .map_err(|why| Failed(format!("{why}; the plan was {actual}")))
            }
            (Ok(_), Some(code), _) => {
                Err(Failed(format!("expected {code}, but the plan succeeded")))
            }
            (Err(e), Some(code), _) if e.code() == code => Ok(()),
            (Err(e), Some(code), _) => Err(Failed(format!("expected {code}, but {}", refused(&e)))),
            (Err(e), None, _) => Err(Failed(refused(&e))),
            (Ok(_), None, None) => Err(Invalid("a plan step has \"effects\" or \"error\"".into())),
        }
    }

    fn expect_step(
        &mut self,
        obj: &Map<String, Value>,
        query: &str,
        error: Option<&str>,
    ) -> Result<(), StepError> {
        let mut args = match obj.get("args") {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(other) => {
                return Err(Invalid(format!(
                    "\"args\" must be an object, found {other}"
                )))
            }
        };
        // `can` carries an operation's arguments, substituted with the rest.
        self.substitute_map(&mut args)?;
        let answer = self.query(query, &args)?;
        match (answer, error) {
            (Ok(actual), None) => {
                let expected = obj.get("equals").ok_or(Invalid(
                    "an expect step has \"equals\" (or \"error\")".into(),
                ))?;
                let expected = self.substitute(expected)?;
                let order = if query == "events" {
                    Order::InOrder
                } else {
                    Order::AsSet
                };
                compare_with(&expected, &actual, query, order, names_at(query))
                    .map_err(|why| Failed(format!("{why}; the answer was {actual}")))
            }
            (Ok(actual), Some(code)) => Err(Failed(format!(
                "expected {code}, but the answer was {actual}"
            ))),
            (Err(e), Some(code)) if e.code() == code => Ok(()),
            (Err(e), _) => Err(Failed(format!("the query failed: {} ({})", e, e.code()))),
        }
    }

    fn query(
        &self,
        query: &str,
        args: &Map<String, Value>,
    ) -> Result<Result<Value, Error>, StepError> {
        let t = &self.t;
        let a = Args(args);
        // A query whose arguments are all strings, named as its parameters.
        macro_rules! ask {
            ($method:ident($($key:literal),*)) => {{
                a.only(&[$($key),*])?;
                t.$method($(a.get($key)?),*).map(to_json)
            }};
        }
        Ok(match query {
            "directories_of" => ask!(directories_of("account")),
            "users_of" => ask!(users_of("directory")),
            "user" => ask!(user("directory", "account")),
            "organizational_role" => ask!(organizational_role("directory", "account")),
            "subscriptions_of" => ask!(subscriptions_of("directory")),
            "subscription" => ask!(subscription("subscription")),
            "role_assignments" => ask!(role_assignments("subscription")),
            "who_can_manage" => ask!(who_can_manage("subscription")),
            "storefront" => ask!(storefront("partner")),
            "administered_by" => ask!(administered_by("account")),
            "directory" => ask!(directory("directory")),
            "account" => ask!(account("account")),
            "subscription_policy" => ask!(subscription_policy("directory")),
            "orphaned_subscriptions" => ask!(orphaned_subscriptions("directory")),
            "can_perform" => ask!(can_perform("principal", "action", "scope")),
            "move_impact" => ask!(move_impact("subscription", "directory")),
            "restore_plan" => ask!(restore_plan("subscription", "directory")),
            "group_members" => {
                a.only(&["group", "transitive"])?;
                let transitive = match args.get("transitive") {
                    None => false,
                    Some(Value::Bool(b)) => *b,
                    Some(other) => {
                        return Err(Invalid(format!(
                            "argument 'transitive' must be true or false, found {other}"
                        )))
                    }
                };
                t.group_members(a.get("group")?, transitive).map(to_json)
            }
            "retirement_report" => {
                a.only(&[])?;
                Ok(to_json(t.retirement_report()))
            }
            "events" => {
                a.only(&[])?;
                Ok(to_json(t.events().collect::<Vec<_>>()))
            }
            "can" => {
                a.only(&["account", "action", "args"])?;
                let account = a.get("account")?;
                let action = a.get("action")?;
                if !Operation::NAMES.contains(&action) {
                    return Err(Invalid(format!("unknown operation '{action}'")));
                }
                let mut op_args = match args.get("args") {
                    None => Map::new(),
                    Some(Value::Object(m)) => m.clone(),
                    Some(other) => {
                        return Err(Invalid(format!(
                            "\"args\" of can must be an object, found {other}"
                        )))
                    }
                };
                op_args.insert("actor".into(), Value::String(account.to_owned()));
                let op = build_operation(action, op_args).map_err(Invalid)?;
                Ok(to_json(t.can(&op)))
            }
            other => return Err(Invalid(format!("unknown query '{other}'"))),
        })
    }

    fn substitute(&self, v: &Value) -> Result<Value, StepError> {
        Ok(match v {
            Value::String(s) => Value::String(self.resolve(s)?),
            Value::Array(list) => Value::Array(
                list.iter()
                    .map(|x| self.substitute(x))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(m) => {
                let mut m = m.clone();
                self.substitute_map(&mut m)?;
                Value::Object(m)
            }
            other => other.clone(),
        })
    }

    fn substitute_map(&self, m: &mut Map<String, Value>) -> Result<(), StepError> {
        for v in m.values_mut() {
            *v = self.substitute(v)?;
        }
        Ok(())
    }

    /// A string with every `$name` replaced by what an earlier step bound
    /// to it: the whole string (`"$azure"`) or inside one
    /// (`"/subscriptions/$azure/resourceGroups/web"`).
    fn resolve(&self, s: &str) -> Result<String, StepError> {
        if !s.contains('$') {
            return Ok(s.to_owned());
        }
        let mut out = String::with_capacity(s.len() + 36);
        let mut rest = s;
        while let Some(at) = rest.find('$') {
            out.push_str(rest.get(..at).unwrap_or_default());
            let after = rest.get(at + 1..).unwrap_or_default();
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(after.len());
            let name = after.get(..len).unwrap_or_default();
            if name.is_empty() {
                out.push('$');
            } else {
                let value = self
                    .bound
                    .get(name)
                    .ok_or_else(|| Invalid(format!("${name} is not bound by an earlier step")))?;
                out.push_str(value);
            }
            rest = after.get(len..).unwrap_or_default();
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// An answer as JSON; serializing the library's own answer types cannot
/// fail (string keys, no non-finite floats).
fn to_json<T: serde::Serialize>(answer: T) -> Value {
    serde_json::to_value(answer).unwrap_or(Value::Null)
}

/// The arguments of a query.
struct Args<'a>(&'a Map<String, Value>);

impl Args<'_> {
    fn get(&self, key: &str) -> Result<&str, StepError> {
        match self.0.get(key) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(Invalid(format!(
                "argument '{key}' must be a string, found {other}"
            ))),
            None => Err(Invalid(format!("missing argument '{key}'"))),
        }
    }

    fn only(&self, keys: &[&str]) -> Result<(), StepError> {
        match self.0.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(k) => Err(Invalid(format!("unknown argument '{k}'"))),
            None => Ok(()),
        }
    }
}

/// Builds an operation from FORMAT.md's name and arguments (`actor` for
/// `as`). The error says which argument is missing, unknown or mistyped.
pub fn build_operation(name: &str, args: Map<String, Value>) -> Result<Operation, String> {
    let doc = serde_json::json!({ "op": name, "args": Value::Object(args) });
    serde_json::from_value(doc).map_err(|e| format!("{name}: {e}"))
}

fn refused(e: &Error) -> String {
    format!("it was refused with {}: {}", e.code(), e)
}

fn describe(step: &Value) -> String {
    let get = |k: &str| step.get(k).and_then(Value::as_str);
    let mut out = match (get("do"), get("plan"), get("expect")) {
        (Some(op), _, _) => format!("do {op}"),
        (_, Some(op), _) => format!("plan {op}"),
        (_, _, Some(q)) => format!("expect {q}"),
        _ => "step".into(),
    };
    if let Some(actor) = get("as") {
        out.push_str(" as ");
        out.push_str(actor);
    }
    out
}

/// Compares an expected value with an answer: objects on the keys the
/// expected one names, lists as multisets, names (under [`NAME_KEYS`])
/// ignoring case, other scalars exactly.
pub fn compare(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    compare_with(expected, actual, at, Order::AsSet, names_at(at))
}

/// How a list is compared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    AsSet,
    InOrder,
}

/// Whether strings under this key (or query) are names.
fn names_at(key: &str) -> bool {
    NAME_KEYS.contains(&key)
}

fn compare_with(
    expected: &Value,
    actual: &Value,
    at: &str,
    order: Order,
    names: bool,
) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let path = format!("{at}.{k}");
                match a.get(k) {
                    Some(av) => compare_with(ev, av, &path, Order::AsSet, names_at(k))?,
                    None if ev.is_null() => {}
                    None => return Err(format!("{path} is missing")),
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{at}: expected {} items, found {}",
                    e.len(),
                    a.len()
                ));
            }
            if order == Order::InOrder {
                for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                    compare_with(ev, av, &format!("{at}[{i}]"), Order::AsSet, names)?;
                }
                return Ok(());
            }
            let mut used = vec![false; a.len()];
            for ev in e {
                let found = a.iter().enumerate().position(|(i, av)| {
                    !used.get(i).copied().unwrap_or(true)
                        && compare_with(ev, av, at, Order::AsSet, names).is_ok()
                });
                match found.and_then(|i| used.get_mut(i)) {
                    Some(slot) => *slot = true,
                    None => return Err(format!("{at}: {ev} is not among the items")),
                }
            }
            Ok(())
        }
        (Value::String(e), Value::String(a)) if names && e.eq_ignore_ascii_case(a) => Ok(()),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{at}: expected {e}, found {a}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compare_is_partial_on_objects_and_unordered_on_lists() {
        assert!(compare(&json!({"a": 1}), &json!({"a": 1, "b": 2}), "x").is_ok());
        assert!(compare(&json!({"a": 1, "c": 3}), &json!({"a": 1}), "x").is_err());
        assert!(compare(&json!([1, 2, 2]), &json!([2, 1, 2]), "x").is_ok());
        assert!(compare(&json!([1, 1, 2]), &json!([2, 1, 2]), "x").is_err());
        assert!(compare(&json!([1]), &json!([1, 1]), "x").is_err());
        assert!(compare_with(&json!([1, 2]), &json!([2, 1]), "x", Order::InOrder, false).is_err());
    }

    #[test]
    fn every_effect_field_but_kinds_roles_and_flags_is_a_name() {
        macro_rules! fields {
            ($(
                $(#[doc = $doc:literal])*
                $name:ident $variant:ident { $($field:ident),* }
                    optional { $($opt:ident),* } flags { $($flag:ident),* }
            )*) => {
                [$($(stringify!($field),)* $(stringify!($opt),)*)*]
            };
        }
        for field in crate::for_each_effect!(fields) {
            let vocabulary = matches!(field, "kind" | "role" | "condition");
            assert_eq!(NAME_KEYS.contains(&field), !vocabulary, "{field}");
        }
    }

    #[test]
    fn names_compare_ignoring_case_and_nothing_else_does() {
        let answer = json!({"account": "msa:Sam@Northwind.com", "kind": "microsoft",
                            "verified_domains": ["Contoso.COM"], "name": "Sam"});
        assert!(compare(&json!({"account": "msa:sam@northwind.com"}), &answer, "x").is_ok());
        assert!(compare(&json!({"verified_domains": ["contoso.com"]}), &answer, "x").is_ok());
        assert!(compare(&json!({"kind": "Microsoft"}), &answer, "x").is_err());
        assert!(compare(&json!({"name": "sam"}), &answer, "x").is_err());
        let users = json!(["admin@Contoso.onmicrosoft.com"]);
        assert!(compare(
            &json!(["ADMIN@contoso.onmicrosoft.com"]),
            &users,
            "users_of"
        )
        .is_ok());
        assert!(compare(&json!(["ADMIN@contoso.onmicrosoft.com"]), &users, "x").is_err());
    }

    #[test]
    fn unreadable_scenarios_are_invalid_not_panics() {
        for text in [
            "",
            "{",
            "[]",
            "{\"format\": 2, \"scenario\": \"x\", \"steps\": []}",
            "\u{0}\u{1}",
        ] {
            let r = run(text);
            assert!(
                r.failure.as_ref().is_some_and(|f| f.invalid),
                "{text:?}: {r}"
            );
        }
        let r = run(r#"{"format":1,"scenario":"x","steps":[{"do":"fly","args":{}}]}"#);
        let f = r.failure.as_ref();
        assert!(
            f.is_some_and(|f| f.invalid && f.step == Some(1) && f.reason.contains("fly")),
            "{r}"
        );
        let r = run(
            r#"{"format":1,"scenario":"x","steps":[{"expect":"subscription","args":{"subscription":"$nope"},"equals":{}}]}"#,
        );
        assert!(
            r.failure
                .as_ref()
                .is_some_and(|f| f.invalid && f.reason.contains("$nope")),
            "{r}"
        );
    }
}
