//! `docgen lint`: findings about gaps and mistakes in the docs, for people and for CI.

use super::out;
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use docgen::diag::Severity;
use docgen::docs::DocsTree;
use docgen::lint::{self, Baseline, LintConfig, render, rules};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// rustc-style messages with the source line, and a summary by rule.
    Human,
    /// JSON: every finding with its fingerprint, and the summary.
    Json,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

/// The least severe finding that makes the exit code 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Only errors fail.
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Every finding fails.
    Note,
}

impl From<Deny> for Severity {
    fn from(d: Deny) -> Self {
        match d {
            Deny::Error => Severity::Error,
            Deny::Warning => Severity::Warning,
            Deny::Note => Severity::Note,
        }
    }
}

/// The least severe finding shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shown {
    /// Errors only.
    Error,
    /// Warnings and errors (the default).
    Warning,
    /// Every finding, notes included.
    Note,
}

impl From<Shown> for Severity {
    fn from(s: Shown) -> Self {
        match s {
            Shown::Error => Severity::Error,
            Shown::Warning => Severity::Warning,
            Shown::Note => Severity::Note,
        }
    }
}

/// Arguments of `docgen lint`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root.
    #[arg(long, default_value = "docs-input")]
    docs: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = Deny::Warning)]
    deny: Deny,
    /// Show findings at least this severe; the summary counts the rest (default: the config
    /// file's `severity`, else warning).
    #[arg(long, value_enum)]
    severity: Option<Shown>,
    /// Print what a rule finds and how to fix it, and exit.
    #[arg(long, value_name = "RULE")]
    explain: Option<String>,
    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in a baseline file, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// The config file (default: `docgen.toml` at the docs root, if there is one).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Also compare the docs with this published metadata document (CSDL `$metadata` XML) and
    /// report every disagreement under `metadata-drift`.
    #[arg(long, value_name = "FILE.xml")]
    metadata: Option<PathBuf>,
}

/// Lints the docs and prints the findings; 1 when one is at or above `--deny`.
pub fn run(a: Args) -> Result<i32> {
    if let Some(id) = &a.explain {
        let Some(rule) = rules::rule_by_id(id) else {
            let hint = rules::suggest(id)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            bail!("unknown rule `{id}`{hint} (the rules are listed in docs/lint-rules.md)");
        };
        out(&rules::explain(rule))?;
        return Ok(0);
    }
    let mut config = match &a.config {
        Some(path) => LintConfig::load(path)?,
        None => LintConfig::discover(&a.docs)?,
    };
    if let Some(s) = a.severity {
        config.severity = s.into();
    }
    let deny = Severity::from(a.deny);
    // What fails the run is shown.
    config.severity = config.severity.min(deny);
    let baseline = match &a.baseline {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the baseline", path.display()))?;
            let b = Baseline::from_json(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            Some(b)
        }
        None => None,
    };
    // Read before the docs, so that a bad metadata file fails fast.
    let metadata = match &a.metadata {
        Some(path) => Some((
            docgen::metadata::read_csdl(path)?,
            metadata_file(&a.docs, path)?,
        )),
        None => None,
    };
    let tree = DocsTree::load(&a.docs)?;
    let pages = tree.parse();
    let api = docgen::model::build(&pages);
    let mut findings = match &metadata {
        Some((csdl, file)) => lint::lint_with_metadata(&tree, &pages, &api, &config, csdl, file),
        None => lint::lint(&tree, &pages, &api, &config),
    };
    if let Some(path) = &a.write_baseline {
        let b = Baseline::of(&findings);
        std::fs::write(path, b.to_json())
            .with_context(|| format!("{}: cannot write the baseline", path.display()))?;
        eprintln!(
            "recorded {} findings ({} fingerprints) in {}",
            findings.len(),
            b.len(),
            path.display()
        );
        return Ok(0);
    }
    if let Some(b) = &baseline {
        findings = b.new_findings(findings);
    }
    let (findings, hidden) = config.shown(findings);
    let prefix = repo_prefix(&a.docs);
    let text = match a.format {
        LintFormat::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render::human(&findings, &hidden, &tree, color)
        }
        LintFormat::Json => render::json(&findings, &hidden),
        LintFormat::Sarif => render::sarif(&findings, &prefix),
        LintFormat::Github => render::github(&findings, &prefix),
    };
    out(&text)?;
    let failed = findings.iter().any(|f| f.severity >= deny);
    // The process exits next: freeing every page model and the model one allocation at a
    // time would add a tenth to the run.
    std::mem::forget((tree, pages, api, findings, hidden));
    Ok(i32::from(failed))
}

/// The metadata document's path relative to the docs root, as findings name it.
fn metadata_file(docs: &Path, metadata: &Path) -> Result<String> {
    let canonical = |p: &Path| {
        std::fs::canonicalize(p)
            .with_context(|| format!("{}: cannot resolve the path", p.display()))
    };
    let (root, file) = (canonical(docs)?, canonical(metadata)?);
    Ok(lint::metadata::relative_path(&root, &file)
        .unwrap_or_else(|| file.to_string_lossy().replace('\\', "/")))
}

/// The docs root relative to the repository root (the nearest folder above it holding `.git`,
/// else the current folder), as a `/`-terminated prefix; empty when it is the root itself or
/// lies outside both.
fn repo_prefix(docs: &Path) -> String {
    let Ok(abs) = std::fs::canonicalize(docs) else {
        return String::new();
    };
    let base = abs
        .ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok()?.canonicalize().ok());
    let Some(rel) = base.and_then(|b| abs.strip_prefix(b).ok().map(Path::to_path_buf)) else {
        return String::new();
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        parts.join("/") + "/"
    }
}
