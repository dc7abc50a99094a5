//! Doc comments from doc text: never a doctest, never an intra-doc link, never markup that
//! rustdoc reads as HTML, never a way out of the comment.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text`; empty text gives nothing.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Text-direction controls: rustc rejects a comment that holds one
/// (`text_direction_codepoint_in_comment` is deny-by-default), so they are dropped.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// The lines of a doc comment made from docs text.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.lines() {
        // Leading spaces would make an indented code block, which rustdoc runs as a doctest; so
        // would a run of spaces after a list marker (`-     code`): whitespace collapses to one
        // space, and control characters go.
        let line: String = raw
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| !c.is_control() && !is_bidi(*c))
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mut escaped = String::with_capacity(line.len());
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                // A fence would open a (tested) code block; three backticks or tildes never
                // survive.
                '`' | '~' if chars.peek() == Some(&c) => {
                    escaped.push('\\');
                    escaped.push(c);
                }
                // Brackets would be read as intra-doc links, angle brackets as HTML tags.
                '[' | ']' | '<' | '>' | '\\' | '*' | '_' | '#' => {
                    escaped.push('\\');
                    escaped.push(c);
                }
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

    #[test]
    fn blank_runs_collapse() {
        assert_eq!(sanitize("\n\na\n\n\nb\n\n"), ["a", "", "b"]);
        assert!(doc_attrs("").is_empty());
    }
}
