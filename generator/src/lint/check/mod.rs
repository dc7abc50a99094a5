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
use crate::model::{Api, QName, TypeDef};
use crate::parse::Page;
use rayon::prelude::*;
use std::collections::HashSet;

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
    /// Every type and enum name, with its simple name lower-cased, for "did you mean".
    pub type_names: Vec<(String, &'a QName)>,
    /// What types and walks example bodies (the round trip's), with the model's names, its
    /// derived types and each page's operations: built once per run.
    pub typer: crate::roundtrip::ExampleTyper<'a>,
    /// The name collisions codegen's naming pass finds in the model: reported as the model's
    /// own diagnostics are.
    pub naming: Vec<crate::diag::Diagnostic>,
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
        Ctx {
            tree,
            pages,
            api,
            paths,
            index,
            folders,
            type_names: api
                .named()
                .map(|(q, _)| (q.name.to_lowercase(), q))
                .collect(),
            typer: crate::roundtrip::ExampleTyper::new(api),
            naming: crate::codegen::naming::RustPlan::new(api).diagnostics,
        }
    }

    /// The type `name` names as written on a page of namespace `ns` (the model's one order,
    /// `model::resolve`; enums are not candidates).
    pub fn find_type(&self, name: &str, ns: &str) -> Option<&'a TypeDef> {
        self.typer.names().type_def(name, ns)
    }

    /// The text of a page of the tree.
    pub fn text(&self, path: &str) -> Option<&'a str> {
        let pages = &self.tree.pages;
        pages
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| pages[i].1.as_str())
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
    // Each example typed and walked once, for the two checks that read the walk.
    let walked = cx.typer.page(page);
    examples::check(cx, page, &walked, &mut out);
    values::check(cx, page, &walked, &mut out);
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
