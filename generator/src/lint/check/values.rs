//! `example-type-mismatch` and `example-value-format`: example values that the generated types
//! cannot read as the tables type them, read from the walk the round trip judges by
//! (`roundtrip::ExampleTyper::page`), so lint reports every docs defect the round trip fails
//! on, at its line. Unknown keys and enum members of the same walk are `examples`' to report.
//!
//! Blame goes where the docs disagree with themselves: a single value where the table says
//! collection, on a type whose JSON representation also shows a single value, is reported once,
//! at the table row (`table-json-mismatch`), not at every example.

use super::Ctx;
use crate::diag::Severity;
use crate::lint::finding::Finding;
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::typeexpr::TypeExpr;
use crate::roundtrip::{Cause, Effect, FindingDetail, Walked};

/// Runs the two rules on one page, from its examples as the round trip walked them.
pub fn check(cx: &Ctx, page: &Page, walked: &[Walked], out: &mut Vec<Finding>) {
    for w in walked {
        let Some(e) = page.examples.get(w.index) else {
            continue;
        };
        // `"datetime-value"` where a timestamp belongs is `placeholder-value`'s to report.
        let stands_in = super::examples::placeholder_pointers(e);
        for f in &w.findings {
            if stands_in.contains(&f.pointer) {
                continue;
            }
            let rule = match f.cause {
                Cause::TypeMismatch => &rules::EXAMPLE_TYPE_MISMATCH,
                Cause::DateNumberFormat => &rules::EXAMPLE_VALUE_FORMAT,
                _ => continue,
            };
            // A single value where the table says collection, and the type's own JSON
            // representation shows a single value too: the table row is what to fix.
            if let Some(row) = outvoted_row(cx, f) {
                out.push(row);
                continue;
            }
            let (at, len) = crate::roundtrip::locate(e, f);
            let subject = format!("example {}{}", w.name, f.pointer);
            let mut finding =
                Finding::new(rule, &page.path, at, subject, f.message.clone()).len(len);
            // A 64-bit integer or a floating-point number written as a string is OData's
            // IEEE754Compatible form: clients read it, only its form changes.
            if f.effect == Effect::Normalized {
                finding.severity = Severity::Note;
            }
            out.push(finding);
        }
    }
}

/// The finding on a property's table row when an example gives it a single value, the table
/// types it as a collection, and the JSON representation on the row's page shows a single value
/// as well: two sides of the docs against one. The same finding comes from every such example
/// (the report drops the repeats).
fn outvoted_row(cx: &Ctx, f: &crate::roundtrip::Finding) -> Option<Finding> {
    let (name, loc) = f.property.as_ref()?;
    if f.cause != Cause::TypeMismatch || f.detail != FindingDetail::SingleForCollection {
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
