//! The one hand-written JSON scanner. serde_json reads values but gives no positions and
//! rejects what pages write around strict JSON, so everything that must see JSON text as text
//! reads it here:
//!
//! - [`tokens`]: the text as tokens, read leniently (strings, `//` and `/* … */` comments,
//!   punctuation, scalars), for what cuts or blanks comments and trailing commas
//!   ([`annotation::relaxations`](super::annotation::relaxations),
//!   [`example::without_comments`](super::example::without_comments));
//! - [`locate`]: where each key and value of a JSON text is, with its JSON Pointer (the linter
//!   points at the key or value it reports);
//! - [`top_level_keys`]: where each key of the top-level object starts.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// What a [`Token`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A string, quotes included (to the end of the text when it is never closed).
    String,
    /// A `//` comment, up to its line break.
    LineComment,
    /// A `/* … */` comment; `closed` is false when the text ends first.
    BlockComment {
        /// The `*/` is there.
        closed: bool,
    },
    /// One of `{ } [ ] : ,`.
    Punct(u8),
    /// Anything else up to the next whitespace, punctuation, quote or `/`: a number, `true`,
    /// `null`, or text that is not JSON.
    Other,
}

/// One token of a JSON text and its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub range: Range<usize>,
}

/// JSON's insignificant whitespace.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The end of the string whose opening quote is at `at` (after its closing quote); `None` when
/// the text ends first.
fn string_end(s: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        match s.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The tokens of `text` in order, whitespace skipped. Never fails: what is not JSON comes out
/// as [`TokenKind::Other`].
pub fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let s = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while s.get(i).copied().is_some_and(is_ws) {
            i += 1;
        }
        let start = i;
        let kind = match (*s.get(i)?, s.get(i + 1)) {
            (b'"', _) => {
                i = string_end(s, i).unwrap_or(s.len());
                TokenKind::String
            }
            (b'/', Some(b'/')) => {
                i = memchr::memchr(b'\n', &s[i..]).map_or(s.len(), |n| i + n);
                TokenKind::LineComment
            }
            (b'/', Some(b'*')) => {
                let end = memchr::memmem::find(&s[i + 2..], b"*/").map(|n| i + 2 + n + 2);
                i = end.unwrap_or(s.len());
                TokenKind::BlockComment {
                    closed: end.is_some(),
                }
            }
            (c @ (b'{' | b'}' | b'[' | b']' | b':' | b','), _) => {
                i += 1;
                TokenKind::Punct(c)
            }
            _ => {
                i += 1;
                while s.get(i).is_some_and(|&c| {
                    !is_ws(c) && !matches!(c, b'{' | b'}' | b'[' | b']' | b':' | b',' | b'"' | b'/')
                }) {
                    i += 1;
                }
                TokenKind::Other
            }
        };
        Some(Token {
            kind,
            range: start..i,
        })
    })
}

/// Where each key of the top-level object of `json` starts (its opening quote), by key, the
/// first when a key repeats: in one pass, since searching the text for each key in turn was
/// quadratic in the number of keys.
pub fn top_level_keys(json: &str) -> HashMap<Cow<'_, str>, usize> {
    let mut out = HashMap::new();
    let mut depth = 0usize;
    let mut pending: Option<Range<usize>> = None;
    for t in tokens(json) {
        match t.kind {
            TokenKind::Punct(b'{' | b'[') => depth += 1,
            TokenKind::Punct(b'}' | b']') => depth = depth.saturating_sub(1),
            TokenKind::Punct(b':') => {
                if let Some(r) = pending.take() {
                    if let Some(key) = key_name(json, r.clone()) {
                        out.entry(key).or_insert(r.start);
                    }
                }
            }
            TokenKind::String if depth == 1 => {
                pending = Some(t.range);
                continue;
            }
            _ => {}
        }
        pending = None;
    }
    out
}

