//! The walkthrough: the five source documents told on the in-memory model
//! (see `tenantry_examples::story`). Exits 1 if a step did not behave as
//! the documents describe.
//!
//! ```text
//! cargo run --example walkthrough
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    if tenantry_examples::story::tell().problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
