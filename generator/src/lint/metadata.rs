//! `metadata-drift`: where the docs and the published metadata (CSDL) disagree, as findings.
//!
//! [`crate::metadata::drift`] lists the disagreements; this module places each one: at its
//! definition in the docs, or at the page that should have it. An item only the metadata has
//! and no page names (a type or enum with no page) is placed at its line in the metadata
//! document, named by its path relative to the docs root, so every output format can point at
//! it.

use super::finding::Finding;
use super::rules;
use crate::metadata::drift::{Drift, DriftKind, Side};
use crate::span::Span;

/// The findings of `items`; `metadata_file` is the metadata document's path relative to the
/// docs root (`../metadata/v1.0.xml`), `/`-separated.
pub fn findings(items: &[Drift], metadata_file: &str) -> Vec<Finding> {
    items
        .iter()
        .map(|d| {
            let (file, at) = match (&d.location, d.metadata_line) {
                (Some(l), _) => (l.file.as_str(), l.at),
                (None, line) => (metadata_file, Span::new(line.unwrap_or(1), 1)),
            };
            // Kind, side and the metadata's spelling of the name identify a finding across
            // edits of either document.
            let subject = format!("{} {} ({})", kind(d.kind), d.subject, side(d.side));
            let f = Finding::new(&rules::METADATA_DRIFT, file, at, subject, d.message.clone());
            match (&d.location, d.metadata_line) {
                (Some(_), Some(line)) => f.help(format!(
                    "compare with the metadata at {metadata_file}:{line}, and fix the side that is wrong"
                )),
                _ => f,
            }
        })
        .collect()
}

fn kind(k: DriftKind) -> &'static str {
    match k {
        DriftKind::Type => "type",
        DriftKind::Property => "property",
        DriftKind::TypeMismatch => "type of",
        DriftKind::Enum => "enum",
        DriftKind::Member => "member",
    }
}

fn side(s: Side) -> &'static str {
    match s {
        Side::Docs => "docs only",
        Side::Metadata => "metadata only",
        Side::Both => "differs",
    }
}

/// `to` relative to the folder `from`, both absolute and canonical, `/`-separated; `None` when
/// they share no root (another drive).
pub fn relative_path(from: &std::path::Path, to: &std::path::Path) -> Option<String> {
    use std::path::Component;
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    if a.first() != b.first() {
        return None;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn relative_paths() {
        let rel = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b));
        assert_eq!(
            rel("/c/docs", "/c/metadata/v1.xml").as_deref(),
            Some("../metadata/v1.xml")
        );
        assert_eq!(rel("/c/docs", "/c/docs/m.xml").as_deref(), Some("m.xml"));
        assert_eq!(
            rel("/c/docs/v1", "/m.xml").as_deref(),
            Some("../../../m.xml")
        );
    }
}
