//! Lint stage: page models and the API model → findings about gaps and mistakes in the docs.
//!
//! Checks judge from the models only, never the markdown text; a check whose remedy is
//! mechanical reads the page's text only to place its fix's edits ([`fix`]). Problems the parse and model stages
//! already report ([`crate::diag::Diagnostic`]) become findings under stable rule ids (see
//! `check::diagnostics`); the checks here add what those stages have no reason to look at:
//! placeholders, empty cells, examples against tables, routes and status codes, links, sections.
//!
//! ```no_run
//! use docgen::lint::{self, LintConfig};
//! let tree = docgen::docs::DocsTree::load("docs-input".as_ref())?;
//! let pages = tree.parse();
//! let api = docgen::model::build(&pages);
//! let config = LintConfig::default();
//! // Every finding; the config says which are shown (notes are hidden unless asked for).
//! let (shown, hidden) = config.shown(lint::lint(&tree, &pages, &api, &config));
//! print!("{}", lint::render::human(&shown, &hidden, &tree, false));
//! # Ok::<(), docgen::Error>(())
//! ```

pub mod baseline;
pub mod check;
pub mod config;
pub mod finding;
pub mod fix;
pub mod metadata;
pub mod render;
pub mod rules;

pub use baseline::Baseline;
pub use config::LintConfig;
pub use finding::Finding;
pub use rules::{RULES, Rule};

use crate::docs::DocsTree;
use crate::model::Api;
use crate::parse::Page;

/// Lints a docs tree: every check over every page, plus the parse and model diagnostics, with
/// the config's excludes and severities applied. Sorted by file, line, column and rule.
pub fn lint(tree: &DocsTree, pages: &[Page], api: &Api, config: &LintConfig) -> Vec<Finding> {
    finish(check::run(tree, pages, api), config)
}

/// [`lint`], plus `metadata-drift`: every disagreement between the model and published
/// metadata. `metadata_file` names the metadata document relative to the docs root (see
/// [`metadata::relative_path`]); items no page holds are reported there, at their line.
pub fn lint_with_metadata(
    tree: &DocsTree,
    pages: &[Page],
    api: &Api,
    config: &LintConfig,
    csdl: &crate::metadata::Csdl,
    metadata_file: &str,
) -> Vec<Finding> {
    let mut findings = check::run(tree, pages, api);
    let drift = crate::metadata::drift::drift(csdl, api);
    findings.extend(metadata::findings(&drift, metadata_file));
    finish(findings, config)
}

/// Lints one page (`page`, parsed from `text`) against a tree modelled before (`cx`), as an
/// editor needs on each change: every
/// check and the page's parse problems, plus `model_diags`, the model's diagnostics about the
/// page (from the last model build). With the config's excludes and severities, sorted.
pub fn lint_page(
    cx: &check::Ctx,
    page: &Page,
    text: &str,
    model_diags: &[&crate::diag::Diagnostic],
    config: &LintConfig,
) -> Vec<Finding> {
    let mut findings = check::page(cx, page, Some(text));
    let diags = page.diagnostics.iter().chain(model_diags.iter().copied());
    let mapped = check::diagnostics::findings_of(cx, diags, Some(text));
    check::merge(&mut findings, mapped);
    finish(findings, config)
}

/// The config's excludes and severities, then the report order.
fn finish(mut findings: Vec<Finding>, config: &LintConfig) -> Vec<Finding> {
    findings.retain_mut(|f| {
        if config.excluded(&f.file) {
            return false;
        }
        let Some(rule) = rules::rule_of(f.rule) else {
            return true;
        };
        match config.severity(rule, f.severity) {
            Some(s) => {
                f.severity = s;
                true
            }
            None => false,
        }
    });
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    findings
}
