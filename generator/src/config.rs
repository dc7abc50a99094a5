//! The library entry point, in the style of `prost_build::Config`: set the docs root, the output
//! folder and options, then [`Config::generate`]. From a build script:
//!
//! ```no_run
//! // build.rs
//! docgen::Config::new()
//!     .docs_root("../docs-input")
//!     .generate()
//!     .expect("docs generate");
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/docgen.rs"));
//! ```
//!
//! [`Config::metadata`] adds a service's `$metadata` (CSDL XML) as a source: alone when no docs
//! root is set (the whole model from the metadata), or under the docs when one is.

use crate::codegen::naming::RustPlan;
use crate::codegen::{self, Files, Layout, prepared};
use crate::docs::DocsTree;
use crate::error::{Error, Result};
use crate::model::{self, Api};
use crate::output::{self, WriteReport};
use std::path::{Path, PathBuf};

/// Configures and runs docgen.
#[derive(Clone, Debug)]
pub struct Config {
    docs_root: PathBuf,
    /// [`Config::docs_root`] was called: with metadata, the docs are laid over it.
    docs_set: bool,
    metadata: Option<PathBuf>,
    overlay: crate::metadata::Overlay,
    out_dir: Option<PathBuf>,
    source_label: Option<String>,
    layout: Option<Layout>,
    include: Vec<String>,
    exclude: Vec<String>,
    opts: codegen::Options,
    rerun_if_changed: Option<bool>,
    force: bool,
    /// Builder values that did not parse; reported by the first method that runs.
    invalid: Vec<(String, String)>,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// A configuration reading `docs-input` and writing to `OUT_DIR` (as in a build script).
    pub fn new() -> Self {
        Config {
            docs_root: PathBuf::from("docs-input"),
            docs_set: false,
            metadata: None,
            overlay: crate::metadata::Overlay::default(),
            out_dir: None,
            source_label: None,
            layout: None,
            include: Vec::new(),
            exclude: Vec::new(),
            opts: codegen::Options::default(),
            rerun_if_changed: None,
            force: false,
            invalid: Vec::new(),
        }
    }

    /// The folder holding the pages.
    pub fn docs_root(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.docs_root = path.into();
        self.docs_set = true;
        self
    }

    /// A CSDL `$metadata` document as the source of the model's structure: alone, unless
    /// [`Config::docs_root`] is set too, in which case the docs are laid over it
    /// ([`crate::metadata::overlay`]).
    pub fn metadata(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.metadata = Some(path.into());
        self
    }

    /// With both docs and metadata: keep types and properties only the docs have (the
    /// default), or drop them.
    pub fn keep_docs_only(&mut self, keep: bool) -> &mut Self {
        self.overlay.keep_docs_only = keep;
        self
    }

    /// The folder the generated code goes into (default: `OUT_DIR`).
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// What the `@generated` header names as the source (default: the docs root as given).
    pub fn source_label(&mut self, label: impl Into<String>) -> &mut Self {
        self.source_label = Some(label.into());
        self
    }

    /// Generate one `docgen.rs` with every module inline (the default when writing to
    /// `OUT_DIR`), or a crate's `src/` tree.
    pub fn single_file(&mut self, single: bool) -> &mut Self {
        self.layout = Some(if single {
            Layout::SingleFile
        } else {
            Layout::Crate
        });
        self
    }

    /// The path at which the generated code is mounted, as the code refers to itself: `crate`
    /// (the default) when it is the crate root, `crate::graph` when included into `mod graph`.
    pub fn module_path(&mut self, path: &str) -> &mut Self {
        match prepared::parse_path(path) {
            Ok(_) => self.opts.root = path.to_owned(),
            Err(reason) => self.invalid.push(("module_path".into(), reason)),
        }
        self
    }

    /// Keep only these namespaces, types (qualified names) or routes (a path prefix such as
    /// `/users`), and every type they need. May be given several times.
    pub fn include(&mut self, pattern: impl Into<String>) -> &mut Self {
        self.include.push(pattern.into());
        self
    }

    /// Leave out these namespaces, types or route prefixes (types a kept item needs stay).
    pub fn exclude(&mut self, pattern: impl Into<String>) -> &mut Self {
        self.exclude.push(pattern.into());
        self
    }

