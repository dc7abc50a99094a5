//! `docgen lint`: findings about gaps and mistakes in the docs, for people and for CI.

use super::out;
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use docgen::diag::Severity;
use docgen::docs::DocsTree;
use docgen::lint::fix::Safety;
use docgen::lint::{self, Baseline, LintConfig, render, rules};
use std::collections::HashSet;
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
    /// Pages or folders to report on; the whole tree is still read and modelled, so findings
    /// that need other pages are right. Default: every page.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The docs root (default: found by walking up from the first PATH to a `docgen.toml` or to
    /// the folder that holds `api/` and `resources/`; without PATHs, `docs-input` or the tree the
    /// current folder is in).
    #[arg(long)]
    docs: Option<PathBuf>,
    /// Report only the pages git says changed since this commit (changes to tracked pages,
    /// committed or not, and new pages).
    #[arg(long, value_name = "REF")]
    changed_since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = Deny::Warning)]
    deny: Deny,
    /// Apply the safe fixes of the findings reported, in place, then report what is left.
    #[arg(long)]
    fix: bool,
    /// With `--fix` or `--diff`: the unsafe fixes too (mechanical, but they may change what a
    /// writer meant: review them).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff and change nothing; exit 1 when there is one.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// List every rule: id, default severity, whether `--fix` fixes it, what it finds.
    #[arg(long)]
    list_rules: bool,
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
            bail!("unknown rule `{id}`{hint} (`docgen lint --list-rules` lists them)");
        };
        out(&rules::explain(rule))?;
        return Ok(0);
    }
    if a.list_rules {
        out(&rules::list())?;
        return Ok(0);
    }
    let docs = docs_root(&a)?;
    let only = Selection::of(&docs, &a.paths, a.changed_since.as_deref())?;
    let mut config = match &a.config {
        Some(path) => LintConfig::load(path)?,
        None => LintConfig::discover(&docs)?,
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
            metadata_file(&docs, path)?,
        )),
        None => None,
    };
    let run_lint = || -> Result<(DocsTree, Vec<lint::Finding>)> {
        let tree = DocsTree::load(&docs)?;
        let pages = tree.parse();
        let api = docgen::model::build(&pages);
        let mut findings = match &metadata {
            Some((csdl, file)) => {
                lint::lint_with_metadata(&tree, &pages, &api, &config, csdl, file)
            }
            None => lint::lint(&tree, &pages, &api, &config),
        };
        findings.retain(|f| only.covers(&f.file));
        if let Some(b) = &baseline {
            findings = b.new_findings(findings);
        }
        // The process exits soon: freeing every page model and the model one allocation at a
        // time would add a tenth to the run.
        std::mem::forget((pages, api));
        Ok((tree, findings))
    };
    let (mut tree, mut findings) = run_lint()?;
    if a.fix || a.diff {
        let allowed = |s: Safety| s == Safety::Safe || a.unsafe_fixes;
        if a.diff {
            let (diff, fixed) = fix_files(&tree, &findings, allowed, false)?;
            out(&diff)?;
            eprintln!("docgen: {fixed} fixes would be applied");
            return Ok(i32::from(fixed > 0));
        }
        // Fixes whose edits overlap wait for the next pass; each pass lints the fixed pages
        // again, so a fix is only ever applied to the text it was made for.
        let mut total = 0;
        for _ in 0..MAX_FIX_PASSES {
            let (_, fixed) = fix_files(&tree, &findings, allowed, true)?;
            if fixed == 0 {
                break;
            }
            total += fixed;
            (tree, findings) = run_lint()?;
        }
        let left = findings.iter().filter(|f| f.fix.is_some()).count();
        eprintln!(
            "docgen: fixed {total} findings{}",
            if left > 0 && !a.unsafe_fixes {
                format!("; {left} more have unsafe fixes (`--unsafe-fixes`)")
            } else {
                String::new()
            }
        );
    }
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
    let (findings, hidden) = config.shown(findings);
    let prefix = repo_prefix(&docs);
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
    std::mem::forget((tree, findings, hidden));
    Ok(i32::from(failed))
}

/// How many times `--fix` lints and fixes again, for fixes that overlap.
const MAX_FIX_PASSES: usize = 8;

