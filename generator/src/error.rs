//! Fatal errors: a run that cannot produce a whole, correct output stops with one of these.

use std::path::PathBuf;

/// Why a docgen run failed. Each message names the path (and position where there is one).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A page is not UTF-8.
    #[error("{}:{line}:{col}: not valid UTF-8", path.display())]
    NotUtf8 {
        /// The page.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: u32,
        /// 1-based column (in characters) of the first invalid byte.
        col: u32,
    },
    /// The docs folder does not exist, is not a folder, or holds no pages.
    #[error("{}: {reason}", path.display())]
    DocsRoot {
        /// The docs root as given.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The output folder cannot be used.
    #[error("{}: {reason}", path.display())]
    OutputDir {
        /// The output folder as given.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A configuration value is unusable (a type path that is not Rust, a filter that matches
    /// nothing).
    #[error("{option}: {reason}")]
    Config {
        /// The option, as the builder method or CLI flag names it.
        option: String,
        /// What is wrong with the value.
        reason: String,
    },
    /// The metadata document could not be read (an I/O error, bad XML, not CSDL); the message
    /// is located (`file:line:col: …`).
    #[error(transparent)]
    Metadata(#[from] crate::metadata::Error),
    /// Generated code did not parse back as Rust: a bug in docgen, reported with the item.
    #[error("generated code for {item} is not valid Rust ({message}); this is a docgen bug")]
    Codegen {
        /// The module or item being generated.
        item: String,
        /// The parser's message.
        message: String,
    },
}

/// docgen's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
