//! `docgen diff OLD NEW`: the API changelog between two docs trees or model dumps.

use anyhow::{Context, Result};
use docgen::model::Api;
use std::path::{Path, PathBuf};

/// Arguments of `docgen diff`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The old version: a docs folder, a CSDL `$metadata` document (`.xml`), or a `docgen
    /// model` dump (`.json`, `.yaml`).
    old: PathBuf,
    /// The new version, likewise.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    format: DiffFormat,
    /// Also list changes that only touch descriptions.
    #[arg(long)]
    descriptions: bool,
    /// Markdown: every change on its own row, beyond one pull-request comment's size.
    #[arg(long)]
    full: bool,
    /// Exit with 1 when any change is breaking.
    #[arg(long)]
    fail_on_breaking: bool,
    /// A CSDL `$metadata` document under both docs folders (docs over metadata).
    #[arg(long)]
    metadata: Option<PathBuf>,
}

/// Changelog formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

/// A model from a docs folder (over `metadata`, if given), a CSDL document or a dump.
fn load(path: &Path, metadata: Option<&PathBuf>) -> Result<Api> {
    if path.is_dir() {
        let mut cfg = docgen::Config::new();
        cfg.docs_root(path);
        if let Some(m) = metadata {
            cfg.metadata(m);
        }
        let (_, api) = cfg.load()?;
        return Ok(api);
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        let csdl = docgen::metadata::parse_csdl(&path.display().to_string(), &text)?;
        return Ok(docgen::metadata::api_from_csdl(&csdl));
    }
    let api = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text)
            .with_context(|| format!("{}: not a docgen model dump", path.display()))?,
        _ => serde_yaml::from_str(&text)
            .with_context(|| format!("{}: not a docgen model dump", path.display()))?,
    };
    Ok(api)
}

/// Prints the changelog.
pub fn run(a: Args) -> Result<i32> {
    let old = load(&a.old, a.metadata.as_ref())?;
    let new = load(&a.new, a.metadata.as_ref())?;
    let log = docgen::diff::diff(&old, &new);
    let text = match a.format {
        DiffFormat::Markdown => docgen::diff::render::markdown(
            &log,
            docgen::diff::render::Options {
                descriptions: a.descriptions,
                full: a.full,
            },
        ),
        DiffFormat::Json => docgen::diff::render::json(&log, a.descriptions),
    };
    super::out(&text)?;
    Ok(
        if a.fail_on_breaking && log.count(docgen::diff::Impact::Breaking) > 0 {
            1
        } else {
            0
        },
    )
}
