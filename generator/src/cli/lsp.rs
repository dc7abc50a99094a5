//! `docgen lsp`: the language server over stdio (see [`docgen::lsp`]).

use anyhow::Result;
use std::path::PathBuf;

/// Arguments of `docgen lsp`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root (default: found from the first page the editor opens, by walking up to a
    /// `docgen.toml` or to the folder that holds `api/` and `resources/`).
    #[arg(long)]
    docs: Option<PathBuf>,
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long, hide = true)]
    stdio: bool,
}

/// Serves until the editor says `exit`.
pub fn run(a: Args) -> Result<i32> {
    docgen::lsp::run_stdio(a.docs)?;
    Ok(0)
}
