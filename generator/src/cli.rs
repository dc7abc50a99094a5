//! Command-line interface: subcommands over the library's stages.
//!
//! Exit codes: 0 success, 1 the command found something (stale output, lint findings),
//! 2 usage or I/O error.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use docgen::Config;
use std::io::Write;
use std::path::PathBuf;

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
    Generate {
        /// The docs root.
        #[arg(long, default_value = "docs-input")]
        docs: PathBuf,
        /// The crate folder to write `src/` into.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Print the resolved API model.
    Model {
        /// The docs root.
        #[arg(long, default_value = "docs-input")]
        docs: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Yaml)]
        format: Format,
        /// Print counts instead of the model.
        #[arg(long)]
        stats: bool,
    },
    /// Print the page model of one page.
    Page {
        /// The page.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Yaml)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Yaml,
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
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}

fn print(value: &impl serde::Serialize, format: Format) -> Result<()> {
    let text = match format {
        Format::Yaml => serde_yaml::to_string(value)?,
        Format::Json => serde_json::to_string_pretty(value)? + "\n",
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

fn dispatch(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Generate { docs, out } => {
            let mut cfg = Config::new();
            cfg.docs_root(&docs).out_dir(out.join(""));
            let (_, api) = cfg.load()?;
            let files = cfg.render(&api)?;
            let report = docgen::output::write_tree(&out, &files)?;
            let warnings = api.diagnostics.len();
            eprintln!(
                "docgen: {} types, {} enums, {} routes; {} files written, {} unchanged, {} removed; {warnings} diagnostics (see `docgen model`)",
                api.types.len(),
                api.enums.len(),
                api.operations.len(),
                report.written.len(),
                report.unchanged.len(),
                report.removed.len(),
            );
            Ok(0)
        }
        Command::Model {
            docs,
            format,
            stats,
        } => {
            let tree = docgen::docs::DocsTree::load(&docs)?;
            let pages = tree.parse();
            let api = docgen::model::build(&pages);
            if stats {
                print(
                    &docgen::model::stats::Stats::of(&tree, &pages, &api),
                    format,
                )?;
            } else {
                print(&api, format)?;
            }
            Ok(0)
        }
        Command::Page { file, format } => {
            let text = docgen::docs::read_text(&file)?;
            let name = file.to_string_lossy().replace('\\', "/");
            let page = docgen::parse::read_page(&name, &text, &docgen::parse::NoIncludes);
            print(&page, format).context("printing the page model")?;
            Ok(0)
        }
    }
}
