//! Findings as JSON: every finding with its fingerprint, and the summary.

use super::Summary;
use crate::lint::finding::Finding;
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<Item<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Item<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    fingerprint: String,
}

/// The findings and their summary as pretty-printed JSON; `hidden` are the findings below the
/// severity shown, counted in the summary.
pub fn json(findings: &[Finding], hidden: &[Finding]) -> String {
    let out = Output {
        version: 1,
        findings: findings
            .iter()
            .map(|f| Item {
                finding: f,
                fingerprint: f.fingerprint(),
            })
            .collect(),
        summary: Summary::of(findings).hiding(hidden),
    };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}
