//! A changelog as Markdown (for a pull-request comment) or JSON.

use super::{Changelog, Impact, Kind};
use serde::Serialize;
use std::fmt::Write;

/// Markdown: counts, then a table per impact. Description-only changes appear only when asked.
pub fn markdown(log: &Changelog, with_descriptions: bool) -> String {
    let mut s = String::new();
    let breaking = log.count(Impact::Breaking);
    let other = log.count(Impact::NonBreaking);
    let desc = log.count(Impact::Description);
    let _ = writeln!(s, "## API changes\n");
    let _ = writeln!(
        s,
        "{breaking} breaking, {other} non-breaking{}.\n",
        if with_descriptions {
            format!(", {desc} description-only")
        } else if desc > 0 {
            format!(" ({desc} description-only changes not shown)")
        } else {
            String::new()
        }
    );
    let sections = [
        (Impact::Breaking, "Breaking"),
        (Impact::NonBreaking, "Non-breaking"),
        (Impact::Description, "Description only"),
    ];
    for (impact, title) in sections {
        if impact == Impact::Description && !with_descriptions {
            continue;
        }
        let rows: Vec<_> = log.changes.iter().filter(|c| c.impact == impact).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "### {title}\n\n| change | item | detail | where |\n|---|---|---|---|"
        );
        for c in rows {
            let kind = match c.kind {
                Kind::Added => "added",
                Kind::Removed => "removed",
                Kind::Changed => "changed",
            };
            let item = serde_json::to_value(c.item)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let cell = |t: &str| t.replace('|', "\\|");
            let at = c
                .location
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "| {kind} {item} | `{}` | {} | {} |",
                cell(&c.subject),
                cell(&c.detail),
                cell(&at)
            );
        }
        s.push('\n');
    }
    s
}

/// JSON: the counts and every change shown.
pub fn json(log: &Changelog, with_descriptions: bool) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        breaking: usize,
        non_breaking: usize,
        description_only: usize,
        changes: Vec<&'a super::Change>,
    }
    let doc = Doc {
        breaking: log.count(Impact::Breaking),
        non_breaking: log.count(Impact::NonBreaking),
        description_only: log.count(Impact::Description),
        changes: log
            .changes
            .iter()
            .filter(|c| with_descriptions || c.impact != Impact::Description)
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
