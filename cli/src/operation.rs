//! An operation on the command line: one clap subcommand per operation of
//! core's table ([`tenantry::Operation::NAMES`]), its options built from
//! [`tenantry::Operation::arguments`] — FORMAT.md's names (`--domain_prefix`,
//! also `--domain-prefix`), the actor as `--as` — so that `--help`, the
//! errors and the shell completions list exactly what core takes.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command, FromArgMatches, Subcommand};
use serde_json::{Map, Value};
use tenantry::ops::{Argument, ArgumentKind};
use tenantry::Operation;

/// The operation named on the command line and its arguments, as
/// FORMAT.md's `args` object (the actor under `actor`).
#[derive(Debug, Clone)]
pub(crate) struct OperationCall {
    /// FORMAT.md's name of the operation.
    pub(crate) name: &'static str,
    /// Its arguments as given.
    pub(crate) args: Map<String, Value>,
}

impl OperationCall {
    /// The operation, with `actor` as its signed-in account if given (the
    /// `can` command's ACCOUNT). Missing, unknown or mistyped arguments are
    /// bad usage, said in FORMAT.md's terms.
    pub(crate) fn build(&self, actor: Option<&str>) -> Result<Operation, String> {
        let mut args = self.args.clone();
        if let Some(actor) = actor {
            if !Operation::takes_actor(self.name) {
                return Err(format!(
                    "{} is done by no signed-in account, so `can` does not apply: ask `tenantry plan` whether it would succeed",
                    self.name
                ));
            }
            match args.get("actor").and_then(Value::as_str) {
                Some(given) if !given.eq_ignore_ascii_case(actor) => {
                    return Err(format!(
                        "--as {given} and ACCOUNT {actor} disagree: give the account once"
                    ))
                }
                _ => {
                    args.insert("actor".into(), Value::String(actor.into()));
                }
            }
        } else if Operation::takes_actor(self.name) && !args.contains_key("actor") {
            return Err(format!(
                "{} is done by a signed-in account: give it with --as ACCOUNT",
                self.name
            ));
        }
        tenantry::scenario::build_operation(self.name, args)
    }
}

/// The option of an argument: `--as` for the actor, else its FORMAT.md
/// name.
fn long_name(arg: &Argument) -> &'static str {
    match arg.name {
        "actor" => "as",
        name => name,
    }
}

fn option(arg: &Argument) -> Arg {
    let long = long_name(arg);
    let doc: Vec<&str> = arg.doc.lines().map(str::trim).collect();
    let mut a = Arg::new(arg.name)
        .long(long)
        .help(doc.join(" "))
        // The actor may come as the `can` command's ACCOUNT instead.
        .required(arg.required && arg.name != "actor");
    let dashed = long.replace('_', "-");
    if dashed != long {
        a = a.visible_alias(dashed);
    }
    if arg.name == "actor" {
        a = a.alias("actor");
    }
    match arg.kind {
        ArgumentKind::Text => a.value_name("TEXT").action(ArgAction::Set),
        ArgumentKind::Number => a
            .value_name("N")
            .value_parser(clap::value_parser!(i64))
            .action(ArgAction::Set),
        ArgumentKind::Flag => a
            .value_name("true|false")
            .value_parser(PossibleValuesParser::new(["true", "false"]).map(|v| v == "true"))
            .num_args(0..=1)
            .default_missing_value("true")
            .action(ArgAction::Set),
        ArgumentKind::List => a
            .value_name("TEXT")
            .help(format!("{} (repeat the option for each)", doc.join(" ")))
            .action(ArgAction::Append),
    }
}

/// The subcommand of one operation.
fn command(name: &'static str) -> Command {
    // The doc names the rule already ("R8: assign an RBAC role ...").
    let mut cmd = Command::new(name).about(Operation::doc_of(name).unwrap_or_default());
    for arg in Operation::arguments(name).unwrap_or_default() {
        cmd = cmd.arg(option(arg));
    }
    cmd
}

impl FromArgMatches for OperationCall {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let Some((given, sub)) = matches.subcommand() else {
            return Err(clap::Error::raw(
                clap::error::ErrorKind::MissingSubcommand,
                "name an operation (see --help for the list)",
            ));
        };
        let Some(name) = Operation::NAMES.iter().copied().find(|n| *n == given) else {
            return Err(clap::Error::raw(
                clap::error::ErrorKind::InvalidSubcommand,
                unknown(given),
            ));
        };
        let mut args = Map::new();
        for arg in Operation::arguments(name).unwrap_or_default() {
            let value = match arg.kind {
                ArgumentKind::Text => sub
                    .get_one::<String>(arg.name)
                    .map(|v| Value::String(v.clone())),
                ArgumentKind::Number => sub.get_one::<i64>(arg.name).map(|v| Value::from(*v)),
                ArgumentKind::Flag => sub.get_one::<bool>(arg.name).map(|v| Value::Bool(*v)),
                ArgumentKind::List => sub
                    .get_many::<String>(arg.name)
                    .map(|vs| Value::Array(vs.map(|v| Value::String(v.clone())).collect())),
            };
            if let Some(v) = value {
                args.insert(arg.name.into(), v);
            }
        }
        Ok(OperationCall { name, args })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

/// Why an operation name is unknown, with the names that look like it.
fn unknown(given: &str) -> String {
    let dashed = given.replace('-', "_");
    let words: Vec<&str> = dashed.split('_').filter(|w| w.len() > 2).collect();
    let like: Vec<&str> = Operation::NAMES
        .iter()
        .copied()
        .filter(|n| *n == dashed || words.iter().any(|w| n.contains(w)))
        .collect();
    match like.as_slice() {
        [] => format!("unknown operation '{given}': FORMAT.md names them, and --help lists them"),
        _ => format!(
            "unknown operation '{given}': did you mean {}? (--help lists them all)",
            like.join(", ")
        ),
    }
}

impl Subcommand for OperationCall {
    fn augment_subcommands(cmd: Command) -> Command {
        Operation::NAMES
            .iter()
            .fold(cmd, |cmd, name| cmd.subcommand(command(name)))
            // An unknown name reaches `from_arg_matches`, which says what
            // the known ones are.
            .allow_external_subcommands(true)
            .subcommand_required(true)
            .subcommand_value_name("OPERATION")
            .subcommand_help_heading("Operations")
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        Operation::NAMES.contains(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command's own options may follow the operation's (`--json`,
    /// `--out`), so no operation may take an argument of those names.
    #[test]
    fn no_operation_argument_shadows_a_command_option() {
        for name in Operation::NAMES {
            for arg in Operation::arguments(name).unwrap_or_default() {
                assert!(
                    !["json", "out", "help"].contains(&long_name(arg)),
                    "{name}: {}",
                    arg.name
                );
            }
        }
    }

    #[test]
    fn every_operation_has_its_arguments_and_doc() {
        for name in Operation::NAMES {
            assert!(Operation::arguments(name).is_some(), "{name}");
            assert!(
                !Operation::doc_of(name).unwrap_or_default().is_empty(),
                "{name}"
            );
        }
        assert!(Operation::arguments("no_such_operation").is_none());
    }
}
