//! `missing-section` (a section the page templates require is absent or its heading misspelt)
//! and `heading-case` (a standard heading written with other capitalisation than the templates).
//! A GET, HEAD or DELETE page without a Request body section is only a note: such a request has
//! no body to describe.
//!
//! The permissions section is `permissions-missing`'s business: its table may sit under another
//! heading (`Prerequisites`), and the table is what matters.

use super::Ctx;
use crate::kinds::Method;
use crate::lint::finding::Finding;
use crate::lint::fix::{Fix, Safety, Text};
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::page::Heading;
use crate::parse::page::PageKind;
use crate::parse::reader::normalize;
use crate::span::Span;

/// Standard H2 headings as the templates write them.
const CANONICAL: &[&str] = &[
    "Permissions",
    "Prerequisites",
    "HTTP request",
    "Path parameters",
    "Function parameters",
    "Query parameters",
    "Parameters",
    "Optional query parameters",
    "Request headers",
    "Optional request headers",
    "Request body",
    "Response",
    "Example",
    "Examples",
    "Properties",
    "Relationships",
    "JSON representation",
    "Methods",
    "Members",
    "See also",
];

/// Sections an API page must have: (the heading it starts with, normalized; as written).
const API_SECTIONS: &[(&str, &str)] = &[
    ("http request", "HTTP request"),
    ("request headers", "Request headers"),
    ("request body", "Request body"),
    ("response", "Response"),
    ("example", "Examples"),
];

/// Sections a resource page must have.
const RESOURCE_SECTIONS: &[(&str, &str)] = &[
    ("properties", "Properties"),
    ("json representation", "JSON representation"),
];

/// Runs both rules on one page.
pub fn check(_cx: &Ctx, page: &Page, text: &Text, out: &mut Vec<Finding>) {
    let required = match page.kind {
        PageKind::Api if !page.routes.is_empty() => API_SECTIONS,
        PageKind::Resource if page.json_representation.is_some() || !page.tables.is_empty() => {
            RESOURCE_SECTIONS
        }
        PageKind::Api | PageKind::Resource | PageKind::Enum => &[],
        PageKind::Other => return,
    };
    let h2: Vec<_> = page.headings.iter().filter(|h| h.level == 2).collect();
    for h in &h2 {
        let written = text_of(h);
        let lower = normalize(written);
        if let Some(canon) = CANONICAL.iter().find(|c| c.to_lowercase() == lower) {
            if written != *canon {
                out.push(
                    Finding::new(
                        &rules::HEADING_CASE,
                        &page.path,
                        h.at,
                        format!("heading/{canon}"),
                        format!("heading `{written}` is written `{canon}` in the page templates"),
                    )
                    .len(h.text.chars().count() as u32 + 3)
                    .help(format!("write `## {canon}`"))
                    .fix(rewrite(text, h, text_of(h), canon, Safety::Safe)),
                );
            }
        }
    }
    let title_at = page.title.as_ref().map_or(Span::new(1, 1), |t| t.at);
    for (start, name) in required {
        // `Optional request headers`, `operationError properties` and `HTTP request (upload)`
        // are the section; a JSON representation block under another heading is there too.
        let present = h2.iter().any(|h| {
            let n = normalize(&h.text);
            n.starts_with(start) || n.ends_with(start) || n.contains(&format!(" {start} "))
        }) || (*start == "json representation" && page.json_representation.is_some());
        if present {
            continue;
        }
        // A heading a letter or two away from the required one is a misspelling of it.
        let misspelt = h2.iter().find(|h| {
            let lower = normalize(&h.text);
            let head: String = lower.chars().take(start.chars().count() + 1).collect();
            strsim::levenshtein(&lower, start) <= 2 || strsim::levenshtein(head.trim(), start) <= 1
        });
        // A request without a body needs no section to say so: a note, for teams that want the
        // template followed to the letter.
        let bodiless = *start == "request body"
            && page
                .routes
                .iter()
                .all(|r| matches!(r.route.method, Method::Get | Method::Head | Method::Delete));
        let finding = match misspelt {
            Some(h) => Finding::new(
                &rules::MISSING_SECTION,
                &page.path,
                h.at,
                format!("section/{name}"),
                format!("heading `{}` looks like a misspelt `{name}`", h.text),
            )
            .len(h.text.chars().count() as u32 + 3)
            .help(format!("write `## {name}`"))
            // The heading may be another section that happens to look alike: review it.
            .fix(rewrite(text, h, text_of(h), name, Safety::Unsafe)),
            None => Finding::new(
                &rules::MISSING_SECTION,
                &page.path,
                title_at,
                format!("section/{name}"),
                format!("page has no `## {name}` section"),
            ),
        };
        out.push(if bodiless && misspelt.is_none() {
            finding.note()
        } else {
            finding
        });
    }
}

/// A heading's text without a trailing colon.
fn text_of(h: &Heading) -> &str {
    h.text.trim().trim_end_matches(':').trim()
}

/// The fix that writes `new` for `old` on a heading's line.
fn rewrite(text: &Text, h: &Heading, old: &str, new: &str, safety: Safety) -> Option<Fix> {
    let src = text.source()?;
    let line = src.line(h.at.line);
    let at = line.start + src.text[line.clone()].find(old)?;
    Some(Fix::replace(
        format!("write `{new}`"),
        safety,
        at..at + old.len(),
        new,
    ))
}
