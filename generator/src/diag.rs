//! Diagnostics: non-fatal problems in the docs that travel with the page and API models.

use crate::kinds::Method;
use crate::span::{Location, Span};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; nothing was lost.
    Note,
    /// Something was kept only as well as it could be.
    Warning,
    /// Something could not be read and was left out.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What kind of problem a diagnostic reports; the serialized name is stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagKind {
    /// The YAML front matter does not parse; it was read line by line instead.
    FrontMatter,
    /// An HTML-comment annotation is not strict JSON (or not JSON at all).
    InvalidAnnotation,
    /// An example body is not strict JSON.
    InvalidJson,
    /// A line of an HTTP request block is not a route.
    InvalidRoute,
    /// A table row has too few or too many cells, or a table has an unexpected header.
    TableShape,
    /// A code fence is never closed.
    UnclosedFence,
    /// An HTTP example block has no readable request or status line.
    InvalidExample,
    /// An `[!INCLUDE]` could not be read.
    Include,
    /// A type reference resolves to nothing in the docs set.
    UnresolvedType,
    /// Two pages define the same thing differently; the first definition was kept.
    Conflict,
    /// Two wire names map to the same Rust name; one was renamed.
    NameCollision,
    /// The page's `Namespace:` disagrees with the `@odata.type` of its examples.
    NamespaceMismatch,
    /// A resource page shows a property in its JSON representation but not in its tables.
    JsonOnlyProperty,
    /// Two pages document the same route.
    DuplicateRoute,
    /// A page could not be classified or has no section the model can use.
    UnusedPage,
    /// The docs and the metadata laid under them disagree (docs over metadata).
    MetadataDrift,
}

/// One problem found in the docs, with where it is and what is involved. The message is
/// rendered from the [`Detail`] when it is printed; readers judge from the detail's fields.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// How serious it is.
    pub severity: Severity,
    /// What kind of problem it is, with the names and locations involved.
    pub detail: Detail,
}

/// What a diagnostic reports: one variant per [`DiagKind`] (serialized as `kind`, the same
/// name), with the names and locations involved.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Detail {
    /// The YAML front matter does not parse.
    FrontMatter {
        /// The YAML reader's error.
        error: String,
    },
    /// An annotation is not strict JSON.
    InvalidAnnotation {
        /// The JSON reader's error, without its own position.
        error: String,
        /// How far from JSON it is.
        fault: AnnotationFault,
    },
    /// A JSON representation or an example body is not strict JSON.
    InvalidJson {
        /// Which block.
        block: JsonBlock,
        /// What is wrong with it.
        problem: JsonProblem,
    },
    /// A line of an HTTP request block is not a route.
    InvalidRoute {
        /// Why the route reader rejected it.
        error: String,
    },
    /// A table row's shape.
    TableShape {
        /// What is wrong with the row.
        problem: RowProblem,
    },
    /// A code fence is never closed.
    UnclosedFence,
    /// A request example has no `METHOD URL` line.
    InvalidExample,
    /// A permissions include could not be read.
    Include {
        /// The include's path as written.
        dest: String,
        /// Why it was not read.
        error: String,
    },
    /// A type reference resolves to nothing.
    UnresolvedType {
        /// The name (or type cell) as written.
        name: String,
        /// Where the name is used.
        site: TypeSite,
    },
    /// Two pages define the same thing differently; the first definition was kept.
    Conflict {
        /// What the two definitions disagree on.
        of: Conflict,
    },
    /// Two wire names map to the same Rust name; the second was renamed.
    NameCollision {
        /// The Rust name both map to, as written in code (`r#type`).
        rust: String,
        /// The wire name that got the name first, or `(reserved)`.
        first_wire: String,
        /// Where the first wire name was found, or `(reserved)`.
        first_source: String,
        /// The wire name that was renamed.
        second_wire: String,
        /// Where the renamed wire name was found.
        second_source: String,
        /// The name the second wire name was given instead.
        renamed_to: String,
    },
    /// An example's `@odata.type` names a type only the page's namespace defines.
    NamespaceMismatch {
        /// The qualified name the example gives, as resolved (`microsoft.graph.x`).
        written: String,
        /// The page's namespace.
        namespace: String,
        /// The type's simple name, which the page's namespace defines.
        name: String,
    },
    /// A property only a resource page's JSON representation shows.
    JsonOnlyProperty {
        /// The property.
        property: String,
        /// Its type's qualified name.
        owner: String,
        /// The placeholder it was typed from, as written.
        placeholder: String,
    },
    /// A route another page (or this one) documents already.
    DuplicateRoute {
        /// The method.
        method: Method,
        /// The route's template.
        template: String,
        /// Where it was first seen.
        first: Location,
    },
    /// The docs and the metadata laid under them disagree.
    MetadataDrift {
        /// The disagreement, in one sentence.
        drift: String,
        /// Where the metadata says otherwise, when it has a line.
        metadata: Option<Location>,
    },
    /// A diagnostic read from a model dump without its detail fields (written before
    /// diagnostics carried them, or with fields this version does not read): its kind and
    /// message only. No stage makes one; readers that judge from fields find none here.
    /// Written back to a dump as it was read (see [`Diagnostic`]'s `Serialize`).
    #[serde(skip)]
    MessageOnly {
        /// The kind, as the dump names it.
        kind: DiagKind,
        /// The message, as the dump holds it.
        message: String,
    },
}

