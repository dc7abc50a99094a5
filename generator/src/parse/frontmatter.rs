//! YAML front matter: an open map of keys, read leniently when the YAML is broken.

use serde_yaml::{Mapping, Value};

/// The front matter as read, and the error (with its 1-based line inside the YAML) if strict YAML failed.
pub struct FrontMatter {
    /// Keys in page order.
    pub map: Mapping,
    /// Why strict YAML failed: (line within the YAML, column, message).
    pub error: Option<(u32, u32, String)>,
}

/// Reads front matter. Strict YAML first; on failure, `key: value` lines one by one, so a title
/// with an unquoted colon still yields every other key.
pub fn read(yaml: &str) -> FrontMatter {
    if let Some(map) = simple(yaml) {
        return FrontMatter { map, error: None };
    }
    match serde_yaml::from_str::<Value>(yaml) {
        Ok(Value::Mapping(map)) if map.iter().all(|(k, v)| k.is_string() && text_keys(v)) => {
            FrontMatter { map, error: None }
        }
        // The page model is printed as JSON too, whose keys are text: `1: x`, `? [a]: b` or an
        // anchor in the wrong place (`&title: x`) make the map unprintable.
        Ok(Value::Mapping(_)) => FrontMatter {
            map: lenient(yaml),
            error: Some((1, 1, "front matter has a key that is not text".into())),
        },
        Ok(Value::Null) => FrontMatter {
            map: Mapping::new(),
            error: None,
        },
        Ok(_) => FrontMatter {
            map: lenient(yaml),
            error: Some((1, 1, "front matter is not a map of keys".into())),
        },
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((1, 1));
            // serde_yaml appends its own "at line X column Y"; the caller gives the page position.
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
            FrontMatter {
                map: lenient(yaml),
                error: Some((line, col, msg)),
            }
        }
    }
}

/// Front matter that is nothing but `key: value` lines, each value one word-like plain scalar or
/// a quoted string without escapes, read without the YAML parser: nearly every page's front
/// matter is like this, and for such text the parser's answer is known (every key and value a
/// string, in page order). Anything else, a repeated key included, is `None` and goes to the
/// parser, which also gives the error message.
fn simple(yaml: &str) -> Option<Mapping> {
    let mut map = Mapping::new();
    for line in yaml.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        let value = value.trim_matches(' ');
        if !plain(key, |b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
        }) {
            return None;
        }
        let value = quoted(value, b'"')
            .or_else(|| quoted(value, b'\''))
            .or_else(|| {
                let text = |b| printable(b) && !matches!(b, b'#' | b':');
                (plain(value, text) || date(value)).then_some(value)
            })?;
        let old = map.insert(
            Value::String(key.to_owned()),
            Value::String(value.to_owned()),
        );
        if old.is_some() {
            return None;
        }
    }
    (!map.is_empty()).then_some(map)
}

/// Printable ASCII, space included.
fn printable(b: u8) -> bool {
    (b' '..=b'~').contains(&b)
}

/// A plain scalar YAML reads as a string: starts with a letter, bytes from `allowed`, short
/// enough to be a key, and not a word YAML reads as null or a boolean (a leading letter rules
/// out numbers).
fn plain(s: &str, allowed: impl Fn(u8) -> bool) -> bool {
    s.len() <= 500
        && s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && s.bytes().all(allowed)
        && !matches!(
            s,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
}

/// `09/10/2017`: digits and slashes, which YAML reads as a string (no number has a slash).
fn date(s: &str) -> bool {
    s.len() <= 20
        && s.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && s.contains('/')
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'/')
}

/// The text between `quote`s when that is all `s` is: printable ASCII, no quote or backslash
/// inside (so nothing is escaped).
fn quoted(s: &str, quote: u8) -> Option<&str> {
    let inner = s.strip_prefix(quote as char)?.strip_suffix(quote as char)?;
    inner
        .bytes()
        .all(|b| printable(b) && b != quote && b != b'\\')
        .then_some(inner)
}

