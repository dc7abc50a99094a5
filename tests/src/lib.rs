//! Helpers shared by docgen's integration tests.

use std::path::PathBuf;

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The checked-in docs input.
pub fn docs_input() -> PathBuf {
    workspace().join("docs-input")
}
