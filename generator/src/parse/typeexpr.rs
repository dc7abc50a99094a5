//! The "Type" cell of property and parameter tables → a type expression.
//!
//! Forms seen in the reference: `String`, `Edm.Int32`, `` `DateTimeOffset` ``,
//! `**name**`, `[name](../resources/name.md)`, `[name][]`, `X collection`,
//! `Collection(X)`, `Collection of X`, `[x][] resource`, `String (url)`,
//! `(Optional) String`, `Enumeration`, `[x](x.md) enum`; reference links (`[x]`, `[x][]`,
//! `[x][label]`) take the destination of the page's definition. Text after the type
//! (`String, maximum size 10`) is a note on it, returned beside the type.

use super::blocks::Definitions;
use super::link::{self, Target};
use crate::edm::Primitive;
use serde::Serialize;

/// A parsed type cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A primitive (`String`, `Edm.Int32`, `[DateTimeOffset](...)`).
    Primitive(Primitive),
    /// A named type: a bare or namespaced name, or a markdown link's text.
    Named {
        /// The name as written (`threatAssessmentResultType`, `microsoft.graph.x.y`).
        name: String,
        /// An inline link's target as written; `None` for bare names and `[x][]` references.
        link: Option<String>,
    },
    /// The word `Enumeration` or `enum`: an enum whose name the page does not give.
    Enumeration,
    /// A collection of the inner type.
    Collection(Box<TypeExpr>),
    /// Anything else, raw cell text kept (trimmed).
    Unknown(String),
}

// Serde's externally tagged form, with each variant written as a one-entry map: serde_yaml cannot
// write a tagged variant inside another (`Collection(Primitive(..))`), so `docgen page` failed on
// every page with a collection type. JSON output is the same as the derived one.
impl Serialize for TypeExpr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        #[derive(Serialize)]
        struct Named<'a> {
            name: &'a str,
            link: &'a Option<String>,
        }
        if let TypeExpr::Enumeration = self {
            return s.serialize_unit_variant("TypeExpr", 2, "Enumeration");
        }
        let mut m = s.serialize_map(Some(1))?;
        match self {
            TypeExpr::Primitive(p) => m.serialize_entry("Primitive", p)?,
            TypeExpr::Named { name, link } => m.serialize_entry("Named", &Named { name, link })?,
            TypeExpr::Collection(inner) => m.serialize_entry("Collection", inner)?,
            TypeExpr::Unknown(raw) => m.serialize_entry("Unknown", raw)?,
            TypeExpr::Enumeration => {}
        }
        m.end()
    }
}

/// Generic words written in type cells that are not type names.
const NOT_TYPE_NAMES: &[&str] = &[
    "number", "float", "object", "url", "uri", "none", "null", "any", "array",
];

/// Nesting deeper than this is not a real type cell; the limit keeps recursion bounded.
const MAX_DEPTH: usize = 6;

/// Parses the raw markdown of one "Type" cell.
pub fn parse_type_cell(raw: &str) -> TypeExpr {
    parse_type_cell_in(raw, &Definitions::new()).0
}

/// Parses one "Type" cell of a page whose link reference definitions are `defs`: a shortcut or
/// full reference link (`[identitySet]`, `[x][label]`) gets its definition's destination, as
/// an inline link has its own. Text after the type (`string, maximum size 10`, `[x](x.md)
/// collection. Holds …`) is returned beside it, as a note on the type.
pub fn parse_type_cell_in(raw: &str, defs: &Definitions) -> (TypeExpr, Option<String>) {
    let clean = normalize(raw);
    if let Some(t) = parse(&clean, 0, defs) {
        return (t, None);
    }
    if let Some((head, note)) = split_note(&clean) {
        if let Some(t) = parse(head, 0, defs) {
            return (t, Some(note.to_owned()));
        }
    }
    (TypeExpr::Unknown(raw.trim().to_owned()), None)
}

/// Splits a cell at the first `, `, `; `, `. `, ` - ` or ` (` outside brackets: the type, then
/// what the cell says about it.
fn split_note(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let mut depth = 0i32;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'[' | b'(' if !(c == b'(' && depth == 0 && i > 0 && b[i - 1] == b' ') => depth += 1,
            b']' | b')' => depth -= 1,
            _ if depth > 0 => {}
            b',' | b';' | b'.' if b.get(i + 1) == Some(&b' ') => {
                return Some((&s[..i], s[i + 1..].trim()));
            }
            b' ' if matches!(b.get(i + 1..i + 3), Some(b"- ")) => {
                return Some((&s[..i], s[i + 2..].trim()));
            }
            b'(' => return Some((&s[..i], s[i..].trim())),
            _ => {}
        }
    }
    None
}

