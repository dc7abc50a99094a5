//! Findings as SARIF 2.1.0, for code-scanning upload. Every rule is described in the tool's
//! driver; each result carries its rule, level, location (columns in Unicode code points, as
//! docgen counts them) and the finding's fingerprint as a partial fingerprint, so results keep
//! their identity when lines move.

use crate::diag::Severity;
use crate::lint::finding::Finding;
use crate::lint::rules::RULES;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};
use std::collections::BTreeMap;

/// The key docgen's fingerprint goes under in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "docgen/v1";

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

/// The SARIF log of these findings; `prefix` turns docs-relative paths into paths relative to
/// the repository root, which code scanning expects.
pub fn sarif(findings: &[Finding], prefix: &str) -> String {
    let rules: Vec<ReportingDescriptor> = RULES
        .iter()
        .map(|r| {
            let level = serde_json::to_value(level(r.severity)).unwrap_or_default();
            ReportingDescriptor::builder()
                .id(r.id.as_str())
                .name(r.id.as_str())
                .short_description(text(r.summary))
                .full_description(text(r.summary))
                .help(text(r.hint))
                .default_configuration(ReportingConfiguration::builder().level(level).build())
                .build()
        })
        .collect();
    let results: Vec<SarifResult> = findings
        .iter()
        .map(|f| {
            let message = match &f.help {
                Some(h) => format!("{} (help: {h})", f.message),
                None => f.message.clone(),
            };
            let region = Region::builder()
                .start_line(i64::from(f.line))
                .start_column(i64::from(f.col))
                .end_column(i64::from(f.col + f.len))
                .build();
            let location = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(
                            ArtifactLocation::builder()
                                .uri(uri(&super::repo_path(prefix, &f.file)))
                                .build(),
                        )
                        .region(region)
                        .build(),
                )
                .build();
            let mut result = SarifResult::builder()
                .rule_id(f.rule.as_str())
                .level(level(f.severity))
                .message(Message::builder().text(message).build())
                .locations(vec![location])
                .partial_fingerprints(BTreeMap::from([(
                    FINGERPRINT_KEY.to_owned(),
                    f.fingerprint(),
                )]))
                .build();
            result.rule_index = RULES.iter().position(|r| r.id == f.rule).map(|i| i as i64);
            result
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("docgen")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version("2.1.0")
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// A relative path as a URI reference: characters outside the unreserved set and `/` are
/// percent-encoded.
fn uri(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(path, KEEP).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("docs/api/a b.md"), "docs/api/a%20b.md");
        assert_eq!(uri("api/user-get.md"), "api/user-get.md");
    }
}
