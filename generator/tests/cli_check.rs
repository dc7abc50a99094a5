//! `docgen check`: passes on a fresh tree, fails on a stale one, and never writes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn docgen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs docgen")
}

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input")
}

/// Every file under `dir` with its bytes, to prove nothing was written.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("reads dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).expect("reads file")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn check_passes_fresh_and_fails_stale_without_writing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let docs = docs();
    let docs = docs.to_str().expect("utf-8");
    let generated = docgen(&["generate", "--docs", docs, "--out", "crate"], tmp.path());
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );

    let fresh = docgen(&["check", "--docs", docs, "--out", "crate"], tmp.path());
    assert_eq!(
        fresh.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    assert!(fresh.stdout.is_empty());

    // A hand edit, a deleted file and a leftover generated file: all three are stale.
    let lib = tmp.path().join("crate/src/lib.rs");
    let edited = fs::read_to_string(&lib).expect("reads") + "// edited by hand\n";
    fs::write(&lib, edited).expect("writes");
    fs::remove_file(tmp.path().join("crate/src/registry.rs")).expect("removes");
    let manifest = tmp.path().join("crate/.docgen-manifest");
    fs::write(
        &manifest,
        fs::read_to_string(&manifest).expect("reads") + "src/gone.rs\n",
    )
    .expect("writes");
    fs::write(tmp.path().join("crate/src/gone.rs"), "// gone\n").expect("writes");
    let before = snapshot(&tmp.path().join("crate"));

    let stale = docgen(&["check", "--docs", docs, "--out", "crate"], tmp.path());
    assert_eq!(stale.status.code(), Some(1));
    let out = String::from_utf8_lossy(&stale.stdout);
    assert!(
        out.contains("--- a/src/lib.rs") && out.contains("-// edited by hand"),
        "{out}"
    );
    assert!(out.contains("missing: src/registry.rs"), "{out}");
    assert!(out.contains("stale: src/gone.rs"), "{out}");
    assert!(
        String::from_utf8_lossy(&stale.stderr).contains("docgen: 3 of "),
        "{}",
        String::from_utf8_lossy(&stale.stderr)
    );
    assert_eq!(
        snapshot(&tmp.path().join("crate")),
        before,
        "check must not write"
    );
}
