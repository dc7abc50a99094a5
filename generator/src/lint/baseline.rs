//! Baselines: today's findings recorded by fingerprint (rule, file, subject — never a line
//! number), so a large legacy tree can adopt the linter and fail only on new findings.
//!
//! The file is JSON, one entry per fingerprint with how many findings share it, sorted, so it
//! diffs well under review:
//!
//! ```json
//! { "version": 1, "findings": [ { "rule": "todo-placeholder", "file": "api/x.md",
//!   "subject": "request body/id/description", "count": 1 } ] }
//! ```

use super::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The baseline format version this build reads and writes.
pub const VERSION: u32 = 1;

/// Recorded fingerprints and how many findings carried each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    counts: BTreeMap<(String, String, String), usize>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    file: String,
    subject: String,
    count: usize,
}

fn key(f: &Finding) -> (String, String, String) {
    (
        f.rule.as_str().to_owned(),
        f.file.clone(),
        f.subject.clone(),
    )
}

impl Baseline {
    /// The baseline of these findings.
    pub fn of(findings: &[Finding]) -> Self {
        let mut counts = BTreeMap::new();
        for f in findings {
            *counts.entry(key(f)).or_insert(0) += 1;
        }
        Baseline { counts }
    }

    /// How many fingerprints it holds.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        let file = FileFormat {
            version: VERSION,
            findings: self
                .counts
                .iter()
                .map(|((rule, file, subject), count)| Entry {
                    rule: rule.clone(),
                    file: file.clone(),
                    subject: subject.clone(),
                    count: *count,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }

    /// Reads a baseline file's text.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: FileFormat =
            serde_json::from_str(text).map_err(|e| format!("not a docgen baseline: {e}"))?;
        if file.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (this docgen writes version {VERSION})",
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in file.findings {
            *counts.entry((e.rule, e.file, e.subject)).or_insert(0) += e.count;
        }
        Ok(Baseline { counts })
    }

    /// The findings that are new: for each fingerprint, those beyond the recorded count. Which of
    /// several same-fingerprint findings counts as new is the last in page order.
    pub fn new_findings(&self, findings: Vec<Finding>) -> Vec<Finding> {
        let mut left = self.counts.clone();
        findings
            .into_iter()
            .filter(|f| match left.get_mut(&key(f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::rule_by_id;
    use crate::span::Span;

    fn finding(line: u32, subject: &str) -> Finding {
        let rule = rule_by_id("todo-placeholder").expect("rule");
        Finding::new(rule, "api/x.md", Span::new(line, 1), subject, "m")
    }

    #[test]
    fn survives_line_moves_and_reports_only_new() {
        let before = vec![finding(10, "a"), finding(20, "b"), finding(21, "b")];
        let baseline = Baseline::from_json(&Baseline::of(&before).to_json()).expect("reads back");
        assert_eq!(baseline.len(), 2);
        // Everything moved down five lines, and one more `b` and a `c` appeared.
        let after = vec![
            finding(15, "a"),
            finding(25, "b"),
            finding(26, "b"),
            finding(27, "b"),
            finding(30, "c"),
        ];
        let new = baseline.new_findings(after);
        let lines: Vec<u32> = new.iter().map(|f| f.line).collect();
        assert_eq!(lines, [27, 30]);
    }

    #[test]
    fn rejects_other_files() {
        assert!(Baseline::from_json("{}").is_err());
        assert!(Baseline::from_json("{\"version\": 9, \"findings\": []}").is_err());
        assert!(Baseline::from_json("[").is_err());
    }
}
