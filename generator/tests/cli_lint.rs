//! `docgen lint` as a command: formats, `--deny`, `--explain`, config discovery, baselines and
//! exit codes (0 clean, 1 findings at or above `--deny`, 2 usage or I/O error).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn docgen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs docgen")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("lint")
        .join("docs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A docs tree of the fixture resources, a clean API page and the named fixture pages, in a
/// temporary folder.
fn tree(pages: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = fixtures();
    for dir in ["api", "resources", "includes/permissions"] {
        fs::create_dir_all(tmp.path().join(dir)).expect("mkdir");
    }
    for name in ["entity.md", "widget.md", "enums.md"] {
        let from = src.join("resources").join(name);
        fs::copy(&from, tmp.path().join("resources").join(name)).expect("copy resource");
    }
    // The widget page links this one.
    let linked = "api/todo-placeholder-clean.md";
    for page in pages.iter().chain([&linked]) {
        fs::copy(src.join(page), tmp.path().join(page)).expect("copy page");
    }
    tmp
}

fn docs_arg(t: &tempfile::TempDir) -> String {
    t.path().to_str().expect("utf-8 path").to_owned()
}

#[test]
fn clean_tree_exits_0_and_says_so() {
    let t = tree(&[]);
    let o = docgen(&["lint", "--docs", &docs_arg(&t)], t.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "no findings\n");
}

#[test]
fn deny_sets_the_severity_that_fails() {
    // One note (heading-case) and nothing else.
    let t = tree(&["api/heading-case.md"]);
    let docs = docs_arg(&t);
    let human = docgen(&["lint", "--docs", &docs], t.path());
    assert_eq!(
        human.status.code(),
        Some(0),
        "a note does not fail by default"
    );
    // Notes are hidden by default, and counted.
    assert_eq!(
        stdout(&human),
        "no findings\n1 note hidden (`--severity note` shows them)\n"
    );
    let notes = docgen(&["lint", "--docs", &docs, "--severity", "note"], t.path());
    assert_eq!(notes.status.code(), Some(0));
    let text = stdout(&notes);
    assert!(
        text.contains("note[heading-case]: heading `HTTP Request`")
            && text.contains("--> api/heading-case.md:26:1")
            && text.contains("26 | ## HTTP Request")
            && !text.contains("hidden"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    // What fails the run is shown.
    let strict = docgen(&["lint", "--docs", &docs, "--deny", "note"], t.path());
    assert_eq!(strict.status.code(), Some(1));
    assert!(stdout(&strict).contains("note[heading-case]"));
    // A warning fails by default and passes `--deny error`.
    let t = tree(&["api/empty-description.md"]);
    let docs = docs_arg(&t);
    assert_eq!(
        docgen(&["lint", "--docs", &docs], t.path()).status.code(),
        Some(1)
    );
    let lenient = docgen(&["lint", "--docs", &docs, "--deny", "error"], t.path());
    assert_eq!(lenient.status.code(), Some(0), "{}", stdout(&lenient));
}

#[test]
fn machine_formats() {
    let t = tree(&["api/placeholder-value.md", "api/todo-placeholder.md"]);
    let docs = docs_arg(&t);
    let json = docgen(&["lint", "--docs", &docs, "--format", "json"], t.path());
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"placeholder-value") && rules.contains(&"todo-placeholder"));
    assert_eq!(v["summary"]["by_rule"]["placeholder-value"]["findings"], 2);

    let sarif = docgen(&["lint", "--docs", &docs, "--format", "sarif"], t.path());
    let v: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF output");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(
        v["runs"][0]["results"].as_array().map(Vec::len),
        Some(rules.len())
    );

    let github = docgen(&["lint", "--docs", &docs, "--format", "github"], t.path());
    let text = stdout(&github);
    assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
    assert!(
        text.contains("file=api/placeholder-value.md,line=72,col=18"),
        "paths relative to the folder it runs in: {text}"
    );
}

#[test]
fn explain_prints_a_rule_and_rejects_unknown_ones() {
    let here = std::env::temp_dir();
    let o = docgen(&["lint", "--explain", "status-mismatch"], &here);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.starts_with("status-mismatch  (default severity: warning)"),
        "{text}"
    );
    assert!(text.contains("fix: "), "{text}");
    let o = docgen(&["lint", "--explain", "status-mismatches"], &here);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown rule `status-mismatches`; did you mean `status-mismatch`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let t = tree(&[]);
    let docs = docs_arg(&t);
    let missing = t.path().join("nowhere");
    let o = docgen(
        &["lint", "--docs", missing.to_str().expect("utf-8")],
        t.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
    let o = docgen(&["lint", "--docs", &docs, "--format", "xml"], t.path());
    assert_eq!(o.status.code(), Some(2));
    let o = docgen(
        &["lint", "--docs", &docs, "--baseline", "absent.json"],
        t.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("absent.json"), "{}", stderr(&o));
}

