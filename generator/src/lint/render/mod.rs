//! Findings as text: for people ([`human`], in the style of rustc), for programs ([`json`]), for
//! code scanning ([`sarif`]) and for GitHub Actions annotations ([`github`]).

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

pub use github::github;
pub use human::human;
pub use json::json;
pub use sarif::sarif;

use super::finding::Finding;
use super::rules::RuleId;
use crate::diag::Severity;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A finding's file joined to `prefix` (the docs root relative to the repository root, `/`-
/// terminated or empty), with the `..` segments of files outside the docs root (a metadata
/// document) resolved, since annotation consumers match paths literally.
pub fn repo_path(prefix: &str, file: &str) -> String {
    let mut parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
    let mut rest = file;
    while let Some(r) = rest.strip_prefix("../") {
        if parts.pop().is_none() {
            // Above the repository root: keep the path as written.
            return format!("{prefix}{file}");
        }
        rest = r;
    }
    parts.push(rest);
    parts.join("/")
}

/// Counts of findings, by rule and by severity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// All findings.
    pub total: usize,
    /// Findings by severity.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
    /// Notes below the least severity shown (by default every note), counted but not listed.
    pub hidden_notes: usize,
    /// Warnings below the least severity shown (with `--severity error`).
    pub hidden_warnings: usize,
    /// Pages with at least one finding.
    pub files: usize,
    /// Rule id → (findings, pages).
    pub by_rule: BTreeMap<RuleId, RuleCount>,
}

/// How often one rule fired.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// Findings.
    pub findings: usize,
    /// Distinct pages.
    pub pages: usize,
}

impl Summary {
    /// Counts `findings`.
    pub fn of(findings: &[Finding]) -> Self {
        let mut s = Summary {
            total: findings.len(),
            ..Summary::default()
        };
        let mut pages: BTreeMap<RuleId, BTreeSet<&str>> = BTreeMap::new();
        let mut files = BTreeSet::new();
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Note => s.notes += 1,
            }
            s.by_rule.entry(f.rule).or_default().findings += 1;
            pages.entry(f.rule).or_default().insert(&f.file);
            files.insert(f.file.as_str());
        }
        for (rule, p) in pages {
            if let Some(c) = s.by_rule.get_mut(&rule) {
                c.pages = p.len();
            }
        }
        s.files = files.len();
        s
    }

    /// The same counts, saying how many findings below the severity shown were left out.
    pub fn hiding(mut self, hidden: &[Finding]) -> Self {
        self.hidden_notes = hidden
            .iter()
            .filter(|f| f.severity == Severity::Note)
            .count();
        self.hidden_warnings = hidden.len() - self.hidden_notes;
        self
    }

    /// The summary as lines of text: totals, hidden findings, then one line per rule.
    pub fn text(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let hidden = match (self.hidden_warnings, self.hidden_notes) {
            (0, 0) => String::new(),
            (0, n) => format!(
                "{} hidden (`--severity note` shows them)\n",
                plural(n, "note")
            ),
            (w, n) => format!(
                "{} and {} hidden (`--severity note` shows them)\n",
                plural(w, "warning"),
                plural(n, "note")
            ),
        };
        if self.total == 0 {
            return format!("no findings\n{hidden}");
        }
        let mut out = format!(
            "{} ({}, {}, {}) in {}\n{hidden}",
            plural(self.total, "finding"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.notes, "note"),
            plural(self.files, "file"),
        );
        let width = self
            .by_rule
            .keys()
            .map(|k| k.as_str().len())
            .max()
            .unwrap_or(0);
        for (rule, c) in &self.by_rule {
            out.push_str(&format!(
                "  {rule:<width$}  {:>6}  on {}\n",
                c.findings,
                plural(c.pages, "page")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::repo_path;

    #[test]
    fn repo_paths() {
        assert_eq!(repo_path("", "api/a.md"), "api/a.md");
        assert_eq!(repo_path("docs/v1/", "api/a.md"), "docs/v1/api/a.md");
        assert_eq!(
            repo_path("docs/v1/", "../metadata/m.xml"),
            "docs/metadata/m.xml"
        );
        assert_eq!(repo_path("", "../m.xml"), "../m.xml");
    }
}
