//! Prints every error code of tenantry with its family, one per line, in
//! FORMAT.md's order: `DOMAIN_TAKEN refused`. What each binding's stubs and
//! error mapping must cover; the Kotlin boundary checks compare with it.
//!
//! ```text
//! cargo run --example codes
//! ```

fn main() {
    for code in tenantry::CODES {
        let family = tenantry::ErrorKind::family_of(code).map_or("?", |f| f.as_str());
        println!("{code} {family}");
    }
}
