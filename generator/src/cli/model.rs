//! `docgen model` and `docgen page`.

use super::{Format, print};
use anyhow::{Context, Result};
use docgen::docs::DocsTree;
use std::path::PathBuf;

/// Arguments of `docgen model`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root (default as the other commands, unless `--metadata` is given alone).
    #[command(flatten)]
    docs: super::DocsDir,
    /// A CSDL `$metadata` document: the model's source alone, or under the docs (what each
    /// side contributed is printed on standard error).
    #[arg(long)]
    metadata: Option<PathBuf>,
    /// With docs and `--metadata`: drop the types and properties only the docs have.
    #[arg(long, requires = "metadata")]
    drop_docs_only: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    format: Format,
    /// Print counts instead of the model: pages, types, properties, enums, routes, and lint
    /// findings by rule.
    #[arg(long)]
    stats: bool,
    /// Print the Rust plan instead of the model: the module, type, field, variant, route and
    /// parameter names codegen gives it, and the name collisions it had to resolve.
    #[arg(long, conflicts_with = "stats")]
    rust: bool,
}

/// Arguments of `docgen page`.
#[derive(clap::Args, Debug)]
pub struct PageArgs {
    /// The page.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    format: Format,
}

/// Prints the model, its counts or its Rust names.
pub fn run(a: Args) -> Result<i32> {
    let cfg = super::generate::sources(&a.docs, a.metadata.as_ref(), a.drop_docs_only)?;
    let (tree, overlaid) = cfg.load_sources()?;
    if a.metadata.is_some() {
        eprintln!(
            "{}",
            super::generate::contributions_line(&overlaid.contributions)
        );
    }
    let api = overlaid.api;
    if a.stats {
        let pages = tree.parse();
        // Problems are counted as `docgen lint` reports them (by rule, after its filters, the
        // ones below the shown severity counted apart), so every command speaks of the same
        // findings.
        let stats = docgen::model::stats::Stats::of(&tree, &pages, &api);
        let mut value = serde_json::to_value(&stats)?;
        // Metadata alone has no pages to lint.
        let (findings, hidden) = if tree.pages.is_empty() {
            (Vec::new(), Default::default())
        } else {
            let config = docgen::lint::LintConfig::discover(&tree.root)?;
            config.shown(docgen::lint::lint(&tree, &pages, &api, &config))
        };
        let mut by_rule = std::collections::BTreeMap::<docgen::lint::rules::RuleId, usize>::new();
        for f in &findings {
            *by_rule.entry(f.rule).or_default() += 1;
        }
        if let Some(m) = value.as_object_mut() {
            m.remove("diagnostics");
            m.insert("findings".into(), findings.len().into());
            m.insert("findings_by_rule".into(), serde_json::to_value(by_rule)?);
            m.insert("findings_hidden".into(), hidden.len().into());
        }
        print(&value, a.format)?;
    } else if a.rust {
        print(&docgen::codegen::naming::RustPlan::new(&api), a.format)?;
    } else {
        print(&api, a.format)?;
    }
    Ok(0)
}

/// Prints one page's page model, with its includes read from the docs root it is in.
pub fn run_page(a: PageArgs) -> Result<i32> {
    let text = docgen::docs::read_text(&a.file)?;
    let name = a.file.to_string_lossy().replace('\\', "/");
    let page = match PageIncludes::find(&a.file) {
        Some(includes) => docgen::parse::read_page(&name, &text, &includes),
        None => docgen::parse::read_page(&name, &text, &docgen::parse::NoIncludes),
    };
    print(&page, a.format).context("printing the page model")?;
    Ok(0)
}

/// The includes of one page given on its own: read from the nearest folder above it that holds
/// an `includes/` folder (the docs root), with the same confinement as a whole tree.
struct PageIncludes {
    tree: DocsTree,
    /// The page's path relative to that root.
    page: String,
}

impl PageIncludes {
    fn find(file: &std::path::Path) -> Option<Self> {
        let file = std::fs::canonicalize(file).ok()?;
        let root = file
            .ancestors()
            .skip(1)
            .find(|d| d.join("includes").is_dir())?;
        let page = file
            .strip_prefix(root)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        Some(PageIncludes {
            tree: DocsTree::from_pages(root, Vec::new()),
            page,
        })
    }
}

impl docgen::parse::Includes for PageIncludes {
    fn read(&self, _page: &str, dest: &str) -> std::result::Result<(String, String), String> {
        self.tree.read(&self.page, dest)
    }
}
