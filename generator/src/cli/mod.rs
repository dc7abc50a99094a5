//! Command-line interface: one module per subcommand over the library's stages.
//!
//! Exit codes: 0 success, 1 the command found something (stale output, lint findings),
//! 2 usage or I/O error.

mod check;
mod compare;
mod diff;
mod export;
mod generate;
mod lint;
mod lsp;
mod model;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads API reference pages (Microsoft Graph docs format) and generates a model and Rust code.
#[derive(Parser, Debug)]
#[command(name = "docgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate the Rust crate sources from the docs into the output folder.
    Generate(generate::Args),
    /// Compare the output folder with what generation would produce; exit 1 if stale. Writes nothing.
    Check(check::Args),
    /// The API changelog between two docs trees or model dumps, classed by breaking impact.
    Diff(diff::Args),
    /// Print the resolved API model.
    Model(model::Args),
    /// Print the page model of one page.
    Page(model::PageArgs),
    /// Compare the model with published OData metadata (CSDL) and print the figures.
    Compare(compare::Args),
    /// Write the model as an OpenAPI 3.1 document or as OData CSDL XML.
    Export(export::Args),
    /// Lint the docs: placeholders, gaps, and examples that contradict their tables.
    Lint(lint::Args),
    /// A language server over stdio: findings as you type, hover, go to definition, completion.
    Lsp(lsp::Args),
}

/// The docs folder of `generate`, `check` and `model`: positional, or `--docs`.
#[derive(clap::Args, Debug, Clone)]
pub struct DocsDir {
    /// The docs root (default: `docs-input` if there is one, else the docs tree the current
    /// folder is in).
    #[arg(value_name = "DOCS", conflicts_with = "docs")]
    dir: Option<PathBuf>,
    /// The docs root, as the positional argument.
    #[arg(long, value_name = "DIR")]
    docs: Option<PathBuf>,
}

impl DocsDir {
    /// The folder named, if one is.
    pub fn given(&self) -> Option<PathBuf> {
        self.dir.as_ref().or(self.docs.as_ref()).cloned()
    }

    /// The folder named, or the default one.
    pub fn resolve(&self) -> Result<PathBuf> {
        match self.dir.as_ref().or(self.docs.as_ref()) {
            Some(d) => Ok(d.clone()),
            None => default_docs(),
        }
    }
}

/// The docs root when none is named: `docs-input` in the current folder, else the docs tree the
/// current folder is in ([`docgen::docs::find_root`]); an error says how to name one.
pub fn default_docs() -> Result<PathBuf> {
    let local = PathBuf::from("docs-input");
    if local.is_dir() {
        return Ok(local);
    }
    if let Some(root) = docgen::docs::find_root(Path::new(".")) {
        return Ok(root);
    }
    anyhow::bail!(
        "no docs folder: there is no `docs-input` here, and neither this folder nor one above it \
         is a docs root (one with a `docgen.toml`, or with `api/` and `resources/`); name the \
         docs folder, e.g. `docgen lint path/to/docs`"
    )
}

/// Output formats for model dumps.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
}

/// Runs the CLI and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Generate(a) => generate::run(a),
        Command::Check(a) => check::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Model(a) => model::run(a),
        Command::Page(a) => model::run_page(a),
        Command::Compare(a) => compare::run(a),
        Command::Export(a) => export::run(a),
        Command::Lint(a) => lint::run(a),
        Command::Lsp(a) => lsp::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            2
        }
    }
}

/// The error and its causes on one line, leaving out causes the message already quotes (docgen's
/// own errors name their I/O cause themselves).
fn one_line(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !text.contains(&c) {
            text.push_str(": ");
            text.push_str(&c);
        }
    }
    text
}

/// Prints a serializable value in `format` to standard output.
pub fn print(value: &impl serde::Serialize, format: Format) -> Result<()> {
    let text = match format {
        Format::Yaml => serde_yaml::to_string(value)?,
        Format::Json => serde_json::to_string_pretty(value)? + "\n",
    };
    out(&text)
}

/// Writes to standard output. A reader that went away (`docgen model | head`) ends the output
/// quietly rather than as an error.
pub fn out(text: &str) -> Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
