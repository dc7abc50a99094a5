//! Draft leftovers: `todo-placeholder` (placeholder text anywhere a reader sees it),
//! `empty-description` (cells left blank) and `front-matter-field` (metadata left out or blank).

use super::Ctx;
use crate::lint::finding::{Finding, quote};
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::markers::{Description, parse_description};
use crate::parse::page::{PageKind, TableRole};
use crate::span::Span;

/// Front matter keys every reference page carries (one of the localization keys will do).
const REQUIRED_FRONT_MATTER: &[&[&str]] = &[
    &["title"],
    &["description"],
    &["author"],
    &["ms.prod"],
    &["doc_type"],
    &["ms.localizationpriority", "localization_priority"],
];

/// Runs the three rules on one page.
pub fn check(_cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    front_matter(page, out);
    if let Some(t) = &page.title {
        text_placeholders(page, "title", "the title", &t.text, t.at, out);
    }
    for p in &page.intro {
        text_placeholders(page, "intro", "the introduction", &p.text, p.at, out);
    }
    for table in &page.tables {
        let described = matches!(
            table.role,
            TableRole::Properties
                | TableRole::Relationships
                | TableRole::RequestBody
                | TableRole::Parameters
        );
        for row in &table.rows {
            let Some(raw) = &row.description_raw else {
                continue;
            };
            if !flagged(&row.description, described) {
                continue;
            }
            let subject = format!("{}/{}/description", table.section, row.name);
            let what = format!("the description of `{}`", row.name);
            // A row without its description cell: the row is where to look (and what
            // `table-shape` reports; `check::run` keeps one of the two).
            let at = if row.description_at.line == row.at.line {
                row.description_at
            } else {
                row.at
            };
            cell(
                page,
                &subject,
                &what,
                (&row.description, raw, at),
                described,
                out,
            );
        }
    }
    for table in &page.enum_tables {
        for m in &table.members {
            let Some((raw, at)) = &m.description_cell else {
                continue;
            };
            if !flagged(&m.description, true) {
                continue;
            }
            let subject = format!("enum {}/{}/description", table.name, m.name);
            let what = format!("the description of member `{}` of `{}`", m.name, table.name);
            cell(page, &subject, &what, (&m.description, raw, *at), true, out);
        }
    }
    for m in &page.methods {
        if !flagged(&m.description, true) {
            continue;
        }
        let subject = format!("methods/{}/description", m.name);
        let what = format!("the description of method `{}`", m.name);
        let d = (&m.description, m.description_raw.as_str(), m.description_at);
        cell(page, &subject, &what, d, true, out);
    }
    permissions(page, out);
}

/// Whether [`cell`] reports anything for a description: most cells are fine, and their
/// subjects need not be formatted.
fn flagged(desc: &Description, report_empty: bool) -> bool {
    !desc.placeholders.is_empty() || (report_empty && is_empty(desc))
}

fn is_empty(desc: &Description) -> bool {
    blank(&desc.text)
}

/// Whether text says nothing: empty, or only dots, dashes and spaces (`description: "."`).
fn blank(text: &str) -> bool {
    text.trim_matches(['.', ' ', '-']).is_empty()
}

/// Placeholders in one description cell, or the cell being empty.
fn cell(
    page: &Page,
    subject: &str,
    what: &str,
    (desc, raw, at): (&Description, &str, Span),
    report_empty: bool,
    out: &mut Vec<Finding>,
) {
    for p in &desc.placeholders {
        let (pos, len) = inside(raw, at, p.range.clone());
        out.push(
            Finding::new(
                &rules::TODO_PLACEHOLDER,
                &page.path,
                pos,
                subject,
                format!("placeholder in {what}: `{}`", quote(&p.text, 60)),
            )
            .len(len),
        );
    }
    if report_empty && is_empty(desc) && desc.placeholders.is_empty() {
        out.push(Finding::new(
            &rules::EMPTY_DESCRIPTION,
            &page.path,
            at,
            subject,
            format!("{} is empty", upper_first(what)),
        ));
    }
}

