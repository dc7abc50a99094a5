//! Where each key and value of a JSON text is. serde_json gives values without positions; the
//! linter points at the key or value it reports, so example bodies are walked once more here.

use std::borrow::Cow;
use std::ops::Range;

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
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
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
                        let quoted = &self.text[kr.clone()];
                        // Only a key with escapes needs decoding (control characters are
                        // errors that decoding reports).
                        let name = match quoted.get(1..quoted.len() - 1) {
                            Some(name) if !name.bytes().any(|b| b == b'\\' || b < 0x20) => {
                                Cow::Borrowed(name)
                            }
                            _ => Cow::Owned(serde_json::from_str::<String>(quoted).ok()?),
                        };
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
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
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
        self.i += 1;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                _ => self.i += 1,
            }
        }
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
