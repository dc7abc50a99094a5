//! Writing generated files: only inside the output folder, each through a temporary file and a
//! rename, only when its bytes changed; files generated before and no longer produced are
//! removed (known from the manifest), and nothing else is touched. A file docgen did not write
//! (not in the manifest, no `@generated` header) is never overwritten unless asked (`force`).

use crate::codegen::Files;
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The manifest docgen keeps in its output folder: one generated path per line.
pub const MANIFEST: &str = ".docgen-manifest";

/// What a write changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or whose contents changed.
    pub written: Vec<String>,
    /// Files already up to date.
    pub unchanged: Vec<String>,
    /// Files generated before and no longer produced, removed.
    pub removed: Vec<String>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// A generated path must be relative and stay inside the output folder.
fn check_rel(rel: &str, out: &Path) -> Result<()> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(Error::OutputDir {
            path: out.to_owned(),
            reason: format!("refusing to write `{rel}`: not a plain relative path"),
        })
    }
}

/// Whether a file's text says docgen generated it: `@generated` in its first lines.
fn generated_header(path: &Path) -> bool {
    fs::read(path).is_ok_and(|b| {
        let head = &b[..b.len().min(512)];
        memchr::memmem::find(head, b"@generated").is_some()
    })
}

/// Writes `files` under `out`. A file in the way that docgen did not write (not listed in the
/// manifest, no `@generated` header) is an error naming it, unless `force`.
pub fn write_tree(out: &Path, files: &Files, force: bool) -> Result<WriteReport> {
    if out.exists() && !out.is_dir() {
        return Err(Error::OutputDir {
            path: out.to_owned(),
            reason: "output path exists and is not a folder".into(),
        });
    }
    for rel in files.keys() {
        check_rel(rel, out)?;
    }
    fs::create_dir_all(out).map_err(io(out))?;
    let manifest_path = out.join(MANIFEST);
    let before: BTreeSet<String> = match fs::read_to_string(&manifest_path) {
        Ok(s) => s
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect(),
        Err(_) => BTreeSet::new(),
    };
    if !force {
        let foreign: Vec<&str> = files
            .iter()
            .filter(|(rel, contents)| {
                let path = out.join(rel);
                path.exists()
                    && !before.contains(*rel)
                    && !fs::read(&path).is_ok_and(|old| old == contents.as_bytes())
                    && !generated_header(&path)
            })
            .map(|(rel, _)| rel.as_str())
            .collect();
        if !foreign.is_empty() {
            return Err(Error::OutputDir {
                path: out.to_owned(),
                reason: format!(
                    "refusing to overwrite {} that docgen did not write (not in {MANIFEST}, no \
                     `@generated` header): move them away, or pass --force to overwrite them",
                    foreign
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    let mut report = WriteReport::default();
    // Every changed file is written beside its target first, and only once all are written are
    // they renamed into place: a run that fails while writing leaves the previous generation as
    // it was, not half of a new one.
    let mut staged: Vec<(PathBuf, PathBuf, String)> = Vec::new();
    if let Err(e) = stage(out, files, &mut report, &mut staged) {
        for (tmp, _, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (i, (tmp, path, rel)) in staged.iter().enumerate() {
        if let Err(source) = fs::rename(tmp, path) {
            for (tmp, _, _) in &staged[i..] {
                let _ = fs::remove_file(tmp);
            }
            return Err(Error::Io {
                path: path.clone(),
                source,
            });
        }
        report.written.push(rel.clone());
    }
    for rel in before.iter().filter(|r| !files.contains_key(*r)) {
        if check_rel(rel, out).is_err() {
            continue;
        }
        let path = out.join(rel);
        if path.is_file() {
            fs::remove_file(&path).map_err(io(&path))?;
            report.removed.push(rel.clone());
            // Drop folders the removal emptied, up to the output folder.
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == out || fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    let mut manifest = String::from(
        "# Files generated by docgen; it removes them when they are no longer produced.\n",
    );
    for rel in files.keys() {
        manifest.push_str(rel);
        manifest.push('\n');
    }
    if fs::read_to_string(&manifest_path).ok().as_deref() != Some(manifest.as_str()) {
        write_atomic(&manifest_path, manifest.as_bytes())?;
    }
    Ok(report)
}

/// Writes each file of `files` whose bytes changed to its temporary path, listing it in `staged`
/// (temporary path, target, relative path) before writing so a failure can remove it.
fn stage(
    out: &Path,
    files: &Files,
    report: &mut WriteReport,
    staged: &mut Vec<(PathBuf, PathBuf, String)>,
) -> Result<()> {
    for (rel, contents) in files {
        let path = out.join(rel);
        if fs::read(&path).is_ok_and(|old| old == contents.as_bytes()) {
            report.unchanged.push(rel.clone());
            continue;
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let tmp = temporary(&path);
        staged.push((tmp.clone(), path, rel.clone()));
        fs::write(&tmp, contents.as_bytes()).map_err(io(&tmp))?;
    }
    Ok(())
}

/// The temporary file a write to `path` goes through, beside it.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.docgen-tmp"))
}

/// Writes `bytes` to `path` (atomically) unless the file already holds them; says whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    write_atomic(path, bytes)?;
    Ok(true)
}

/// Write to a temporary file beside the target, then rename over it: readers never see half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temporary(path);
    fs::write(&tmp, bytes).map_err(io(&tmp))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::Io {
            path: path.to_owned(),
            source: e,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(version: &str) -> Files {
        ["src/a.rs", "src/m/b.rs", "src/z.rs"]
            .into_iter()
            .map(|f| (f.to_owned(), format!("// {version}\n")))
            .collect()
    }

    /// A file docgen did not write is left alone unless forced; one it wrote is replaced.
    #[test]
    fn foreign_files_are_not_overwritten_unless_forced() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        fs::create_dir_all(out.join("src")).expect("mkdir");
        fs::write(out.join("src/a.rs"), "// the user's own code\n").expect("write");
        let err = write_tree(&out, &files("v1"), false).expect_err("refuses");
        assert!(err.to_string().contains("`src/a.rs`"), "{err}");
        assert!(err.to_string().contains("--force"), "{err}");
        let kept = fs::read_to_string(out.join("src/a.rs")).expect("read");
        assert_eq!(kept, "// the user's own code\n");
        assert!(
            !out.join("src/z.rs").exists(),
            "nothing is written when one file is refused"
        );
        // A file with docgen's header (a manifest lost) is docgen's.
        fs::write(out.join("src/a.rs"), "// @generated by docgen\n").expect("write");
        write_tree(&out, &files("v1"), false).expect("its own file");
        fs::write(out.join("src/new.rs"), "mine\n").expect("write");
        let mut more = files("v2");
        more.insert("src/new.rs".into(), "// v2\n".into());
        assert!(write_tree(&out, &more, false).is_err());
        write_tree(&out, &more, true).expect("forced");
        assert_eq!(
            fs::read_to_string(out.join("src/new.rs")).expect("read"),
            "// v2\n"
        );
    }

    /// A write that fails part way (here the last file's temporary path is taken by a folder)
    /// leaves every file of the previous generation as it was, and no temporary file behind.
    #[test]
    fn a_failed_write_leaves_the_previous_generation_whole() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        write_tree(&out, &files("v1"), false).expect("first write");
        let blocker = out.join("src/.z.rs.docgen-tmp");
        fs::create_dir_all(blocker.join("x")).expect("mkdir");
        assert!(write_tree(&out, &files("v2"), false).is_err());
        for f in files("v1").keys() {
            assert_eq!(
                fs::read_to_string(out.join(f)).expect("reads"),
                "// v1\n",
                "{f}"
            );
        }
        for dir in [out.join("src"), out.join("src/m")] {
            let leftovers: Vec<_> = fs::read_dir(&dir)
                .expect("reads")
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".docgen-tmp") && !n.starts_with(".z.rs"))
                .collect();
            assert!(leftovers.is_empty(), "{leftovers:?}");
        }
        fs::remove_dir_all(&blocker).expect("rm");
        let report = write_tree(&out, &files("v2"), false).expect("second write");
        assert_eq!(report.written.len(), 3);
        assert_eq!(
            fs::read_to_string(out.join("src/z.rs")).expect("reads"),
            "// v2\n"
        );
    }
}
