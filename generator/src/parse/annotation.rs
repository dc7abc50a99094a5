//! `<!-- { "blockType": ... } -->` annotations: JSON inside an HTML comment, read leniently.

use crate::diag::AnnotationFault;
use serde::Serialize;
use serde_json::{Map, Value};

/// An annotation's fields, and why it was not strict JSON if it was not.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Annotation {
    /// `blockType` (`request`, `response`, `resource`, `ignored`, `example`, `permissions`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_type: Option<String>,
    /// Every field as read.
    pub fields: Map<String, Value>,
    /// Why strict JSON failed: (byte offset in the comment text, message). The fields were then
    /// read after removing trailing commas and comments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strict_error: Option<(usize, String)>,
    /// `@odata.type` read as a type; from `fields`, so not serialized.
    #[serde(skip)]
    pub odata_type: Option<AnnotatedType>,
}

/// The type an annotation's `@odata.type` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotatedType {
    /// The type's name as written (trimmed, without a leading `#`), inside `Collection(…)`
    /// (any case) when it is wrapped in one.
    pub name: String,
    /// `Collection(…)`, or `"isCollection": true` beside it.
    pub collection: bool,
}

impl AnnotatedType {
    /// The type `@odata.type` names in annotation fields, if it is a string.
    fn of(fields: &Map<String, Value>) -> Option<AnnotatedType> {
        let t = fields.get("@odata.type")?.as_str()?;
        let (name, wrapped) = super::typeexpr::split_collection(t);
        let listed = fields.get("isCollection").and_then(bool_of);
        Some(AnnotatedType {
            name: name.to_owned(),
            collection: wrapped || listed.unwrap_or(false),
        })
    }
}

impl Annotation {
    /// A string field, if present and a string.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }

    /// A boolean field; also accepts the strings `"true"`/`"false"` that pages write.
    pub fn bool(&self, key: &str) -> Option<bool> {
        bool_of(self.fields.get(key)?)
    }
}

/// A boolean value, or the strings `"true"`/`"false"` that pages write.
fn bool_of(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The result of reading an HTML comment that looked like an annotation.
#[derive(Debug, PartialEq)]
pub enum Read {
    /// Not an annotation (not a comment, or no `{` inside): ordinary commented-out text.
    NotAnnotation,
    /// An annotation, perhaps read leniently.
    Annotation(Annotation),
    /// A comment holding `{` that is not JSON even leniently: (byte offset, message, and
    /// whether only control characters in strings keep it from being JSON).
    Invalid(usize, String, AnnotationFault),
}

/// Reads one HTML block. Offsets are relative to `html`.
pub fn read(html: &str) -> Read {
    let t = html.trim();
    let Some(inner) = t.strip_prefix("<!--") else {
        return Read::NotAnnotation;
    };
    let inner = inner.trim_end().strip_suffix("-->").unwrap_or(inner);
    let Some(brace) = inner.find('{') else {
        return Read::NotAnnotation;
    };
    // Only a comment that starts with the object is an annotation; prose comments mentioning
    // braces are commented-out text.
    if !inner[..brace].trim().is_empty() {
        return Read::NotAnnotation;
    }
    let base = html.len() - html.trim_start().len() + 4 + brace;
    let json = inner[brace..].trim_end();
    let (value, strict_error) = match serde_json::from_str::<Value>(json) {
        Ok(v) => (v, None),
        Err(e) => {
            let err = (base + error_offset(json, &e), error_message(&e));
            match serde_json::from_str::<Value>(&relax(json)) {
                Ok(v) => (v, Some(err)),
                Err(_) => return Read::Invalid(err.0, err.1, fault_of(json)),
            }
        }
    };
    match value {
        Value::Object(fields) => Read::Annotation(Annotation {
            block_type: fields
                .get("blockType")
                .and_then(Value::as_str)
                .map(str::to_owned),
            odata_type: AnnotatedType::of(&fields),
            fields,
            strict_error,
        }),
        _ => Read::Invalid(
            base,
            "annotation is not a JSON object".into(),
            AnnotationFault::NotJson,
        ),
    }
}

/// Why an annotation that is not JSON even leniently is not: only because a string holds a raw
/// line break or another control character (the publishing pipeline reads those), or more.
fn fault_of(json: &str) -> AnnotationFault {
    let mut escaped = String::with_capacity(json.len() + 16);
    let mut in_str = false;
    let mut backslash = false;
    for c in relax(json).chars() {
        if in_str {
            match (backslash, c) {
                (true, _) => backslash = false,
                (false, '\\') => backslash = true,
                (false, '"') => in_str = false,
                (false, c) if c < ' ' => {
                    escaped.push_str(&format!("\\u{:04x}", c as u32));
                    continue;
                }
                _ => {}
            }
        } else if c == '"' {
            in_str = true;
        }
        escaped.push(c);
    }
    match serde_json::from_str::<Value>(&escaped) {
        Ok(Value::Object(_)) => AnnotationFault::ControlCharacter,
        _ => AnnotationFault::NotJson,
    }
}

/// Where a JSON error is best shown: serde_json reports a trailing comma at the bracket after
/// it; the comma itself is what to fix.
pub fn error_offset(text: &str, e: &serde_json::Error) -> usize {
    let off = offset_of(text, e.line(), e.column());
    if e.to_string().starts_with("trailing comma") {
        let before = text.get(..off).unwrap_or_default();
        if let Some(i) = before.trim_end().strip_suffix(',').map(str::len) {
            return i;
        }
    }
    off
}

/// serde_json's message without its own "at line X column Y", which counts from the start of the
/// block rather than the page; callers give the page position.
pub fn error_message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_owned(),
        None => m,
    }
}

