//! `docgen export`: the model as OpenAPI 3.1 or OData CSDL.

use super::out;
use anyhow::{Context, Result};
use clap::ValueEnum;
use docgen::export::{Options, to_csdl, to_openapi};
use std::path::PathBuf;

/// What `docgen export` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// An OpenAPI 3.1 document (YAML unless `--json`).
    Openapi,
    /// OData CSDL XML.
    Csdl,
}

/// Arguments of `docgen export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to write.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The docs root (default `docs-input`, unless `--metadata` is given alone).
    #[arg(long)]
    docs: Option<PathBuf>,
    /// A CSDL `$metadata` document: the model's source alone, or under `--docs`.
    #[arg(long)]
    metadata: Option<PathBuf>,
    /// Write to this file (only when its contents change) instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// OpenAPI as YAML (the default).
    #[arg(long, conflicts_with = "json")]
    yaml: bool,
    /// OpenAPI as JSON.
    #[arg(long)]
    json: bool,
}

/// Writes the export.
pub fn run(a: Args) -> Result<i32> {
    if matches!(a.format, ExportFormat::Csdl) && (a.yaml || a.json) {
        anyhow::bail!("--yaml and --json apply to --format openapi only");
    }
    let mut cfg = docgen::Config::new();
    match (&a.docs, &a.metadata) {
        (Some(d), _) => {
            cfg.docs_root(d);
        }
        (None, None) => {
            cfg.docs_root(super::default_docs()?);
        }
        // An explicit `--metadata` without `--docs` means the metadata only.
        (None, Some(_)) => {}
    }
    if let Some(m) = &a.metadata {
        cfg.metadata(m);
    }
    let (_, api) = cfg.load()?;
    let text = match a.format {
        ExportFormat::Openapi => {
            let doc = to_openapi(&api, &Options::default());
            if a.json {
                doc.to_json()
                    .context("writing the OpenAPI document as JSON")?
            } else {
                doc.to_yaml()
                    .context("writing the OpenAPI document as YAML")?
            }
        }
        ExportFormat::Csdl => to_csdl(&api).context("writing the CSDL document")?,
    };
    match &a.out {
        Some(path) => {
            docgen::output::write_if_changed(path, text.as_bytes())?;
        }
        None => out(&text)?,
    }
    Ok(0)
}
