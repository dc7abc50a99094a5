//! `docgen generate`.

use anyhow::Result;
use docgen::Config;
use std::path::PathBuf;

/// Arguments of `docgen generate` (shared by `docgen check`).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root.
    #[command(flatten)]
    pub docs: super::DocsDir,
    /// The crate folder: docgen writes `src/` and the `[features]` table of `Cargo.toml`.
    #[arg(long, default_value = "generated")]
    pub out: PathBuf,
    /// Keep only this namespace, type (qualified name) or route prefix (`/users`, `GET /users`),
    /// and what it needs. Repeatable.
    #[arg(long)]
    pub include: Vec<String>,
    /// Leave out this namespace, type or route prefix (what kept items need stays). Repeatable.
    #[arg(long)]
    pub exclude: Vec<String>,
    /// Do not gate namespaces behind Cargo features.
    #[arg(long)]
    pub no_features: bool,
    /// Overwrite files in the output folder that docgen did not write.
    #[arg(long)]
    pub force: bool,
}

impl Args {
    /// The library configuration these arguments describe.
    pub fn config(&self) -> Result<Config> {
        let mut cfg = Config::new();
        cfg.docs_root(self.docs.resolve()?)
            .out_dir(&self.out)
            .features(!self.no_features)
            .force(self.force);
        for i in &self.include {
            cfg.include(i);
        }
        for e in &self.exclude {
            cfg.exclude(e);
        }
        Ok(cfg)
    }
}

/// Generates and writes; reports what changed on standard error.
pub fn run(a: Args) -> Result<i32> {
    let cfg = a.config()?;
    let (_, api, findings) = cfg.load_linted()?;
    let serious = findings
        .iter()
        .filter(|f| f.severity >= docgen::diag::Severity::Warning)
        .count();
    let files = cfg.render(&api)?;
    let manifest = cfg.crate_manifest(&api, &a.out)?;
    let report = docgen::output::write_tree(&a.out, &files, cfg.forced())?;
    let manifest_written =
        docgen::output::write_if_changed(&a.out.join("Cargo.toml"), manifest.as_bytes())?;
    eprintln!(
        "docgen: {} types, {} enums, {} routes; {} files written, {} unchanged, {} removed{}; {} lint findings at warning or above (`docgen lint {}` lists them)",
        api.types.len(),
        api.enums.len(),
        api.operations.len(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len(),
        if manifest_written {
            "; Cargo.toml updated"
        } else {
            ""
        },
        serious,
        a.docs.resolve()?.display(),
    );
    Ok(0)
}
