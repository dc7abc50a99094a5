//! `docgen.toml` at the docs root: per-rule severity, excluded paths, and the least severe
//! finding shown (notes are hidden unless asked for).
//!
//! ```toml
//! [lint]
//! exclude = ["api/intune-*.md"]   # glob patterns over docs-relative paths
//! severity = "note"               # show notes too (default "warning")
//!
//! [lint.rules]
//! heading-case = "off"            # off, note, warning or error
//! todo-placeholder = "warning"
//! ```

use super::Finding;
use super::rules;
use crate::diag::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the config file looked for at the docs root.
pub const FILE_NAME: &str = "docgen.toml";

/// What a config file may set for one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Report as a note.
    Note,
    /// Report as a warning.
    Warning,
    /// Report as an error.
    Error,
}

/// The linter's settings.
#[derive(Clone, Debug)]
pub struct LintConfig {
    /// Rule → level, overriding the rule's default severity.
    pub rules: BTreeMap<rules::RuleId, Level>,
    /// Pages matching any of these are not reported on.
    pub exclude: Vec<glob::Pattern>,
    /// The least severe finding shown ([`LintConfig::shown`]); notes by default are counted,
    /// not shown, since most of them are style a team may not care about.
    pub severity: Severity,
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            rules: BTreeMap::new(),
            exclude: Vec::new(),
            severity: Severity::Warning,
        }
    }
}

/// Why a config file was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a valid config; the message names the line and column.
    #[error("{path}:{line}:{col}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    lint: Option<LintSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LintSection {
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<toml::Spanned<String>, Level>,
    #[serde(default)]
    severity: Option<toml::Spanned<Level>>,
}

impl LintConfig {
    /// Reads a config from TOML text; `path` only names the file in errors.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |offset: usize, message: String| {
            let before = text.get(..offset).unwrap_or(text);
            ConfigError::Invalid {
                path: path.to_owned(),
                line: before.matches('\n').count() + 1,
                col: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message,
            }
        };
        let file: File = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            invalid(at, e.message().trim().to_owned())
        })?;
        let mut config = LintConfig::default();
        let Some(lint) = file.lint else {
            return Ok(config);
        };
        for (id, level) in lint.rules {
            let Some(rule) = rules::RuleId::from_id(id.get_ref()) else {
                let hint = rules::suggest(id.get_ref())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(invalid(
                    id.span().start,
                    format!("unknown rule `{}`{hint}", id.get_ref()),
                ));
            };
            config.rules.insert(rule, level);
        }
        if let Some(level) = lint.severity {
            config.severity = match level.get_ref() {
                Level::Note => Severity::Note,
                Level::Warning => Severity::Warning,
                Level::Error => Severity::Error,
                Level::Off => {
                    return Err(invalid(
                        level.span().start,
                        "`severity` is the least severe finding shown: note, warning or error"
                            .to_owned(),
                    ));
                }
            };
        }
        for pattern in lint.exclude {
            let p = glob::Pattern::new(pattern.get_ref()).map_err(|e| {
                invalid(
                    pattern.span().start,
                    format!("`{}` is not a glob pattern: {e}", pattern.get_ref()),
                )
            })?;
            config.exclude.push(p);
        }
        Ok(config)
    }

    /// Reads a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::from_toml(&text, path)
    }

    /// Reads `docgen.toml` at the docs root if there is one; the defaults otherwise.
    pub fn discover(docs_root: &Path) -> Result<Self, ConfigError> {
        let path = docs_root.join(FILE_NAME);
        if path.is_file() {
            Self::load(&path)
        } else {
            Ok(Self::default())
        }
    }

    /// The severity findings of `rule` are reported at, or `None` when the rule is off.
    pub fn severity(&self, rule: &rules::Rule, found: Severity) -> Option<Severity> {
        match self.rules.get(&rule.id) {
            None => Some(found),
            Some(Level::Off) => None,
            Some(Level::Note) => Some(Severity::Note),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
        }
    }

    /// Splits findings into those at or above [`LintConfig::severity`] and those below it (for
    /// the summary's count), both in order.
    pub fn shown(&self, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Finding>) {
        findings
            .into_iter()
            .partition(|f| f.severity >= self.severity)
    }

    /// Whether findings on this docs-relative page are left out.
    pub fn excluded(&self, file: &str) -> bool {
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        self.exclude.iter().any(|p| p.matches_with(file, opts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<LintConfig, ConfigError> {
        LintConfig::from_toml(text, Path::new("docgen.toml"))
    }

    #[test]
    fn rules_and_excludes() {
        let c = parse(
            "[lint]\nexclude = [\"api/intune-*.md\", \"resources/**\"]\n[lint.rules]\nheading-case = \"off\"\ntodo-placeholder = \"note\"\n",
        )
        .expect("valid");
        assert!(c.excluded("api/intune-x.md") && c.excluded("resources/a/b.md"));
        assert!(!c.excluded("api/user-get.md") && !c.excluded("api/x/intune-y.md"));
        let heading = rules::rule_by_id("heading-case").expect("rule");
        let todo = rules::rule_by_id("todo-placeholder").expect("rule");
        assert_eq!(c.severity(heading, Severity::Note), None);
        assert_eq!(c.severity(todo, Severity::Error), Some(Severity::Note));
        assert!(parse("").expect("empty is fine").rules.is_empty());
        assert_eq!(c.severity, Severity::Warning);
        let c = parse("[lint]\nseverity = \"note\"\n").expect("valid");
        assert_eq!(c.severity, Severity::Note);
        let e = parse("[lint]\nseverity = \"off\"\n").expect_err("off hides everything");
        assert!(e.to_string().starts_with("docgen.toml:2:12:"), "{e}");
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("[lint.rules]\ntodo-placeholders = \"error\"\n").expect_err("unknown rule");
        let msg = e.to_string();
        assert!(
            msg.starts_with("docgen.toml:2:1: unknown rule `todo-placeholders`"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `todo-placeholder`"), "{msg}");
        let e = parse("[lint.rules]\nheading-case = \"loud\"\n").expect_err("bad level");
        assert!(e.to_string().starts_with("docgen.toml:2:"), "{e}");
        let e = parse("[lint]\nexclud = []\n").expect_err("unknown key");
        assert!(e.to_string().contains("exclud"), "{e}");
        let e = parse("[lint]\nexclude = [\"a[\"]\n").expect_err("bad glob");
        assert!(e.to_string().contains("not a glob pattern"), "{e}");
    }
}
