//! Examples against the rest of the page and the model: `placeholder-value` (type names where
//! values belong), `example-unknown-property` (keys the type does not have),
//! `enum-value-unknown` (values an enum does not have) and `status-mismatch` (prose vs status
//! line).

use super::Ctx;
use crate::diag::Severity;
use crate::lint::finding::{Finding, quote};
use crate::lint::rules::{self, Rule};
use crate::model::build::DEFAULT_NAMESPACE;
use crate::model::{EnumDef, Property, RequestBody, TypeDef, TypeRef, TypeUse};
use crate::parse::Page;
use crate::parse::example::Body;
use crate::parse::page::{Example, ExampleKind, JsonAt};
use crate::span::Span;
use serde_json::{Map, Value};
use std::collections::HashMap;

use crate::parse::example::TYPE_VALUED_KEYS;
pub use crate::parse::example::is_type_name;

/// Nested objects deeper than this are not checked against types.
const MAX_DEPTH: usize = 8;

/// The annotation's `name`, else the example's 1-based position: how findings name an example.
pub fn example_name(e: &Example, index: usize) -> String {
    e.annotation
        .as_ref()
        .and_then(|a| a.str("name"))
        .map_or_else(|| format!("#{}", index + 1), str::to_owned)
}

/// What a placeholder string is instead of a value: `"a type name"` (`"String"`,
/// `"@odata.type: microsoft.graph.x"`) or `"a placeholder"` (`"displayName-value"`, the
/// reference's other convention); `None` for a real value.
pub fn placeholder(s: &str) -> Option<&'static str> {
    let t = s.trim();
    if is_type_name(t) || t.starts_with("@odata.type:") {
        return Some("a type name");
    }
    let word = t.strip_suffix("-value")?;
    let ident = word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric());
    ident.then_some("a placeholder")
}

/// Runs the four rules on one page.
pub fn check(cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    status(page, out);
    let mut method: Option<crate::kinds::Method> = None;
    for (i, e) in page.examples.iter().enumerate() {
        if let Some((m, _, _)) = &e.request_line {
            method = Some(*m);
        }
        let Some(Body::Json { value }) = &e.body else {
            continue;
        };
        let mut w = Walk {
            cx,
            page,
            name: example_name(e, i),
            at: e.json_at.iter().map(|j| (j.pointer.as_str(), j)).collect(),
            out,
        };
        w.placeholders(value);
        if let Some(target) = target(cx, page, e, method) {
            w.root(value, target);
        }
    }
}

/// What an example body should be: one of some types (or a collection of it), or action
/// parameters.
enum Target<'a> {
    Types(Vec<&'a TypeDef>, bool),
    Params(&'a [Property]),
}

fn target<'a>(
    cx: &Ctx<'a>,
    page: &Page,
    e: &Example,
    method: Option<crate::kinds::Method>,
) -> Option<Target<'a>> {
    // The type the example's annotation names. Pages show a related type's example (a range's
    // font on the range format page) and annotate it; annotations are also wrong at times (a
    // team where the page returns a channel). So a key is known if either type has it.
    let annotated = e.annotation.as_ref().and_then(|a| {
        let t = a.str("@odata.type")?;
        let (name, collection) = match t
            .strip_prefix("Collection(")
            .and_then(|t| t.strip_suffix(')'))
        {
            Some(inner) => (inner, true),
            None => (t, a.bool("isCollection").unwrap_or(false)),
        };
        let ns = page
            .namespace
            .as_ref()
            .map_or(DEFAULT_NAMESPACE, |n| n.text.as_str());
        Some((cx.find_type(name.trim_start_matches('#'), ns)?, collection))
    });
    match (annotated, documented(cx, page, e, method)) {
        (Some((a, collection)), Some(Target::Types(mut types, _))) => {
            types.retain(|t| t.name != a.name);
            types.insert(0, a);
            Some(Target::Types(types, collection))
        }
        (Some((a, collection)), _) => Some(Target::Types(vec![a], collection)),
        (None, documented) => documented,
    }
}

