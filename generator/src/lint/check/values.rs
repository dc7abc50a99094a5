//! `example-type-mismatch` and `example-value-format`: example values that the generated types
//! cannot read as the tables type them, found by the same walk the round trip uses (so lint
//! reports every docs defect the round trip fails on, at its line). Unknown keys and enum
//! members are `examples`' to report: its walk knows the allowances pages need there.
//!
//! Blame goes where the docs disagree with themselves: a single value where the table says
//! collection, on a type whose JSON representation also shows a single value, is reported once,
//! at the table row (`table-json-mismatch`), not at every example.

use super::Ctx;
use crate::diag::Severity;
use crate::lint::finding::Finding;
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::example::Body;
use crate::parse::typeexpr::TypeExpr;
use crate::roundtrip::{Cause, Effect, Placed};

/// Runs the two rules on one page.
pub fn check(cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    for p in cx.typer.placed_findings(page) {
        // `"datetime-value"` where a timestamp belongs is `placeholder-value`'s to report.
        if placeholder_at(page, &p).is_some() {
            continue;
        }
        // A single value where the table says collection, and the type's own JSON
        // representation shows a single value too: the table row is what to fix.
        if let Some(f) = outvoted_row(cx, &p.finding) {
            out.push(f);
            continue;
        }
        let rule = match p.finding.cause {
            Cause::TypeMismatch => &rules::EXAMPLE_TYPE_MISMATCH,
            Cause::DateNumberFormat => &rules::EXAMPLE_VALUE_FORMAT,
            _ => continue,
        };
        let subject = format!("example {}{}", p.example, p.finding.pointer);
        let mut f = Finding::new(rule, &page.path, p.at, subject, p.finding.message).len(p.len);
        // A 64-bit integer or a floating-point number written as a string is OData's
        // IEEE754Compatible form: clients read it, only its form changes.
        if p.finding.effect == Effect::Normalized {
            f.severity = Severity::Note;
        }
        out.push(f);
    }
}

/// The finding on a property's table row when an example gives it a single value, the table
/// types it as a collection, and the JSON representation on the row's page shows a single value
/// as well: two sides of the docs against one. The same finding comes from every such example
/// (the report drops the repeats).
fn outvoted_row(cx: &Ctx, f: &crate::roundtrip::Finding) -> Option<Finding> {
    let (name, loc) = f.property.as_ref()?;
    if f.cause != Cause::TypeMismatch || !f.single_for_collection {
        return None;
    }
    let i = cx.paths.binary_search(&loc.file.as_str()).ok()?;
    let rep = cx.pages.get(i)?.json_representation.as_ref()?;
    let single = rep.properties.iter().any(|r| {
        r.name == *name && !matches!(r.ty, TypeExpr::Collection(_) | TypeExpr::Unknown(_))
    });
    single.then(|| {
        Finding::new(
            &rules::TABLE_JSON_MISMATCH,
            &loc.file,
            loc.at,
            format!("{name}/collection"),
            format!(
                "`{name}` is a collection in the table, but the JSON representation and the examples show a single value"
            ),
        )
        .len(name.chars().count() as u32)
        .help("if the property holds one value, drop `collection` from its type cell")
    })
}

/// What kind of placeholder the value `p` points at is, if it is one.
fn placeholder_at(page: &Page, p: &Placed) -> Option<&'static str> {
    let body = page.examples.get(p.index)?;
    let Some(Body::Json { value }) = &body.body else {
        return None;
    };
    super::examples::placeholder(value.pointer(&p.finding.pointer)?.as_str()?)
}