/// Byte offset of serde_json's 1-based line/column within `text`.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = column.saturating_sub(1);
            return off + l.char_indices().nth(col).map_or(l.len(), |(b, _)| b);
        }
        off += l.len();
    }
    text.len()
}

/// One deviation from strict JSON that pages contain, as a byte range of the text to delete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relaxation {
    /// A comma before `}` or `]`.
    TrailingComma(std::ops::Range<usize>),
    /// A `//` comment, up to its line break.
    Comment(std::ops::Range<usize>),
}

impl Relaxation {
    /// The bytes to delete.
    pub fn range(&self) -> std::ops::Range<usize> {
        match self {
            Relaxation::TrailingComma(r) | Relaxation::Comment(r) => r.clone(),
        }
    }
}

/// Every `//` line comment and trailing comma of a JSON text, in text order.
pub fn relaxations(json: &str) -> Vec<Relaxation> {
    use super::jsonpos::{TokenKind, tokens};
    let mut out = Vec::new();
    // The last comma with only whitespace or `//` comments after it so far.
    let mut comma: Option<usize> = None;
    for t in tokens(json) {
        match t.kind {
            TokenKind::LineComment => out.push(Relaxation::Comment(t.range)),
            TokenKind::Punct(b'}' | b']') => {
                if let Some(at) = comma.take() {
                    out.push(Relaxation::TrailingComma(at..at + 1));
                }
            }
            TokenKind::Punct(b',') => comma = Some(t.range.start),
            _ => comma = None,
        }
    }
    out.sort_by_key(|r| r.range().start);
    out
}

/// Removes `//` line comments and trailing commas, the two deviations pages actually contain.
pub fn relax(json: &str) -> String {
    without(json, &relaxations(json))
}

/// `json` without the ranges of `cuts` (in order, not overlapping, as [`relaxations`] gives
/// them).
pub fn without(json: &str, cuts: &[Relaxation]) -> String {
    let mut out = String::with_capacity(json.len());
    let mut at = 0;
    for r in cuts {
        let r = r.range();
        out.push_str(&json[at..r.start]);
        at = r.end;
    }
    out.push_str(&json[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_annotation() {
        let Read::Annotation(a) =
            read("<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"x\"\n}\n-->\n")
        else {
            panic!("expected an annotation");
        };
        assert_eq!(a.block_type.as_deref(), Some("request"));
        assert_eq!(a.str("name"), Some("x"));
        assert!(a.strict_error.is_none());
    }

    #[test]
    fn trailing_comma_is_read_but_remembered() {
        let src = "<!-- { \"blockType\": \"response\", \"truncated\": true, } -->";
        let Read::Annotation(a) = read(src) else {
            panic!("expected an annotation");
        };
        assert_eq!(a.bool("truncated"), Some(true));
        let (off, msg) = a.strict_error.expect("not strict");
        assert_eq!(&src[off..off + 2], ", ", "points at the comma: {msg}");
    }

    #[test]
    fn prose_comments_are_not_annotations() {
        assert_eq!(read("<!-- |a|b| -->"), Read::NotAnnotation);
        assert_eq!(read("<!-- note: use {id} -->"), Read::NotAnnotation);
        assert!(matches!(
            read("<!-- { blockType: x } -->"),
            Read::Invalid(_, _, AnnotationFault::NotJson)
        ));
    }

    #[test]
    fn line_breaks_in_strings_are_told_apart() {
        let src = "<!-- { \"blockType\": \"request\", \"name\": \"a\nb\", } -->";
        assert!(matches!(
            read(src),
            Read::Invalid(_, _, AnnotationFault::ControlCharacter)
        ));
        let src = "<!-- { \"blockType\": \"a\nb\", name: 1 } -->";
        assert!(matches!(
            read(src),
            Read::Invalid(_, _, AnnotationFault::NotJson)
        ));
    }
}
