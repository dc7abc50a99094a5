//! `docgen check`: is the output folder what generation would produce?

use anyhow::Result;
use docgen::Config;
use docgen::check::Stale;
use std::path::PathBuf;

/// Arguments of `docgen check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root.
    #[arg(long, default_value = "docs-input")]
    docs: PathBuf,
    /// The generated crate folder to compare with.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
}

/// Prints a unified diff of every stale file; exit 1 when anything differs. Writes nothing.
pub fn run(a: Args) -> Result<i32> {
    let mut cfg = Config::new();
    cfg.docs_root(&a.docs);
    let (_, api) = cfg.load()?;
    let files = cfg.render(&api)?;
    let stale = docgen::check::stale(&a.out, &files);
    let mut text = String::new();
    for s in &stale {
        match s {
            Stale::Changed { diff, .. } => text.push_str(diff),
            Stale::Missing { path } => {
                text.push_str(&format!("missing: {path} (generation produces it)\n"))
            }
            Stale::Removed { path } => text.push_str(&format!(
                "stale: {path} (generated before, no longer produced)\n"
            )),
        }
    }
    super::out(&text)?;
    if stale.is_empty() {
        eprintln!(
            "docgen: {} is fresh ({} files)",
            a.out.display(),
            files.len()
        );
        Ok(0)
    } else {
        eprintln!(
            "docgen: {} of {} files in {} are stale; run `docgen generate --docs {} --out {}`",
            stale.len(),
            files.len(),
            a.out.display(),
            a.docs.display(),
            a.out.display()
        );
        Ok(1)
    }
}
