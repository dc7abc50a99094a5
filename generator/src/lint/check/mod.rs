//! The checks, one module per subject, and what they share: lookups over the pages and the model.

pub mod annotations;
pub mod diagnostics;
pub mod examples;
pub mod links;
pub mod permissions;
pub mod placeholders;
pub mod representation;
pub mod routes;
pub mod sections;
pub mod values;

use super::finding::Finding;
use super::fix::Text;
use crate::docs::DocsTree;
use crate::model::links::PageIndex;
use crate::model::{Api, Operation, QName, TypeDef};
use crate::parse::Page;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// What every check may look up.
pub struct Ctx<'a> {
    /// The docs tree (its root, for link targets that are not pages).
    pub tree: &'a DocsTree,
    /// Every page, sorted by path.
    pub pages: &'a [Page],
    /// The resolved model.
    pub api: &'a Api,
    /// Page paths, in page order.
    pub paths: Vec<&'a str>,
    /// Case-insensitive page lookup.
    pub index: PageIndex,
    /// Top-level folders that hold pages: links into other folders cannot be checked.
    pub folders: HashSet<&'a str>,
    /// The operations of each API page.
    pub operations: HashMap<&'a str, Vec<&'a Operation>>,
    /// Types by lower-cased simple name.
    pub by_simple_name: HashMap<String, Vec<&'a TypeDef>>,
    /// Types by lower-cased qualified name ([`QName::key`]).
    pub by_key: HashMap<String, &'a TypeDef>,
    /// Types whose resource page marks them `openType` or calls them open: any key is allowed
    /// (see [`Ctx::is_open`], which follows base types too).
    pub open_types: HashSet<String>,
    /// Every type and enum name, with its simple name lower-cased, for "did you mean".
    pub type_names: Vec<(String, &'a QName)>,
    /// Derived types by base.
    pub hierarchy: crate::model::Hierarchy<'a>,
    /// What types example bodies, for the value checks the round trip shares.
    pub typer: crate::roundtrip::ExampleTyper<'a>,
}

impl<'a> Ctx<'a> {
    /// Builds the lookups.
    pub fn new(tree: &'a DocsTree, pages: &'a [Page], api: &'a Api) -> Self {
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        let index = PageIndex::new(paths.iter().copied());
        let folders = paths
            .iter()
            .filter_map(|p| p.split_once('/').map(|(f, _)| f))
            .collect();
        let mut operations: HashMap<&str, Vec<&Operation>> = HashMap::new();
        for op in &api.operations {
            operations.entry(op.page.as_str()).or_default().push(op);
        }
        let mut by_simple_name: HashMap<String, Vec<&TypeDef>> = HashMap::new();
        let mut by_key = HashMap::new();
        for t in &api.types {
            // The first of two types whose names differ only in case, as a linear search found.
            by_key.entry(t.name.key()).or_insert(t);
            by_simple_name
                .entry(t.name.name.to_lowercase())
                .or_default()
                .push(t);
        }
        let mut open_types = HashSet::new();
        for p in pages {
            let Some(a) = p
                .json_representation
                .as_ref()
                .and_then(|j| j.annotation.as_ref())
            else {
                continue;
            };
            // `openType: true` in the annotation, or an introduction that says so.
            if a.bool("openType") == Some(true) || p.says_open_type {
                if let Some(t) = a.str("@odata.type") {
                    open_types
                        .insert(QName::parse(t, crate::model::build::DEFAULT_NAMESPACE).key());
                }
            }
        }
        Ctx {
            tree,
            pages,
            api,
            paths,
            index,
            folders,
            operations,
            by_simple_name,
            by_key,
            open_types,
            type_names: api
                .named()
                .map(|(q, _)| (q.name.to_lowercase(), q))
                .collect(),
            hierarchy: crate::model::Hierarchy::new(api),
            typer: crate::roundtrip::ExampleTyper::new(api),
        }
    }

    /// The type `name` names as written on a page of namespace `ns`: exact, then in
    /// `microsoft.graph`, then the only type of that simple name.
    pub fn find_type(&self, name: &str, ns: &str) -> Option<&'a TypeDef> {
        let q = QName::parse(name, ns);
        let exact = self.by_key.get(&q.key()).copied();
        exact.or_else(|| match self.by_simple_name.get(&q.name.to_lowercase()) {
            Some(list) if list.len() == 1 => list.first().copied(),
            Some(list) => list
                .iter()
                .find(|t| t.name.namespace == crate::model::build::DEFAULT_NAMESPACE)
                .copied(),
            None => None,
        })
    }

    /// The text of a page of the tree.
    pub fn text(&self, path: &str) -> Option<&'a str> {
        let pages = &self.tree.pages;
        pages
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| pages[i].1.as_str())
    }

    /// Whether a type accepts any key: it is open (by its annotation or its introduction), or
    /// it derives from an open type.
    pub fn is_open(&self, t: &TypeDef) -> bool {
        std::iter::once(t)
            .chain(self.api.bases(t).iter().copied())
            .any(|b| b.open_type || self.open_types.contains(&b.name.key()))
    }
}

/// Runs every check over every page, then adds the parse and model diagnostics that no check
/// reported at the same place under the same rule, and keeps one finding per broken table row.
pub fn run(tree: &DocsTree, pages: &[Page], api: &Api) -> Vec<Finding> {
    let cx = Ctx::new(tree, pages, api);
    let mut findings: Vec<Finding> = pages
        .par_iter()
        .flat_map_iter(|p| page(&cx, p, cx.text(&p.path)))
        .collect();
    merge(&mut findings, diagnostics::findings(&cx));
    findings
}

/// Every check over one page, `text` being what it was parsed from (for the edits of fixes).
/// The page need not be one of `cx.pages`: an editor's unsaved version of a page is checked
/// against the tree modelled before.
pub fn page(cx: &Ctx, page: &Page, text: Option<&str>) -> Vec<Finding> {
    let text = Text::new(text);
    let mut out = Vec::new();
    placeholders::check(cx, page, &mut out);
    permissions::check(cx, page, &mut out);
    examples::check(cx, page, &mut out);
    values::check(cx, page, &mut out);
    routes::check(cx, page, &mut out);
    representation::check(cx, page, &mut out);
    links::check(cx, page, &text, &mut out);
    sections::check(cx, page, &text, &mut out);
    annotations::check(cx, page, &text, &mut out);
    out
}

/// Adds the diagnostics' findings that no check reported at the same place under the same rule
/// (a check's finding carries more: hints, exact spans), and keeps one finding per broken table
/// row.
pub fn merge(findings: &mut Vec<Finding>, mapped: Vec<Finding>) {
    let seen: HashSet<(super::rules::RuleId, String, u32, u32)> = findings
        .iter()
        .map(|f| (f.rule, f.file.clone(), f.line, f.col))
        .collect();
    findings.extend(
        mapped
            .into_iter()
            .filter(|f| !seen.contains(&(f.rule, f.file.clone(), f.line, f.col))),
    );
    // A row with too few cells has an empty description because it is broken: one defect,
    // reported once, as the table's shape.
    let short_rows: HashSet<(String, u32)> = findings
        .iter()
        .filter(|f| f.rule == super::rules::TABLE_SHAPE.id)
        .map(|f| (f.file.clone(), f.line))
        .collect();
    if !short_rows.is_empty() {
        findings.retain(|f| {
            f.rule != super::rules::EMPTY_DESCRIPTION.id
                || !short_rows.contains(&(f.file.clone(), f.line))
        });
    }
}
