//! Diagnostics: non-fatal problems in the docs that travel with the page and API models.

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

/// One problem found in the docs, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// How serious it is.
    pub severity: Severity,
    /// What kind of problem it is.
    pub kind: DiagKind,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// A warning of `kind` at `file`:`at`.
    pub fn warning(kind: DiagKind, file: &str, at: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Location::new(file, at),
            severity: Severity::Warning,
            kind,
            message: message.into(),
        }
    }

    /// The same diagnostic with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location,
            self.severity,
            serde_json::to_value(self.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            self.message
        )
    }
}
