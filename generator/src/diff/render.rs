//! A changelog as Markdown (for a pull-request comment) or JSON.
//!
//! Markdown fits one comment by default ([`COMMENT_LIMIT`]): a summary table first, breaking
//! changes in full, then docs fixes, non-breaking and (when asked) description-only changes in
//! `<details>`, where a run of like changes (the new members of one enum, the routes of one page
//! with the same change, the properties of one type) is one line with a count. Rows that do not
//! fit are counted, not shown. [`Options::full`] shows every change on its own row with no
//! limit; JSON always keeps every change.

use super::{Change, Changelog, Impact, Item, Kind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The most characters a pull-request comment holds.
pub const COMMENT_LIMIT: usize = 65_536;

/// Like changes at least this many in a group are one line.
const BULK: usize = 3;

/// What the Markdown shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Also list description-only changes.
    pub descriptions: bool,
    /// Every change on its own row, with no size limit.
    pub full: bool,
}

/// Markdown text that stops growing at a limit (in characters).
struct Doc {
    text: String,
    chars: usize,
    limit: usize,
}

impl Doc {
    fn push(&mut self, s: &str) {
        self.chars += s.chars().count();
        self.text.push_str(s);
    }

    /// Whether `s` fits while `reserve` characters stay free for what must follow.
    fn fits(&self, s: &str, reserve: usize) -> bool {
        self.chars + s.chars().count() + reserve <= self.limit
    }
}

fn item_word(item: Item) -> &'static str {
    match item {
        Item::Type => "type",
        Item::Property => "property",
        Item::Enum => "enum",
        Item::Member => "member",
        Item::Operation => "route",
    }
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Added => "added",
        Kind::Removed => "removed",
        Kind::Renamed => "renamed",
        Kind::Changed => "changed",
    }
}

fn cell(t: &str) -> String {
    t.replace('|', "\\|").replace('\n', " ")
}

/// A code span that survives backticks in the text.
fn code(t: &str) -> String {
    if t.contains('`') {
        format!("`` {} ``", cell(t))
    } else {
        format!("`{}`", cell(t))
    }
}

