//! A panic inside tenantry as an error. Bindings and servers call core
//! through [`guard`], so that a bug surfaces in the caller's language as a
//! `TenantryError` with code `INTERNAL` — never as a panic unwinding across
//! an FFI boundary, which would abort the host process.

use crate::{Error, Result};
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f`, turning a panic inside it into an `INTERNAL` error that names
/// the panic's message.
///
/// Unwind safety is asserted rather than proved by the type system: core
/// changes a model only in the last step of [`crate::Tenancy::apply`],
/// which applies changes already checked and has no failure path; a panic
/// anywhere before it leaves the model as it was.
///
/// The error type is any that core's errors convert into, so a binding's
/// own error type (uniffi's) is guarded as directly as core's.
///
/// ```
/// let e = tenantry::guard(|| -> tenantry::Result<()> { panic!("boom") }).unwrap_err();
/// assert_eq!(e.code(), "INTERNAL");
/// assert_eq!(e.to_string(), "tenantry failed inside: boom.");
/// assert_eq!(tenantry::guard(|| Ok::<_, tenantry::Error>(2)), Ok(2));
/// ```
pub fn guard<T, E: From<Error>>(f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::internal(said(&*payload)).into()))
}

/// What a panic said: its message, when it has one.
fn said(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// Panics, deliberately. Each binding's tests call it through the same
/// [`guard`] and error mapping as every other call, to show that a panic
/// inside core reaches their language as `INTERNAL` and the host lives on.
#[doc(hidden)]
pub fn panic_for_tests() -> Result<()> {
    panic!("a deliberate panic, for the tests of a binding's error mapping")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_internal_with_its_message() {
        let e = guard(|| -> Result<()> { panic!("index {} out of range", 3) }).unwrap_err();
        assert_eq!(
            (e.code(), e.family()),
            ("INTERNAL", crate::Family::Internal)
        );
        assert_eq!(
            e.to_string(),
            "tenantry failed inside: index 3 out of range."
        );
        assert!(e.hint().contains("bug in tenantry"));
        assert_eq!(e.rule(), None);
        let e = guard(|| -> Result<()> { std::panic::panic_any(7_u8) }).unwrap_err();
        assert_eq!(
            e.to_string(),
            "tenantry failed inside: a panic without a message."
        );
        assert_eq!(guard(panic_for_tests).unwrap_err().code(), "INTERNAL");
    }

    #[test]
    fn errors_and_values_pass_through() {
        assert_eq!(guard(|| Ok::<_, Error>("value")), Ok("value"));
        let e = guard(|| -> Result<()> { Err(Error::io("/x", "denied")) }).unwrap_err();
        assert_eq!(e.code(), "IO_ERROR");
    }
}
