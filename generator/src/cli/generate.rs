//! `docgen generate`.

use anyhow::Result;
use docgen::Config;
use std::path::PathBuf;

/// Arguments of `docgen generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root.
    #[arg(long, default_value = "docs-input")]
    docs: PathBuf,
    /// The crate folder to write `src/` into.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
}

/// Generates and writes; reports what changed on standard error.
pub fn run(a: Args) -> Result<i32> {
    let mut cfg = Config::new();
    cfg.docs_root(&a.docs);
    let (_, api) = cfg.load()?;
    let files = cfg.render(&api)?;
    let report = docgen::output::write_tree(&a.out, &files)?;
    eprintln!(
        "docgen: {} types, {} enums, {} routes; {} files written, {} unchanged, {} removed; {} diagnostics (see `docgen model`)",
        api.types.len(),
        api.enums.len(),
        api.operations.len(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len(),
        api.diagnostics.len(),
    );
    Ok(0)
}