/// The page position and length of `range` inside a one-line cell that starts at `at`.
fn inside(raw: &str, at: Span, range: std::ops::Range<usize>) -> (Span, u32) {
    let before = raw.get(..range.start).unwrap_or_default();
    let len = raw.get(range).map_or(1, |s| s.chars().count()) as u32;
    (
        Span::new(at.line, at.col + before.chars().count() as u32),
        len,
    )
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn text_placeholders(
    page: &Page,
    subject: &str,
    what: &str,
    text: &str,
    at: Span,
    out: &mut Vec<Finding>,
) {
    for p in parse_description(text).placeholders {
        // Title and summary text has its markup removed, so only the start is exact.
        out.push(
            Finding::new(
                &rules::TODO_PLACEHOLDER,
                &page.path,
                at,
                subject,
                format!("placeholder in {what}: `{}`", quote(&p.text, 60)),
            )
            .len(text.chars().count() as u32),
        );
    }
}

fn front_matter(page: &Page, out: &mut Vec<Finding>) {
    for (key, value) in &page.front_matter {
        let (Some(key), Some(value)) = (key.as_str(), value.as_str()) else {
            continue;
        };
        let Some(at) = page.front_at(key) else {
            continue;
        };
        for p in parse_description(value).placeholders {
            let (pos, len) = inside(value, at, p.range.clone());
            out.push(
                Finding::new(
                    &rules::TODO_PLACEHOLDER,
                    &page.path,
                    pos,
                    format!("front-matter/{key}"),
                    format!(
                        "placeholder in front matter `{key}`: `{}`",
                        quote(&p.text, 60)
                    ),
                )
                .len(len),
            );
        }
    }
    if !matches!(
        page.kind,
        PageKind::Api | PageKind::Resource | PageKind::Enum
    ) {
        return;
    }
    let first_line = Span::new(1, 1);
    for keys in REQUIRED_FRONT_MATTER {
        let Some(key) = keys.iter().find(|k| page.front_matter.contains_key(**k)) else {
            out.push(Finding::new(
                &rules::FRONT_MATTER_FIELD,
                &page.path,
                first_line,
                format!("front-matter/{}", keys[0]),
                format!("front matter has no `{}`", keys.join("` or `")),
            ));
            continue;
        };
        let value = page.front(key).unwrap_or_default();
        if blank(&value) {
            let at = page.front_at(key).unwrap_or(first_line);
            out.push(Finding::new(
                &rules::FRONT_MATTER_FIELD,
                &page.path,
                at,
                format!("front-matter/{key}"),
                format!("front matter `{key}` is empty"),
            ));
        }
    }
}

fn permissions(page: &Page, out: &mut Vec<Finding>) {
    let Some(perms) = &page.permissions else {
        return;
    };
    for row in &perms.rows {
        if !row.placeholder {
            continue;
        }
        // Rows read from an include carry positions in the include; the page's include line
        // is where a reader of this page finds them.
        let (at, from) = match &perms.include {
            Some(inc) => (perms.at, format!(" (in `{inc}`)")),
            None => (row.at, String::new()),
        };
        let text = parse_description(&row.raw)
            .placeholders
            .first()
            .map_or_else(|| row.raw.clone(), |p| p.text.clone());
        let len = if perms.include.is_some() {
            1
        } else {
            row.raw
                .split(" | ")
                .next()
                .unwrap_or_default()
                .chars()
                .count() as u32
        };
        out.push(
            Finding::new(
                &rules::TODO_PLACEHOLDER,
                &page.path,
                at,
                format!("permissions/{}", row.kind),
                format!(
                    "placeholder instead of permissions for `{}`{from}: `{}`",
                    row.kind,
                    quote(&text, 60)
                ),
            )
            .len(len),
        );
    }
}