/// How far an annotation is from JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnnotationFault {
    /// Read after dropping trailing commas and comments, as the publishing pipeline does.
    NotStrict,
    /// Not JSON only because a string holds a line break or another control character, which
    /// the publishing pipeline accepts; its fields were not read.
    ControlCharacter,
    /// Not JSON even leniently; its fields were not read.
    NotJson,
}

/// Which JSON block of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JsonBlock {
    /// The `## JSON representation` of a resource page.
    Representation,
    /// An example's body.
    ExampleBody,
}

/// What is wrong with a JSON block.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum JsonProblem {
    /// A `/* … */` comment; the block was read without it.
    Comment,
    /// Not strict JSON.
    NotStrict {
        /// The JSON reader's error, without its own position.
        error: String,
    },
}

/// What is wrong with a table row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum RowProblem {
    /// A line without a leading `|` continues the row above; it was joined to its last cell.
    Continuation,
    /// A backtick is never closed, so the `|` after it separate cells.
    UnclosedCode {
        /// Cells found.
        cells: usize,
        /// Cells the header has.
        header: usize,
    },
    /// The row has another number of cells than the header.
    Cells {
        /// Cells found.
        cells: usize,
        /// Cells the header has.
        header: usize,
    },
}

/// Where an unresolved type name is used.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum TypeSite {
    /// A type cell, a request body or response prose naming a type no page defines.
    Named,
    /// A type cell that is not a type at all.
    Cell,
    /// The base type of a type.
    Base {
        /// The type whose base it is (qualified name).
        of: String,
    },
    /// A response example's annotation.
    Response,
    /// A metadata document names it from a referenced document that was not given.
    Referenced {
        /// The reference: its URI and where the metadata names it.
        document: String,
    },
    /// A metadata document names it, and no schema of it defines it.
    NoSchema,
}

/// What two definitions disagree on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum Conflict {
    /// A property's type.
    PropertyType {
        /// The property.
        property: String,
        /// Its type's qualified name.
        owner: String,
        /// The type cell here, as written.
        here: String,
        /// The type cell of the definition kept, as written.
        kept: String,
        /// Where the definition kept is.
        first: Location,
    },
    /// An enum's members.
    EnumMembers {
        /// The enum's qualified name.
        name: String,
        /// Where the enum was first declared.
        first: Location,
        /// Members this place adds.
        added: Vec<String>,
        /// Members this place leaves out.
        missing: Vec<String>,
    },
}

/// The wire name of a Rust name docgen reserves, in a [`Detail::NameCollision`].
pub const RESERVED: &str = "(reserved)";

impl Detail {
    /// The kind of problem.
    pub fn kind(&self) -> DiagKind {
        match self {
            Detail::FrontMatter { .. } => DiagKind::FrontMatter,
            Detail::InvalidAnnotation { .. } => DiagKind::InvalidAnnotation,
            Detail::InvalidJson { .. } => DiagKind::InvalidJson,
            Detail::InvalidRoute { .. } => DiagKind::InvalidRoute,
            Detail::TableShape { .. } => DiagKind::TableShape,
            Detail::UnclosedFence => DiagKind::UnclosedFence,
            Detail::InvalidExample => DiagKind::InvalidExample,
            Detail::Include { .. } => DiagKind::Include,
            Detail::UnresolvedType { .. } => DiagKind::UnresolvedType,
            Detail::Conflict { .. } => DiagKind::Conflict,
            Detail::NameCollision { .. } => DiagKind::NameCollision,
            Detail::NamespaceMismatch { .. } => DiagKind::NamespaceMismatch,
            Detail::JsonOnlyProperty { .. } => DiagKind::JsonOnlyProperty,
            Detail::DuplicateRoute { .. } => DiagKind::DuplicateRoute,
            Detail::MetadataDrift { .. } => DiagKind::MetadataDrift,
            Detail::MessageOnly { kind, .. } => *kind,
        }
    }

