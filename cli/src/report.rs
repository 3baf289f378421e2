//! `tenantry report`: the snapshot as one self-contained HTML page
//! (`tenantry-report`, which the Python and Node `report` call too).

use crate::exit::Failure;
use crate::files::{check_output, load_snapshot};
use std::path::PathBuf;

/// `tenantry report`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// The HTML file to write (replaced atomically; not the snapshot).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub(crate) fn run(args: &Args) -> Result<Option<String>, Failure> {
    check_output(&args.out, &args.snapshot, false)?;
    let t = load_snapshot(&args.snapshot)?;
    tenantry_report::write(&t, &args.out)?;
    Ok(Some(format!(
        "Wrote {} ({} directories, {} subscriptions); open it in a browser, it needs no network.",
        args.out.display(),
        t.directories().len(),
        t.subscriptions().len()
    )))
}