/// The name a quoted key stands for; only a key with escapes needs decoding (control characters
/// are errors that decoding reports).
fn key_name(text: &str, quoted: Range<usize>) -> Option<Cow<'_, str>> {
    let quoted = text.get(quoted)?;
    match quoted.get(1..quoted.len().checked_sub(1)?) {
        Some(name) if !name.bytes().any(|b| b == b'\\' || b < 0x20) => Some(Cow::Borrowed(name)),
        _ => serde_json::from_str::<String>(quoted).ok().map(Cow::Owned),
    }
}

/// One value of a JSON text and where it is. Ranges are byte offsets into the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// JSON Pointer (RFC 6901) of the value: `""` for the root, `/value/0/id`.
    pub pointer: String,
    /// The member's key, quotes included, when the value is an object member.
    pub key: Option<Range<usize>>,
    /// The value.
    pub value: Range<usize>,
}

/// Deeper than serde_json's own recursion limit is never reached by text it accepted; the bound
/// keeps the walk safe on anything else.
const MAX_DEPTH: usize = 128;

/// Locates every value of `text` in document order. Meant for text serde_json accepted; on
/// anything else it returns what it read before the first surprise.
///
/// Every value carries its whole pointer, so a long key above many values (`{"kkk…": [1, 1, …]}`)
/// would make the output quadratic in the text; the walk stops once the pointers add up to
/// [`POINTER_BUDGET`] times the text's length, far beyond what real bodies reach.
pub fn locate(text: &str) -> Vec<Located> {
    let mut w = Walker {
        text,
        s: text.as_bytes(),
        i: 0,
        out: Vec::new(),
        budget: text
            .len()
            .saturating_mul(POINTER_BUDGET)
            .saturating_add(4096),
    };
    let _ = w.value(String::new(), None, 0);
    w.out
}

/// Pointer bytes allowed per byte of text (see [`locate`]).
pub const POINTER_BUDGET: usize = 16;

struct Walker<'a> {
    text: &'a str,
    s: &'a [u8],
    i: usize,
    out: Vec<Located>,
    /// Pointer bytes still allowed.
    budget: usize,
}

impl Walker<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).copied().is_some_and(is_ws) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn value(&mut self, pointer: String, key: Option<Range<usize>>, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.budget = self.budget.checked_sub(pointer.len())?;
        self.ws();
        let start = self.i;
        let slot = self.out.len();
        // The pointer moves into the output; children build theirs from it there.
        self.out.push(Located {
            pointer,
            key,
            value: start..start,
        });
        match self.peek()? {
            b'{' => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let ks = self.i;
                        self.string()?;
                        let kr = ks..self.i;
                        let name = key_name(self.text, kr.clone())?;
                        let token = if name.contains(['~', '/']) {
                            Cow::Owned(escape(&name))
                        } else {
                            name
                        };
                        self.ws();
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.i += 1;
                        let child = self.child(slot, &token);
                        self.value(child, Some(kr), depth + 1)?;
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b'}' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
            }
            b'[' => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                } else {
                    let mut n = 0usize;
                    loop {
                        let child = self.child(slot, itoa(n, &mut [0; 20]));
                        self.value(child, None, depth + 1)?;
                        n += 1;
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b']' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
            }
            b'"' => self.string()?,
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !is_ws(c) && !matches!(c, b',' | b']' | b'}'))
                {
                    self.i += 1;
                }
            }
        }
        self.out[slot].value = start..self.i;
        Some(())
    }

    /// The pointer of a child of the value in `out[slot]`: its pointer, `/`, and `token`.
    fn child(&self, slot: usize, token: &str) -> String {
        let parent = &self.out[slot].pointer;
        let mut child = String::with_capacity(parent.len() + 1 + token.len());
        child.push_str(parent);
        child.push('/');
        child.push_str(token);
        child
    }

    /// Skips one string, quotes included.
    fn string(&mut self) -> Option<()> {
        if self.peek()? != b'"' {
            return None;
        }
        self.i = string_end(self.s, self.i)?;
        Some(())
    }
}

