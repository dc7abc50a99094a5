//! Positions between docgen's (1-based line, column in characters) and the protocol's (0-based
//! line, column in UTF-16 code units, the encoding every client supports).

use lsp_types::{Position, Range};

/// The text of 0-based `line` of `text`, without its line break (empty past the end).
pub fn line_text(text: &str, line: u32) -> &str {
    text.split('\n')
        .nth(line as usize)
        .unwrap_or("")
        .trim_end_matches('\r')
}

/// The protocol position of docgen's 1-based `line` and character column `col`, on a line
/// whose text is `line_text`. A column past the line's end is clamped to it.
pub fn to_lsp(line_text: &str, line: u32, col: u32) -> Position {
    let units: usize = line_text
        .chars()
        .take(col.saturating_sub(1) as usize)
        .map(char::len_utf16)
        .sum();
    Position::new(line.saturating_sub(1), units as u32)
}

/// The range of `len` characters from docgen's `line`/`col`, clamped to the line.
pub fn range(line_text: &str, line: u32, col: u32, len: u32) -> Range {
    Range::new(
        to_lsp(line_text, line, col),
        to_lsp(line_text, line, col + len.max(1)),
    )
}

/// The byte offset within `line_text` of a protocol column (UTF-16 units), clamped to the line.
pub fn byte_in_line(line_text: &str, character: u32) -> usize {
    let mut units = 0;
    for (i, c) in line_text.char_indices() {
        if units >= character as usize {
            return i;
        }
        units += c.len_utf16();
    }
    line_text.len()
}

/// The protocol position of byte `offset` of `text` (clamped to the text).
pub fn of_byte(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let units: usize = before[start..].chars().map(char::len_utf16).sum();
    Position::new(line as u32, units as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // `𝄞` is one character, two UTF-16 units, four bytes.
        let line = "a𝄞b";
        assert_eq!(to_lsp(line, 3, 3), Position::new(2, 3));
        assert_eq!(to_lsp(line, 1, 99), Position::new(0, 4));
        assert_eq!(byte_in_line(line, 3), 5);
        assert_eq!(byte_in_line(line, 9), line.len());
        assert_eq!(line_text("x\r\ny", 0), "x");
        assert_eq!(line_text("x\ny", 5), "");
        assert_eq!(of_byte("ab\na𝄞b", 8), Position::new(1, 3));
        assert_eq!(of_byte("ab\n", 99), Position::new(1, 0));
    }
}