/// Drops markup that never changes the type: emphasis, backticks, HTML tags, `\|`
/// escapes, runs of whitespace, a trailing period.
fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    let mut prev_space = true;
    for c in raw.chars() {
        let c = match c {
            '<' if !in_tag => {
                in_tag = true;
                continue;
            }
            '>' if in_tag => {
                in_tag = false;
                ' '
            }
            _ if in_tag => continue,
            '*' | '`' | '\\' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && prev_space {
            continue;
        }
        prev_space = c == ' ';
        out.push(c);
    }
    // Never starts with whitespace (every kind became a space, and leading spaces were skipped):
    // only the end needs trimming, done in place.
    out.truncate(out.trim_end().trim_end_matches('.').trim_end().len());
    out
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..cut])
}

fn parse(s: &str, depth: usize, defs: &Definitions) -> Option<TypeExpr> {
    let s = s.trim();
    if depth > MAX_DEPTH || s.is_empty() {
        return None;
    }
    // `String (timestamp)` is how the reference spells a date-time in JSON.
    if let Some(base) = strip_suffix_ci(s, "(timestamp)") {
        return match parse(base, depth + 1, defs)? {
            TypeExpr::Primitive(Primitive::String) => {
                Some(TypeExpr::Primitive(Primitive::DateTimeOffset))
            }
            other => Some(other),
        };
    }
    // Notes such as `String (url)` or `(Optional) String` qualify the type, they are not it.
    if let Some(open) = s.rfind(" (") {
        let note = &s[open + 2..];
        if note.strip_suffix(')').is_some_and(is_note) {
            return parse(&s[..open], depth + 1, defs);
        }
    }
    if let Some(rest) = s.strip_prefix('(') {
        if let Some((note, ty)) = rest.split_once(") ") {
            if is_note(note) {
                return parse(ty, depth + 1, defs);
            }
        }
    }
    if let Some(inner) = strip_prefix_ci(s, "collection(").and_then(|r| r.strip_suffix(')')) {
        return Some(TypeExpr::Collection(Box::new(parse(
            inner,
            depth + 1,
            defs,
        )?)));
    }
    if let Some(inner) = strip_prefix_ci(s, "collection of ") {
        return Some(TypeExpr::Collection(Box::new(parse(
            inner,
            depth + 1,
            defs,
        )?)));
    }
    if let Some(inner) = strip_suffix_ci(s, " collection") {
        return Some(TypeExpr::Collection(Box::new(parse(
            inner,
            depth + 1,
            defs,
        )?)));
    }
    if let Some(p) = Primitive::from_name(s) {
        return Some(TypeExpr::Primitive(p));
    }
    // `[fileHashType](filehashtype.md) enum`: the word says what the named type is.
    if let Some(inner) = strip_suffix_ci(s, " enumeration").or_else(|| strip_suffix_ci(s, " enum"))
    {
        return match parse(inner, depth + 1, defs)? {
            t @ TypeExpr::Named { .. } => Some(t),
            _ => None,
        };
    }
    if let Some(inner) = strip_suffix_ci(s, " resource").or_else(|| strip_suffix_ci(s, " object")) {
        return inner
            .trim_end()
            .ends_with(']')
            .then(|| parse(inner, depth + 1, defs))
            .flatten();
    }
    atom(s, defs)
}

fn is_note(note: &str) -> bool {
    !note.is_empty()
        && note.len() <= 20
        && note
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == ' ')
}

