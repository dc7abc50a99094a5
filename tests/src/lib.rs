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

/// The corpus folder (`$DOCGEN_CORPUS`, else `../shared/corpus` beside the checkout), or `None`
/// after saying why the calling test skips. With `DOCGEN_REQUIRE_CORPUS=1` (CI) a missing corpus
/// fails the test instead.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("DOCGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("..").join("shared").join("corpus"));
    if dir.join("graph-docs-v1.0").is_dir() {
        return Some(dir);
    }
    let msg = format!("corpus not found at {}", dir.display());
    if std::env::var("DOCGEN_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
        panic!("{msg}, and DOCGEN_REQUIRE_CORPUS=1 makes corpus tests mandatory");
    }
    eprintln!("skipping: {msg} (set DOCGEN_CORPUS to run this test)");
    None
}

pub mod large;
