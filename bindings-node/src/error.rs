//! The one place errors become JavaScript exceptions.
//!
//! Core errors are thrown as `TenantryError` (a subclass of `Error`) with
//! `code` (FORMAT.md), `rule` (`'R6'`, or `null`), `message` and `hint`.
//! Arguments of the wrong shape (not an object, a missing or unknown option,
//! a value of the wrong type) are thrown as `TypeError`s before core is
//! called.

use napi::bindgen_prelude::*;
use napi::UnknownRef;

/// The class, defined once per environment and kept in its instance data.
struct ErrorClass(UnknownRef);

const CLASS: &str = r#"(() => {
  class TenantryError extends Error {
    constructor(message, code, rule, hint) {
      super(message);
      this.name = 'TenantryError';
      this.code = code;
      this.rule = rule;
      this.hint = hint;
    }
  }
  return TenantryError;
})()"#;

/// Creates `TenantryError`, remembers it for this environment and returns it
/// for the module's exports.
pub fn define_class(env: &Env) -> Result<Unknown<'_>> {
    let class: Unknown = env.run_script(CLASS)?;
    env.set_instance_data(ErrorClass(class.create_ref()?), 0u8, |ctx| {
        // The environment is going away: release the class with it.
        let _ = ctx.value.0.unref(&ctx.env);
    })?;
    Ok(class)
}

/// Throws `value` and returns the error napi-rs expects after a throw.
fn thrown<T: ToNapiValue>(env: &Env, value: T) -> Error {
    match env.throw(value) {
        Ok(()) => Error::new(Status::PendingException, "thrown"),
        Err(e) => e,
    }
}

/// A core error as a `TenantryError` instance.
fn instance<'e>(env: &'e Env, e: &tenantry::Error) -> Result<Unknown<'e>> {
    let class = env
        .get_instance_data::<ErrorClass>()?
        .ok_or_else(|| Error::from_reason("TenantryError is not defined"))?;
    type Args = FnArgs<(String, String, Option<String>, String)>;
    let ctor = Function::<Args, Unknown>::from_unknown(class.0.get_value(env)?)?;
    ctor.new_instance(FnArgs::from((
        e.to_string(),
        e.code().to_owned(),
        e.rule().map(|r| r.to_string()),
        e.hint(),
    )))
}

/// A core error, thrown as a `TenantryError`.
pub fn tenantry(env: &Env, e: &tenantry::Error) -> Error {
    match instance(env, e) {
        Ok(error) => thrown(env, error),
        Err(err) => err,
    }
}

/// A core error as the rejection of a Promise: the `TenantryError` itself.
pub fn rejection(env: &Env, e: &tenantry::Error) -> Error {
    match instance(env, e) {
        Ok(error) => Error::from(error),
        Err(err) => err,
    }
}

/// A `TypeError` for an argument of the wrong shape.
pub fn type_error(env: &Env, message: &str) -> Error {
    match env.throw_type_error(message, None) {
        Ok(()) => Error::new(Status::PendingException, message),
        Err(e) => e,
    }
}

/// A `RangeError` for a number out of the range an argument takes.
pub fn range_error(env: &Env, message: &str) -> Error {
    match env.throw_range_error(message, None) {
        Ok(()) => Error::new(Status::PendingException, message),
        Err(e) => e,
    }
}

/// Runs a method's body with a panic inside it caught ([`tenantry::guard`])
/// and thrown as a `TenantryError` with code `INTERNAL`: unwinding out of
/// a napi-rs callback would abort Node.
pub fn guarded<T>(env: &Env, f: impl FnOnce() -> Result<T>) -> Result<T> {
    tenantry::guard(|| Ok(f())).unwrap_or_else(|e| Err(tenantry(env, &e)))
}

/// Converts core results, throwing the mapped exception.
pub trait OrThrow<T> {
    /// The value, or the core error thrown as a `TenantryError`.
    fn or_throw(self, env: &Env) -> Result<T>;
}

impl<T> OrThrow<T> for std::result::Result<T, tenantry::Error> {
    fn or_throw(self, env: &Env) -> Result<T> {
        self.map_err(|e| tenantry(env, &e))
    }
}

/// `snake_case` → `camelCase`, as napi-rs names object fields.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// An options object being read for `method`: checked to be an object
/// naming only the fields it declares (in `snake_case`); each value is then
/// read with its declared type. Anything else is a `TypeError` naming the
/// method.
pub struct Options<'e> {
    env: &'e Env,
    method: String,
    object: Object<'e>,
}

impl<'e> Options<'e> {
    /// Checks that `value` is an object naming only `fields`.
    ///
    /// # Safety
    /// `value` must be a value of `env`, as napi-rs hands them to
    /// `FromNapiValue`.
    pub unsafe fn read(
        env: &'e Env,
        method: &str,
        value: sys::napi_value,
        fields: &[&str],
    ) -> Result<Self> {
        let value = Unknown::from_napi_value(env.raw(), value)?;
        Options::check(env, method, value, fields)
    }

    fn check(env: &'e Env, method: &str, value: Unknown<'e>, fields: &[&str]) -> Result<Self> {
        let method = camel(method);
        let allowed: Vec<String> = fields.iter().map(|f| camel(f)).collect();
        if value.get_type()? != ValueType::Object {
            let expected = allowed.join(", ");
            return Err(type_error(
                env,
                &format!("{method}() takes one options object {{ {expected} }}"),
            ));
        }
        let object = Object::from_unknown(value)?;
        for key in Object::keys(&object)? {
            if !allowed.contains(&key) {
                let expected = allowed.join(", ");
                return Err(type_error(
                    env,
                    &format!("{method}(): unknown option '{key}' (expected {expected})"),
                ));
            }
        }
        Ok(Options {
            env,
            method,
            object,
        })
    }

    /// A field that must be given.
    pub fn required<T: FromNapiValue>(&self, field: &str) -> Result<T> {
        match self.optional(field)? {
            Some(value) => Ok(value),
            None => Err(type_error(
                self.env,
                &format!("{}(): Missing field `{}`", self.method, camel(field)),
            )),
        }
    }

    /// A field that may be left out or `undefined` (`null` is a `TypeError`).
    pub fn optional<T: FromNapiValue>(&self, field: &str) -> Result<Option<T>> {
        let field = camel(field);
        self.object.get::<T>(&field).map_err(|e| {
            type_error(
                self.env,
                &format!("{}(): option '{field}': {}", self.method, e.reason),
            )
        })
    }
}

/// Reads an options object into `T` (a `#[napi(object)]` struct): it must
/// be an object, name only `fields` (given in `snake_case`), and hold
/// values of the declared types. Anything else is a `TypeError`.
pub fn options<T: FromNapiValue>(
    env: &Env,
    method: &str,
    value: Unknown,
    fields: &[&str],
) -> Result<T> {
    let options = Options::check(env, method, value, fields)?;
    T::from_unknown(value)
        .map_err(|e| type_error(env, &format!("{}(): {}", options.method, e.reason)))
}