/// Applies the allowed fixes of `findings` to their pages: writes them (`write`), or returns
/// their unified diff. Also returns how many fixes applied.
fn fix_files(
    tree: &DocsTree,
    findings: &[lint::Finding],
    allowed: impl Fn(Safety) -> bool,
    write: bool,
) -> Result<(String, usize)> {
    let mut by_file: std::collections::BTreeMap<&str, Vec<&lint::fix::Fix>> = Default::default();
    for f in findings {
        if let Some(fix) = f.fix.as_ref().filter(|x| allowed(x.safety)) {
            by_file.entry(f.file.as_str()).or_default().push(fix);
        }
    }
    let (mut diff, mut fixed) = (String::new(), 0);
    for (file, fixes) in by_file {
        let Ok(i) = tree.pages.binary_search_by(|(p, _)| p.as_str().cmp(file)) else {
            continue;
        };
        let text = &tree.pages[i].1;
        let (new, n) = lint::fix::apply(text, fixes);
        if n == 0 {
            continue;
        }
        fixed += n;
        if write {
            let path = tree.root.join(file);
            // Keep a byte-order mark the page had: the text was read without it.
            let bom = std::fs::read(&path)
                .map(|b| b.starts_with(b"\xEF\xBB\xBF"))
                .unwrap_or(false);
            let bytes = [if bom { "\u{feff}" } else { "" }, new.as_str()].concat();
            std::fs::write(&path, bytes)
                .with_context(|| format!("{}: cannot write the fixed page", path.display()))?;
        } else {
            diff.push_str(&docgen::check::unified_diff(file, text, &new));
        }
    }
    Ok((diff, fixed))
}

/// The docs root: `--docs`, else the one above the first path, else the default.
fn docs_root(a: &Args) -> Result<PathBuf> {
    if let Some(d) = &a.docs {
        return Ok(d.clone());
    }
    match a.paths.first() {
        Some(first) if !first.exists() => bail!("{}: no such file or folder", first.display()),
        Some(first) => docgen::docs::find_root(first).with_context(|| {
            format!(
                "{}: no docs root at or above it (a folder with a `docgen.toml`, or with `api/` \
                 and `resources/`); name it with `--docs DIR`",
                first.display()
            )
        }),
        None => super::default_docs(),
    }
}

/// Which pages' findings are reported: those under the paths named (all without paths), and of
/// those only the pages git reports changed, with `--changed-since`.
struct Selection {
    /// Docs-relative files, and folders ending in `/` (`""` for the whole tree).
    paths: Option<Vec<String>>,
    /// Docs-relative pages changed since the ref.
    changed: Option<HashSet<String>>,
}

impl Selection {
    fn of(root: &Path, paths: &[PathBuf], changed_since: Option<&str>) -> Result<Self> {
        let canonical_root = std::fs::canonicalize(root)
            .with_context(|| format!("{}: cannot read the docs folder", root.display()))?;
        let paths = if paths.is_empty() {
            None
        } else {
            let mut out = Vec::new();
            for p in paths {
                let abs = std::fs::canonicalize(p)
                    .with_context(|| format!("{}: no such file or folder", p.display()))?;
                let rel = abs.strip_prefix(&canonical_root).map_err(|_| {
                    anyhow::anyhow!(
                        "{}: not inside the docs root {}",
                        p.display(),
                        root.display()
                    )
                })?;
                let mut rel = slash_path(rel);
                if abs.is_dir() && !rel.is_empty() {
                    rel.push('/');
                }
                out.push(rel);
            }
            Some(out)
        };
        let changed = match changed_since {
            Some(r) => Some(changed_pages(&canonical_root, r)?),
            None => None,
        };
        Ok(Selection { paths, changed })
    }

    fn covers(&self, file: &str) -> bool {
        let named = self.paths.as_ref().is_none_or(|ps| {
            ps.iter()
                .any(|p| p == file || p.is_empty() || (p.ends_with('/') && file.starts_with(p)))
        });
        named && self.changed.as_ref().is_none_or(|c| c.contains(file))
    }
}

/// A relative path with `/` separators.
fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The pages under `root` that git reports changed since `since` (tracked files changed in a
/// commit since, staged or not) or new (untracked, not ignored), relative to `root`.
fn changed_pages(root: &Path, since: &str) -> Result<HashSet<String>> {
    let git = |args: &[&str]| -> Result<String> {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .with_context(|| format!("--changed-since {since}: cannot run git"))?;
        if !out.status.success() {
            bail!(
                "--changed-since {since}: git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // `--relative` and a run from the root give paths relative to it, limited to it.
    let changed = git(&["diff", "--name-only", "--relative", "-z", since, "--"])?;
    let new = git(&["ls-files", "--others", "--exclude-standard", "-z"])?;
    Ok(changed
        .split('\0')
        .chain(new.split('\0'))
        .filter(|p| p.ends_with(".md"))
        .map(str::to_owned)
        .collect())
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
