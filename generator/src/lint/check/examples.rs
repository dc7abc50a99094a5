//! Examples against the rest of the page and the model: `placeholder-value` (type names where
//! values belong), `example-unknown-property` (keys the type does not have),
//! `enum-value-unknown` (values an enum does not have) and `status-mismatch` (prose vs status
//! line).
//!
//! Keys and enum values are read from the one walk of each example against the model
//! (`roundtrip::ExampleTyper::page`, which the round trip judges by too); lint lets pass what
//! the walk says may be right (`roundtrip::Excuse`: a derived type's key, `id` where pages leave
//! out the base, a key the route's or the `@odata.type`'s type has, a type no page lists
//! properties of) and words the rest for a writer.

use super::Ctx;
use crate::diag::Severity;
use crate::lint::finding::{Finding, quote};
use crate::lint::rules::{self, Rule};
use crate::parse::Page;
use crate::parse::example::Body;
use crate::parse::page::{Example, ExampleKind};
use crate::roundtrip::{FindingDetail, Owner, TypeSource, UnknownKey, UnknownMember, Walked};
use crate::span::Span;

pub use crate::roundtrip::example_name;

/// Runs the four rules on one page, reading keys and enum values from its walked examples.
pub fn check(cx: &Ctx, page: &Page, walked: &[Walked], out: &mut Vec<Finding>) {
    status(page, out);
    for (i, e) in page.examples.iter().enumerate() {
        if let Some(Body::Json { value }) = &e.body {
            placeholders(page, e, &example_name(e, i), value, out);
        }
    }
    for w in walked {
        let (Some(e), Ok(typing)) = (page.examples.get(w.index), &w.typing) else {
            continue;
        };
        let stands_in = placeholder_pointers(e);
        // A request to a URL the page does not document sends something else (another
        // example's subject), so the page's route says nothing of its body;
        // `example-route-mismatch` reports the URL.
        if typing.source == TypeSource::Route
            && e.kind == ExampleKind::Request
            && !super::routes::matches_page(page, e)
        {
            continue;
        }
        for f in &w.findings {
            match &f.detail {
                FindingDetail::Key(k) if k.excuse.is_none() => key(page, e, &w.name, f, k, out),
                // A placeholder is `placeholder-value`'s.
                FindingDetail::Member(_) if stands_in.contains(&f.pointer) => {}
                FindingDetail::Member(m) => member(cx, page, e, &w.name, f, m, out),
                _ => {}
            }
        }
    }
}

/// The pointers of the placeholder values of example `e`'s body: `placeholder-value` reports
/// each, and no other rule does.
pub fn placeholder_pointers(e: &Example) -> Vec<String> {
    match &e.body {
        Some(Body::Json { value }) => crate::roundtrip::placeholders(value)
            .into_iter()
            .map(|(p, _)| p)
            .collect(),
        _ => Vec::new(),
    }
}

/// Where the value at `pointer` of example `e` is.
fn value_at(e: &Example, pointer: &str) -> (Span, u32) {
    e.json_at
        .iter()
        .find(|j| j.pointer == pointer)
        .map_or((Span::new(1, 1), 1), |j| j.value)
}

fn push(
    page: &Page,
    name: &str,
    rule: &'static Rule,
    (at, len): (Span, u32),
    pointer: &str,
    message: String,
    help: Option<String>,
) -> Finding {
    let subject = format!("example {name}{pointer}");
    let mut f = Finding::new(rule, &page.path, at, subject, message).len(len);
    f.help = help;
    f
}

/// `placeholder-value` over every string of a body.
fn placeholders(
    page: &Page,
    e: &Example,
    name: &str,
    root: &serde_json::Value,
    out: &mut Vec<Finding>,
) {
    for (p, what) in crate::roundtrip::placeholders(root) {
        let Some(serde_json::Value::String(s)) = root.pointer(&p) else {
            continue;
        };
        let key = last_key(&p);
        let of = if key.is_empty() || key.chars().all(|c| c.is_ascii_digit()) {
            String::new()
        } else {
            format!(" of `{key}`")
        };
        let what = what.describe();
        let message = format!("example value `\"{s}\"`{of} is {what}, not a value");
        let at = value_at(e, &p);
        out.push(push(
            page,
            name,
            &rules::PLACEHOLDER_VALUE,
            at,
            &p,
            message,
            None,
        ));
    }
}

/// `example-unknown-property` for a key its object's type (or the action) does not list.
fn key(
    page: &Page,
    e: &Example,
    name: &str,
    f: &crate::roundtrip::Finding,
    k: &UnknownKey,
    out: &mut Vec<Finding>,
) {
    let base = &k.name;
    let at = crate::roundtrip::locate(e, f);
    let (message, help) = match (&k.owner, &k.case_of) {
        (Owner::Envelope, _) => (
            format!("example key `{base}` is not part of a collection or value response"),
            None,
        ),
        (owner, Some(right)) => (
            format!(
                "example key `{base}` differs only in case from `{right}` of {}",
                owner_text(owner)
            ),
            Some(format!("write `{right}`")),
        ),
        (owner, None) => (
            format!(
                "example key `{base}` is not a property of {}",
                owner_text(owner)
            ),
            None,
        ),
    };
    out.push(push(
        page,
        name,
        &rules::EXAMPLE_UNKNOWN_PROPERTY,
        at,
        &f.pointer,
        message,
        help,
    ));
}

fn owner_text(owner: &Owner) -> String {
    match owner {
        Owner::Type(q) => format!("`{q}`"),
        Owner::Parameters => "the action's parameters".to_owned(),
        Owner::Envelope => "the response".to_owned(),
    }
}

/// `enum-value-unknown` for each part of an enum value that is not a member.
fn member(
    cx: &Ctx,
    page: &Page,
    e: &Example,
    name: &str,
    f: &crate::roundtrip::Finding,
    m: &UnknownMember,
    out: &mut Vec<Finding>,
) {
    let at = crate::roundtrip::locate(e, f);
    let members: Vec<&str> = cx
        .api
        .enum_def(&m.enum_name)
        .map(|d| d.members.iter().map(|m| m.name.as_str()).collect())
        .unwrap_or_default();
    for (part, case) in &m.parts {
        let of = m
            .property
            .as_ref()
            .map(|p| format!(" (the type of `{p}`)"))
            .unwrap_or_default();
        let (message, help, severity) = match case {
            // Services mostly accept any case; the docs should still show the member.
            Some(right) => (
                match &m.property {
                    Some(p) => format!(
                        "`{part}` for `{p}` differs only in case from member `{right}` of `{}`",
                        m.enum_name
                    ),
                    None => format!(
                        "`{part}` differs only in case from member `{right}` of `{}`",
                        m.enum_name
                    ),
                },
                format!("write `{right}`"),
                Severity::Note,
            ),
            None => (
                format!(
                    "`{}` is not a member of `{}`{of}",
                    quote(part, 60),
                    m.enum_name
                ),
                format!("members: {}", quote(&members.join(", "), 120)),
                rules::ENUM_VALUE_UNKNOWN.severity,
            ),
        };
        let mut finding = push(
            page,
            name,
            &rules::ENUM_VALUE_UNKNOWN,
            at,
            &f.pointer,
            message,
            Some(help),
        );
        finding.severity = severity;
        out.push(finding);
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
