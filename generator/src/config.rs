//! The library entry point, in the style of `prost_build::Config`: set the docs root and the
//! output folder, then [`Config::generate`].

use crate::codegen::{self, Files};
use crate::docs::DocsTree;
use crate::error::Result;
use crate::model::{self, Api};
use crate::output::{self, WriteReport};
use std::path::{Path, PathBuf};

/// Configures and runs docgen.
#[derive(Clone, Debug)]
pub struct Config {
    docs_root: PathBuf,
    out_dir: Option<PathBuf>,
    source_label: Option<String>,
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
            out_dir: None,
            source_label: None,
        }
    }

    /// The folder holding the pages.
    pub fn docs_root(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.docs_root = path.into();
        self
    }

    /// The folder the generated crate sources go into (default: `OUT_DIR`).
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// What the `@generated` header names as the source (default: the docs root as given).
    pub fn source_label(&mut self, label: impl Into<String>) -> &mut Self {
        self.source_label = Some(label.into());
        self
    }

    /// Reads and parses every page and builds the model.
    pub fn load(&self) -> Result<(DocsTree, Api)> {
        let tree = DocsTree::load(&self.docs_root)?;
        let pages = tree.parse();
        let api = model::build(&pages);
        Ok((tree, api))
    }

    /// Generates the files in memory.
    pub fn render(&self, api: &Api) -> Result<Files> {
        let label = self
            .source_label
            .clone()
            .unwrap_or_else(|| label_for(&self.docs_root));
        codegen::generate(
            api,
            &codegen::Options {
                source_label: label,
            },
        )
    }

    /// Reads the docs, generates, and writes the files that changed into the output folder.
    pub fn generate(&self) -> Result<WriteReport> {
        let out = match &self.out_dir {
            Some(o) => o.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| crate::Error::OutputDir {
                    path: PathBuf::from("OUT_DIR"),
                    reason: "no output folder set and OUT_DIR is not set (not in a build script)"
                        .into(),
                })?,
        };
        let (_, api) = self.load()?;
        let files = self.render(&api)?;
        output::write_tree(&out, &files)
    }
}

/// The docs root as a stable, `/`-separated label.
fn label_for(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
