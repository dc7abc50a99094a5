//! Source positions: every item of the page model and the API model points back at its page.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
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

/// Reads `line:col`.
fn parse_span(s: &str) -> Option<Span> {
    let (l, c) = s.split_once(':')?;
    Some(Span::new(l.parse().ok()?, c.parse().ok()?))
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_span(&s).ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not line:col")))
    }
}

impl Location {
    /// Reads a location as [`Location`]'s `Display` writes it, `file:line:col`; `None` for text
    /// of another form.
    pub fn parse(s: &str) -> Option<Location> {
        // File names may hold colons, the last two fields never do.
        let mut parts = s.rsplitn(3, ':');
        let (col, line, file) = (parts.next(), parts.next(), parts.next());
        Some(Location::new(
            file?,
            Span::new(line?.parse().ok()?, col?.parse().ok()?),
        ))
    }
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Location::parse(&s).unwrap_or_else(|| Location::new(s.clone(), Span::default())))
    }
}

/// Bytes between the character-count marks of a [`LineIndex`].
const MARK_EVERY: usize = 4096;

/// (byte offset, characters before it) on the char boundary at or before every multiple of
/// [`MARK_EVERY`] bytes, and at the end.
fn marks(text: &str) -> Vec<(usize, usize)> {
    let mut marks = Vec::with_capacity(text.len() / MARK_EVERY + 1);
    let (mut at, mut chars) = (0, 0);
    for k in 0..=text.len() / MARK_EVERY {
        let mut next = (k * MARK_EVERY).min(text.len());
        while !text.is_char_boundary(next) {
            next -= 1;
        }
        chars += text[at..next].chars().count();
        at = next;
        marks.push((at, chars));
    }
    marks
}

/// Maps byte offsets of one text to line and column.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// (byte offset on a char boundary, characters before it), about every [`MARK_EVERY`]
    /// bytes: a column is then counted from the nearest mark, not from the start of its line,
    /// so a page that is one long line with many items is not quadratic.
    marks: Vec<(usize, usize)>,
    /// The text is ASCII: a column is then its byte distance from the line start.
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let ascii = text.is_ascii();
        LineIndex {
            text,
            starts,
            // ASCII text never counts characters, so it needs no marks.
            marks: if ascii { Vec::new() } else { marks(text) },
            ascii,
        }
    }

    /// Characters before byte `offset` (a char boundary, at most the text's length).
    fn chars_before(&self, offset: usize) -> usize {
        let (at, chars) = self.marks[offset / MARK_EVERY];
        chars + self.text[at..offset].chars().count()
    }

    /// The position of byte `offset`; offsets past the end or inside a character are clamped.
    pub fn span(&self, offset: usize) -> Span {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        // Most pages are ASCII and most lines short: count from the line start, and only go
        // through the marks when the line is long enough for them to save work.
        let col = if self.ascii {
            offset - start
        } else if offset - start <= MARK_EVERY {
            self.text[start..offset].chars().count()
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
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

    #[test]
    fn columns_on_long_lines_count_characters_across_marks() {
        // Multi-byte characters straddle the marks; every column must still be exact.
        let line: String = "aé中🎉".repeat(3 * MARK_EVERY);
        let text = format!("x\n{line}\ny");
        let idx = LineIndex::new(&text);
        for (chars, (byte, _)) in line.char_indices().enumerate().step_by(997) {
            assert_eq!(idx.span(2 + byte), Span::new(2, chars as u32 + 1));
        }
        let last = line.chars().count() as u32;
        assert_eq!(idx.span(2 + line.len() + 1), Span::new(3, 1));
        assert_eq!(idx.span(2 + line.len()), Span::new(2, last + 1));
    }

    #[test]
    fn every_offset_agrees_with_a_plain_count() {
        // ASCII and non-ASCII pages, short lines and lines past a mark, CRLF and tabs.
        let long_ascii = "a\tb ".repeat(MARK_EVERY);
        let long_mixed = format!(
            "{}é{}",
            "x".repeat(MARK_EVERY + 7),
            "ü\t".repeat(MARK_EVERY)
        );
        let texts = [
            "plain\r\n\nascii\tpage".to_owned(),
            "é\nx\r\n中🎉\n".to_owned(),
            format!("{long_ascii}\n{long_ascii}"),
            format!("ab\n{long_mixed}\ncd\n{long_mixed}"),
        ];
        for text in &texts {
            let idx = LineIndex::new(text);
            let (mut line, mut col) = (1, 1);
            for (offset, c) in text.char_indices() {
                assert_eq!(idx.span(offset), Span::new(line, col), "offset {offset}");
                (line, col) = if c == '\n' {
                    (line + 1, 1)
                } else {
                    (line, col + 1)
                };
            }
            assert_eq!(idx.span(text.len()), Span::new(line, col));
        }
    }
}