    /// The message without the line and column of the locations it names (`at a.md`, not
    /// `at a.md:12:3`): words that survive edits elsewhere in a page.
    pub fn without_positions(&self) -> String {
        let mut out = String::new();
        // Writing to a String does not fail.
        let _ = self.render(&mut out, false);
        out
    }

    /// Writes the message; `positions` says whether locations carry their line and column.
    fn render(&self, f: &mut impl fmt::Write, positions: bool) -> fmt::Result {
        let at = |l: &Location| -> String {
            if positions {
                l.to_string()
            } else {
                l.file.clone()
            }
        };
        match self {
            Detail::FrontMatter { error } => write!(
                f,
                "front matter is not valid YAML ({error}); read it line by line"
            ),
            Detail::InvalidAnnotation { error, fault } => match fault {
                AnnotationFault::NotStrict => write!(f, "annotation is not strict JSON: {error}"),
                AnnotationFault::ControlCharacter | AnnotationFault::NotJson => {
                    write!(f, "annotation is not JSON: {error}")
                }
            },
            Detail::InvalidJson { block, problem } => match (block, problem) {
                (JsonBlock::Representation, JsonProblem::Comment) => f.write_str(
                    "JSON representation has a `/* … */` comment, which JSON does not allow; \
                     read without it",
                ),
                (JsonBlock::ExampleBody, JsonProblem::Comment) => f.write_str(
                    "example body has a `/* … */` comment, which JSON does not allow; read \
                     without it",
                ),
                (JsonBlock::Representation, JsonProblem::NotStrict { error: e }) => {
                    write!(f, "JSON representation is not strict JSON: {e}")
                }
                (JsonBlock::ExampleBody, JsonProblem::NotStrict { error: e }) => {
                    write!(f, "example body is not strict JSON: {e}")
                }
            },
            Detail::InvalidRoute { error } => write!(f, "not a route: {error}"),
            Detail::TableShape { problem } => match problem {
                RowProblem::Continuation => f.write_str(
                    "line continues the row above without a leading `|`; joined to its last cell",
                ),
                RowProblem::UnclosedCode { cells, header } => write!(
                    f,
                    "a backtick in this row is never closed, so the `|` after it separate cells \
                     ({cells} cells, the header has {header})"
                ),
                RowProblem::Cells { cells, header } => {
                    let what = if cells > header {
                        "the extra cells are ignored"
                    } else {
                        "the missing cells are read as empty"
                    };
                    write!(
                        f,
                        "row has {cells} cells but the header has {header}; {what}"
                    )
                }
            },
            Detail::UnclosedFence => {
                f.write_str("code fence is never closed; it runs to the end of the page")
            }
            Detail::InvalidExample => f.write_str("request example has no `METHOD URL` line"),
            Detail::Include { dest, error } => {
                write!(f, "permissions include `{dest}` not read: {error}")
            }
            Detail::UnresolvedType { name, site } => match site {
                TypeSite::Named => write!(
                    f,
                    "type `{name}` is not defined by any page; kept as untyped JSON"
                ),
                TypeSite::Cell => {
                    write!(f, "type cell `{name}` is not a type; kept as untyped JSON")
                }
                TypeSite::Base { of } => {
                    write!(f, "base type `{name}` of `{of}` is not defined by any page")
                }
                TypeSite::Response => {
                    write!(f, "response type `{name}` is not defined by any page")
                }
                TypeSite::Referenced { document } => write!(
                    f,
                    "type `{name}` is defined by the referenced document {document}, which was \
                     not given: kept as untyped JSON"
                ),
                TypeSite::NoSchema => write!(
                    f,
                    "type `{name}` is defined by no schema of the document: kept as untyped JSON"
                ),
            },
            Detail::Conflict { of } => match of {
                Conflict::PropertyType {
                    property,
                    owner,
                    here,
                    kept,
                    first,
                } => write!(
                    f,
                    "property `{property}` of `{owner}` has type `{here}` here but `{kept}` at {}; \
                     the first is kept",
                    at(first)
                ),
                Conflict::EnumMembers {
                    name,
                    first,
                    added,
                    missing,
                } => write!(
                    f,
                    "enum `{name}` lists other members here than at {} (added here: {added:?}; \
                     not listed here: {missing:?}); the union is kept",
                    at(first)
                ),
            },
            Detail::NameCollision {
                rust,
                first_wire,
                first_source,
                second_wire,
                second_source,
                renamed_to,
            } => {
                // The naming pass names where a wire name was found as text: a location as
                // `Location` writes it, or a name.
                let source = |s: &String| match Location::parse(s) {
                    Some(l) if !positions => l.file,
                    _ => s.clone(),
                };
                let (first_source, second_source) = (source(first_source), source(second_source));
                if first_wire == RESERVED && first_source == RESERVED {
                    write!(
                        f,
                        "`{second_wire}` ({second_source}) maps to reserved Rust name `{rust}`; \
                         it is named `{renamed_to}`"
                    )
                } else {
                    write!(
                        f,
                        "`{first_wire}` and `{second_wire}` ({second_source}) both map to Rust \
                         name `{rust}` (first from {first_source}); the second is named \
                         `{renamed_to}`"
                    )
                }
            }
            Detail::NamespaceMismatch {
                written,
                namespace,
                name,
            } => write!(
                f,
                "example `@odata.type` is `{written}`, but the page's namespace is `{namespace}` \
                 (which defines `{name}`)"
            ),
            Detail::JsonOnlyProperty {
                property,
                owner,
                placeholder,
            } => write!(
                f,
                "`{property}` of `{owner}` is only in the JSON representation; typed from its \
                 placeholder `{placeholder}`"
            ),
            Detail::DuplicateRoute {
                method,
                template,
                first,
            } => write!(
                f,
                "`{method} {template}` is already documented at {}; this one is not generated",
                at(first)
            ),
            Detail::MetadataDrift { drift, metadata } => match metadata {
                Some(m) => write!(f, "{drift} (metadata: {})", at(m)),
                None => f.write_str(drift),
            },
            // The positions it names cannot be told from its words.
            Detail::MessageOnly { message, .. } => f.write_str(message),
        }
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.render(f, true)
    }
}

