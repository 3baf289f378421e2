//! The one place core errors become the uniffi error type.
//!
//! Kotlin sees `TenantryException` (Swift: `TenantryError`) with one case
//! per family, each carrying `code` (FORMAT.md), `rule` (`"R6"` or null),
//! `detail` (the sentence) and `hint`. The field is `detail` because
//! Kotlin's `Throwable.message` is taken; uniffi's Kotlin `message` lists
//! all four fields.

/// Every error of tenantry, by family.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum TenantryError {
    /// A reference that resolves to nothing: `UNKNOWN_*`.
    #[error("{detail}")]
    UnknownReference {
        code: String,
        rule: Option<String>,
        detail: String,
        hint: String,
    },
    /// Malformed input: `INVALID_NAME`, `INVALID_SNAPSHOT`, `INVALID_SCENARIO`.
    #[error("{detail}")]
    InvalidInput {
        code: String,
        rule: Option<String>,
        detail: String,
        hint: String,
    },
    /// An operation refused by a rule.
    #[error("{detail}")]
    Refused {
        code: String,
        rule: Option<String>,
        detail: String,
        hint: String,
    },
    /// A snapshot file could not be read or written: `IO_ERROR`.
    #[error("{detail}")]
    Io {
        code: String,
        rule: Option<String>,
        detail: String,
        hint: String,
    },
    /// Reading a live tenant failed: `IMPORT_*`.
    #[error("{detail}")]
    Import {
        code: String,
        rule: Option<String>,
        detail: String,
        hint: String,
    },
    /// A bug inside tenantry (a panic in the Rust core), caught instead of
    /// crashing the host: `INTERNAL`. The call changed nothing.
    #[error("{detail}")]
    Internal {
        code: String,
        rule: Option<String>,
        detail: String,
        hint: String,
    },
}

impl From<tenantry::Error> for TenantryError {
    fn from(e: tenantry::Error) -> Self {
        let (code, rule) = (e.code().to_owned(), e.rule().map(|r| r.to_string()));
        let (detail, hint) = (e.to_string(), e.hint());
        match e.family() {
            tenantry::Family::UnknownReference => TenantryError::UnknownReference {
                code,
                rule,
                detail,
                hint,
            },
            tenantry::Family::InvalidInput => TenantryError::InvalidInput {
                code,
                rule,
                detail,
                hint,
            },
            tenantry::Family::Refused => TenantryError::Refused {
                code,
                rule,
                detail,
                hint,
            },
            tenantry::Family::Io => TenantryError::Io {
                code,
                rule,
                detail,
                hint,
            },
            tenantry::Family::Import => TenantryError::Import {
                code,
                rule,
                detail,
                hint,
            },
            tenantry::Family::Internal => TenantryError::Internal {
                code,
                rule,
                detail,
                hint,
            },
        }
    }
}

/// The result type of every fallible export.
pub type Result<T, E = TenantryError> = std::result::Result<T, E>;
