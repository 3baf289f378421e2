//! Graph's query options over a collection of JSON objects: `$filter`
//! (the comparisons clients send: `eq`, `ne`, `startswith`, `endswith`,
//! `in`, joined by `and` / `or`), `$orderby`, `$top`, `$select`, and the
//! `$skiptoken` paging both services share, whose next link keeps the rest
//! of the query (kiota's PageIterator sends it back unchanged).

use crate::http::Req;
use serde_json::{Map, Value};

/// How a collection pages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    /// Graph: `$top` (with its bounds), `$filter`, `$orderby`, `$select`.
    graph: bool,
    /// The page size `$top` defaults to.
    default_top: usize,
    /// The emulator's page-size option, forcing smaller pages.
    forced: Option<usize>,
}

impl Page {
    /// A Graph collection.
    pub fn graph(forced: Option<usize>) -> Page {
        Page {
            graph: true,
            default_top: 100,
            forced,
        }
    }

    /// An ARM list: everything in one page unless the option forces pages.
    pub fn arm(forced: Option<usize>) -> Page {
        Page {
            graph: false,
            default_top: usize::MAX,
            forced,
        }
    }
}

/// The page the request asks for, and the link to the next one; `Err`
/// with Graph's message for a query it does not support.
pub(crate) fn page(
    r: &Req,
    mut items: Vec<Map<String, Value>>,
    how: &Page,
) -> Result<(Vec<Value>, Option<String>), String> {
    let size = page_size(r, how)?;
    if how.graph {
        if let Some(f) = r.param("$filter") {
            let filter = Filter::parse(f)?;
            items.retain(|item| filter.matches(item));
        }
        if let Some(order) = r.param("$orderby") {
            let (key, desc) = match order.trim().split_once(' ') {
                Some((k, dir)) => (k.to_owned(), dir.trim().eq_ignore_ascii_case("desc")),
                None => (order.trim().to_owned(), false),
            };
            items.sort_by(|a, b| {
                let o = text(a.get(&key)).cmp(&text(b.get(&key)));
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
    }
    let skip = skip_token(r)?;
    let total = items.len();
    let end = skip.saturating_add(size).min(total);
    let select = r.param("$select").filter(|_| how.graph);
    let value = items
        .into_iter()
        .skip(skip)
        .take(end.saturating_sub(skip))
        .map(|item| finish(item, select))
        .collect();
    // Never an empty page with a next link: PageIterator stops at one.
    let next = (end < total).then(|| r.next_link("$skiptoken", end));
    Ok((value, next))
}

/// [`page`] over `total` items built by `build` on demand: without a
/// `$filter` or `$orderby`, only the page's items are built, so a page of
/// a directory of a million users costs its 999 objects.
pub(crate) fn page_of(
    r: &Req,
    total: usize,
    build: &dyn Fn(usize) -> Map<String, Value>,
    how: &Page,
) -> Result<(Vec<Value>, Option<String>), String> {
    if how.graph && (r.param("$filter").is_some() || r.param("$orderby").is_some()) {
        return page(r, (0..total).map(build).collect(), how);
    }
    let (range, next) = window(r, total, how)?;
    let select = r.param("$select").filter(|_| how.graph);
    let value = range.map(|i| finish(build(i), select)).collect();
    Ok((value, next))
}

/// The items of `total` a request's page holds, and the link to the next
/// page (never past the last item).
pub(crate) fn window(
    r: &Req,
    total: usize,
    how: &Page,
) -> Result<(std::ops::Range<usize>, Option<String>), String> {
    let size = page_size(r, how)?;
    let skip = skip_token(r)?;
    let end = skip.saturating_add(size).min(total);
    let next = (end < total).then(|| r.next_link("$skiptoken", end));
    Ok((skip.min(end)..end, next))
}

/// Where a page starts: the `$skiptoken` this emulator gave.
fn skip_token(r: &Req) -> Result<usize, String> {
    match r.param("$skiptoken") {
        None => Ok(0),
        Some(t) => t
            .parse::<usize>()
            .map_err(|_| format!("The skip token '{t}' is not one this emulator gave.")),
    }
}

/// An item of a page, `$select` applied.
fn finish(item: Map<String, Value>, select: Option<&str>) -> Value {
    Value::Object(match select {
        Some(s) => self::select(item, s),
        None => item,
    })
}

/// The page size a request asks for (Graph's `$top`, bounded), the
/// emulator's option applied.
fn page_size(r: &Req, how: &Page) -> Result<usize, String> {
    let mut size = how.default_top;
    if how.graph {
        if let Some(top) = r.param("$top") {
            size = match top.parse::<usize>() {
                Ok(n) if (1..=999).contains(&n) => n,
                _ => {
                    return Err(format!(
                        "Invalid page size specified: '{top}'. Must be between 1 and 999 inclusive."
                    ))
                }
            };
        }
    }
    if let Some(forced) = how.forced {
        size = size.min(forced.max(1));
    }
    Ok(size)
}

/// The object with only the `$select`ed properties (and its `@odata.type`).
pub(crate) fn select(item: Map<String, Value>, select: &str) -> Map<String, Value> {
    let wanted: Vec<&str> = select.split(',').map(str::trim).collect();
    item.into_iter()
        .filter(|(k, _)| {
            k.starts_with("@odata.") || wanted.iter().any(|w| w.eq_ignore_ascii_case(k))
        })
        .collect()
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.to_ascii_lowercase(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A parsed `$filter`: a disjunction of conjunctions of comparisons.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter(Vec<Vec<Test>>);

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Eq(String, Value, bool),
    StartsWith(String, String),
    EndsWith(String, String),
    In(String, Vec<Value>),
}

impl Filter {
    /// Parses a `$filter`; `Err` with why for what it does not support.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let mut any = Vec::new();
        for alternative in split_keyword(text, "or") {
            let mut all = Vec::new();
            for clause in split_keyword(&alternative, "and") {
                all.push(Test::parse(clause.trim())?);
            }
            any.push(all);
        }
        Ok(Filter(any))
    }

    /// Whether an object passes.
    pub fn matches(&self, item: &Map<String, Value>) -> bool {
        self.0.iter().any(|all| all.iter().all(|t| t.matches(item)))
    }
}

/// `text` split at ` <keyword> ` outside quotes and parentheses.
fn split_keyword(text: &str, keyword: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut depth = 0usize;
    let words: Vec<&str> = text.split(' ').collect();
    for (i, word) in words.iter().enumerate() {
        if !quoted && depth == 0 && word.eq_ignore_ascii_case(keyword) && i > 0 {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        for c in word.chars() {
            match c {
                '\'' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    parts.push(current);
    parts
}

/// A literal: `'text'` (with `''` for a quote), a number, `true`,
/// `false`, `null`.
fn literal(text: &str) -> Result<Value, String> {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
        return Ok(Value::String(inner.replace("''", "'")));
    }
    match t {
        "true" => Ok(Value::Bool(true)),
        "false" => Ok(Value::Bool(false)),
        "null" => Ok(Value::Null),
        _ => t
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .or_else(|| {
                uuid::Uuid::parse_str(t)
                    .ok()
                    .map(|u| Value::String(u.to_string()))
            })
            .ok_or_else(|| format!("Invalid filter clause: '{t}' is not a literal.")),
    }
}

fn property(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "Unsupported query: the emulator filters on an object's own properties; '{n}' is not one."
        ));
    }
    Ok(n.to_owned())
}

impl Test {
    fn parse(clause: &str) -> Result<Test, String> {
        let call = |name: &str| {
            let rest = clause.get(..name.len() + 1)?;
            rest.eq_ignore_ascii_case(&format!("{name}("))
                .then(|| clause[name.len() + 1..].strip_suffix(')'))
                .flatten()
        };
        for (name, starts) in [("startswith", true), ("endswith", false)] {
            if let Some(args) = call(name) {
                let (p, v) = args
                    .split_once(',')
                    .ok_or_else(|| format!("Invalid filter clause: {name} takes two arguments."))?;
                let Value::String(v) = literal(v)? else {
                    return Err(format!("Invalid filter clause: {name} compares with text."));
                };
                let p = property(p)?;
                return Ok(if starts {
                    Test::StartsWith(p, v)
                } else {
                    Test::EndsWith(p, v)
                });
            }
        }
        let mut words = clause.splitn(3, ' ');
        let (p, op, v) = (
            words.next().unwrap_or(""),
            words.next().unwrap_or(""),
            words.next().unwrap_or(""),
        );
        match op.to_ascii_lowercase().as_str() {
            "eq" => Ok(Test::Eq(property(p)?, literal(v)?, true)),
            "ne" => Ok(Test::Eq(property(p)?, literal(v)?, false)),
            "in" => {
                let inner = v
                    .trim()
                    .strip_prefix('(')
                    .and_then(|x| x.strip_suffix(')'))
                    .ok_or("Invalid filter clause: 'in' takes a parenthesised list.")?;
                let values = inner.split(',').map(literal).collect::<Result<_, _>>()?;
                Ok(Test::In(property(p)?, values))
            }
            _ => Err(format!("Invalid filter clause: '{clause}' is not a comparison the emulator supports (eq, ne, in, startswith, endswith).")),
        }
    }

    fn matches(&self, item: &Map<String, Value>) -> bool {
        let get = |p: &str| {
            item.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(p))
                .map(|(_, v)| v)
                .unwrap_or(&Value::Null)
        };
        match self {
            Test::Eq(p, v, eq) => same(get(p), v) == *eq,
            Test::In(p, vs) => vs.iter().any(|v| same(get(p), v)),
            Test::StartsWith(p, v) => get(p)
                .as_str()
                .is_some_and(|s| s.to_ascii_lowercase().starts_with(&v.to_ascii_lowercase())),
            Test::EndsWith(p, v) => get(p)
                .as_str()
                .is_some_and(|s| s.to_ascii_lowercase().ends_with(&v.to_ascii_lowercase())),
        }
    }
}

/// Graph compares text case-insensitively.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.eq_ignore_ascii_case(y),
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn filters_compare_like_graph() {
        let jane =
            obj(json!({"displayName": "Jane", "userType": "Member", "accountEnabled": true}));
        let guest =
            obj(json!({"displayName": "Jo O'Neil", "userType": "Guest", "accountEnabled": true}));
        let pass = |f: &str, o: &Map<String, Value>| Filter::parse(f).map(|x| x.matches(o));
        assert_eq!(pass("userType eq 'member'", &jane), Ok(true));
        assert_eq!(pass("userType eq 'Member'", &guest), Ok(false));
        assert_eq!(pass("startswith(displayName,'ja')", &jane), Ok(true));
        assert_eq!(pass("displayName eq 'Jo O''Neil'", &guest), Ok(true));
        assert_eq!(
            pass("accountEnabled eq true and userType ne 'Guest'", &jane),
            Ok(true)
        );
        assert_eq!(
            pass("userType eq 'Guest' or displayName eq 'Jane'", &jane),
            Ok(true)
        );
        assert_eq!(pass("userType in ('Guest', 'Other')", &guest), Ok(true));
        assert!(Filter::parse("identities/any(x:x/issuer eq 'a')").is_err());
        assert!(Filter::parse("displayName gt 'a'").is_err());
        assert!(Filter::parse("displayName eq nope").is_err());
    }

    #[test]
    fn select_keeps_the_named_properties_and_the_type() {
        let o = obj(
            json!({"@odata.type": "#microsoft.graph.user", "id": "1", "displayName": "Jane", "mail": null}),
        );
        let kept = select(o, "id, displayname");
        let mut keys: Vec<&str> = kept.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["@odata.type", "displayName", "id"]);
    }
}
