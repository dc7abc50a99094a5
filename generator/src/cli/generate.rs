//! `docgen generate`.

use anyhow::Result;
use docgen::Config;
use std::path::PathBuf;

/// Arguments of `docgen generate` (shared by `docgen check`).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root (default as the other commands, unless `--metadata` is given alone).
    #[command(flatten)]
    pub docs: super::DocsDir,
    /// A CSDL `$metadata` document: the model's source alone, or under the docs.
    #[arg(long)]
    pub metadata: Option<PathBuf>,
    /// With docs and `--metadata`: drop the types and properties only the docs have.
    #[arg(long, requires = "metadata")]
    pub drop_docs_only: bool,
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
        let mut cfg = sources(&self.docs, self.metadata.as_ref(), self.drop_docs_only)?;
        cfg.out_dir(&self.out)
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

    /// How to name the sources in a command line: the docs root and/or the metadata file.
    pub fn sources_label(&self) -> Result<String> {
        let mut words = Vec::new();
        if let Some(d) = docs_root(&self.docs, self.metadata.as_ref())? {
            words.push(format!("--docs {}", d.display()));
        }
        if let Some(m) = &self.metadata {
            words.push(format!("--metadata {}", m.display()));
        }
        Ok(words.join(" "))
    }
}

/// The docs root a command reads: the one named, else the default one unless metadata is given
/// alone (an explicit `--metadata` without docs means the metadata only).
pub fn docs_root(docs: &super::DocsDir, metadata: Option<&PathBuf>) -> Result<Option<PathBuf>> {
    Ok(match (docs.given(), metadata) {
        (Some(d), _) => Some(d),
        (None, None) => Some(docs.resolve()?),
        (None, Some(_)) => None,
    })
}

/// The configuration of a command's sources: docs, metadata, or both.
pub fn sources(
    docs: &super::DocsDir,
    metadata: Option<&PathBuf>,
    drop_docs_only: bool,
) -> Result<Config> {
    let mut cfg = Config::new();
    if let Some(d) = docs_root(docs, metadata)? {
        cfg.docs_root(d);
    }
    if let Some(m) = metadata {
        cfg.metadata(m).keep_docs_only(!drop_docs_only);
    }
    Ok(cfg)
}

/// One line of what each source contributed.
pub fn contributions_line(c: &docgen::metadata::Contributions) -> String {
    if c.types_in_docs == 0 && c.docs_only_types == 0 && c.docs_routes == 0 {
        return format!(
            "docgen: from metadata alone: {} types, {} properties, {} enum members, {} routes",
            c.metadata_types, c.metadata_properties, c.metadata_members, c.metadata_routes
        );
    }
    format!(
        "docgen: metadata: {} types, {} properties, {} enum members, {} routes; docs: {} types and {} properties only they have, descriptions on {} of {} metadata properties ({:.1} %), {} member descriptions, {} routes ({} with permissions); {} metadata-drift diagnostics",
        c.metadata_types,
        c.metadata_properties,
        c.metadata_members,
        c.metadata_routes,
        c.docs_only_types,
        c.docs_only_properties,
        c.properties_described_by_docs,
        c.metadata_properties,
        c.described_share(),
        c.members_described_by_docs,
        c.docs_routes,
        c.routes_with_permissions,
        c.drift,
    )
}

/// Generates and writes; reports what changed on standard error.
pub fn run(a: Args) -> Result<i32> {
    let cfg = a.config()?;
    let (api, names, findings) = if a.metadata.is_some() {
        // The model of the sources, and what each contributed; lint speaks of docs alone.
        let (_, overlaid) = cfg.load_sources()?;
        eprintln!("{}", contributions_line(&overlaid.contributions));
        let (api, names) = cfg.select_named(overlaid.api)?;
        (api, names, Vec::new())
    } else {
        let (_, api, names, findings) = cfg.load_linted()?;
        (api, names, findings)
    };
    let serious = findings
        .iter()
        .filter(|f| f.severity >= docgen::diag::Severity::Warning)
        .count();
    let files = cfg.render_named(&api, &names)?;
    let manifest = cfg.crate_manifest(&api, &names, &a.out)?;
    let report = docgen::output::write_tree(&a.out, &files, cfg.forced())?;
    let manifest_written =
        docgen::output::write_if_changed(&a.out.join("Cargo.toml"), manifest.as_bytes())?;
    eprintln!(
        "docgen: {} types, {} enums, {} routes; {} files written, {} unchanged, {} removed{}; {} lint findings at warning or above (`docgen lint {}` lists them; `docgen model` lists the model's diagnostics)",
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
        docs_root(&a.docs, a.metadata.as_ref())?
            .map_or_else(|| "DOCS".to_owned(), |d| d.display().to_string()),
    );
    Ok(0)
}
