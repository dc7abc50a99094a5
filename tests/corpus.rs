//! The whole public Graph v1.0 reference (July 2021) through every stage, asserting figures.

use docgen::Config;
use docgen::diag::Severity;
use docgen::docs::DocsTree;
use docgen::model::{build, stats::Stats};
use docgen::parse::page::PageKind;
use docgen_tests::corpus;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

#[test]
fn every_page_goes_through() {
    let Some(corpus) = corpus() else { return };
    let tree = DocsTree::load(&corpus.join("graph-docs-v1.0")).expect("corpus loads");
    let pages = tree.parse();
    assert_eq!(
        pages.len(),
        3341,
        "2,102 API pages and 1,239 resource pages"
    );
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for p in &pages {
        *kinds.entry(format!("{:?}", p.kind)).or_default() += 1;
    }
    println!("pages by kind: {kinds:?}");
    // Every API page yields at least one route, except the few whose block holds none.
    let api_pages = pages.iter().filter(|p| p.kind == PageKind::Api).count();
    let without_routes: Vec<&str> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Api && p.routes.is_empty())
        .map(|p| p.path.as_str())
        .collect();
    println!(
        "API pages without a route: {} of {api_pages}: {without_routes:?}",
        without_routes.len()
    );
    assert!(
        without_routes.len() * 100 < api_pages,
        "more than 1% of API pages lost their routes"
    );
    let api = build(&pages);
    let stats = Stats::of(&tree, &pages, &api);
    println!("{}", serde_yaml::to_string(&stats).unwrap_or_default());
    let errors: Vec<String> = api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "no page may lose content: {errors:#?}");
    assert!(
        stats.types > 950 && stats.enums > 300 && stats.operations > 2500,
        "{stats:?}"
    );
}

/// Runs `cargo check` on the crate at `krate` with `args`; the time it took and its stderr.
fn cargo_check(
    krate: &std::path::Path,
    target: &std::path::Path,
    args: &[&str],
) -> (std::time::Duration, String, bool) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let out = Command::new(cargo)
        .args(["check", "--quiet", "--message-format=short"])
        .args(args)
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("runs cargo check");
    (
        started.elapsed(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

/// Generates the whole corpus into a crate of its own under the shared target folder and checks
/// it with cargo: no errors, no warnings; then one namespace feature alone.
#[test]
fn full_corpus_crate_checks_clean() {
    let Some(corpus) = corpus() else { return };
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map(PathBuf::from).expect("target dir");
    let krate = tmp.join("graph-v1-crate");
    // A fresh crate each run: docgen writes its manifest, features included.
    let _ = std::fs::remove_dir_all(&krate);
    let started = Instant::now();
    let mut cfg = Config::new();
    cfg.docs_root(corpus.join("graph-docs-v1.0"))
        .source_label("graph-docs-v1.0")
        .out_dir(&krate)
        .features(true);
    let report = cfg.generate().expect("corpus generates");
    let generation = started.elapsed();
    // The crate lives under the docgen workspace's target folder: make it a workspace of its own,
    // with the workspace's lock file so the dependencies' artifacts are shared.
    let manifest =
        std::fs::read_to_string(krate.join("Cargo.toml")).expect("docgen wrote Cargo.toml");
    assert!(manifest.contains("[features]"), "{manifest}");
    std::fs::write(krate.join("Cargo.toml"), manifest + "\n[workspace]\n")
        .expect("writes Cargo.toml");
    std::fs::copy(
        docgen_tests::workspace().join("Cargo.lock"),
        krate.join("Cargo.lock"),
    )
    .expect("copies Cargo.lock");

    let (all, stderr, ok) = cargo_check(&krate, &target, &[]);
    assert!(ok, "cargo check failed:\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(
        warnings.is_empty(),
        "cargo check warned:\n{}",
        warnings.join("\n")
    );

    let alone = "microsoft_graph_call_records";
    let (one, stderr, ok) = cargo_check(
        &krate,
        &target,
        &["--no-default-features", "--features", alone],
    );
    assert!(ok, "cargo check --features {alone} failed:\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "cargo check --features {alone} warned:\n{stderr}"
    );
    println!(
        "generated {} files in {generation:?}; cargo check took {all:?} with every namespace, {one:?} with {alone} alone",
        report.written.len() + report.unchanged.len()
    );
}
