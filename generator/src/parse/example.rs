//! HTTP examples: a request line or status line, headers, and a body that is kept as JSON when it is.

use crate::kinds::Method;
use serde::Serialize;
use std::ops::Range;

/// What an example code block holds, with byte ranges relative to the block content.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct HttpMessage<'a> {
    /// `METHOD URL` of a request: (method, url, range of the line).
    pub request_line: Option<(Method, String, Range<usize>)>,
    /// `HTTP/1.1 201 Created` of a response: (code, reason, range of the line).
    pub status_line: Option<(u16, String, Range<usize>)>,
    /// Headers in order: (name, value).
    pub headers: Vec<(String, String)>,
    /// The body text (borrowed from the content) and where it starts.
    pub body: Option<(&'a str, usize)>,
}

/// A parsed example body.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Body {
    /// Strict JSON.
    Json {
        /// The value.
        value: serde_json::Value,
    },
    /// Not strict JSON: the text is kept with the reason.
    Invalid {
        /// The body as written.
        raw: String,
        /// serde_json's message.
        error: String,
        /// Byte offset of the error within the body.
        #[serde(skip)]
        offset: usize,
    },
    /// Not JSON at all (plain text, XML, binary placeholder…).
    Text {
        /// The body as written.
        raw: String,
    },
}

/// Splits a code block's content into request/status line, headers and body.
pub fn split(content: &str) -> HttpMessage<'_> {
    let mut msg = HttpMessage::default();
    let mut lines = line_ranges(content).peekable();
    // Skip leading blank lines.
    while lines
        .peek()
        .is_some_and(|r| content[r.clone()].trim().is_empty())
    {
        lines.next();
    }
    if let Some(r) = lines.peek().cloned() {
        let line = content[r.clone()].trim();
        if let Some((code, reason)) = status_line(line) {
            msg.status_line = Some((code, reason, r));
            lines.next();
        } else if let Some((method, url)) = request_line(line) {
            msg.request_line = Some((method, url, r));
            lines.next();
        }
    }
    let mut body_start = None;
    for r in lines {
        let t = content[r.clone()].trim();
        if t.is_empty() {
            continue;
        }
        if let Some((name, value)) = header(t) {
            msg.headers.push((name.to_owned(), value.trim().to_owned()));
            continue;
        }
        // The body runs to the end: its lines need no look.
        body_start = Some(r.start);
        break;
    }
    if msg.request_line.is_none() && msg.status_line.is_none() && msg.headers.is_empty() {
        body_start = Some(0);
    }
    if let Some(start) = body_start {
        let body = &content[start..];
        if !body.trim().is_empty() {
            msg.body = Some((body, start));
        }
    }
    msg
}

/// Whether a `Content-Type` value is a JSON media type (`application/json`,
/// `application/problem+json`, with parameters or not); an empty value does not say otherwise.
pub fn is_json_media_type(value: &str) -> bool {
    let media = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    media.is_empty()
        || media == "application/json"
        || media == "text/json"
        || media.ends_with("+json")
}

/// `text` with its `/* … */` comments (outside strings) blanked to spaces, byte for byte, and
/// the offset of the first; `None` when it has none (or one is never closed).
pub fn without_comments(text: &str) -> Option<(String, usize)> {
    let mut out = text.as_bytes().to_vec();
    let mut first = None;
    for t in super::jsonpos::tokens(text) {
        let super::jsonpos::TokenKind::BlockComment { closed } = t.kind else {
            continue;
        };
        if !closed {
            return None;
        }
        for o in &mut out[t.range.clone()] {
            // Line breaks stay, so lines and columns after the comment do not move.
            if *o != b'\n' {
                *o = b' ';
            }
        }
        first.get_or_insert(t.range.start);
    }
    let first = first?;
    // Blanking whole comments keeps UTF-8 intact: a comment's bytes all became spaces.
    String::from_utf8(out).ok().map(|s| (s, first))
}

/// Reads a body: JSON if it looks like JSON, text otherwise.
pub fn body(text: &str) -> Body {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return Body::Text {
            raw: text.to_owned(),
        };
    }
    match serde_json::from_str(text) {
        Ok(value) => Body::Json { value },
        Err(e) => Body::Invalid {
            raw: text.to_owned(),
            offset: super::annotation::error_offset(text, &e),
            error: super::annotation::error_message(&e),
        },
    }
}

/// Type names that examples show instead of values (an `Edm.` prefix, a ` collection` suffix
/// and a note such as ` (timestamp)` are allowed around them). `Date`, `Single`, `Double` and the
/// like are left out: they are also words that examples use as values (`"underline": "Single"`).
const TYPE_NAMES: &[&str] = &[
    "String",
    "Integer",
    "Int16",
    "Int32",
    "Int64",
    "Guid",
    "Boolean",
    "Decimal",
    "DateTimeOffset",
    "TimeOfDay",
    "Duration",
    "Binary",
];

/// Keys whose value names a type on purpose (schema extensions, extension properties).
pub const TYPE_VALUED_KEYS: &[&str] = &["type", "dataType", "valueType", "propertyType"];