fn at(c: &Change) -> String {
    c.location
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// One row of a change: change, item, detail, where (and what a docs fix stands on).
fn row(c: &Change, with_basis: bool) -> String {
    let mut detail = cell(&c.detail);
    if let Some(was) = &c.was {
        let from = match &c.was_at {
            Some(l) => format!("was {} at {}", code(was), cell(&l.to_string())),
            None => format!("was {}", code(was)),
        };
        detail = if detail.is_empty() {
            from
        } else {
            format!("{detail}; {from}")
        };
    }
    let mut r = format!(
        "| {} {} | {} | {} | {} |",
        kind_word(c.kind),
        item_word(c.item),
        code(&c.subject),
        detail,
        cell(&at(c))
    );
    if with_basis {
        let _ = write!(r, " {} |", cell(c.basis.as_deref().unwrap_or_default()));
    }
    r.push('\n');
    r
}

/// What like changes share: the enum of new members, the page of route changes, the type of
/// property changes, with the same class and detail. Types and enums stay one a row.
fn group_key(c: &Change) -> Option<(super::Class, String, String)> {
    let owner = match c.item {
        Item::Member | Item::Property => c.subject.rsplit_once('.')?.0.to_owned(),
        // The same permission change runs over many pages of one service.
        Item::Operation if c.class == super::Class::PermissionsChanged => "routes".to_owned(),
        Item::Operation => c.location.as_ref()?.file.clone(),
        Item::Type | Item::Enum => return None,
    };
    Some((c.class, owner, c.detail.clone()))
}

/// One line for a run of like changes.
fn bulk_row(group: &[&Change], owner: &str, with_basis: bool) -> String {
    let first = group[0];
    let names: Vec<String> = group
        .iter()
        .take(3)
        .map(|c| match c.item {
            Item::Member | Item::Property => {
                code(c.subject.rsplit_once('.').map_or(&*c.subject, |x| x.1))
            }
            _ => code(&c.subject),
        })
        .collect();
    let more = group.len().saturating_sub(names.len());
    let plural = match first.item {
        Item::Type => "types",
        Item::Property => "properties",
        Item::Enum => "enums",
        Item::Member => "members",
        Item::Operation => "routes",
    };
    let mut detail = format!("{} {plural}: {}", group.len(), names.join(", "));
    if more > 0 {
        let _ = write!(detail, " and {more} more");
    }
    if !first.detail.is_empty() {
        let _ = write!(detail, "; {}", cell(&first.detail));
    }
    let mut r = format!(
        "| {} {} ×{} | {} | {} | {} |",
        kind_word(first.kind),
        item_word(first.item),
        group.len(),
        code(owner),
        detail,
        cell(&at(first))
    );
    if with_basis {
        let basis = first.basis.as_deref().unwrap_or_default();
        let _ = write!(r, " {} (the first of them) |", cell(basis));
    }
    r.push('\n');
    r
}

/// The rows of one section: each change, or runs of like changes as one line unless `full`.
fn rows(changes: &[&Change], full: bool, with_basis: bool) -> Vec<String> {
    if full {
        return changes.iter().map(|c| row(c, with_basis)).collect();
    }
    // Changes to what users have today come before additions, so they are the last to be cut.
    let mut changes = changes.to_vec();
    changes.sort_by_key(|c| c.kind != Kind::Changed);
    let mut groups: BTreeMap<(super::Class, String, String), Vec<&Change>> = BTreeMap::new();
    for c in &changes {
        if let Some(k) = group_key(c) {
            groups.entry(k).or_default().push(c);
        }
    }
    let mut out = Vec::new();
    let mut done: BTreeMap<(super::Class, String, String), ()> = BTreeMap::new();
    for c in &changes {
        match group_key(c) {
            Some(k) if groups.get(&k).is_some_and(|g| g.len() >= BULK) => {
                if done.insert(k.clone(), ()).is_none() {
                    out.push(bulk_row(&groups[&k], &k.1, with_basis));
                }
            }
            _ => out.push(row(c, with_basis)),
        }
    }
    out
}

const SECTIONS: [(Impact, &str, &str); 4] = [
    (
        Impact::Breaking,
        "Breaking",
        "code using the generated crate may no longer compile, or data it parsed may no longer parse",
    ),
    (
        Impact::DocsFix,
        "Docs fixes",
        "the docs fixed or broke their own markup; each stands on a diagnostic or an annotation-only fact of one side, not on an API change",
    ),
    (
        Impact::NonBreaking,
        "Non-breaking",
        "additions and relaxations",
    ),
    (
        Impact::Description,
        "Description only",
        "only documentation text changed",
    ),
];

/// The summary table: changes by item and impact.
fn summary(log: &Changelog, opts: Options) -> String {
    let mut s = String::from(
        "| | breaking | docs fixes | non-breaking | description only |\n|---|---:|---:|---:|---:|\n",
    );
    let items = [
        (Item::Type, "types"),
        (Item::Property, "properties"),
        (Item::Enum, "enums"),
        (Item::Member, "enum members"),
        (Item::Operation, "routes"),
    ];
    let count = |item: Option<Item>, impact: Impact| {
        log.changes
            .iter()
            .filter(|c| c.impact == impact && item.is_none_or(|i| c.item == i))
            .count()
    };
    let order = [
        Impact::Breaking,
        Impact::DocsFix,
        Impact::NonBreaking,
        Impact::Description,
    ];
    for (item, name) in items
        .iter()
        .map(|(i, n)| (Some(*i), *n))
        .chain([(None, "**all**")])
    {
        let _ = write!(s, "| {name} |");
        for impact in order {
            let n = count(item, impact);
            if impact == Impact::Description && !opts.descriptions && n > 0 {
                let _ = write!(s, " {n} (not shown) |");
            } else {
                let _ = write!(s, " {n} |");
            }
        }
        s.push('\n');
    }
    s
}

/// Markdown: a summary table, breaking changes in full, the rest in `<details>`; within
/// [`COMMENT_LIMIT`] characters unless `opts.full`.
pub fn markdown(log: &Changelog, opts: Options) -> String {
    let mut doc = Doc {
        text: String::new(),
        chars: 0,
        limit: if opts.full { usize::MAX } else { COMMENT_LIMIT },
    };
    doc.push("## API changes\n\n");
    doc.push(&summary(log, opts));
    doc.push("\n");
    // Room kept for the closing lines of a section and the note on what was left out.
    const RESERVE: usize = 600;
    let mut left_out = 0usize;
    for (impact, title, what) in SECTIONS {
        if impact == Impact::Description && !opts.descriptions {
            continue;
        }
        let changes: Vec<&Change> = log.changes.iter().filter(|c| c.impact == impact).collect();
        if changes.is_empty() {
            continue;
        }
        let with_basis = impact == Impact::DocsFix;
        let rows = rows(
            &changes,
            opts.full || impact == Impact::Breaking,
            with_basis,
        );
        let folded = impact != Impact::Breaking;
        let mut head = format!("### {title} ({})\n\n", changes.len());
        if folded {
            let _ = write!(
                head,
                "<details><summary>{} {}: {what}</summary>\n\n",
                changes.len(),
                title.to_lowercase()
            );
        } else {
            let mut chars = what.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            let _ = writeln!(head, "{}{}.\n", first.unwrap_or_default(), chars.as_str());
        }
        head.push_str(if with_basis {
            "| change | item | detail | where | stands on |\n|---|---|---|---|---|\n"
        } else {
            "| change | item | detail | where |\n|---|---|---|---|\n"
        });
        if !doc.fits(&head, RESERVE) {
            left_out += changes.len();
            continue;
        }
        doc.push(&head);
        let mut shown = 0;
        for r in &rows {
            if !doc.fits(r, RESERVE) {
                break;
            }
            doc.push(r);
            shown += 1;
        }
        if shown < rows.len() {
            left_out += rows.len() - shown;
            doc.push(&format!(
                "\n{} more rows of this section are not shown.\n",
                rows.len() - shown
            ));
        }
        doc.push(if folded { "\n</details>\n\n" } else { "\n" });
    }
    if left_out > 0 {
        doc.push(&format!(
            "{left_out} rows did not fit in one comment: `docgen diff --full` or `--format json` lists every change.\n"
        ));
    }
    doc.text
}

/// JSON: the counts and every change shown.
pub fn json(log: &Changelog, with_descriptions: bool) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        breaking: usize,
        non_breaking: usize,
        docs_fixes: usize,
        description_only: usize,
        changes: Vec<&'a super::Change>,
    }
    let doc = Doc {
        breaking: log.count(Impact::Breaking),
        non_breaking: log.count(Impact::NonBreaking),
        docs_fixes: log.count(Impact::DocsFix),
        description_only: log.count(Impact::Description),
        changes: log
            .changes
            .iter()
            .filter(|c| with_descriptions || c.impact != Impact::Description)
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Change, Class};

    fn change(class: Class, item: Item, kind: Kind, subject: String, file: &str) -> Change {
        Change {
            impact: class.impact(),
            item,
            kind,
            subject,
            detail: String::new(),
            location: Some(crate::span::Location::new(
                file,
                crate::span::Span::new(1, 1),
            )),
            class,
            was: None,
            was_at: None,
            basis: None,
        }
    }

    /// Thousands of changes: one line for the new members of one enum, breaking changes in
    /// full, the rest cut at the comment limit with a count; `full` shows every row.
    #[test]
    fn a_large_changelog_fits_one_comment_and_full_shows_every_row() {
        let mut changes: Vec<Change> = (0..5000)
            .map(|i| {
                let s = format!("microsoft.graph.printerState.member{i}");
                change(
                    Class::MemberAdded,
                    Item::Member,
                    Kind::Added,
                    s,
                    "resources/enums.md",
                )
            })
            .collect();
        for i in 0..3000 {
            let s = format!("GET /some/rather/long/route/number/{i}/with/segments");
            let page = format!("api/page-{i}.md");
            changes.push(change(
                Class::RouteAdded,
                Item::Operation,
                Kind::Added,
                s,
                &page,
            ));
        }
        for i in 0..40 {
            let s = format!("microsoft.graph.gone{i}");
            changes.push(change(
                Class::TypeRemoved,
                Item::Type,
                Kind::Removed,
                s,
                "resources/x.md",
            ));
        }
        changes.sort();
        let log = Changelog { changes };
        let md = markdown(&log, Options::default());
        assert!(
            md.chars().count() <= COMMENT_LIMIT,
            "{}",
            md.chars().count()
        );
        assert!(md.contains("| added member ×5000 | `microsoft.graph.printerState` |"));
        assert!((0..40).all(|i| md.contains(&format!("`microsoft.graph.gone{i}`"))));
        assert!(md.contains("rows did not fit in one comment"), "{md}");
        let full = markdown(
            &log,
            Options {
                descriptions: false,
                full: true,
            },
        );
        let rows = full
            .lines()
            .filter(|l| l.starts_with("| added") || l.starts_with("| removed"))
            .count();
        assert_eq!(rows, log.changes.len());
    }
}