/// A key as a JSON Pointer reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// `n` in decimal, written into `buf`.
fn itoa(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_pointers() {
        let text = "{\n  \"a\": \"x\",\n  \"b/c\": [1, {\"d\": true}],\n  \"e\": {}\n}";
        let found = locate(text);
        let show: Vec<(String, Option<&str>, &str)> = found
            .iter()
            .map(|l| {
                (
                    l.pointer.clone(),
                    l.key.clone().map(|k| &text[k]),
                    &text[l.value.clone()],
                )
            })
            .collect();
        assert_eq!(show[0].0, "");
        assert_eq!(show[1], ("/a".into(), Some("\"a\""), "\"x\""));
        assert_eq!(
            show[2],
            ("/b~1c".into(), Some("\"b/c\""), "[1, {\"d\": true}]")
        );
        assert_eq!(show[3], ("/b~1c/0".into(), None, "1"));
        assert_eq!(show[5], ("/b~1c/1/d".into(), Some("\"d\""), "true"));
        assert_eq!(show[6], ("/e".into(), Some("\"e\""), "{}"));
        assert_eq!(found.len(), 7);
    }

    #[test]
    fn escaped_quotes_and_unicode_keys() {
        let text = r#"{"q\"k": "v\\", "ü": null}"#;
        let found = locate(text);
        assert_eq!(found[1].pointer, "/q\"k");
        assert_eq!(&text[found[1].value.clone()], r#""v\\""#);
        assert_eq!(found[2].pointer, "/ü");
        assert_eq!(&text[found[2].value.clone()], "null");
    }

    #[test]
    fn output_stays_linear_under_a_long_key() {
        let text = format!("{{\"{}\": [{}1]}}", "k".repeat(20_000), "1,".repeat(20_000));
        let found = locate(&text);
        let pointers: usize = found.iter().map(|l| l.pointer.len()).sum();
        assert!(pointers <= POINTER_BUDGET * text.len() + 4096, "{pointers}");
        assert!(found.len() > 10, "the first values are still located");
        assert_eq!(
            locate("{\"a\": [1, 2]}").len(),
            4,
            "ordinary bodies are whole"
        );
    }

    #[test]
    fn tokens_read_comments_strings_and_punctuation() {
        let text = "{ \"a/*\\\"\": 1, // x \"y\n /* \"z */ -2.5e3 ,] /* open";
        let got: Vec<(TokenKind, &str)> = tokens(text).map(|t| (t.kind, &text[t.range])).collect();
        use TokenKind as K;
        assert_eq!(
            got,
            [
                (K::Punct(b'{'), "{"),
                (K::String, "\"a/*\\\"\""),
                (K::Punct(b':'), ":"),
                (K::Other, "1"),
                (K::Punct(b','), ","),
                (K::LineComment, "// x \"y"),
                (K::BlockComment { closed: true }, "/* \"z */"),
                (K::Other, "-2.5e3"),
                (K::Punct(b','), ","),
                (K::Punct(b']'), "]"),
                (K::BlockComment { closed: false }, "/* open"),
            ]
        );
        let unclosed: Vec<TokenKind> = tokens("[\"x\\").map(|t| t.kind).collect();
        assert_eq!(unclosed, [K::Punct(b'['), K::String]);
        let text = "a/b";
        let words: Vec<&str> = tokens(text).map(|t| &text[t.range]).collect();
        assert_eq!(words, ["a", "/b"], "a slash that opens no comment is text");
    }

    #[test]
    fn top_level_keys_first_occurrence() {
        let text = "{\n \"a\": {\"b\": 1},\n \"c\\u0041\": [\"d\", {\"e\": 2}],\n \"a\": 3\n}";
        let keys = top_level_keys(text);
        let mut got: Vec<(&str, usize)> = keys.iter().map(|(k, &at)| (k.as_ref(), at)).collect();
        got.sort();
        assert_eq!(got, [("a", 3), ("cA", 19)]);
        assert_eq!(&text[19..20], "\"");
    }

    #[test]
    fn broken_text_stops_without_panicking() {
        for t in [
            "{",
            "{\"a\"",
            "{\"a\": [1,",
            "[\"x",
            "{\"a\" 1}",
            "",
            "\"",
            "[[[[[[",
        ] {
            let _ = locate(t);
        }
        let deep = "[".repeat(10_000);
        assert!(locate(&deep).len() <= MAX_DEPTH + 2);
    }
}