impl Diagnostic {
    /// A warning at `file`:`at`.
    pub fn warning(file: &str, at: Span, detail: Detail) -> Self {
        Diagnostic {
            location: Location::new(file, at),
            severity: Severity::Warning,
            detail,
        }
    }

    /// The same diagnostic with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> DiagKind {
        self.detail.kind()
    }

    /// What is wrong, in one sentence, rendered from the detail.
    pub fn message(&self) -> String {
        self.detail.to_string()
    }
}

/// Diagnostics are listed by place, severity and kind, then by message: the order people read
/// them in (the message is rendered only for two of one kind at one place).
impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.location, self.severity, self.kind())
            .cmp(&(&other.location, other.severity, other.kind()))
            .then_with(|| {
                if self.detail == other.detail {
                    std::cmp::Ordering::Equal
                } else {
                    (self.message(), &self.detail).cmp(&(other.message(), &other.detail))
                }
            })
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for DiagKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(
            &serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location,
            self.severity,
            self.kind(),
            self.detail
        )
    }
}

/// How a diagnostic is written to a model dump: its location, severity, kind and detail
/// fields, and the rendered message for people reading the dump (ignored when read back).
#[derive(Serialize)]
struct Written<'a> {
    location: &'a Location,
    severity: Severity,
    #[serde(flatten)]
    detail: &'a Detail,
    message: String,
}

/// How a [`Detail::MessageOnly`] is written back: as the dump it came from held it.
#[derive(Serialize)]
struct WrittenMessage<'a> {
    location: &'a Location,
    severity: Severity,
    kind: DiagKind,
    message: &'a str,
}