/// What the page's operation says an example's body is.
fn documented<'a>(
    cx: &Ctx<'a>,
    page: &Page,
    e: &Example,
    method: Option<crate::kinds::Method>,
) -> Option<Target<'a>> {
    // A request to a URL the page does not document sends something else (another example's
    // subject); `example-route-mismatch` reports the URL.
    if e.kind == ExampleKind::Request && !super::routes::matches_page(page, e) {
        return None;
    }
    let ops = cx.operations.get(page.path.as_str())?;
    let op = method
        .and_then(|m| ops.iter().find(|o| o.method == m))
        .or_else(|| ops.first())?;
    let type_use = |u: &TypeUse| match &u.ty {
        TypeRef::Type(q) => cx
            .api
            .type_def(q)
            .map(|t| Target::Types(vec![t], u.collection)),
        _ => None,
    };
    match e.kind {
        ExampleKind::Request => match op.request.as_ref()? {
            RequestBody::Type(u) => type_use(u),
            RequestBody::Parameters { params, .. } => Some(Target::Params(params)),
        },
        ExampleKind::Response => type_use(op.response.as_ref()?.body.as_ref()?),
    }
}

/// Walks one example body.
struct Walk<'a, 'p, 'o> {
    cx: &'p Ctx<'a>,
    page: &'p Page,
    name: String,
    at: HashMap<&'p str, &'p JsonAt>,
    out: &'o mut Vec<Finding>,
}

impl<'a> Walk<'a, '_, '_> {
    fn key_at(&self, pointer: &str) -> (Span, u32) {
        self.at
            .get(pointer)
            .map(|j| j.key.unwrap_or(j.value))
            .unwrap_or((Span::new(1, 1), 1))
    }

    fn value_at(&self, pointer: &str) -> (Span, u32) {
        self.at
            .get(pointer)
            .map(|j| j.value)
            .unwrap_or((Span::new(1, 1), 1))
    }

    fn push(
        &mut self,
        rule: &'static Rule,
        (at, len): (Span, u32),
        pointer: &str,
        message: String,
        help: Option<String>,
    ) {
        let subject = format!("example {}{pointer}", self.name);
        let mut f = Finding::new(rule, &self.page.path, at, subject, message).len(len);
        f.help = help;
        self.out.push(f);
    }

    /// `placeholder-value` over every string of the body.
    fn placeholders(&mut self, root: &Value) {
        let pointers: Vec<&str> = self.at.keys().copied().collect();
        for p in pointers {
            let Some(Value::String(s)) = root.pointer(p) else {
                continue;
            };
            let Some(what) = placeholder(s) else {
                continue;
            };
            let key = last_key(p);
            if TYPE_VALUED_KEYS.contains(&key.as_str()) {
                continue;
            }
            let of = if key.is_empty() || key.chars().all(|c| c.is_ascii_digit()) {
                String::new()
            } else {
                format!(" of `{key}`")
            };
            let at = self.value_at(p);
            let message = format!("example value `\"{s}\"`{of} is {what}, not a value");
            self.push(&rules::PLACEHOLDER_VALUE, at, p, message, None);
        }
    }

    fn root(&mut self, value: &Value, target: Target<'a>) {
        match target {
            Target::Params(params) => {
                let Value::Object(obj) = value else {
                    return;
                };
                let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
                for key in obj.keys() {
                    let pointer = format!("/{}", esc(key));
                    self.key(&pointer, key, &names, None, "the action's parameters");
                }
            }
            Target::Types(types, collection) => match value {
                Value::Object(obj) => {
                    let has_value_prop = types.iter().any(|t| {
                        self.cx
                            .api
                            .all_properties(t)
                            .iter()
                            .any(|p| p.name == "value")
                    });
                    match obj.get("value") {
                        // Collections come wrapped: `{"value": [...]}`.
                        Some(Value::Array(items)) if collection || !has_value_prop => {
                            for (n, item) in items.iter().enumerate() {
                                if let Value::Object(o) = item {
                                    self.object(&format!("/value/{n}"), o, &types, 0);
                                }
                            }
                        }
                        // Some pages wrap a single object the same way.
                        Some(Value::Object(o)) if !has_value_prop && obj.len() <= 2 => {
                            self.object("/value", o, &types, 0);
                        }
                        _ => self.object("", obj, &types, 0),
                    }
                }
                Value::Array(items) => {
                    for (n, item) in items.iter().enumerate() {
                        if let Value::Object(o) = item {
                            self.object(&format!("/{n}"), o, &types, 0);
                        }
                    }
                }
                _ => {}
            },
        }
    }

