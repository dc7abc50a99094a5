//! `docgen generate`.

use anyhow::Result;
use docgen::Config;
use std::path::PathBuf;

/// Arguments of `docgen generate` (shared by `docgen check`).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The docs root (default `docs-input`, unless `--metadata` is given alone).
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// A CSDL `$metadata` document: the model's source alone, or under `--docs`.
    #[arg(long)]
    pub metadata: Option<PathBuf>,
    /// With `--docs` and `--metadata`: drop the types and properties only the docs have.
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
}

impl Args {
    /// The library configuration these arguments describe.
    pub fn config(&self) -> Config {
        let mut cfg = sources(
            self.docs.as_ref(),
            self.metadata.as_ref(),
            self.drop_docs_only,
        );
        cfg.out_dir(&self.out).features(!self.no_features);
        for i in &self.include {
            cfg.include(i);
        }
        for e in &self.exclude {
            cfg.exclude(e);
        }
        cfg
    }

    /// How to call the sources in a message: the docs root and/or the metadata file.
    pub fn sources_label(&self) -> String {
        let mut words = Vec::new();
        if let Some(d) = docs_root(self.docs.as_ref(), self.metadata.as_ref()) {
            words.push(format!("--docs {}", d.display()));
        }
        if let Some(m) = &self.metadata {
            words.push(format!("--metadata {}", m.display()));
        }
        words.join(" ")
    }
}

/// The docs root a command reads: the one given, else `docs-input` unless metadata is given
/// alone (an explicit `--metadata` without `--docs` means the metadata only).
pub fn docs_root(docs: Option<&PathBuf>, metadata: Option<&PathBuf>) -> Option<PathBuf> {
    match (docs, metadata) {
        (Some(d), _) => Some(d.clone()),
        (None, None) => Some(PathBuf::from("docs-input")),
        (None, Some(_)) => None,
    }
}

/// The configuration of a command's sources: docs, metadata, or both.
pub fn sources(docs: Option<&PathBuf>, metadata: Option<&PathBuf>, drop_docs_only: bool) -> Config {
    let mut cfg = Config::new();
    if let Some(d) = docs_root(docs, metadata) {
        cfg.docs_root(d);
    }
    if let Some(m) = metadata {
        cfg.metadata(m).keep_docs_only(!drop_docs_only);
    }
    cfg
}

impl Args {
    /// Prints what each source contributed, when metadata is one of them.
    pub fn report_sources(&self, c: &docgen::metadata::Contributions) {
        if self.metadata.is_some() {
            eprintln!("{}", contributions_line(c));
        }
    }
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
    let cfg = a.config();
    let (_, overlaid) = cfg.load_sources()?;
    a.report_sources(&overlaid.contributions);
    let api = cfg.select(overlaid.api)?;
    let files = cfg.render(&api)?;
    let manifest = cfg.crate_manifest(&api, &a.out)?;
    let report = docgen::output::write_tree(&a.out, &files)?;
    let manifest_written =
        docgen::output::write_if_changed(&a.out.join("Cargo.toml"), manifest.as_bytes())?;
    eprintln!(
        "docgen: {} types, {} enums, {} routes; {} files written, {} unchanged, {} removed{}; {} diagnostics (see `docgen model`)",
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
        api.diagnostics.len(),
    );
    Ok(0)
}