/// A single name: bare, `[text](target)`, `[text][label]`, `[text][]` or `[text]` (the last
/// three resolved through `defs`).
fn atom(s: &str, defs: &Definitions) -> Option<TypeExpr> {
    let (name, link) = if s.starts_with('[') {
        // The whole atom is one link.
        let whole = 0..s.trim_end().len();
        let l = link::links(s).into_iter().find(|l| l.range == whole)?;
        let text = &s[l.text];
        if text.contains('[') {
            return None;
        }
        let defined = |label: &str| defs.get(&label.trim().to_lowercase()).cloned();
        let link = match l.target {
            Target::Inline { dest } => Some(s[dest].trim().to_owned()),
            Target::Reference { label } if label.is_empty() => defined(text),
            Target::Reference { label } => defined(&s[label]),
            Target::Shortcut => defined(text),
        };
        (text.trim(), link)
    } else {
        (s, None)
    };
    if let Some(p) = Primitive::from_name(name) {
        return Some(TypeExpr::Primitive(p));
    }
    if name.eq_ignore_ascii_case("enumeration") || name.eq_ignore_ascii_case("enum") {
        return Some(TypeExpr::Enumeration);
    }
    let ident = name.split('.').all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    if !ident
        || strip_prefix_ci(name, "edm.").is_some()
        || NOT_TYPE_NAMES.iter().any(|w| w.eq_ignore_ascii_case(name))
    {
        return None;
    }
    Some(TypeExpr::Named {
        name: name.to_owned(),
        link,
    })
}

