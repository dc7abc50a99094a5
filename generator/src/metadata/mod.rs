//! OData CSDL metadata: the service's own description of its types, used as an independent
//! answer key for what the docs describe, or as the source of the model.
//!
//! [`csdl`](mod@csdl) reads a CSDL (EDMX) XML file into plain data; [`matching`](mod@matching)
//! pairs its items with the model's, once, for [`compare`](mod@compare) (how much of it the model
//! built from the docs covers, and what it misses) and [`drift`](mod@drift) (every disagreement);
//! [`source`](mod@source) makes it a source of the model on its own, and
//! [`overlay`](mod@overlay) lays the docs over it.

pub mod compare;
pub mod csdl;
pub mod drift;
pub mod matching;
pub mod overlay;
pub mod source;

pub use compare::{Comparison, compare};
pub use csdl::{Csdl, parse_csdl, read_csdl};
pub use drift::{Drift, DriftKind, Side, drift};
pub use matching::{Matching, matching};
pub use overlay::{Contributions, Overlaid, Overlay, overlay};
pub use source::api_from_csdl;

use std::path::PathBuf;

/// Why a CSDL file could not be read. Each message starts with `path:line:col:` where there
/// is a position.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not well-formed XML.
    #[error("{name}:{line}:{col}: not well-formed XML: {message}")]
    Xml {
        /// The file, as named by the caller.
        name: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
        /// The XML parser's message, without its position.
        message: String,
    },
    /// The XML is well-formed but not valid CSDL (a missing or malformed attribute, a wrong
    /// root element).
    #[error("{name}:{line}:{col}: {message}")]
    Csdl {
        /// The file, as named by the caller.
        name: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
        /// What is wrong.
        message: String,
    },
}
