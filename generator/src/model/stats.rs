//! Counts over a model: what `docgen model --stats` prints.

use super::api::{Api, TypeRef};
use crate::diag::DiagKind;
use crate::docs::DocsTree;
use crate::parse::page::{Page, PageKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts of pages, model items and diagnostics.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Pages read.
    pub pages: usize,
    /// Pages by kind (`api`, `resource`, `enum`, `other`).
    pub pages_by_kind: BTreeMap<PageKind, usize>,
    /// Types.
    pub types: usize,
    /// Properties declared on types.
    pub properties: usize,
    /// Enums.
    pub enums: usize,
    /// Enum members.
    pub members: usize,
    /// Operations (routes).
    pub operations: usize,
    /// Namespaces.
    pub namespaces: usize,
    /// Properties whose type did not resolve.
    pub unresolved_properties: usize,
    /// Diagnostics by kind.
    pub diagnostics: BTreeMap<DiagKind, usize>,
}

impl Stats {
    /// Counts `api` built from `pages` of `tree`.
    pub fn of(tree: &DocsTree, pages: &[Page], api: &Api) -> Self {
        let mut pages_by_kind = BTreeMap::new();
        for p in pages {
            *pages_by_kind.entry(p.kind).or_insert(0) += 1;
        }
        let mut diagnostics = BTreeMap::new();
        for d in &api.diagnostics {
            *diagnostics.entry(d.kind()).or_insert(0) += 1;
        }
        Stats {
            pages: tree.pages.len(),
            pages_by_kind,
            types: api.types.len(),
            properties: api.types.iter().map(|t| t.properties.len()).sum(),
            enums: api.enums.len(),
            members: api.enums.iter().map(|e| e.members.len()).sum(),
            operations: api.operations.len(),
            namespaces: api.namespaces.len(),
            unresolved_properties: api
                .types
                .iter()
                .flat_map(|t| &t.properties)
                .filter(|p| matches!(p.ty.ty, TypeRef::Unresolved(_)))
                .count(),
            diagnostics,
        }
    }
}
