//! Doc comments from doc text: never a doctest, never an intra-doc link, never markup that
//! rustdoc reads as HTML, never a way out of the comment.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text`; empty text gives nothing.
pub fn doc_attrs(text: &str) -> TokenStream {
    let mut attrs = TokenStream::new();
    for_each_line(text, " ", |line| {
        let line = Literal::string(line);
        attrs.extend(quote!(#[doc = #line]));
    });
    attrs
}

/// Text-direction controls: rustc rejects a comment that holds one
/// (`text_direction_codepoint_in_comment` is deny-by-default), so they are dropped.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// The lines of a doc comment made from docs text.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for_each_line(text, "", |line| lines.push(line.to_owned()));
    lines
}

/// Calls `emit` with each line of [`sanitize`], each line that is not blank starting with `lead`.
/// Two buffers serve every line, so the caller allocates only what it keeps.
fn for_each_line(text: &str, lead: &str, mut emit: impl FnMut(&str)) {
    let mut line = String::new();
    let mut escaped = String::new();
    // Blank lines are written only between lines with text, one for each run.
    let (mut any, mut blank) = (false, false);
    for raw in text.lines() {
        // Leading spaces would make an indented code block, which rustdoc runs as a doctest; so
        // would a run of spaces after a list marker (`-     code`): whitespace collapses to one
        // space, and control characters go.
        line.clear();
        for word in raw.split_whitespace() {
            let before = line.len();
            if before > 0 {
                line.push(' ');
            }
            if word.bytes().all(|b| b.is_ascii_graphic()) {
                line.push_str(word);
            } else {
                let start = line.len();
                line.extend(word.chars().filter(|c| !c.is_control() && !is_bidi(*c)));
                if line.len() == start {
                    line.truncate(before);
                }
            }
        }
        if line.is_empty() {
            blank = any;
            continue;
        }
        if blank {
            emit("");
            blank = false;
        }
        escaped.clear();
        escaped.push_str(lead);
        escape_into(&line, &mut escaped);
        emit(&escaped);
        any = true;
    }
}

/// Appends `line` to `out` with what rustdoc would read as markup escaped.
fn escape_into(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut copied = 0;
    // Every character escaped is ASCII, so bytes can be compared and the text between them
    // copied as it is.
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            // A fence would open a (tested) code block; three backticks or tildes never survive.
            b'`' | b'~' => bytes.get(i + 1) == Some(&b),
            // Brackets would be read as intra-doc links, angle brackets as HTML tags.
            b'[' | b']' | b'<' | b'>' | b'\\' | b'*' | b'_' | b'#' => true,
            _ => false,
        };
        if escape {
            out.push_str(&line[copied..i]);
            out.push('\\');
            copied = i;
        }
    }
    out.push_str(&line[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_and_indentation_cannot_become_doctests() {
        let lines = sanitize("Intro\n```rust\n    fn evil() {}\n```\n");
        assert_eq!(lines, ["Intro", "\\`\\``rust", "fn evil() {}", "\\`\\``"]);
        assert!(
            lines
                .iter()
                .all(|l| !l.contains("```") && !l.starts_with(' '))
        );
    }

    #[test]
    fn tilde_fences_and_list_item_code_cannot_become_doctests() {
        let lines = sanitize("~~~rust\nfn evil() {}\n~~~\n-     std::process::abort();");
        assert_eq!(
            lines,
            [
                "\\~\\~~rust",
                "fn evil() {}",
                "\\~\\~~",
                "- std::process::abort();"
            ]
        );
        assert_eq!(sanitize("a\t\tb \u{a0} c\u{7}d"), ["a b cd"]);
        assert_eq!(sanitize("right\u{202e}left\u{2066}x"), ["rightleftx"]);
    }

    #[test]
    fn links_html_and_comment_closers_are_escaped() {
        let lines = sanitize("See [user] and <resourceId>. */ #![evil]");
        assert_eq!(
            lines,
            ["See \\[user\\] and \\<resourceId\\>. \\*/ \\#!\\[evil\\]"]
        );
    }

    /// The rules written plainly, a string per word, to hold the single-buffer version to.
    fn reference(text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for raw in text.lines() {
            let line = raw
                .split_whitespace()
                .map(|w| {
                    w.chars()
                        .filter(|c| !c.is_control() && !is_bidi(*c))
                        .collect::<String>()
                })
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let mut escaped = String::new();
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '`' | '~' if chars.peek() == Some(&c) => escaped.extend(['\\', c]),
                    '[' | ']' | '<' | '>' | '\\' | '*' | '_' | '#' => escaped.extend(['\\', c]),
                    _ => escaped.push(c),
                }
            }
            if escaped.is_empty() && out.last().is_none_or(String::is_empty) {
                continue;
            }
            out.push(escaped);
        }
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out
    }

    #[test]
    fn single_buffer_matches_the_plain_rules() {
        let texts = [
            "",
            "\n \n",
            "a `` b ~~~ c ` ~ `x` ~y~",
            "trailing `\nnext ``",
            "\u{7}\u{202e} \t x\u{0}y  \u{2066}\u{2069}  z\r\n\r\n\r\nw",
            "é[ü]<ß>\\*_#  日本`語`` ~~ \u{a0}\u{3000}ok",
            "  - list\n\n\n    code\n\u{85}end\u{200f}",
            "\u{7}\n\u{202e}\na\n\u{1b} \n\nb\n\u{7f}\n",
        ];
        for t in texts {
            assert_eq!(sanitize(t), reference(t), "{t:?}");
            let attrs = doc_attrs(t).to_string();
            let lines: Vec<String> = reference(t)
                .iter()
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!(" {l}")
                    }
                })
                .collect();
            assert_eq!(attrs, quote!(#(#[doc = #lines])*).to_string(), "{t:?}");
        }
    }

    #[test]
    fn blank_runs_collapse() {
        assert_eq!(sanitize("\n\na\n\n\nb\n\n"), ["a", "", "b"]);
        assert!(doc_attrs("").is_empty());
    }
}
