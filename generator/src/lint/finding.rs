//! One lint finding: a rule, a place, a message, and a subject that identifies it across edits.

use super::rules::{Rule, RuleId};
use crate::diag::Severity;
use crate::span::Span;
use serde::Serialize;

/// A problem the linter found in a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: RuleId,
    /// How serious it is (the rule's default unless the config or the check says otherwise).
    pub severity: Severity,
    /// The page, relative to the docs root, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    /// How many characters the finding covers from `col` (at least 1), for the caret.
    #[serde(skip)]
    pub len: u32,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What the finding is about, in words that survive line moves (`request body/id`,
    /// `front-matter/author`): with the rule and the file it is the baseline fingerprint.
    pub subject: String,
    /// A fix for this finding in particular ("did you mean …"), when the check knows one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Edits that fix it, when the remedy is mechanical.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<super::fix::Fix>,
}

impl Finding {
    /// A finding of `rule` at its default severity.
    pub fn new(
        rule: &'static Rule,
        file: &str,
        at: Span,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            file: file.to_owned(),
            line: at.line.max(1),
            col: at.col.max(1),
            len: 1,
            message: message.into(),
            subject: subject.into(),
            help: None,
            fix: None,
        }
    }

    /// The same finding covering `len` characters.
    pub fn len(mut self, len: u32) -> Self {
        self.len = len.max(1);
        self
    }

    /// The same finding with a specific fix.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same finding with a fix.
    pub fn fix(mut self, fix: Option<super::fix::Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// The same finding as a note: the check knows this variant does no harm in practice, so
    /// it is shown only to those who ask for notes.
    pub fn note(mut self) -> Self {
        self.severity = Severity::Note;
        self
    }

    /// Identifies the finding across line moves: rule, file and subject, never positions.
    pub fn fingerprint(&self) -> String {
        format!("{}:{}:{}", self.rule, self.file, self.subject)
    }

    /// The order findings are reported in: file, line, column, rule, then message.
    pub fn sort_key(&self) -> (&str, u32, u32, RuleId, &str) {
        (&self.file, self.line, self.col, self.rule, &self.message)
    }
}

/// Shortens text quoted in a message to `max` characters, with `…` when cut.
pub fn quote(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_cuts_on_characters() {
        assert_eq!(quote("a  b\nc", 10), "a b c");
        assert_eq!(quote("äöüäöüäöü", 4), "äöü…");
    }
}