    /// Use a Rust type of your own for a primitive (`DateTimeOffset` or `Edm.DateTimeOffset`) or
    /// for a model type or enum (`microsoft.graph.dateTimeTimeZone`).
    pub fn map_type(&mut self, name: &str, rust_type: &str) -> &mut Self {
        let key = if name.contains('.') {
            name.to_lowercase()
        } else {
            format!("edm.{}", name.to_lowercase())
        };
        match prepared::parse_type(rust_type) {
            Ok(_) => {
                self.opts.type_overrides.insert(key, rust_type.to_owned());
            }
            Err(reason) => self.invalid.push((format!("map_type({name})"), reason)),
        }
        self
    }

    /// Add attributes (e.g. `#[derive(Eq, Hash)]`) to generated structs and enums matching
    /// `matcher`: `.` for all, a namespace, or a qualified type name.
    pub fn type_attribute(&mut self, matcher: &str, attributes: &str) -> &mut Self {
        match prepared::parse_attributes(attributes) {
            Ok(_) => self
                .opts
                .type_attributes
                .push((matcher.to_owned(), attributes.to_owned())),
            Err(reason) => self
                .invalid
                .push((format!("type_attribute({matcher})"), reason)),
        }
        self
    }

    /// Overwrite files in the output folder that docgen did not write (by default that is an
    /// error naming them).
    pub fn force(&mut self, force: bool) -> &mut Self {
        self.force = force;
        self
    }

    /// Whether [`Config::force`] is set.
    pub fn forced(&self) -> bool {
        self.force
    }

    /// Gate each namespace module behind a Cargo feature named like the module.
    pub fn features(&mut self, on: bool) -> &mut Self {
        self.opts.features = on;
        self
    }

