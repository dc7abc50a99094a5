//! Findings as GitHub Actions workflow commands (`::error file=…,line=…::message`), which the
//! Actions runner shows as annotations on the pull request. No colour, one line per finding.

use crate::diag::Severity;
use crate::lint::finding::Finding;

/// One workflow command per finding; `prefix` turns docs-relative paths into paths relative to
/// the repository root (`docs/` when the docs root is the repository's `docs` folder).
pub fn github(findings: &[Finding], prefix: &str) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut message = f.message.clone();
        if let Some(h) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endColumn={},title={}::{}\n",
            property(&super::repo_path(prefix, &f.file)),
            f.line,
            f.col,
            // Inclusive, unlike SARIF's.
            f.col + f.len.saturating_sub(1),
            property(f.rule.as_str()),
            data(&message),
        ));
    }
    out
}

/// Escapes a command's message, as the Actions runner expects.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
