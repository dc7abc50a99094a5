//! `docgen compare`: the model against published OData metadata.

use super::{Format, out, print};
use anyhow::Result;
use docgen::Config;
use docgen::metadata::drift::{self, Drift};
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `docgen compare`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root.
    #[arg(long, default_value = "docs-input")]
    docs: PathBuf,
    /// The CSDL (`$metadata`) file.
    #[arg(long)]
    metadata: PathBuf,
    /// List every miss instead of the first 50 of each kind.
    #[arg(long)]
    all: bool,
    /// List every disagreement between docs and metadata, one finding a line
    /// (`file:line:col: metadata-drift: …`, or `(metadata) …` for items only the metadata has),
    /// then the counts by kind; exit 1 when there is any.
    #[arg(long)]
    drift: bool,
    /// Print the comparison (or the drift) as data instead of a report.
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// The drift findings and their counts, as `--drift --format` prints them.
#[derive(Serialize)]
struct DriftReport<'a> {
    counts: Vec<Count>,
    items: &'a [Drift],
}

#[derive(Serialize)]
struct Count {
    kind: drift::DriftKind,
    side: drift::Side,
    count: usize,
}

/// Prints the figures and the misses, or the drift.
pub fn run(a: Args) -> Result<i32> {
    let csdl = docgen::metadata::read_csdl(&a.metadata)?;
    let (_, api) = Config::new().docs_root(&a.docs).load()?;
    if a.drift {
        return run_drift(&a, &csdl, &api);
    }
    let comparison = docgen::metadata::compare(&csdl, &api);
    match a.format {
        Some(f) => print(&comparison, f)?,
        None => out(&format!(
            "{}\n",
            comparison.report(if a.all { None } else { Some(50) })
        ))?,
    }
    Ok(0)
}

fn run_drift(a: &Args, csdl: &docgen::metadata::Csdl, api: &docgen::model::Api) -> Result<i32> {
    let items = drift::drift(csdl, api);
    let counts: Vec<Count> = drift::counts(&items)
        .into_iter()
        .map(|((kind, side), count)| Count { kind, side, count })
        .collect();
    match a.format {
        Some(f) => print(
            &DriftReport {
                counts,
                items: &items,
            },
            f,
        )?,
        None => {
            let root = a.docs.to_string_lossy().replace('\\', "/");
            let mut text = String::new();
            for d in &items {
                text.push_str(&d.line(&root));
                text.push('\n');
            }
            text.push_str(&format!("{} {} findings:\n", items.len(), drift::RULE));
            for c in &counts {
                text.push_str(&format!(
                    "  {:<14} {:<16} {:>5}\n",
                    c.kind.to_string(),
                    c.side.to_string(),
                    c.count
                ));
            }
            out(&text)?;
        }
    }
    Ok(if items.is_empty() { 0 } else { 1 })
}