/// What an example string that stands in for a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholder {
    /// A type name where a value belongs: `"String"`, `"String (timestamp)"`,
    /// `"@odata.type: microsoft.graph.x"`. A body holding one is a template, not traffic.
    TypeName,
    /// The reference's other convention, `"displayName-value"`: a string, but no real value.
    Named,
}

impl Placeholder {
    /// "a type name" or "a placeholder", for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Placeholder::TypeName => "a type name",
            Placeholder::Named => "a placeholder",
        }
    }
}

/// What an example string stands in for a value as, if it does (see [`Placeholder`]); `None`
/// for a real value. The one definition: lint reports these (`placeholder-value`), the round
/// trip runs no body that holds a type name and judges no type name as a value.
pub fn placeholder(s: &str) -> Option<Placeholder> {
    let t = s.trim();
    if is_type_name(t) || t.starts_with("@odata.type:") {
        return Some(Placeholder::TypeName);
    }
    let word = t.strip_suffix("-value")?;
    let ident = word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric());
    ident.then_some(Placeholder::Named)
}

/// Whether an example value is a type name standing in for a value: `String`, `Edm.Int32`,
/// `String (timestamp)`, `String collection` (one kind of [`placeholder`]).
pub fn is_type_name(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix("Edm.").unwrap_or(t);
    let t = match t.split_once(" (") {
        Some((base, note)) if note.ends_with(')') => base,
        _ => t,
    };
    let t = t.strip_suffix(" collection").unwrap_or(t);
    TYPE_NAMES.contains(&t)
}

fn line_ranges(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    s.split_inclusive('\n').map(move |l| {
        let r = start..start + l.trim_end_matches(['\n', '\r']).len();
        start += l.len();
        r
    })
}

fn status_line(line: &str) -> Option<(u16, String)> {
    let rest = line
        .strip_prefix("HTTP/")
        .or_else(|| line.strip_prefix("http/"))?;
    let mut parts = rest.splitn(3, ' ');
    parts.next()?;
    let code = parts.next()?.trim().parse().ok()?;
    Some((code, parts.next().unwrap_or("").trim().to_owned()))
}

fn request_line(line: &str) -> Option<(Method, String)> {
    let (word, rest) = line.split_once(char::is_whitespace)?;
    let method = Method::from_name(word)?;
    let url = rest.trim();
    let url = url
        .strip_suffix("HTTP/1.1")
        .or_else(|| url.strip_suffix("HTTP/1.0"))
        .unwrap_or(url)
        .trim();
    Some((method, url.to_owned()))
}

fn header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then_some((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        for s in [
            "String",
            "String (timestamp)",
            "Edm.Int32",
            "Guid",
            "String collection",
            " Boolean ",
        ] {
            assert!(is_type_name(s), "{s}");
        }
        assert_eq!(placeholder("displayName-value"), Some(Placeholder::Named));
        assert_eq!(
            placeholder("@odata.type: microsoft.graph.alertStatus"),
            Some(Placeholder::TypeName)
        );
        assert_eq!(placeholder("key value-value"), None);
        assert_eq!(placeholder("-value"), None);
        for s in [
            "string",
            "Message value",
            "Stringy",
            "Date",
            "2021-01-01",
            "Int32 value",
        ] {
            assert!(!is_type_name(s), "{s}");
        }
    }

    #[test]
    fn request_with_headers_and_body() {
        let m = split(
            "POST https://graph.microsoft.com/v1.0/me/x\nContent-Type: application/json\n\n{\"a\": 1}\n",
        );
        let (method, url, _) = m.request_line.expect("request line");
        assert_eq!(
            (method, url.as_str()),
            (Method::Post, "https://graph.microsoft.com/v1.0/me/x")
        );
        assert_eq!(
            m.headers,
            [("Content-Type".to_owned(), "application/json".to_owned())]
        );
        let (b, start) = m.body.expect("body");
        assert_eq!(
            start, 75,
            "after the request line, one header and a blank line"
        );
        assert_eq!(
            body(b),
            Body::Json {
                value: serde_json::json!({"a": 1})
            }
        );
    }

    #[test]
    fn response_with_blank_line_before_headers_and_no_blank_before_body() {
        let m = split(
            "HTTP/1.1 201 Created\n\nContent-Type: application/json\n{\n  \"id\": \"x\",\n}\n",
        );
        assert_eq!(m.status_line.as_ref().map(|s| s.0), Some(201));
        assert_eq!(m.headers.len(), 1);
        let (b, _) = m.body.expect("body");
        let Body::Invalid { offset, .. } = body(b) else {
            panic!("a trailing comma is not strict JSON");
        };
        assert_eq!(&b[offset..offset + 1], ",", "points at the comma");
    }

    #[test]
    fn bare_json_block_is_all_body() {
        let m = split("{\n \"value\": []\n}");
        assert!(m.request_line.is_none() && m.status_line.is_none());
        assert_eq!(m.body.map(|b| b.1), Some(0));
    }
}
