//! Findings for people, in the style of rustc: severity, rule id, message, `file:line:col`, the
//! source line with a caret under the finding, a fix, and a summary by rule at the end.

use super::Summary;
use crate::diag::Severity;
use crate::docs::DocsTree;
use crate::lint::finding::Finding;
use crate::lint::rules::rule_of;
use crate::span::LineIndex;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::collections::HashMap;

/// Renders findings with the source lines of `tree`; `color` adds ANSI styles. `hidden` are
/// the findings below the severity shown: the summary counts them.
pub fn human(findings: &[Finding], hidden: &[Finding], tree: &DocsTree, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let texts: HashMap<&str, &str> = tree
        .pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut lines: HashMap<&str, LineIndex> = HashMap::new();
    let mut out = String::new();
    for f in findings {
        let source = texts.get(f.file.as_str()).map(|text| {
            lines
                .entry(f.file.as_str())
                .or_insert_with(|| LineIndex::new(text))
                .line_text(f.line)
        });
        out.push_str(&renderer.render(&[group(f, source)]));
        out.push_str("\n\n");
    }
    out.push_str(&Summary::of(findings).hiding(hidden).text());
    out
}

fn group<'a>(f: &'a Finding, source: Option<&'a str>) -> Group<'a> {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let title = level.primary_title(f.message.as_str()).id(f.rule.as_str());
    let group = match source {
        Some(line) => {
            let span = byte_span(line, f.col, f.len);
            title.element(
                Snippet::source(line)
                    .line_start(f.line as usize)
                    .path(f.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        // A page the tree does not hold (an include): the place without its text.
        None => title.element(
            Origin::path(f.file.as_str())
                .line(f.line as usize)
                .char_column(f.col as usize),
        ),
    };
    let help = f
        .help
        .as_deref()
        .or_else(|| rule_of(f.rule).map(|r| r.hint));
    match help {
        Some(h) => group.element(Level::HELP.message(h)),
        None => group,
    }
}

/// Byte range of `len` characters from 1-based character column `col`, clamped to the line.
fn byte_span(line: &str, col: u32, len: u32) -> std::ops::Range<usize> {
    let at = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(b, _)| b);
    let start = at((col as usize).saturating_sub(1));
    let end = at((col as usize).saturating_sub(1) + len.max(1) as usize);
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters() {
        assert_eq!(byte_span("aüb", 2, 1), 1..3);
        assert_eq!(byte_span("aüb", 3, 5), 3..4);
        assert_eq!(byte_span("ab", 9, 1), 2..2);
    }
}