    /// Print `cargo:rerun-if-changed` for the docs root and every page read (default: when
    /// writing to `OUT_DIR`, that is, from a build script).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.rerun_if_changed = Some(on);
        self
    }

    fn check_valid(&self) -> Result<()> {
        match self.invalid.first() {
            Some((option, reason)) => Err(Error::Config {
                option: option.clone(),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Reads the sources (every page, the metadata) and builds the model, narrowed to the
    /// include/exclude selection.
    pub fn load(&self) -> Result<(DocsTree, Api)> {
        let (tree, api, _) = self.read(false)?;
        Ok((tree, api))
    }

    /// [`Config::load`], with the Rust names codegen gives the selection (see
    /// [`Config::select_named`]).
    pub fn load_named(&self) -> Result<(DocsTree, Api, RustPlan)> {
        let (tree, api, names, _) = self.read_named(false)?;
        Ok((tree, api, names))
    }

    /// [`Config::load_named`], plus the findings `docgen lint` gives for the docs (the whole
    /// model, with the docs root's `docgen.toml`): what generation reports, in lint's vocabulary.
    pub fn load_linted(&self) -> Result<(DocsTree, Api, RustPlan, Vec<crate::lint::Finding>)> {
        self.read_named(true)
    }

    fn read(&self, lint: bool) -> Result<(DocsTree, Api, Vec<crate::lint::Finding>)> {
        let (tree, overlaid, findings) = self.read_sources(lint)?;
        Ok((tree, self.select(overlaid.api)?, findings))
    }

    fn read_named(
        &self,
        lint: bool,
    ) -> Result<(DocsTree, Api, RustPlan, Vec<crate::lint::Finding>)> {
        let (tree, overlaid, findings) = self.read_sources(lint)?;
        let (api, names) = self.select_named(overlaid.api)?;
        Ok((tree, api, names, findings))
    }

    fn selects(&self) -> bool {
        !(self.include.is_empty() && self.exclude.is_empty())
    }

    /// `api` narrowed to the include/exclude selection.
    pub fn select(&self, api: Api) -> Result<Api> {
        if !self.selects() {
            return Ok(api);
        }
        self.narrow(&api)
    }

    fn narrow(&self, api: &Api) -> Result<Api> {
        model::select::select(api, &self.include, &self.exclude).map_err(|reason| Error::Config {
            option: "include/exclude".into(),
            reason,
        })
    }

    /// [`Config::select`], with the Rust names codegen gives what it keeps: the names of the
    /// whole model, so a selection never renames what it keeps.
    pub fn select_named(&self, api: Api) -> Result<(Api, RustPlan)> {
        let names = RustPlan::new(&api);
        if !self.selects() {
            return Ok((api, names));
        }
        let part = self.narrow(&api)?;
        let names = names.restrict(&api, &part);
        Ok((part, names))
    }

    /// Reads the sources and builds the model, not narrowed, with what each source contributed
    /// (all zero but the counts of the one source when there is one).
    pub fn load_sources(&self) -> Result<(DocsTree, crate::metadata::Overlaid)> {
        let (tree, overlaid, _) = self.read_sources(false)?;
        Ok((tree, overlaid))
    }

    fn read_sources(
        &self,
        lint: bool,
    ) -> Result<(
        DocsTree,
        crate::metadata::Overlaid,
        Vec<crate::lint::Finding>,
    )> {
        self.check_valid()?;
        let csdl = match &self.metadata {
            Some(path) => Some((path, crate::metadata::read_csdl(path)?)),
            None => None,
        };
        if let (Some((path, csdl)), false) = (&csdl, self.docs_set) {
            let meta = crate::metadata::api_from_csdl(csdl);
            let contributions = crate::metadata::Contributions {
                metadata_types: meta.types.len(),
                metadata_properties: meta.types.iter().map(|t| t.properties.len()).sum(),
                metadata_members: meta.enums.iter().map(|e| e.members.len()).sum(),
                metadata_routes: meta.operations.len(),
                ..Default::default()
            };
            let tree = DocsTree::from_pages((*path).clone(), Vec::new());
            let overlaid = crate::metadata::Overlaid {
                api: meta,
                contributions,
            };
            return Ok((tree, overlaid, Vec::new()));
        }
        let tree = DocsTree::load(&self.docs_root)?;
        let pages = tree.parse();
        let docs = model::build(&pages);
        let findings = if lint {
            let config =
                crate::lint::LintConfig::discover(&self.docs_root).map_err(|e| Error::Config {
                    option: crate::lint::config::FILE_NAME.into(),
                    reason: e.to_string(),
                })?;
            crate::lint::lint(&tree, &pages, &docs, &config)
        } else {
            Vec::new()
        };
        let overlaid = match csdl {
            Some((_, csdl)) => {
                let meta = crate::metadata::api_from_csdl(&csdl);
                crate::metadata::overlay(&csdl, meta, &docs, self.overlay)
            }
            None => {
                let contributions = crate::metadata::Contributions {
                    docs_routes: docs.operations.len(),
                    ..Default::default()
                };
                crate::metadata::Overlaid {
                    api: docs,
                    contributions,
                }
            }
        };
        Ok((tree, overlaid, findings))
    }

    /// What the generated code names as its source: the docs root, the metadata file, or both.
    fn default_label(&self) -> String {
        match (&self.metadata, self.docs_set) {
            (Some(m), false) => label_for(m),
            (Some(m), true) => format!("{} + {}", label_for(&self.docs_root), label_for(m)),
            (None, _) => label_for(&self.docs_root),
        }
    }

    fn options(&self, layout: Layout) -> codegen::Options {
        let mut opts = self.opts.clone();
        opts.source_label = self
            .source_label
            .clone()
            .unwrap_or_else(|| self.default_label());
        opts.layout = layout;
        opts
    }

    /// Generates the files in memory (a crate's `src/` tree unless [`Config::single_file`]),
    /// named by the naming pass over `api`.
    pub fn render(&self, api: &Api) -> Result<Files> {
        self.render_named(api, &RustPlan::new(api))
    }

    /// [`Config::render`] with the names of `names` (from [`Config::load_named`] or
    /// [`Config::select_named`]).
    pub fn render_named(&self, api: &Api, names: &RustPlan) -> Result<Files> {
        self.check_valid()?;
        let opts = self.options(self.layout.unwrap_or(Layout::Crate));
        codegen::generate_named(api, names, &opts)
    }

    /// The `Cargo.toml` the crate at `out` should have: the one on disk (or a new one) with its
    /// `[features]` table set to one feature per namespace when [`Config::features`] is on,
    /// each named like its module in `names`.
    pub fn crate_manifest(&self, api: &Api, names: &RustPlan, out: &Path) -> Result<String> {
        let existing = std::fs::read_to_string(out.join("Cargo.toml")).ok();
        let table = self
            .opts
            .features
            .then(|| codegen::features::plan(api, names).table);
        crate::cargo_toml::manifest(out, existing.as_deref(), table.as_ref())
    }

    /// Reads the docs, generates, and writes the files that changed into the output folder.
    /// Writing to `OUT_DIR` (no [`Config::out_dir`]), it generates one `docgen.rs` and prints
    /// `cargo:rerun-if-changed` for every input, as a build script should.
    pub fn generate(&self) -> Result<WriteReport> {
        let (out, in_build_script) = match &self.out_dir {
            Some(o) => (o.clone(), false),
            None => {
                match std::env::var_os("OUT_DIR") {
                    Some(o) => (PathBuf::from(o), true),
                    None => {
                        return Err(Error::OutputDir {
                        path: PathBuf::from("OUT_DIR"),
                        reason: "no output folder set and OUT_DIR is not set (not in a build script)".into(),
                    });
                    }
                }
            }
        };
        let (tree, api, names, findings) = self.read_named(in_build_script)?;
        if in_build_script {
            self.warn(&findings);
        }
        if self.rerun_if_changed.unwrap_or(in_build_script) {
            if let Some(m) = &self.metadata {
                println!("cargo:rerun-if-changed={}", m.display());
            }
            // The folder makes cargo notice added and removed pages; each page names itself.
            if self.metadata.is_none() || self.docs_set {
                println!("cargo:rerun-if-changed={}", self.docs_root.display());
            }
            for p in tree.page_paths() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        let layout = self.layout.unwrap_or(if in_build_script {
            Layout::SingleFile
        } else {
            Layout::Crate
        });
        let files = codegen::generate_named(&api, &names, &self.options(layout))?;
        let report = output::write_tree(&out, &files, self.force)?;
        if layout == Layout::Crate {
            let manifest = self.crate_manifest(&api, &names, &out)?;
            output::write_if_changed(&out.join("Cargo.toml"), manifest.as_bytes())?;
        }
        Ok(report)
    }
}

/// How many findings a build script shows as `cargo:warning` before it counts the rest.
const MAX_BUILD_WARNINGS: usize = 20;

impl Config {
    /// Shows the findings at warning or above as `cargo:warning` lines, as a build script's
    /// user sees them: the first few located, then how many more and where to see them.
    fn warn(&self, findings: &[crate::lint::Finding]) {
        let serious: Vec<_> = findings
            .iter()
            .filter(|f| f.severity >= crate::diag::Severity::Warning)
            .collect();
        for f in serious.iter().take(MAX_BUILD_WARNINGS) {
            println!(
                "cargo:warning={}:{}:{}: {}[{}]: {}",
                self.docs_root.join(&f.file).display(),
                f.line,
                f.col,
                f.severity,
                f.rule,
                f.message.replace(['\n', '\r'], " ")
            );
        }
        if serious.len() > MAX_BUILD_WARNINGS {
            println!(
                "cargo:warning=docgen: {} more findings at warning or above; `docgen lint {}` lists them all",
                serious.len() - MAX_BUILD_WARNINGS,
                self.docs_root.display()
            );
        }
    }
}

/// The docs root as a stable, `/`-separated label.
fn label_for(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_values_are_reported_by_name() {
        let mut c = Config::new();
        c.map_type("DateTimeOffset", "not a type!");
        let Err(e) = c.render(&Api::default()) else {
            panic!("a bad type path must fail");
        };
        assert!(
            e.to_string()
                .starts_with("map_type(DateTimeOffset): `not a type!` is not a Rust type"),
            "{e}"
        );
        let mut c = Config::new();
        c.type_attribute(".", "derive(Eq)");
        let e = c
            .render(&Api::default())
            .expect_err("an attribute needs #[...]");
        assert!(e.to_string().starts_with("type_attribute(.):"), "{e}");
    }
}
