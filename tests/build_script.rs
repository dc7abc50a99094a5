//! The build-script workflow: the example crate's `build.rs` runs when a page changes and not
//! otherwise, and a rerun that produces the same code does not rewrite it.

use docgen_tests::{docs_input, workspace};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const PACKAGE: &str = "docgen-example-build-script";

/// Builds the example crate; whether its build script ran, and its `OUT_DIR`.
fn build(target: &Path) -> (bool, Option<PathBuf>) {
    let (ran, out_dir, _) = build_logged(target);
    (ran, out_dir)
}

/// [`build`], with cargo's standard error.
fn build_logged(target: &Path) -> (bool, Option<PathBuf>, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "-v", "--message-format=json", "-p", PACKAGE])
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("runs cargo build");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build failed:\n{stderr}");
    // `cargo -v` names every command it runs; a fresh build script is not run.
    let ran = stderr.lines().any(|l| {
        l.trim_start().starts_with("Running")
            && l.contains(PACKAGE)
            && l.contains("build-script-build")
    });
    let out_dir = String::from_utf8_lossy(&out.stdout).lines().find_map(|l| {
        let v: serde_json::Value = serde_json::from_str(l).ok()?;
        (v["reason"] == "build-script-executed" && v["package_id"].as_str()?.contains(PACKAGE))
            .then(|| PathBuf::from(v["out_dir"].as_str().unwrap_or_default()))
    });
    (ran, out_dir, stderr.into_owned())
}

#[test]
fn build_script_reruns_only_when_a_page_changes() {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map(PathBuf::from).expect("target dir");
    build(&target);
    let (ran, out_dir) = build(&target);
    assert!(!ran, "nothing changed, yet the build script ran");
    let generated = out_dir.expect("OUT_DIR reported").join("docgen.rs");
    let written = std::fs::metadata(&generated)
        .and_then(|m| m.modified())
        .expect("docgen.rs exists");

    // Touch one page: same bytes, newer time.
    let page = docs_input().join("api/threatassessmentrequest-get.md");
    let file = std::fs::File::options()
        .append(true)
        .open(&page)
        .expect("opens page");
    file.set_modified(SystemTime::now()).expect("touches page");
    drop(file);
    let (ran, _, log) = build_logged(&target);
    assert!(ran, "a page changed, yet the build script did not run");
    // The docs' findings at warning or above reach the build's user as cargo warnings, located.
    assert!(
        log.contains(&format!("warning: {PACKAGE}@"))
            && log.contains("[todo-placeholder]: ")
            && log.contains("more findings at warning or above; `docgen lint "),
        "{log}"
    );
    let rewritten = std::fs::metadata(&generated)
        .and_then(|m| m.modified())
        .expect("docgen.rs exists");
    assert_eq!(
        written, rewritten,
        "the same code must not be written again"
    );
}
