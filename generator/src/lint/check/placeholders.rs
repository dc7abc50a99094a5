//! Draft leftovers: `todo-placeholder` (placeholder text anywhere a reader sees it),
//! `empty-description` (cells left blank) and `front-matter-field` (metadata left out or blank).

use super::Ctx;
use crate::lint::finding::{Finding, quote};
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::markers::Description;
use crate::parse::page::{PageKind, ProsePlace, TableRole};
use crate::span::Span;

/// Front matter keys every reference page carries (one of the localization keys will do; newer
/// pages name their service with `ms.subservice` where older ones have `ms.prod`).
const REQUIRED_FRONT_MATTER: &[&[&str]] = &[
    &["title"],
    &["description"],
    &["author"],
    &["ms.prod", "ms.subservice"],
    &["doc_type"],
    &["ms.localizationpriority", "localization_priority"],
];

/// Runs the three rules on one page.
pub fn check(_cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    front_matter(page, out);
    prose(page, out);
    for table in &page.tables {
        let described = matches!(
            table.role,
            TableRole::Properties
                | TableRole::Relationships
                | TableRole::RequestBody
                | TableRole::Parameters
        );
        for row in &table.rows {
            if !row.described || !flagged(&row.description, described) {
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
                (&row.description, at),
                described,
                out,
            );
        }
    }
    for table in &page.enum_tables {
        for m in &table.members {
            let Some(at) = m.description_at else {
                continue;
            };
            if !flagged(&m.description, true) {
                continue;
            }
            let subject = format!("enum {}/{}/description", table.name, m.name);
            let what = format!("the description of member `{}` of `{}`", m.name, table.name);
            cell(page, &subject, &what, (&m.description, at), true, out);
        }
    }
    for m in &page.methods {
        if !flagged(&m.description, true) {
            continue;
        }
        let subject = format!("methods/{}/description", m.name);
        let what = format!("the description of method `{}`", m.name);
        let d = (&m.description, m.description_at);
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

/// Placeholders in one description cell (placed by parse), or the cell being empty.
fn cell(
    page: &Page,
    subject: &str,
    what: &str,
    (desc, at): (&Description, Span),
    report_empty: bool,
    out: &mut Vec<Finding>,
) {
    for p in &desc.placeholders {
        out.push(
            Finding::new(
                &rules::TODO_PLACEHOLDER,
                &page.path,
                p.at,
                subject,
                format!("placeholder in {what}: `{}`", quote(&p.text, 60)),
            )
            .len(p.len),
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

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Placeholders in the title, the introduction and front matter values.
fn prose(page: &Page, out: &mut Vec<Finding>) {
    for p in &page.prose_placeholders {
        let (subject, message) = match &p.place {
            ProsePlace::FrontMatter(key) => (
                format!("front-matter/{key}"),
                format!(
                    "placeholder in front matter `{key}`: `{}`",
                    quote(&p.text, 60)
                ),
            ),
            ProsePlace::Title => (
                "title".to_owned(),
                format!("placeholder in the title: `{}`", quote(&p.text, 60)),
            ),
            ProsePlace::Intro => (
                "intro".to_owned(),
                format!("placeholder in the introduction: `{}`", quote(&p.text, 60)),
            ),
        };
        out.push(
            Finding::new(&rules::TODO_PLACEHOLDER, &page.path, p.at, subject, message).len(p.len),
        );
    }
}

fn front_matter(page: &Page, out: &mut Vec<Finding>) {
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
        let Some((text, first_cell)) = &row.placeholder_text else {
            continue;
        };
        // Rows read from an include carry positions in the include; the page's include line
        // is where a reader of this page finds them.
        let (at, from) = match &perms.include {
            Some(inc) => (perms.at, format!(" (in `{inc}`)")),
            None => (row.at, String::new()),
        };
        let len = if perms.include.is_some() {
            1
        } else {
            *first_cell
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
                    quote(text, 60)
                ),
            )
            .len(len),
        );
    }
}