#[test]
fn config_at_the_docs_root_is_found_and_checked() {
    let t = tree(&["api/empty-description.md"]);
    let docs = docs_arg(&t);
    fs::write(
        t.path().join("docgen.toml"),
        "[lint.rules]\nempty-description = \"note\"\n",
    )
    .expect("writes config");
    let o = docgen(&["lint", "--docs", &docs], t.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 note hidden"), "{}", stdout(&o));
    // `severity = "note"` in the config shows notes.
    fs::write(
        t.path().join("docgen.toml"),
        "[lint]\nseverity = \"note\"\n[lint.rules]\nempty-description = \"note\"\n",
    )
    .expect("writes config");
    let o = docgen(&["lint", "--docs", &docs], t.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("note[empty-description]"),
        "{}",
        stdout(&o)
    );
    // An explicit config wins; a broken one is a usage error naming line and column.
    let bad = t.path().join("bad.toml");
    fs::write(&bad, "[lint]\nexclude = 3\n").expect("writes config");
    let o = docgen(
        &[
            "lint",
            "--docs",
            &docs,
            "--config",
            bad.to_str().expect("utf-8"),
        ],
        t.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.toml:2:"), "{}", stderr(&o));
    let off = t.path().join("off.toml");
    fs::write(&off, "[lint]\nexclude = [\"api/*.md\"]\n").expect("writes config");
    let o = docgen(
        &[
            "lint",
            "--docs",
            &docs,
            "--config",
            off.to_str().expect("utf-8"),
        ],
        t.path(),
    );
    assert_eq!(stdout(&o), "no findings\n");
}

#[test]
fn baseline_lets_a_legacy_tree_adopt_the_linter() {
    let t = tree(&["api/placeholder-value.md"]);
    let docs = docs_arg(&t);
    let baseline = t.path().join("lint-baseline.json");
    let b = baseline.to_str().expect("utf-8");
    let o = docgen(&["lint", "--docs", &docs, "--write-baseline", b], t.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("recorded 2 findings"), "{}", stderr(&o));
    let o = docgen(&["lint", "--docs", &docs, "--baseline", b], t.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Moving the findings down the page does not make them new.
    let page = t.path().join("api/placeholder-value.md");
    let text = fs::read_to_string(&page).expect("reads page");
    let moved = text.replace("## Permissions", "Some more prose.\n\n## Permissions");
    fs::write(&page, &moved).expect("writes page");
    let o = docgen(&["lint", "--docs", &docs, "--baseline", b], t.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A new placeholder is.
    let worse = moved
        .replace("\"Right-handed sprocket\"", "\"String\"")
        .replace("\"id\": \"42\"", "\"id\": \"Guid\"");
    fs::write(&page, worse).expect("writes page");
    let o = docgen(&["lint", "--docs", &docs, "--baseline", b], t.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("`\"Guid\"` of `id`"), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 finding "), "{}", stdout(&o));
    fs::write(&baseline, "{ not json").expect("writes");
    let o = docgen(&["lint", "--docs", &docs, "--baseline", b], t.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn metadata_drift_against_a_metadata_file() {
    let drift = fixtures().join("..").join("drift");
    let docs = drift.join("docs");
    let o = docgen(
        &[
            "lint",
            "--docs",
            "docs",
            "--metadata",
            "metadata.xml",
            "--format",
            "github",
        ],
        &drift,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.matches("title=metadata-drift").count(), 5, "{out}");
    // Paths are relative to the repository root, the metadata document's included.
    assert!(
        out.contains("file=tests/lint/drift/metadata.xml,line=18,"),
        "{out}"
    );
    assert!(
        out.contains("file=tests/lint/drift/docs/resources/gadget.md,line=22,"),
        "{out}"
    );
    let clean = docgen(
        &[
            "lint",
            "--docs",
            docs.to_str().expect("utf-8"),
            "--metadata",
            "metadata-clean.xml",
        ],
        &drift,
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    // A metadata file that is missing or not CSDL: one line naming it, exit 2.
    for bad in ["missing.xml", "docs/resources/gadget.md"] {
        let o = docgen(&["lint", "--docs", "docs", "--metadata", bad], &drift);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(bad.rsplit('/').next().unwrap_or(bad)), "{err}");
    }
}

/// The files the JSON findings name, deduplicated, in order.
fn files_of(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let mut files: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["file"].as_str().map(str::to_owned))
        .collect();
    files.dedup();
    files
}

#[test]
fn paths_like_every_linter() {
    let t = tree(&["api/heading-case.md", "api/todo-placeholder.md"]);
    let all = docgen(
        &["lint", "--format", "json", "--severity", "note"],
        t.path(),
    );
    assert_eq!(
        files_of(&all),
        ["api/heading-case.md", "api/todo-placeholder.md"],
        "inside a docs tree, no argument lints all of it: {}",
        stderr(&all)
    );
    // A page named from inside the tree: the root is found above it, the report is its own.
    let api = t.path().join("api");
    let one = docgen(
        &[
            "lint",
            "heading-case.md",
            "--format",
            "json",
            "--severity",
            "note",
        ],
        &api,
    );
    assert_eq!(files_of(&one), ["api/heading-case.md"], "{}", stderr(&one));
    assert_eq!(one.status.code(), Some(0), "a note does not fail");
    // A folder: every page under it.
    let folder = docgen(
        &[
            "lint",
            "resources",
            "--format",
            "json",
            "--severity",
            "note",
        ],
        t.path(),
    );
    assert_eq!(
        files_of(&folder),
        Vec::<String>::new(),
        "{}",
        stderr(&folder)
    );
    let folder = docgen(
        &["lint", ".", "--format", "json", "--severity", "note"],
        &api,
    );
    assert_eq!(files_of(&folder).len(), 2, "{}", stderr(&folder));
    // A path that does not exist, or lies in no docs tree, says so.
    let o = docgen(&["lint", "absent.md"], &api);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("absent.md: no such file or folder"),
        "{}",
        stderr(&o)
    );
    let outside = tempfile::tempdir().expect("tempdir");
    fs::write(outside.path().join("page.md"), "# page\n").expect("write");
    let o = docgen(&["lint", "page.md"], outside.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("page.md: no docs root at or above it")
            && stderr(&o).contains("--docs DIR"),
        "{}",
        stderr(&o)
    );
    // No argument and no docs tree here: how to name one.
    let o = docgen(&["lint"], outside.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no docs folder") && stderr(&o).contains("docgen lint path/to/docs"),
        "{}",
        stderr(&o)
    );
    // `model`, `generate` and `check` take the folder positionally too.
    let docs = docs_arg(&t);
    let o = docgen(
        &["model", &docs, "--stats", "--format", "json"],
        outside.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = outside.path().join("crate");
    let out = out.to_str().expect("utf-8");
    let o = docgen(&["generate", &docs, "--out", out], outside.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = docgen(&["check", &docs, "--out", out], outside.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = docgen(&["model", &docs, "--docs", &docs], outside.path());
    assert_eq!(o.status.code(), Some(2), "one folder, named once");
}

#[test]
fn changed_since_reports_the_pages_git_says_changed() {
    let t = tree(&["api/heading-case.md", "api/todo-placeholder.md"]);
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args([
                "-c",
                "user.name=fixture",
                "-c",
                "user.email=fixture@example.com",
            ])
            .args(args)
            .current_dir(t.path())
            .output()
            .expect("runs git");
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "pages"]);
    let o = docgen(
        &[
            "lint",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
            "--severity",
            "note",
        ],
        t.path(),
    );
    assert_eq!(files_of(&o), Vec::<String>::new(), "{}", stderr(&o));
    let page = t.path().join("api/heading-case.md");
    let text = fs::read_to_string(&page).expect("read");
    fs::write(&page, text + "\nOne more line.\n").expect("write");
    let o = docgen(
        &[
            "lint",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
            "--severity",
            "note",
        ],
        t.path(),
    );
    assert_eq!(files_of(&o), ["api/heading-case.md"], "{}", stderr(&o));
    let o = docgen(&["lint", "--changed-since", "no-such-ref"], t.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--changed-since no-such-ref"),
        "{}",
        stderr(&o)
    );
}

/// (rule, fingerprint subject) of every finding on one page.
fn findings_on(t: &tempfile::TempDir, page: &str) -> Vec<(String, String)> {
    let o = docgen(
        &[
            "lint",
            "--docs",
            &docs_arg(t),
            "--format",
            "json",
            "--deny",
            "error",
            "--severity",
            "note",
        ],
        t.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == page)
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["subject"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The model as JSON, without its diagnostics and without `except` (what a fix may change).
fn model_without(t: &tempfile::TempDir, except: &[&str]) -> serde_json::Value {
    let o = docgen(&["model", &docs_arg(t), "--format", "json"], t.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON model");
    let m = v.as_object_mut().expect("an object");
    m.remove("diagnostics");
    for k in except {
        m.remove(*k);
    }
    v
}

#[test]
fn fix_leaves_fewer_findings_no_new_ones_and_the_model_as_it_was() {
    // (page, rule fixed, whether the fix is safe, model keys the fix may change)
    let cases: &[(&str, &str, bool, &[&str])] = &[
        ("api/heading-case.md", "heading-case", true, &[]),
        ("api/missing-annotation.md", "missing-annotation", true, &[]),
        ("api/invalid-json.md", "invalid-json", true, &[]),
        ("api/invalid-annotation.md", "invalid-annotation", true, &[]),
        ("api/broken-link.md", "broken-link", true, &[]),
        ("api/backslash-link.md", "broken-link", true, &[]),
        // A misspelt section heading, once spelt right, is read as that section.
        (
            "api/missing-section.md",
            "missing-section",
            false,
            &["operations"],
        ),
    ];
    for &(page, rule, safe, may_change) in cases {
        let backslash = page == "api/backslash-link.md";
        let t = tree(if backslash {
            &[]
        } else {
            std::slice::from_ref(&page)
        });
        if backslash {
            let text = fs::read_to_string(fixtures().join("api/heading-case-clean.md"))
                .expect("read")
                .replace("(../resources/widget.md)", "(..\\resources\\widget.md)");
            fs::write(t.path().join(page), text).expect("write");
        }
        let before = findings_on(&t, page);
        let model_before = model_without(&t, may_change);
        assert!(
            before.iter().any(|(r, _)| r == rule),
            "{page}: the fixture has no {rule} finding: {before:?}"
        );
        // Safe fixes alone; then the unsafe ones.
        let o = docgen(&["lint", "--docs", &docs_arg(&t), "--fix"], t.path());
        assert!(stderr(&o).contains("docgen: fixed"), "{}", stderr(&o));
        let after_safe = findings_on(&t, page);
        if safe {
            assert!(after_safe.len() < before.len(), "{page}: {after_safe:?}");
        } else {
            assert_eq!(
                after_safe, before,
                "{page}: an unsafe fix needs --unsafe-fixes"
            );
        }
        let o = docgen(
            &["lint", "--docs", &docs_arg(&t), "--fix", "--unsafe-fixes"],
            t.path(),
        );
        assert!(stderr(&o).contains("docgen: fixed"), "{}", stderr(&o));
        let after = findings_on(&t, page);
        assert!(after.len() < before.len(), "{page}: {before:?} → {after:?}");
        for f in &after {
            assert!(
                before.contains(f),
                "{page}: the fix made a new finding {f:?}"
            );
        }
        assert_eq!(
            model_without(&t, may_change),
            model_before,
            "{page}: the fix changed the model"
        );
        // Nothing left to fix: a preview is empty and exits 0.
        let o = docgen(
            &["lint", "--docs", &docs_arg(&t), "--diff", "--unsafe-fixes"],
            t.path(),
        );
        assert_eq!(o.status.code(), Some(0), "{page}: {}", stdout(&o));
    }
}

#[test]
fn diff_previews_and_changes_nothing() {
    let t = tree(&["api/heading-case.md"]);
    let page = t.path().join("api/heading-case.md");
    let text = fs::read_to_string(&page).expect("read");
    let o = docgen(&["lint", "--docs", &docs_arg(&t), "--diff"], t.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("-## HTTP Request\n+## HTTP request\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(fs::read_to_string(&page).expect("read"), text);
}

#[test]
fn list_rules_and_explain_say_which_rules_fix() {
    let here = std::env::temp_dir();
    let o = docgen(&["lint", "--list-rules"], &here);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert_eq!(text.lines().count(), docgen::lint::RULES.len(), "{text}");
    let heading = text
        .lines()
        .find(|l| l.starts_with("heading-case "))
        .expect("heading-case listed");
    assert!(
        heading.contains(" note ") && heading.contains(" fix "),
        "{heading}"
    );
    let o = docgen(&["lint", "--explain", "heading-case"], &here);
    assert!(stdout(&o).contains("--fix: safe"), "{}", stdout(&o));
    let o = docgen(&["lint", "--explain", "nonesuch-rule"], &here);
    assert!(
        stderr(&o).contains("docgen lint --list-rules"),
        "{}",
        stderr(&o)
    );
}
