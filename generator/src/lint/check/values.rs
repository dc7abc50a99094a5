//! `example-type-mismatch` and `example-value-format`: example values that the generated types
//! cannot read as the tables type them, found by the same walk the round trip uses (so lint
//! reports every docs defect the round trip fails on, at its line). Unknown keys and enum
//! members are `examples`' to report: its walk knows the allowances pages need there.

use super::Ctx;
use crate::diag::Severity;
use crate::lint::finding::Finding;
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::example::Body;
use crate::roundtrip::{Cause, Effect, Placed};

/// Runs the two rules on one page.
pub fn check(cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    for p in cx.typer.placed_findings(page) {
        // `"datetime-value"` where a timestamp belongs is `placeholder-value`'s to report.
        if placeholder_at(page, &p).is_some() {
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

/// What kind of placeholder the value `p` points at is, if it is one.
fn placeholder_at(page: &Page, p: &Placed) -> Option<&'static str> {
    let body = page.examples.get(p.index)?;
    let Some(Body::Json { value }) = &body.body else {
        return None;
    };
    super::examples::placeholder(value.pointer(&p.finding.pointer)?.as_str()?)
}