    /// Checks one object's keys against the `declared` types (or the type its `@odata.type`
    /// names): a key is known when one of them has it.
    fn object(
        &mut self,
        pointer: &str,
        obj: &Map<String, Value>,
        declared: &[&'a TypeDef],
        depth: usize,
    ) {
        let Some(first) = declared.first().copied() else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        let ns = first.name.namespace.as_str();
        let types: Vec<&'a TypeDef> = match obj
            .get("@odata.type")
            .and_then(Value::as_str)
            .and_then(|t| self.cx.find_type(t.trim_start_matches('#'), ns))
        {
            Some(t) => vec![t],
            None => declared.to_vec(),
        };
        let mut props: Vec<&'a Property> = Vec::new();
        for t in &types {
            for p in self.cx.api.all_properties(t) {
                if !props.iter().any(|q| q.name == p.name) {
                    props.push(p);
                }
            }
        }
        let names: Vec<&str> = props.iter().map(|p| p.name.as_str()).collect();
        // Open types take any key; a type whose pages list no property cannot be checked.
        let checked = !names.is_empty() && !types.iter().any(|t| self.cx.is_open(t));
        let owner = format!("`{}`", types.first().copied().unwrap_or(first).name);
        for (key, value) in obj {
            let child = format!("{pointer}/{}", esc(key));
            let known = if checked {
                self.key(&child, key, &names, Some(&types), &owner)
            } else {
                Some(key.split('@').next().unwrap_or_default().to_owned())
            };
            let Some(prop) = known.and_then(|k| props.iter().find(|p| p.name == k).copied()) else {
                continue;
            };
            self.value(&child, value, prop, depth);
        }
    }

    /// Checks one key against `names`; returns the property it names when it names one
    /// exactly. `types` (for the derived-type and `id` allowances) is `None` for parameters.
    fn key(
        &mut self,
        pointer: &str,
        key: &str,
        names: &[&str],
        types: Option<&[&'a TypeDef]>,
        owner: &str,
    ) -> Option<String> {
        // `@odata.type`, `manager@odata.bind`, `photo@odata.mediaReadLink`: annotations of the
        // property before the `@`, or of the object.
        let base = key.split('@').next().unwrap_or_default();
        if base.is_empty() || names.is_empty() {
            return None;
        }
        if names.contains(&base) {
            return Some(base.to_owned());
        }
        if let Some(right) = names.iter().find(|n| n.eq_ignore_ascii_case(base)) {
            let at = self.key_at(pointer);
            let message =
                format!("example key `{base}` differs only in case from `{right}` of {owner}");
            let help = Some(format!("write `{right}`"));
            self.push(&rules::EXAMPLE_UNKNOWN_PROPERTY, at, pointer, message, help);
            return None;
        }
        if let Some(types) = types {
            // Pages often leave out `Inherits from entity`: a type with no documented base
            // may still have the `id` every entity has.
            if base == "id" && types.iter().all(|t| t.base.is_none()) {
                return None;
            }
            // Without an `@odata.type`, an object may be of any type derived from the
            // declared one.
            let mut derived = types
                .iter()
                .flat_map(|t| self.cx.hierarchy.derived(&t.name));
            if derived.any(|d| d.properties.iter().any(|p| p.name == base)) {
                return None;
            }
        }
        let at = self.key_at(pointer);
        let message = format!("example key `{base}` is not a property of {owner}");
        self.push(&rules::EXAMPLE_UNKNOWN_PROPERTY, at, pointer, message, None);
        None
    }

    /// Checks a property's value: enum members, and nested objects against their type.
    fn value(&mut self, pointer: &str, value: &Value, prop: &Property, depth: usize) {
        match &prop.ty.ty {
            TypeRef::Enum(q) => {
                let Some(def) = self.cx.api.enum_def(q) else {
                    return;
                };
                let each: Vec<(String, &str)> = match value {
                    Value::String(s) => vec![(pointer.to_owned(), s.as_str())],
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .filter_map(|(n, v)| Some((format!("{pointer}/{n}"), v.as_str()?)))
                        .collect(),
                    _ => Vec::new(),
                };
                for (p, s) in each {
                    self.member(&p, s, prop, def);
                }
            }
            TypeRef::Type(q) => {
                let Some(t) = self.cx.api.type_def(q) else {
                    return;
                };
                match value {
                    Value::Object(o) => self.object(pointer, o, &[t], depth + 1),
                    Value::Array(items) => {
                        for (n, item) in items.iter().enumerate() {
                            if let Value::Object(o) = item {
                                self.object(&format!("{pointer}/{n}"), o, &[t], depth + 1);
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// `enum-value-unknown` for one string value of an enum-typed property.
    fn member(&mut self, pointer: &str, s: &str, prop: &Property, def: &EnumDef) {
        if s.trim().is_empty() || placeholder(s).is_some() {
            return;
        }
        let members: Vec<&str> = def.members.iter().map(|m| m.name.as_str()).collect();
        // Flags enums are written as a comma-separated list of members.
        let parts: Vec<&str> = if def.flags || s.contains(',') {
            s.split(',').map(str::trim).collect()
        } else {
            vec![s]
        };
        for part in parts {
            if part.is_empty() || members.contains(&part) {
                continue;
            }
            let at = self.value_at(pointer);
            let case = members.iter().find(|m| m.eq_ignore_ascii_case(part));
            let (message, help, severity) = match case {
                // Services mostly accept any case; the docs should still show the member.
                Some(m) => (
                    format!(
                        "`{part}` for `{}` differs only in case from member `{m}` of `{}`",
                        prop.name, def.name
                    ),
                    format!("write `{m}`"),
                    Severity::Note,
                ),
                None => (
                    format!(
                        "`{}` is not a member of `{}` (the type of `{}`)",
                        quote(part, 60),
                        def.name,
                        prop.name
                    ),
                    format!("members: {}", quote(&members.join(", "), 120)),
                    rules::ENUM_VALUE_UNKNOWN.severity,
                ),
            };
            self.push(&rules::ENUM_VALUE_UNKNOWN, at, pointer, message, Some(help));
            if let Some(f) = self.out.last_mut() {
                f.severity = severity;
            }
        }
    }
}

/// The last reference token of a JSON Pointer, unescaped.
fn last_key(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~")
}

fn esc(key: &str) -> String {
    crate::parse::jsonpos::escape(key)
}

/// `status-mismatch`: each response example's status line against the codes the response
/// section names. Error codes are left alone: examples of failures illustrate other paths, and
/// so are examples under a section of their own (`## Retrieve thumbnail content`), whose
/// response the page's Response section does not describe.
fn status(page: &Page, out: &mut Vec<Finding>) {
    let Some(resp) = page.response.as_ref() else {
        return;
    };
    let Some(prose) = resp.status else {
        return;
    };
    for (i, e) in page.examples.iter().enumerate() {
        let Some((code, reason, at)) = &e.status_line else {
            continue;
        };
        if *code == prose || resp.mentioned.contains(code) || *code >= 400 {
            continue;
        }
        let section = page
            .headings
            .iter()
            .rev()
            .find(|h| h.level == 2 && h.at.line < e.at.line)
            .map(|h| h.section);
        use crate::parse::page::SectionKind as S;
        let own_section = section.is_some_and(|s| {
            !matches!(
                s,
                S::Examples | S::Request | S::RequestHeaders | S::RequestBody | S::Response
            )
        });
        if own_section {
            continue;
        }
        let line_len = "HTTP/1.1 ".len() + code.to_string().len() + 1 + reason.chars().count();
        out.push(
            Finding::new(
                &rules::STATUS_MISMATCH,
                &page.path,
                *at,
                format!("example {}/status", example_name(e, i)),
                format!(
                    "example responds `{code} {reason}`, but the response section says `{prose}`"
                ),
            )
            .len(line_len as u32),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        for s in [
            "String",
            "String (timestamp)",
            "Edm.Int32",
            "Guid",
            "String collection",
            " Boolean ",
        ] {
            assert!(is_type_name(s), "{s}");
        }
        assert_eq!(placeholder("displayName-value"), Some("a placeholder"));
        assert_eq!(
            placeholder("@odata.type: microsoft.graph.alertStatus"),
            Some("a type name")
        );
        assert_eq!(placeholder("key value-value"), None);
        assert_eq!(placeholder("-value"), None);
        for s in [
            "string",
            "Message value",
            "Stringy",
            "Date",
            "2021-01-01",
            "Int32 value",
        ] {
            assert!(!is_type_name(s), "{s}");
        }
    }
}