/// How a diagnostic is read back from a model dump: the detail fields beside the kind are
/// optional, so a dump written before diagnostics carried them still loads.
#[derive(Deserialize)]
struct Read {
    location: Location,
    severity: Severity,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

/// The kind and message every dump holds, whatever else it holds.
#[derive(Deserialize)]
struct KindAndMessage {
    kind: DiagKind,
    #[serde(default)]
    message: String,
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Detail::MessageOnly { kind, message } = &self.detail {
            return WrittenMessage {
                location: &self.location,
                severity: self.severity,
                kind: *kind,
                message,
            }
            .serialize(s);
        }
        Written {
            location: &self.location,
            severity: self.severity,
            detail: &self.detail,
            message: self.message(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = Read::deserialize(d)?;
        let rest = serde_json::Value::Object(r.rest);
        let detail = match Detail::deserialize(&rest) {
            Ok(detail) => detail,
            // Fields missing or of another form: the kind and the message still say what it is.
            Err(_) => {
                let KindAndMessage { kind, message } =
                    KindAndMessage::deserialize(&rest).map_err(serde::de::Error::custom)?;
                Detail::MessageOnly { kind, message }
            }
        };
        Ok(Diagnostic {
            location: r.location,
            severity: r.severity,
            detail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dump_reads_back() {
        let details = [
            Detail::UnclosedFence,
            Detail::InvalidJson {
                block: JsonBlock::ExampleBody,
                problem: JsonProblem::NotStrict {
                    error: "trailing comma".into(),
                },
            },
            Detail::Conflict {
                of: Conflict::PropertyType {
                    property: "p".into(),
                    owner: "ns.t".into(),
                    here: "String".into(),
                    kept: "Int32".into(),
                    first: Location::new("a.md", Span::new(3, 4)),
                },
            },
            Detail::UnresolvedType {
                name: "x".into(),
                site: TypeSite::Base { of: "ns.y".into() },
            },
        ];
        let table = Detail::TableShape {
            problem: RowProblem::Cells {
                cells: 1,
                header: 3,
            },
        };
        for detail in details.into_iter().chain([table]) {
            let d = Diagnostic::warning("b.md", Span::new(1, 2), detail);
            let json = serde_json::to_string(&d).expect("json");
            assert!(
                json.contains(&format!("\"message\":{:?}", d.message())),
                "{json}"
            );
            let back: Diagnostic = serde_json::from_str(&json).expect(&json);
            assert_eq!(back, d);
            let yaml = serde_yaml::to_string(&d).expect("yaml");
            let back: Diagnostic = serde_yaml::from_str(&yaml).expect(&yaml);
            assert_eq!(back, d);
        }
    }

    #[test]
    fn a_dump_without_detail_fields_reads_back() {
        // As dumps were written before diagnostics carried their details.
        let yaml = "location: resources/a.md:3:5\nseverity: warning\nkind: unresolved-type\n\
                    message: type `x` is not defined by any page; kept as untyped JSON\n";
        let d: Diagnostic = serde_yaml::from_str(yaml).expect(yaml);
        assert_eq!(d.kind(), DiagKind::UnresolvedType);
        assert_eq!(d.location, Location::new("resources/a.md", Span::new(3, 5)));
        assert_eq!(
            d.message(),
            "type `x` is not defined by any page; kept as untyped JSON"
        );
        assert_eq!(
            d.to_string(),
            "resources/a.md:3:5: warning[unresolved-type]: type `x` is not defined by any page; \
             kept as untyped JSON"
        );
        // Written back as it was read.
        assert_eq!(serde_yaml::to_string(&d).expect("yaml"), yaml);
        let json =
            r#"{"location":"b.md:1:1","severity":"note","kind":"unclosed-fence","message":"m"}"#;
        let d: Diagnostic = serde_json::from_str(json).expect(json);
        // Unit variants have no fields to miss: the detail reads, and the message is its own.
        assert_eq!(d.detail, Detail::UnclosedFence);
        let json = r#"{"location":"b.md:1:1","severity":"note","kind":"conflict","message":"m"}"#;
        let d: Diagnostic = serde_json::from_str(json).expect(json);
        assert_eq!(
            d.detail,
            Detail::MessageOnly {
                kind: DiagKind::Conflict,
                message: "m".into()
            }
        );
        assert_eq!(serde_json::to_string(&d).expect("json"), json);
        // A kind no version wrote is still an error.
        let bad = r#"{"location":"b.md:1:1","severity":"note","kind":"nonsense","message":"m"}"#;
        assert!(serde_json::from_str::<Diagnostic>(bad).is_err());
    }

    #[test]
    fn positions_can_be_left_out() {
        let d = Detail::NameCollision {
            rust: "a_b".into(),
            first_wire: "a-b".into(),
            first_source: "x.md:3:1".into(),
            second_wire: "a_b".into(),
            second_source: "microsoft.graph".into(),
            renamed_to: "a_b_2".into(),
        };
        assert_eq!(
            d.without_positions(),
            "`a-b` and `a_b` (microsoft.graph) both map to Rust name `a_b` (first from x.md); \
             the second is named `a_b_2`"
        );
        let d = Detail::DuplicateRoute {
            method: Method::Get,
            template: "/x".into(),
            first: Location::new("api/a.md", Span::new(12, 1)),
        };
        assert_eq!(
            d.to_string(),
            "`GET /x` is already documented at api/a.md:12:1; this one is not generated"
        );
        assert_eq!(
            d.without_positions(),
            "`GET /x` is already documented at api/a.md; this one is not generated"
        );
    }
}