/// `Collection(x)` (pages write `collection(x)` too) → `x` and true; any other name → itself
/// and false. Trimmed, without a leading `#`. How an annotation's or an example's
/// `@odata.type` and a model name say collection; a Type cell has more forms ([`parse_type_cell`]).
pub fn split_collection(written: &str) -> (&str, bool) {
    let t = written.trim().trim_start_matches('#');
    let inner = t
        .get(..11)
        .filter(|p| p.eq_ignore_ascii_case("Collection("))
        .and_then(|_| t[11..].strip_suffix(')'));
    match inner {
        Some(inner) => (inner.trim(), true),
        None => (t, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Primitive as P;
    use TypeExpr as T;

    fn prim(p: Primitive) -> TypeExpr {
        T::Primitive(p)
    }
    fn named(n: &str, l: Option<&str>) -> TypeExpr {
        T::Named {
            name: n.into(),
            link: l.map(Into::into),
        }
    }
    fn coll(t: TypeExpr) -> TypeExpr {
        T::Collection(Box::new(t))
    }

    #[test]
    fn primitives_any_case_and_edm_prefix() {
        assert_eq!(parse_type_cell("String"), prim(P::String));
        assert_eq!(parse_type_cell(" string "), prim(P::String));
        assert_eq!(parse_type_cell("Edm.Int64"), prim(P::Int64));
        assert_eq!(
            parse_type_cell("`edm.dateTimeOffset`"),
            prim(P::DateTimeOffset)
        );
        assert_eq!(parse_type_cell("**Boolean**."), prim(P::Boolean));
        for (s, p) in [
            ("Integer", P::Int32),
            ("int", P::Int32),
            ("Long", P::Int64),
            ("bool", P::Boolean),
            ("GUID", P::Guid),
        ] {
            assert_eq!(parse_type_cell(s), prim(p), "{s}");
        }
        assert_eq!(parse_type_cell("DateTime"), prim(P::DateTimeOffset));
        assert_eq!(
            parse_type_cell("string (timestamp)"),
            prim(P::DateTimeOffset)
        );
        assert_eq!(parse_type_cell("Untyped JSON object"), prim(P::Json));
        assert_eq!(
            parse_type_cell("[Double](../resources/double.md)"),
            prim(P::Double)
        );
    }

    #[test]
    fn named_types() {
        assert_eq!(parse_type_cell("gadgetKind"), named("gadgetKind", None));
        assert_eq!(
            parse_type_cell("microsoft.graph.shop.gadget"),
            named("microsoft.graph.shop.gadget", None)
        );
        assert_eq!(
            parse_type_cell("[gadget](../resources/gadget.md)"),
            named("gadget", Some("../resources/gadget.md"))
        );
        assert_eq!(
            parse_type_cell("[**gadget**][gadget]"),
            named("gadget", None)
        );
        assert_eq!(
            parse_type_cell("[gadget][] resource"),
            named("gadget", None)
        );
        assert_eq!(
            parse_type_cell("[kind](#kind-values)"),
            named("kind", Some("#kind-values"))
        );
    }

    #[test]
    fn collections() {
        assert_eq!(parse_type_cell("String collection"), coll(prim(P::String)));
        assert_eq!(
            parse_type_cell("gadget Collection"),
            coll(named("gadget", None))
        );
        assert_eq!(parse_type_cell("Collection(Edm.Guid)"), coll(prim(P::Guid)));
        assert_eq!(
            parse_type_cell("`collection(string)`"),
            coll(prim(P::String))
        );
        assert_eq!(parse_type_cell("collection of Int32"), coll(prim(P::Int32)));
        assert_eq!(
            parse_type_cell("Collection of [part](part.md)"),
            coll(named("part", Some("part.md")))
        );
        assert_eq!(
            parse_type_cell("Collection([part][])"),
            coll(named("part", None))
        );
        assert_eq!(
            parse_type_cell("[part](part.md) collection "),
            coll(named("part", Some("part.md")))
        );
    }

    #[test]
    fn enumeration_and_notes() {
        assert_eq!(parse_type_cell("Enumeration"), T::Enumeration);
        assert_eq!(parse_type_cell("enum"), T::Enumeration);
        assert_eq!(parse_type_cell("String (optional)"), prim(P::String));
        assert_eq!(parse_type_cell("(Optional) Int32"), prim(P::Int32));
        assert_eq!(
            parse_type_cell("[kind](kind.md) (optional)"),
            named("kind", Some("kind.md"))
        );
    }

    #[test]
    fn unknowns_keep_raw_text() {
        for s in [
            "",
            "|",
            "number",
            "Float",
            "string/number",
            "[a](a.md) or [b](b.md)",
            "[a](a.md",
            "a b c",
            "Edm.Whatever",
            "text/plain",
        ] {
            assert_eq!(parse_type_cell(s), T::Unknown(s.trim().into()), "{s:?}");
        }
    }

    #[test]
    fn text_after_the_type_is_a_note() {
        let defs = Definitions::new();
        let coll = |t| T::Collection(Box::new(t));
        for (cell, ty, note) in [
            (
                "[x](x.md) collection. More prose here",
                coll(named("x", Some("x.md"))),
                "More prose here",
            ),
            (
                "string, maximum size 10",
                T::Primitive(Primitive::String),
                "maximum size 10",
            ),
            (
                "Int32 (between 1 and 50 items)",
                T::Primitive(Primitive::Int32),
                "(between 1 and 50 items)",
            ),
            (
                "String - the display form",
                T::Primitive(Primitive::String),
                "the display form",
            ),
        ] {
            assert_eq!(
                parse_type_cell_in(cell, &defs),
                (ty, Some(note.to_owned())),
                "{cell:?}"
            );
        }
        // A word saying what the named type is, not a note.
        assert_eq!(
            parse_type_cell("[fileHashType](filehashtype.md) enum"),
            named("fileHashType", Some("filehashtype.md"))
        );
        assert_eq!(
            parse_type_cell("String enum"),
            T::Unknown("String enum".into())
        );
    }

    #[test]
    fn reference_links_take_their_definition() {
        let defs: Definitions = [("identityset".to_owned(), "identityset.md".to_owned())]
            .into_iter()
            .collect();
        for cell in [
            "[identitySet]",
            "[identitySet][]",
            "[IdentitySet][identityset]",
        ] {
            let (t, note) = parse_type_cell_in(cell, &defs);
            assert!(
                matches!(&t, T::Named { link: Some(l), .. } if l == "identityset.md"),
                "{cell:?}: {t:?}"
            );
            assert_eq!(note, None);
        }
        assert_eq!(
            parse_type_cell_in("[user] collection", &defs).0,
            T::Collection(Box::new(named("user", None)))
        );
    }

    #[test]
    fn hostile_input() {
        for s in [
            "[",
            "]",
            "[](",
            "[]()",
            "``",
            "<",
            "<br",
            "(",
            "()",
            ") (",
            "Collection(",
            "collection of ",
            "\\|\\|",
            "é collection",
            "**",
        ] {
            let _ = parse_type_cell(s);
        }
        let deep = format!(
            "{}String{}",
            "Collection(".repeat(50_000),
            ")".repeat(50_000)
        );
        let t = std::time::Instant::now();
        assert!(matches!(parse_type_cell(&deep), T::Unknown(_)));
        let long = "x ".repeat(60_000) + "collection";
        assert!(matches!(parse_type_cell(&long), T::Unknown(_)));
        assert!(t.elapsed().as_secs() < 2);
    }
}
