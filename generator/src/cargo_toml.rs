//! The generated crate's `Cargo.toml`: docgen writes a whole one for a new crate; in an existing
//! one it owns the `[features]` table and adds to `[dependencies]` the crates generated code
//! uses that are missing, leaving every other line as it was.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// What a generated crate depends on besides its runtime (the only crates generated code uses).
const DEPENDENCIES: &str = r#"serde = "1"
serde_json = "1"
"#;

/// The runtime crate's folder: `docgen-runtime` is not published, so a crate depends on the
/// copy beside the source of this docgen.
const RUNTIME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime");

/// Every dependency of generated code, as `[dependencies]` lines: the runtime, then
/// [`DEPENDENCIES`].
fn dependencies() -> String {
    format!(
        "docgen-runtime = {{ path = {} }}\n{DEPENDENCIES}",
        toml_edit::Value::from(RUNTIME)
    )
}

/// The manifest for the crate at `out`: `existing` with its `[features]` replaced by `features`
/// (all on by default), or a new manifest when there is none. `features: None` leaves an existing
/// manifest's features alone.
pub fn manifest(
    out: &Path,
    existing: Option<&str>,
    features: Option<&BTreeMap<String, Vec<String>>>,
) -> Result<String> {
    let path = out.join("Cargo.toml");
    let text = match existing {
        Some(t) => t.to_owned(),
        None => {
            let name: String = out
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let name = name.trim_matches('-');
            let name = if name.is_empty() { "generated" } else { name };
            format!(
                "# Written by docgen for a new crate; edit freely: docgen only updates [features].\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{}",
                dependencies()
            )
        }
    };
    let mut doc: DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| Error::OutputDir {
                path: path.clone(),
                reason: format!("Cargo.toml does not parse: {}", e.message()),
            })?;
    add_dependencies(&mut doc, &path)?;
    let Some(features) = features else {
        return Ok(doc.to_string());
    };
    let mut table = Table::new();
    table
        .decor_mut()
        .set_prefix("\n# One feature per namespace, written by docgen (`docgen generate`).\n");
    let mut default = Array::new();
    for f in features.keys() {
        default.push(f.as_str());
    }
    table.insert("default", value(default));
    for (f, on) in features {
        let mut list = Array::new();
        for o in on {
            list.push(o.as_str());
        }
        table.insert(f, value(list));
    }
    doc.insert("features", Item::Table(table));
    Ok(doc.to_string())
}

/// Adds each crate generated code uses that `[dependencies]` lacks (a crate already listed, in
/// any form, is left as written).
fn add_dependencies(doc: &mut DocumentMut, path: &Path) -> Result<()> {
    let needed: DocumentMut =
        dependencies()
            .parse()
            .map_err(|e: toml_edit::TomlError| Error::OutputDir {
                path: path.to_owned(),
                reason: format!(
                    "docgen's own dependency list does not parse: {}",
                    e.message()
                ),
            })?;
    let deps = doc
        .entry("dependencies")
        .or_insert_with(|| Item::Table(Table::new()));
    let Some(deps) = deps.as_table_like_mut() else {
        return Err(Error::OutputDir {
            path: path.to_owned(),
            reason: "Cargo.toml's `dependencies` is not a table".into(),
        });
    };
    for (name, item) in needed.iter() {
        if !deps.contains_key(name) {
            deps.insert(name, item.clone());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_features_table() {
        let existing = "[package]\nname = \"x\" # keep me\n\n[features]\nold = []\n\n[lints]\nworkspace = true\n";
        let table = BTreeMap::from([
            ("a".to_owned(), vec![]),
            ("b".to_owned(), vec!["a".to_owned()]),
        ]);
        let out = manifest(Path::new("x"), Some(existing), Some(&table)).expect("edits");
        assert!(out.contains("name = \"x\" # keep me"), "{out}");
        assert!(
            out.contains("default = [\"a\", \"b\"]") && out.contains("b = [\"a\"]"),
            "{out}"
        );
        assert!(!out.contains("old = []"), "{out}");
        assert!(out.contains("[lints]\nworkspace = true"), "{out}");
        assert_eq!(
            manifest(Path::new("x"), Some(&out), Some(&table)).expect("edits"),
            out,
            "stable"
        );
    }

    #[test]
    fn adds_missing_dependencies_and_keeps_the_users() {
        let existing = "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1.0.200\" # pinned\nchrono.workspace = true\n";
        let out = manifest(Path::new("x"), Some(existing), None).expect("edits");
        assert!(out.contains("serde = \"1.0.200\" # pinned"), "{out}");
        assert!(out.contains("chrono.workspace = true"), "{out}");
        assert!(
            out.contains("serde_json = \"1\"") && out.contains("docgen-runtime = { path = "),
            "{out}"
        );
        assert_eq!(out.matches("chrono").count(), 1, "{out}");
        let bare =
            manifest(Path::new("x"), Some("[package]\nname = \"x\"\n"), None).expect("edits");
        assert!(
            bare.contains("[dependencies]") && bare.contains("docgen-runtime"),
            "{bare}"
        );
        assert_eq!(
            manifest(Path::new("x"), Some(&out), None).expect("edits"),
            out,
            "stable"
        );
    }

    #[test]
    fn new_crate_gets_a_whole_manifest() {
        let out = manifest(Path::new("/tmp/My Crate"), None, None).expect("writes");
        assert!(
            out.contains("name = \"my-crate\"")
                && out.contains("serde_json = \"1\"")
                && out.contains("docgen-runtime = { path = "),
            "{out}"
        );
        let bad = manifest(Path::new("x"), Some("[package"), Some(&BTreeMap::new()));
        assert!(
            bad.expect_err("bad toml")
                .to_string()
                .contains("Cargo.toml does not parse")
        );
    }
}
