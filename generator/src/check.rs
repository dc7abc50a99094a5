//! Freshness: generated files in memory against an output folder on disk. Never writes, so a
//! check cannot pass by regenerating first.

use crate::codegen::Files;
use crate::output::MANIFEST;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// How one file on disk differs from what generation produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Stale {
    /// The file's contents differ; `diff` is a unified diff from disk to generated.
    Changed {
        /// Path relative to the output folder.
        path: String,
        /// Unified diff, disk (`a/`) to generated (`b/`).
        diff: String,
    },
    /// Generation produces the file but it is not on disk.
    Missing {
        /// Path relative to the output folder.
        path: String,
    },
    /// docgen generated the file before (it is in the manifest) but no longer produces it.
    Removed {
        /// Path relative to the output folder.
        path: String,
    },
}

impl Stale {
    /// The path the entry is about.
    pub fn path(&self) -> &str {
        match self {
            Stale::Changed { path, .. } | Stale::Missing { path } | Stale::Removed { path } => path,
        }
    }
}

/// A unified diff of one file (`a/rel` → `b/rel`), three lines of context.
pub fn unified_diff(rel: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{rel}"), &format!("b/{rel}"))
        .to_string()
}

/// Compares `files` with what is in `out`; empty when the folder is fresh.
pub fn stale(out: &Path, files: &Files) -> Vec<Stale> {
    let mut found = Vec::new();
    for (rel, contents) in files {
        match fs::read(out.join(rel)) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(bytes) => {
                let old = String::from_utf8_lossy(&bytes);
                let diff = unified_diff(rel, &old, contents);
                found.push(Stale::Changed {
                    path: rel.clone(),
                    diff,
                });
            }
            Err(_) => found.push(Stale::Missing { path: rel.clone() }),
        }
    }
    let listed: BTreeSet<String> = fs::read_to_string(out.join(MANIFEST))
        .map(|m| {
            m.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    for rel in listed {
        if !files.contains_key(&rel) && out.join(&rel).is_file() {
            found.push(Stale::Removed { path: rel });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_changed_missing_and_removed_files() {
        let dir = std::env::temp_dir().join(format!("docgen-check-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("src")).expect("mkdir");
        fs::write(dir.join("src/a.rs"), "fn a() {}\n").expect("write");
        fs::write(dir.join("src/old.rs"), "// old\n").expect("write");
        fs::write(dir.join(MANIFEST), "src/a.rs\nsrc/old.rs\n").expect("write");
        let mut files = Files::new();
        files.insert("src/a.rs".into(), "fn a() {}\nfn b() {}\n".into());
        files.insert("src/new.rs".into(), "// new\n".into());
        let s = stale(&dir, &files);
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(s.len(), 3, "{s:?}");
        let Stale::Changed { diff, .. } = &s[0] else {
            panic!("expected a change first: {s:?}");
        };
        assert!(
            diff.contains("--- a/src/a.rs") && diff.contains("+fn b() {}"),
            "{diff}"
        );
        assert_eq!(
            s[1],
            Stale::Missing {
                path: "src/new.rs".into()
            }
        );
        assert_eq!(
            s[2],
            Stale::Removed {
                path: "src/old.rs".into()
            }
        );
    }
}
