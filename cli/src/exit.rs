//! The one place an outcome becomes an exit status and what is printed:
//! 0 and the summary on stdout; 1 and one line on stderr for a failure;
//! 2 and one line for bad usage (clap's own errors also exit 2). A
//! failure names the code, and the rule when there is one.

use std::process::ExitCode;

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command was used wrongly: exit 2.
    Usage(String),
    /// A tenantry error: exit 2 for `IMPORT_OPTIONS`, else 1.
    Tenantry(tenantry::Error),
}

impl From<tenantry::Error> for Failure {
    fn from(e: tenantry::Error) -> Self {
        Failure::Tenantry(e)
    }
}

/// Prints the outcome and gives its exit status.
pub(crate) fn finish(outcome: Result<Option<String>, Failure>) -> ExitCode {
    match outcome {
        Ok(summary) => {
            if let Some(s) = summary {
                println!("{s}");
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(reason)) => {
            eprintln!("tenantry: {}", one_line(&reason));
            ExitCode::from(2)
        }
        Err(Failure::Tenantry(e)) => {
            let rule = e.rule().map(|r| format!(", rule {r}")).unwrap_or_default();
            eprintln!(
                "tenantry: {} {} [{}{rule}]",
                one_line(&e.to_string()),
                one_line(&e.hint()),
                e.code()
            );
            match e.code() {
                "IMPORT_OPTIONS" => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Prints an answer whose "no" is exit status 1 (`can`, `scenario`,
/// `walkthrough`): 0 for yes; failures as [`finish`].
pub(crate) fn answer(outcome: Result<(Option<String>, bool), Failure>) -> ExitCode {
    match outcome {
        Ok((text, yes)) => {
            if let Some(s) = text {
                println!("{s}");
            }
            if yes {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(f) => finish(Err(f)),
    }
}
