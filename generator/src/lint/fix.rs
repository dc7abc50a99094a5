//! Fixes: structured edits a check attaches to its finding when the remedy is mechanical, and
//! applying them to a page's text.
//!
//! An edit is a byte range of the page's text as read (after a byte-order mark) and its
//! replacement. A fix is safe when it cannot change what the page says (a heading's case, a
//! trailing comma, a link's separators or case); the others (a misspelt heading made the
//! standard one, a comment dropped from an example) are unsafe and applied only when asked, as
//! ruff splits them. Fixes whose edits overlap an earlier one are left for the next pass.

use crate::span::{LineIndex, Span};
use serde::Serialize;
use std::ops::Range;

/// Whether a fix may be applied without review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Cannot change what the page says: applied by `--fix`.
    Safe,
    /// Changes text a writer may have meant: applied with `--unsafe-fixes`.
    Unsafe,
}

impl std::fmt::Display for Safety {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        })
    }
}

/// One replacement in a page's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Byte range of the page's text.
    pub range: Range<usize>,
    /// What replaces it.
    pub replacement: String,
}

/// A finding's fix: edits of its page, applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What it does, in a few words (`write \`## HTTP request\``).
    pub title: String,
    /// Safe or unsafe.
    pub safety: Safety,
    /// Edits in text order, not overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit.
    pub fn replace(
        title: impl Into<String>,
        safety: Safety,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Self {
        Fix {
            title: title.into(),
            safety,
            edits: vec![Edit {
                range,
                replacement: replacement.into(),
            }],
        }
    }
}

/// Applies the fixes it can to `text`: in order of their first edit, skipping any whose edits
/// overlap one already taken or fall outside the text. Returns the new text and how many fixes
/// were applied.
pub fn apply<'f>(text: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> (String, usize) {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits[0].range.start);
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let fits = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
                && taken
                    .iter()
                    .all(|t| e.range.end <= t.range.start || t.range.end <= e.range.start)
        });
        if fits {
            taken.extend(&fix.edits);
            applied += 1;
        }
    }
    taken.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in taken {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// A page's text with its line index, for checks that place a fix's edits.
pub struct Source<'t> {
    /// The text.
    pub text: &'t str,
    index: LineIndex<'t>,
}

impl<'t> Source<'t> {
    /// Indexes a page's text.
    pub fn new(text: &'t str) -> Self {
        Source {
            text,
            index: LineIndex::new(text),
        }
    }

    /// The byte offset of a position (clamped to its line).
    pub fn offset(&self, at: Span) -> usize {
        let start = self.index.line_start(at.line);
        let line = self.index.line_text(at.line);
        start
            + line
                .char_indices()
                .nth(at.col.saturating_sub(1) as usize)
                .map_or(line.len(), |(b, _)| b)
    }

    /// The byte range of 1-based `line`, without its line break.
    pub fn line(&self, line: u32) -> Range<usize> {
        let start = self.index.line_start(line);
        start..start + self.index.line_text(line).len()
    }
}

/// A page's text, indexed on first use: most pages have nothing to fix.
pub struct Text<'t> {
    text: Option<&'t str>,
    source: std::cell::OnceCell<Option<Source<'t>>>,
}

impl<'t> Text<'t> {
    /// A page's text (`None` when the check has no text, e.g. a page model built elsewhere:
    /// its findings then carry no fixes).
    pub fn new(text: Option<&'t str>) -> Self {
        Text {
            text,
            source: std::cell::OnceCell::new(),
        }
    }

    /// The indexed text, if there is one.
    pub fn source(&self) -> Option<&Source<'t>> {
        self.source
            .get_or_init(|| self.text.map(Source::new))
            .as_ref()
    }
}

/// The fix of a JSON text that is not strict (an annotation or an example body starting at byte
/// `base` of the page): delete its trailing commas (safe), and its `//` comments too (unsafe);
/// `None` unless the result is strict JSON.
pub fn strict_json(json: &str, base: usize) -> Option<Fix> {
    use crate::parse::annotation::{Relaxation, relaxations};
    let cuts = relaxations(json);
    if cuts.is_empty() {
        return None;
    }
    let fixed = crate::parse::annotation::without(json, &cuts);
    serde_json::from_str::<serde_json::Value>(&fixed).ok()?;
    let comments = cuts
        .iter()
        .filter(|c| matches!(c, Relaxation::Comment(_)))
        .count();
    let commas = cuts.len() - comments;
    let (title, safety) = match (commas, comments) {
        (_, 0) => ("remove the trailing commas".to_owned(), Safety::Safe),
        (0, _) => ("remove the `//` comments".to_owned(), Safety::Unsafe),
        _ => (
            "remove the trailing commas and `//` comments".to_owned(),
            Safety::Unsafe,
        ),
    };
    Some(Fix {
        title,
        safety,
        edits: cuts
            .iter()
            .map(|c| {
                let r = c.range();
                Edit {
                    range: base + r.start..base + r.end,
                    replacement: String::new(),
                }
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_fixes_wait_for_the_next_pass() {
        let a = Fix::replace("a", Safety::Safe, 0..3, "xyz");
        let b = Fix::replace("b", Safety::Safe, 2..4, "q");
        let c = Fix::replace("c", Safety::Safe, 5..6, "");
        let (out, n) = apply("abcdefg", [&b, &a, &c]);
        assert_eq!((out.as_str(), n), ("xyzdeg", 2));
    }

    #[test]
    fn json_fixes_are_strict_or_nothing() {
        let f = strict_json("{\"a\": 1,\n}", 10).expect("a fix");
        assert_eq!(f.safety, Safety::Safe);
        assert_eq!(f.edits[0].range, 17..18);
        let f = strict_json("{\"a\": 1 // one\n}", 0).expect("a fix");
        assert_eq!(f.safety, Safety::Unsafe);
        assert_eq!(strict_json("{\"a\": 1}", 0), None);
        assert_eq!(strict_json("{a: 1,}", 0), None, "not JSON even then");
    }
}
