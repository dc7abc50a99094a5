//! Source positions: every item of the page model and the API model points back at its page.

use serde::{Serialize, Serializer};
use std::fmt;

/// A 1-based line and column (in characters) inside one page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters (not bytes) so editors agree.
    pub col: u32,
}

impl Span {
    /// A position from its line and column.
    pub fn new(line: u32, col: u32) -> Self {
        Span { line, col }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

// Serialized as "line:col": model dumps stay short and diffable.
impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A page position together with the page it is on.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Page path relative to the docs root, with `/` separators.
    pub file: String,
    /// Position in that page.
    pub at: Span,
}

impl Location {
    /// A location from a page path and a position.
    pub fn new(file: impl Into<String>, at: Span) -> Self {
        Location {
            file: file.into(),
            at,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.at)
    }
}

impl Serialize for Location {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Maps byte offsets of one text to line and column.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of byte `offset`; offsets past the end or inside a character are clamped.
    pub fn span(&self, offset: usize) -> Span {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = self.text[self.starts[line]..offset].chars().count();
        Span::new(line as u32 + 1, col as u32 + 1)
    }

    /// The byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: u32) -> usize {
        let idx = (line as usize).saturating_sub(1);
        self.starts.get(idx).copied().unwrap_or(self.text.len())
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &'a str {
        let start = self.line_start(line);
        let end = self.line_start(line + 1).min(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_lines_and_characters() {
        let text = "ab\nüx\n\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.span(0), Span::new(1, 1));
        assert_eq!(idx.span(3), Span::new(2, 1));
        // 'x' follows a two-byte character: column counts characters.
        assert_eq!(idx.span(5), Span::new(2, 2));
        assert_eq!(idx.span(8), Span::new(4, 1));
        assert_eq!(
            idx.span(4),
            Span::new(2, 1),
            "inside a character clamps back"
        );
        assert_eq!(idx.span(99), Span::new(4, 2));
        assert_eq!(idx.line_text(2), "üx");
    }
}
