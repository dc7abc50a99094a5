//! `docgen compare`: the model against published OData metadata.

use super::{Format, out, print};
use anyhow::Result;
use docgen::Config;
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
    /// Print the comparison as data instead of a report.
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// Prints the figures and the misses.
pub fn run(a: Args) -> Result<i32> {
    let csdl = docgen::metadata::read_csdl(&a.metadata)?;
    let (_, api) = Config::new().docs_root(&a.docs).load()?;
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