/// Whether every map key inside `v` is text.
fn text_keys(v: &Value) -> bool {
    match v {
        Value::Mapping(m) => m.iter().all(|(k, v)| k.is_string() && text_keys(v)),
        Value::Sequence(s) => s.iter().all(text_keys),
        Value::Tagged(t) => text_keys(&t.value),
        _ => true,
    }
}

/// One `key: value` per line; the value is everything after the first `: `, unquoted.
fn lenient(yaml: &str) -> Mapping {
    let mut map = Mapping::new();
    for line in yaml.lines() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        let v = value.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(v);
        map.insert(Value::String(key.into()), Value::String(v.into()));
    }
    map
}

/// A front-matter value as text (strings as they are, other scalars printed), for `doc_type` etc.
pub fn text(map: &Mapping, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_colon_falls_back_to_lines() {
        let fm = read("title: Get a: thing\ndoc_type: apiPageType\n");
        let (line, _, msg) = fm.error.expect("strict YAML must fail");
        assert_eq!(line, 1);
        assert!(!msg.is_empty());
        assert_eq!(text(&fm.map, "title").as_deref(), Some("Get a: thing"));
        assert_eq!(text(&fm.map, "doc_type").as_deref(), Some("apiPageType"));
    }

    #[test]
    fn keys_that_are_not_text_fall_back_to_lines() {
        for yaml in [
            "&title: \"x\"\ndoc_type: apiPageType\n",
            "1: one\ndoc_type: apiPageType\n",
            "doc_type: apiPageType\nnested: {2: two}\n",
        ] {
            let fm = read(yaml);
            assert!(fm.error.is_some(), "{yaml}");
            assert!(fm.map.keys().all(Value::is_string), "{yaml}");
            assert_eq!(text(&fm.map, "doc_type").as_deref(), Some("apiPageType"));
            serde_json::to_string(&fm.map).expect("prints as JSON");
        }
    }

    #[test]
    fn simple_front_matter_reads_as_the_yaml_parser_does() {
        let cases = [
            "title: \"Get a user: by id\"\ndescription: 'x'\nms.prod: users\ndoc_type: apiPageType\n",
            "a: b c  d \n\nb-c: \"\"\n",
            "a: null\n",
            "a: True\n",
            "true: x\n",
            "a: 12\n",
            "a: .inf\n",
            "a: inf\n",
            "a: NaN\n",
            "a: x # note\n",
            "a: x\na: y\n",
            "a: \"x\\ty\"\n",
            "a: 'it''s'\n",
            "a: x\n  continued\n",
            "a:  \"x\"  \n",
            "a: \"x\" \"y\"\n",
            "a: x\r\n",
            "a: [x]\n",
            "a: x, y\n",
            "ms.date: 09/10/2017\n",
            "a: 1/2\n",
            "a: 12/\n",
            "a: 0/0\n",
            "a:\n",
            "",
            "\n",
        ];
        for yaml in cases {
            let strict = match serde_yaml::from_str::<Value>(yaml) {
                Ok(Value::Mapping(m)) => Some(m),
                _ => None,
            };
            if let Some(fast) = simple(yaml) {
                assert_eq!(Some(fast), strict, "{yaml:?}");
            }
            let fm = read(yaml);
            if let Some(strict) = strict.filter(|m| m.keys().all(Value::is_string)) {
                assert_eq!(fm.map, strict, "{yaml:?}");
            }
        }
        assert!(simple(cases[0]).is_some() && simple(cases[1]).is_some());
        assert!(simple("ms.date: 09/10/2017\n").is_some());
        assert!(
            simple("a: x\na: y\n").is_none(),
            "a repeated key is the parser's error"
        );
    }

    #[test]
    fn strict_yaml_keeps_order_and_types() {
        let fm = read("b: 1\na: \"x\"\n");
        assert!(fm.error.is_none());
        let keys: Vec<_> = fm.map.keys().filter_map(|k| k.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(text(&fm.map, "b").as_deref(), Some("1"));
    }
}
